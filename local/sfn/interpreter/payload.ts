// JSONPath payload templates (Parameters, ResultSelector, ItemSelector, and JSONPath Assign):
// a key ending in `.$` takes the value of a path (`$.x`, `$$.x`, `$var`) or of an intrinsic
// function; every other value is copied as written, nested objects included.
import type { JsonValue } from "../types.js";
import { runtimeError } from "./failure.js";
import { evaluateIntrinsic, isIntrinsic } from "./intrinsics.js";
import { tryQuery, type PathScope } from "./jsonpath.js";

/** Resolves one `.$` value: a path or an intrinsic function. */
export function resolveDynamicValue(field: string, expression: unknown, data: JsonValue, scope: PathScope): JsonValue {
  if (typeof expression !== "string") throw runtimeError(`The value of the field '${field}' must be a path or an intrinsic function string`);
  if (isIntrinsic(expression)) return evaluateIntrinsic(expression, data, scope);
  const r = tryQuery(expression, data, scope);
  if (!r.found) {
    throw runtimeError(`The JSONPath '${expression}' specified for the field '${field}' could not be found in the input '${JSON.stringify(data)}'`);
  }
  return r.value;
}

export function applyPayloadTemplate(template: JsonValue, data: JsonValue, scope: PathScope): JsonValue {
  if (Array.isArray(template)) return template.map((t) => applyPayloadTemplate(t, data, scope));
  if (template === null || typeof template !== "object") return template;
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith(".$")) out[key.slice(0, -2)] = resolveDynamicValue(key, value, data, scope);
    else out[key] = applyPayloadTemplate(value, data, scope);
  }
  return out;
}
