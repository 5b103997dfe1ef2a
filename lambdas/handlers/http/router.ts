// Every HTTP function is one router over its rows of the route table (lib/http-routes.ts). The outer
// middy chain logs, counts and turns any error into a problem; @middy/http-router picks the route; each
// route's own chain authorizes the caller from the table's auth and roles, then parses path, query and
// body against the table's schemas, once. The implementation gets typed, validated input and calls core.
import middy from "@middy/core";
import httpRouterHandler from "@middy/http-router";
import type { Context } from "aws-lambda";
import type * as z from "../../core/shared/zod.js";
import { NotFoundError } from "../../core/shared/errors.js";
import type { Role } from "../../core/shared/model.js";
import { isPageRoute, type PathParamNames, type RouteSpec } from "../../../lib/routes/route-spec.js";
import { httpHandler, pageAsProblem, prefersProblem, type HandlerTools, type HttpEvent, type HttpResult } from "../lambda-handler.js";
import { DEFAULT_SALARY_VIEWER_ROLES } from "../../core/privacy/salary-masking.js";
import { authorize, limitRate, maskSalaryFigures, parseInput, type BearerTokens, type ConsoleSessionSource } from "./middleware.js";
import { contractBreach, responseChecksOn, responseViolation } from "./response-contract.js";
import type { ConsoleSession } from "../console-session.js";
import type { RateCounter, RateLimit } from "../../core/access/rate-limit.js";

/** Who is calling, as the route's auth established it. */
export interface Caller {
  roles: Role[];
  /** Cognito `sub`; "anonymous" on routes whose credential is a signature or a link. */
  sub: string;
  email?: string;
  /** How the caller is named in timelines: their email when known, else their sub. */
  label: string;
  /** Console routes: the verified browser session (its CSRF token renders into forms). */
  session?: ConsoleSession;
}

type Output<S> = S extends z.ZodType ? z.output<S> : never;

export interface RouteRequest<R extends RouteSpec> {
  params: Record<PathParamNames<R["path"]>, string> & ([Output<R["params"]>] extends [never] ? unknown : Output<R["params"]>);
  query: [Output<R["query"]>] extends [never] ? Record<string, string> : Output<R["query"]>;
  body: R["body"] extends { type: "json" | "form"; schema: infer S } ? Output<S> : undefined;
  caller: Caller;
  event: HttpEvent;
}

/** What the route's middleware leaves on the Lambda context for the implementation. */
export interface RoutedContext extends Context {
  caller: Caller;
  input: { params: Record<string, unknown>; query: unknown; body: unknown };
}

/** One implementation per route of the function, named by the route's operationId; the compiler checks none is missing. */
export type RouteImplementations<Rs extends readonly RouteSpec[], C> = {
  [R in Rs[number] as R["operationId"]]: (request: RouteRequest<R>, context: C) => Promise<HttpResult>;
};

export interface RouterOptions<S extends z.ZodType, Rs extends readonly RouteSpec[], C> {
  name: string;
  env: S;
  routes: Rs;
  /** Builds what implementations need (stores, clock, masking) from the validated env and the caller. */
  context: (env: z.infer<S>, caller: Caller, tools: HandlerTools<z.infer<S>>) => C;
  /** The answer when no row matches (the function serving API Gateway's $default route); default a 404 problem. */
  notFound?: (request: { method: string; path: string }) => HttpResult;
  /** Verifies bearer tokens on "jwt" routes; needed when any route has auth "jwt". */
  bearerTokens?: (env: z.infer<S>) => BearerTokens;
  /** Counts each caller's requests and refuses those over the limit with a 429 problem (after authorization, so a user is counted by who they are). */
  rateLimit?: (env: z.infer<S>) => { counter: RateCounter; limit: RateLimit } | undefined;
  /** Needed when any route has auth "console-session". */
  consoleSessions?: (env: z.infer<S>) => ConsoleSessionSource;
  /**
   * Console pages (GET, auth "console-session"): how a failure is shown to the person in the browser tab,
   * as a page in their language instead of problem JSON. Forms and API routes keep problem+json.
   */
  consolePageError?: (error: unknown, event: HttpEvent, caller: Caller | undefined) => HttpResult;
}

// API Gateway prefers literal segments over variables and variables over a greedy tail; http-router tries
// static paths first and dynamic ones in order, so dynamic rows go in by that preference.
const specificity = (path: string) => (path.includes("+}") ? 1000 : 0) + (path.match(/\{/g)?.length ?? 0);
/** The order the router tries a function's rows in. */
export function inMatchingOrder<R extends Pick<RouteSpec, "path">>(routes: readonly R[]): R[] {
  return [...routes].sort((a, b) => specificity(a.path) - specificity(b.path));
}

export function routedHandler<S extends z.ZodType, const Rs extends readonly RouteSpec[], C>(options: RouterOptions<S, Rs, C>, implementations: NoInfer<RouteImplementations<Rs, C>>) {
  return httpHandler({ name: options.name, env: options.env }, (tools) => {
    const sessions = options.consoleSessions ? () => options.consoleSessions!(tools.env) : undefined;
    // The functions serving staff routes carry SALARY_VIEWER_ROLES in their env; the policy's default otherwise.
    const salaryViewers = () => (tools.env as { SALARY_VIEWER_ROLES?: string }).SALARY_VIEWER_ROLES ?? DEFAULT_SALARY_VIEWER_ROLES;
    const bearerTokens = options.bearerTokens ? () => options.bearerTokens!(tools.env) : undefined;
    const rateLimit = options.rateLimit ? () => options.rateLimit!(tools.env) : undefined;
    const impls = implementations as unknown as Record<string, (request: RouteRequest<RouteSpec>, context: C) => Promise<HttpResult>>;
    const routes = inMatchingOrder(options.routes).map((spec) => {
        const implementation = impls[spec.operationId];
        if (!implementation) throw new Error(`${options.name}: no implementation for ${spec.operationId}`);
        const handler = middy<HttpEvent, HttpResult, Error, RoutedContext>();
        const pageError = options.consolePageError;
        if (pageError && spec.auth === "console-session" && spec.method === "GET") {
          // Registered first so its onError runs last, after nothing else claimed the error. A client that
          // asked for problem+json is left to the outer error handler, which answers the problem itself.
          handler.use({ onError: (request) => { if (!prefersProblem(request.event)) request.response = pageError(request.error, request.event, request.context.caller); } });
        }
        const pageRoute = isPageRoute(spec);
        handler
          .use(authorize(spec, sessions, bearerTokens))
          .use(limitRate(rateLimit))
          .use(parseInput(spec))
          .use(maskSalaryFigures(spec, salaryViewers))
          .handler(async (event, context) => {
            const { caller, input } = context;
            const request = { params: input.params, query: input.query, body: input.body, caller, event } as RouteRequest<RouteSpec>;
            const answered = await implementation(request, options.context(tools.env, caller, tools));
            // A page route shows a person a refusal as a page; a program that asked for problem+json gets the problem.
            const result = pageRoute && prefersProblem(event) ? pageAsProblem(answered) : answered;
            const violation = responseChecksOn() ? responseViolation(spec, result) : undefined;
            if (violation) tools.logger.error("response breaks the route table's contract", { violation });
            return violation ? contractBreach(violation) : result;
          });
        return { method: spec.method, path: spec.path, handler: handler as never };
      });
    return httpRouterHandler<HttpEvent, HttpResult>({
      routes,
      // API Gateway only sends this function its own routes; a miss means a row and its function disagree.
      notFoundResponse: ({ method, path }) => {
        if (options.notFound) return options.notFound({ method, path }) as never;
        throw new NotFoundError(`no route ${method} ${path}`);
      },
    }) as unknown as (event: HttpEvent, context: Context) => Promise<HttpResult>;
  });
}
