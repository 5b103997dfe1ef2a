// Under test (HIREPATH_CHECK_RESPONSES=1, set by vitest for every test and the local stacks they start),
// each answer is checked against what the route table promises: a success status the row declares, with a
// body matching the row's response schema when it has one; and every problem shaped as ProblemBody with a
// `code` from the problem catalogue and its matching `type`. A broken promise becomes a 500 whose detail
// names it, so the test that provoked it fails. In Lambda the check is off and costs nothing.
import { ProblemBody } from "../../core/shared/problem.js";
import { isProblemCode, PROBLEM_TYPES, problemTypeUri } from "../../core/shared/problem-types.js";
import { isPageRoute, type RouteSpec } from "../../../lib/routes/route-spec.js";
import type { HttpResult } from "../lambda-handler.js";

export const responseChecksOn = () => process.env.HIREPATH_CHECK_RESPONSES === "1";

const header = (result: HttpResult, name: string) => {
  const entry = Object.entries(result.headers ?? {}).find(([k]) => k.toLowerCase() === name);
  return entry ? String(entry[1]) : "";
};

function jsonBody(result: HttpResult): unknown {
  const text = result.body === undefined ? "" : result.isBase64Encoded ? Buffer.from(result.body, "base64").toString("utf8") : result.body;
  return JSON.parse(text);
}

/** What is wrong with a problem answer, or undefined. */
export function problemViolation(result: HttpResult): string | undefined {
  if (!header(result, "content-type").startsWith("application/problem+json")) return `a ${result.statusCode} answer is not application/problem+json`;
  let body: unknown;
  try {
    body = jsonBody(result);
  } catch {
    return "a problem body is not JSON";
  }
  const parsed = ProblemBody.safeParse(body);
  if (!parsed.success) return `a problem body does not match ProblemBody: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`;
  if (parsed.data.status !== result.statusCode) return `a problem says status ${parsed.data.status} but is sent with ${result.statusCode}`;
  if (!isProblemCode(parsed.data.code)) return `problem code "${parsed.data.code}" is not in the catalogue (lambdas/core/shared/problem-types.ts)`;
  if (parsed.data.type !== problemTypeUri(parsed.data.code)) return `problem type "${parsed.data.type}" is not ${problemTypeUri(parsed.data.code)}`;
  return undefined;
}

/** What is wrong with a refusal page, or undefined: it must name a catalogued problem whose status it is sent with. */
export function refusalPageViolation(result: HttpResult): string | undefined {
  const code = header(result, "problem-code");
  if (!code) return `a ${result.statusCode} page names no problem code (answer it with problemPage)`;
  if (!isProblemCode(code)) return `problem code "${code}" on a ${result.statusCode} page is not in the catalogue (lambdas/core/shared/problem-types.ts)`;
  if (PROBLEM_TYPES[code].status !== result.statusCode) return `a page with problem code "${code}" is sent with ${result.statusCode}, not ${PROBLEM_TYPES[code].status}`;
  return undefined;
}

/** What is wrong with a route's answer, or undefined. */
export function responseViolation(spec: RouteSpec, result: HttpResult): string | undefined {
  const status = result.statusCode ?? 200;
  // A page route answers a person with a page whatever happened (done, started, refused, expired). A
  // refusal page names its problem, the one a client asking for problem+json gets instead.
  if (isPageRoute(spec) && header(result, "content-type").startsWith("text/html")) return status >= 400 ? refusalPageViolation(result) : undefined;
  if (status >= 400) return problemViolation(result);
  const declared = spec.responses[status];
  if (!declared) return `${spec.operationId} answered ${status}, which its row does not declare (${Object.keys(spec.responses).join(", ")})`;
  if (declared.schema) {
    const parsed = declared.schema.safeParse(jsonBody(result));
    if (!parsed.success) return `${spec.operationId} ${status} does not match its schema: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`;
  }
  return undefined;
}

export function contractBreach(violation: string): HttpResult {
  return {
    statusCode: 500,
    headers: { "content-type": "application/problem+json; charset=utf-8" },
    body: JSON.stringify({ type: problemTypeUri("internal"), title: "The answer breaks the API's contract", status: 500, code: "internal", detail: violation }),
  };
}
