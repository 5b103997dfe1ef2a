// LocalStepFunctions: a durable Step Functions engine for local mode, on the in-repo ASL
// interpreter (./interpreter).
//
// How a run works
// ---------------
// An execution is run in *segments*. A segment is one `runExecution()` of the definition starting
// at some top-level state. The interpreter evaluates the ASL (JSONPath, JSONata, variables,
// Choice, Parallel, Map, Retry/Catch); every Task, Wait and retry back-off comes back here through
// its hooks, so time, durability and integrations stay the engine's.
//
// The interpreter's events are journaled as AWS-style history. Every top-level StateEntered
// is a checkpoint (with the top-level variables): after a crash, `recover()` starts a new segment
// at the last checkpointed state with that state's raw input and variables, and the original
// `$$.Execution` context. A Task running at the crash runs again (at-least-once,
// as with AWS retries). Waits and task tokens are keyed by (checkpoint, state, occurrence), so a
// resumed Wait sleeps only its remaining time and a resumed callback Task waits for the token it
// already issued instead of invoking its integration again.
//
// Time: every Wait, callback timeout and heartbeat, execution timeout and Retry back-off is a
// timer on a JourneyClock (local/clock), and history is stamped with its time. The local stack
// passes its one VirtualClock, so advancing that clock (POST /local/clock, a test's
// `clock.advance("PT1H")`) ends exactly the waits that fall due, in order; a Timestamp wait ends
// at its timestamp. Only a request-response task's TimeoutSeconds stays in real time: it bounds
// real compute, and a journey-time bound would fail a running Lambda when the clock is advanced.
import { createHash, randomUUID } from "node:crypto";
import { join } from "node:path";
import { TASK_TOKEN_PLACEHOLDER, compileDefinition, type CompiledDefinition, type TaskSpec, type WaitSpec } from "./asl.js";
import { SfnApiError, StatesError, isTimeoutError, statesTimeoutError, toStatesError } from "./errors.js";
import { ExecutionFailure, RunAborted, runExecution, type InterpreterEvent, type TaskCall, type WaitCall } from "./interpreter/executor.js";
import { ExecutionStore, type Execution, type StoredEvent } from "./store.js";
import { describeResource, waitUntilMs } from "./task-helpers.js";
import { nextMacrotask, setLongTimeout, type Cancel } from "./timers.js";
import { setComputeTimeout } from "../clock/compute-time.js";
import { VirtualClock, type JourneyClock } from "../clock/virtual-clock.js";
import { isWellFormedTaskToken, mintTaskToken, substituteTaskToken, type TaskTokenState, type TokenOutcome } from "./tokens.js";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "../event-bus.js";
import type {
  ExecutionDescription,
  ExecutionHistoryEvent,
  ExecutionStatus,
  ExecutionSummary,
  JsonValue,
  LogFn,
  TaskDispatcher,
} from "./types.js";

/** AWS hard quota: the 25,000th event must be the execution's last. */
export const HISTORY_EVENT_LIMIT = 25_000;
/** AWS quota on state input/output and task results (256 KiB). */
const DATA_LIMIT_BYTES = 256 * 1024;
/**
 * A segment parked longer than this (real time) on a wait or a callback is restarted from its
 * checkpoint - resuming exactly like after a crash - so no in-memory run lives for months.
 */
const DEFAULT_ROLLOVER_MS = 20 * 24 * 3600 * 1000;
/** Errors whose retry back-off runs in real time (see the backoff hook): the Lambda service's own and a timeout (Lambda's, Middy's early one). */
const REAL_TIME_RETRY = /^(Lambda\.(TooManyRequestsException|ServiceException|AWSLambdaException|SdkClientException)|Sandbox\.Timedout|TimeoutError)$/;
const TERMINAL_EVENT: Record<Exclude<ExecutionStatus, "RUNNING">, string> = {
  SUCCEEDED: "ExecutionSucceeded",
  FAILED: "ExecutionFailed",
  TIMED_OUT: "ExecutionTimedOut",
  ABORTED: "ExecutionAborted",
};
const TERMINAL_TYPES = new Set(Object.values(TERMINAL_EVENT));
/** AWS naming rule for state machines and executions. */
const VALID_NAME = /^[^\s?*<>{}[\]"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

export interface LocalStepFunctionsOptions {
  dataDir: string;
  dispatcher: TaskDispatcher;
  /**
   * Journey time: Waits, callback timeouts and heartbeats, Retry back-off and execution timeouts
   * are timers on it, and history is stamped with it. The local stack passes its one VirtualClock.
   * Default: a clock of this engine's own at `timeScale`, persisted in <dataDir>/clock.json.
   */
  clock?: JourneyClock;
  /** Journey seconds per real second of the default clock. Default 1. */
  timeScale?: number;
  region?: string;
  accountId?: string;
  log?: LogFn;
  /** Closed executions older than this are forgotten when the journal is reopened. Default 90 (as AWS). */
  retentionDays?: number;
  /** Real ms after which a long-parked segment is restarted from its checkpoint (default 20 days; lowered only by tests). */
  rolloverMs?: number;
  /** Closed executions whose history stays in memory (older ones are read back from the journal). Default 1000. */
  historyCacheSize?: number;
}

/** A Wait state an execution is parked on: until when (journey time) and with what input. */
export interface PendingWait {
  executionArn: string;
  executionName: string;
  stateName: string;
  until: number;
  input: JsonValue;
}

/** One segment of an execution: a single library run. */
interface Run {
  exec: Execution;
  compiled: CompiledDefinition;
  stopped: boolean;
  stopError: Error;
  abortInterpreter: () => void;
  /** Rejects when the run is stopped; every task handler races against it. */
  aborted: Promise<never>;
  rejectAborted: (err: Error) => void;
  /** Timers and waiters to clear when the run stops. */
  cancels: Set<Cancel>;
  /** A resumed segment re-enters its checkpoint state: that StateEntered is already in the history. */
  skipFirstEntered: boolean;
  occurrences: Map<string, number>;
  rollover?: Cancel;
}

/** A task handler invocation; parked while waiting on a timer or a token. */
interface Op {
  parked: boolean;
  done: boolean;
}

/** What ListExecutions shows of an execution; DescribeExecution adds input, output and error. */
function summaryOf(exec: Execution): ExecutionSummary {
  return {
    executionArn: exec.arn,
    stateMachineArn: exec.smArn,
    name: exec.name,
    status: exec.status,
    startDate: new Date(exec.startMs),
    ...(exec.stopMs !== undefined ? { stopDate: new Date(exec.stopMs) } : {}),
  };
}

export class LocalStepFunctions {
  /** Pending Wait states, so a test can advance past them (wakeWaits). */
  private readonly waitWakers = new Map<string, { executionArn: string; wake: () => void }>();
  /** Wait states parked now, with their effective input (the outbox lists the planned sends among them). */
  private readonly parkedWaits = new Map<string, PendingWait>();
  readonly region: string;
  readonly accountId: string;
  readonly timeScale: number;
  readonly clock: JourneyClock;
  private readonly ownsClock: boolean;
  private readonly dispatcher: TaskDispatcher;
  private readonly log: LogFn;
  private readonly store: ExecutionStore;
  private readonly compiled = new Map<string, CompiledDefinition>();
  private readonly machines = new Map<string, { name: string; hash: string }>();
  private readonly runs = new Map<string, Run>();
  private readonly executionTimeouts = new Map<string, Cancel>();
  private readonly rolloverMs: number;
  private activeOps = 0;
  private idleWaiters: Array<() => void> = [];
  private closed = false;

  constructor(options: LocalStepFunctionsOptions) {
    this.region = options.region ?? LOCAL_REGION;
    this.accountId = options.accountId ?? LOCAL_ACCOUNT;
    this.rolloverMs = options.rolloverMs ?? DEFAULT_ROLLOVER_MS;
    this.timeScale = options.timeScale ?? 1;
    if (!(this.timeScale > 0)) throw new Error("timeScale must be a positive number");
    // Standalone (tests, benchmarks): a clock of its own, kept beside the journal so journey time continues after a restart.
    this.ownsClock = options.clock === undefined;
    // It stands still until the engine runs (recover() or the first start), so a slow start-up spends no journey time.
    this.clock = options.clock ?? new VirtualClock({ file: join(options.dataDir, "clock.json"), scale: this.timeScale, paused: true });
    this.dispatcher = options.dispatcher;
    this.log = options.log ?? (() => {});
    this.store = new ExecutionStore(options.dataDir, (options.retentionDays ?? 90) * 24 * 3600 * 1000, options.historyCacheSize ?? 1000, () => this.clock.now());
  }

  // --- state machines -----------------------------------------------------------------------

  stateMachineArn(name: string): string {
    return `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${name}`;
  }

  /**
   * Registers (or updates) a state machine. The definition is validated for the local harness
   * (see asl.ts) and throws InvalidDefinitionError listing every problem. Running executions
   * keep the version they started with, as on AWS.
   */
  registerStateMachine(name: string, definition: object): string {
    if (!VALID_NAME.test(name)) throw new SfnApiError("InvalidName", `Invalid Name: '${name}'`);
    const compiled = compileDefinition(name, definition);
    this.compiled.set(compiled.hash, compiled);
    if (!this.closed) this.store.putDefinition(compiled.hash, name, compiled.original);
    const arn = this.stateMachineArn(name);
    this.machines.set(arn, { name, hash: compiled.hash });
    return arn;
  }

  hasStateMachine(stateMachineArn: string): boolean {
    return this.machines.has(stateMachineArn);
  }

  private compiledFor(hash: string): CompiledDefinition | undefined {
    let compiled = this.compiled.get(hash);
    if (!compiled) {
      const stored = this.store.definitions.get(hash);
      if (!stored) return undefined;
      compiled = compileDefinition(stored.name, stored.definition);
      this.compiled.set(hash, compiled);
    }
    return compiled;
  }

  // --- executions ---------------------------------------------------------------------------

  async startExecution(params: { stateMachineArn: string; name?: string; input?: string }): Promise<{ executionArn: string; startDate: Date }> {
    this.assertOpen();
    this.runOwnClock();
    const machine = this.machines.get(params.stateMachineArn);
    if (!machine) throw new SfnApiError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${params.stateMachineArn}'`);
    const name = params.name ?? randomUUID();
    if (!VALID_NAME.test(name)) throw new SfnApiError("InvalidName", `Invalid Name: '${name}'`);
    const input = params.input ?? "{}";
    let parsed: JsonValue;
    try {
      parsed = JSON.parse(input) as JsonValue;
    } catch {
      throw new SfnApiError("InvalidExecutionInput", `Invalid State Machine Execution Input: 'Unable to parse the input as JSON'`);
    }
    if (Buffer.byteLength(input) > DATA_LIMIT_BYTES) {
      throw new SfnApiError("InvalidExecutionInput", `Invalid State Machine Execution Input: 'the input exceeds ${DATA_LIMIT_BYTES} bytes'`);
    }
    const executionArn = `arn:aws:states:${this.region}:${this.accountId}:execution:${machine.name}:${name}`;
    const existing = this.store.executions.get(executionArn);
    if (existing) {
      // Standard workflows: same name + same input while RUNNING is idempotent; otherwise (closed, or different input) it is an error.
      if (existing.status === "RUNNING" && sameJson(existing.input, input)) {
        return { executionArn, startDate: new Date(existing.startMs) };
      }
      throw new SfnApiError("ExecutionAlreadyExists", `Execution Already Exists: '${executionArn}'`);
    }
    const compiled = this.compiledFor(machine.hash)!;
    const exec = this.store.createExecution({
      x: randomUUID().replace(/-/g, "").slice(0, 12),
      arn: executionArn,
      smArn: params.stateMachineArn,
      smName: machine.name,
      name,
      hash: machine.hash,
      input,
      startMs: this.clock.now(),
      roleArn: `arn:aws:iam::${this.accountId}:role/hirepath-local-states`,
    });
    this.record(exec, { type: "ExecutionStarted", input, roleArn: exec.roleArn }, false);
    if (this.armExecutionTimeout(exec, compiled)) this.startSegment(exec, compiled, compiled.startAt, parsed, false);
    this.store.flush();
    return { executionArn, startDate: new Date(exec.startMs) };
  }

  describeExecution(executionArn: string): ExecutionDescription {
    const exec = this.execution(executionArn);
    return {
      ...summaryOf(exec),
      input: exec.input,
      ...(exec.output !== undefined ? { output: exec.output } : {}),
      ...(exec.error !== undefined ? { error: exec.error } : {}),
      ...(exec.cause !== undefined ? { cause: exec.cause } : {}),
    };
  }

  /** Newest first, as AWS lists them. */
  listExecutions(filter: { stateMachineArn?: string; statusFilter?: ExecutionStatus } = {}): ExecutionSummary[] {
    const out: ExecutionSummary[] = [];
    for (const exec of this.store.executions.values()) {
      if (filter.stateMachineArn && exec.smArn !== filter.stateMachineArn) continue;
      if (filter.statusFilter && exec.status !== filter.statusFilter) continue;
      out.push(summaryOf(exec));
    }
    return out.sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
  }

  /** True if the ARN names a registered state machine or one that has executions on record. */
  knowsStateMachine(stateMachineArn: string): boolean {
    if (this.machines.has(stateMachineArn)) return true;
    for (const exec of this.store.executions.values()) if (exec.smArn === stateMachineArn) return true;
    return false;
  }

  getExecutionHistory(executionArn: string): ExecutionHistoryEvent[] {
    return this.store.history(this.execution(executionArn)).map(({ t, ...rest }) => ({ ...rest, timestamp: new Date(t) }));
  }

  stopExecution(executionArn: string, error?: string, cause?: string): { stopDate: Date } {
    this.assertOpen();
    const exec = this.execution(executionArn);
    if (exec.status === "RUNNING") this.finish(exec, "ABORTED", { error, cause });
    this.store.flush();
    return { stopDate: new Date(exec.stopMs ?? this.clock.now()) };
  }

  private execution(executionArn: string): Execution {
    const exec = this.store.executions.get(executionArn);
    if (!exec) throw new SfnApiError("ExecutionDoesNotExist", `Execution Does Not Exist: '${executionArn}'`);
    return exec;
  }

  // --- task tokens --------------------------------------------------------------------------

  sendTaskSuccess(taskToken: string, output: string): void {
    this.assertOpen();
    const tok = this.openToken(taskToken);
    try {
      JSON.parse(output);
    } catch {
      throw new SfnApiError("InvalidOutput", "Invalid Output: 'the output is not valid JSON'");
    }
    if (Buffer.byteLength(output) > DATA_LIMIT_BYTES) throw new SfnApiError("InvalidOutput", `Invalid Output: 'the output exceeds ${DATA_LIMIT_BYTES} bytes'`);
    this.settleToken(tok, { kind: "success", output });
  }

  sendTaskFailure(taskToken: string, error?: string, cause?: string): void {
    this.assertOpen();
    const tok = this.openToken(taskToken);
    this.settleToken(tok, { kind: "failure", error: error ?? null, cause: cause ?? null });
  }

  sendTaskHeartbeat(taskToken: string): void {
    this.assertOpen();
    const tok = this.openToken(taskToken);
    this.store.heartbeat(tok.token, this.clock.now());
    this.store.flush();
    tok.rearmHeartbeat?.();
  }

  /** The state machine whose execution issued a task token: IAM authorizes task-token calls against it. */
  issuingStateMachine(taskToken: string): string | undefined {
    const tok = this.store.tokens.get(taskToken);
    return tok ? this.store.byX.get(tok.x)?.smArn : undefined;
  }

  /** A token that can still be completed, or the AWS error saying why not. */
  private openToken(taskToken: string): TaskTokenState {
    if (!isWellFormedTaskToken(taskToken)) throw new SfnApiError("InvalidToken", `Invalid Token: '${String(taskToken).slice(0, 64)}'`);
    const tok = this.store.tokens.get(taskToken);
    if (!tok) throw new SfnApiError("TaskDoesNotExist", "Task Does Not Exist: 'Provided task does not exist'");
    const now = this.clock.now();
    if (!tok.outcome && now >= tok.timeoutAt) this.settleToken(tok, { kind: "timeout", error: "States.Timeout" });
    if (!tok.outcome && tok.heartbeatMs !== undefined && now >= tok.lastHeartbeat + tok.heartbeatMs) {
      this.settleToken(tok, { kind: "timeout", error: "States.HeartbeatTimeout" });
    }
    const exec = this.store.byX.get(tok.x);
    if (tok.outcome || !exec || exec.status !== "RUNNING") {
      throw new SfnApiError("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
    }
    return tok;
  }

  private settleToken(tok: TaskTokenState, outcome: TokenOutcome): void {
    if (tok.outcome || !this.store.isOpen) return;
    this.store.settleToken(tok.token, outcome);
    this.store.flush();
    tok.notify?.(outcome);
  }

  // --- lifecycle ----------------------------------------------------------------------------

  /** Resumes every execution the journal shows as RUNNING (after a restart or a crash). */
  async recover(): Promise<void> {
    this.assertOpen();
    this.runOwnClock();
    for (const exec of this.store.executions.values()) {
      if (exec.status === "RUNNING" && !this.runs.has(exec.x)) this.resume(exec);
    }
  }

  /** Lets the engine's own clock run (recover() and the first start do it). A clock passed in is steered by its owner. */
  runOwnClock(): void {
    if (this.ownsClock && (this.clock as VirtualClock).paused) (this.clock as VirtualClock).setPaused(false);
  }

  /** Resolves when no execution is actively running a state: all are finished or parked on a Wait, a retry back-off or a task token. */
  async whenIdle(): Promise<void> {
    for (;;) {
      if (this.closed) return;
      await nextMacrotask();
      if (this.activeOps === 0) {
        await nextMacrotask();
        if (this.activeOps === 0) return;
      } else {
        await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      }
    }
  }

  /** Stops timers and in-flight runs. Executions stay RUNNING in the journal; a later recover() resumes them. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const run of this.runs.values()) this.stopRun(run);
    this.runs.clear();
    for (const cancel of this.executionTimeouts.values()) cancel();
    this.executionTimeouts.clear();
    this.store.close();
    if (this.ownsClock) (this.clock as VirtualClock).close();
    this.activeOps = 0;
    this.notifyIdle();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error("LocalStepFunctions is closed");
  }

  // --- segments -----------------------------------------------------------------------------

  private resume(exec: Execution): void {
    const compiled = this.compiledFor(exec.hash);
    if (!compiled) {
      this.finish(exec, "FAILED", { error: "States.Runtime", cause: `Local harness: the definition of ${exec.smArn} (version ${exec.hash}) is missing from the journal` });
      return;
    }
    if (!this.armExecutionTimeout(exec, compiled)) return;
    const cp = exec.checkpoint;
    this.log("sfn: resuming execution", { executionArn: exec.arn, state: cp?.state ?? compiled.startAt });
    if (cp) this.startSegment(exec, compiled, cp.state, JSON.parse(cp.input) as JsonValue, true, cp.vars);
    else this.startSegment(exec, compiled, compiled.startAt, JSON.parse(exec.input) as JsonValue, false);
  }

  /** Top-level TimeoutSeconds, in journey time from the execution's (durable) start. False if already expired. */
  private armExecutionTimeout(exec: Execution, compiled: CompiledDefinition): boolean {
    if (compiled.timeoutSeconds === undefined || this.executionTimeouts.has(exec.x)) return true;
    const deadline = exec.startMs + compiled.timeoutSeconds * 1000;
    if (deadline <= this.clock.now()) {
      this.finish(exec, "TIMED_OUT", { error: "States.Timeout" });
      return false;
    }
    this.executionTimeouts.set(
      exec.x,
      this.clock.setTimer(deadline, `${exec.name}: execution times out`, () => this.finish(exec, "TIMED_OUT", { error: "States.Timeout" })),
    );
    return true;
  }

  private startSegment(exec: Execution, compiled: CompiledDefinition, state: string, input: JsonValue, resumed: boolean, variables?: Record<string, JsonValue>): void {
    const { promise: aborted, reject: rejectAborted } = Promise.withResolvers<never>();
    aborted.catch(() => {});
    const controller = new AbortController();
    const run: Run = {
      exec,
      compiled,
      stopped: false,
      stopError: new StatesError("States.Runtime", "Local harness: the execution's run was stopped", { retryable: false, catchable: false }),
      abortInterpreter: () => controller.abort(),
      aborted,
      rejectAborted,
      cancels: new Set(),
      skipFirstEntered: resumed,
      occurrences: new Map(),
    };
    this.runs.set(exec.x, run);
    const result = runExecution({
      definition: compiled.original as never,
      startAt: state,
      input,
      context: this.contextFor(exec),
      ...(variables ? { variables } : {}),
      taskTokenPlaceholder: TASK_TOKEN_PLACEHOLDER,
      signal: controller.signal,
      hooks: {
        runTask: (call) => this.runTask(run, call),
        runWait: (call) => this.runWaitState(run, call),
        // Retry back-off is journey time too: a time-skipping clock jumps it, a paused one holds it.
        // Except after a Lambda throttle or timeout: those clear as environments free up, in real
        // time. Scaled (×3600 in the soak), three back-offs would pass within a millisecond and the
        // step fail while every environment is still busy; on AWS journey time is real time anyway.
        backoff: (ms, stateName, error) =>
          REAL_TIME_RETRY.test(error) ? this.asOp(run, () => this.sleepReal(run, ms)) : this.sleepUntil(run, this.clock.now() + ms, `${exec.name}: ${stateName} retry`),
        onEvent: (event) => this.onInterpreterEvent(run, event),
      },
    });
    void result.then(
      (value) => this.onSegmentSettled(run, { status: "fulfilled", value }),
      (reason: unknown) => this.onSegmentSettled(run, { status: "rejected", reason }),
    );
  }

  private stopRun(run: Run): void {
    if (run.stopped) return;
    run.stopped = true;
    run.abortInterpreter();
    run.rejectAborted(run.stopError);
    for (const cancel of run.cancels) cancel();
    run.cancels.clear();
    run.rollover?.();
  }

  /** Restart a long-parked segment from its checkpoint before the library's own task timer fires. */
  private restartSegment(run: Run): void {
    if (run.stopped || this.closed || run.exec.status !== "RUNNING") return;
    this.stopRun(run);
    this.runs.delete(run.exec.x);
    this.resume(run.exec);
  }

  /** The context object's Execution and StateMachine members (State, Task and Map are added per state by the interpreter). */
  private contextFor(exec: Execution): { Execution: JsonValue; StateMachine: JsonValue } {
    return {
      Execution: {
        Id: exec.arn,
        Input: JSON.parse(exec.input) as JsonValue,
        Name: exec.name,
        RoleArn: exec.roleArn,
        StartTime: new Date(exec.startMs).toISOString(),
        RedriveCount: 0,
      },
      StateMachine: { Id: exec.smArn, Name: exec.smName },
    };
  }

  /** Journals an interpreter event as history; returns the StateEntered event's id (error causes cite it). */
  private onInterpreterEvent(run: Run, event: InterpreterEvent): number | undefined {
    if (run.stopped) return undefined;
    switch (event.type) {
      case "StateEntered": {
        if (event.topLevel && run.skipFirstEntered) {
          run.skipFirstEntered = false;
          return run.exec.checkpoint?.seq;
        }
        const recorded = this.runRecord(run, { type: `${event.stateType}StateEntered`, stateName: event.stateName, input: JSON.stringify(event.input ?? null) }, event.topLevel, event.variables);
        if (event.topLevel && recorded) run.occurrences.clear();
        return recorded?.id;
      }
      case "StateExited":
        this.runRecord(run, { type: `${event.stateType}StateExited`, stateName: event.stateName, output: JSON.stringify(event.output ?? null) }, false);
        return undefined;
      case "StateFailed":
        // No history event of its own on AWS: the task/execution events carry the error.
        return undefined;
      default:
        this.runRecord(run, { type: event.type, stateName: event.stateName, index: event.index }, false);
        return undefined;
    }
  }

  private onSegmentSettled(run: Run, result: PromiseSettledResult<unknown>): void {
    if (run.stopped || this.closed) return;
    if (this.runs.get(run.exec.x) === run) this.runs.delete(run.exec.x);
    if (result.status === "fulfilled") {
      this.finish(run.exec, "SUCCEEDED", { output: JSON.stringify(result.value ?? null) });
    } else {
      if (result.reason instanceof RunAborted) return;
      this.finish(run.exec, "FAILED", this.describeFailure(result.reason));
    }
  }

  /** Error/Cause of a failed execution, in AWS's terms (a Fail state without Error/Cause has neither). */
  private describeFailure(reason: unknown): { error?: string; cause?: string } {
    if (reason instanceof ExecutionFailure) return { error: reason.error, cause: reason.cause };
    return { error: "States.Runtime", cause: `Local harness: the interpreter failed: ${(reason as Error)?.message ?? String(reason)}` };
  }

  /** Closes an execution: terminal history event, journal, and teardown of its run and tokens. */
  private finish(exec: Execution, status: Exclude<ExecutionStatus, "RUNNING">, result: { output?: string; error?: string; cause?: string }): void {
    if (exec.status !== "RUNNING" || this.closed) return;
    this.record(exec, { type: TERMINAL_EVENT[status], output: result.output, error: result.error, cause: result.cause }, false);
    this.store.endExecution(exec, status, result);
    this.store.flush();
    const run = this.runs.get(exec.x);
    if (run) {
      this.stopRun(run);
      this.runs.delete(exec.x);
    }
    this.executionTimeouts.get(exec.x)?.();
    this.executionTimeouts.delete(exec.x);
    for (const tok of this.store.tokensByExecution.get(exec.x) ?? []) if (!tok.outcome) this.settleToken(tok, { kind: "closed" });
    if (status === "FAILED" || status === "TIMED_OUT") this.log("sfn: execution " + status.toLowerCase(), { executionArn: exec.arn, error: result.error, cause: result.cause });
  }

  /** Appends a history event, enforcing AWS's 25,000-event quota. */
  private record(exec: Execution, event: Omit<StoredEvent, "id" | "previousEventId" | "t">, checkpoint: boolean, vars?: Record<string, JsonValue>): StoredEvent | undefined {
    if (exec.status !== "RUNNING" || !this.store.isOpen) return undefined;
    if (!TERMINAL_TYPES.has(event.type) && exec.eventCount >= HISTORY_EVENT_LIMIT - 1) {
      this.finish(exec, "FAILED", { error: "States.Runtime", cause: `The execution reached the maximum number of history events (${HISTORY_EVENT_LIMIT}).` });
      return undefined;
    }
    return this.store.appendEvent(exec, event, checkpoint, vars);
  }

  /** Like record(), but ignores late events of a run that was stopped (restarted, closed, aborted). */
  private runRecord(run: Run, event: Omit<StoredEvent, "id" | "previousEventId" | "t">, checkpoint: boolean, vars?: Record<string, JsonValue>): StoredEvent | undefined {
    return run.stopped ? undefined : this.record(run.exec, event, checkpoint, vars);
  }

  // --- task handlers ------------------------------------------------------------------------

  /** Every Task state, through the interpreter's runTask hook. */
  private runTask(run: Run, call: TaskCall): Promise<JsonValue> {
    return this.asOp(run, async (op) => {
      const spec = run.compiled.tasks.get(call.stateName);
      if (!spec) throw new StatesError("States.Runtime", `Local harness: no Task state named '${call.stateName}'`, { retryable: false, catchable: false });
      // The StateEntered event is journaled synchronously by now; one macrotask lets other
      // executions progress between a state's entry and its integration call, as before.
      await nextMacrotask();
      if (run.stopped) throw run.stopError;
      if (spec.waitForTaskToken) return this.runCallbackTask(run, op, call.stateName, spec, call.input, call.timeoutSeconds, call.heartbeatSeconds);
      return this.runRequestResponseTask(run, call.stateName, spec, call.input, call.timeoutSeconds);
    });
  }

  /** Every Wait state, through the interpreter's runWait hook. */
  private runWaitState(run: Run, call: WaitCall): Promise<void> {
    return this.asOp(run, async (op) => {
      await nextMacrotask();
      if (run.stopped) throw run.stopError;
      const wait: WaitSpec = call.seconds !== undefined ? { Seconds: call.seconds } : { Timestamp: call.timestamp! };
      await this.runWait(run, op, call.stateName, wait, call.input);
    });
  }

  /** Counts the work as active (see whenIdle) and stops it with the run. */
  private async asOp<T>(run: Run, work: (op: Op) => Promise<T>): Promise<T> {
    if (run.stopped) throw run.stopError;
    const op: Op = { parked: false, done: false };
    this.activeOps++;
    try {
      return await Promise.race([work(op), run.aborted]);
    } finally {
      op.done = true;
      if (!op.parked && !this.closed) this.activeOps--;
      this.notifyIdle();
    }
  }

  /**
   * Identifies a task invocation across restarts: the checkpoint it belongs to, the state, and
   * its occurrence within the checkpoint. Inside a Map iterator, iterations run concurrently
   * under one state name, so their effective input is part of the key.
   */
  private resumeKey(run: Run, name: string, input: JsonValue): string {
    const seq = run.exec.checkpoint?.seq ?? 0;
    const base = run.compiled.inMap.has(name)
      ? `${seq}|${name}|${createHash("sha1").update(JSON.stringify(input)).digest("base64url")}`
      : `${seq}|${name}`;
    const n = run.occurrences.get(base) ?? 0;
    run.occurrences.set(base, n + 1);
    return `${base}|${n}`;
  }

  private async park<T>(op: Op, promise: Promise<T>): Promise<T> {
    op.parked = true;
    if (!this.closed) this.activeOps--;
    this.notifyIdle();
    try {
      return await promise;
    } finally {
      if (!op.done && !this.closed) {
        op.parked = false;
        this.activeOps++;
      }
    }
  }

  private notifyIdle(): void {
    if (this.activeOps > 0 || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Real milliseconds, counted as active work (an advance of the clock waits for it), cancelled with the run. */
  private sleepReal(run: Run, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const cancel = setLongTimeout(() => {
        run.cancels.delete(cancel);
        resolve();
      }, ms);
      run.cancels.add(cancel);
    });
  }

  /** Parks until journey time reaches `at`: a timer on the clock, so advancing the clock ends it. */
  private sleepUntil(run: Run, at: number, what: string): Promise<void> {
    this.armRollover(run, at);
    return new Promise((resolve) => {
      const cancel = this.clock.setTimer(at, what, () => {
        run.cancels.delete(cancel);
        resolve();
      });
      run.cancels.add(cancel);
    });
  }

  /** A run parked (at the clock's current rate) longer than rolloverMs of real time restarts from its checkpoint first. */
  private armRollover(run: Run, until: number): void {
    const rate = this.clock.rate;
    const parkedRealMs = rate > 0 ? (until - this.clock.now()) / rate : Infinity;
    if (parkedRealMs <= this.rolloverMs || run.rollover) return;
    run.rollover = setLongTimeout(() => this.restartSegment(run), this.rolloverMs);
  }

  /** A Wait: wake-up time persisted at start, so a resumed wait sleeps only what is left. */
  private async runWait(run: Run, op: Op, name: string, wait: WaitSpec, input: JsonValue): Promise<void> {
    const exec = run.exec;
    const key = this.resumeKey(run, name, input);
    let until = this.store.waits.get(`${exec.x}|${key}`);
    if (until === undefined) {
      until = waitUntilMs(wait, this.clock.now());
      this.store.recordWait(exec.x, key, until);
    }
    if (until > this.clock.now()) {
      const slot = `${exec.x}|${key}`;
      const sleeping = this.sleepUntil(run, until, `${exec.name}: ${name}`);
      const woken = new Promise<void>((resolve) => this.waitWakers.set(slot, { executionArn: exec.arn, wake: resolve }));
      this.parkedWaits.set(slot, { executionArn: exec.arn, executionName: exec.name, stateName: name, until, input });
      try {
        await this.park(op, Promise.race([sleeping, woken]));
      } finally {
        this.waitWakers.delete(slot);
        this.parkedWaits.delete(slot);
      }
    }
  }

  /** The Wait states executions are parked on now, soonest first. */
  pendingWaits(): PendingWait[] {
    return [...this.parkedWaits.values()].sort((a, b) => a.until - b.until);
  }

  /**
   * Ends pending Wait states now, as if their time had passed: the test clock's "advance". Only
   * waits (not task timeouts or schedules) are affected. Returns how many waits were woken.
   */
  wakeWaits(executionArn?: string): number {
    let woken = 0;
    for (const [slot, waiter] of this.waitWakers) {
      if (executionArn && waiter.executionArn !== executionArn) continue;
      const [x, ...rest] = slot.split("|");
      this.store.recordWait(x as never, rest.join("|"), this.clock.now());
      waiter.wake();
      woken++;
    }
    return woken;
  }

  /**
   * The test clock for `.waitForTaskToken` tasks: expires the execution's open callback tokens
   * now, as if their TimeoutSeconds had passed (the task fails with States.Timeout, as on AWS).
   * Returns how many tokens were expired.
   */
  expireTaskTokens(executionArn: string): number {
    const exec = this.execution(executionArn);
    let expired = 0;
    for (const tok of this.store.tokensByExecution.get(exec.x) ?? []) {
      if (tok.outcome) continue;
      this.settleToken(tok, { kind: "timeout", error: "States.Timeout" });
      expired++;
    }
    return expired;
  }

  /**
   * Request-response integrations (Lambda, DynamoDB, aws-sdk). TimeoutSeconds is applied in
   * *real* time, not scaled: it bounds real compute, and a scaled timeout would fail a 50 ms
   * Lambda under a large timeScale.
   */
  private async runRequestResponseTask(run: Run, name: string, spec: TaskSpec, input: JsonValue, timeoutSeconds: number | undefined): Promise<JsonValue> {
    const exec = run.exec;
    const res = describeResource(spec.resource);
    const parameters = JSON.stringify(input);
    if (res.lambdaFunction) {
      this.runRecord(run, { type: "LambdaFunctionScheduled", resource: spec.resource, input: parameters, timeoutInSeconds: timeoutSeconds }, false);
      this.runRecord(run, { type: "LambdaFunctionStarted" }, false);
    } else {
      this.runRecord(run, { type: "TaskScheduled", resourceType: res.resourceType, resource: res.resource, region: this.region, parameters, timeoutInSeconds: timeoutSeconds }, false);
      this.runRecord(run, { type: "TaskStarted", resourceType: res.resourceType, resource: res.resource }, false);
    }
    if (run.stopped) throw run.stopError; // e.g. the history quota was just reached
    let result: unknown;
    try {
      const invocation = this.dispatcher.invoke(spec.resource, input, {
        executionArn: exec.arn,
        stateName: name,
        ...(timeoutSeconds !== undefined ? { timeoutMs: timeoutSeconds * 1000 } : {}),
      });
      result = timeoutSeconds === undefined ? await invocation : await this.withRealTimeout(run, invocation, timeoutSeconds * 1000);
    } catch (thrown) {
      if (isTimeoutError(thrown)) {
        this.runRecord(run, res.lambdaFunction ? { type: "LambdaFunctionTimedOut", error: "States.Timeout" } : { type: "TaskTimedOut", resourceType: res.resourceType, resource: res.resource, error: "States.Timeout" }, false);
        throw thrown;
      }
      const err = toStatesError(thrown);
      const details = { error: err.name ?? undefined, cause: err.message ?? undefined };
      this.runRecord(run, res.lambdaFunction ? { type: "LambdaFunctionFailed", ...details } : { type: "TaskFailed", resourceType: res.resourceType, resource: res.resource, ...details }, false);
      throw err;
    }
    const output = JSON.stringify(result ?? null);
    if (Buffer.byteLength(output) > DATA_LIMIT_BYTES) {
      const cause = `The state/task '${spec.resource}' returned a result with a size exceeding the maximum number of bytes service limit.`;
      this.runRecord(run, { type: res.lambdaFunction ? "LambdaFunctionFailed" : "TaskFailed", error: "States.DataLimitExceeded", cause }, false);
      throw new StatesError("States.DataLimitExceeded", cause, { retryable: false, catchable: false });
    }
    this.runRecord(run, res.lambdaFunction ? { type: "LambdaFunctionSucceeded", output } : { type: "TaskSucceeded", resourceType: res.resourceType, resource: res.resource, output }, false);
    return JSON.parse(output) as JsonValue;
  }

  private withRealTimeout<T>(run: Run, promise: Promise<T>, ms: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // Machine time, like a function's timeout (local/clock/compute-time.ts): an overloaded machine
      // must not time out a task that AWS would have finished.
      const cancel = setComputeTimeout(() => {
        run.cancels.delete(cancel);
        reject(statesTimeoutError("States.Timeout"));
      }, ms);
      run.cancels.add(cancel);
      promise.then(
        (v) => {
          cancel();
          run.cancels.delete(cancel);
          resolve(v);
        },
        (e: unknown) => {
          cancel();
          run.cancels.delete(cancel);
          reject(e);
        },
      );
    });
  }

  /**
   * `.waitForTaskToken`: mint a token, journal it, invoke the integration with the token in its
   * input, then wait for SendTaskSuccess/SendTaskFailure, TimeoutSeconds or HeartbeatSeconds
   * (both scaled: they measure the outside world, like a Wait). A resumed run finds the token by
   * its resume key and waits again without re-invoking the integration.
   */
  private async runCallbackTask(
    run: Run,
    op: Op,
    name: string,
    spec: TaskSpec,
    input: JsonValue,
    timeoutSecondsSet: number | undefined,
    heartbeatSeconds: number | undefined,
  ): Promise<JsonValue> {
    const exec = run.exec;
    const res = describeResource(spec.resource);
    const key = this.resumeKey(run, name, input);
    let tok = this.store.tokensByKey.get(`${exec.x}|${key}`);
    if (!tok) {
      // AWS's default when the state sets none.
      const timeoutSeconds = timeoutSecondsSet ?? 99_999_999;
      const now = this.clock.now();
      const token = mintTaskToken();
      tok = {
        token,
        x: exec.x,
        key,
        stateName: name,
        resource: spec.resource,
        issuedAt: now,
        timeoutAt: now + timeoutSeconds * 1000,
        ...(heartbeatSeconds !== undefined ? { heartbeatMs: heartbeatSeconds * 1000 } : {}),
        lastHeartbeat: now,
      };
      const effective = substituteTaskToken(input, token);
      // Journaled (and flushed) before the integration can see the token (see module comment).
      this.store.issueToken(tok);
      this.store.flush();
      tok = this.store.tokens.get(token)!;
      this.runRecord(
        run,
        {
          type: "TaskScheduled",
          resourceType: res.resourceType,
          resource: res.resource,
          region: this.region,
          parameters: JSON.stringify(effective),
          timeoutInSeconds: timeoutSeconds,
          ...(heartbeatSeconds !== undefined ? { heartbeatInSeconds: heartbeatSeconds } : {}),
        },
        false,
      );
      this.runRecord(run, { type: "TaskStarted", resourceType: res.resourceType, resource: res.resource }, false);
      if (run.stopped) throw run.stopError;
      try {
        const submitted = await this.dispatcher.invoke(spec.baseResource, effective, { executionArn: exec.arn, stateName: name });
        this.runRecord(run, { type: "TaskSubmitted", resourceType: res.resourceType, resource: res.resource, output: JSON.stringify(submitted ?? null) }, false);
      } catch (thrown) {
        // If the callback already arrived, a late failure of the integration changes nothing.
        if (!tok.outcome) {
          const err = toStatesError(thrown);
          this.settleToken(tok, { kind: "failure", error: err.name, cause: err.message });
          this.runRecord(run, { type: "TaskFailed", resourceType: res.resourceType, resource: res.resource, error: err.name ?? undefined, cause: err.message ?? undefined }, false);
          throw err;
        }
      }
    }
    const outcome = tok.outcome ?? (await this.park(op, this.awaitToken(run, tok)));
    switch (outcome.kind) {
      case "success":
        this.runRecord(run, { type: "TaskSucceeded", resourceType: res.resourceType, resource: res.resource, output: outcome.output }, false);
        return JSON.parse(outcome.output) as JsonValue;
      case "failure":
        this.runRecord(run, { type: "TaskFailed", resourceType: res.resourceType, resource: res.resource, error: outcome.error ?? undefined, cause: outcome.cause ?? undefined }, false);
        throw new StatesError(outcome.error, outcome.cause);
      case "timeout":
        this.runRecord(run, { type: "TaskTimedOut", resourceType: res.resourceType, resource: res.resource, error: outcome.error }, false);
        throw statesTimeoutError(outcome.error);
      case "closed":
        throw run.stopError;
    }
  }

  private awaitToken(run: Run, tok: TaskTokenState): Promise<TokenOutcome> {
    return new Promise<TokenOutcome>((resolve) => {
      let timeoutTimer: Cancel | undefined;
      let heartbeatTimer: Cancel | undefined;
      const cleanup: Cancel = () => {
        timeoutTimer?.();
        heartbeatTimer?.();
        if (tok.notify === notify) {
          tok.notify = undefined;
          tok.rearmHeartbeat = undefined;
        }
        run.cancels.delete(cleanup);
      };
      const notify = (outcome: TokenOutcome): void => {
        cleanup();
        resolve(outcome);
      };
      const armHeartbeat = (): void => {
        heartbeatTimer?.();
        if (tok.heartbeatMs === undefined) return;
        heartbeatTimer = this.clock.setTimer(tok.lastHeartbeat + tok.heartbeatMs, `${run.exec.name}: ${tok.stateName} heartbeat timeout`, () =>
          this.settleToken(tok, { kind: "timeout", error: "States.HeartbeatTimeout" }),
        );
      };
      tok.notify = notify;
      tok.rearmHeartbeat = armHeartbeat;
      run.cancels.add(cleanup);
      timeoutTimer = this.clock.setTimer(tok.timeoutAt, `${run.exec.name}: ${tok.stateName} times out`, () => this.settleToken(tok, { kind: "timeout", error: "States.Timeout" }));
      armHeartbeat();
      this.armRollover(run, tok.timeoutAt);
    });
  }
}

function sameJson(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}
