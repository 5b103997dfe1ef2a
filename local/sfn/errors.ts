// Errors as the Amazon States Language sees them.
//
// aws-local-stepfunctions 3 matches Retry/Catch with `retrier.ErrorEquals[i] === error.name`
// (StateExecutor.shouldRetry / catchError), builds a Catch result as
// `{ Error: error.name, Cause: error.message }`, and reports StateFailed/ExecutionFailed with
// `Cause: error.cause ?? error.message`. It reads `error.isRetryable` / `error.isCatchable`
// (default true) to decide whether a retrier or catcher may match at all. So every error the
// harness throws into the library carries the AWS error *name* as `name`, AWS's *cause* as
// `message`, no `cause` property, and the two flags.
import { StateMachine } from "aws-local-stepfunctions";

export class StatesError extends Error {
  readonly isRetryable: boolean;
  readonly isCatchable: boolean;

  /**
   * `name`/`cause` may be null: SendTaskFailure without `error`/`cause` makes AWS report
   * `{"Error": null, "Cause": null}` to a catcher, and the library copies these fields verbatim.
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
 * the mistake, so it is neither retryable nor catchable (like the library's own States.Runtime).
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
 * non-Error reports `typeof value` as its type). aws-local-stepfunctions would set the Catch
 * Cause to the bare message, so the harness builds the error itself: `name` = errorType,
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

// --- States.Timeout --------------------------------------------------------------------------
//
// The library treats `States.TaskFailed` in ErrorEquals as "any error of a Task state except a
// timeout" and decides what a timeout is with `error instanceof StatesTimeoutError` - a class it
// does not export. A timeout raised by the harness (scaled task-token timeouts, heartbeats) must
// be an instance of that class, or a `States.TaskFailed` catcher would wrongly catch it. We get
// the class once by letting the library time out a throwaway 1 ms Task.
type ErrorCtor = new () => Error;
let libraryTimeoutCtor: ErrorCtor | undefined;

async function captureLibraryTimeoutError(): Promise<void> {
  const sm = new StateMachine(
    { StartAt: "T", States: { T: { Type: "Task", Resource: "local:probe", TimeoutSeconds: 0.001, End: true } } },
    { validationOptions: { noValidate: true } },
  );
  const run = sm.run(
    {},
    {
      overrides: {
        taskResourceLocalHandlers: { T: () => new Promise((resolve) => setTimeout(() => resolve(null), 50).unref()) },
      },
    },
  );
  void (async () => {
    for await (const _ of run.eventLogs) void _;
  })();
  try {
    await run.result;
  } catch (err) {
    const inner = (err as { cause?: unknown }).cause;
    if (inner instanceof Error && inner.name === "States.Timeout") libraryTimeoutCtor = inner.constructor as ErrorCtor;
  }
}

/** Resolves once the library's timeout class is known (a few milliseconds after import). */
export const libraryErrorsReady: Promise<void> = captureLibraryTimeoutError();

/**
 * `States.Timeout` (TimeoutSeconds elapsed) or `States.HeartbeatTimeout` (no heartbeat within
 * HeartbeatSeconds). AWS reports no cause for either; the Catch result carries `Cause: null`.
 */
export function statesTimeoutError(name: "States.Timeout" | "States.HeartbeatTimeout"): Error {
  const err: Error = libraryTimeoutCtor ? new libraryTimeoutCtor() : new StatesError(name, null);
  Object.defineProperty(err, "name", { value: name, writable: true, configurable: true });
  Object.defineProperty(err, "message", { value: null, writable: true, configurable: true });
  return err;
}

/** Does this error come from a timeout (used to pick TaskTimedOut vs TaskFailed history events)? */
export function isTimeoutError(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === "States.Timeout" || name === "States.HeartbeatTimeout";
}

/** Normalise anything thrown by an integration into a library-compatible error. */
export function toStatesError(err: unknown): Error {
  if (err instanceof StatesError) return err;
  if (err instanceof Error) {
    if (libraryTimeoutCtor && err instanceof libraryTimeoutCtor) return err;
    return new StatesError(err.name || "Error", err.message);
  }
  return new StatesError("Error", String(err));
}
