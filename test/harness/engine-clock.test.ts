// The interpreter-based engine on a stopped VirtualClock: nothing time-based happens until the clock
// is advanced, and advancing ends exactly what falls due, in order (Waits, Retry back-off, callback
// timeouts and heartbeats, execution timeouts), with history stamped in journey time.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../../local/clock/virtual-clock.js";
import { createTaskDispatcher } from "../../local/sfn/dispatcher.js";
import { LocalStepFunctions } from "../../local/sfn/engine.js";
import { ACCOUNT, REGION, lambdaArn, tempDir } from "./helpers.js";

const START = Date.parse("2026-03-02T01:00:00Z");
let dir: { dir: string; cleanup: () => void };
let clock: VirtualClock;
let engine: LocalStepFunctions;
let flakyCalls: number;
let throttledCalls: number[];

beforeEach(() => {
  dir = tempDir();
  flakyCalls = 0;
  throttledCalls = [];
  clock = new VirtualClock({ start: START, paused: true });
  const dispatcher = createTaskDispatcher({
    region: REGION,
    accountId: ACCOUNT,
    lambdas: {
      echo: async (event) => event,
      flaky: async () => {
        flakyCalls++;
        if (flakyCalls < 2) throw Object.assign(new Error("try again"), { name: "TransientError" });
        return { ok: true };
      },
      handOff: async () => ({ handed: true }),
      // Lambda refuses the first two invocations: every environment is busy (the pool's throttle).
      busy: async () => {
        throttledCalls.push(performance.now());
        if (throttledCalls.length <= 2) throw Object.assign(new Error("Rate Exceeded."), { name: "TooManyRequestsException", lambdaServiceError: true, statusCode: 429 });
        return { ok: true };
      },
    },
  });
  engine = new LocalStepFunctions({ dataDir: dir.dir, dispatcher, clock });
  clock.addSettler(() => engine.whenIdle());
});

afterEach(async () => {
  await engine.close();
  clock.close();
  dir.cleanup();
});

const status = (arn: string) => engine.describeExecution(arn).status;
const history = (arn: string) => engine.getExecutionHistory(arn);

describe("the engine on the journey clock", () => {
  it("ends a Seconds wait and a Timestamp wait at their journey instants, and only when the clock gets there", async () => {
    const at = new Date(START + 5 * 3600_000).toISOString();
    const arn = engine.registerStateMachine("waits", {
      StartAt: "Hour",
      States: {
        Hour: { Type: "Wait", Seconds: 3600, Next: "Until" },
        Until: { Type: "Wait", Timestamp: at, End: true },
      },
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn });
    await clock.settle();
    expect(clock.state().next).toMatchObject({ what: expect.stringContaining("Hour"), atMs: START + 3600_000 });

    await clock.advance("PT59M");
    expect(status(executionArn)).toBe("RUNNING");
    await clock.advance("PT1M");
    expect(clock.state().next).toMatchObject({ what: expect.stringContaining("Until"), atMs: Date.parse(at) });
    await clock.advance("PT4H");
    expect(status(executionArn)).toBe("SUCCEEDED");
    const exits = history(executionArn).filter((e) => e.type === "WaitStateExited").map((e) => e.timestamp.getTime());
    // The Timestamp wait ends at its instant: five hours after the start, not one hour plus five.
    expect(exits).toEqual([START + 3600_000, Date.parse(at)]);
  });

  it("holds a Retry back-off until the clock passes it", async () => {
    const arn = engine.registerStateMachine("retry", {
      StartAt: "Flaky",
      States: { Flaky: { Type: "Task", Resource: lambdaArn("flaky"), TimeoutSeconds: 30, Retry: [{ ErrorEquals: ["TransientError"], IntervalSeconds: 60, MaxAttempts: 2 }], End: true } },
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn });
    await clock.settle();
    expect(flakyCalls).toBe(1);
    expect(clock.state().next?.what).toContain("Flaky retry");
    await clock.advance("PT59S");
    expect(flakyCalls).toBe(1);
    await clock.advance("PT1S");
    expect(flakyCalls).toBe(2);
    expect(status(executionArn)).toBe("SUCCEEDED");
  });

  it("backs off a Lambda throttle in real time, even on a stopped clock: environments free up in real time", async () => {
    const arn = engine.registerStateMachine("throttled", {
      StartAt: "Busy",
      States: { Busy: { Type: "Task", Resource: lambdaArn("busy"), TimeoutSeconds: 30, Retry: [{ ErrorEquals: ["Lambda.TooManyRequestsException"], IntervalSeconds: 0.2, MaxAttempts: 3, BackoffRate: 2 }], End: true } },
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn });
    // settle() waits for the back-off (it is work in progress, not a journey timer), so this returns once it is done.
    await clock.settle();
    expect(status(executionArn)).toBe("SUCCEEDED");
    expect(clock.now()).toBe(START);
    expect(throttledCalls).toHaveLength(3);
    expect(throttledCalls[1]! - throttledCalls[0]!).toBeGreaterThanOrEqual(199);
    expect(throttledCalls[2]! - throttledCalls[1]!).toBeGreaterThanOrEqual(399);
    const failed = history(executionArn).filter((e) => e.type === "LambdaFunctionFailed" || e.type === "TaskFailed");
    expect(failed.map((e) => e.error)).toEqual(["Lambda.TooManyRequestsException", "Lambda.TooManyRequestsException"]);
  });

  it("times out a callback task at its TimeoutSeconds in journey time, and an execution at its TimeoutSeconds", async () => {
    const arn = engine.registerStateMachine("callback", {
      StartAt: "Ask",
      States: {
        Ask: {
          Type: "Task",
          Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
          Parameters: { FunctionName: lambdaArn("handOff"), Payload: { "token.$": "$$.Task.Token" } },
          TimeoutSeconds: 86_400,
          Catch: [{ ErrorEquals: ["States.Timeout"], Next: "Later" }],
          Next: "Later",
        },
        Later: { Type: "Wait", Seconds: 30 * 86_400, End: true },
      },
      TimeoutSeconds: 7 * 86_400,
    });
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn });
    await clock.settle();
    await clock.advance("PT23H");
    expect(history(executionArn).some((e) => e.type === "TaskTimedOut")).toBe(false);
    await clock.advance("PT1H");
    const timedOut = history(executionArn).find((e) => e.type === "TaskTimedOut")!;
    expect(timedOut.timestamp.getTime()).toBe(START + 86_400_000);
    await clock.advance("P6D");
    expect(status(executionArn)).toBe("TIMED_OUT");
    expect(engine.describeExecution(executionArn).stopDate!.getTime()).toBe(START + 7 * 86_400_000);
  });

  it("runs nothing while the clock is paused, however long the wall waits", async () => {
    const arn = engine.registerStateMachine("short", { StartAt: "W", States: { W: { Type: "Wait", Seconds: 1, End: true } } });
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn });
    await new Promise((r) => setTimeout(r, 1500));
    expect(status(executionArn)).toBe("RUNNING");
    expect(clock.now()).toBe(START);
    await clock.advance(1000);
    expect(status(executionArn)).toBe("SUCCEEDED");
  });
});
