import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidDefinitionError } from "../../local/sfn/asl.js";
import { createTaskDispatcher } from "../../local/sfn/dispatcher.js";
import { HISTORY_EVENT_LIMIT, LocalStepFunctions } from "../../local/sfn/engine.js";
import type { LocalLambda } from "../../local/sfn/types.js";
import { ACCOUNT, OfferExpiredError, REGION, finished, lambdaArn, tempDir } from "./helpers.js";

let dir: { dir: string; cleanup: () => void };
let engine: LocalStepFunctions;
let calls: Record<string, number>;

function makeEngine(lambdas: Record<string, LocalLambda>, timeScale = 1000): LocalStepFunctions {
  const dispatcher = createTaskDispatcher({ region: REGION, accountId: ACCOUNT, lambdas });
  return new LocalStepFunctions({ dataDir: dir.dir, dispatcher, timeScale });
}

beforeEach(() => {
  dir = tempDir();
  calls = {};
  const count = (name: string): void => {
    calls[name] = (calls[name] ?? 0) + 1;
  };
  engine = makeEngine({
    echo: async (event) => {
      count("echo");
      return event;
    },
    flaky: async () => {
      count("flaky");
      if ((calls["flaky"] ?? 0) < 3) throw new OfferExpiredError("not yet");
      return { ok: true };
    },
    expire: async () => {
      count("expire");
      throw new OfferExpiredError("offer 7 expired");
    },
  });
});

afterEach(async () => {
  await engine.close();
  dir.cleanup();
});

const task = (name: string, extra: Record<string, unknown> = {}) => ({ Type: "Task", Resource: lambdaArn(name), TimeoutSeconds: 30, ...extra });

describe("registration", () => {
  const rejection = (definition: object): string => {
    try {
      engine.registerStateMachine("bad", definition);
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidDefinitionError);
      return (err as Error).message;
    }
    throw new Error("registration unexpectedly succeeded");
  };

  it("returns the state machine ARN", () => {
    expect(engine.registerStateMachine("ok", { StartAt: "P", States: { P: { Type: "Pass", End: true } } })).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:ok`);
  });

  it("rejects state names that repeat inside Parallel branches or Map iterators", () => {
    const message = rejection({
      StartAt: "Fan",
      States: {
        Fan: {
          Type: "Parallel",
          Branches: [
            { StartAt: "Notify", States: { Notify: task("echo", { End: true }) } },
            { StartAt: "Each", States: { Each: { Type: "Map", Iterator: { StartAt: "Notify", States: { Notify: { Type: "Pass", End: true } } }, End: true } } },
          ],
          End: true,
        },
      },
    });
    expect(message).toMatch(/state names must be unique.*'Notify'/);
  });

  it("runs a Task without TimeoutSeconds, as AWS does (its default is 99,999,999 s)", async () => {
    const arn = engine.registerStateMachine("no-timeout", {
      StartAt: "Fan",
      States: { Fan: { Type: "Parallel", Branches: [{ StartAt: "SendOffer", States: { SendOffer: { Type: "Task", Resource: lambdaArn("echo"), End: true } } }], End: true } },
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn, input: JSON.stringify({ offer: 7 }) });
    const done = await finished(engine, executionArn);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.output!)).toEqual([{ offer: 7 }]);
  });

  it("accepts TimeoutSecondsPath instead of TimeoutSeconds", () => {
    expect(() =>
      engine.registerStateMachine("path", { StartAt: "T", States: { T: { Type: "Task", Resource: lambdaArn("echo"), TimeoutSecondsPath: "$.timeout", End: true } } }),
    ).not.toThrow();
  });

  it("rejects what the local engine cannot run as AWS does: Distributed Map, $$.Task.Token outside a callback task", () => {
    const distributed = { Type: "Map", ItemReader: { Resource: "arn:aws:states:::s3:getObject", Parameters: { Bucket: "b", Key: "k" } }, ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }, StartAt: "I", States: { I: { Type: "Pass", End: true } } }, End: true };
    expect(rejection({ StartAt: "M", States: { M: distributed } })).toMatch(/Distributed Map/);
    expect(rejection({ StartAt: "T", States: { T: task("echo", { Parameters: { "t.$": "$$.Task.Token" }, End: true }) } })).toMatch(/\$\$\.Task\.Token/);
  });

  it("accepts JSONata, Assign and $$.State, which AWS accepts", () => {
    expect(() => engine.registerStateMachine("jsonata", { QueryLanguage: "JSONata", StartAt: "P", States: { P: { Type: "Pass", Output: "{% $states.input %}", End: true } } })).not.toThrow();
    expect(() => engine.registerStateMachine("assign", { StartAt: "P", States: { P: { Type: "Pass", Assign: { x: 1 }, End: true } } })).not.toThrow();
    expect(() => engine.registerStateMachine("state", { StartAt: "P", States: { P: { Type: "Pass", Parameters: { "t.$": "$$.State.EnteredTime", "m.$": "$$.StateMachine.Name" }, End: true } } })).not.toThrow();
  });
});

describe("Task dispatch through the engine", () => {
  it("retries on the Lambda error name and catches it with AWS's Error/Cause shapes", async () => {
    const arn = engine.registerStateMachine("retry", {
      StartAt: "Flaky",
      States: {
        Flaky: task("flaky", { Retry: [{ ErrorEquals: ["OfferExpiredError"], IntervalSeconds: 5, MaxAttempts: 5 }], Next: "Expire" }),
        Expire: task("expire", {
          Retry: [{ ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 2, MaxAttempts: 1 }],
          Catch: [{ ErrorEquals: ["OfferExpiredError"], ResultPath: "$.error", Next: "Handled" }],
          Next: "Handled",
        }),
        Handled: { Type: "Pass", End: true },
      },
    });
    const started = Date.now();
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn, input: "{}" });
    const d = await finished(engine, executionArn);
    expect(Date.now() - started).toBeLessThan(2000); // retry back-off is scaled (5 s, 10 s, 2 s at timeScale 1000)
    expect(d.status).toBe("SUCCEEDED");
    expect(calls["flaky"]).toBe(3);
    expect(calls["expire"]).toBe(2);
    const output = JSON.parse(d.output!) as { error: { Error: string; Cause: string } };
    expect(output.error.Error).toBe("OfferExpiredError");
    expect(JSON.parse(output.error.Cause)).toMatchObject({ errorType: "OfferExpiredError", errorMessage: "offer 7 expired" });
    const types = engine.getExecutionHistory(executionArn).map((e) => e.type);
    expect(types.filter((t) => t === "LambdaFunctionFailed")).toHaveLength(4);
  });

  it("fails the execution on a resource with no local integration, even under a States.ALL catcher", async () => {
    const arn = engine.registerStateMachine("sqs", {
      StartAt: "Enqueue",
      States: {
        Enqueue: {
          Type: "Task",
          Resource: "arn:aws:states:::sqs:sendMessage",
          Parameters: { QueueUrl: "https://sqs/q", MessageBody: "x" },
          TimeoutSeconds: 10,
          Catch: [{ ErrorEquals: ["States.ALL"], Next: "Swallowed" }],
          End: true,
        },
        Swallowed: { Type: "Succeed" },
      },
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn });
    const d = await finished(engine, executionArn);
    expect(d.status).toBe("FAILED");
    expect(d.error).toBe("States.Runtime");
    expect(d.cause).toContain("arn:aws:states:::sqs:sendMessage");
    expect(d.cause).toContain("'Enqueue'");
  });

  it("runs Tasks inside Parallel branches and Map iterations", async () => {
    const arn = engine.registerStateMachine("fan", {
      StartAt: "Fan",
      States: {
        Fan: {
          Type: "Parallel",
          Branches: [
            { StartAt: "One", States: { One: task("echo", { Parameters: { "branch.$": "$.x" }, End: true }) } },
            {
              StartAt: "Each",
              States: {
                Each: {
                  Type: "Map",
                  ItemsPath: "$.items",
                  ItemSelector: { "item.$": "$$.Map.Item.Value", "exec.$": "$$.Execution.Name" },
                  Iterator: { StartAt: "Per", States: { Per: task("echo", { End: true }) } },
                  End: true,
                },
              },
            },
          ],
          End: true,
        },
      },
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn, name: "fan-1", input: JSON.stringify({ x: 1, items: ["a", "b"] }) });
    const d = await finished(engine, executionArn);
    expect(d.status).toBe("SUCCEEDED");
    expect(JSON.parse(d.output!)).toEqual([{ branch: 1 }, [{ item: "a", exec: "fan-1" }, { item: "b", exec: "fan-1" }]]);
    const history = engine.getExecutionHistory(executionArn);
    expect(history.filter((e) => e.type === "MapIterationSucceeded").map((e) => e.index).sort()).toEqual([0, 1]);
  });
});

describe("Wait states", () => {
  it("divide the duration by timeScale and keep InputPath/OutputPath and the Wait's name and type in history", async () => {
    const local = makeEngine({}, 36_000);
    try {
      const arn = local.registerStateMachine("wait", {
        StartAt: "SixMonths",
        States: { SixMonths: { Type: "Wait", Seconds: 3600, InputPath: "$.a", OutputPath: "$.b", End: true } },
      });
      const started = Date.now();
      const { executionArn } = await local.startExecution({ stateMachineArn: arn, input: JSON.stringify({ a: { b: { kept: true }, c: 1 }, d: 2 }) });
      const d = await finished(local, executionArn);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(95); // 3600 s / 36000
      expect(elapsed).toBeLessThan(1500);
      expect(JSON.parse(d.output!)).toEqual({ kept: true });
      const history = local.getExecutionHistory(executionArn);
      expect(history.map((e) => e.type)).toEqual(["ExecutionStarted", "WaitStateEntered", "WaitStateExited", "ExecutionSucceeded"]);
      expect(history[1]!.stateName).toBe("SixMonths");
    } finally {
      await local.close();
    }
  });

  it("supports SecondsPath and TimestampPath, a Timestamp ending at its instant in journey time (offsets never add up)", async () => {
    const local = makeEngine({}, 36_000);
    try {
      const arn = local.registerStateMachine("waits", {
        StartAt: "ByPath",
        States: {
          ByPath: { Type: "Wait", SecondsPath: "$.seconds", Next: "Until" },
          Until: { Type: "Wait", TimestampPath: "$.until", End: true },
        },
      });
      // Two hours of journey time from now; the first hour is spent in the SecondsPath wait.
      const until = new Date(Math.ceil(local.clock.now() / 1000) * 1000 + 7200_000).toISOString().replace(/\.\d+Z$/, "Z");
      const { executionArn } = await local.startExecution({ stateMachineArn: arn, input: JSON.stringify({ seconds: 3600, until }) });
      const d = await finished(local, executionArn);
      expect(d.status).toBe("SUCCEEDED");
      const exits = local.getExecutionHistory(executionArn).filter((e) => e.type === "WaitStateExited");
      const started = d.startDate.getTime();
      expect(exits[0]!.timestamp.getTime() - started).toBeGreaterThanOrEqual(3600_000);
      // The Timestamp wait ends at its timestamp: two hours after the start, not three (3600 s + its whole offset again).
      expect(exits[1]!.timestamp.getTime()).toBeGreaterThanOrEqual(Date.parse(until));
      expect(exits[1]!.timestamp.getTime() - Date.parse(until)).toBeLessThan(1800_000);
    } finally {
      await local.close();
    }
  });
});

describe("executions", () => {
  it("exposes $$.Execution (Id, Name, StartTime, Input) to Parameters", async () => {
    const arn = engine.registerStateMachine("ctx", {
      StartAt: "Ctx",
      States: { Ctx: { Type: "Pass", Parameters: { "id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name", "start.$": "$$.Execution.StartTime", "input.$": "$$.Execution.Input" }, End: true } },
    });
    const { executionArn, startDate } = await engine.startExecution({ stateMachineArn: arn, name: "c1", input: '{"k":1}' });
    const d = await finished(engine, executionArn);
    expect(JSON.parse(d.output!)).toEqual({ id: executionArn, name: "c1", start: startDate.toISOString(), input: { k: 1 } });
  });

  it("makes StartExecution idempotent for the same name and input while running, like Standard workflows", async () => {
    const arn = engine.registerStateMachine("idem", { StartAt: "W", States: { W: { Type: "Wait", Seconds: 3600, End: true } } });
    const first = await engine.startExecution({ stateMachineArn: arn, name: "same", input: '{"a":1}' });
    const again = await engine.startExecution({ stateMachineArn: arn, name: "same", input: '{ "a": 1 }' });
    expect(again).toEqual(first);
    await expect(engine.startExecution({ stateMachineArn: arn, name: "same", input: '{"a":2}' })).rejects.toMatchObject({ name: "ExecutionAlreadyExists" });
    engine.stopExecution(first.executionArn);
    await expect(engine.startExecution({ stateMachineArn: arn, name: "same", input: '{"a":1}' })).rejects.toMatchObject({ name: "ExecutionAlreadyExists" });
    expect(engine.listExecutions({ stateMachineArn: arn })).toHaveLength(1);
  });

  it("fails with States.Runtime when the history would exceed 25,000 events", async () => {
    const arn = engine.registerStateMachine("loop", {
      StartAt: "Inc",
      States: {
        Inc: { Type: "Pass", Parameters: { "n.$": "States.MathAdd($.n, 1)" }, Next: "Check" },
        Check: { Type: "Choice", Choices: [{ Variable: "$.n", NumericLessThan: 1_000_000, Next: "Inc" }], Default: "Done" },
        Done: { Type: "Succeed" },
      },
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn, input: '{"n":0}' });
    const d = await finished(engine, executionArn, 30_000);
    expect(d.status).toBe("FAILED");
    expect(d.error).toBe("States.Runtime");
    expect(d.cause).toBe("The execution reached the maximum number of history events (25000).");
    const history = engine.getExecutionHistory(executionArn);
    expect(history).toHaveLength(HISTORY_EVENT_LIMIT);
    expect(history.at(-1)!.type).toBe("ExecutionFailed");
    expect(history.at(-1)!.id).toBe(25_000);
  });

  it("reports a Fail state's Error and Cause, and none when the state sets none", async () => {
    const withBoth = engine.registerStateMachine("fail1", { StartAt: "F", States: { F: { Type: "Fail", Error: "Candidate.Withdrawn", Cause: "withdrew" } } });
    const bare = engine.registerStateMachine("fail2", { StartAt: "F2", States: { F2: { Type: "Fail" } } });
    const a = await finished(engine, (await engine.startExecution({ stateMachineArn: withBoth })).executionArn);
    const b = await finished(engine, (await engine.startExecution({ stateMachineArn: bare })).executionArn);
    expect(a).toMatchObject({ status: "FAILED", error: "Candidate.Withdrawn", cause: "withdrew" });
    expect(b.status).toBe("FAILED");
    expect(b.error).toBeUndefined();
    expect(b.cause).toBeUndefined();
  });

  it("works around library quirks: falsy Pass Result and ResultPath \"$\"", async () => {
    const arn = engine.registerStateMachine("quirks", {
      StartAt: "False",
      States: {
        False: { Type: "Pass", Result: false, ResultPath: "$.flag", Next: "Whole" },
        Whole: task("echo", { Parameters: { "replaced.$": "$.flag" }, ResultPath: "$", End: true }),
      },
    });
    const d = await finished(engine, (await engine.startExecution({ stateMachineArn: arn, input: '{"x":1}' })).executionArn);
    expect(JSON.parse(d.output!)).toEqual({ replaced: false });
  });

  it("stops an execution (ABORTED) and times one out on its scaled TimeoutSeconds (TIMED_OUT)", async () => {
    const waiting = engine.registerStateMachine("long", { StartAt: "W", States: { W: { Type: "Wait", Seconds: 86_400, End: true } } });
    const { executionArn } = await engine.startExecution({ stateMachineArn: waiting });
    engine.stopExecution(executionArn, "Manual", "operator");
    expect(engine.describeExecution(executionArn)).toMatchObject({ status: "ABORTED", error: "Manual", cause: "operator" });

    const bounded = engine.registerStateMachine("bounded", { TimeoutSeconds: 60, StartAt: "W2", States: { W2: { Type: "Wait", Seconds: 86_400, End: true } } });
    const timed = await engine.startExecution({ stateMachineArn: bounded });
    const d = await finished(engine, timed.executionArn); // 60 s / 1000
    expect(d).toMatchObject({ status: "TIMED_OUT", error: "States.Timeout" });
    expect(engine.getExecutionHistory(timed.executionArn).at(-1)!.type).toBe("ExecutionTimedOut");
  });

  it("whenIdle() resolves while executions are parked on a Wait", async () => {
    const arn = engine.registerStateMachine("parked", { StartAt: "E", States: { E: task("echo", { Next: "W" }), W: { Type: "Wait", Seconds: 86_400, End: true } } });
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn });
    await engine.whenIdle();
    expect(engine.describeExecution(executionArn).status).toBe("RUNNING");
    expect(engine.getExecutionHistory(executionArn).at(-1)!.type).toBe("WaitStateEntered");
  });
});
