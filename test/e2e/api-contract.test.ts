// The API as its document promises, on the local stack as `npm start` runs it: the document and reference
// are served, every problem type resolves, refusals are problem+json (401, 404, 405 with Allow, 415, a union
// naming its discriminator), and every documented example request gets a documented answer. The stack runs
// with HIREPATH_CHECK_RESPONSES=1 (vitest's env), so an answer that breaks its row's schema is a 500 here.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpRoutes, pathParamNames } from "../../lib/http-routes.js";
import { OPENAPI_FILE } from "../../lib/openapi/documents.js";
import { REQUEST_EXAMPLES } from "../../lib/openapi/examples.js";
import { openApiPath } from "../../lib/openapi/openapi-document.js";
import { localRoutes } from "../../lib/openapi/local-routes.js";
import { signGenericWebhook } from "../../lambdas/core/intake/webhook-signature.js";
import { PROBLEM_TYPES } from "../../lambdas/core/shared/problem-types.js";
import { ProblemBody } from "../../lambdas/core/shared/problem.js";
import { newDataDir, startLocalProcess, token, webhookSecret, type LocalProcess } from "./local-process.js";

let stack: LocalProcess;
let admin: string;
const documented = JSON.parse(readFileSync(OPENAPI_FILE, "utf8")) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

beforeAll(async () => {
  stack = await startLocalProcess(newDataDir());
  admin = await token(stack.url, "admin");
});
afterAll(async () => stack?.stop());

async function call(method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}) {
  const res = await fetch(`${stack.url}${path}`, { method, headers: init.headers ?? {}, redirect: "manual", ...(init.body !== undefined ? { body: init.body } : {}) });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, type: res.headers.get("content-type") ?? "", allow: res.headers.get("allow"), headers: res.headers, text, json };
}

describe("the API reference", () => {
  it("serves the committed OpenAPI document and the local-only one", async () => {
    const doc = await call("GET", "/openapi.json");
    expect(doc.status).toBe(200);
    expect(doc.json).toEqual(documented);
    const local = await call("GET", "/local/openapi.json");
    expect(Object.keys(local.json.paths)).toEqual(expect.arrayContaining(["/outbox/api/messages", "/local/auth/token"]));
  });

  it("renders /docs from files it serves itself", async () => {
    const page = await call("GET", "/docs");
    expect(page.status).toBe(200);
    const scripts = [...page.text.matchAll(/src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts).toEqual(["/docs/swagger-ui-bundle.js", "/docs/swagger-ui-standalone-preset.js", "/docs/docs.js"]);
    for (const src of scripts) expect((await call("GET", src)).status, src).toBe(200);
    expect((await call("GET", "/docs/docs.js")).text).toContain("/openapi.json");
  });

  it("resolves every problem type to a page naming its code and status", async () => {
    for (const [code, t] of Object.entries(PROBLEM_TYPES)) {
      const page = await call("GET", `/problems/${code}`);
      expect(page.status, code).toBe(200);
      expect(page.text, code).toContain(code);
      expect(page.text, code).toContain(String(t.status));
    }
    expect((await call("GET", "/problems/no-such-code")).json).toMatchObject({ status: 404, code: "not-found" });
  });
});

describe("one error format", () => {
  const isProblem = (r: Awaited<ReturnType<typeof call>>) => {
    expect(r.type).toContain("application/problem+json");
    expect(ProblemBody.parse(r.json).type).toBe(`/problems/${r.json.code}`);
  };

  it("answers a missing or bad token with a 401 problem", async () => {
    for (const headers of [{}, { authorization: "Bearer not-a-token" }] as Array<Record<string, string>>) {
      const r = await call("GET", "/hr/candidates", { headers });
      expect(r.status).toBe(401);
      isProblem(r);
      expect(r.json.code).toBe("unauthenticated");
    }
  });

  it("answers an unknown route with a 404 problem and a wrong method with 405 and Allow", async () => {
    for (const path of ["/swagger.json", "/hr/nothing-here", "/api/v1/candidates"]) {
      const r = await call("GET", path);
      expect(r.status, path).toBe(404);
      isProblem(r);
      expect(r.json.code).toBe("route-not-found");
    }
    const wrong = await call("DELETE", "/hr/requisitions/req-sales-sh", { headers: { authorization: `Bearer ${admin}` } });
    expect(wrong.status).toBe(405);
    isProblem(wrong);
    expect(wrong.allow).toBe("PUT");
    expect(wrong.json).toMatchObject({ code: "method-not-allowed", allowed: ["PUT"] });
  });

  it("answers a text/plain body with 415 naming the accepted type, not a JSON parse error", async () => {
    const r = await call("POST", "/hr/policy-changes", { headers: { authorization: `Bearer ${admin}`, "content-type": "text/plain" }, body: '{"summary":"x"}' });
    expect(r.status).toBe(415);
    isProblem(r);
    expect(r.json).toMatchObject({ code: "unsupported-media-type", accepted: ["application/json"] });
  });

  it("shows a browser a link's refusal as a page naming its code, and answers a program asking for problem+json with the problem", async () => {
    const asProgram = { accept: "application/problem+json" };
    const refusals = [
      { path: "/s/Zz23456789", status: 404, code: "not-found" },
      { path: "/l/not-a-signed-token", status: 401, code: "link-invalid" },
      { path: "/o/no-such-offer-link", status: 404, code: "not-found" },
    ];
    for (const { path, status, code } of refusals) {
      const page = await call("GET", path, { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
      expect(page.status, path).toBe(status);
      expect(page.type, path).toContain("text/html");
      expect(page.headers.get("problem-code"), path).toBe(code);
      const problem = await call("GET", path, { headers: asProgram });
      expect(problem.status, path).toBe(status);
      isProblem(problem);
      expect(problem.json.code, path).toBe(code);
      // The document promises both for that status.
      const documentedStatus = documented.paths[path.replace(/^\/(\w)\/.*/, (_, p) => ({ s: "/s/{linkId}", l: "/l/{linkToken}", o: "/o/{linkId}" })[p as "s" | "l" | "o"]!)]!.get!.responses[String(status)] as { content: Record<string, unknown> };
      expect(Object.keys(documentedStatus.content).sort(), path).toEqual(["application/problem+json", "text/html"]);
    }
    // A console page sends a person to sign in, and tells a program to.
    expect((await call("GET", "/hr/console/search")).status).toBe(302);
    const console401 = await call("GET", "/hr/console/search", { headers: asProgram });
    expect(console401.status).toBe(401);
    isProblem(console401);
    expect(console401.json.code).toBe("unauthenticated");
    // A sign-in callback without its login cookie has gone stale.
    const stale = await call("GET", "/hr/console/auth/callback?state=s&code=c", { headers: asProgram });
    expect(stale.status).toBe(400);
    expect(stale.json.code).toBe("sign-in-expired");
  });

  it("names a union's discriminator and its allowed values", async () => {
    const r = await call("POST", "/hr/talent/candidates/cand-x/changes", { headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" }, body: "{}" });
    expect(r.status).toBe(400);
    isProblem(r);
    expect(r.json.errors).toEqual([expect.objectContaining({ path: "type", discriminator: "type", allowed: expect.arrayContaining(["status", "note", "evaluation"]) })]);
  });
});

describe("every documented example request", () => {
  const fill = (path: string, params: Readonly<Record<string, string>> = {}) => path.replace(/\{([^}+]+)\+?\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));

  it("gets an answer the document lists for it, never a 400, 415 or 5xx", async () => {
    const sent: string[] = [];
    for (const route of httpRoutes) {
      const example = REQUEST_EXAMPLES[route.operationId];
      if (!example) continue;
      const query = example.query ? `?${new URLSearchParams(example.query as Record<string, string>)}` : "";
      const path = fill(route.path, example.params) + query;
      const body = example.body === undefined ? undefined : JSON.stringify(example.body);
      const headers: Record<string, string> = body ? { "content-type": "application/json" } : {};
      if (route.auth === "jwt" || route.auth === "console-session") headers.authorization = `Bearer ${admin}`;
      if (route.auth === "webhook-signature") {
        const ts = Math.floor(Date.now() / 1000);
        Object.assign(headers, { "x-hirepath-signature": signGenericWebhook(body!, webhookSecret(stack.dataDir), ts), "x-hirepath-timestamp": String(ts), "x-hirepath-delivery": "contract-example-1" });
      }
      const r = await call(route.method, path, { headers, ...(body !== undefined ? { body } : {}) });
      const what = `${route.operationId}: ${route.method} ${path} → ${r.status} ${r.text.slice(0, 300)}`;
      expect([400, 401, 403, 415], what).not.toContain(r.status);
      expect(r.status, what).toBeLessThan(500);
      expect(Object.keys(documented.paths[openApiPath(route.path)]![route.method.toLowerCase()]!.responses), what).toContain(String(r.status));
      if (r.status >= 400 && !r.type.startsWith("text/html")) expect(ProblemBody.safeParse(r.json).success, what).toBe(true);
      sent.push(what);
    }
    // Every HR route with a path parameter or a JSON body has an example (uploads and signed links excepted).
    expect(sent.length).toBeGreaterThan(50);
    const hrRoute = (r: (typeof httpRoutes)[number]) => (r.auth === "jwt" || r.auth === "console-session") && r.body?.type !== "raw";
    expect(httpRoutes.filter((r) => hrRoute(r) && (r.body || pathParamNames(r.path).length) && !REQUEST_EXAMPLES[r.operationId]).map((r) => r.operationId)).toEqual([]);
  });

  it("of the local-only routes is answered by the local stack", async () => {
    for (const route of localRoutes) {
      const example = REQUEST_EXAMPLES[route.operationId];
      if (!example) continue;
      const query = example.query ? `?${new URLSearchParams(example.query as Record<string, string>)}` : "";
      const body = example.body === undefined ? undefined : JSON.stringify(example.body);
      const r = await call(route.method, fill(route.path, example.params) + query, { headers: body ? { "content-type": "application/json" } : {}, ...(body !== undefined ? { body } : {}) });
      expect(r.status, `${route.operationId} → ${r.status} ${r.text.slice(0, 200)}`).toBeLessThan(300);
    }
  });
});
