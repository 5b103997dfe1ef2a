// A small builder for the journeys' ASL. The generated `statemachines/*.asl.json` files stay
// committed (CDK and the local engine read them); `npm run build:asl` rewrites them and a test
// fails when a committed file differs from what its source here generates.
//
// What it removes from the sources: the Retry policy every Lambda step shares, the catch-all into
// the journey's failure recorder, the `{"x.$": "$.Payload.x"}` ResultSelector plumbing, and the
// Choice rules that route on one field.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type State = { [key: string]: Json };

/**
 * Every Lambda step retries Lambda's own transient faults (AWS's recommended set), a function
 * timeout, and our TransientError (a dependency said "try again"), with full jitter.
 * - Throttles get six attempts over up to a minute: a burst (a backlog of journeys resuming at
 *   once) holds every environment for longer than three back-offs of 1–4 s.
 * - A timed-out step is retried like a crashed one: every step is safe to run again (a kill -9
 *   re-runs whatever step was in flight), and the send path finds its claim instead of sending twice.
 *   Lambda's own timeout is Sandbox.Timedout; Middy's early timeout, just before it, throws
 *   TimeoutError (as does the SDK when a request times out).
 */
export const LAMBDA_RETRY: Json = [
  {
    ErrorEquals: ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"],
    IntervalSeconds: 1,
    MaxAttempts: 6,
    BackoffRate: 2,
    MaxDelaySeconds: 30,
    JitterStrategy: "FULL",
  },
  { ErrorEquals: ["Sandbox.Timedout", "TimeoutError"], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: "FULL" },
  { ErrorEquals: ["TransientError"], IntervalSeconds: 2, MaxAttempts: 4, BackoffRate: 2, JitterStrategy: "FULL" },
];

/** A message step that cannot reach the person (no channel left, unsubscribed) is routed, not failed. */
export const UNREACHABLE = ["NoContactChannelError", "UnsubscribedError"];

export interface LambdaStepOptions {
  /** Fields of the Lambda's Payload kept as the step's result. */
  select?: string[];
  /** Where the result goes in the state's data; `null` discards it. */
  into: string | null;
  next?: string;
  end?: boolean;
  /** Errors routed elsewhere before the catch-all (their error object lands in `resultPath`, default `$.error`). */
  routes?: Array<{ errors: string[]; to: string; resultPath?: string }>;
  /** The catch-all target; omitted for the failure recorders themselves (they must not loop). */
  onFailure?: string;
  /** `.waitForTaskToken`: the Lambda hands `taskToken` to a person; the step waits up to `timeoutSeconds`. */
  waitForToken?: boolean;
  /** Default 30 s: a Lambda step's own bound. */
  timeoutSeconds?: number;
  /** Default LAMBDA_RETRY. */
  retry?: Json;
}

/** A `lambda:invoke` Task with the shared Retry policy and Catch. */
export function lambdaStep(functionArn: string, payload: { [key: string]: Json }, o: LambdaStepOptions): State {
  const state: State = {
    Type: "Task",
    Resource: o.waitForToken ? "arn:aws:states:::lambda:invoke.waitForTaskToken" : "arn:aws:states:::lambda:invoke",
    Parameters: { FunctionName: functionArn, Payload: o.waitForToken ? { ...payload, "taskToken.$": "$$.Task.Token" } : payload },
    TimeoutSeconds: o.timeoutSeconds ?? 30,
  };
  if (o.select) state["ResultSelector"] = Object.fromEntries(o.select.map((f) => [`${f}.$`, `$.Payload.${f}`]));
  state["ResultPath"] = o.into;
  state["Retry"] = o.retry ?? LAMBDA_RETRY;
  const catches: Json[] = (o.routes ?? []).map((r) => ({ ErrorEquals: r.errors, ResultPath: r.resultPath ?? "$.error", Next: r.to }));
  if (o.onFailure) catches.push({ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: o.onFailure });
  if (catches.length) state["Catch"] = catches;
  if (o.end) state["End"] = true;
  else state["Next"] = o.next ?? null;
  return state;
}

type Rule = { [key: string]: Json };

/** A Choice whose rules are tried in order; `Default` when none matches. */
export function choice(rules: Rule[], otherwise: string): State {
  return { Type: "Choice", Choices: rules, Default: otherwise };
}

/** `{"Variable": path, "StringEquals": value, "Next": to}` for each entry, in order. */
export function whenEquals(path: string, routes: Array<[string, string]>): Rule[] {
  return routes.map(([value, to]) => ({ Variable: path, StringEquals: value, Next: to }));
}

export const whenTrue = (path: string, to: string): Rule => ({ Variable: path, BooleanEquals: true, Next: to });
export const whenFalse = (path: string, to: string): Rule => ({ Variable: path, BooleanEquals: false, Next: to });

export const waitUntil = (timestampPath: string, next: string): State => ({ Type: "Wait", TimestampPath: timestampPath, Next: next });
export const waitFor = (secondsPath: string, next: string): State => ({ Type: "Wait", SecondsPath: secondsPath, Next: next });

const WIDTH = 140;

/** Arrays of rules: each rule is printed on one line, however wide, so a state's policy reads as one line per rule. */
const RULE_LISTS = new Set(["Retry", "Catch", "Choices"]);

/**
 * The generated files' layout: arrays and objects that fit in 140 columns stay on one line, and so
 * does each Retry, Catch and Choice rule, so a state reads as a few lines rather than dozens.
 */
export function formatAsl(value: Json, indent = "", prefix = 0, key = ""): string {
  const flat = JSON.stringify(value);
  if (value === null || typeof value !== "object" || indent.length + prefix + flat.length <= WIDTH) return flat;
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    const item = (v: Json) => (RULE_LISTS.has(key) ? JSON.stringify(v) : formatAsl(v, inner));
    return `[\n${value.map((v) => inner + item(v)).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatAsl(v, inner, JSON.stringify(k).length + 2, k)}`);
  return `{\n${entries.join(",\n")}\n${indent}}`;
}

export interface Workflow {
  /** Path relative to the repo root, e.g. "statemachines/interview-journey.asl.json". */
  file: string;
  definition: State;
}

/** The committed file's exact text for a workflow. */
export function aslText(w: Workflow): string {
  return formatAsl(w.definition) + "\n";
}
