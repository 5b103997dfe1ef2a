// Errors raised while interpreting a definition, in the terms ASL uses: an error *name* matched by
// Retry/Catch and a *cause* text. The engine's StatesError already has that shape (name = AWS
// error, message = cause, retryable/catchable flags), so the interpreter reuses it.
import { StatesError } from "../errors.js";

/**
 * `States.Runtime`: a definition that cannot be applied to the data (a path with no match, a
 * ResultPath into a non-object, an intrinsic given the wrong type). AWS never retries or catches
 * it, not even with `States.ALL`.
 */
export function runtimeError(cause: string): StatesError {
  return new StatesError("States.Runtime", cause, { retryable: false, catchable: false });
}

/**
 * `States.QueryEvaluationError`: a JSONata expression failed or returned something its field
 * cannot take. AWS lets Retry/Catch handle it (it names it among the errors a catcher matches).
 */
export function queryEvaluationError(cause: string): StatesError {
  return new StatesError("States.QueryEvaluationError", cause);
}

/** Errors whose cause AWS prefixes with the state and the event id it was entered at. */
export function isRuntimeFailure(err: unknown): err is StatesError {
  return err instanceof StatesError && (err.name === "States.Runtime" || err.name === "States.QueryEvaluationError");
}
