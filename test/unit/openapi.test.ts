// The OpenAPI document as a contract: every route of the table is in it with its roles, the committed files
// are what the table builds today, examples are valid requests, and every problem code resolves.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { httpRoutes, pathParamNames, routeKey } from "../../lib/http-routes.js";
import { LOCAL_OPENAPI_FILE, OPENAPI_FILE, apiDocument, localDocument, serialize } from "../../lib/openapi/documents.js";
import { openApiPath, type DocumentedRoute } from "../../lib/openapi/openapi-document.js";
import { REQUEST_EXAMPLES } from "../../lib/openapi/examples.js";
import { WEBHOOK_SOURCES } from "../../lib/openapi/webhook-sources.js";
import { localRoutes } from "../../lib/openapi/local-routes.js";
import { webhookSources } from "../../lambdas/core/intake/webhook-intake.js";
import { PROBLEM_TYPES } from "../../lambdas/core/shared/problem-types.js";
import { zodIssues } from "../../lambdas/core/shared/problem.js";
import { TalentChange } from "../../lambdas/core/talent/talent.js";
import * as z from "zod";

type Operation = { operationId: string; "x-roles"?: string[]; "x-auth": string; parameters?: Array<{ name: string; in: string }>; requestBody?: unknown; responses: Record<string, unknown> };
const committed = JSON.parse(readFileSync(OPENAPI_FILE, "utf8")) as { paths: Record<string, Record<string, Operation>> };

describe("the OpenAPI document", () => {
  it("is committed as the route table builds it today (run `npm run openapi` after changing a route or schema)", () => {
    expect(readFileSync(OPENAPI_FILE, "utf8"), "lib/openapi/openapi.json is stale: run npm run openapi").toBe(serialize(apiDocument()));
    expect(readFileSync(LOCAL_OPENAPI_FILE, "utf8"), "lib/openapi/local.openapi.json is stale: run npm run openapi").toBe(serialize(localDocument()));
  });

  it("has every route of the table, with its roles, path parameters, body and a problem answer for each refusal", () => {
    const documented = Object.entries(committed.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(httpRoutes.map((r) => `${r.method} ${openApiPath(r.path)}`).sort());
    for (const route of httpRoutes) {
      const op = committed.paths[openApiPath(route.path)]![route.method.toLowerCase()]!;
      expect(op.operationId, routeKey(route)).toBe(route.operationId);
      expect(op["x-auth"], routeKey(route)).toBe(route.auth);
      if (route.auth === "jwt" || route.auth === "console-session") expect(op["x-roles"], routeKey(route)).toEqual(route.roles === "signed-in" ? ["signed-in"] : [...route.roles]);
      expect(op.parameters?.filter((p) => p.in === "path").map((p) => p.name) ?? [], routeKey(route)).toEqual(pathParamNames(route.path));
      expect(Boolean(op.requestBody), routeKey(route)).toBe(Boolean(route.body));
      expect(op.responses["400"], routeKey(route)).toBeDefined();
      if (route.auth === "jwt") expect(Object.keys(op.responses), routeKey(route)).toEqual(expect.arrayContaining(["401", ...(route.roles === "signed-in" ? [] : ["403"])]));
      if (route.body) expect(op.responses["415"], routeKey(route)).toBeDefined();
    }
  });

  it("fails the comparison when a route is missing from the document", () => {
    const withoutOne = apiDocument() as { paths: Record<string, Record<string, unknown>> };
    delete withoutOne.paths["/hr/candidates"]!.get;
    expect(serialize(withoutOne)).not.toBe(readFileSync(OPENAPI_FILE, "utf8"));
  });

  it("has examples that are valid requests for their routes", () => {
    const byOperation = new Map<string, DocumentedRoute>([...httpRoutes, ...localRoutes].map((r) => [r.operationId, r]));
    expect(Object.keys(REQUEST_EXAMPLES).length).toBeGreaterThan(40);
    for (const [operationId, example] of Object.entries(REQUEST_EXAMPLES)) {
      const route = byOperation.get(operationId);
      expect(route, `${operationId} is an example of no route`).toBeDefined();
      const key = `${operationId} (${routeKey(route!)})`;
      if (route!.params) expect(route!.params.safeParse(example.params ?? {}).error?.issues, key).toBeUndefined();
      for (const name of pathParamNames(route!.path)) expect(example.params?.[name], `${key} example names {${name}}`).toBeTruthy();
      if (route!.query) expect(route!.query.safeParse(example.query ?? {}).error?.issues, key).toBeUndefined();
      if (route!.body?.type === "json" || route!.body?.type === "form") expect(route!.body.schema.safeParse(example.body ?? {}).error?.issues, key).toBeUndefined();
      if (route!.body?.type === "raw" && route!.body.schema) expect(route!.body.schema.safeParse(example.body).error?.issues, key).toBeUndefined();
    }
  });

  it("has an example for every HR API route that takes a body", () => {
    const missing = httpRoutes.filter((r) => r.auth === "jwt" && r.body?.type === "json" && !REQUEST_EXAMPLES[r.operationId]).map((r) => r.operationId);
    expect(missing).toEqual([]);
  });

  it("describes the signature scheme of every webhook source the intake accepts", () => {
    expect(WEBHOOK_SOURCES.map((s) => s.source).sort()).toEqual([...webhookSources].sort());
  });

  it("lists every problem code with a page of its own", () => {
    const text = readFileSync(OPENAPI_FILE, "utf8");
    for (const code of Object.keys(PROBLEM_TYPES)) expect(text, code).toContain(`(/problems/${code})`);
  });
});

describe("field errors of a union", () => {
  it("names the discriminator and its allowed values when the input picks no branch", () => {
    const issues = zodIssues(TalentChange.safeParse({ type: "nope" }).error!);
    expect(issues).toEqual([expect.objectContaining({ path: "type", code: "invalid_union_discriminator", discriminator: "type", allowed: expect.arrayContaining(["status", "note", "consent"]) })]);
    expect(issues[0]!.message).toContain("`type` must be one of: status, tags");
  });

  it("reports the chosen branch's own fields when the discriminator is right", () => {
    expect(zodIssues(TalentChange.safeParse({ type: "status", status: "contacted" }).error!)).toEqual([expect.objectContaining({ path: "reason" })]);
  });

  it("names the options of a z.discriminatedUnion under its path", () => {
    const Body = z.object({ change: z.discriminatedUnion("kind", [z.object({ kind: z.literal("a") }), z.object({ kind: z.literal("b") })]) });
    expect(zodIssues(Body.safeParse({ change: { kind: "c" } }).error!)).toEqual([expect.objectContaining({ path: "change.kind", discriminator: "kind", allowed: ["a", "b"] })]);
  });
});
