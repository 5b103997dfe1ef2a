// One table from error to HTTP problem (RFC 9457). Status ≥ 500 never shows its message.
import { ZodError } from "./zod.js";
import {
  AlreadyClosedError,
  AlreadyExistsError,
  FileRejectedError,
  FileStoreNotConfiguredError,
  ConcurrentChangeError,
  ForbiddenError,
  LinkExpiredError,
  NotFoundError,
  SignatureError,
  UnauthenticatedError,
  UnprocessableError,
  ValidationError,
} from "./errors.js";

export interface FieldIssue {
  path: string;
  message: string;
  code: string;
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

export function zodIssues(error: ZodError, prefix: readonly (string | number)[] = []): FieldIssue[] {
  return error.issues.map((i) => ({
    path: [...prefix, ...i.path].map(String).join(".") || "(root)",
    message: i.message,
    code: i.code,
  }));
}

const table: Array<[new (...a: never[]) => Error, number, string, string]> = [
  [ValidationError, 400, "validation-failed", "The request is not valid"],
  [SignatureError, 401, "signature-invalid", "The request is not authenticated"],
  [UnauthenticatedError, 401, "unauthenticated", "Sign in first"],
  [LinkExpiredError, 410, "link-expired", "This link has expired"],
  [ForbiddenError, 403, "forbidden", "Your role does not allow this"],
  [NotFoundError, 404, "not-found", "Not found"],
  [AlreadyExistsError, 409, "already-exists", "Already exists"],
  [AlreadyClosedError, 409, "already-closed", "Already closed"],
  [ConcurrentChangeError, 409, "concurrent-change", "Changed by someone else; reload and retry"],
];

export function problemFor(error: unknown): Problem {
  if (error instanceof FileRejectedError) {
    // A file refused for what it is (type, size, corruption) carries its own status and code.
    const details = error.details ?? {};
    return {
      type: "about:blank",
      title: "The file cannot be accepted",
      status: Number(details.status ?? 400),
      code: String(details.code ?? "file-rejected"),
      detail: error.message,
      ...(details.importId ? { importId: details.importId } : {}),
      ...(details.fileKey ? { fileKey: details.fileKey } : {}),
    };
  }
  if (error instanceof UnprocessableError) {
    return { type: "about:blank", title: error.details.title, status: 422, code: error.details.code, detail: error.message, errors: error.details.issues.map((i) => ({ ...i })) };
  }
  if (error instanceof FileStoreNotConfiguredError) {
    return { type: "about:blank", title: "Uploads are unavailable", status: 503, code: "file-store-unavailable", detail: error.message };
  }
  if (error instanceof ZodError) {
    return { type: "about:blank", title: "The request is not valid", status: 400, code: "validation-failed", errors: zodIssues(error) };
  }
  for (const [cls, status, code, title] of table) {
    if (error instanceof cls) {
      const problem: Problem = { type: "about:blank", title, status, code, detail: error.message };
      if (error instanceof ValidationError) problem.errors = [...error.issues];
      const detailCode = (error as { details?: { code?: unknown } }).details?.code;
      if (typeof detailCode === "string") problem.code = detailCode;
      // Extension members an error carries for its caller (RFC 9457 §3.2), e.g. the open slots after a 409.
      const extras = (error as { problemExtras?: Record<string, unknown> }).problemExtras;
      if (extras) Object.assign(problem, extras);
      return problem;
    }
  }
  return { type: "about:blank", title: "Internal error", status: 500, code: "internal" };
}
