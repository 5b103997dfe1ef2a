// Intrinsic functions (`States.Format(...)` and friends) as AWS documents and runs them:
// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
//
// Behaviours that differ from a naive reading, each measured on AWS:
//  * MathAdd / MathRandom round non-integer arguments to the nearest integer (Java's Math.round,
//    which JavaScript's Math.round matches, halves toward +infinity).
//  * StringSplit splits on *each character* of the delimiter string and drops empty tokens.
//  * StringToJson("") is null.
//  * Format renders objects and arrays the way Java prints maps and lists: {A=1, B=[]}.
//  * `\'`, `\{`, `\}` and `\\` escape reserved characters inside string literals; an escaped brace
//    in a Format template is a literal brace, not a placeholder.
import { createHash, randomUUID } from "node:crypto";
import type { JsonValue } from "../types.js";
import { runtimeError } from "./failure.js";
import { query, type PathScope } from "./jsonpath.js";

const OPEN = "\uE000";
const CLOSE = "\uE001";
const unmark = (s: string): string => s.replaceAll(OPEN, "{").replaceAll(CLOSE, "}");

type Arg = { kind: "literal"; value: JsonValue } | { kind: "path"; path: string } | { kind: "call"; name: string; args: Arg[] };

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parseCall(): Arg & { kind: "call" } {
    const m = /^States\.[A-Za-z0-9]+/.exec(this.src.slice(this.i));
    if (!m) this.fail("expected an intrinsic function");
    const name = m[0];
    this.i += name.length;
    this.skipWs();
    this.expect("(");
    const args: Arg[] = [];
    this.skipWs();
    if (this.peek() === ")") this.i++;
    else {
      for (;;) {
        args.push(this.parseArg());
        this.skipWs();
        const c = this.src[this.i++];
        if (c === ")") break;
        if (c !== ",") this.fail("expected ',' or ')'");
        this.skipWs();
      }
    }
    return { kind: "call", name, args };
  }

  parseAll(): Arg & { kind: "call" } {
    this.skipWs();
    const call = this.parseCall();
    this.skipWs();
    if (this.i !== this.src.length) this.fail("unexpected text after the function call");
    return call;
  }

  private parseArg(): Arg {
    const c = this.peek();
    if (c === "'") return { kind: "literal", value: this.parseString() };
    if (c === "$") return { kind: "path", path: this.parsePath() };
    if (this.src.startsWith("States.", this.i)) return this.parseCall();
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|null|true|false)/.exec(this.src.slice(this.i));
    if (!m) this.fail("unexpected argument");
    this.i += m[0].length;
    return { kind: "literal", value: JSON.parse(m[0]) as JsonValue };
  }

  private parseString(): string {
    this.i++; // opening quote
    let out = "";
    for (;;) {
      if (this.i >= this.src.length) this.fail("unterminated string");
      const c = this.src[this.i++]!;
      if (c === "'") return out;
      if (c === "\\") {
        const n = this.src[this.i++];
        if (n === "{") out += OPEN;
        else if (n === "}") out += CLOSE;
        else if (n === "'" || n === "\\") out += n;
        else this.fail(`invalid escape '\\${n ?? ""}'`);
      } else out += c;
    }
  }

  private parsePath(): string {
    const start = this.i;
    let depth = 0;
    let quote: string | undefined;
    while (this.i < this.src.length) {
      const c = this.src[this.i]!;
      if (quote) {
        if (c === "\\") this.i++;
        else if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === "[" || c === "(") depth++;
      else if (c === "]" || c === ")") {
        if (depth === 0) break;
        depth--;
      } else if (c === "," && depth === 0) break;
      this.i++;
    }
    return this.src.slice(start, this.i).trim();
  }

  private peek(): string | undefined {
    return this.src[this.i];
  }
  private skipWs(): void {
    while (this.src[this.i] === " ") this.i++;
  }
  private expect(c: string): void {
    if (this.src[this.i] !== c) this.fail(`expected '${c}'`);
    this.i++;
  }
  private fail(why: string): never {
    throw runtimeError(`The intrinsic function '${this.src}' is invalid: ${why} at position ${this.i}`);
  }
}

const parsed = new Map<string, Arg & { kind: "call" }>();

/** Parses (and caches) an intrinsic function call; throws States.Runtime with the reason if malformed. */
export function parseIntrinsic(expression: string): Arg & { kind: "call" } {
  const cached = parsed.get(expression);
  if (cached) return cached;
  const call = new Parser(expression).parseAll();
  parsed.set(expression, call);
  return call;
}

export function isIntrinsic(value: string): boolean {
  return value.trimStart().startsWith("States.");
}

function typeName(v: JsonValue): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function deepEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as JsonValue[]).length && a.every((x, i) => deepEqual(x, (b as JsonValue[])[i]!));
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, JsonValue>)[k]!, (b as Record<string, JsonValue>)[k]!));
}

/** Java's Map/List toString, which AWS uses to render non-string Format arguments. */
function javaString(v: JsonValue): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `[${v.map(javaString).join(", ")}]`;
  if (typeof v === "object") return `{${Object.entries(v).map(([k, x]) => `${k}=${javaString(x)}`).join(", ")}}`;
  return String(v);
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

type Fn = (args: JsonValue[], raw: { fn: string }) => JsonValue;

function check(fn: string, args: JsonValue[], types: Array<string | string[]>, optional = 0): void {
  if (args.length < types.length - optional || args.length > types.length) {
    throw runtimeError(`The function ${fn} needs ${optional ? `${types.length - optional} to ${types.length}` : types.length} argument(s) but got ${args.length}`);
  }
  args.forEach((a, i) => {
    const allowed = ([] as string[]).concat(types[i] ?? "any");
    if (!allowed.includes("any") && !allowed.includes(typeName(a))) {
      throw runtimeError(`The value of argument ${i + 1} of ${fn} must be of type ${allowed.join(" or ")}, but was ${typeName(a)}: ${JSON.stringify(a)}`);
    }
  });
}

function toInt(fn: string, v: JsonValue): number {
  const n = Math.round(v as number);
  if (n < INT_MIN || n > INT_MAX) throw runtimeError(`The arguments of ${fn} must be within the 32-bit integer range, got ${JSON.stringify(v)}`);
  return n;
}

const FUNCTIONS: Record<string, Fn> = {
  "States.Format": (args, { fn }) => {
    if (args.length < 1 || typeof args[0] !== "string") throw runtimeError(`The first argument of ${fn} must be a string template`);
    const pieces = args[0].split("{}");
    const values = args.slice(1);
    if (pieces.length - 1 !== values.length) {
      throw runtimeError(`The number of arguments of ${fn} (${values.length}) does not match the number of placeholders in its template (${pieces.length - 1})`);
    }
    return pieces.map((p, i) => unmark(p) + (i < values.length ? (typeof values[i] === "string" ? unmark(values[i] as string) : javaString(values[i]!)) : "")).join("");
  },
  "States.StringToJson": (args, { fn }) => {
    check(fn, args, ["string"]);
    const text = (args[0] as string).trim();
    if (text === "") return null;
    try {
      return JSON.parse(text) as JsonValue;
    } catch {
      throw runtimeError(`The argument of ${fn} is not valid JSON: ${JSON.stringify(args[0])}`);
    }
  },
  "States.JsonToString": (args, { fn }) => {
    check(fn, args, ["any"]);
    return JSON.stringify(args[0]);
  },
  "States.Array": (args) => args,
  "States.ArrayPartition": (args, { fn }) => {
    check(fn, args, ["array", "number"]);
    const arr = args[0] as JsonValue[];
    const size = args[1] as number;
    if (!Number.isInteger(size) || size <= 0) throw runtimeError(`The chunk size of ${fn} must be a positive integer, got ${size}`);
    const out: JsonValue[] = [];
    for (let i = 0; i < arr.length; i += size) out.push(arr.slice(i, i + size));
    return out;
  },
  "States.ArrayContains": (args, { fn }) => {
    check(fn, args, ["array", "any"]);
    return (args[0] as JsonValue[]).some((x) => deepEqual(x, args[1]!));
  },
  "States.ArrayRange": (args, { fn }) => {
    check(fn, args, ["number", "number", "number"]);
    const [start, end, step] = args as number[];
    if (![start, end, step].every(Number.isInteger) || step === 0) throw runtimeError(`The arguments of ${fn} must be integers and the step must not be 0`);
    const out: number[] = [];
    for (let v = start!; step! > 0 ? v <= end! : v >= end!; v += step!) {
      out.push(v);
      if (out.length > 1000) throw runtimeError(`${fn} would produce more than 1000 items`);
    }
    return out;
  },
  "States.ArrayGetItem": (args, { fn }) => {
    check(fn, args, ["array", "number"]);
    const arr = args[0] as JsonValue[];
    const index = args[1] as number;
    if (!Number.isInteger(index) || index < 0 || index >= arr.length) throw runtimeError(`The index ${index} of ${fn} is out of bounds for an array of ${arr.length} item(s)`);
    return arr[index]!;
  },
  "States.ArrayLength": (args, { fn }) => {
    check(fn, args, ["array"]);
    return (args[0] as JsonValue[]).length;
  },
  "States.ArrayUnique": (args, { fn }) => {
    check(fn, args, ["array"]);
    const out: JsonValue[] = [];
    for (const x of args[0] as JsonValue[]) if (!out.some((y) => deepEqual(x, y))) out.push(x);
    return out;
  },
  "States.Base64Encode": (args, { fn }) => {
    check(fn, args, ["string"]);
    if ((args[0] as string).length > 10_000) throw runtimeError(`The input of ${fn} exceeds 10000 characters`);
    return Buffer.from(args[0] as string, "utf8").toString("base64");
  },
  "States.Base64Decode": (args, { fn }) => {
    check(fn, args, ["string"]);
    if ((args[0] as string).length > 10_000) throw runtimeError(`The input of ${fn} exceeds 10000 characters`);
    return Buffer.from(args[0] as string, "base64").toString("utf8");
  },
  "States.Hash": (args, { fn }) => {
    check(fn, args, ["any", "string"]);
    const algorithms: Record<string, string> = { MD5: "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" };
    const algorithm = algorithms[args[1] as string];
    if (!algorithm) throw runtimeError(`The hashing algorithm of ${fn} must be one of ${Object.keys(algorithms).join(", ")}, got ${JSON.stringify(args[1])}`);
    const data = typeof args[0] === "string" ? args[0] : JSON.stringify(args[0]);
    if (data.length > 10_000) throw runtimeError(`The input of ${fn} exceeds 10000 characters`);
    return createHash(algorithm).update(data, "utf8").digest("hex");
  },
  "States.JsonMerge": (args, { fn }) => {
    check(fn, args, ["object", "object", "boolean"]);
    if (args[2] !== false) throw runtimeError(`${fn} supports only the shallow mode: its third argument must be false`);
    return { ...(args[0] as object), ...(args[1] as object) } as JsonValue;
  },
  "States.MathRandom": (args, { fn }) => {
    check(fn, args, ["number", "number", "number"], 1);
    const start = toInt(fn, args[0]!);
    const end = toInt(fn, args[1]!);
    if (start >= end) throw runtimeError(`The start of ${fn} (${start}) must be less than its end (${end})`);
    // A seed makes AWS's sequence reproducible; ours is reproducible too, but not the same numbers.
    const rnd = args.length === 3 ? seededRandom(toInt(fn, args[2]!)) : Math.random();
    return start + Math.floor(rnd * (end - start));
  },
  "States.MathAdd": (args, { fn }) => {
    check(fn, args, ["number", "number"]);
    const sum = toInt(fn, args[0]!) + toInt(fn, args[1]!);
    if (sum < INT_MIN || sum > INT_MAX) throw runtimeError(`The result of ${fn} is outside the 32-bit integer range`);
    return sum;
  },
  "States.StringSplit": (args, { fn }) => {
    check(fn, args, ["string", "string"]);
    const delimiters = new Set(args[1] as string);
    const out: string[] = [];
    let token = "";
    for (const ch of args[0] as string) {
      if (delimiters.has(ch)) {
        if (token) out.push(token);
        token = "";
      } else token += ch;
    }
    if (token) out.push(token);
    return out;
  },
  "States.UUID": (args, { fn }) => {
    check(fn, args, []);
    return randomUUID();
  },
};

function seededRandom(seed: number): number {
  // mulberry32: one draw from a seed.
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

export const INTRINSIC_FUNCTIONS = Object.keys(FUNCTIONS);

function evaluate(arg: Arg, data: JsonValue, scope: PathScope, top: boolean): JsonValue {
  if (arg.kind === "literal") return arg.value;
  if (arg.kind === "path") return query(arg.path, data, scope);
  const fn = FUNCTIONS[arg.name];
  if (!fn) throw runtimeError(`The intrinsic function ${arg.name} is not supported`);
  const values = arg.args.map((a) => evaluate(a, data, scope, false));
  // Format reads escape markers itself; every other function sees plain strings.
  const plain = arg.name === "States.Format" ? values : values.map((v) => (typeof v === "string" ? unmark(v) : v));
  const result = fn(plain, { fn: arg.name });
  return top && typeof result === "string" ? unmark(result) : result;
}

/** Evaluates an intrinsic function expression against the state's data, the context and variables. */
export function evaluateIntrinsic(expression: string, data: JsonValue, scope: PathScope): JsonValue {
  return evaluate(parseIntrinsic(expression), data, scope, true);
}
