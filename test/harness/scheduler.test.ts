import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from "@aws-sdk/client-scheduler";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseAtExpression } from "../../local/scheduler/at-expression.js";
import { createSchedulerEmulator } from "../../local/scheduler/scheduler-endpoint.js";
import { LocalScheduler } from "../../local/scheduler/scheduler.js";
import { createTaskDispatcher } from "../../local/sfn/dispatcher.js";
import { LocalStepFunctions } from "../../local/sfn/engine.js";
import { ACCOUNT, CREDENTIALS, REGION, lambdaArn, serveEmulators, tempDir, until } from "./helpers.js";

// 1000x: a schedule 300 s ahead fires after 300 ms.
const TIME_SCALE = 1000;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/scheduler`;

let dir: { dir: string; cleanup: () => void };
let engine: LocalStepFunctions;
let scheduler: LocalScheduler;
let server: { endpoint: string; close: () => Promise<void> };
let client: SchedulerClient;
let machineArn: string;
const reminders: unknown[] = [];

/** `at(...)` for an instant, as wall-clock time in `timeZone`. */
function atExpression(t: number, timeZone = "UTC"): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(new Date(t))
      .map((p) => [p.type, p.value]),
  );
  return `at(${parts["year"]}-${parts["month"]}-${parts["day"]}T${parts["hour"]}:${parts["minute"]}:${parts["second"]})`;
}

function newScheduler(): LocalScheduler {
  return new LocalScheduler({
    dataDir: dir.dir,
    timeScale: TIME_SCALE,
    region: REGION,
    accountId: ACCOUNT,
    stepFunctions: engine,
    lambdas: { remind: async (event) => void reminders.push(event) },
  });
}

beforeEach(async () => {
  dir = tempDir();
  reminders.length = 0;
  engine = new LocalStepFunctions({ dataDir: dir.dir, dispatcher: createTaskDispatcher({ region: REGION, accountId: ACCOUNT, lambdas: {} }), timeScale: TIME_SCALE });
  machineArn = engine.registerStateMachine("offer-reminder", { StartAt: "Remind", States: { Remind: { Type: "Pass", End: true } } });
  scheduler = newScheduler();
  await scheduler.recover();
  server = await serveEmulators(createSchedulerEmulator(scheduler));
  client = new SchedulerClient({ endpoint: server.endpoint, region: REGION, credentials: CREDENTIALS });
});

afterEach(async () => {
  client.destroy();
  await server.close();
  await scheduler.close();
  await engine.close();
  dir.cleanup();
});

/** Seconds from now in journey time (the engine's clock, which schedules share), rounded up to the next whole second the at() expression can name. */
function secondsAhead(seconds: number): number {
  return Math.ceil((engine.clock.now() + seconds * 1000) / 1000) * 1000;
}

function schedule(name: string, at: number, overrides: Partial<CreateScheduleCommandInput> = {}): CreateScheduleCommandInput {
  return {
    Name: name,
    ScheduleExpression: atExpression(at, "Europe/Paris"),
    ScheduleExpressionTimezone: "Europe/Paris",
    FlexibleTimeWindow: { Mode: "OFF" },
    Target: { Arn: machineArn, RoleArn: ROLE, Input: JSON.stringify({ candidate: "ada", scheduledFor: "<aws.scheduler.scheduled-time>" }) },
    ...overrides,
  };
}

const executions = (): ReturnType<LocalStepFunctions["listExecutions"]> => engine.listExecutions({ stateMachineArn: machineArn });

describe("EventBridge Scheduler through @aws-sdk/client-scheduler", () => {
  it("fires a one-time schedule at its time on the clock and starts an execution with Target.Input", async () => {
    const at = secondsAhead(300);
    const { ScheduleArn } = await client.send(new CreateScheduleCommand(schedule("offer-ada", at)));
    expect(ScheduleArn).toBe(`arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/default/offer-ada`);

    const got = await client.send(new GetScheduleCommand({ Name: "offer-ada" }));
    expect(got).toMatchObject({ Name: "offer-ada", GroupName: "default", State: "ENABLED", ScheduleExpressionTimezone: "Europe/Paris", ActionAfterCompletion: "NONE" });
    expect(got.CreationDate).toBeInstanceOf(Date);
    expect(got.Target).toMatchObject({ Arn: machineArn, RoleArn: ROLE });

    const [execution] = await until(() => (executions().length ? executions() : undefined), 5000, "the schedule to fire");
    const firedAt = engine.describeExecution(execution!.executionArn).startDate.getTime();
    expect(firedAt).toBeGreaterThanOrEqual(at);
    expect(firedAt - at).toBeLessThan(2000 * TIME_SCALE);
    const input = JSON.parse(engine.describeExecution(execution!.executionArn).input) as { candidate: string; scheduledFor: string };
    expect(input.candidate).toBe("ada");
    expect(input.scheduledFor).toBe(new Date(at).toISOString().replace(".000Z", "Z"));
    // ActionAfterCompletion NONE: the schedule stays.
    expect((await client.send(new GetScheduleCommand({ Name: "offer-ada" }))).Name).toBe("offer-ada");
  });

  it("deletes the schedule after it fires when ActionAfterCompletion is DELETE", async () => {
    await client.send(new CreateScheduleCommand(schedule("offer-once", secondsAhead(100), { ActionAfterCompletion: "DELETE" })));
    await until(() => executions().length === 1, 5000, "the schedule to fire");
    await until(async () => (await client.send(new GetScheduleCommand({ Name: "offer-once" })).then(() => false, (e: Error) => e.name === "ResourceNotFoundException")), 2000, "deletion");
  });

  it("invokes a Lambda target with Target.Input as the event", async () => {
    await client.send(
      new CreateScheduleCommand(schedule("remind-lambda", secondsAhead(50), { Target: { Arn: lambdaArn("remind"), RoleArn: ROLE, Input: '{"remind":"grace"}' } })),
    );
    await until(() => reminders.length === 1, 5000, "the Lambda target");
    expect(reminders[0]).toEqual({ remind: "grace" });
  });

  it("survives a restart: a pending schedule keeps its due time and an overdue one fires on recover()", async () => {
    const pendingAt = secondsAhead(800);
    await client.send(new CreateScheduleCommand(schedule("overdue", secondsAhead(200))));
    await client.send(new CreateScheduleCommand(schedule("pending", pendingAt)));
    await scheduler.close(); // "crash" before either fires
    await new Promise((r) => setTimeout(r, 400));
    expect(executions()).toHaveLength(0);

    scheduler = newScheduler();
    expect(scheduler.getSchedule("pending").Name).toBe("pending");
    await scheduler.recover();
    await until(() => executions().length === 1, 1000, "the overdue schedule to fire on recover()");
    await until(() => executions().length === 2, 3000, "the pending schedule");
    const pending = executions().find((e) => JSON.parse(engine.describeExecution(e.executionArn).input).scheduledFor === new Date(pendingAt).toISOString().replace(".000Z", "Z"))!;
    expect(pending.startDate.getTime()).toBeGreaterThanOrEqual(pendingAt);
    expect(pending.startDate.getTime() - pendingAt).toBeLessThan(500 * TIME_SCALE);
  });

  it("rejects targets that do not exist locally, recurring expressions and bad input with ValidationException", async () => {
    const reject = (input: CreateScheduleCommandInput): Promise<string> => client.send(new CreateScheduleCommand(input)).then(() => "created", (e: Error) => `${e.name}: ${e.message}`);
    const at = secondsAhead(3600);
    expect(await reject(schedule("sqs", at, { Target: { Arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:queue`, RoleArn: ROLE } }))).toMatch(/^ValidationException: .*unknown resource is an error, not a call/);
    expect(await reject(schedule("ghost-sm", at, { Target: { Arn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:ghost`, RoleArn: ROLE } }))).toMatch(/^ValidationException: .*no such state machine/);
    expect(await reject(schedule("ghost-fn", at, { Target: { Arn: lambdaArn("ghost"), RoleArn: ROLE } }))).toMatch(/^ValidationException: .*no such Lambda/);
    expect(await reject(schedule("rate", at, { ScheduleExpression: "rate(5 minutes)" }))).toMatch(/^ValidationException: .*one-time at\(/);
    expect(await reject(schedule("tz", at, { ScheduleExpressionTimezone: "Mars/Olympus" }))).toMatch(/^ValidationException/);
    expect(await reject(schedule("flex", at, { FlexibleTimeWindow: { Mode: "FLEXIBLE" } }))).toMatch(/^ValidationException: .*MaximumWindowInMinutes/);
    expect(await reject(schedule("other-group", at, { GroupName: "missing" }))).toMatch(/^ResourceNotFoundException/);
    expect(await client.send(new ListSchedulesCommand({}))).toMatchObject({ Schedules: [] });
  });

  it("answers conflicts, updates, deletes and lists like AWS", async () => {
    const at = secondsAhead(3600);
    await client.send(new CreateScheduleCommand(schedule("dup", at)));
    await expect(client.send(new CreateScheduleCommand(schedule("dup", at)))).rejects.toMatchObject({ name: "ConflictException" });
    await client.send(new UpdateScheduleCommand({ ...schedule("dup", at), State: "DISABLED" }));
    expect((await client.send(new GetScheduleCommand({ Name: "dup" }))).State).toBe("DISABLED");
    await expect(client.send(new UpdateScheduleCommand(schedule("nope", at)))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    const listed = await client.send(new ListSchedulesCommand({ NamePrefix: "du" }));
    expect(listed.Schedules!.map((s) => [s.Name, s.State, s.Target?.Arn])).toEqual([["dup", "DISABLED", machineArn]]);
    await client.send(new DeleteScheduleCommand({ Name: "dup" }));
    await expect(client.send(new DeleteScheduleCommand({ Name: "dup" }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(client.send(new GetScheduleCommand({ Name: "dup" }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});

describe("at() expressions", () => {
  it("convert wall-clock time in ScheduleExpressionTimezone to an instant, across DST", () => {
    expect(new Date(parseAtExpression("at(2025-07-01T09:00:00)", "Europe/Paris")).toISOString()).toBe("2025-07-01T07:00:00.000Z");
    expect(new Date(parseAtExpression("at(2025-01-15T09:00:00)", "Europe/Paris")).toISOString()).toBe("2025-01-15T08:00:00.000Z");
    expect(new Date(parseAtExpression("at(2025-01-15T09:00:00)", "America/New_York")).toISOString()).toBe("2025-01-15T14:00:00.000Z");
    expect(new Date(parseAtExpression("at(2025-11-02T12:00:00)")).toISOString()).toBe("2025-11-02T12:00:00.000Z");
    expect(() => parseAtExpression("at(2025-02-30T09:00:00)")).toThrow(/Invalid Schedule Expression/);
  });
});
