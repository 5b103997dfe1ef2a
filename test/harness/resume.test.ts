// In-process resume paths: segment restarts (the guard against the library's own task timer),
// journal compaction and retention.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTaskDispatcher } from "../../local/sfn/dispatcher.js";
import { LocalStepFunctions, type LocalStepFunctionsOptions } from "../../local/sfn/engine.js";
import { ACCOUNT, REGION, finished, tempDir, until } from "./helpers.js";

let dir: { dir: string; cleanup: () => void };
let engine: LocalStepFunctions;
let invocations: string[];

function makeEngine(extra: Partial<LocalStepFunctionsOptions> = {}): LocalStepFunctions {
  const dispatcher = createTaskDispatcher({
    region: REGION,
    accountId: ACCOUNT,
    lambdas: {
      notify: async (event) => {
        invocations.push((event as { token: string }).token);
        return {};
      },
    },
  });
  const e = new LocalStepFunctions({ dataDir: dir.dir, dispatcher, timeScale: 1000, ...extra });
  e.registerStateMachine("wait", { StartAt: "Pause", States: { Pause: { Type: "Wait", Seconds: 300, End: true } } });
  e.registerStateMachine("callback", {
    StartAt: "Await",
    States: {
      Await: {
        Type: "Task",
        Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
        Parameters: { FunctionName: "notify", Payload: { "token.$": "$$.Task.Token" } },
        TimeoutSeconds: 3600,
        End: true,
      },
    },
  });
  return e;
}

beforeEach(() => {
  dir = tempDir();
  invocations = [];
});

afterEach(async () => {
  await engine.close();
  dir.cleanup();
});

describe("segment restarts", () => {
  it("restart a long-parked Wait from its checkpoint without extending it", async () => {
    engine = makeEngine({ rolloverMs: 60 });
    const started = Date.now();
    const { executionArn } = await engine.startExecution({ stateMachineArn: engine.stateMachineArn("wait") });
    const d = await finished(engine, executionArn);
    expect(d.status).toBe("SUCCEEDED");
    expect(Date.now() - started).toBeGreaterThanOrEqual(295);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(engine.getExecutionHistory(executionArn).map((e) => e.type)).toEqual(["ExecutionStarted", "WaitStateEntered", "WaitStateExited", "ExecutionSucceeded"]);
  });

  it("restart a callback Task and re-await the same token without re-invoking the integration", async () => {
    engine = makeEngine({ rolloverMs: 40 });
    const { executionArn } = await engine.startExecution({ stateMachineArn: engine.stateMachineArn("callback") });
    await until(() => invocations.length === 1);
    await new Promise((r) => setTimeout(r, 150)); // several restarts
    expect(invocations).toHaveLength(1);
    engine.sendTaskSuccess(invocations[0]!, '{"ok":true}');
    const d = await finished(engine, executionArn);
    expect(d).toMatchObject({ status: "SUCCEEDED", output: '{"ok":true}' });
    expect(engine.getExecutionHistory(executionArn).filter((e) => e.type === "TaskScheduled")).toHaveLength(1);
  });
});

describe("journal", () => {
  it("serves the history of executions evicted from memory by reading the journal", async () => {
    engine = makeEngine({ historyCacheSize: 1 });
    const arns: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { executionArn } = await engine.startExecution({ stateMachineArn: engine.stateMachineArn("wait") });
      await finished(engine, executionArn);
      arns.push(executionArn);
    }
    for (const arn of arns) {
      expect(engine.getExecutionHistory(arn).map((e) => e.type)).toEqual(["ExecutionStarted", "WaitStateEntered", "WaitStateExited", "ExecutionSucceeded"]);
    }
  });

  it("is compacted on open and forgets closed executions past the retention period", async () => {
    engine = makeEngine();
    const { executionArn } = await engine.startExecution({ stateMachineArn: engine.stateMachineArn("wait") });
    await finished(engine, executionArn);
    await engine.close();
    const journal = join(dir.dir, "sfn", "journal.ndjson");
    expect(readFileSync(journal, "utf8")).toContain('"k":"wait"');

    engine = makeEngine(); // reopen: the finished execution's wait record is dropped, its history kept
    expect(readFileSync(journal, "utf8")).not.toContain('"k":"wait"');
    expect(engine.describeExecution(executionArn).status).toBe("SUCCEEDED");
    expect(engine.getExecutionHistory(executionArn)).toHaveLength(4);
    await engine.close();

    engine = makeEngine({ retentionDays: 0 });
    expect(() => engine.describeExecution(executionArn)).toThrow(/Execution Does Not Exist/);
  });
});
