// JSONPath as Step Functions applies it (AWS runs Jayway JsonPath; these are its rules):
//
//  * `$...` reads the state's data, `$$...` the context object, `$name...` a workflow variable.
//  * A *definite* path (only names and single indexes) yields one value, and fails with
//    `States.Runtime` when nothing matches. An *indefinite* path (wildcard, deep scan, slice,
//    filter, union) yields an array of its matches, which is `[]` when nothing matches.
//  * ResultPath is a Reference Path: it writes into a copy of the raw input, creating the
//    missing objects on the way, and fails when something on the way is not an object.
//
// jsonpath-plus (a dependency kept for its filter/slice support) evaluates; this module decides
// roots, definiteness and error texts.
import { JSONPath } from "jsonpath-plus";
import type { JsonValue } from "../types.js";
import { runtimeError } from "./failure.js";

/** What paths may read besides the state's data. */
export interface PathScope {
  context: JsonValue;
  /** Looks a workflow variable up; `undefined` when it has never been assigned. */
  variable(name: string): JsonValue | undefined;
}

const VARIABLE_REF = /^\$([A-Za-z_][A-Za-z0-9_]*)(.*)$/s;

type Segment = { kind: "name"; name: string } | { kind: "index"; index: number } | { kind: "indefinite" };

/** Splits the part after the root (`.a['b'][0]`...) into segments; anything non-trivial is "indefinite". */
function segmentsOf(rest: string): Segment[] | undefined {
  const out: Segment[] = [];
  let i = 0;
  while (i < rest.length) {
    const ch = rest[i];
    if (ch === "." && rest[i + 1] === ".") return [...out, { kind: "indefinite" }];
    if (ch === ".") {
      let j = i + 1;
      while (j < rest.length && rest[j] !== "." && rest[j] !== "[") j++;
      const name = rest.slice(i + 1, j);
      if (!name) return undefined;
      out.push(name === "*" ? { kind: "indefinite" } : { kind: "name", name });
      i = j;
    } else if (ch === "[") {
      const close = findClosingBracket(rest, i);
      if (close < 0) return undefined;
      const inner = rest.slice(i + 1, close).trim();
      const quoted = /^'((?:[^'\\]|\\.)*)'$|^"((?:[^"\\]|\\.)*)"$/.exec(inner);
      if (quoted) out.push({ kind: "name", name: (quoted[1] ?? quoted[2] ?? "").replace(/\\(.)/g, "$1") });
      else if (/^-?\d+$/.test(inner) && !inner.startsWith("-")) out.push({ kind: "index", index: Number(inner) });
      else out.push({ kind: "indefinite" });
      i = close + 1;
    } else {
      return undefined;
    }
  }
  return out;
}

function findClosingBracket(s: string, open: number): number {
  let quote: string | undefined;
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") {
      depth--;
      if (depth === 0 && c === "]") return i;
    }
  }
  return -1;
}

/** Jayway's normalized form of a definite path, as AWS prints it in "No results for path: $['a'][0]". */
function normalized(segments: Segment[]): string {
  return "$" + segments.map((s) => (s.kind === "name" ? `['${s.name}']` : s.kind === "index" ? `[${s.index}]` : "[*]")).join("");
}

export interface ParsedPath {
  root: "data" | "context" | "variable";
  variable?: string;
  /** The path re-rooted at `$`, for jsonpath-plus. */
  local: string;
  definite: boolean;
  segments: Segment[];
}

export function parsePath(path: string): ParsedPath {
  let root: ParsedPath["root"] = "data";
  let variable: string | undefined;
  let rest: string;
  if (path.startsWith("$$")) {
    root = "context";
    rest = path.slice(2);
  } else {
    const v = VARIABLE_REF.exec(path);
    if (v) {
      root = "variable";
      variable = v[1];
      rest = v[2] ?? "";
    } else if (path.startsWith("$")) {
      rest = path.slice(1);
    } else {
      throw runtimeError(`Invalid path '${path}': a path must start with '$'`);
    }
  }
  const segments = segmentsOf(rest);
  if (!segments) throw runtimeError(`Invalid path '${path}': the path is not valid JSONPath`);
  return { root, variable, local: "$" + rest, definite: segments.every((s) => s.kind !== "indefinite"), segments };
}

export function isVariablePath(path: string): boolean {
  return !path.startsWith("$$") && VARIABLE_REF.test(path);
}

/** Reads a definite path by hand: jsonpath-plus would treat a key such as "a.b" or "*" specially. */
function readDefinite(value: JsonValue, segments: Segment[]): { found: boolean; value?: JsonValue } {
  let cur: JsonValue = value;
  for (const seg of segments) {
    if (seg.kind === "name") {
      if (cur === null || typeof cur !== "object" || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, seg.name)) return { found: false };
      cur = (cur as Record<string, JsonValue>)[seg.name] as JsonValue;
    } else if (seg.kind === "index") {
      if (!Array.isArray(cur) || seg.index >= cur.length) return { found: false };
      cur = cur[seg.index] as JsonValue;
    }
  }
  return { found: true, value: cur };
}

export type PathResult = { found: true; value: JsonValue } | { found: false; message: string };

/** Evaluates a path; a definite path with no match is reported, not thrown, so each field words its own error. */
export function tryQuery(path: string, data: JsonValue, scope: PathScope): PathResult {
  const parsed = parsePath(path);
  let base: JsonValue;
  if (parsed.root === "context") base = scope.context;
  else if (parsed.root === "variable") {
    const v = scope.variable(parsed.variable!);
    if (v === undefined) return { found: false, message: `Invalid path '${path}': The variable '${parsed.variable}' is not defined` };
    base = v;
  } else base = data;
  if (parsed.definite) {
    const r = readDefinite(base, parsed.segments);
    if (!r.found) {
      const shown = parsed.root === "data" ? normalized(parsed.segments) : `${parsed.root === "context" ? "$$" : "$" + parsed.variable}${normalized(parsed.segments).slice(1)}`;
      return { found: false, message: `Invalid path '${path}' : No results for path: ${shown}` };
    }
    return { found: true, value: r.value as JsonValue };
  }
  const matches = JSONPath({ path: parsed.local, json: base as never, wrap: true, eval: "safe" }) as JsonValue[];
  return { found: true, value: matches };
}

/** Evaluates a path or throws States.Runtime with AWS's "Invalid path" cause. */
export function query(path: string, data: JsonValue, scope: PathScope): JsonValue {
  const r = tryQuery(path, data, scope);
  if (!r.found) throw runtimeError(r.message);
  return r.value;
}

/**
 * ResultPath: `$` replaces, otherwise the result is written at the path inside a copy of the raw
 * input. Only names (and indexes into existing arrays) are allowed, as in a Reference Path.
 */
export function applyResultPath(path: string | null | undefined, rawInput: JsonValue, result: JsonValue): JsonValue {
  if (path === undefined || path === "$") return result;
  if (path === null) return rawInput;
  const parsed = parsePath(path);
  if (parsed.root !== "data" || !parsed.definite) throw runtimeError(`Invalid ResultPath '${path}': a ResultPath must be a reference path into the state's data`);
  const fail = (): never => {
    throw runtimeError(`Unable to apply ReferencePath ${path} to input ${JSON.stringify(rawInput)}`);
  };
  if (rawInput === null || typeof rawInput !== "object") fail();
  const out = structuredClone(rawInput) as JsonValue;
  let cur = out as Record<string, JsonValue> | JsonValue[];
  parsed.segments.forEach((seg, i) => {
    const last = i === parsed.segments.length - 1;
    if (seg.kind === "name") {
      if (Array.isArray(cur)) fail();
      const obj = cur as Record<string, JsonValue>;
      if (last) obj[seg.name] = result;
      else {
        const next = obj[seg.name];
        if (next === undefined) obj[seg.name] = {};
        else if (next === null || typeof next !== "object") fail();
        cur = obj[seg.name] as Record<string, JsonValue>;
      }
    } else if (seg.kind === "index") {
      if (!Array.isArray(cur) || seg.index >= cur.length) fail();
      const arr = cur as JsonValue[];
      if (last) arr[seg.index] = result;
      else {
        const next = arr[seg.index];
        if (next === null || typeof next !== "object") fail();
        cur = next as Record<string, JsonValue>;
      }
    }
  });
  return out;
}
