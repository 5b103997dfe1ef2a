// Builder pieces for JSONata workflows (QueryLanguage "JSONata"): a step's inputs come from workflow
// variables and its result is kept with Assign, so the `"x.$": "$.x"` Parameters, ResultSelector and
// ResultPath plumbing of JSONPath states disappears. A Choice rule is one Condition.
import { LAMBDA_RETRY, type State } from "./builder.js";

/** A JSONata expression as ASL writes it; a string literal (`'no-show'`) is written as the plain value. */
export const jsonata = (expression: string): string => (/^'[^']*'$/.test(expression) ? expression.slice(1, -1) : `{% ${expression} %}`);

/** A JSONata object constructor from field → JSONata expression (write string literals quoted: `"'preferred'"`). */
export const object = (fields: Record<string, string>): string => `{${Object.entries(fields).map(([k, v]) => `'${k}': ${v}`).join(", ")}}`;

/** A JSONata string literal. */
export const text = (value: string): string => `'${value}'`;

export interface InvokeOptions {
  /** Variables set from the step's result: name → JSONata expression (`$states.result.Payload` is the function's answer). */
  assign?: Record<string, string>;
  next: string;
  /** Errors routed elsewhere before the catch-all. */
  routes?: Array<{ errors: string[]; to: string }>;
  /** The catch-all target; its error output lands in the `error` variable. Omitted for the failure recorders themselves (they must not loop). */
  onFailure?: string;
}

/** A `lambda:invoke` Task whose Payload is one JSONata expression, with the shared Retry policy and Catch. */
export function invoke(functionArn: string, payload: string, o: InvokeOptions): State {
  const state: State = {
    Type: "Task",
    Resource: "arn:aws:states:::lambda:invoke",
    Arguments: { FunctionName: functionArn, Payload: jsonata(payload) },
    TimeoutSeconds: 30,
  };
  if (o.assign) state["Assign"] = Object.fromEntries(Object.entries(o.assign).map(([k, v]) => [k, jsonata(v)]));
  state["Retry"] = LAMBDA_RETRY;
  const catches: State[] = (o.routes ?? []).map((r) => ({ ErrorEquals: r.errors, Next: r.to }));
  if (o.onFailure) catches.push({ ErrorEquals: ["States.ALL"], Assign: { error: jsonata("$states.errorOutput") }, Next: o.onFailure });
  if (catches.length) state["Catch"] = catches;
  state["Next"] = o.next;
  return state;
}

export type Rule = { Condition: string; Assign?: { [name: string]: string }; Next: string };

/** A Choice rule: go to `next` when `condition` (JSONata) holds, setting the variables in `assign` (name → JSONata expression). */
export const when = (condition: string, next: string, assign?: Record<string, string>): Rule => ({
  Condition: jsonata(condition),
  ...(assign ? { Assign: Object.fromEntries(Object.entries(assign).map(([k, v]) => [k, jsonata(v)])) } : {}),
  Next: next,
});

/** A Choice whose rules are tried in order; `Default` when none matches. */
export const decide = (rules: Rule[], otherwise: string): State => ({ Type: "Choice", Choices: rules, Default: otherwise });

export const waitUntil = (timestamp: string, next: string): State => ({ Type: "Wait", Timestamp: jsonata(timestamp), Next: next });
export const waitSeconds = (seconds: string, next: string): State => ({ Type: "Wait", Seconds: jsonata(seconds), Next: next });
