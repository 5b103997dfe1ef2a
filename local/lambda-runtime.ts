// Runs the Lambda handler modules as Lambda does: each function has a pool of execution environments
// (worker threads, see local/lambda/), each importing the same module CDK bundles with that function's
// own environment, serving one request at a time, stopped at the function's timeout. Counts
// invocations, cold starts, throttles and billed duration so the benchmark can price a journey.
import { join } from "node:path";
import { functionCatalogue, functionIds, functionName, type FunctionId } from "../lib/function-catalogue.js";
import { repoRoot } from "../lib/state-machines.js";
import { localEndpointVariables } from "../lambdas/adapters/client-config.js";
import { runAs } from "./iam/caller.js";
import { denialOf, type LocalIam } from "./iam/index.js";
import { localAwsHooks } from "../lambdas/adapters/client-config.js";
import { FunctionPool, PoolClosedError, type InvocationMode } from "./lambda/environment-pool.js";
import { runQueuedEvent, type LocalQueue } from "./lambda/event-queue.js";

export { TooManyRequestsException } from "./lambda/environment-pool.js";

export type LocalLambda = (event: unknown, context?: unknown) => Promise<unknown>;

export interface InvocationStats {
  invocations: number;
  /** Sum of ceil(ms) × memory GB / 1000: Lambda's billed GB-seconds. */
  gbSeconds: number;
  /** Environments started (each imports the handler module once). */
  coldStarts: number;
  /** Time spent importing handler modules in new environments (Lambda's Init phase), ms. */
  initMs: number;
  /** Synchronous invocations refused beyond the concurrency limit (TooManyRequestsException). */
  throttles: number;
  /** Invocations stopped at the function's timeout (Sandbox.Timedout). */
  timeouts: number;
  /** Environments terminated after staying idle for the idle time (the next one is a cold start). */
  reaped: number;
}

/**
 * Concurrent executions per function when the catalogue reserves none. AWS's account-wide default is
 * 1,000 (new accounts may start lower). Locally every environment is a thread with its own copy of
 * the SDK (about 60 MB) and its own cold start (0.7 s of a core), all on the machine's cores: 10 is
 * what a 2-core machine carries. With 50, a burst (the soak's 50 journeys resuming after a kill -9)
 * started dozens of environments at once and starved everything else. Callers absorb the throttles
 * beyond it as on AWS: the journeys' Retry, a job board's redelivery, Lambda's event queue.
 * HIREPATH_LOCAL_CONCURRENCY overrides it.
 */
export const LOCAL_DEFAULT_CONCURRENCY = 10;

/**
 * Seconds an environment may stay idle before it is terminated. Lambda freezes an idle sandbox and
 * discards it after a while it does not publish (minutes in practice; 5–15 is what people observe).
 * Locally an idle environment is not free: it holds its heap (about 60 MB) and its isolate keeps
 * collecting garbage for half a minute after work, so a pool that grew for a burst shrinks back.
 * HIREPATH_LOCAL_IDLE_SECONDS overrides it (0 = never reaped).
 */
export const LOCAL_DEFAULT_IDLE_SECONDS = 300;

export { ASYNC_RETRY_DELAYS_MS, LocalQueue, type AsyncFailureRecord } from "./lambda/event-queue.js";

export interface LambdaRuntimeOptions {
  region: string;
  accountId: string;
  /** Every variable the local stack defines for its functions; each function gets the ones its schema names. */
  env: Record<string, string>;
  /** Local IAM (undefined = off): the workers' AWS calls are authorized here, as the function's role. */
  iam?: LocalIam;
  concurrency?: number;
  /** Seconds of real time before an idle environment is terminated (default LOCAL_DEFAULT_IDLE_SECONDS; 0 = never). */
  idleSeconds?: number;
  /** The stack's clock in shared memory: each environment's Date reads journey time from it. */
  clock?: SharedArrayBuffer;
  /** Overrides per function (tests: a short timeout). */
  overrides?: Partial<Record<FunctionId, { timeoutSeconds?: number; concurrency?: number }>>;
  /**
   * The queue the deployed stack's on-failure destination names (its message-events DLQ): where an
   * asynchronous invocation of a function with `asyncFailure: "dlq"` goes after its last attempt.
   * Absent: such events are dropped, as for every other function.
   */
  deadLetterQueue?: LocalQueue;
  /** The runtime's own notes (an asynchronous invocation retried, dropped or dead-lettered). */
  log?: (line: string) => void;
  /** Workers' log lines; default: this process's stdout/stderr. */
  logLine?: (fn: FunctionId, line: string, stream: "stdout" | "stderr") => void;
}

export interface LambdaRuntime {
  /** Synchronous invocation (RequestResponse): throttled at once beyond the limit. */
  lambdas: Record<FunctionId, LocalLambda>;
  /** Function name (as in ARNs) → synchronous invocation for the Step Functions dispatcher: waits past the local default, throttled past a reserved concurrency. */
  byName: Record<string, LocalLambda>;
  /** Function name → asynchronous invocation (EventBridge, SNS, Scheduler): waits for an environment, as Lambda's queue does. */
  asyncByName: Record<string, LocalLambda>;
  invokeAsync(fn: FunctionId, event: unknown): Promise<unknown>;
  stats: Record<FunctionId, InvocationStats>;
  /** Concurrency limit per function. */
  concurrency: Record<FunctionId, number>;
  /** Environments alive now per function. */
  environments(fn: FunctionId): number;
  context(fn: FunctionId): Record<string, unknown>;
  resetStats(): void;
  /** Resolves once no invocation is running (including ones started meanwhile), or after `boundMs`. */
  idle(boundMs: number): Promise<void>;
  /** Terminates every environment (after idle: what still runs is stopped). */
  close(): Promise<void>;
}

/** Variables that are the local stack's wiring or Lambda's own, given to every function. */
const SHARED = /^(AWS_|HIREPATH_RUNTIME$|POWERTOOLS_|NODE_)/;

export function functionEnvironment(fn: FunctionId, stackEnv: Record<string, string>, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const spec = functionCatalogue[fn];
  const shape = (spec.env as unknown as { shape?: Record<string, unknown> }).shape;
  const own = (name: string) => SHARED.test(name) || !shape || name in shape;
  const env: Record<string, string> = {};
  // The process's own variables (PATH, TZ, overrides a developer exported), minus other functions' variables.
  for (const [k, v] of Object.entries(base)) if (v !== undefined && (!(k in stackEnv) || own(k))) env[k] = v;
  for (const [k, v] of Object.entries(stackEnv)) if (own(k)) env[k] = v;
  return {
    ...env,
    AWS_LAMBDA_FUNCTION_NAME: functionName(fn),
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName(fn)}`,
  };
}

export function concurrencyLimit(fn: FunctionId, fallback: number): number {
  const reserved = (functionCatalogue[fn] as { reservedConcurrency?: number }).reservedConcurrency;
  return reserved ?? fallback;
}

export async function loadLambdas(options: LambdaRuntimeOptions): Promise<LambdaRuntime> {
  const { region, accountId, iam } = options;
  const fallback = options.concurrency ?? (Number(process.env.HIREPATH_LOCAL_CONCURRENCY) || LOCAL_DEFAULT_CONCURRENCY);
  const idleEnv = process.env.HIREPATH_LOCAL_IDLE_SECONDS;
  const idleSeconds = options.idleSeconds ?? (idleEnv !== undefined && idleEnv !== "" && Number.isFinite(Number(idleEnv)) ? Number(idleEnv) : LOCAL_DEFAULT_IDLE_SECONDS);
  const arn = (fn: FunctionId) => `arn:aws:lambda:${region}:${accountId}:function:${functionName(fn)}`;
  const context = (fn: FunctionId) => {
    const spec = functionCatalogue[fn];
    const name = functionName(fn);
    // Compute time is real time (performance.now()); the local stack's Date reads journey time.
    const deadline = performance.now() + spec.timeoutSeconds * 1000;
    return {
      functionName: name,
      functionVersion: "$LATEST",
      invokedFunctionArn: arn(fn),
      memoryLimitInMB: String(spec.memoryMb),
      awsRequestId: crypto.randomUUID(),
      logGroupName: `/aws/lambda/${name}`,
      logStreamName: "local",
      callbackWaitsForEmptyEventLoop: false,
      getRemainingTimeInMillis: () => Math.max(0, deadline - performance.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
  };
  // Endpoints must be loopback (the adapters check too): a worker reaches dynalite and the emulators over HTTP.
  for (const variable of Object.values(localEndpointVariables)) if (!options.env[variable]) throw new Error(`local Lambda runtime: ${variable} is not set`);

  const pools = {} as Record<FunctionId, FunctionPool>;
  const limits = {} as Record<FunctionId, number>;
  for (const id of functionIds) {
    const spec = functionCatalogue[id];
    const override = options.overrides?.[id] ?? {};
    const reserved = (spec as { reservedConcurrency?: number }).reservedConcurrency;
    limits[id] = override.concurrency ?? concurrencyLimit(id, fallback);
    const caller = { kind: "function", id } as const;
    pools[id] = new FunctionPool(
      {
        functionId: id,
        functionName: functionName(id),
        functionArn: arn(id),
        entry: join(repoRoot, spec.entry),
        memoryMb: spec.memoryMb,
        timeoutSeconds: override.timeoutSeconds ?? spec.timeoutSeconds,
        concurrency: limits[id],
        ...(idleSeconds > 0 ? { idleMs: idleSeconds * 1000 } : {}),
        env: functionEnvironment(id, options.env),
        ...(options.clock ? { clock: options.clock } : {}),
        ...(iam
          ? {
              authorize: (call) => denialOf(() => iam.authorize(caller, call)),
              // The file store's check lives with local IAM's hooks; it reads the caller from here.
              authorizeFile: (operation, key) => runAs(caller, () => denialOf(async () => localAwsHooks.authorizeFileAccess?.(operation, key))),
            }
          : {}),
        ...(options.logLine ? { logLine: (line, stream) => options.logLine!(id, line, stream) } : {}),
      },
      reserved !== undefined,
    );
  }

  // Invocations still running. Shutdown waits for them: a handler the engine started before it
  // closed would otherwise write to a table that has just been closed under it.
  const running = new Set<Promise<unknown>>();
  const invoke = (id: FunctionId, event: unknown, ctx: unknown, mode: InvocationMode) => {
    const requestId = typeof (ctx as { awsRequestId?: unknown } | undefined)?.awsRequestId === "string" ? (ctx as { awsRequestId: string }).awsRequestId : crypto.randomUUID();
    const invocation = pools[id].invoke(event, mode, requestId);
    running.add(invocation);
    void invocation.then(
      () => running.delete(invocation),
      () => running.delete(invocation),
    );
    return invocation;
  };
  // An asynchronous invocation (EventBridge, SNS, Scheduler) waits for an environment instead of
  // being throttled, and runs through Lambda's event queue: retried twice, then dead-lettered or dropped.
  const invokeAsync = (id: FunctionId, event: unknown, ctx: unknown) => {
    const requestId = typeof (ctx as { awsRequestId?: unknown } | undefined)?.awsRequestId === "string" ? (ctx as { awsRequestId: string }).awsRequestId : crypto.randomUUID();
    const onFailure = functionCatalogue[id].asyncFailure === "dlq" ? options.deadLetterQueue : undefined;
    return runQueuedEvent(event, requestId, {
      functionName: functionName(id),
      functionArn: arn(id),
      // Every attempt of one event carries the event's request id, as Lambda's retries do.
      attempt: () => invoke(id, event, { awsRequestId: requestId }, "async"),
      isFinal: (error) => error instanceof PoolClosedError,
      ...(onFailure ? { onFailure } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
  };
  const lambdas = Object.fromEntries(functionIds.map((id) => [id, (event: unknown, ctx?: unknown) => invoke(id, event, ctx, "sync")])) as Record<FunctionId, LocalLambda>;
  // Step Functions' invocations wait past the local default and are throttled past a reserved concurrency (see InvocationMode).
  const byName = Object.fromEntries(functionIds.map((id) => [functionName(id), (event: unknown, ctx?: unknown) => invoke(id, event, ctx, "step")]));
  const asyncByName = Object.fromEntries(functionIds.map((id) => [functionName(id), (event: unknown, ctx?: unknown) => invokeAsync(id, event, ctx)]));
  return {
    lambdas,
    byName,
    asyncByName,
    invokeAsync: (fn, event) => invokeAsync(fn, event, undefined),
    stats: Object.fromEntries(functionIds.map((id) => [id, pools[id].stats])) as Record<FunctionId, InvocationStats>,
    concurrency: limits,
    environments: (fn) => pools[fn].environments,
    context,
    resetStats: () => {
      for (const id of functionIds) pools[id].resetStats();
    },
    idle: async (boundMs) => {
      const until = Date.now() + boundMs;
      while (running.size > 0 && Date.now() < until) {
        await Promise.race([Promise.allSettled([...running]), new Promise((resolve) => setTimeout(resolve, Math.max(0, until - Date.now())).unref())]);
      }
    },
    close: async () => {
      await Promise.all(functionIds.map((id) => pools[id].close()));
    },
  };
}
