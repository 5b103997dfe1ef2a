// JSONPath Choice rules (states-language.net, "Choice Rules"; AWS "Choice workflow state").
//
// A comparison whose Variable is missing fails the state with States.Runtime (only IsPresent
// tolerates it); a value of the wrong type simply does not match. `IsNull`, `IsBoolean`,
// `IsNumeric`, `IsString` and `IsTimestamp` compare the type test with their boolean operand, so
// `"IsNull": false` matches every non-null value.
import type { JsonValue } from "../types.js";
import { runtimeError } from "./failure.js";
import { query, tryQuery, type PathScope } from "./jsonpath.js";

type Rule = Record<string, JsonValue>;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function timestamp(v: JsonValue): number | undefined {
  if (typeof v !== "string" || !RFC3339.test(v)) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** StringMatches: `*` matches any run of characters; `\*` and `\\` are a literal star and backslash. */
function wildcardMatch(value: string, pattern: string): boolean {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && (pattern[i + 1] === "*" || pattern[i + 1] === "\\")) re += "\\" + pattern[++i];
    else if (c === "*") re += ".*";
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "s").test(value);
}

type Comparator = (a: JsonValue, b: JsonValue) => boolean;

const str = (f: (a: string, b: string) => boolean): Comparator => (a, b) => typeof a === "string" && typeof b === "string" && f(a, b);
const num = (f: (a: number, b: number) => boolean): Comparator => (a, b) => typeof a === "number" && typeof b === "number" && f(a, b);
const ts = (f: (a: number, b: number) => boolean): Comparator => (a, b) => {
  const x = timestamp(a);
  const y = timestamp(b);
  return x !== undefined && y !== undefined && f(x, y);
};

const COMPARATORS: Record<string, Comparator> = {
  StringEquals: str((a, b) => a === b),
  StringLessThan: str((a, b) => a < b),
  StringGreaterThan: str((a, b) => a > b),
  StringLessThanEquals: str((a, b) => a <= b),
  StringGreaterThanEquals: str((a, b) => a >= b),
  StringMatches: str((a, b) => wildcardMatch(a, b)),
  NumericEquals: num((a, b) => a === b),
  NumericLessThan: num((a, b) => a < b),
  NumericGreaterThan: num((a, b) => a > b),
  NumericLessThanEquals: num((a, b) => a <= b),
  NumericGreaterThanEquals: num((a, b) => a >= b),
  BooleanEquals: (a, b) => typeof a === "boolean" && a === b,
  TimestampEquals: ts((a, b) => a === b),
  TimestampLessThan: ts((a, b) => a < b),
  TimestampGreaterThan: ts((a, b) => a > b),
  TimestampLessThanEquals: ts((a, b) => a <= b),
  TimestampGreaterThanEquals: ts((a, b) => a >= b),
};

const TYPE_TESTS: Record<string, (v: JsonValue) => boolean> = {
  IsNull: (v) => v === null,
  IsBoolean: (v) => typeof v === "boolean",
  IsNumeric: (v) => typeof v === "number",
  IsString: (v) => typeof v === "string",
  IsTimestamp: (v) => timestamp(v) !== undefined,
};

export function evaluateChoiceRule(rule: Rule, data: JsonValue, scope: PathScope): boolean {
  if (Array.isArray(rule["And"])) return (rule["And"] as Rule[]).every((r) => evaluateChoiceRule(r, data, scope));
  if (Array.isArray(rule["Or"])) return (rule["Or"] as Rule[]).some((r) => evaluateChoiceRule(r, data, scope));
  if (rule["Not"] && typeof rule["Not"] === "object") return !evaluateChoiceRule(rule["Not"] as Rule, data, scope);
  const variable = rule["Variable"];
  if (typeof variable !== "string") throw runtimeError("A Choice rule has no Variable");
  if ("IsPresent" in rule) {
    const r = tryQuery(variable, data, scope);
    const present = r.found && !(Array.isArray(r.value) && r.value.length === 0 && /[*?]|\.\.|:/.test(variable));
    return present === rule["IsPresent"];
  }
  const found = tryQuery(variable, data, scope);
  if (!found.found) throw runtimeError(`Invalid path '${variable}': The choice state's condition path references an invalid value.`);
  const value = found.value;
  for (const [op, test] of Object.entries(TYPE_TESTS)) if (op in rule) return test(value) === rule[op];
  for (const [op, compare] of Object.entries(COMPARATORS)) {
    if (op in rule) return compare(value, rule[op]!);
    const pathOp = `${op}Path`;
    if (pathOp in rule) return compare(value, query(String(rule[pathOp]), data, scope));
  }
  throw runtimeError(`A Choice rule on '${variable}' has no comparison operator`);
}
