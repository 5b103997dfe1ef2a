// Registration-time checks and the rewrite that makes an ASL definition run faithfully on
// aws-local-stepfunctions 3. Each rule below exists because of a measured gap of the library:
//
//  * Overrides (task handlers) are keyed by state name, including inside Parallel branches and
//    Map iterators, so state names must be unique across the whole definition -> rejected if not.
//  * A Task without TimeoutSeconds gets 60 s in the library but 99,999,999 s on AWS -> rejected,
//    naming the state, so the difference can never bite silently.
//  * JSONata, Assign/Arguments/Output, Distributed Map, `$$.State.*` are not implemented by the
//    library -> rejected with a clear message instead of failing (or misbehaving) at run time.
//  * Wait states sleep in real time, un-scaled, not durably, and overflow after ~24.8 days ->
//    rewritten into a harness-timed Task (InputPath/OutputPath kept, so input/output is
//    identical); the harness scales, persists and resumes the wait.
//  * Task timeouts are raced by the library against an un-scaled, overflowing setTimeout ->
//    replaced by a neutral value; the harness enforces TimeoutSeconds / HeartbeatSeconds itself.
//  * Retry back-off sleeps in real time -> IntervalSeconds / MaxDelaySeconds divided by timeScale.
//  * `ResultPath: "$"` is turned into a key named "$" by the library -> dropped (it is the default).
//  * A Pass state whose Result is falsy (0, false, "", null) returns its input in the library ->
//    rewritten into a harness Task that returns the Result.
//  * The library overwrites `$$.Execution.Input` / `StartTime` with the input/start of the current
//    run (wrong after a resume and inside Parallel/Map branches) -> `$$.Execution` references are
//    redirected to a context key the library does not touch.
//  * `States.Timeout` in ErrorEquals also matches heartbeat timeouts on AWS -> States.HeartbeatTimeout
//    is added next to it.
import { createHash } from "node:crypto";
import { StateMachine } from "aws-local-stepfunctions";

export const WAIT_RESOURCE = "hirepath:local:wait";
export const PASS_RESULT_RESOURCE = "hirepath:local:pass-result";
/** Context key holding the real `$$.Execution` object (see module comment). */
export const EXECUTION_CONTEXT_KEY = "HirepathExecution";
/** What `$$.Task.Token` resolves to while Parameters are evaluated; replaced by a real token. */
export const TASK_TOKEN_PLACEHOLDER = "hirepath-local:task-token-placeholder";
/**
 * TimeoutSeconds handed to the library for every Task: large enough never to fire first
 * (the harness enforces the real timeouts) and small enough for setTimeout (< 2^31 ms).
 */
export const LIBRARY_NEUTRAL_TIMEOUT_SECONDS = 2_000_000;

type Obj = Record<string, unknown>;

export class InvalidDefinitionError extends Error {
  constructor(
    readonly stateMachineName: string,
    readonly problems: string[],
  ) {
    super(`Invalid state machine definition '${stateMachineName}' for the local harness:\n - ${problems.join("\n - ")}`);
    this.name = "InvalidDefinition";
  }
}

export interface WaitSpec {
  Seconds?: number;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
}

/** What the harness needs to know to run one Task (or Task-ized Wait / Pass) state. */
export interface TaskSpec {
  kind: "task" | "wait" | "passResult";
  /** Resource as written in the definition. */
  resource: string;
  /** Resource without the `.waitForTaskToken` suffix: what the dispatcher invokes. */
  baseResource: string;
  waitForTaskToken: boolean;
  timeoutSeconds?: number;
  timeoutSecondsPath?: string;
  heartbeatSeconds?: number;
  heartbeatSecondsPath?: string;
  wait?: WaitSpec;
  result?: unknown;
}

export interface CompiledDefinition {
  hash: string;
  original: Obj;
  startAt: string;
  /** Top-level TimeoutSeconds: enforced (scaled, durably) by the engine, not the library. */
  timeoutSeconds?: number;
  /** Original Type of every state, by name (the library sees Task-ized Waits as Tasks). */
  stateTypes: ReadonlyMap<string, string>;
  /** Original definition of every state, by name. */
  stateDefs: ReadonlyMap<string, Obj>;
  topLevel: ReadonlySet<string>;
  /** States inside a Map iterator (they run concurrently under the same name). */
  inMap: ReadonlySet<string>;
  tasks: ReadonlyMap<string, TaskSpec>;
  /** The rewritten definition, starting at `state`, ready for `new StateMachine(...)`. */
  startingAt(state: string): Obj;
}

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Stable hash of a definition (key order independent) used to pin executions to a version. */
export function definitionHash(def: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (isObj(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
    return v;
  };
  return createHash("sha256").update(JSON.stringify(canonical(def))).digest("hex").slice(0, 32);
}

interface Scope {
  top: boolean;
  inMap: boolean;
}

/** Visits every state of a machine, recursing into Parallel branches and Map iterators. */
function visitStates(machine: Obj, scope: Scope, visit: (name: string, state: Obj, scope: Scope) => void): void {
  const states = machine["States"];
  if (!isObj(states)) return;
  for (const [name, state] of Object.entries(states)) {
    if (!isObj(state)) continue;
    visit(name, state, scope);
    if (state["Type"] === "Parallel" && Array.isArray(state["Branches"])) {
      for (const branch of state["Branches"]) if (isObj(branch)) visitStates(branch, { top: false, inMap: scope.inMap }, visit);
    }
    if (state["Type"] === "Map") {
      const processor = state["ItemProcessor"] ?? state["Iterator"];
      if (isObj(processor)) visitStates(processor, { top: false, inMap: true }, visit);
    }
  }
}

/** Every string in a state's own fields (nested machines excluded: they are visited separately). */
function ownStrings(state: Obj): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) if (k !== "Branches" && k !== "Iterator" && k !== "ItemProcessor") walk(x);
  };
  walk(state);
  return out;
}

const UNSUPPORTED_FIELDS: Record<string, string> = {
  Assign: "workflow variables (Assign) are not implemented by aws-local-stepfunctions 3",
  Arguments: "Arguments is JSONata-only; aws-local-stepfunctions 3 implements JSONPath only",
  Output: "Output is JSONata-only; aws-local-stepfunctions 3 implements JSONPath only",
  Items: "Items is JSONata-only; aws-local-stepfunctions 3 implements JSONPath only",
  Condition: "Choice Condition is JSONata-only; aws-local-stepfunctions 3 implements JSONPath only",
  ItemReader: "Distributed Map (ItemReader) is not implemented by aws-local-stepfunctions 3",
  ItemBatcher: "Distributed Map (ItemBatcher) is not implemented by aws-local-stepfunctions 3",
  ResultWriter: "Distributed Map (ResultWriter) is not implemented by aws-local-stepfunctions 3",
  ToleratedFailureCount: "Distributed Map failure tolerance is not implemented by aws-local-stepfunctions 3",
  ToleratedFailurePercentage: "Distributed Map failure tolerance is not implemented by aws-local-stepfunctions 3",
  ToleratedFailureCountPath: "Distributed Map failure tolerance is not implemented by aws-local-stepfunctions 3",
  ToleratedFailurePercentagePath: "Distributed Map failure tolerance is not implemented by aws-local-stepfunctions 3",
};

function validate(def: Obj): string[] {
  const problems: string[] = [];
  if (!isObj(def["States"]) || typeof def["StartAt"] !== "string") {
    return ["the definition needs a StartAt string and a States object"];
  }
  // The library's own validator (asl-validator: schema, ARNs, paths).
  try {
    // On a copy: asl-validator annotates the object it checks (QueryLanguage on every state).
    new StateMachine(structuredClone(def) as never, { validationOptions: { checkArn: true, checkPaths: true } });
  } catch (err) {
    problems.push((err as Error).message.replace(/\s+/g, " ").trim());
  }
  const jsonata = (q: unknown): boolean => q === "JSONata";
  if (jsonata(def["QueryLanguage"])) problems.push("QueryLanguage JSONata is not supported: aws-local-stepfunctions 3 implements JSONPath only");

  const seen = new Map<string, number>();
  const missingTimeout: string[] = [];
  visitStates(def, { top: true, inMap: false }, (stateName, state) => {
    seen.set(stateName, (seen.get(stateName) ?? 0) + 1);
    if (jsonata(state["QueryLanguage"])) problems.push(`state '${stateName}': QueryLanguage JSONata is not supported (JSONPath only)`);
    for (const [field, why] of Object.entries(UNSUPPORTED_FIELDS)) {
      if (field in state) problems.push(`state '${stateName}': ${why}`);
    }
    const processor = state["ItemProcessor"];
    if (isObj(processor) && isObj(processor["ProcessorConfig"]) && processor["ProcessorConfig"]["Mode"] === "DISTRIBUTED") {
      problems.push(`state '${stateName}': Distributed Map (ProcessorConfig.Mode DISTRIBUTED) is not implemented by aws-local-stepfunctions 3`);
    }
    if (state["Type"] === "Task" && state["TimeoutSeconds"] === undefined && state["TimeoutSecondsPath"] === undefined) {
      missingTimeout.push(stateName);
    }
    const strings = ownStrings(state);
    if (strings.some((s) => s.includes("$$.State"))) {
      problems.push(`state '${stateName}': $$.State.* context fields are not provided by aws-local-stepfunctions 3`);
    }
    const isTokenTask = state["Type"] === "Task" && typeof state["Resource"] === "string" && state["Resource"].endsWith(".waitForTaskToken");
    if (!isTokenTask && strings.some((s) => s.includes("$$.Task.Token"))) {
      problems.push(`state '${stateName}': $$.Task.Token is only available in a Task whose Resource ends with .waitForTaskToken`);
    }
  });
  const duplicates = [...seen].filter(([, n]) => n > 1).map(([n]) => `'${n}'`);
  if (duplicates.length) {
    problems.push(
      `state names must be unique across the whole definition (including Parallel branches and Map iterators), because the local engine routes Task handlers by state name; duplicated: ${duplicates.join(", ")}`,
    );
  }
  for (const stateName of missingTimeout) {
    problems.push(
      `Task state '${stateName}' has no TimeoutSeconds (or TimeoutSecondsPath): AWS defaults to 99,999,999 s but aws-local-stepfunctions defaults to 60 s; set it explicitly`,
    );
  }
  return problems;
}

const EXECUTION_REF = /\$\$\.Execution(?![A-Za-z0-9_])/g;
const redirectExecution = (s: string): string => s.replace(EXECUTION_REF, `$$$$.${EXECUTION_CONTEXT_KEY}`);

/** Rewrites `$$.Execution` inside a payload template (Parameters, ResultSelector, ItemSelector). */
function rewriteTemplate(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(rewriteTemplate);
  if (!isObj(v)) return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k, k.endsWith(".$") && typeof x === "string" ? redirectExecution(x) : rewriteTemplate(x)]),
  );
}

function rewriteChoiceRule(rule: unknown): unknown {
  if (Array.isArray(rule)) return rule.map(rewriteChoiceRule);
  if (!isObj(rule)) return rule;
  return Object.fromEntries(
    Object.entries(rule).map(([k, x]) => [
      k,
      typeof x === "string" && (k === "Variable" || k.endsWith("Path")) ? redirectExecution(x) : isObj(x) || Array.isArray(x) ? rewriteChoiceRule(x) : x,
    ]),
  );
}

const PATH_FIELDS = ["InputPath", "OutputPath", "ItemsPath", "ErrorPath", "CausePath", "MaxConcurrencyPath"];
const TEMPLATE_FIELDS = ["Parameters", "ResultSelector", "ItemSelector"];

function rewriteErrorHandling(state: Obj, timeScale: number): void {
  const expand = (errors: unknown): unknown =>
    Array.isArray(errors) && errors.includes("States.Timeout") && !errors.includes("States.HeartbeatTimeout") ? [...errors, "States.HeartbeatTimeout"] : errors;
  if (Array.isArray(state["Retry"])) {
    state["Retry"] = state["Retry"].map((r: unknown) => {
      if (!isObj(r)) return r;
      const out: Obj = { ...r, ErrorEquals: expand(r["ErrorEquals"]) };
      out["IntervalSeconds"] = (typeof r["IntervalSeconds"] === "number" ? r["IntervalSeconds"] : 1) / timeScale;
      if (typeof r["MaxDelaySeconds"] === "number") out["MaxDelaySeconds"] = r["MaxDelaySeconds"] / timeScale;
      return out;
    });
  }
  if (Array.isArray(state["Catch"])) {
    state["Catch"] = state["Catch"].map((c: unknown) => {
      if (!isObj(c)) return c;
      const out: Obj = { ...c, ErrorEquals: expand(c["ErrorEquals"]) };
      if (out["ResultPath"] === "$") delete out["ResultPath"];
      return out;
    });
  }
}

function transitionFields(state: Obj): Obj {
  const out: Obj = {};
  for (const k of ["Next", "End", "Comment"]) if (k in state) out[k] = state[k];
  return out;
}

/** Rewrites one state in place of its machine (see module comment for every rule). */
function rewriteState(name: string, state: Obj, timeScale: number, tasks: Map<string, TaskSpec>): Obj {
  const type = state["Type"];
  if (type === "Wait") {
    tasks.set(name, {
      kind: "wait",
      resource: WAIT_RESOURCE,
      baseResource: WAIT_RESOURCE,
      waitForTaskToken: false,
      wait: {
        Seconds: state["Seconds"] as number | undefined,
        SecondsPath: state["SecondsPath"] as string | undefined,
        Timestamp: state["Timestamp"] as string | undefined,
        TimestampPath: state["TimestampPath"] as string | undefined,
      },
    });
    const task: Obj = { Type: "Task", Resource: WAIT_RESOURCE, TimeoutSeconds: LIBRARY_NEUTRAL_TIMEOUT_SECONDS, ...transitionFields(state) };
    for (const k of ["InputPath", "OutputPath"]) if (k in state) task[k] = typeof state[k] === "string" ? redirectExecution(state[k] as string) : state[k];
    return task;
  }

  const out: Obj = { ...state };
  for (const k of PATH_FIELDS) if (typeof out[k] === "string") out[k] = redirectExecution(out[k] as string);
  for (const k of TEMPLATE_FIELDS) if (k in out) out[k] = rewriteTemplate(out[k]);
  if (out["ResultPath"] === "$") delete out["ResultPath"];
  if (type === "Choice") {
    if (Array.isArray(out["Choices"])) out["Choices"] = rewriteChoiceRule(out["Choices"]);
    return out;
  }
  rewriteErrorHandling(out, timeScale);

  if (type === "Pass" && "Result" in state && !state["Result"]) {
    tasks.set(name, { kind: "passResult", resource: PASS_RESULT_RESOURCE, baseResource: PASS_RESULT_RESOURCE, waitForTaskToken: false, result: state["Result"] });
    delete out["Result"];
    return { ...out, Type: "Task", Resource: PASS_RESULT_RESOURCE, TimeoutSeconds: LIBRARY_NEUTRAL_TIMEOUT_SECONDS };
  }
  if (type === "Task") {
    const resource = String(state["Resource"]);
    const waitForTaskToken = resource.endsWith(".waitForTaskToken");
    tasks.set(name, {
      kind: "task",
      resource,
      baseResource: waitForTaskToken ? resource.slice(0, -".waitForTaskToken".length) : resource,
      waitForTaskToken,
      timeoutSeconds: state["TimeoutSeconds"] as number | undefined,
      timeoutSecondsPath: state["TimeoutSecondsPath"] as string | undefined,
      heartbeatSeconds: state["HeartbeatSeconds"] as number | undefined,
      heartbeatSecondsPath: state["HeartbeatSecondsPath"] as string | undefined,
    });
    out["TimeoutSeconds"] = LIBRARY_NEUTRAL_TIMEOUT_SECONDS;
    delete out["TimeoutSecondsPath"];
  }
  return out;
}

function rewriteMachine(machine: Obj, timeScale: number, tasks: Map<string, TaskSpec>): Obj {
  const states = machine["States"] as Obj;
  const rewritten: Obj = {};
  for (const [name, raw] of Object.entries(states)) {
    const state = rewriteState(name, raw as Obj, timeScale, tasks);
    if (state["Type"] === "Parallel" && Array.isArray(state["Branches"])) {
      state["Branches"] = state["Branches"].map((b: unknown) => rewriteMachine(b as Obj, timeScale, tasks));
    }
    if (state["Type"] === "Map") {
      for (const key of ["ItemProcessor", "Iterator"]) if (isObj(state[key])) state[key] = rewriteMachine(state[key] as Obj, timeScale, tasks);
    }
    rewritten[name] = state;
  }
  const out: Obj = { ...machine, States: rewritten };
  delete out["TimeoutSeconds"];
  return out;
}

/**
 * Validates a definition (throws InvalidDefinitionError listing every problem) and prepares the
 * library-ready form. `timeScale` only affects Retry intervals.
 */
export function compileDefinition(stateMachineName: string, definition: unknown, timeScale: number): CompiledDefinition {
  if (!isObj(definition)) throw new InvalidDefinitionError(stateMachineName, ["the definition must be a JSON object"]);
  const original = structuredClone(definition);
  const problems = validate(original);
  if (problems.length) throw new InvalidDefinitionError(stateMachineName, problems);

  const stateTypes = new Map<string, string>();
  const stateDefs = new Map<string, Obj>();
  const topLevel = new Set<string>();
  const inMap = new Set<string>();
  visitStates(original, { top: true, inMap: false }, (name, state, scope) => {
    stateTypes.set(name, String(state["Type"]));
    stateDefs.set(name, state);
    if (scope.top) topLevel.add(name);
    if (scope.inMap) inMap.add(name);
  });
  const tasks = new Map<string, TaskSpec>();
  const rewritten = rewriteMachine(structuredClone(original), timeScale, tasks);
  const byStart = new Map<string, Obj>();
  return {
    hash: definitionHash(original),
    original,
    startAt: String(original["StartAt"]),
    timeoutSeconds: typeof original["TimeoutSeconds"] === "number" ? original["TimeoutSeconds"] : undefined,
    stateTypes,
    stateDefs,
    topLevel,
    inMap,
    tasks,
    startingAt(state: string): Obj {
      let def = byStart.get(state);
      if (!def) {
        def = { ...rewritten, StartAt: state };
        byStart.set(state, def);
      }
      return def;
    },
  };
}
