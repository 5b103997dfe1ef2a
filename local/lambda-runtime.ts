// Runs the Lambda handler modules in this process: the same modules CDK bundles, imported after
// the environment is set (handlers validate env at cold start), with a Lambda-shaped context.
// Counts invocations and billed duration so the benchmark can price a journey.
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { functionCatalogue, functionIds, functionName, type FunctionId } from "../lib/function-catalogue.js";
import { repoRoot } from "../lib/state-machines.js";
import { currentCaller, runAs } from "./iam/caller.js";
import { localAwsHooks } from "../lambdas/adapters/client-config.js";

export type LocalLambda = (event: unknown, context?: unknown) => Promise<unknown>;

export interface InvocationStats {
  invocations: number;
  /** Sum of ceil(ms) × memory GB / 1000: Lambda's billed GB-seconds. */
  gbSeconds: number;
}

export interface LambdaRuntime {
  lambdas: Record<FunctionId, LocalLambda>;
  /** Function name (as in ARNs) → handler, for the Step Functions dispatcher. */
  byName: Record<string, LocalLambda>;
  stats: Record<FunctionId, InvocationStats>;
  context(fn: FunctionId): Record<string, unknown>;
  resetStats(): void;
  /** Resolves once no invocation is running (including ones started meanwhile), or after `boundMs`. */
  idle(boundMs: number): Promise<void>;
}

export async function loadLambdas(region: string, accountId: string): Promise<LambdaRuntime> {
  // Each function keeps its own adapters (clients, cached secrets), as on Lambda: see client-config's once.
  localAwsHooks.scope = () => {
    const caller = currentCaller();
    return caller?.kind === "function" ? caller.id : undefined;
  };
  const stats = Object.fromEntries(functionIds.map((id) => [id, { invocations: 0, gbSeconds: 0 }])) as Record<FunctionId, InvocationStats>;
  const context = (fn: FunctionId) => {
    const spec = functionCatalogue[fn];
    const name = functionName(fn);
    // Compute time is real time (performance.now()); the local stack's Date reads journey time.
    const deadline = performance.now() + spec.timeoutSeconds * 1000;
    return {
      functionName: name,
      functionVersion: "$LATEST",
      invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${name}`,
      memoryLimitInMB: String(spec.memoryMb),
      awsRequestId: crypto.randomUUID(),
      logGroupName: `/aws/lambda/${name}`,
      logStreamName: "local",
      callbackWaitsForEmptyEventLoop: false,
      getRemainingTimeInMillis: () => Math.max(0, deadline - performance.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
  };
  const lambdas = {} as Record<FunctionId, LocalLambda>;
  // Invocations still running. Shutdown waits for them: a handler the engine started before it
  // closed would otherwise write to a table that has just been closed under it.
  const running = new Set<Promise<unknown>>();
  for (const id of functionIds) {
    const spec = functionCatalogue[id];
    const mod = (await import(pathToFileURL(join(repoRoot, spec.entry)).href)) as { handler: (e: unknown, c: unknown) => Promise<unknown> };
    if (typeof mod.handler !== "function") throw new Error(`${spec.entry} does not export a handler`);
    lambdas[id] = (event, ctx) => {
      const started = performance.now();
      const invocation = (async () => {
        try {
          // Everything the invocation does, awaited or not, runs as this function's role (local IAM).
          return await runAs({ kind: "function", id }, () => mod.handler(event, ctx ?? context(id)));
        } finally {
          const ms = Math.ceil(performance.now() - started);
          stats[id].invocations += 1;
          stats[id].gbSeconds += (ms / 1000) * (spec.memoryMb / 1024);
        }
      })();
      running.add(invocation);
      void invocation.then(
        () => running.delete(invocation),
        () => running.delete(invocation),
      );
      return invocation;
    };
  }
  const byName = Object.fromEntries(functionIds.map((id) => [functionName(id), lambdas[id]]));
  return {
    lambdas,
    byName,
    stats,
    context,
    resetStats: () => {
      for (const id of functionIds) stats[id] = { invocations: 0, gbSeconds: 0 };
    },
    idle: async (boundMs) => {
      const until = Date.now() + boundMs;
      while (running.size > 0 && Date.now() < until) {
        await Promise.race([Promise.allSettled([...running]), new Promise((resolve) => setTimeout(resolve, Math.max(0, until - Date.now())).unref())]);
      }
    },
  };
}
