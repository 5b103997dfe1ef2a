// Registration of a definition: the checks AWS's CreateStateMachine makes (asl-validator 4, which
// knows JSONata, Assign and QueryLanguage) plus the few things the local engine refuses because
// it cannot run them exactly as AWS does. Every problem is listed at once, naming its state.
//
// Refused, with the reason in the message:
//  * Distributed Map (ItemReader, ItemBatcher, ResultWriter, tolerated failures, DISTRIBUTED mode).
//  * `$$.Task.Token` outside a `.waitForTaskToken` Task (AWS rejects it too).
//  * Duplicate state names across branches/iterators: AWS requires unique names and the engine's
//    resume keys rely on them.
//  * A Map iteration or Parallel branch assigning a variable that an enclosing scope also
//    assigns: how AWS resolves that write is not something this engine has verified, so it is
//    refused rather than guessed.
import { createHash } from "node:crypto";
import aslValidator from "asl-validator";

/** What `$$.Task.Token` resolves to while Parameters/Arguments are evaluated; replaced by a real token. */
export const TASK_TOKEN_PLACEHOLDER = "hirepath-local:task-token-placeholder";

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
  Timestamp?: string;
}

/** What the engine needs to know to run one Task state. */
export interface TaskSpec {
  /** Resource as written in the definition. */
  resource: string;
  /** Resource without the `.waitForTaskToken` suffix: what the dispatcher invokes. */
  baseResource: string;
  waitForTaskToken: boolean;
}

export interface CompiledDefinition {
  hash: string;
  original: Obj;
  startAt: string;
  /** Top-level TimeoutSeconds: enforced (scaled, durably) by the engine. */
  timeoutSeconds?: number;
  /** Type of every state, by name. */
  stateTypes: ReadonlyMap<string, string>;
  /** Definition of every state, by name. */
  stateDefs: ReadonlyMap<string, Obj>;
  topLevel: ReadonlySet<string>;
  /** States inside a Map iterator (they run concurrently under the same name). */
  inMap: ReadonlySet<string>;
  tasks: ReadonlyMap<string, TaskSpec>;
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
  /** Nesting path of Parallel branches / Map iterators ("" at the top level). */
  id: string;
}

/** Visits every state of a machine, recursing into Parallel branches and Map iterators. */
function visitStates(machine: Obj, scope: Scope, visit: (name: string, state: Obj, scope: Scope) => void): void {
  const states = machine["States"];
  if (!isObj(states)) return;
  for (const [name, state] of Object.entries(states)) {
    if (!isObj(state)) continue;
    visit(name, state, scope);
    if (state["Type"] === "Parallel" && Array.isArray(state["Branches"])) {
      state["Branches"].forEach((branch, i) => {
        if (isObj(branch)) visitStates(branch, { top: false, inMap: scope.inMap, id: `${scope.id}/${name}[${i}]` }, visit);
      });
    }
    if (state["Type"] === "Map") {
      const processor = state["ItemProcessor"] ?? state["Iterator"];
      if (isObj(processor)) visitStates(processor, { top: false, inMap: true, id: `${scope.id}/${name}` }, visit);
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

const DISTRIBUTED_MAP_FIELDS = ["ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailureCount", "ToleratedFailurePercentage", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath"];
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,79}$/;

/** Names a state's Assign blocks (its own, its Choice rules' and its catchers') write. */
function assignedNames(state: Obj): string[] {
  const blocks: unknown[] = [state["Assign"]];
  if (Array.isArray(state["Choices"])) for (const r of state["Choices"]) if (isObj(r)) blocks.push(r["Assign"]);
  if (Array.isArray(state["Catch"])) for (const c of state["Catch"]) if (isObj(c)) blocks.push(c["Assign"]);
  return blocks.filter(isObj).flatMap((b) => Object.keys(b).map((k) => (k.endsWith(".$") ? k.slice(0, -2) : k)));
}

/**
 * asl-validator 4 accepts only a "{% %}" string or an object for JSONata Output/Arguments, where
 * AWS accepts any JSON value (a string, number, array, boolean or null is the literal value). For
 * its check only, such literals become the equivalent JSONata literal expression.
 */
function withJsonataLiteralsAsExpressions(def: Obj): Obj {
  const copy = structuredClone(def);
  const fix = (holder: Obj): void => {
    for (const field of ["Output", "Arguments", "Items"]) {
      const v = holder[field];
      if (field in holder && !isObj(v) && !(typeof v === "string" && /^\{%[\s\S]*%\}$/.test(v))) holder[field] = `{% ${JSON.stringify(v)} %}`;
    }
  };
  const walk = (machine: Obj, inherited: unknown): void => {
    const language = machine["QueryLanguage"] ?? inherited;
    const states = machine["States"];
    if (!isObj(states)) return;
    for (const state of Object.values(states)) {
      if (!isObj(state)) continue;
      if ((state["QueryLanguage"] ?? language) === "JSONata") {
        fix(state);
        for (const list of [state["Catch"], state["Choices"]]) if (Array.isArray(list)) for (const item of list) if (isObj(item)) fix(item);
      }
      if (Array.isArray(state["Branches"])) for (const b of state["Branches"]) if (isObj(b)) walk(b, language);
      const processor = state["ItemProcessor"] ?? state["Iterator"];
      if (isObj(processor)) walk(processor, language);
    }
  };
  walk(copy, undefined);
  return copy;
}

function validate(def: Obj): string[] {
  const problems: string[] = [];
  if (!isObj(def["States"]) || typeof def["StartAt"] !== "string") {
    return ["the definition needs a StartAt string and a States object"];
  }
  // On a copy (asl-validator annotates the object it checks with QueryLanguage on every state).
  const checked = aslValidator(withJsonataLiteralsAsExpressions(def), { checkArn: true, checkPaths: true });
  if (!checked.isValid) {
    for (const e of checked.errors) problems.push(`${(e as { "Error code"?: string })["Error code"] ?? "INVALID"}: ${(e as { Message?: string }).Message ?? e.message}`);
  }

  const seen = new Map<string, number>();
  const assignedIn = new Map<string, Set<string>>(); // variable -> scope ids assigning it
  visitStates(def, { top: true, inMap: false, id: "" }, (stateName, state, scope) => {
    seen.set(stateName, (seen.get(stateName) ?? 0) + 1);
    for (const field of DISTRIBUTED_MAP_FIELDS) {
      if (field in state) problems.push(`state '${stateName}': Distributed Map (${field}) is not supported by the local engine`);
    }
    const processor = state["ItemProcessor"];
    if (isObj(processor) && isObj(processor["ProcessorConfig"]) && processor["ProcessorConfig"]["Mode"] === "DISTRIBUTED") {
      problems.push(`state '${stateName}': Distributed Map (ProcessorConfig.Mode DISTRIBUTED) is not supported by the local engine`);
    }
    const isTokenTask = state["Type"] === "Task" && typeof state["Resource"] === "string" && state["Resource"].endsWith(".waitForTaskToken");
    if (!isTokenTask && ownStrings(state).some((s) => s.includes("$$.Task.Token") || s.includes("$states.context.Task.Token"))) {
      problems.push(`state '${stateName}': $$.Task.Token is only available in a Task whose Resource ends with .waitForTaskToken`);
    }
    for (const name of assignedNames(state)) {
      if (!VARIABLE_NAME.test(name) || name === "states") {
        problems.push(`state '${stateName}': '${name}' is not a valid variable name (a letter or _ then letters, digits or _, at most 80 characters; 'states' is reserved)`);
      }
      let scopes = assignedIn.get(name);
      if (!scopes) assignedIn.set(name, (scopes = new Set()));
      scopes.add(scope.id);
    }
  });
  for (const [name, scopes] of assignedIn) {
    const ids = [...scopes];
    const nested = ids.find((inner) => ids.some((outer) => outer !== inner && inner.startsWith(outer + "/")));
    if (nested !== undefined) {
      problems.push(
        `variable '${name}' is assigned both inside a Map/Parallel child workflow and in an enclosing scope; the local engine refuses this rather than guess how AWS resolves the write (use a different name inside the child and return data through Output)`,
      );
    }
  }
  const duplicates = [...seen].filter(([, n]) => n > 1).map(([n]) => `'${n}'`);
  if (duplicates.length) {
    problems.push(`state names must be unique across the whole definition (including Parallel branches and Map iterators); duplicated: ${duplicates.join(", ")}`);
  }
  return problems;
}

/**
 * Validates a definition (throws InvalidDefinitionError listing every problem) and indexes it
 * for the engine.
 */
export function compileDefinition(stateMachineName: string, definition: unknown): CompiledDefinition {
  if (!isObj(definition)) throw new InvalidDefinitionError(stateMachineName, ["the definition must be a JSON object"]);
  const original = structuredClone(definition);
  const problems = validate(original);
  if (problems.length) throw new InvalidDefinitionError(stateMachineName, problems);

  const stateTypes = new Map<string, string>();
  const stateDefs = new Map<string, Obj>();
  const topLevel = new Set<string>();
  const inMap = new Set<string>();
  const tasks = new Map<string, TaskSpec>();
  visitStates(original, { top: true, inMap: false, id: "" }, (name, state, scope) => {
    stateTypes.set(name, String(state["Type"]));
    stateDefs.set(name, state);
    if (scope.top) topLevel.add(name);
    if (scope.inMap) inMap.add(name);
    if (state["Type"] === "Task") {
      const resource = String(state["Resource"]);
      const waitForTaskToken = resource.endsWith(".waitForTaskToken");
      tasks.set(name, { resource, baseResource: waitForTaskToken ? resource.slice(0, -".waitForTaskToken".length) : resource, waitForTaskToken });
    }
  });
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
  };
}
