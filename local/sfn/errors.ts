// Errors as the Amazon States Language sees them.
//
// The interpreter (./interpreter) matches Retry/Catch on `error.name`, builds a Catch result as
// `{ Error: error.name, Cause: error.message }`, and reads `isRetryable` / `isCatchable` to decide
// whether a retrier or catcher may match at all. So every error thrown into it carries the AWS
// error *name* as `name`, AWS's *cause* as `message`, and the two flags.

export class StatesError extends Error {
  readonly isRetryable: boolean;
  readonly isCatchable: boolean;

  /**
   * `name`/`cause` may be null: SendTaskFailure without `error`/`cause` makes AWS report
   * `{"Error": null, "Cause": null}` to a catcher, and the interpreter copies these fields verbatim.
   */
  constructor(name: string | null, cause: string | null, options: { retryable?: boolean; catchable?: boolean } = {}) {
    super(cause ?? "");
    Object.defineProperty(this, "name", { value: name, writable: true, configurable: true });
    Object.defineProperty(this, "message", { value: cause, writable: true, configurable: true });
    this.isRetryable = options.retryable ?? true;
    this.isCatchable = options.catchable ?? true;
  }
}

/**
 * A failure that must end the execution rather than be routed by Retry/Catch: a configuration
 * problem of the local harness (unknown resource, missing local Lambda, ...). AWS would have
 * rejected the definition or failed loudly; letting a `States.ALL` catcher swallow it would hide
 * the mistake, so it is neither retryable nor catchable (like AWS's own States.Runtime).
 */
export function harnessRuntimeError(message: string): StatesError {
  return new StatesError("States.Runtime", message, { retryable: false, catchable: false });
}

/** Errors of the Step Functions API itself (the `__type` of the JSON protocol). */
export class SfnApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * A Lambda handler that throws becomes, on AWS, Error = the error's type name and
 * Cause = `{"errorMessage": ..., "errorType": ..., "trace": [...]}` (the Node.js runtime's
 * error response: errorType is `error.name`, trace is `error.stack` split on newlines; a thrown
 * non-Error reports `typeof value` as its type). The harness builds the error itself: `name` = errorType,
 * `message` = that JSON text. The ASL therefore sees exactly AWS's shapes in Retry/Catch and
 * in `$.error.Cause`.
 */
export function lambdaFunctionError(thrown: unknown): StatesError {
  let errorType: string;
  let errorMessage: string;
  let trace: string[];
  if (thrown instanceof Error || (typeof thrown === "object" && thrown !== null && "message" in thrown && "name" in thrown)) {
    const err = thrown as Error;
    errorType = String(err.name ?? "Error");
    errorMessage = String(err.message ?? "");
    trace = typeof err.stack === "string" ? err.stack.split("\n") : [];
  } else {
    errorType = typeof thrown;
    errorMessage = String(thrown);
    trace = [];
  }
  return new StatesError(errorType, JSON.stringify({ errorMessage, errorType, trace }));
}

/**
 * `States.Timeout` (TimeoutSeconds elapsed) or `States.HeartbeatTimeout` (no heartbeat within
 * HeartbeatSeconds). AWS reports no cause for either; the Catch result carries `Cause: null`.
 * The interpreter keeps both out of `States.TaskFailed` by name.
 */
export function statesTimeoutError(name: "States.Timeout" | "States.HeartbeatTimeout"): StatesError {
  return new StatesError(name, null);
}

/** Does this error come from a timeout (used to pick TaskTimedOut vs TaskFailed history events)? */
export function isTimeoutError(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === "States.Timeout" || name === "States.HeartbeatTimeout";
}

/** Normalise anything thrown by an integration into an error the interpreter understands. */
export function toStatesError(err: unknown): Error {
  if (err instanceof StatesError) return err;
  if (err instanceof Error) {
    return new StatesError(err.name || "Error", err.message);
  }
  return new StatesError("Error", String(err));
}
