// The two handler shapes. Middleware comes first and the handler last; the HTTP error handler is
// the outermost `onError`, so every failure becomes a problem response.
import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type * as z from "../core/shared/zod.js";
import { parseEnv } from "../config/env.js";
import { ThrottledError, ValidationError } from "../core/shared/errors.js";
import { problemFor, zodIssues, type Problem } from "../core/shared/problem.js";
import { PROBLEM_TYPES, problemTypeUri, type ProblemCode } from "../core/shared/problem-types.js";
import { contractBreach, problemViolation, responseChecksOn } from "./http/response-contract.js";

export interface HandlerTools<E> {
  env: E;
  logger: Logger;
  metrics: Metrics;
}

function tools<S extends z.ZodType>(name: string, envSchema: S): HandlerTools<z.infer<S>> {
  const env = parseEnv(envSchema);
  const logger = new Logger({ serviceName: "hirepath", persistentKeys: { function: name } });
  const metrics = new Metrics({ namespace: "Hirepath", serviceName: name });
  return { env, logger, metrics };
}

/**
 * A Step Functions task handler. Input failing its schema throws ValidationError (its name is what
 * the ASL's Catch sees), with field paths in the message.
 */
export function stepHandler<S extends z.ZodType, I extends z.ZodType, R>(
  options: { name: string; env: S; input: I },
  run: (input: z.infer<I>, tools: HandlerTools<z.infer<S>>) => Promise<R>,
) {
  const t = tools(options.name, options.env);
  return middy<unknown, R>()
    .use(injectLambdaContext(t.logger, { resetKeys: true }))
    .use(logMetrics(t.metrics))
    .handler(async (event) => {
      // Counted before running so a failing step still publishes a metric (StepSucceeded after).
      t.metrics.addMetric("StepInvoked", "Count", 1);
      const parsed = options.input.safeParse(event);
      if (!parsed.success) {
        const issues = zodIssues(parsed.error);
        throw new ValidationError(`invalid ${options.name} input: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
      }
      const result = await run(parsed.data, t);
      // One count per successful step (dimension: service = function name) feeds the journey dashboard.
      t.metrics.addMetric("StepSucceeded", "Count", 1);
      return result;
    });
}

export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2["requestContext"] & {
    authorizer?: { jwt?: { claims: Record<string, string | number | boolean | string[]>; scopes?: string[] | null } };
  };
};
export type HttpResult = APIGatewayProxyStructuredResultV2;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode: status, headers: { "content-type": "application/json; charset=utf-8", ...headers }, body: JSON.stringify(body) };
}

export function html(status: number, body: string, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode: status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      "referrer-policy": "no-referrer",
      "cache-control": "no-store",
      ...headers,
    },
    body,
  };
}

/** The header naming the problem a refusal page stands for. */
export const PROBLEM_CODE_HEADER = "problem-code";

/**
 * A refusal shown to a person as a page in their language (an expired link, a slot just taken), with the
 * status of its problem code. The page names its code in a header, so the router can answer a client that
 * asked for problem+json with the same refusal as a problem, and the response check holds it to the catalogue.
 */
export function problemPage(code: ProblemCode, body: string, headers: Record<string, string> = {}): HttpResult {
  return html(PROBLEM_TYPES[code].status, body, { ...headers, [PROBLEM_CODE_HEADER]: code });
}

/** A client that names JSON or problem+json in Accept, and not HTML, gets problems instead of pages. */
export function prefersProblem(event: HttpEvent): boolean {
  const accept = (Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === "accept")?.[1] ?? "").toLowerCase();
  return /application\/(problem\+)?json/.test(accept) && !accept.includes("text/html");
}

/** A refusal page as its problem (same status, code and cookies), for a client that prefers problems. */
export function pageAsProblem(result: HttpResult): HttpResult {
  const code = Object.entries(result.headers ?? {}).find(([k]) => k.toLowerCase() === PROBLEM_CODE_HEADER)?.[1];
  if ((result.statusCode ?? 200) < 400 || typeof code !== "string" || !(code in PROBLEM_TYPES)) return result;
  const type = PROBLEM_TYPES[code as ProblemCode];
  const problem = problemResponse({ type: problemTypeUri(code), title: type.title, status: result.statusCode!, code, detail: type.meaning });
  return { ...problem, ...(result.cookies ? { cookies: result.cookies } : {}) };
}

const PAGE_MODEL = Symbol("page view model");

export interface PageModel<M> {
  model: M;
  render(model: M): HttpResult;
}

/**
 * A page rendered from its view model. The model stays attached to the result (out of the body) so
 * the response middleware can render the page again from a masked copy (salary masking).
 */
export function page<M>(model: M, render: (model: M) => HttpResult): HttpResult {
  const result = render(model);
  Object.defineProperty(result, PAGE_MODEL, { value: { model, render } satisfies PageModel<M>, enumerable: false });
  return result;
}

export function pageModelOf(result: HttpResult): PageModel<unknown> | undefined {
  return (result as { [PAGE_MODEL]?: PageModel<unknown> })[PAGE_MODEL];
}

export function problemResponse(problem: Problem): HttpResult {
  return json(problem.status, problem, { "content-type": "application/problem+json; charset=utf-8" });
}

/** The raw body bytes, as signed by the sender. */
export function rawBody(event: HttpEvent): Buffer {
  if (event.body === undefined || event.body === null) return Buffer.alloc(0);
  return Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8");
}

/**
 * The outer chain of every HTTP function: logging, metrics, and one error handler that turns any failure
 * into a problem. `build` runs once per container with the validated env and returns the inner handler
 * (a router over the function's routes, see http/router.ts).
 */
export function httpHandler<S extends z.ZodType>(
  options: { name: string; env: S },
  build: (tools: HandlerTools<z.infer<S>>) => (event: HttpEvent, context: Context) => Promise<HttpResult>,
) {
  const t = tools(options.name, options.env);
  const inner = build(t);
  return middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(t.logger, { resetKeys: true }))
    .use(logMetrics(t.metrics))
    .use({
      onError: async (request) => {
        const problem = problemFor(request.error);
        t.metrics.addMetric(problem.status >= 500 ? "ServerErrors" : "ClientErrors", "Count", 1);
        if (problem.status >= 500) t.logger.error("request failed", request.error as Error);
        else t.logger.info("request refused", { code: problem.code, detail: problem.detail });
        request.response = problemResponse(problem);
        // RFC 9110 §10.2.3: tells a well-behaved client how long to back off.
        if (request.error instanceof ThrottledError) request.response.headers = { ...request.response.headers, "retry-after": String(request.error.retryAfterSeconds) };
        const violation = responseChecksOn() ? problemViolation(request.response) : undefined;
        if (violation) request.response = contractBreach(violation);
      },
    })
    .handler(async (event, context) => {
      // One count per request (dimension: service = function name); problems are counted in onError.
      t.metrics.addMetric("Requests", "Count", 1);
      return inner(event, context);
    });
}
