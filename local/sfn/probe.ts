import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalStepFunctions } from "./engine.js";
import { createTaskDispatcher } from "./dispatcher.js";
const dir = mkdtempSync(join(tmpdir(), "sfn-"));
const dispatcher = createTaskDispatcher({ region: "us-east-1", accountId: "000000000000", lambdas: {
  hello: async (e: any) => ({ greeting: `hi ${e.name}` }),
  boom: async () => { const err = new Error("offer expired"); err.name = "OfferExpiredError"; throw err; },
}});
const engine = new LocalStepFunctions({ dataDir: dir, dispatcher, timeScale: 1000 });
const arn = engine.registerStateMachine("m", {
  StartAt: "Hello",
  States: {
    Hello: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:000000000000:function:hello", TimeoutSeconds: 10, ResultPath: "$.hello", Next: "W" },
    W: { Type: "Wait", Seconds: 2, Next: "Inv" },
    Inv: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "boom", "Payload.$": "$" }, TimeoutSeconds: 10,
      Catch: [{ ErrorEquals: ["OfferExpiredError"], ResultPath: "$.err", Next: "Done" }], Next: "Done" },
    Done: { Type: "Pass", Parameters: { "id.$": "$$.Execution.Id", "start.$": "$$.Execution.StartTime", "in.$": "$$.Execution.Input", "err.$": "$.err" }, End: true },
  },
});
const t0 = Date.now();
const { executionArn } = await engine.startExecution({ stateMachineArn: arn, input: JSON.stringify({ name: "Ada" }) });
while (engine.describeExecution(executionArn).status === 'RUNNING') await new Promise(r => setTimeout(r, 5));
console.log(Date.now() - t0, engine.describeExecution(executionArn));
console.log(engine.getExecutionHistory(executionArn).map(e => `${e.id} ${e.type} ${e.stateName ?? ""} ${e.error ?? ""}`).join("\n"));
await engine.close();
