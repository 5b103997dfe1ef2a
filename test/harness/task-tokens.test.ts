import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTaskDispatcher } from "../../local/sfn/dispatcher.js";
import { LocalStepFunctions } from "../../local/sfn/engine.js";
import { createStepFunctionsEmulator } from "../../local/sfn/sfn-endpoint.js";
import { ACCOUNT, CREDENTIALS, REGION, tempDir, until } from "./helpers.js";

// Time is compressed 1000x: TimeoutSeconds 60 is 60 ms, HeartbeatSeconds 100 is 100 ms.
const TIME_SCALE = 1000;

let dir: { dir: string; cleanup: () => void };
let engine: LocalStepFunctions;
let server: { endpoint: string; close: () => Promise<void> };
let sfn: SFNClient;
const tokens = new Map<string, string>(); // candidate -> token handed to the "notify" Lambda

beforeAll(async () => {
  dir = tempDir();
  const dispatcher = createTaskDispatcher({
    region: REGION,
    accountId: ACCOUNT,
    lambdas: {
      notify: async (event) => {
        const { token, candidate } = event as { token: string; candidate: string };
        tokens.set(candidate, token);
        return { queued: candidate };
      },
    },
  });
  engine = new LocalStepFunctions({ dataDir: dir.dir, dispatcher, timeScale: TIME_SCALE });
  server = await (await import("./helpers.js")).serveEmulators(createStepFunctionsEmulator(engine));
  sfn = new SFNClient({ endpoint: server.endpoint, region: REGION, credentials: CREDENTIALS });
});

afterAll(async () => {
  sfn.destroy();
  await server.close();
  await engine.close();
  dir.cleanup();
});

function approvalMachine(name: string, task: Record<string, unknown>, states: Record<string, unknown> = {}): string {
  return engine.registerStateMachine(name, {
    StartAt: "AwaitDecision",
    States: {
      AwaitDecision: {
        Type: "Task",
        Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
        Parameters: { FunctionName: "notify", Payload: { "token.$": "$$.Task.Token", "candidate.$": "$.candidate" } },
        ResultPath: "$.decision",
        End: true,
        ...task,
      },
      ...states,
    },
  });
}

async function start(stateMachineArn: string, candidate: string): Promise<{ executionArn: string; token: string }> {
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ candidate }) }));
  const token = await until(() => tokens.get(candidate), 5000, `token for ${candidate}`);
  return { executionArn: executionArn!, token };
}

async function closed(executionArn: string) {
  return until(async () => {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status !== "RUNNING" ? d : undefined;
  });
}

const errorName = (p: Promise<unknown>): Promise<string> => p.then(() => "no error", (e: Error) => e.name);

describe("task tokens through @aws-sdk/client-sfn", () => {
  it("completes the task with SendTaskSuccess output, after which the token is spent", async () => {
    const arn = approvalMachine("approve", { TimeoutSeconds: 3600 });
    const { executionArn, token } = await start(arn, "ada");
    expect(token).toMatch(/^[A-Za-z0-9_-]{400,}$/);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: true }) }));
    const d = await closed(executionArn);
    expect(d.status).toBe("SUCCEEDED");
    expect(d.startDate).toBeInstanceOf(Date);
    expect(JSON.parse(d.output!)).toEqual({ candidate: "ada", decision: { approved: true } });

    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events!.map((e) => e.type)).toEqual([
      "ExecutionStarted",
      "TaskStateEntered",
      "TaskScheduled",
      "TaskStarted",
      "TaskSubmitted",
      "TaskSucceeded",
      "TaskStateExited",
      "ExecutionSucceeded",
    ]);
    const scheduled = events!.find((e) => e.type === "TaskScheduled")!.taskScheduledEventDetails!;
    expect(scheduled).toMatchObject({ resourceType: "lambda", resource: "invoke.waitForTaskToken", timeoutInSeconds: 3600 });
    expect(JSON.parse(scheduled.parameters!).Payload.token).toBe(token);
    expect(events![0]!.timestamp).toBeInstanceOf(Date);

    expect(await errorName(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" })))).toBe("TaskTimedOut");
  });

  it("fails the task with SendTaskFailure's error and cause, which Catch can route", async () => {
    const arn = approvalMachine(
      "decline",
      { TimeoutSeconds: 3600, Catch: [{ ErrorEquals: ["Candidate.Declined"], ResultPath: "$.error", Next: "Declined" }] },
      { Declined: { Type: "Pass", End: true } },
    );
    const { executionArn, token } = await start(arn, "grace");
    await sfn.send(new SendTaskFailureCommand({ taskToken: token, error: "Candidate.Declined", cause: "accepted another offer" }));
    const d = await closed(executionArn);
    expect(d.status).toBe("SUCCEEDED");
    expect(JSON.parse(d.output!).error).toEqual({ Error: "Candidate.Declined", Cause: "accepted another offer" });

    const bare = approvalMachine("decline-bare", { TimeoutSeconds: 3600 });
    const second = await start(bare, "linus");
    await sfn.send(new SendTaskFailureCommand({ taskToken: second.token }));
    const failed = await closed(second.executionArn);
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toBeUndefined();
  });

  it("times out after the scaled TimeoutSeconds with States.Timeout, which States.TaskFailed does not catch", async () => {
    const arn = approvalMachine(
      "slow",
      { TimeoutSeconds: 60, Catch: [{ ErrorEquals: ["States.TaskFailed"], Next: "Caught" }] },
      { Caught: { Type: "Succeed" } },
    );
    const started = Date.now();
    const { executionArn, token } = await start(arn, "barbara");
    const d = await closed(executionArn);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(d).toMatchObject({ status: "FAILED", error: "States.Timeout" });
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 2 }));
    expect(events!.map((e) => e.type)).toEqual(["ExecutionFailed", "TaskTimedOut"]);
    expect(events![1]!.taskTimedOutEventDetails).toMatchObject({ error: "States.Timeout", resourceType: "lambda" });
    expect(await errorName(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" })))).toBe("TaskTimedOut");

    const caught = approvalMachine(
      "slow-caught",
      { TimeoutSeconds: 60, Catch: [{ ErrorEquals: ["States.Timeout"], ResultPath: "$.error", Next: "TimedOut" }] },
      { TimedOut: { Type: "Pass", End: true } },
    );
    const second = await start(caught, "edsger");
    const d2 = await closed(second.executionArn);
    expect(d2.status).toBe("SUCCEEDED");
    expect(JSON.parse(d2.output!).error).toEqual({ Error: "States.Timeout", Cause: null });
  });

  it("keeps the task alive while heartbeats arrive within HeartbeatSeconds", async () => {
    const arn = approvalMachine("beating", { TimeoutSeconds: 3600, HeartbeatSeconds: 100 });
    const { executionArn, token } = await start(arn, "alan");
    const until300ms = Date.now() + 300; // three heartbeat periods
    while (Date.now() < until300ms) {
      await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
      await new Promise((r) => setTimeout(r, 25));
    }
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe("RUNNING");
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '"ok"' }));
    expect((await closed(executionArn)).status).toBe("SUCCEEDED");
  });

  it("fails with States.HeartbeatTimeout when heartbeats stop, and a States.Timeout catcher also matches it", async () => {
    const arn = approvalMachine("silent", { TimeoutSeconds: 3600, HeartbeatSeconds: 50 });
    const { executionArn, token } = await start(arn, "katherine");
    const d = await closed(executionArn);
    expect(d).toMatchObject({ status: "FAILED", error: "States.HeartbeatTimeout" });
    expect(await errorName(sfn.send(new SendTaskHeartbeatCommand({ taskToken: token })))).toBe("TaskTimedOut");

    const caught = approvalMachine(
      "silent-caught",
      { TimeoutSeconds: 3600, HeartbeatSeconds: 50, Catch: [{ ErrorEquals: ["States.Timeout"], ResultPath: "$.error", Next: "Gone" }] },
      { Gone: { Type: "Pass", End: true } },
    );
    const second = await start(caught, "margaret");
    const d2 = await closed(second.executionArn);
    expect(d2.status).toBe("SUCCEEDED");
    expect(JSON.parse(d2.output!).error.Error).toBe("States.HeartbeatTimeout");
  });

  it("answers bad tokens and outputs with AWS's errors", async () => {
    expect(await errorName(sfn.send(new SendTaskSuccessCommand({ taskToken: "not-a-token", output: "{}" })))).toBe("InvalidToken");
    const wellFormedUnknown = "AQC" + "A".repeat(512);
    expect(await errorName(sfn.send(new SendTaskSuccessCommand({ taskToken: wellFormedUnknown, output: "{}" })))).toBe("TaskDoesNotExist");
    const arn = approvalMachine("outputs", { TimeoutSeconds: 3600 });
    const { executionArn, token } = await start(arn, "donald");
    expect(await errorName(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "{not json" })))).toBe("InvalidOutput");
    await sfn.send(new StopExecutionCommand({ executionArn, error: "Ops", cause: "cleanup" }));
    expect(await errorName(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" })))).toBe("TaskTimedOut");
    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: "ABORTED" }));
    expect(listed.executions!.map((e) => e.executionArn)).toEqual([executionArn]);
  });

  it("maps API errors and unknown operations like the JSON protocol does", async () => {
    expect(await errorName(sfn.send(new DescribeExecutionCommand({ executionArn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:x:y` })))).toBe("ExecutionDoesNotExist");
    expect(
      await errorName(sfn.send(new StartExecutionCommand({ stateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:missing` }))),
    ).toBe("StateMachineDoesNotExist");
    const res = await fetch(server.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AWSStepFunctions.CreateActivity" },
      body: "{}",
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { __type: string }).__type).toBe("UnknownOperationException");
  });
});
