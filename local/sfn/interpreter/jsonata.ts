// JSONata in Step Functions (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html):
// a string "{% expr %}" anywhere in a JSONata field is evaluated by the `jsonata` package with
// `$states` ({input, result, errorOutput, context}) and the workflow variables bound; any other
// string is a literal. AWS adds $partition, $range, $hash, $random, $uuid and $parse, and removes
// $eval. An expression that fails, or yields nothing where a value is needed, raises
// States.QueryEvaluationError.
import { createHash, randomUUID } from "node:crypto";
import jsonata from "jsonata";
import type { JsonValue } from "../types.js";
import { queryEvaluationError } from "./failure.js";

export interface JsonataScope {
  states: { input: JsonValue; context: JsonValue; result?: JsonValue; errorOutput?: JsonValue };
  /** Every variable visible to the state (outer scopes included), read at state entry. */
  variables: Record<string, JsonValue>;
}

const EXPRESSION = /^\{%([\s\S]*)%\}$/;

export function isJsonataExpression(value: unknown): value is string {
  return typeof value === "string" && EXPRESSION.test(value);
}

const HASH_ALGORITHMS: Record<string, string> = { MD5: "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" };

/** The functions AWS adds (and removes) on top of JSONata 2.0's library. */
const AWS_FUNCTIONS: Record<string, unknown> = {
  partition: (array: unknown, size: unknown) => {
    if (!Array.isArray(array) || typeof size !== "number" || !Number.isInteger(size) || size <= 0) {
      throw new Error("$partition needs an array and a positive integer chunk size");
    }
    const out: unknown[] = [];
    for (let i = 0; i < array.length; i += size) out.push(array.slice(i, i + size));
    return out;
  },
  range: (start: unknown, end: unknown, step: unknown) => {
    if (![start, end, step].every((n) => typeof n === "number" && Number.isInteger(n)) || step === 0) {
      throw new Error("$range needs integer start, end and a non-zero integer step");
    }
    const out: number[] = [];
    for (let v = start as number; (step as number) > 0 ? v <= (end as number) : v >= (end as number); v += step as number) out.push(v);
    return out;
  },
  hash: (value: unknown, algorithm: unknown) => {
    const alg = HASH_ALGORITHMS[String(algorithm)];
    if (!alg) throw new Error(`$hash algorithm must be one of ${Object.keys(HASH_ALGORITHMS).join(", ")}`);
    return createHash(alg).update(typeof value === "string" ? value : JSON.stringify(value)).digest("hex");
  },
  random: (seed?: unknown) => {
    if (seed === undefined) return Math.random();
    let t = ((Number(seed) | 0) + 0x6d2b79f5) | 0;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  },
  uuid: () => randomUUID(),
  parse: (text: unknown) => {
    if (typeof text !== "string") throw new Error("$parse needs a JSON string");
    return JSON.parse(text) as unknown;
  },
  eval: () => {
    throw new Error("$eval is not supported by Step Functions; use $parse");
  },
};

const compiled = new Map<string, jsonata.Expression>();

function compile(source: string, field: string): jsonata.Expression {
  let expr = compiled.get(source);
  if (!expr) {
    try {
      expr = jsonata(source);
    } catch (err) {
      throw queryEvaluationError(`The JSONata expression '${source.trim()}' specified for the field '${field}' is invalid: ${(err as Error).message}`);
    }
    compiled.set(source, expr);
  }
  return expr;
}

/** Plain JSON out of JSONata's result (sequences, frozen arrays); rejects functions and non-finite numbers. */
function toJson(value: unknown, source: string, field: string): JsonValue | undefined {
  if (value === undefined) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_k, v: unknown) => {
      if (typeof v === "function") throw new Error("a function");
      if (typeof v === "number" && !Number.isFinite(v)) throw new Error("a non-finite number");
      return v;
    });
  } catch (err) {
    throw queryEvaluationError(`The JSONata expression '${source}' specified for the field '${field}' returned ${(err as Error).message}, which is not JSON`);
  }
  return text === undefined ? undefined : (JSON.parse(text) as JsonValue);
}

/** Evaluates one "{% %}" string. `undefined` is returned as is: the caller decides whether that is allowed. */
export async function evaluateExpression(text: string, field: string, scope: JsonataScope): Promise<JsonValue | undefined> {
  const source = EXPRESSION.exec(text)![1]!.trim();
  const expr = compile(source, field);
  let value: unknown;
  try {
    value = await expr.evaluate(scope.states.input, { ...scope.variables, ...AWS_FUNCTIONS, states: scope.states });
  } catch (err) {
    const e = err as { message?: string; code?: string };
    throw queryEvaluationError(`An error occurred while evaluating the JSONata expression '${source}' specified for the field '${field}': ${e.message ?? String(err)}`);
  }
  return toJson(value, source, field);
}

/**
 * Evaluates every "{% %}" string inside a JSONata field value (Arguments, Output, Assign,
 * ItemSelector, ...). Objects keep their keys; a nested expression yielding nothing is an error.
 */
export async function evaluateTemplate(value: JsonValue, field: string, scope: JsonataScope): Promise<JsonValue> {
  if (isJsonataExpression(value)) {
    const v = await evaluateExpression(value, field, scope);
    if (v === undefined) {
      throw queryEvaluationError(`The JSONata expression '${EXPRESSION.exec(value)![1]!.trim()}' specified for the field '${field}' returned nothing (undefined).`);
    }
    return v;
  }
  if (Array.isArray(value)) return Promise.all(value.map((v, i) => evaluateTemplate(v, `${field}[${i}]`, scope)));
  if (value !== null && typeof value === "object") {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await evaluateTemplate(v, `${field}/${k}`, scope);
    return out;
  }
  return value;
}
