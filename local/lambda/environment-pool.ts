// Lambda's execution model for one function, locally: a pool of execution environments (worker
// threads), started on demand (a cold start) up to the function's concurrency limit. Each serves one
// invocation at a time and keeps its module state to itself. An invocation past its timeout has its
// environment terminated (its work stops there, as a frozen and discarded sandbox's does) and gets
// Lambda's timeout error. A synchronous invocation past the limit is throttled at once; an
// asynchronous one waits for an environment, as Lambda's internal queue does. An environment left
// idle longer than the pool's idle time is terminated, as Lambda discards the sandboxes it froze: the
// next request past the warm ones is a cold start again.
import { randomUUID } from "node:crypto";
import { Worker } from "node:worker_threads";
import type { CallDescription } from "../iam/requests.js";
import { bundleFor } from "./bundle.js";
import { setComputeTimeout } from "../clock/compute-time.js";
import type { EnvironmentData, ErrorData, FromEnvironment, ToEnvironment } from "./protocol.js";

/** What an environment is told about its function (protocol.ts), plus how the pool runs it. */
export interface FunctionPoolOptions extends Pick<EnvironmentData, "functionId" | "functionName" | "functionArn" | "memoryMb" | "timeoutSeconds" | "clock"> {
  /** Absolute path of the handler module (TypeScript; bundled with esbuild for its environments). */
  entry: string;
  /** The machine's share for timeouts (compute-time.ts); default: measured from the load average. */
  share?: () => number;
  /** Most environments at once: reserved concurrency, or the local default. */
  concurrency: number;
  /** Real milliseconds an environment may stay idle before it is terminated; absent = kept until close. */
  idleMs?: number;
  /** The function's own environment variables (plus the process's own: PATH, TZ…). */
  env: Record<string, string>;
  /** Authorizes an AWS call as this function's role: undefined = allowed, else AWS's denial message. Absent = IAM off. */
  authorize?: (call: CallDescription) => Promise<string | undefined>;
  authorizeFile?: (operation: "GetObject" | "PutObject" | "DeleteObject", key: string) => Promise<string | undefined>;
  /** A worker's stdout/stderr line (Powertools' JSON logs). Default: the process's own streams. */
  logLine?: (line: string, stream: "stdout" | "stderr") => void;
  log?: (line: string) => void;
}

/**
 * How a caller meets a pool at its limit:
 * - "sync" (the HTTP API, the seed): throttled at once, as Lambda throttles RequestResponse.
 * - "async" (EventBridge, SNS, Scheduler): waits for an environment, as Lambda's event queue does.
 * - "step" (Step Functions' RequestResponse): throttled only past a reserved concurrency, Lambda's
 *   own limit; past the local default it waits. On AWS the account's 1,000 would have served it,
 *   and a journey must not fail because a 2-core machine holds ten environments, not a thousand.
 */
export type InvocationMode = "sync" | "async" | "step";

/** Lambda's answer to a synchronous invocation beyond the concurrency limit (HTTP 429 from the Invoke API). */
export class TooManyRequestsException extends Error {
  readonly lambdaServiceError = true;
  readonly statusCode = 429;
  readonly Reason: string;
  constructor(reserved: boolean) {
    super("Rate Exceeded.");
    this.name = "TooManyRequestsException";
    this.Reason = reserved ? "ReservedFunctionConcurrentInvocationLimitExceeded" : "ConcurrentInvocationLimitExceeded";
  }
}

/** A function error as the Invoke API reports it (FunctionError: Unhandled, payload {errorType, errorMessage}). */
export class LambdaFunctionError extends Error {
  constructor(data: ErrorData) {
    super(data.message);
    this.name = data.name;
    // A timeout has no stack trace in Lambda's payload; a function's own error keeps the worker's.
    if (data.stack) this.stack = data.stack;
    else delete (this as { stack?: string }).stack;
    Object.assign(this, data.extra);
  }
}

/** The local stack's shutdown, for an async invocation still waiting for an environment. */
export class PoolClosedError extends Error {
  constructor(fn: string) {
    super(`${fn}: the local stack is shutting down`);
    this.name = "ServiceException";
  }
}

/**
 * The thread's first code: imports the function's bundle (its Init phase). An error while the
 * handler module loads (a missing variable, a syntax error) is reported, as Lambda reports an Init error.
 */
const BOOTSTRAP = `
const { parentPort, workerData } = require("node:worker_threads");
import(workerData.bundle).catch((e) => parentPort.postMessage({ type: "init-error", error: { name: String((e && e.name) || "Error"), message: String((e && e.message) || e), stack: e && e.stack, extra: {} } }));
`;

interface Environment {
  worker: Worker;
  ready: Promise<void>;
  /** The invocation it is serving. */
  current?: { requestId: string; resolve(value: unknown): void; reject(error: Error): void };
  dead: boolean;
  /** Terminates it once it has been idle for the pool's idle time (cleared when it is reused). */
  reaper?: NodeJS.Timeout;
}

export class FunctionPool {
  private readonly idleEnvs: Environment[] = [];
  private readonly all = new Set<Environment>();
  /** Invocations holding (or starting) an environment: Lambda's concurrency. */
  private inUse = 0;
  private readonly waiting: Array<{ resolve(env: Environment | undefined): void; reject(error: Error): void }> = [];
  private closed = false;
  readonly stats = { invocations: 0, gbSeconds: 0, coldStarts: 0, initMs: 0, throttles: 0, timeouts: 0, reaped: 0 };

  constructor(
    private readonly options: FunctionPoolOptions,
    private readonly reservedConcurrency: boolean,
  ) {}

  get environments(): number {
    return this.all.size;
  }

  resetStats(): void {
    Object.assign(this.stats, { invocations: 0, gbSeconds: 0, coldStarts: 0, initMs: 0, throttles: 0, timeouts: 0, reaped: 0 });
  }

  async invoke(event: unknown, mode: InvocationMode = "sync", requestId: string = randomUUID()): Promise<unknown> {
    let env = await this.acquire(mode);
    try {
      if (!env) {
        this.stats.coldStarts += 1;
        env = this.start(await bundleFor(this.options.entry));
        await env.ready;
      }
      return await this.run(env, event, requestId);
    } finally {
      this.release(env);
    }
  }

  /** Terminates every environment; async invocations still waiting fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.reject(new PoolClosedError(this.options.functionName));
    await Promise.all([...this.all].map((env) => this.discard(env)));
  }

  /** A slot: an idle environment, or undefined = start one. Counted in inUse until released. */
  private acquire(mode: InvocationMode): Promise<Environment | undefined> | Environment | undefined {
    if (this.closed) throw new PoolClosedError(this.options.functionName);
    // The most recently used first, so the ones that stay idle are those a quieter load no longer needs.
    const env = this.idleEnvs.pop();
    if (env) clearTimeout(env.reaper);
    if (env || this.inUse < this.options.concurrency) {
      this.inUse += 1;
      return env;
    }
    if (mode === "sync" || (mode === "step" && this.reservedConcurrency)) {
      this.stats.throttles += 1;
      throw new TooManyRequestsException(this.reservedConcurrency);
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Frees the slot, or hands it (with the environment, if it is still usable) to a waiting async invocation. */
  private release(env: Environment | undefined): void {
    const usable = env && !env.dead && !this.closed ? env : undefined;
    usable?.worker.unref();
    const next = this.waiting.shift();
    if (next) {
      next.resolve(usable);
      return;
    }
    this.inUse -= 1;
    if (!usable) return;
    this.idleEnvs.push(usable);
    const idleMs = this.options.idleMs;
    if (idleMs !== undefined) {
      usable.reaper = setTimeout(() => {
        if (!this.idleEnvs.includes(usable)) return;
        this.stats.reaped += 1;
        void this.discard(usable);
      }, idleMs).unref();
    }
  }

  private start(bundle: string): Environment {
    const o = this.options;
    const data: EnvironmentData & { bundle: string } = {
      bundle,
      functionId: o.functionId,
      functionName: o.functionName,
      functionArn: o.functionArn,
      entry: o.entry,
      memoryMb: o.memoryMb,
      timeoutSeconds: o.timeoutSeconds,
      logStreamName: `${new Date().toISOString().slice(0, 10).replace(/-/g, "/")}/[$LATEST]${randomUUID().replace(/-/g, "")}`,
      iam: Boolean(o.authorize),
      ...(o.clock ? { clock: o.clock } : {}),
    };
    const startedAt = performance.now();
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: data,
      env: o.env,
      // Not this process's flags (tsx, vitest's): the bundle is plain JavaScript.
      execArgv: [],
      stdout: Boolean(o.logLine),
      stderr: Boolean(o.logLine),
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, o.memoryMb) },
    });
    if (o.logLine) {
      for (const stream of ["stdout", "stderr"] as const) {
        let buffered = "";
        worker[stream].setEncoding("utf8");
        worker[stream].on("data", (chunk: string) => {
          buffered += chunk;
          const lines = buffered.split("\n");
          buffered = lines.pop()!;
          for (const line of lines) o.logLine!(line, stream);
        });
      }
    }
    let ready!: () => void;
    let failed!: (error: Error) => void;
    const env: Environment = { worker, dead: false, ready: new Promise<void>((resolve, reject) => ((ready = resolve), (failed = reject))) };
    void env.ready.catch(() => undefined);
    this.all.add(env);
    worker.on("message", (message: FromEnvironment) => {
      switch (message.type) {
        case "ready":
          // Measured here: a worker's performance.now() counts from the process's origin, not the thread's start.
          this.stats.initMs += Math.round(performance.now() - startedAt);
          ready();
          return;
        case "init-error":
          failed(new LambdaFunctionError({ ...message.error, name: message.error.name.startsWith("Runtime.") ? message.error.name : "Runtime.ImportModuleError" }));
          void this.discard(env);
          return;
        case "result":
          if (env.current?.requestId === message.requestId) env.current.resolve(message.value);
          return;
        case "error":
          if (env.current?.requestId === message.requestId) env.current.reject(new LambdaFunctionError(message.error));
          return;
        case "authorize":
        case "authorize-file":
          void this.answer(env, message);
      }
    });
    // An uncaught exception or unhandled rejection ends the environment, as Node's Lambda runtime does.
    worker.on("error", (error) => {
      const e = new LambdaFunctionError({ name: "Runtime.UnhandledPromiseRejection", message: error.message, ...(error.stack ? { stack: error.stack } : {}), extra: {} });
      failed(e);
      env.current?.reject(e);
      void this.discard(env);
    });
    worker.on("exit", (code) => {
      const e = new LambdaFunctionError({ name: "Runtime.ExitError", message: `RequestId: ${env.current?.requestId ?? "-"} Error: Runtime exited with error: exit status ${code}`, extra: {} });
      failed(e);
      env.current?.reject(e);
      env.dead = true;
      this.all.delete(env);
      const i = this.idleEnvs.indexOf(env);
      if (i >= 0) this.idleEnvs.splice(i, 1);
    });
    return env;
  }

  private async answer(env: Environment, message: Extract<FromEnvironment, { type: "authorize" | "authorize-file" }>): Promise<void> {
    let reply: ToEnvironment;
    try {
      const denied = message.type === "authorize" ? await this.options.authorize?.(message.call) : await this.options.authorizeFile?.(message.operation, message.key);
      reply = { type: "authorized", callId: message.callId, ...(denied !== undefined ? { denied } : {}) };
    } catch (error) {
      reply = { type: "authorized", callId: message.callId, error: { name: (error as Error).name, message: (error as Error).message } };
    }
    if (!env.dead) env.worker.postMessage(reply);
  }

  private run(env: Environment, event: unknown, requestId: string): Promise<unknown> {
    const o = this.options;
    const started = performance.now();
    env.worker.ref();
    return new Promise<unknown>((resolve, reject) => {
      const settle = (billedMs: number) => {
        env.current = undefined;
        cancelTimer();
        this.stats.invocations += 1;
        this.stats.gbSeconds += (billedMs / 1000) * (o.memoryMb / 1024);
      };
      const cancelTimer = setComputeTimeout(() => {
        // Lambda freezes and discards a timed-out sandbox: nothing it had in flight runs on. The
        // caller hears of it once the thread is gone, so no write can follow the error.
        this.stats.timeouts += 1;
        settle(o.timeoutSeconds * 1000);
        const error = new LambdaFunctionError({ name: "Sandbox.Timedout", message: `RequestId: ${requestId} Error: Task timed out after ${o.timeoutSeconds.toFixed(2)} seconds`, extra: {} });
        void this.discard(env).then(() => reject(error));
      }, o.timeoutSeconds * 1000, o.share);
      env.current = {
        requestId,
        resolve: (value) => {
          settle(Math.ceil(performance.now() - started));
          resolve(value);
        },
        reject: (error) => {
          settle(Math.ceil(performance.now() - started));
          reject(error);
        },
      };
      env.worker.postMessage({ type: "invoke", requestId, event } satisfies ToEnvironment);
    });
  }

  private async discard(env: Environment): Promise<void> {
    env.dead = true;
    clearTimeout(env.reaper);
    this.all.delete(env);
    const i = this.idleEnvs.indexOf(env);
    if (i >= 0) this.idleEnvs.splice(i, 1);
    await env.worker.terminate().catch(() => undefined);
  }
}
