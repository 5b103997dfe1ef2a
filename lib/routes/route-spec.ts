// What one row of the route table says about an HTTP route: where it goes (method, path, function),
// who may call it (auth, roles), what it accepts and answers (zod schemas), and how the API reference
// describes it. CDK, the local API Gateway adapter, each function's router and the OpenAPI document all
// read these rows, so none of them can drift from the others. Type-only imports keep this module free of
// handler and CDK code: both sides import it cheaply.
import type * as z from "zod";
import type { FunctionId } from "../function-catalogue.js";
import type { Role } from "../../lambdas/core/shared/model.js";
import type { ProblemCode } from "../../lambdas/core/shared/problem-types.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export type RouteAuth =
  /** Cognito JWT authorizer in front; the router then checks `roles` against `cognito:groups`. */
  | "jwt"
  /** No authorizer: the handler verifies a job-board signature over the raw body. */
  | "webhook-signature"
  /** No authorizer: the handler verifies a signed, expiring link (or looks up its short id). */
  | "signed-link"
  /**
   * No authorizer: HR console pages, opened by a browser that sends its Cognito session as a cookie, which
   * the JWT authorizer cannot read. The router verifies the cookie (or a bearer header) against the user
   * pool's JWKS, checks `roles`, and checks the CSRF token on anything but GET.
   */
  | "console-session"
  /** No credential at all, by design: sign-in redirects, the API description. Nothing private is served. */
  | "public";

/** What the route takes as its body. Parsing happens once, in the router's middleware. */
export type BodySpec =
  /** JSON validated by the schema; `optional` bodies may be empty (then the schema sees `{}`). */
  | { readonly type: "json"; readonly schema: z.ZodType; readonly optional?: boolean }
  /** An HTML form (application/x-www-form-urlencoded), validated as a flat object of strings. */
  | { readonly type: "form"; readonly schema: z.ZodType }
  /**
   * Bytes the handler reads itself (a signed webhook, an uploaded file); never parsed by the router, which
   * only refuses a content type outside `contentTypes` (415). `schema`, when given, is what the handler
   * parses the bytes into, for the reference.
   */
  | { readonly type: "raw"; readonly contentTypes: readonly string[]; readonly description: string; readonly schema?: z.ZodType };

/**
 * A request the API reference shows, and the contract test sends to a fresh local stack; they are kept
 * by operationId in lib/openapi/examples.ts.
 */
export interface RouteExample {
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export interface ResponseSpec {
  readonly description: string;
  /** The body's schema; absent for bodies the reference can only describe (HTML pages, redirects). */
  readonly schema?: z.ZodType;
  /** Default application/json. */
  readonly contentType?: string;
}

/** A role rule finer than the route's list, stated in the table and applied by the router after parsing. */
export interface RoleRule<B = unknown> {
  /** How the reference states the rule. */
  readonly describe: string;
  readonly rolesFor: (body: B) => readonly Role[];
}

interface RouteCommon {
  readonly method: HttpMethod;
  /** API Gateway path syntax: `{name}` parameters, `{proxy+}` greedy. */
  readonly path: string;
  readonly fn: FunctionId;
  /** Unique across the table: names the implementation in the function's router and the OpenAPI operation. */
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** Path parameters beyond "a non-empty string", when a route constrains them. */
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: BodySpec;
  /**
   * Problems the use case itself can answer (a 409 slot-taken, a 422 offer-incomplete), by code from
   * lambdas/core/shared/problem-types.ts. Those that follow from auth, roles, schemas and path parameters
   * are added by the reference on their own.
   */
  readonly problems?: readonly ProblemCode[];
  /** Successful answers by status. Problem answers (4xx/5xx) follow from auth, roles and schemas. */
  readonly responses: Readonly<Partial<Record<number, ResponseSpec>>>;
}

export type RouteSpec = RouteCommon &
  (
    | {
        readonly auth: "jwt" | "console-session";
        /** Roles (Cognito groups) allowed; "signed-in" for any verified HR user. */
        readonly roles: readonly Role[] | "signed-in";
        readonly roleRule?: RoleRule<never>;
      }
    | { readonly auth: "webhook-signature" | "signed-link" | "public"; readonly roles?: undefined; readonly roleRule?: undefined }
  );

/** Declares one route; `const` keeps its literal operationId and path for the typed router. */
export function route<const R extends RouteSpec>(spec: R): R {
  return spec;
}

/** "GET /hr/candidates/{candidateId}": API Gateway's routeKey format. */
/** A route whose success is a page (a link, a console page): it shows a person its refusals as pages too. */
export function isPageRoute(spec: { responses: RouteSpec["responses"] }): boolean {
  return Object.values(spec.responses).some((r) => r?.contentType?.startsWith("text/html"));
}

export function routeKey(r: Pick<RouteSpec, "method" | "path">): string {
  return `${r.method} ${r.path}`;
}

/** `{candidateId}` and `{proxy+}` names in a path, at the type level. */
export type PathParamNames<P extends string> = P extends `${string}{${infer N}}${infer Rest}` ? (N extends `${infer G}+` ? G : N) | PathParamNames<Rest> : never;

/** The same names at run time. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+?)\+?\}/g)].map((m) => m[1]!);
}
