// Workflow variables (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html).
//
// The top-level states share one scope; each Parallel branch and each Map iteration runs in a
// child scope that reads its parents' variables and whose own assignments vanish when it ends
// (data leaves a child workflow only through its output). Every expression of a state reads the
// values the variables had when the state was entered: Output and Assign are evaluated first,
// then the new values are stored together.
import type { JsonValue } from "../types.js";

export class VariableScope {
  private readonly values = new Map<string, JsonValue>();

  constructor(
    private readonly parent?: VariableScope,
    initial?: Record<string, JsonValue>,
  ) {
    for (const [k, v] of Object.entries(initial ?? {})) this.values.set(k, v);
  }

  child(): VariableScope {
    return new VariableScope(this);
  }

  lookup(name: string): JsonValue | undefined {
    return this.values.has(name) ? this.values.get(name) : this.parent?.lookup(name);
  }

  /** Every visible variable, inner scopes shadowing outer ones (the JSONata bindings). */
  visible(): Record<string, JsonValue> {
    return { ...(this.parent?.visible() ?? {}), ...Object.fromEntries(this.values) };
  }

  /** This scope's own variables, for a checkpoint of the top-level scope. */
  own(): Record<string, JsonValue> {
    return Object.fromEntries(this.values);
  }

  assign(values: Record<string, JsonValue>): void {
    for (const [k, v] of Object.entries(values)) this.values.set(k, structuredClone(v));
  }
}
