import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalStepFunctions } from "./engine.js";
import { createTaskDispatcher } from "./dispatcher.js";
const dir = mkdtempSync(join(tmpdir(), "sfn-"));
const dispatcher = createTaskDispatcher({ region: "us-east-1", accountId: "000000000000", lambdas: {
  step: async (e: any) => ({ ...e, n: (e.n ?? 0) + 1 }),
}});
const engine = new LocalStepFunctions({ dataDir: dir, dispatcher, timeScale: 1000 });
const L = "arn:aws:lambda:us-east-1:000000000000:function:step";
const arn = engine.registerStateMachine("m", {
  StartAt: "A",
  States: {
    A: { Type: "Task", Resource: L, TimeoutSeconds: 10, Next: "B" },
    B: { Type: "Pass", Next: "C" },
    C: { Type: "Choice", Choices: [{ Variable: "$.n", NumericGreaterThan: 100, Next: "D" }], Default: "D" },
    D: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "step", "Payload.$": "$" }, ResultSelector: { "n.$": "$.Payload.n" }, TimeoutSeconds: 10, Next: "E" },
    E: { Type: "Wait", Seconds: 1, Next: "F" },
    F: { Type: "Pass", End: true },
  },
});
const N = Number(process.argv[2] ?? 2000);
const t0 = Date.now();
const arns: string[] = [];
for (let i = 0; i < N; i++) arns.push((await engine.startExecution({ stateMachineArn: arn, input: JSON.stringify({ i }) })).executionArn);
for (;;) { const running = engine.listExecutions({ statusFilter: "RUNNING" }).length; if (!running) break; await new Promise(r => setTimeout(r, 10)); }
const ms = Date.now() - t0;
const ok = engine.listExecutions({ statusFilter: "SUCCEEDED" }).length;
console.log({ N, ok, ms, transitionsPerSec: Math.round((N * 6) / (ms / 1000)), events: engine.getExecutionHistory(arns[0]!).length, journalMB: statSync(join(dir, "sfn/journal.ndjson")).size / 1e6 });
await engine.close();
