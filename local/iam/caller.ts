// Who is making an AWS call right now. Every local function shares one process (and, through the
// adapters' `once`, often one SDK client), so the client cannot know its caller; the invocation can.
// The Lambda runtime, the Step Functions harness and the scheduler run their work inside `runAs`,
// and the IAM middleware reads the caller from here.
import { AsyncLocalStorage } from "node:async_hooks";
import type { FunctionId } from "../../lib/function-catalogue.js";

export type Caller =
  | { kind: "function"; id: FunctionId }
  /** A state machine's role, by the machine's name (hirepath-offer-journey). */
  | { kind: "machine"; name: string }
  /** The role EventBridge Scheduler assumes to start a schedule's target. */
  | { kind: "scheduler" };

const current = new AsyncLocalStorage<Caller>();

export function runAs<T>(caller: Caller, work: () => T): T {
  return current.run(caller, work);
}

/** The caller of the code running now, or undefined for the local stack's own plumbing (table setup, seeding helpers). */
export function currentCaller(): Caller | undefined {
  return current.getStore();
}

export function describeCaller(caller: Caller): string {
  return caller.kind === "function" ? caller.id : caller.kind === "machine" ? `state machine ${caller.name}` : "the Scheduler role";
}
