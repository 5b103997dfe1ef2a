// The two middlewares every route runs before its implementation, both driven by its row in the route
// table: `authorize` establishes the caller from the route's auth and checks the table's roles;
// `parseInput` validates path, query and body against the table's schemas and applies a role rule that
// depends on the body. A failure is a domain error, which the outer chain answers as a problem.
import type middy from "@middy/core";
import * as z from "../../core/shared/zod.js";
import { UnauthenticatedError, UnsupportedMediaTypeError } from "../../core/shared/errors.js";
import { requireRole, rolesFromClaims } from "../../core/access/roles.js";
import type { Role } from "../../core/shared/model.js";
import { pathParamNames, routeKey, type RouteSpec } from "../../../lib/routes/route-spec.js";
import type { HttpEvent, HttpResult } from "../lambda-handler.js";
import { parseJsonBody, parseWith, queryOf } from "../http-input.js";
import { rawBody } from "../lambda-handler.js";
import { requireConsoleSession, type ConsoleSessionDeps } from "../console-session.js";
import type { Caller, RoutedContext } from "./router.js";
import { canSeeSalary, maskSalaries, maskSalaryText } from "../../core/privacy/salary-masking.js";
import { pageModelOf } from "../lambda-handler.js";
import { rateKey, takeRequest, type RateCounter, type RateLimit } from "../../core/access/rate-limit.js";

export type ConsoleSessionSource = ConsoleSessionDeps;
type Middleware = middy.MiddlewareObj<HttpEvent, HttpResult, Error, RoutedContext>;

const ANONYMOUS: Caller = { roles: [], sub: "anonymous", label: "anonymous" };

function callerFromClaims(claims: Record<string, unknown>): Caller {
  const sub = String(claims.sub ?? "unknown");
  const email = typeof claims.email === "string" ? claims.email : undefined;
  return { roles: rolesFromClaims(claims), sub, ...(email ? { email } : {}), label: email ?? sub };
}

/** "Schedule an interview (POST /hr/interviews) needs one of: admin, recruiter". */
const action = (spec: RouteSpec) => `${spec.summary} (${routeKey(spec)})`;

/** Verifies a bearer token: the user pool's signature, issuer, expiry and the API's app client. */
export interface BearerTokens {
  verify(token: string): Promise<{ sub: string; email?: string; roles: Role[] } | undefined>;
}

export function authorize(spec: RouteSpec, sessions?: () => ConsoleSessionSource, bearerTokens?: () => BearerTokens): Middleware {
  return {
    before: async (request) => {
      const event = request.event;
      let caller = ANONYMOUS;
      if (spec.auth === "jwt") {
        // Claims are there only when an API Gateway JWT authorizer verified the token in front of us; the
        // stack deploys none (its 401 is not a problem), so the router verifies the bearer token itself.
        const claims = event.requestContext.authorizer?.jwt?.claims;
        if (claims) caller = callerFromClaims(claims);
        else {
          const token = /^Bearer\s+(\S+)$/i.exec(event.headers?.authorization ?? "")?.[1];
          if (!token) throw new UnauthenticatedError("a bearer token is required (Authorization: Bearer <Cognito token>)");
          const user = bearerTokens ? await bearerTokens().verify(token) : undefined;
          if (!user) throw new UnauthenticatedError("the bearer token is not valid: wrong issuer or app client, expired, or not signed by the user pool");
          caller = { roles: user.roles, sub: user.sub, ...(user.email ? { email: user.email } : {}), label: user.email ?? user.sub };
        }
      } else if (spec.auth === "console-session") {
        if (!sessions) throw new Error(`${spec.operationId}: console route without a session source`);
        const gate = await requireConsoleSession(event, sessions());
        // No session: a page visit is sent to sign-in (the early response), anything else was refused above.
        if ("response" in gate) return gate.response;
        const { user } = gate.session;
        caller = { roles: user.roles, sub: user.sub, ...(user.email ? { email: user.email } : {}), label: user.email ?? user.sub, session: gate.session };
      }
      if (spec.roles && spec.roles !== "signed-in") requireRole(caller.roles, spec.roles, action(spec));
      request.context.caller = caller;
      return undefined;
    },
  };
}

/** Counts the request against its caller (see core/access/rate-limit.ts); over the limit is a 429 problem. */
export function limitRate(source?: () => { counter: RateCounter; limit: RateLimit } | undefined): Middleware {
  return {
    before: async (request) => {
      const limiter = source?.();
      if (!limiter) return undefined;
      const { counter, limit } = limiter;
      await takeRequest(counter, limit, rateKey(request.context.caller, request.event.requestContext?.http?.sourceIp), new Date());
      return undefined;
    },
  };
}

const paramSchemas = new WeakMap<RouteSpec, z.ZodType>();
function paramsSchema(spec: RouteSpec): z.ZodType {
  let schema = paramSchemas.get(spec);
  if (!schema) {
    schema = z.object(Object.fromEntries(pathParamNames(spec.path).map((name) => [name, z.string().min(1)])));
    paramSchemas.set(spec, schema);
  }
  return schema;
}

const isEmpty = (event: HttpEvent) => event.body === undefined || event.body === null || event.body === "";

const ACCEPTED: Record<"json" | "form", string[]> = { json: ["application/json"], form: ["application/x-www-form-urlencoded"] };
/** `application/json; charset=utf-8` → `application/json`; `+json` types count as JSON. */
const mediaType = (event: HttpEvent) => (event.headers?.["content-type"] ?? Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === "content-type")?.[1] ?? "").split(";")[0]!.trim().toLowerCase();

/**
 * A body sent with a Content-Type the route does not read is refused (415) before it is parsed, instead of
 * a confusing "not valid JSON". A body without one is read as the route's type, as curl users expect.
 */
function checkContentType(spec: RouteSpec, event: HttpEvent): void {
  if (spec.body?.type !== "json" && spec.body?.type !== "form") return;
  const type = mediaType(event);
  if (!type || isEmpty(event)) return;
  const accepted = ACCEPTED[spec.body.type];
  if (accepted.includes(type) || (spec.body.type === "json" && type.endsWith("+json"))) return;
  throw new UnsupportedMediaTypeError(`${routeKey(spec)} reads ${accepted.join(" or ")}, not ${type}`, { accepted });
}

export function parseInput(spec: RouteSpec): Middleware {
  return {
    before: (request) => {
      const event = request.event;
      const raw = event.pathParameters ?? {};
      const params = { ...(parseWith(paramsSchema(spec), raw) as Record<string, unknown>), ...(spec.params ? (parseWith(spec.params, raw) as Record<string, unknown>) : {}) };
      const query = spec.query ? parseWith(spec.query, queryOf(event)) : queryOf(event);
      checkContentType(spec, event);
      let body: unknown;
      if (spec.body?.type === "json") body = parseWith(spec.body.schema, spec.body.optional && isEmpty(event) ? {} : parseJsonBody(event));
      else if (spec.body?.type === "form") body = parseWith(spec.body.schema, Object.fromEntries(new URLSearchParams(rawBody(event).toString("utf8"))));
      if (spec.roleRule) requireRole(request.context.caller.roles, (spec.roleRule.rolesFor as (b: unknown) => readonly never[])(body), action(spec));
      request.context.input = { params, query, body };
      return undefined;
    },
  };
}

/**
 * The salary-masking policy (core/privacy/salary-masking.ts) applied to every staff route's answer,
 * in this one place: a JSON body is masked as data, a page is rendered again from a masked copy of
 * its view model, and any other text is masked as text. Signed-link and webhook routes are not staff
 * routes and pass through.
 */
export function maskSalaryFigures(spec: RouteSpec, viewerRoles: () => string): Middleware {
  return {
    after: (request) => {
      if (spec.auth !== "jwt" && spec.auth !== "console-session") return;
      const caller = request.context.caller;
      const response = request.response;
      if (!caller || !response) return;
      if (canSeeSalary(caller.roles, viewerRoles().split(",").map((r) => r.trim()))) return;
      const pageModel = pageModelOf(response);
      if (pageModel) {
        request.response = pageModel.render(maskSalaries(pageModel.model));
        return;
      }
      if (typeof response.body !== "string" || response.isBase64Encoded) return;
      const type = String(response.headers?.["content-type"] ?? "");
      request.response = { ...response, body: /json/.test(type) ? JSON.stringify(maskSalaries(JSON.parse(response.body) as unknown)) : maskSalaryText(response.body) };
    },
  };
}
