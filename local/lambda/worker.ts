// One Lambda execution environment's runtime: bundled in front of one handler module (see bundle.ts)
// and run in a worker thread, it serves one invocation at a time, with that function's own
// environment variables and module state. The main thread's pool decides when to start, reuse or
// terminate the environment.
import { parentPort, workerData } from "node:worker_threads";
import { localAwsHooks } from "../../lambdas/adapters/client-config.js";
import { runAs } from "../iam/caller.js";
import { installVirtualDate } from "../clock/virtual-date.js";
import { sharedClockReader } from "../clock/shared-clock.js";
import { machineShare } from "../clock/compute-time.js";
import { iamMiddlewarePlugin } from "../iam/plugin.js";
import type { FunctionId } from "../../lib/function-catalogue.js";
import type { CallDescription } from "../iam/requests.js";
import { cloneable, type EnvironmentData, type ErrorData, type FromEnvironment, type ToEnvironment } from "./protocol.js";

const data = workerData as EnvironmentData;
const port = parentPort!;
const caller = { kind: "function", id: data.functionId as FunctionId } as const;

// Journey time: this thread's Date follows the local stack's clock (shared memory), installed
// before the handler module loads, as the main thread installs it before anything reads the time.
if (data.clock) installVirtualDate(sharedClockReader(data.clock));

// IAM: the main thread holds the template and the evaluator; each call is authorized there, as
// this function's role, before it leaves the client. Installed before the handler module creates
// its clients.
const pending = new Map<number, { resolve(denied: string | undefined): void; reject(error: Error): void }>();
let nextCall = 0;
type Question = { type: "authorize"; call: CallDescription } | { type: "authorize-file"; operation: "GetObject" | "PutObject" | "DeleteObject"; key: string };
function ask(message: Question): Promise<string | undefined> {
  const callId = ++nextCall;
  return new Promise((resolve, reject) => {
    pending.set(callId, { resolve, reject });
    port.postMessage({ ...message, callId } as FromEnvironment);
  });
}
if (data.iam) {
  localAwsHooks.clientPlugins.push(
    iamMiddlewarePlugin((call) => ask({ type: "authorize", call: { service: call.service, operation: call.operation, input: cloneable(call.input) as Record<string, unknown> } })),
  );
  localAwsHooks.authorizeFileAccess = async (operation, key) => {
    const denied = await ask({ type: "authorize-file", operation, key });
    if (denied !== undefined) throw Object.assign(new Error(denied), { name: "AccessDeniedException" });
  };
}

type Handler = (event: unknown, context: unknown) => Promise<unknown>;
let handler: Handler;

/** Called by the bundle's entry once the handler module has loaded (its Init phase is over). */
export function serve(loaded: Handler): void {
  if (typeof loaded !== "function") throw Object.assign(new Error(`${data.entry} does not export a handler`), { name: "Runtime.HandlerNotFound" });
  handler = loaded;
  port.postMessage({ type: "ready" } satisfies FromEnvironment);
}

port.on("message", (message: ToEnvironment) => {
  if (message.type === "authorized") {
    const waiting = pending.get(message.callId);
    pending.delete(message.callId);
    if (message.error) waiting?.reject(Object.assign(new Error(message.error.message), { name: message.error.name }));
    else waiting?.resolve(message.denied);
    return;
  }
  void invoke(message);
});

async function invoke(message: Extract<ToEnvironment, { type: "invoke" }>): Promise<void> {
  // The time left is machine time, as the pool counts the timeout (local/clock/compute-time.ts),
  // given in wall milliseconds at the machine's current share: Middy's early timeout (a timer set
  // from it) must not fire on an overloaded machine before the pool's timeout would. Date reads journey time.
  let left = data.timeoutSeconds * 1000;
  let last = performance.now();
  const remaining = () => {
    const now = performance.now();
    const share = machineShare();
    left -= (now - last) * share;
    last = now;
    return Math.max(0, Math.floor(left / share));
  };
  const context = {
    functionName: data.functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: data.functionArn,
    memoryLimitInMB: String(data.memoryMb),
    awsRequestId: message.requestId,
    logGroupName: `/aws/lambda/${data.functionName}`,
    logStreamName: data.logStreamName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: remaining,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  try {
    // Everything the invocation does, awaited or not, runs as this function's role (local IAM).
    const value = await runAs(caller, () => handler(message.event, context));
    port.postMessage({ type: "result", requestId: message.requestId, value: cloneable(value) } satisfies FromEnvironment);
  } catch (error) {
    port.postMessage({ type: "error", requestId: message.requestId, error: errorData(error) } satisfies FromEnvironment);
  }
}

export function errorData(error: unknown): ErrorData {
  if (error instanceof Error || (typeof error === "object" && error !== null && "message" in error)) {
    const e = error as Error & Record<string, unknown>;
    const extra: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e)) if (k !== "name" && k !== "message" && k !== "stack") extra[k] = v;
    return { name: String(e.name ?? "Error"), message: String(e.message ?? ""), ...(e.stack ? { stack: String(e.stack) } : {}), extra: cloneable(extra) as Record<string, unknown> };
  }
  return { name: typeof error, message: String(error), extra: {} };
}
