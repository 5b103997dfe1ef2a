// Domain errors. Each has a stable name: Step Functions Retry/Catch match on it, and the HTTP
// problem mapper (core/problem.ts) turns it into a status and a machine-readable code.
import type { ProblemCode } from "./problem-types.js";
export class DomainError extends Error {
  constructor(message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {}
export class AlreadyExistsError extends DomainError {}
export class ConcurrentChangeError extends DomainError {}
/**
 * The person was erased while this write was on its way: nothing was attached to them. A 409 if it
 * reaches a caller; intake catches it and files the application under a new person instead.
 */
export class PersonErasedError extends ConcurrentChangeError {}
/** The thing is already closed (a task done or cancelled): a 409 whose problem carries it as it is now. */
export class AlreadyClosedError extends DomainError {
  constructor(
    message: string,
    readonly problemExtras: Record<string, unknown>,
  ) {
    super(message);
  }
}
export class ValidationError extends DomainError {
  constructor(message: string, readonly issues: ReadonlyArray<{ path: string; message: string; code: string; params?: Record<string, string | number> }>) {
    super(message, { issues });
  }
}
/**
 * The request is well formed but the thing it acts on is not ready for it (an offer with a missing part, a
 * requisition with no offer policy): a 422 whose details carry the code, the title and the field issues.
 */
export class UnprocessableError extends DomainError {
  constructor(message: string, override readonly details: { code: string; title: string; issues: ReadonlyArray<{ path: string; message: string; code: string; [extra: string]: unknown }> }) {
    super(message, details);
  }
}
/**
 * The thing acted on is in a state that refuses the request, and retrying won't help (an offer already
 * submitted, or closed): a 409 whose details carry its own code and title, never "changed by someone else".
 */
export class StateConflictError extends DomainError {
  constructor(message: string, override readonly details: { code: ProblemCode; title: string }) {
    super(message, details);
  }
}
export class SignatureError extends DomainError {}
export class ForbiddenError extends DomainError {}
/** No credential, or one that fails verification (signature, issuer, audience, expiry). */
export class UnauthenticatedError extends DomainError {}
export class LinkExpiredError extends DomainError {}
/** The body's Content-Type is not one the route reads; details.accepted lists those it does. */
export class UnsupportedMediaTypeError extends DomainError {}
/** The candidate has no address on any channel the step may use. */
export class NoContactChannelError extends DomainError {}
/** The candidate unsubscribed from this channel. */
export class UnsubscribedError extends DomainError {}
/** A message held for later is moot by its send time (a later call reached the candidate): not sent, and the timeline says why. */
export class MessageNotNeededError extends DomainError {}
/** The caller sent more requests in the current window than its limit; answered as a 429 with Retry-After. */
export class ThrottledError extends DomainError {
  constructor(message: string, readonly limit: number, readonly retryAfterSeconds: number) {
    super(message);
  }
}
/** Worth retrying (throttling, a dependency briefly down). The ASL retries this name. */
export class TransientError extends DomainError {}
/** An uploaded file refused for what it is: details carry the code and the HTTP status (400/413/415). */
export class FileRejectedError extends DomainError {}
/** No file store is configured, so uploads can't be kept: a 503 that says so, never a silent drop. */
export class FileStoreNotConfiguredError extends DomainError {}
