// Evaluation of ASL "Reference Paths" (states-language.net §"Reference Paths"): `$`, `$.a.b`,
// `$['a b'][0]`, and `$$.Execution.Id` for the context object. The fields the harness evaluates
// itself - Wait's SecondsPath/TimestampPath, TimeoutSecondsPath and HeartbeatSecondsPath - are
// Reference Paths by the spec, so no general JSONPath engine (filters, wildcards) is needed.
import { StatesError } from "./errors.js";

type Segment = string | number;

function parse(path: string): { root: "input" | "context"; segments: Segment[] } {
  let rest: string;
  let root: "input" | "context";
  if (path.startsWith("$$")) {
    root = "context";
    rest = path.slice(2);
  } else if (path.startsWith("$")) {
    root = "input";
    rest = path.slice(1);
  } else {
    throw new StatesError("States.Runtime", `'${path}' is not a reference path (it must start with '$')`, { retryable: false, catchable: false });
  }
  const segments: Segment[] = [];
  let i = 0;
  const fail = (): never => {
    throw new StatesError("States.Runtime", `'${path}' is not a valid reference path`, { retryable: false, catchable: false });
  };
  while (i < rest.length) {
    const ch = rest[i];
    if (ch === ".") {
      let j = i + 1;
      while (j < rest.length && rest[j] !== "." && rest[j] !== "[") j++;
      const name = rest.slice(i + 1, j);
      if (!name || name === "*" || name === ".") fail();
      segments.push(name);
      i = j;
    } else if (ch === "[") {
      const close = rest.indexOf("]", i);
      if (close < 0) fail();
      const inner = rest.slice(i + 1, close).trim();
      const quoted = /^(['"])(.*)\1$/.exec(inner);
      if (quoted) segments.push(quoted[2] ?? "");
      else if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else fail();
      i = close + 1;
    } else {
      fail();
    }
  }
  return { root, segments };
}

/** Reads a reference path; `found` is false when any segment is missing. The context is built only if `$$` is used. */
export function readReferencePath(path: string, input: unknown, context: () => unknown): { found: boolean; value: unknown } {
  const { root, segments } = parse(path);
  let cur: unknown = root === "context" ? context() : input;
  for (const seg of segments) {
    if (cur === null || typeof cur !== "object") return { found: false, value: undefined };
    if (typeof seg === "number") {
      if (!Array.isArray(cur) || seg >= cur.length) return { found: false, value: undefined };
      cur = cur[seg];
    } else {
      if (Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, seg)) return { found: false, value: undefined };
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return { found: true, value: cur };
}
