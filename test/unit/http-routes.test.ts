// The route table's own rules: one row per route key and operation, each function's rows name that
// function, every authenticated row states its roles, and each function's router (@middy/http-router, in
// the order routedHandler registers rows) dispatches every row's path to that row, as API Gateway would.
import httpRouterHandler from "@middy/http-router";
import { describe, expect, it } from "vitest";
import { httpRoutes, pathParamNames, routeKey, routesByFunction, type RouteSpec } from "../../lib/http-routes.js";
import { inMatchingOrder } from "../../lambdas/handlers/http/router.js";

/** A concrete path for a row: each parameter filled with a value no literal segment has. */
const samplePath = (path: string) => path.replace(/\{([^}]+?)\+?\}/g, (_, name: string) => `sample-${name}`);

describe("route table", () => {
  it("has one row per route key and per operationId", () => {
    const keys = httpRoutes.map(routeKey);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    const ops = httpRoutes.map((r) => r.operationId);
    expect(ops.filter((o, i) => ops.indexOf(o) !== i)).toEqual([]);
  });

  it("gives each function only rows that name it", () => {
    for (const [fn, rows] of Object.entries(routesByFunction)) for (const r of rows) expect(r.fn, routeKey(r)).toBe(fn);
  });

  it("states the roles of every route behind a JWT or a console session, and none elsewhere", () => {
    for (const r of httpRoutes) {
      if (r.auth === "jwt" || r.auth === "console-session") expect(r.roles === "signed-in" || (Array.isArray(r.roles) && r.roles.length > 0), routeKey(r)).toBe(true);
      else expect(r.roles, routeKey(r)).toBeUndefined();
    }
  });

  it("names path parameters the way API Gateway does", () => {
    expect(pathParamNames("/hr/interviews/{candidateId}/{interviewId}/cancel")).toEqual(["candidateId", "interviewId"]);
    expect(pathParamNames("/files/{proxy+}")).toEqual(["proxy"]);
  });

  it.each(Object.entries(routesByFunction) as Array<[string, readonly RouteSpec[]]>)("dispatches each of %s's paths to its own row", async (_fn, rows) => {
    const router = httpRouterHandler({
      routes: inMatchingOrder(rows).map((r) => ({ method: r.method, path: r.path, handler: async () => r.operationId })),
    }) as unknown as (event: unknown) => Promise<string>;
    for (const r of rows) {
      const path = samplePath(r.path);
      const event = { version: "2.0", rawPath: path, requestContext: { http: { method: r.method, path } } };
      expect(await router(event), routeKey(r)).toBe(r.operationId);
    }
  });
});
