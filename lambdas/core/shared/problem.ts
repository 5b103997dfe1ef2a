// One table from error to HTTP problem (RFC 9457). Status ≥ 500 never shows its message.
import * as z from "./zod.js";
import { ZodError } from "./zod.js";
import { problemTypeUri } from "./problem-types.js";
import {
  ThrottledError,
  AlreadyClosedError,
  AlreadyExistsError,
  FileRejectedError,
  FileStoreNotConfiguredError,
  ConcurrentChangeError,
  StateConflictError,
  ForbiddenError,
  LinkExpiredError,
  NotFoundError,
  SignatureError,
  UnauthenticatedError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "./errors.js";

export interface FieldIssue {
  path: string;
  message: string;
  code: string;
  /** A union that chooses its branch by one field: that field's name and the values it allows. */
  discriminator?: string;
  allowed?: readonly string[];
  /** What the code refers to (a variable's name, a count), for a client that words problems in its own language. */
  params?: Record<string, string | number>;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: FieldIssue[];
  [extra: string]: unknown;
}

type Segment = PropertyKey;
type RawIssue = ZodError["issues"][number];
const joinPath = (path: readonly Segment[]) => path.map(String).join(".") || "(root)";

/**
 * A union of objects told apart by one literal field (`type`, `channel`…): the field every branch
 * refuses with a one-value `invalid_value` unless the input has that branch's value.
 */
function unionDiscriminator(branches: readonly (readonly RawIssue[])[]): { key: string; allowed: string[] } | undefined {
  const literalAt = (issues: readonly RawIssue[]) =>
    issues.filter((i) => i.code === "invalid_value" && i.path.length === 1 && (i as { values?: unknown[] }).values?.length === 1).map((i) => ({ key: String(i.path[0]), value: String((i as { values: unknown[] }).values[0]) }));
  const candidates = new Set(branches.flatMap((branch) => literalAt(branch).map((l) => l.key)));
  for (const key of candidates) {
    const allowed: string[] = [];
    let matched = 0;
    for (const branch of branches) {
      const literal = literalAt(branch).find((l) => l.key === key);
      if (literal) allowed.push(literal.value);
      else matched += 1;
    }
    // Every branch but at most one (the input's) refused the key: it is what tells them apart.
    if (matched <= 1 && allowed.length + matched === branches.length) return { key, allowed };
  }
  return undefined;
}

function issuesOf(issue: RawIssue, prefix: readonly Segment[]): FieldIssue[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === "invalid_union") {
    const u = issue as RawIssue & { discriminator?: string; options?: unknown[]; errors: RawIssue[][] };
    if (u.discriminator) {
      // z.discriminatedUnion: the input's discriminator matched no branch.
      const allowed = (u.options ?? []).map(String);
      return [{ path: joinPath(path), message: `\`${u.discriminator}\` must be one of: ${allowed.join(", ")}`, code: "invalid_union_discriminator", discriminator: u.discriminator, allowed }];
    }
    const found = unionDiscriminator(u.errors);
    if (found) {
      const chosen = u.errors.find((branch) => !branch.some((i) => i.code === "invalid_value" && String(i.path[0]) === found.key && i.path.length === 1));
      // The input named a branch: its own issues are the useful ones.
      if (chosen && found.allowed.length < u.errors.length) return chosen.flatMap((i) => issuesOf(i, path));
      return [{ path: joinPath([...path, found.key]), message: `\`${found.key}\` must be one of: ${found.allowed.join(", ")}`, code: "invalid_union_discriminator", discriminator: found.key, allowed: found.allowed }];
    }
  }
  return [{ path: joinPath(path), message: issue.message, code: issue.code }];
}

export function zodIssues(error: ZodError, prefix: readonly (string | number)[] = []): FieldIssue[] {
  return error.issues.flatMap((i) => issuesOf(i, prefix));
}

const table: Array<[new (...a: never[]) => Error, number, string, string]> = [
  [ValidationError, 400, "validation-failed", "The request is not valid"],
  [SignatureError, 401, "signature-invalid", "The request is not authenticated"],
  [UnauthenticatedError, 401, "unauthenticated", "Sign in first"],
  [LinkExpiredError, 410, "link-expired", "This link has expired"],
  [ForbiddenError, 403, "forbidden", "Your role does not allow this"],
  [UnsupportedMediaTypeError, 415, "unsupported-media-type", "Unsupported content type"],
  [NotFoundError, 404, "not-found", "Not found"],
  [AlreadyExistsError, 409, "already-exists", "Already exists"],
  [AlreadyClosedError, 409, "already-closed", "Already closed"],
  [ConcurrentChangeError, 409, "concurrent-change", "Changed by someone else; reload and retry"],
];

export function problemFor(error: unknown): Problem {
  if (error instanceof FileRejectedError) {
    // A file refused for what it is (type, size, corruption) carries its own status and code.
    const details = error.details ?? {};
    const code = String(details.code ?? "file-rejected");
    return {
      type: problemTypeUri(code),
      title: "The file cannot be accepted",
      status: Number(details.status ?? 400),
      code,
      detail: error.message,
      ...(details.importId ? { importId: details.importId } : {}),
      ...(details.fileKey ? { fileKey: details.fileKey } : {}),
    };
  }
  if (error instanceof UnprocessableError) {
    return { type: problemTypeUri(error.details.code), title: error.details.title, status: 422, code: error.details.code, detail: error.message, errors: error.details.issues.map((i) => ({ ...i })) };
  }
  if (error instanceof StateConflictError) {
    return { type: problemTypeUri(error.details.code), title: error.details.title, status: 409, code: error.details.code, detail: error.message };
  }
  if (error instanceof FileStoreNotConfiguredError) {
    return { type: problemTypeUri("file-store-unavailable"), title: "Uploads are unavailable", status: 503, code: "file-store-unavailable", detail: error.message };
  }
  if (error instanceof ThrottledError) {
    return { type: problemTypeUri("throttled"), title: "Too many requests", status: 429, code: "throttled", detail: error.message, limit: error.limit, retryAfterSeconds: error.retryAfterSeconds };
  }
  if (error instanceof ZodError) {
    return { type: problemTypeUri("validation-failed"), title: "The request is not valid", status: 400, code: "validation-failed", errors: zodIssues(error) };
  }
  for (const [cls, status, code, title] of table) {
    if (error instanceof cls) {
      const problem: Problem = { type: problemTypeUri(code), title, status, code, detail: error.message };
      if (error instanceof ValidationError) problem.errors = [...error.issues];
      const detailCode = (error as { details?: { code?: unknown } }).details?.code;
      if (typeof detailCode === "string") {
        problem.code = detailCode;
        problem.type = problemTypeUri(detailCode);
      }
      if (error instanceof UnsupportedMediaTypeError && Array.isArray(error.details?.accepted)) problem.accepted = error.details.accepted;
      // Extension members an error carries for its caller (RFC 9457 §3.2), e.g. the open slots after a 409.
      const extras = (error as { problemExtras?: Record<string, unknown> }).problemExtras;
      if (extras) Object.assign(problem, extras);
      return problem;
    }
  }
  return { type: problemTypeUri("internal"), title: "Internal error", status: 500, code: "internal" };
}

/** The body of every problem answer, as the API reference and the response checks describe it. */
export const ProblemBody = z.object({
  type: z.string().min(1).describe("`/problems/<code>`: a page describing this code, resolved against the request's URL"),
  title: z.string().min(1),
  status: z.number().int().min(400).max(599),
  code: z.string().min(1).describe("Stable, machine-readable: one of the problem types listed in the reference"),
  detail: z.string().optional(),
  errors: z
    .array(
      z.object({
        path: z.string().describe("The field's path: `candidate.phone`, `parts.commission.rate`, `(root)`"),
        message: z.string(),
        code: z.string(),
        discriminator: z.string().optional().describe("For a union: the field that chooses its branch"),
        allowed: z.array(z.string()).optional().describe("For a union: the values that field allows"),
        params: z.record(z.string(), z.union([z.string(), z.number()])).optional().describe("What the code refers to (the variable's name, a count), so a client can word the problem in its own language"),
      }),
    )
    .optional(),
});
