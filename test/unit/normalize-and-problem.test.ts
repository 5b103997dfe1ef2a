import { describe, expect, it } from "vitest";
import { z } from "zod";
import { normalizeEmail, normalizePhone } from "../../lambdas/core/shared/normalize.js";
import { NotFoundError, ValidationError } from "../../lambdas/core/shared/errors.js";
import { problemFor } from "../../lambdas/core/shared/problem.js";
import { GenericApplicationWebhook } from "../../lambdas/core/intake/webhook-payload.js";
import { rolesFromClaims } from "../../lambdas/core/access/roles.js";

describe("normalization", () => {
  it("reads a bare 11-digit mobile as +86", () => expect(normalizePhone("138 0013 8000")).toBe("+8613800138000"));
  it("keeps an explicit country code", () => expect(normalizePhone("+1 (206) 555-0142")).toBe("+12065550142"));
  it("accepts the 00 international prefix", () => expect(normalizePhone("0086 13800138000")).toBe("+8613800138000"));
  it("refuses something too short to be a phone", () => expect(normalizePhone("12345")).toBeUndefined());
  it("lower-cases and trims emails", () => expect(normalizeEmail("  A.B@Example.COM ")).toBe("a.b@example.com"));
});

describe("problem mapping", () => {
  it("maps a ZodError to 400 with each field path", () => {
    const r = GenericApplicationWebhook.safeParse({ event: "application.created", candidate: { name: "" }, application: {} });
    const p = problemFor(r.error);
    expect(p.status).toBe(400);
    expect(p.errors?.map((e) => e.path)).toEqual(expect.arrayContaining(["candidate.name", "candidate.email", "application.requisitionId"]));
  });
  it("passes ValidationError issues through", () => {
    const p = problemFor(new ValidationError("bad", [{ path: "candidate.phone", message: "x", code: "invalid_phone" }]));
    expect(p).toMatchObject({ status: 400, code: "validation-failed", errors: [{ path: "candidate.phone" }] });
  });
  it("never shows the message of an unexpected error", () => {
    expect(problemFor(new Error("secret internals"))).toEqual({ type: "/problems/internal", title: "Internal error", status: 500, code: "internal" });
  });
  it("uses a domain error's own code when it has one", () => {
    expect(problemFor(new NotFoundError("x", { code: "unknown-source" })).code).toBe("unknown-source");
  });
  it("rejects unknown fields in the webhook body, naming them", () => {
    const r = GenericApplicationWebhook.safeParse({ event: "application.created", candidate: { name: "a", email: "a@b.co" }, application: { requisitionId: "r" }, extra: 1 });
    expect(problemFor(r.error).errors?.[0]).toMatchObject({ code: "unrecognized_keys" });
  });
});

describe("roles from Cognito claims", () => {
  it("reads API Gateway's flattened array form", () => expect(rolesFromClaims({ "cognito:groups": "[admin recruiter]" })).toEqual(["admin", "recruiter"]));
  it("reads a real array and drops unknown groups", () => expect(rolesFromClaims({ "cognito:groups": ["executive", "intern"] })).toEqual(["executive"]));
  it("gives no roles without the claim", () => expect(rolesFromClaims({})).toEqual([]));
  it("accepts zod-parsed input", () => expect(z.array(z.string()).parse(rolesFromClaims({ "cognito:groups": "[hiring-manager]" }))).toEqual(["hiring-manager"]));
});
