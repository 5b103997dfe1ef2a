// The ASL interpreter: runs a state machine definition, JSONPath and JSONata, with workflow
// variables, Retry/Catch, Parallel and inline Map. It never touches the outside world: Tasks,
// Waits and retry back-off go through the hooks the engine provides (durable, scaled, resumable),
// and every state transition is reported through `onEvent` so the engine writes AWS's history.
//
// Why an interpreter of our own rather than aws-local-stepfunctions: see ../README.md ("Why an
// in-repo interpreter").
import type { JsonValue } from "../types.js";
import { StatesError } from "../errors.js";
import { evaluateChoiceRule } from "./choice.js";
import { isRuntimeFailure, queryEvaluationError, runtimeError } from "./failure.js";
import { evaluateIntrinsic, isIntrinsic } from "./intrinsics.js";
import { evaluateExpression, evaluateTemplate, isJsonataExpression, type JsonataScope } from "./jsonata.js";
import { applyResultPath, query, type PathScope } from "./jsonpath.js";
import { applyPayloadTemplate } from "./payload.js";
import { VariableScope } from "./variables.js";

type Obj = Record<string, JsonValue>;
export type QueryLanguage = "JSONPath" | "JSONata";

export interface TaskCall {
  stateName: string;
  resource: string;
  /** The effective input (Parameters / Arguments applied). */
  input: JsonValue;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
}

export interface WaitCall {
  stateName: string;
  input: JsonValue;
  seconds?: number;
  timestamp?: string;
}

export type InterpreterEvent =
  | { type: "StateEntered"; stateName: string; stateType: string; input: JsonValue; topLevel: boolean; variables?: Record<string, JsonValue> }
  | { type: "StateExited"; stateName: string; stateType: string; output: JsonValue }
  | { type: "StateFailed"; stateName: string; stateType: string; error: string | null; cause: string | null }
  | { type: "MapIterationStarted" | "MapIterationSucceeded" | "MapIterationFailed"; stateName: string; index: number };

export interface InterpreterHooks {
  runTask(call: TaskCall): Promise<JsonValue>;
  runWait(call: WaitCall): Promise<void>;
  /** Retry back-off, in workflow milliseconds (the engine scales and cancels it), for the error being retried. */
  backoff(ms: number, stateName: string, error: string): Promise<void>;
  /** Reports an event; for StateEntered returns the history event id (used in error causes). */
  onEvent(event: InterpreterEvent): number | undefined;
}

/** How an execution ended in failure: AWS's error and cause (both absent for a bare Fail state). */
export class ExecutionFailure extends Error {
  constructor(
    readonly error: string | undefined,
    override readonly cause: string | undefined,
  ) {
    super(cause ?? error ?? "execution failed");
    this.name = "ExecutionFailure";
  }
}

export class RunAborted extends Error {
  constructor() {
    super("the run was aborted");
    this.name = "RunAborted";
  }
}

export interface RunOptions {
  definition: Obj;
  /** Top-level state to start at (a resumed run starts at its checkpoint). */
  startAt?: string;
  input: JsonValue;
  /** The context object's Execution and StateMachine members. */
  context: { Execution: JsonValue; StateMachine: JsonValue };
  /** The top-level variables at `startAt` (a resumed run restores them). */
  variables?: Record<string, JsonValue>;
  /** Placeholder `$$.Task.Token` resolves to inside a `.waitForTaskToken` Task; the engine swaps in the real token. */
  taskTokenPlaceholder: string;
  hooks: InterpreterHooks;
  signal: AbortSignal;
}

interface Machine {
  StartAt: string;
  States: Record<string, Obj>;
}

interface Frame {
  run: RunOptions;
  scope: VariableScope;
  queryLanguage: QueryLanguage;
  topLevel: boolean;
}

const TASK_TOKEN_SUFFIX = ".waitForTaskToken";

/** Runs an execution; resolves with its output, rejects with ExecutionFailure (or RunAborted). */
export async function runExecution(run: RunOptions): Promise<JsonValue> {
  const def = run.definition as unknown as Machine & { QueryLanguage?: QueryLanguage };
  const frame: Frame = { run, scope: new VariableScope(undefined, run.variables), queryLanguage: def.QueryLanguage ?? "JSONPath", topLevel: true };
  try {
    return await runMachine(def, run.startAt ?? def.StartAt, run.input, frame);
  } catch (err) {
    if (err instanceof RunAborted) throw err;
    if (err instanceof FailState) throw new ExecutionFailure(err.failError, err.failCause);
    const e = err as { name?: unknown; message?: unknown };
    throw new ExecutionFailure(typeof e.name === "string" ? e.name : undefined, typeof e.message === "string" ? e.message : undefined);
  }
}

/** A Fail state: its Error/Cause may be absent, unlike any other error. */
class FailState extends StatesError {
  constructor(
    readonly failError: string | undefined,
    readonly failCause: string | undefined,
  ) {
    super(failError ?? null, failCause ?? null);
  }
}

async function runMachine(machine: Machine, startAt: string, input: JsonValue, frame: Frame): Promise<JsonValue> {
  let name = startAt;
  let data = input;
  for (;;) {
    if (frame.run.signal.aborted) throw new RunAborted();
    const state = machine.States[name];
    if (!state) throw runtimeError(`The state '${name}' does not exist`);
    const { output, next } = await runState(name, state, data, frame);
    if (next === undefined) return output;
    name = next;
    data = output;
  }
}

interface StateContext {
  name: string;
  state: Obj;
  type: string;
  frame: Frame;
  language: QueryLanguage;
  rawInput: JsonValue;
  enteredTime: string;
  enteredEventId: number | undefined;
  retryCount: number;
  /** Variables visible at state entry: every expression of the state reads these. */
  variablesAtEntry: Record<string, JsonValue>;
}

async function runState(name: string, state: Obj, rawInput: JsonValue, frame: Frame): Promise<{ output: JsonValue; next?: string }> {
  const type = String(state["Type"]);
  const enteredEventId = frame.run.hooks.onEvent({
    type: "StateEntered",
    stateName: name,
    stateType: type,
    input: rawInput,
    topLevel: frame.topLevel,
    ...(frame.topLevel ? { variables: frame.scope.own() } : {}),
  });
  const ctx: StateContext = {
    name,
    state,
    type,
    frame,
    language: (state["QueryLanguage"] as QueryLanguage | undefined) ?? frame.queryLanguage,
    rawInput,
    enteredTime: new Date().toISOString(),
    enteredEventId,
    retryCount: 0,
    variablesAtEntry: frame.scope.visible(),
  };
  const retriers = Array.isArray(state["Retry"]) ? (state["Retry"] as Obj[]) : [];
  const attempts = retriers.map(() => 0);
  for (;;) {
    try {
      const { output, next, assign } = await executeOnce(ctx);
      if (assign) frame.scope.assign(assign);
      frame.run.hooks.onEvent({ type: "StateExited", stateName: name, stateType: type, output });
      return { output, next };
    } catch (thrown) {
      if (thrown instanceof RunAborted) throw thrown;
      const err = withStateCause(ctx, thrown);
      frame.run.hooks.onEvent({ type: "StateFailed", stateName: name, stateType: type, error: err.name as string | null, cause: err.message as string | null });
      if (type === "Fail") throw err;
      const retry = pickRetrier(retriers, attempts, err, type);
      if (retry !== undefined) {
        await frame.run.hooks.backoff(retry, name, String(err.name));
        if (frame.run.signal.aborted) throw new RunAborted();
        ctx.retryCount++;
        ctx.variablesAtEntry = frame.scope.visible();
        continue;
      }
      const caught = await applyCatch(ctx, err);
      if (!caught) throw err;
      if (caught.assign) frame.scope.assign(caught.assign);
      frame.run.hooks.onEvent({ type: "StateExited", stateName: name, stateType: type, output: caught.output });
      return { output: caught.output, next: caught.next };
    }
  }
}

/** AWS prefixes the cause of a runtime failure with where it happened. */
function withStateCause(ctx: StateContext, thrown: unknown): StatesError {
  const err = thrown instanceof StatesError ? thrown : toStatesError(thrown);
  if (isRuntimeFailure(err) && typeof err.message === "string" && !err.message.startsWith("An error occurred while executing the state")) {
    const at = ctx.enteredEventId !== undefined ? ` (entered at the event id #${ctx.enteredEventId})` : "";
    Object.defineProperty(err, "message", { value: `An error occurred while executing the state '${ctx.name}'${at}. ${err.message}`, writable: true, configurable: true });
  }
  return err;
}

function toStatesError(thrown: unknown): StatesError {
  if (thrown instanceof StatesError) return thrown;
  const e = thrown as { name?: unknown; message?: unknown; isRetryable?: boolean; isCatchable?: boolean } | null;
  const out = new StatesError(
    typeof e?.name === "string" ? e.name : "Error",
    typeof e?.message === "string" ? e.message : String(thrown),
    { retryable: e?.isRetryable ?? true, catchable: e?.isCatchable ?? true },
  );
  return out;
}

/** Does ErrorEquals match? States.ALL: anything catchable; States.TaskFailed: anything but a timeout. */
function matches(errorEquals: JsonValue, err: StatesError, stateType: string): boolean {
  if (!Array.isArray(errorEquals)) return false;
  const name = err.name as string | null;
  const timeout = name === "States.Timeout" || name === "States.HeartbeatTimeout";
  return errorEquals.some((e) => {
    if (e === "States.ALL") return true;
    if (e === name) return true;
    // On AWS a heartbeat timeout is also matched by States.Timeout.
    if (e === "States.Timeout" && name === "States.HeartbeatTimeout") return true;
    return e === "States.TaskFailed" && stateType === "Task" && !timeout && name !== "States.Runtime" && name !== "States.DataLimitExceeded";
  });
}

/** The back-off before the next attempt, or undefined when no retrier applies (or it is exhausted). */
function pickRetrier(retriers: Obj[], attempts: number[], err: StatesError, stateType: string): number | undefined {
  if (!err.isRetryable) return undefined;
  for (const [i, r] of retriers.entries()) {
    if (!matches(r["ErrorEquals"]!, err, stateType)) continue;
    const max = typeof r["MaxAttempts"] === "number" ? r["MaxAttempts"] : 3;
    if (attempts[i]! >= max) return undefined;
    const interval = typeof r["IntervalSeconds"] === "number" ? r["IntervalSeconds"] : 1;
    const rate = typeof r["BackoffRate"] === "number" ? r["BackoffRate"] : 2;
    let seconds = interval * Math.pow(rate, attempts[i]!);
    if (typeof r["MaxDelaySeconds"] === "number") seconds = Math.min(seconds, r["MaxDelaySeconds"]);
    if (r["JitterStrategy"] === "FULL") seconds = Math.random() * seconds;
    attempts[i]!++;
    return seconds * 1000;
  }
  return undefined;
}

async function applyCatch(ctx: StateContext, err: StatesError): Promise<{ output: JsonValue; next: string; assign?: Obj } | undefined> {
  if (!err.isCatchable || !Array.isArray(ctx.state["Catch"])) return undefined;
  const catcher = (ctx.state["Catch"] as Obj[]).find((c) => matches(c["ErrorEquals"]!, err, ctx.type));
  if (!catcher) return undefined;
  const errorOutput: Obj = { Error: err.name as JsonValue, Cause: err.message as JsonValue };
  const next = String(catcher["Next"]);
  if (ctx.language === "JSONata") {
    const scope = jsonataScope(ctx, { errorOutput });
    const output = "Output" in catcher ? await evaluateTemplate(catcher["Output"]!, "Output", scope) : errorOutput;
    const assign = catcher["Assign"] !== undefined ? ((await evaluateTemplate(catcher["Assign"], "Assign", scope)) as Obj) : undefined;
    return { output, next, assign };
  }
  const assign = catcher["Assign"] !== undefined ? (applyPayloadTemplate(catcher["Assign"], errorOutput, pathScope(ctx)) as Obj) : undefined;
  const output = applyResultPath(catcher["ResultPath"] as string | null | undefined, ctx.rawInput, errorOutput);
  return { output, next, assign };
}

// --- scopes ------------------------------------------------------------------------------------

function contextObject(ctx: StateContext, extra: Obj = {}): Obj {
  const run = ctx.frame.run;
  const out: Obj = {
    Execution: run.context.Execution,
    State: { EnteredTime: ctx.enteredTime, Name: ctx.name, RetryCount: ctx.retryCount },
    StateMachine: run.context.StateMachine,
    ...extra,
  };
  if (ctx.type === "Task" && String(ctx.state["Resource"]).endsWith(TASK_TOKEN_SUFFIX)) out["Task"] = { Token: run.taskTokenPlaceholder };
  return out;
}

function pathScope(ctx: StateContext, extra?: Obj): PathScope {
  const context = contextObject(ctx, extra);
  return { context, variable: (n) => ctx.variablesAtEntry[n] };
}

function jsonataScope(ctx: StateContext, more: { result?: JsonValue; errorOutput?: JsonValue; context?: Obj } = {}): JsonataScope {
  return {
    states: {
      input: ctx.rawInput,
      context: contextObject(ctx, more.context),
      ...(more.result !== undefined ? { result: more.result } : {}),
      ...(more.errorOutput !== undefined ? { errorOutput: more.errorOutput } : {}),
    },
    variables: ctx.variablesAtEntry,
  };
}

// --- one attempt of a state -------------------------------------------------------------------

interface Outcome {
  output: JsonValue;
  next?: string;
  assign?: Obj;
}

function transition(state: Obj): string | undefined {
  return state["End"] === true ? undefined : (state["Next"] as string | undefined);
}

async function executeOnce(ctx: StateContext): Promise<Outcome> {
  return ctx.language === "JSONata" ? executeJsonata(ctx) : executeJsonPath(ctx);
}

// JSONPath: InputPath -> Parameters -> (work) -> ResultSelector -> Assign -> ResultPath -> OutputPath.
async function executeJsonPath(ctx: StateContext): Promise<Outcome> {
  const { state, type } = ctx;
  const scope = pathScope(ctx);
  const inputPath = (p: unknown, data: JsonValue): JsonValue => (p === null ? {} : p === undefined ? data : query(String(p), data, scope));
  const effective = inputPath(state["InputPath"], ctx.rawInput);
  const finish = (result: JsonValue, next: string | undefined, assignFrom: JsonValue, withResultPath = true): Outcome => {
    const assign = state["Assign"] !== undefined ? (applyPayloadTemplate(state["Assign"], assignFrom, scope) as Obj) : undefined;
    const combined = withResultPath ? applyResultPath(state["ResultPath"] as string | null | undefined, ctx.rawInput, result) : result;
    return { output: inputPath(state["OutputPath"], combined), next, assign };
  };
  const parameters = (data: JsonValue): JsonValue => ("Parameters" in state ? applyPayloadTemplate(state["Parameters"]!, data, scope) : data);
  const selected = (result: JsonValue): JsonValue => ("ResultSelector" in state ? applyPayloadTemplate(state["ResultSelector"]!, result, scope) : result);

  switch (type) {
    case "Pass": {
      const result = "Result" in state ? structuredClone(state["Result"]!) : parameters(effective);
      return finish(result, transition(state), result);
    }
    case "Task": {
      const input = parameters(effective);
      const result = selected(await runTask(ctx, input, (field, path) => secondsFromPath(field, path, input, scope)));
      return finish(result, transition(state), result);
    }
    case "Wait": {
      await runWait(ctx, effective, (field, path) => (field === "TimestampPath" ? timestampFromPath(path, effective, scope) : secondsFromPath(field, path, effective, scope)));
      return finish(effective, transition(state), effective, false);
    }
    case "Choice": {
      const rules = (state["Choices"] as Obj[] | undefined) ?? [];
      const rule = rules.find((r) => evaluateChoiceRule(r, effective, scope));
      const next = rule ? String(rule["Next"]) : (state["Default"] as string | undefined);
      if (next === undefined) throw new StatesError("States.NoChoiceMatched", `No Choice Rules matched and no Default was specified`);
      // A matched rule assigns its own variables; the state's Assign goes with Default.
      const holder = rule ?? state;
      const assign = holder["Assign"] !== undefined ? (applyPayloadTemplate(holder["Assign"], effective, scope) as Obj) : undefined;
      return { output: inputPath(state["OutputPath"], effective), next, assign };
    }
    case "Succeed":
      return { output: inputPath(state["OutputPath"], effective) };
    case "Fail": {
      const text = (field: string, literal: JsonValue | undefined, path: JsonValue | undefined): string | undefined => {
        if (typeof path === "string") {
          const v = isIntrinsic(path) ? evaluateIntrinsic(path, ctx.rawInput, scope) : query(path, ctx.rawInput, scope);
          if (typeof v !== "string") throw runtimeError(`The ${field} '${path}' must resolve to a string, but resolved to ${JSON.stringify(v)}`);
          return v;
        }
        return typeof literal === "string" ? literal : undefined;
      };
      throw new FailState(text("ErrorPath", state["Error"], state["ErrorPath"]), text("CausePath", state["Cause"], state["CausePath"]));
    }
    case "Parallel": {
      const result = selected(await runParallel(ctx, parameters(effective)));
      return finish(result, transition(state), result);
    }
    case "Map": {
      const items = state["ItemsPath"] !== undefined ? query(String(state["ItemsPath"]), effective, scope) : effective;
      if (!Array.isArray(items)) {
        throw runtimeError(`Invalid path '${String(state["ItemsPath"] ?? "$")}': The Map state's ItemsPath must point to a JSON array, but it points to ${JSON.stringify(items)}`);
      }
      const selector = state["ItemSelector"] ?? state["Parameters"];
      const maxConcurrency = state["MaxConcurrencyPath"] !== undefined ? nonNegativeInteger("MaxConcurrencyPath", query(String(state["MaxConcurrencyPath"]), effective, scope)) : Number(state["MaxConcurrency"] ?? 0);
      const result = selected(
        await runMap(ctx, items, maxConcurrency, (item, index) =>
          selector === undefined ? item : applyPayloadTemplate(selector, effective, pathScope(ctx, { Map: { Item: { Index: index, Value: item } } })),
        ),
      );
      return finish(result, transition(state), result);
    }
    default:
      throw runtimeError(`Unknown state type '${type}'`);
  }
}

// JSONata: Arguments -> (work) -> Output and Assign, all reading $states and the entry variables.
async function executeJsonata(ctx: StateContext): Promise<Outcome> {
  const { state, type } = ctx;
  const field = (name: string, value: JsonValue, more?: Parameters<typeof jsonataScope>[1]) => evaluateTemplate(value, name, jsonataScope(ctx, more));
  const finish = async (result: JsonValue | undefined, next: string | undefined, defaultOutput: JsonValue, holder: Obj = state): Promise<Outcome> => {
    const more = result !== undefined ? { result } : {};
    const output = "Output" in holder ? await field("Output", holder["Output"]!, more) : defaultOutput;
    const assign = holder["Assign"] !== undefined ? ((await field("Assign", holder["Assign"], more)) as Obj) : undefined;
    return { output, next, assign };
  };
  const args = async (): Promise<JsonValue> => ("Arguments" in state ? field("Arguments", state["Arguments"]!) : ctx.rawInput);

  switch (type) {
    case "Pass":
      return finish(undefined, transition(state), ctx.rawInput);
    case "Task": {
      const input = await args();
      const result = await runTask(ctx, input, undefined);
      return finish(result, transition(state), result);
    }
    case "Wait": {
      await runWait(ctx, ctx.rawInput, undefined);
      return finish(undefined, transition(state), ctx.rawInput);
    }
    case "Choice": {
      for (const rule of (state["Choices"] as Obj[] | undefined) ?? []) {
        const condition = rule["Condition"];
        const value = isJsonataExpression(condition) ? await evaluateExpression(condition, "Condition", jsonataScope(ctx)) : condition;
        if (typeof value !== "boolean") {
          throw queryEvaluationError(`The Condition '${String(condition)}' of a Choice rule must evaluate to a boolean, but evaluated to ${value === undefined ? "nothing (undefined)" : JSON.stringify(value)}`);
        }
        if (value) return finish(undefined, String(rule["Next"]), ctx.rawInput, rule);
      }
      if (state["Default"] === undefined) throw new StatesError("States.NoChoiceMatched", `No Choice Rules matched and no Default was specified`);
      return finish(undefined, String(state["Default"]), ctx.rawInput);
    }
    case "Succeed":
      return finish(undefined, undefined, ctx.rawInput).then((o) => ({ output: o.output }));
    case "Fail": {
      const text = async (name: string): Promise<string | undefined> => {
        if (state[name] === undefined) return undefined;
        const v = await field(name, state[name]!);
        if (typeof v !== "string") throw queryEvaluationError(`The field '${name}' must evaluate to a string, but evaluated to ${JSON.stringify(v)}`);
        return v;
      };
      throw new FailState(await text("Error"), await text("Cause"));
    }
    case "Parallel": {
      const result = await runParallel(ctx, await args());
      return finish(result, transition(state), result);
    }
    case "Map": {
      const items = state["Items"] !== undefined ? await field("Items", state["Items"]) : ctx.rawInput;
      if (!Array.isArray(items)) throw queryEvaluationError(`The Map state's Items must be a JSON array, but it is ${JSON.stringify(items)}`);
      const maxConcurrency = state["MaxConcurrency"] === undefined ? 0 : nonNegativeInteger("MaxConcurrency", await field("MaxConcurrency", state["MaxConcurrency"]), true);
      const selector = state["ItemSelector"];
      const resolved: JsonValue[] = [];
      for (const [index, item] of items.entries()) {
        resolved.push(selector === undefined ? item : await field("ItemSelector", selector, { context: { Map: { Item: { Index: index, Value: item } } } }));
      }
      const result = await runMap(ctx, resolved, maxConcurrency, (item) => item);
      return finish(result, transition(state), result);
    }
    default:
      throw runtimeError(`Unknown state type '${type}'`);
  }
}

// --- work of Task, Wait, Parallel, Map -------------------------------------------------------

function nonNegativeInteger(field: string, v: JsonValue, jsonata = false): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
    const msg = `The field '${field}' must be a non-negative integer, but was ${JSON.stringify(v)}`;
    throw jsonata ? queryEvaluationError(msg) : runtimeError(msg);
  }
  return v;
}

function secondsFromPath(field: string, path: string, data: JsonValue, scope: PathScope): number {
  const v = query(path, data, scope);
  const min = field === "SecondsPath" ? 0 : 1;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw runtimeError(`The ${field} '${path}' evaluated to ${JSON.stringify(v)}, but an integer >= ${min} is required`);
  }
  return v;
}

const RFC3339 = /^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

function timestampFromPath(path: string, data: JsonValue, scope: PathScope): number {
  const v = query(path, data, scope);
  if (typeof v !== "string" || !RFC3339.test(v)) throw runtimeError(`The TimestampPath '${path}' evaluated to ${JSON.stringify(v)}, but an RFC3339 timestamp is required`);
  return Date.parse(v);
}

type PathReader = (field: string, path: string) => number;

/** TimeoutSeconds / HeartbeatSeconds: a number, a *Path (JSONPath) or a "{% %}" expression (JSONata). */
async function taskSeconds(ctx: StateContext, field: "TimeoutSeconds" | "HeartbeatSeconds", readPath: PathReader | undefined): Promise<number | undefined> {
  const value = ctx.state[field];
  const path = ctx.state[`${field}Path`];
  if (typeof value === "number") return value;
  if (isJsonataExpression(value)) {
    const v = await evaluateExpression(value, field, jsonataScope(ctx));
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw queryEvaluationError(`The field '${field}' must evaluate to a positive integer, but evaluated to ${JSON.stringify(v ?? null)}`);
    return v;
  }
  if (typeof path === "string" && readPath) return readPath(`${field}Path`, path);
  return undefined;
}

async function runTask(ctx: StateContext, input: JsonValue, readPath: PathReader | undefined): Promise<JsonValue> {
  const timeoutSeconds = await taskSeconds(ctx, "TimeoutSeconds", readPath);
  const heartbeatSeconds = await taskSeconds(ctx, "HeartbeatSeconds", readPath);
  return ctx.frame.run.hooks.runTask({
    stateName: ctx.name,
    resource: String(ctx.state["Resource"]),
    input,
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    ...(heartbeatSeconds !== undefined ? { heartbeatSeconds } : {}),
  });
}

async function runWait(ctx: StateContext, input: JsonValue, readPath: ((field: string, path: string) => number) | undefined): Promise<void> {
  const s = ctx.state;
  const call: WaitCall = { stateName: ctx.name, input };
  if (isJsonataExpression(s["Seconds"])) {
    call.seconds = nonNegativeInteger("Seconds", (await evaluateExpression(s["Seconds"], "Seconds", jsonataScope(ctx))) ?? null, true);
  } else if (isJsonataExpression(s["Timestamp"])) {
    const v = await evaluateExpression(s["Timestamp"], "Timestamp", jsonataScope(ctx));
    if (typeof v !== "string" || !RFC3339.test(v)) throw queryEvaluationError(`The field 'Timestamp' must evaluate to an RFC3339 timestamp, but evaluated to ${JSON.stringify(v ?? null)}`);
    call.timestamp = v;
  } else if (typeof s["Seconds"] === "number") call.seconds = s["Seconds"];
  else if (typeof s["Timestamp"] === "string") call.timestamp = s["Timestamp"];
  else if (typeof s["SecondsPath"] === "string" && readPath) call.seconds = readPath("SecondsPath", s["SecondsPath"]);
  else if (typeof s["TimestampPath"] === "string" && readPath) call.timestamp = new Date(readPath("TimestampPath", s["TimestampPath"])).toISOString();
  else throw runtimeError("The Wait state has none of Seconds, SecondsPath, Timestamp, TimestampPath");
  await ctx.frame.run.hooks.runWait(call);
}

/** Child runs share one abort: the first failure stops its siblings, as on AWS. */
function childFrame(ctx: StateContext, signal: AbortSignal): Frame {
  return {
    run: { ...ctx.frame.run, signal },
    scope: ctx.frame.scope.child(),
    queryLanguage: ctx.frame.queryLanguage,
    topLevel: false,
  };
}

async function runChildren<T>(ctx: StateContext, count: number, limit: number, body: (i: number, frame: Frame) => Promise<T>): Promise<T[]> {
  const controller = new AbortController();
  const parent = ctx.frame.run.signal;
  const onAbort = (): void => controller.abort();
  parent.addEventListener("abort", onAbort);
  const results: T[] = new Array<T>(count);
  let nextIndex = 0;
  // The first failure settles the state at once; siblings still running stop at their next
  // state boundary (a sibling parked on a task token is not awaited).
  const { promise: failed, reject: fail } = Promise.withResolvers<never>();
  failed.catch(() => {});
  let failure = false;
  const worker = async (): Promise<void> => {
    while (nextIndex < count && !failure) {
      const i = nextIndex++;
      try {
        results[i] = await body(i, childFrame(ctx, controller.signal));
      } catch (err) {
        if (!failure) {
          failure = true;
          fail(err);
        }
        controller.abort();
      }
    }
  };
  try {
    const workers = Math.max(1, Math.min(count, limit > 0 ? limit : count));
    await Promise.race([Promise.all(Array.from({ length: workers }, worker)), failed]);
  } finally {
    parent.removeEventListener("abort", onAbort);
  }
  if (parent.aborted) throw new RunAborted();
  return results;
}

async function runParallel(ctx: StateContext, input: JsonValue): Promise<JsonValue> {
  const branches = ctx.state["Branches"] as unknown as Machine[];
  return runChildren(ctx, branches.length, 0, (i, frame) => runMachine(branches[i]!, branches[i]!.StartAt, structuredClone(input), frame));
}

async function runMap(ctx: StateContext, items: JsonValue[], maxConcurrency: number, itemInput: (item: JsonValue, index: number) => JsonValue): Promise<JsonValue> {
  const processor = (ctx.state["ItemProcessor"] ?? ctx.state["Iterator"]) as unknown as Machine;
  const hooks = ctx.frame.run.hooks;
  return runChildren(ctx, items.length, maxConcurrency, async (index, frame) => {
    const input = itemInput(items[index]!, index);
    hooks.onEvent({ type: "MapIterationStarted", stateName: ctx.name, index });
    try {
      const out = await runMachine(processor, processor.StartAt, input, frame);
      hooks.onEvent({ type: "MapIterationSucceeded", stateName: ctx.name, index });
      return out;
    } catch (err) {
      if (!(err instanceof RunAborted)) hooks.onEvent({ type: "MapIterationFailed", stateName: ctx.name, index });
      throw err;
    }
  });
}

