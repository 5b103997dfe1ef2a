// The OpenAPI 3.1 document, built from the route table: every row's method, path, roles, parameters, body
// and answers, with the JSON Schemas zod 4 derives from the very schemas the router validates with. Problem
// answers follow from what a row says (auth, roles, schemas, body), the way the router produces them.
// `npm run openapi` writes lib/openapi/openapi.json (committed, served at /openapi.json); a test fails when
// the committed file differs from what this builds.
import * as z from "zod";
import { isPageRoute, pathParamNames, routeKey, type RouteSpec } from "../routes/route-spec.js";
import { ProblemBody } from "../../lambdas/core/shared/problem.js";
import { PROBLEM_TYPE_PREFIX, PROBLEM_TYPES, type ProblemCode } from "../../lambdas/core/shared/problem-types.js";
import { webhookSourcesMarkdown } from "./webhook-sources.js";
import { REQUEST_EXAMPLES } from "./examples.js";

type Json = Record<string, unknown>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A row as the reference needs it: everything but the function that serves it. */
export type DocumentedRoute = DistributiveOmit<RouteSpec, "fn">;

export interface DocumentOptions {
  title: string;
  version: string;
  description: string;
  /** Tag names with descriptions, in the order the reference lists them. */
  tags?: ReadonlyArray<{ name: string; description: string }>;
  /** Operations carry `x-local-only: true` (the local document). */
  localOnly?: boolean;
}

/** JSON Schema (2020-12, which OpenAPI 3.1 uses) of what a caller sends: zod's input side. */
export function inputSchema(schema: z.ZodType): Json {
  const json = z.toJSONSchema(schema, {
    io: "input",
    target: "draft-2020-12",
    // Transforms and refinements have no JSON Schema; the input shape before them is what callers send.
    unrepresentable: "any",
    override: (ctx) => {
      // A discriminated union tells the reader which field picks the branch.
      const def = (ctx.zodSchema as { _zod?: { def?: { discriminator?: string } } })._zod?.def;
      if (def?.discriminator) ctx.jsonSchema.discriminator = { propertyName: def.discriminator };
    },
  }) as Json;
  delete json.$schema;
  return json;
}

/** JSON Schema of what the API answers: zod's output side. */
export function outputSchema(schema: z.ZodType): Json {
  const json = z.toJSONSchema(schema, { io: "output", target: "draft-2020-12", unrepresentable: "any" }) as Json;
  delete json.$schema;
  return json;
}

/** `{proxy+}` is API Gateway's greedy parameter; OpenAPI names it `{proxy}`. */
export const openApiPath = (path: string) => path.replace(/\{([^}]+)\+\}/g, "{$1}");

const problemRef = { $ref: "#/components/schemas/Problem" };

function problemResponse(codes: readonly ProblemCode[], page: boolean): Json {
  const lines = codes.map((code) => `- [\`${code}\`](${PROBLEM_TYPE_PREFIX}${code}): ${PROBLEM_TYPES[code].title}`);
  if (!page) return { description: lines.join("\n"), content: { "application/problem+json": { schema: problemRef } } };
  // A page route shows a person the refusal as a page; a client sending `Accept: application/problem+json` gets the problem.
  return {
    description: lines.join("\n"),
    headers: { "Problem-Code": { $ref: "#/components/headers/ProblemCode" } },
    content: { "application/problem+json": { schema: problemRef }, "text/html": { schema: { type: "string" } } },
  };
}

/** Which problems a row can answer, by status, from what it declares. */
export function problemCodesFor(route: DocumentedRoute): Map<number, ProblemCode[]> {
  const byStatus = new Map<number, ProblemCode[]>();
  const add = (code: ProblemCode) => {
    const status = PROBLEM_TYPES[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  };
  add("validation-failed");
  if (route.auth === "jwt" || route.auth === "console-session") add("unauthenticated");
  if ((route.auth === "jwt" || route.auth === "console-session") && (route.roles !== "signed-in" || route.roleRule)) add("forbidden");
  if (route.auth === "console-session" && route.method !== "GET") add("csrf-rejected");
  if (route.auth === "webhook-signature") {
    for (const code of ["signature-missing", "signature-malformed", "signature-mismatch", "signature-scheme-deprecated", "timestamp-missing", "timestamp-stale", "delivery-id-missing", "token-mismatch", "decryption-failed"] as const) add(code);
    add("unknown-source");
    add("source-not-configured");
  }
  if (route.auth === "signed-link") add("link-expired");
  // Every function's router but the API reference's counts requests per caller (core/access/rate-limit.ts).
  if (!("fn" in route && route.fn === "ApiReference")) add("throttled");
  // A path names a record; so may a body (the application an interview is for).
  if (pathParamNames(route.path).length || route.body?.type === "json") add("not-found");
  for (const code of route.problems ?? []) if (!byStatus.get(PROBLEM_TYPES[code].status)?.includes(code)) add(code);
  if (route.body) {
    add("unsupported-media-type");
    add("payload-too-large");
  }
  add("internal");
  return byStatus;
}

function parameters(route: DocumentedRoute): Json[] {
  const out: Json[] = [];
  const example = REQUEST_EXAMPLES[route.operationId];
  const paramProps = route.params ? ((inputSchema(route.params).properties ?? {}) as Record<string, Json>) : {};
  for (const name of pathParamNames(route.path)) {
    out.push({ name, in: "path", required: true, schema: paramProps[name] ?? { type: "string", minLength: 1 }, ...(example?.params?.[name] ? { example: example.params[name] } : {}) });
  }
  if (route.query) {
    const query = inputSchema(route.query);
    const required = new Set((query.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((query.properties ?? {}) as Record<string, Json>)) {
      const { description, ...rest } = schema;
      out.push({ name, in: "query", required: required.has(name), ...(description ? { description } : {}), schema: rest, ...(example?.query?.[name] ? { example: example.query[name] } : {}) });
    }
  }
  return out;
}

function requestBody(route: DocumentedRoute): Json | undefined {
  const body = route.body;
  if (!body) return undefined;
  const body0 = REQUEST_EXAMPLES[route.operationId]?.body;
  const example = body0 !== undefined ? { example: body0 } : {};
  if (body.type === "json") {
    return { required: !body.optional, content: { "application/json": { schema: inputSchema(body.schema), ...example } } };
  }
  if (body.type === "form") {
    return { required: true, content: { "application/x-www-form-urlencoded": { schema: inputSchema(body.schema), ...example } } };
  }
  const content: Json = {};
  for (const type of body.contentTypes) {
    content[type] = { schema: body.schema && type.includes("json") ? inputSchema(body.schema) : { type: "string", contentMediaType: type }, ...(type.includes("json") ? example : {}) };
  }
  return { required: true, description: body.description, content };
}

function rolesText(route: DocumentedRoute): string {
  switch (route.auth) {
    case "jwt":
    case "console-session": {
      const roles = route.roles === "signed-in" ? "any signed-in HR user" : route.roles.join(", ");
      const rule = route.roleRule ? ` (${route.roleRule.describe})` : "";
      return `**Roles:** ${roles}${rule}.`;
    }
    case "webhook-signature":
      return "**Auth:** the source's signature over the raw body (see the webhookSignature scheme).";
    case "signed-link":
      return "**Auth:** the link itself: signed (or a random id looked up server-side), single-purpose and expiring.";
    case "public":
      return "**Auth:** none; nothing private is served.";
  }
}

function security(route: DocumentedRoute): Json[] {
  switch (route.auth) {
    case "jwt":
      return [{ cognitoJwt: [] }];
    case "console-session":
      return [{ consoleSession: [] }, { cognitoJwt: [] }];
    case "webhook-signature":
      return [{ webhookSignature: [] }];
    default:
      return [];
  }
}

function operation(route: DocumentedRoute, options: DocumentOptions): Json {
  const responses: Json = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    if (!spec) continue;
    const contentType = spec.contentType ?? "application/json";
    const media = spec.schema ? { schema: outputSchema(spec.schema) } : contentType.startsWith("text/html") ? { schema: { type: "string" } } : {};
    responses[status] = { description: spec.description, ...(contentType === "application/json" && !spec.schema ? {} : { content: { [contentType]: media } }) };
  }
  // The local stack's own routes are not behind the router, so their refusals are not promised here.
  const page = isPageRoute(route);
  for (const [status, codes] of options.localOnly ? [] : [...problemCodesFor(route)].sort((a, b) => a[0] - b[0])) {
    responses[String(status)] ??= problemResponse(codes, page);
  }
  const roles = route.auth === "jwt" || route.auth === "console-session" ? (route.roles === "signed-in" ? ["signed-in"] : [...route.roles]) : [];
  const params = parameters(route);
  const body = requestBody(route);
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: [route.description, rolesText(route)].filter(Boolean).join("\n\n"),
    tags: [...route.tags],
    ...(params.length ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses,
    security: security(route),
    "x-auth": route.auth,
    ...(roles.length ? { "x-roles": roles } : {}),
    ...(REQUEST_EXAMPLES[route.operationId] ? { "x-example-request": REQUEST_EXAMPLES[route.operationId] } : {}),
    ...(options.localOnly ? { "x-local-only": true } : {}),
  };
}

function problemTypesMarkdown(): string {
  const rows = Object.entries(PROBLEM_TYPES).map(([code, t]) => `| <a id="problem-${code}"></a>[\`${code}\`](${PROBLEM_TYPE_PREFIX}${code}) | ${t.status} | ${t.title}. ${t.meaning.replace(/\|/g, "\\|")} |`);
  return ["## Errors", "", "Every error is `application/problem+json` (RFC 9457) with a stable `code`; `type` is `/problems/<code>`, a page this API serves. Field errors list each bad field's path in `errors`. Routes that serve pages to people (signed links, the console) show a browser its refusal as a page in the person's language, with the code in a `Problem-Code` header; send `Accept: application/problem+json` to get the problem instead.", "", "| code | status | meaning |", "|---|---:|---|", ...rows].join("\n");
}

export function buildOpenApiDocument(routes: readonly DocumentedRoute[], options: DocumentOptions): Json {
  const paths: Record<string, Json> = {};
  const seen = new Set<string>();
  for (const route of routes) {
    if (seen.has(routeKey(route))) throw new Error(`${routeKey(route)} is in the route table twice`);
    seen.add(routeKey(route));
    const path = openApiPath(route.path);
    paths[path] = { ...(paths[path] ?? {}), [route.method.toLowerCase()]: operation(route, options) };
  }
  const usedTags = [...new Set(routes.flatMap((r) => r.tags))];
  const described = new Map((options.tags ?? []).map((t) => [t.name, t.description]));
  const tags = [...(options.tags ?? []).filter((t) => usedTags.includes(t.name)), ...usedTags.filter((t) => !described.has(t)).map((name) => ({ name }))];
  return {
    openapi: "3.1.0",
    info: { title: options.title, version: options.version, description: options.localOnly ? options.description : `${options.description}\n\n${problemTypesMarkdown()}` },
    // Relative: the same document serves the local stack and every deployment, wherever it is opened.
    servers: [{ url: "/" }],
    tags,
    paths,
    components: {
      schemas: { Problem: outputSchema(ProblemBody) },
      headers: {
        ProblemCode: { description: "On a refusal page (text/html): the problem code the page stands for. A browser gets the page in the person's language; send `Accept: application/problem+json` to get the problem.", schema: { type: "string" } },
      },
      securitySchemes: {
        cognitoJwt: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "A Cognito access or ID token of the HR user pool; roles are the user's Cognito groups (`cognito:groups`). Locally: `GET /local/auth/token?role=recruiter[&email=…]`.",
        },
        consoleSession: { type: "apiKey", in: "cookie", name: "hp_console_session", description: "The HR console's session cookie, set by /hr/console/auth/callback after managed login. POSTs also need the page's `x-csrf-token`." },
        webhookSignature: { type: "apiKey", in: "header", name: "X-Hirepath-Signature", description: webhookSourcesMarkdown() },
      },
    },
  };
}
