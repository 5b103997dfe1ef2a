// Messages between the pool (main thread) and an execution environment (worker thread). Everything
// crossing is structured-cloneable: events and results are JSON, as Lambda's Invoke API carries them.
import type { CallDescription } from "../iam/requests.js";

export interface EnvironmentData {
  functionId: string;
  functionName: string;
  functionArn: string;
  /** Absolute path of the handler module. */
  entry: string;
  memoryMb: number;
  timeoutSeconds: number;
  logStreamName: string;
  /** Authorize AWS calls (local IAM) by asking the main thread. */
  iam: boolean;
  /** The local stack's clock (shared-clock.ts); absent = the wall. */
  clock?: SharedArrayBuffer;
}

export interface ErrorData {
  name: string;
  message: string;
  stack?: string;
  extra: Record<string, unknown>;
}

export type ToEnvironment =
  | { type: "invoke"; requestId: string; event: unknown }
  | { type: "authorized"; callId: number; denied?: string; error?: { name: string; message: string } };

export type FromEnvironment =
  | { type: "ready" }
  | { type: "init-error"; error: ErrorData }
  | { type: "result"; requestId: string; value: unknown }
  | { type: "error"; requestId: string; error: ErrorData }
  | { type: "authorize"; callId: number; call: CallDescription }
  | { type: "authorize-file"; callId: number; operation: "GetObject" | "PutObject" | "DeleteObject"; key: string };

/**
 * A copy that survives postMessage: plain data as is; functions, streams and class instances the
 * structured clone would reject become what JSON would make of them.
 */
export function cloneable(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v instanceof Uint8Array ? Buffer.from(v).toString("base64") : v));
    return text === undefined ? undefined : JSON.parse(text);
  }
}
