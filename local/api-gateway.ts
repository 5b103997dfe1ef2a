// The local HTTP API: matches the same routes as the deployed HttpApi (lib/http-routes.ts) and hands the
// handler the payload-format-2.0 event API Gateway would build. As on AWS there is no authorizer in front:
// each function's router verifies bearer tokens against the issuer's JWKS (here the local issuer's).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { httpRoutes, routeKey, type HttpRoute } from "../lib/http-routes.js";
import type { FunctionId } from "../lib/function-catalogue.js";
import type { LocalIssuer } from "./auth/local-issuer.js";
import { PROBLEM_TYPES, problemTypeUri } from "../lambdas/core/shared/problem-types.js";

export type LocalLambda = (event: unknown, context: unknown) => Promise<unknown>;

interface CompiledRoute {
  route: HttpRoute;
  pattern: RegExp;
  params: string[];
  specificity: number;
}

function compile(route: HttpRoute): CompiledRoute {
  const params: string[] = [];
  const pattern = route.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const greedy = name.endsWith("+");
    params.push(greedy ? name.slice(0, -1) : name);
    return greedy ? "(.+)" : "([^/]+)";
  });
  // A greedy {name+} matches what any other route might, so it comes last (API Gateway's rule).
  return { route, pattern: new RegExp(`^${pattern}$`), params, specificity: -params.length - (route.path.includes("+}") ? 1000 : 0) };
}

// API Gateway prefers the most specific route: fewer path variables first, a greedy tail last.
const compiled = httpRoutes.map(compile).sort((a, b) => b.specificity - a.specificity);

const DEFAULT_ROUTE = { fn: "ApiReference", auth: "public", method: "GET", path: "$default" } as const;

const TEXT_TYPES = /^(text\/|application\/(json|x-www-form-urlencoded|xml|problem\+json|javascript))/i;

export interface ApiGatewayOptions {
  lambdas: Record<FunctionId, LocalLambda>;
  issuer: LocalIssuer;
  lambdaContext: (fn: FunctionId) => unknown;
}

export function createApiGateway(options: ApiGatewayOptions) {
  return async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://local");
    const method = (req.method ?? "GET").toUpperCase();
    let matched: { c: CompiledRoute; values: string[] } | undefined;
    for (const c of compiled) {
      if (c.route.method !== method) continue;
      const m = c.pattern.exec(url.pathname);
      if (m) {
        matched = { c, values: m.slice(1).map(decodeURIComponent) };
        break;
      }
    }
    // No row matches: API Gateway's $default route, which ApiReference serves (a 404 problem, or 405 with Allow).
    const route: Pick<HttpRoute, "fn" | "auth" | "method" | "path"> = matched?.c.route ?? DEFAULT_ROUTE;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(",") : v;

    const contentType = headers["content-type"] ?? "";
    const isText = body.length === 0 || TEXT_TYPES.test(contentType);
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
    const now = new Date();
    const key = matched ? routeKey(route) : "$default";
    const event = {
      version: "2.0",
      routeKey: key,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      ...(headers.cookie ? { cookies: headers.cookie.split(/;\s*/) } : {}),
      headers,
      ...(url.searchParams.size ? { queryStringParameters: query } : {}),
      requestContext: {
        accountId: "000000000000",
        apiId: "local",
        domainName: headers.host ?? "localhost",
        domainPrefix: (headers.host ?? "localhost").split(".")[0],
        http: { method, path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp: req.socket.remoteAddress ?? "127.0.0.1", userAgent: headers["user-agent"] ?? "" },
        requestId: crypto.randomUUID(),
        routeKey: key,
        stage: "$default",
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
      },
      ...(matched?.c.params.length ? { pathParameters: Object.fromEntries(matched.c.params.map((p, i) => [p, matched.values[i]!])) } : {}),
      ...(body.length ? { body: isText ? body.toString("utf8") : body.toString("base64") } : {}),
      isBase64Encoded: !isText,
    };

    let result: unknown;
    try {
      result = await options.lambdas[route.fn](event, options.lambdaContext(route.fn));
    } catch (error) {
      // An HTTP API answers 500 both when Lambda refuses the invocation (a throttle) and when the
      // function fails or times out. Which one it was is only in its logs; the local stack says it in
      // a header so a client (the bench) can tell a throttle from a failure.
      return send(res, 500, INTERNAL, { "content-type": "application/problem+json", "x-hirepath-lambda-error": String((error as Error).name ?? "Error") });
    }
    writeResult(res, result);
    return true;
  };
}

const INTERNAL = { type: problemTypeUri("internal"), title: PROBLEM_TYPES.internal.title, status: 500, code: "internal" };

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): true {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
  return true;
}

/** Payload format 2.0: a structured result, or anything else is JSON with status 200. */
function writeResult(res: ServerResponse, result: unknown): void {
  if (result && typeof result === "object" && "statusCode" in result) {
    const r = result as APIGatewayProxyStructuredResultV2;
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(r.headers ?? {})) headers[k] = String(v);
    if (r.cookies?.length) headers["set-cookie"] = r.cookies;
    res.writeHead(r.statusCode ?? 200, headers);
    res.end(r.body === undefined ? undefined : Buffer.from(r.body, r.isBase64Encoded ? "base64" : "utf8"));
    return;
  }
  res.writeHead(200, { "content-type": "application/json" });
  res.end(typeof result === "string" ? result : JSON.stringify(result));
}
