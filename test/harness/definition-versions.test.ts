// A running execution keeps the definition it started with, as on AWS, even when the state machine
// is updated (redeployed) mid-flight.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTaskDispatcher } from "../../local/sfn/dispatcher.js";
import { LocalStepFunctions } from "../../local/sfn/engine.js";

const definition = (finalResult: string) => ({
  StartAt: "Pause",
  States: { Pause: { Type: "Wait", Seconds: 3600, Next: "Finish" }, Finish: { Type: "Pass", Result: { version: finalResult }, End: true } },
});

describe("definition versions", () => {
  it("finishes an in-flight execution on its original definition after an update", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hirepath-versions-"));
    const engine = new LocalStepFunctions({ dataDir: dir, dispatcher: createTaskDispatcher({ region: "us-east-1", accountId: "000000000000", lambdas: {} }) });
    try {
      const arn = engine.registerStateMachine("versioned", definition("v1"));
      const old = await engine.startExecution({ stateMachineArn: arn });
      await engine.whenIdle();
      engine.registerStateMachine("versioned", definition("v2"));
      const fresh = await engine.startExecution({ stateMachineArn: arn });
      await engine.whenIdle();
      engine.wakeWaits();
      for (const e of [old, fresh]) while (engine.describeExecution(e.executionArn).status === "RUNNING") await new Promise((r) => setTimeout(r, 5));
      expect(JSON.parse(engine.describeExecution(old.executionArn).output!)).toEqual({ version: "v1" });
      expect(JSON.parse(engine.describeExecution(fresh.executionArn).output!)).toEqual({ version: "v2" });
    } finally {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
