// 1. Local engine state transitions per second with durability on (the journal written for every
// transition). Target: AWS's default Standard-workflow quota in us-east-1, 5,000/s.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTaskDispatcher } from "../local/sfn/dispatcher.js";
import { LocalStepFunctions } from "../local/sfn/engine.js";
import { median, row, type BenchRow } from "./report.js";

const REGION = "us-east-1";
const ACCOUNT = "000000000000";

async function once(executions: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "hirepath-bench-sfn-"));
  const dispatcher = createTaskDispatcher({ region: REGION, accountId: ACCOUNT, lambdas: { step: async (e: unknown) => ({ ...(e as object), seen: true }) } });
  const engine = new LocalStepFunctions({ dataDir: dir, dispatcher, timeScale: 1000 });
  try {
    // 20 states alternating Lambda Task / Pass, then a Choice, a Wait and Succeed: 23 transitions.
    const states: Record<string, unknown> = {};
    for (let i = 0; i < 20; i++) {
      states[`S${i}`] =
        i % 2 === 0
          ? { Type: "Task", Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:step`, TimeoutSeconds: 30, Next: `S${i + 1}` }
          : { Type: "Pass", Next: `S${i + 1}` };
    }
    states["S20"] = { Type: "Choice", Choices: [{ Variable: "$.seen", BooleanEquals: true, Next: "Pause" }], Default: "Pause" };
    states["Pause"] = { Type: "Wait", Seconds: 1, Next: "Done" };
    states["Done"] = { Type: "Succeed" };
    const arn = engine.registerStateMachine("throughput", { StartAt: "S0", States: states });
    const started = performance.now();
    await Promise.all(Array.from({ length: executions }, (_, i) => engine.startExecution({ stateMachineArn: arn, input: JSON.stringify({ i }) })));
    for (;;) {
      await engine.whenIdle();
      if (engine.listExecutions({ stateMachineArn: arn, statusFilter: "RUNNING" }).length === 0) break;
    }
    const seconds = (performance.now() - started) / 1000;
    const succeeded = engine.listExecutions({ stateMachineArn: arn, statusFilter: "SUCCEEDED" }).length;
    if (succeeded !== executions) throw new Error(`only ${succeeded}/${executions} executions succeeded`);
    return (executions * 23) / seconds;
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function engineThroughput(): Promise<BenchRow[]> {
  await once(100); // warm-up: JIT and module loading
  const runs = [await once(600), await once(600), await once(600)];
  return [row("engine.transitions_per_second", "Local engine state transitions/s, journal on (median of 3 × 13,800)", Math.round(median(runs)), "transitions/s", { op: ">=", value: 5000 })];
}
