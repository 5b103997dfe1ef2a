// LocalScheduler: EventBridge Scheduler for local mode - one-time `at()` schedules whose target
// is a Step Functions state machine (starts an execution with Target.Input) or a Lambda function
// (invoked with Target.Input as its event). Schedules are durable (`<dataDir>/scheduler/`,
// same journal as the engine) and fire when journey time (the local clock, local/clock) reaches
// their time: each pending schedule is a timer on the clock, so advancing the clock fires it, and
// after a restart overdue ones fire on recover().
//
// Delivery is at-least-once, as on AWS: a schedule is marked fired only after its target call
// succeeded. Executions get a name derived from the schedule and its due time, so a re-delivery
// after a crash finds the execution it already started (idempotent StartExecution) instead of
// starting a second one.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "../event-bus.js";
import { invokeLocalLambda } from "../sfn/dispatcher.js";
import { Journal } from "../sfn/journal.js";
import { SfnApiError } from "../sfn/errors.js";
import { VirtualClock, type Cancel, type JourneyClock } from "../clock/virtual-clock.js";
import type { LocalLambda, LogFn } from "../sfn/types.js";
import { ScheduleExpressionError, formatScheduledTime, isValidTimeZone, parseAtExpression } from "./at-expression.js";

export class SchedulerApiError extends Error {
  constructor(
    readonly code: "ValidationException" | "ConflictException" | "ResourceNotFoundException" | "InternalServerException",
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = code;
  }
}

const validation = (message: string): SchedulerApiError => new SchedulerApiError("ValidationException", message, 400);
const notFound = (message: string): SchedulerApiError => new SchedulerApiError("ResourceNotFoundException", message, 404);

export interface ScheduleTarget {
  Arn: string;
  RoleArn: string;
  Input?: string;
  RetryPolicy?: { MaximumEventAgeInSeconds?: number; MaximumRetryAttempts?: number };
  DeadLetterConfig?: { Arn?: string };
  [other: string]: unknown;
}

/** CreateSchedule / UpdateSchedule request (REST body + the Name path parameter). Dates are epoch ms. */
export interface ScheduleInput {
  Name: string;
  GroupName?: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  FlexibleTimeWindow: { Mode: "OFF" | "FLEXIBLE"; MaximumWindowInMinutes?: number };
  Target: ScheduleTarget;
  State?: "ENABLED" | "DISABLED";
  ActionAfterCompletion?: "NONE" | "DELETE";
  Description?: string;
  StartDate?: number;
  EndDate?: number;
  KmsKeyArn?: string;
  ClientToken?: string;
}

/** GetSchedule view. Dates are epoch ms. */
export interface Schedule extends Required<Pick<ScheduleInput, "Name" | "GroupName" | "ScheduleExpression" | "FlexibleTimeWindow" | "Target" | "State" | "ActionAfterCompletion">> {
  Arn: string;
  ScheduleExpressionTimezone?: string;
  Description?: string;
  StartDate?: number;
  EndDate?: number;
  KmsKeyArn?: string;
  CreationDate: number;
  LastModificationDate: number;
}

export interface ScheduleSummary {
  Arn: string;
  Name: string;
  GroupName: string;
  State: "ENABLED" | "DISABLED";
  CreationDate: number;
  LastModificationDate: number;
  Target: { Arn: string };
}

interface Entry {
  schedule: Schedule;
  clientToken?: string;
  /** Journey instant the schedule names (at() + the flexible-window offset), epoch ms: when it fires. */
  scheduledAt: number;
  /** Kept for journals written before the local clock (it was the real due time); unused. */
  dueAt?: number;
  firedAt?: number;
  lastError?: string;
}

type Rec = { k: "put"; e: Entry } | { k: "del"; g: string; n: string } | { k: "fired"; g: string; n: string; t: number; err?: string };

/** The Step Functions side the scheduler needs (LocalStepFunctions satisfies it). */
export interface SchedulerStepFunctions {
  hasStateMachine(stateMachineArn: string): boolean;
  startExecution(params: { stateMachineArn: string; name?: string; input?: string }): Promise<{ executionArn: string }>;
  /** The engine's clock, which schedules share when no clock is given. */
  readonly clock?: JourneyClock;
  /** Lets that clock run if the engine owns it (it stands still until something runs). */
  runOwnClock?(): void;
}

export interface LocalSchedulerOptions {
  dataDir: string;
  /** Journey time; schedules are timers on it. The local stack passes its one clock (and the engine's). */
  clock?: JourneyClock;
  /** Without `clock`: the scale of a clock of the scheduler's own. Default 1. */
  timeScale?: number;
  region?: string;
  accountId?: string;
  /** The Step Functions engine state machine targets start executions on. */
  stepFunctions?: SchedulerStepFunctions;
  /** Alias of `stepFunctions`. */
  engine?: SchedulerStepFunctions;
  /** Lambda targets by function name, or a late-bound lookup (handlers may load after the scheduler). */
  lambdas?: Record<string, LocalLambda> | ((functionName: string) => LocalLambda | undefined);
  /** Schedule groups that exist besides "default" (e.g. those the CDK app creates). */
  scheduleGroups?: string[];
  log?: LogFn;
}

const NAME = /^[0-9a-zA-Z-_.]{1,64}$/;
const STATE_MACHINE_ARN = /^arn:aws:states:([^:]+):(\d{12}):stateMachine:([^:]+)$/;
const LAMBDA_ARN = /^arn:aws:lambda:([^:]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/;

export class LocalScheduler {
  readonly timeScale: number;
  readonly clock: JourneyClock;
  readonly region: string;
  /** Targets being called right now (whenIdle waits for them). */
  private readonly firing = new Set<Promise<void>>();
  readonly accountId: string;
  private readonly entries = new Map<string, Entry>();
  private readonly timers = new Map<string, Cancel>();
  private readonly groups: Set<string>;
  private readonly journal: Journal<Rec>;
  private readonly log: LogFn;
  private readonly stepFunctions: SchedulerStepFunctions | undefined;
  private armed = false;
  private closed = false;

  constructor(private readonly options: LocalSchedulerOptions) {
    this.timeScale = options.timeScale ?? 1;
    if (!(this.timeScale > 0)) throw new Error("timeScale must be a positive number");
    this.clock = options.clock ?? options.stepFunctions?.clock ?? options.engine?.clock ?? new VirtualClock({ file: join(options.dataDir, "clock.json"), scale: this.timeScale });
    this.region = options.region ?? LOCAL_REGION;
    this.accountId = options.accountId ?? LOCAL_ACCOUNT;
    this.groups = new Set(["default", ...(options.scheduleGroups ?? [])]);
    this.log = options.log ?? (() => {});
    this.stepFunctions = options.stepFunctions ?? options.engine;
    const { journal, records } = Journal.open<Rec>(join(options.dataDir, "scheduler", "journal.ndjson"), (recs) => {
      // Replay, then keep one `put` per live schedule: the whole state in as many lines.
      const live = new Map<string, Entry>();
      for (const rec of recs) applyRecord(live, rec);
      const compacted: Rec[] = [...live.values()].map((e) => ({ k: "put", e }));
      return compacted.length === recs.length && recs.every((r) => r.k === "put") ? recs : compacted;
    });
    this.journal = journal;
    for (const rec of records) applyRecord(this.entries, rec);
  }

  scheduleArn(group: string, name: string): string {
    return `arn:aws:scheduler:${this.region}:${this.accountId}:schedule/${group}/${name}`;
  }

  createSchedule(input: ScheduleInput): { ScheduleArn: string } {
    this.assertOpen();
    const group = this.group(input.GroupName);
    const existing = this.entries.get(key(group, input.Name));
    if (existing) {
      // A retried request (same idempotency token) gets the original answer.
      if (input.ClientToken && existing.clientToken === input.ClientToken) return { ScheduleArn: existing.schedule.Arn };
      throw new SchedulerApiError("ConflictException", `Schedule ${input.Name} already exists.`, 409);
    }
    const now = this.clock.now();
    const entry = this.buildEntry(input, group, now, now);
    this.write({ k: "put", e: entry });
    this.arm(entry);
    return { ScheduleArn: entry.schedule.Arn };
  }

  updateSchedule(input: ScheduleInput): { ScheduleArn: string } {
    this.assertOpen();
    const group = this.group(input.GroupName);
    const existing = this.entries.get(key(group, input.Name));
    if (!existing) throw notFound(`Schedule ${input.Name} does not exist.`);
    const entry = this.buildEntry(input, group, existing.schedule.CreationDate, this.clock.now());
    this.write({ k: "put", e: entry });
    this.arm(entry);
    return { ScheduleArn: entry.schedule.Arn };
  }

  getSchedule(name: string, groupName?: string): Schedule {
    const group = this.group(groupName);
    const entry = this.entries.get(key(group, name));
    if (!entry) throw notFound(`Schedule ${name} does not exist.`);
    return structuredClone(entry.schedule);
  }

  deleteSchedule(name: string, groupName?: string): void {
    this.assertOpen();
    const group = this.group(groupName);
    if (!this.entries.has(key(group, name))) throw notFound(`Schedule ${name} does not exist.`);
    this.write({ k: "del", g: group, n: name });
    this.disarm(key(group, name));
  }

  listSchedules(filter: { groupName?: string; namePrefix?: string; state?: string } = {}): ScheduleSummary[] {
    return [...this.entries.values()]
      .map((e) => e.schedule)
      .filter((s) => (filter.groupName === undefined || s.GroupName === filter.groupName) && (!filter.namePrefix || s.Name.startsWith(filter.namePrefix)) && (!filter.state || s.State === filter.state))
      .sort((a, b) => (a.GroupName + "/" + a.Name).localeCompare(b.GroupName + "/" + b.Name))
      .map((s) => ({ Arn: s.Arn, Name: s.Name, GroupName: s.GroupName, State: s.State, CreationDate: s.CreationDate, LastModificationDate: s.LastModificationDate, Target: { Arn: s.Target.Arn } }));
  }

  /**
   * The test clock for schedules: fires a pending schedule now, as if its time had come (months
   * pass in a test without sleeping). Resolves once its target was called.
   */
  async fireNow(name: string, groupName?: string): Promise<void> {
    this.assertOpen();
    const k = key(this.group(groupName), name);
    const entry = this.entries.get(k);
    if (!entry) throw notFound(`Schedule ${name} does not exist.`);
    if (entry.firedAt !== undefined) return;
    this.disarm(k);
    await this.fire(k, entry, 1);
  }

  /** Resolves when no schedule's target is being called (the clock's settle waits for it). */
  async whenIdle(): Promise<void> {
    while (this.firing.size > 0) await Promise.allSettled([...this.firing]);
  }

  /** Arms every pending schedule; overdue ones fire now. Call after the engine has recovered. */
  async recover(): Promise<void> {
    this.assertOpen();
    if (this.clock === this.stepFunctions?.clock) this.stepFunctions.runOwnClock?.();
    this.armed = true;
    for (const entry of this.entries.values()) this.arm(entry);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    this.journal.close();
  }

  // --- internals ----------------------------------------------------------------------------

  private assertOpen(): void {
    if (this.closed) throw new Error("LocalScheduler is closed");
  }

  private lambda(name: string): LocalLambda | undefined {
    const lambdas = this.options.lambdas;
    if (typeof lambdas === "function") return lambdas(name);
    return lambdas && Object.prototype.hasOwnProperty.call(lambdas, name) ? lambdas[name] : undefined;
  }

  private group(groupName: string | undefined): string {
    const group = groupName ?? "default";
    if (!this.groups.has(group)) throw notFound(`Schedule group ${group} does not exist.`);
    return group;
  }

  private write(rec: Rec): void {
    this.journal.append(rec);
    this.journal.flush();
    applyRecord(this.entries, rec);
  }

  private buildEntry(input: ScheduleInput, group: string, created: number, now: number): Entry {
    if (typeof input.Name !== "string" || !NAME.test(input.Name)) throw validation(`Invalid schedule name '${String(input.Name)}'.`);
    if (typeof input.ScheduleExpression !== "string") throw validation("ScheduleExpression is required.");
    const timeZone = input.ScheduleExpressionTimezone ?? "UTC";
    if (!isValidTimeZone(timeZone)) throw validation(`Invalid ScheduleExpressionTimezone '${timeZone}'.`);
    let at: number;
    try {
      at = parseAtExpression(input.ScheduleExpression, timeZone);
    } catch (err) {
      if (err instanceof ScheduleExpressionError) throw validation(err.message);
      throw err;
    }
    const window = input.FlexibleTimeWindow;
    if (!window || (window.Mode !== "OFF" && window.Mode !== "FLEXIBLE")) throw validation("FlexibleTimeWindow.Mode must be OFF or FLEXIBLE.");
    if (window.Mode === "FLEXIBLE") {
      const m = window.MaximumWindowInMinutes;
      if (typeof m !== "number" || !Number.isInteger(m) || m < 1 || m > 1440) throw validation("MaximumWindowInMinutes must be between 1 and 1440 when Mode is FLEXIBLE.");
    } else if (window.MaximumWindowInMinutes !== undefined) {
      throw validation("MaximumWindowInMinutes must not be set when Mode is OFF.");
    }
    this.validateTarget(input.Target);
    const state = input.State ?? "ENABLED";
    if (state !== "ENABLED" && state !== "DISABLED") throw validation("State must be ENABLED or DISABLED.");
    const after = input.ActionAfterCompletion ?? "NONE";
    if (after !== "NONE" && after !== "DELETE") throw validation("ActionAfterCompletion must be NONE or DELETE.");

    // FLEXIBLE: AWS invokes at some point within the window after the scheduled time; pick it now and persist it.
    const flexMs = window.Mode === "FLEXIBLE" ? Math.floor(Math.random() * (window.MaximumWindowInMinutes ?? 0) * 60_000) : 0;
    const scheduledAt = at + flexMs;
    const schedule: Schedule = {
      Arn: this.scheduleArn(group, input.Name),
      Name: input.Name,
      GroupName: group,
      ScheduleExpression: input.ScheduleExpression,
      ...(input.ScheduleExpressionTimezone !== undefined ? { ScheduleExpressionTimezone: input.ScheduleExpressionTimezone } : {}),
      FlexibleTimeWindow: { ...window },
      Target: structuredClone(input.Target),
      State: state,
      ActionAfterCompletion: after,
      ...(input.Description !== undefined ? { Description: input.Description } : {}),
      ...(input.StartDate !== undefined ? { StartDate: input.StartDate } : {}),
      ...(input.EndDate !== undefined ? { EndDate: input.EndDate } : {}),
      ...(input.KmsKeyArn !== undefined ? { KmsKeyArn: input.KmsKeyArn } : {}),
      CreationDate: created,
      LastModificationDate: now,
    };
    return {
      schedule,
      ...(input.ClientToken ? { clientToken: input.ClientToken } : {}),
      scheduledAt,
    };
  }

  /** Only targets that exist locally are accepted: an unknown resource is an error, not a call. */
  private validateTarget(target: ScheduleTarget | undefined): void {
    if (!target || typeof target.Arn !== "string") throw validation("Target.Arn is required.");
    if (typeof target.RoleArn !== "string" || !target.RoleArn) throw validation("Target.RoleArn is required.");
    const sm = STATE_MACHINE_ARN.exec(target.Arn);
    if (sm) {
      if (!this.stepFunctions?.hasStateMachine(target.Arn)) throw validation(`Invalid target ${target.Arn}: no such state machine is registered in local mode.`);
      this.validateInput(target);
      return;
    }
    const fn = LAMBDA_ARN.exec(target.Arn);
    if (fn) {
      const known = fn[1] === this.region && fn[2] === this.accountId && this.lambda(fn[3] ?? "") !== undefined;
      if (!known) throw validation(`Invalid target ${target.Arn}: no such Lambda function exists in local mode.`);
      return;
    }
    throw validation(
      `Invalid target ${target.Arn}: the local Scheduler supports Step Functions state machine and Lambda function targets only (an unknown resource is an error, not a call).`,
    );
  }

  private validateInput(target: ScheduleTarget): void {
    if (target.Input === undefined) return;
    const probe = substituteContext(target.Input, { arn: "", scheduledTime: "", executionId: "", attempt: 1 });
    try {
      JSON.parse(probe);
    } catch {
      throw validation("Target.Input must be valid JSON for a Step Functions target.");
    }
  }

  private arm(entry: Entry): void {
    const k = key(entry.schedule.GroupName, entry.schedule.Name);
    this.disarm(k);
    if (!this.armed || this.closed || entry.firedAt !== undefined || entry.schedule.State !== "ENABLED") return;
    this.timers.set(
      k,
      this.clock.setTimer(entry.scheduledAt, `schedule ${k}`, () => {
        this.timers.delete(k);
        void this.fire(k, entry, 1);
      }),
    );
  }

  private disarm(k: string): void {
    this.timers.get(k)?.();
    this.timers.delete(k);
  }

  private fire(k: string, entry: Entry, attempt: number): Promise<void> {
    const firing = this.callTarget(k, entry, attempt);
    this.firing.add(firing);
    return firing.finally(() => this.firing.delete(firing));
  }

  private async callTarget(k: string, entry: Entry, attempt: number): Promise<void> {
    if (this.closed || this.entries.get(k) !== entry) return; // updated or deleted meanwhile
    const s = entry.schedule;
    const executionId = createHash("sha256").update(`${s.Arn}|${entry.scheduledAt}|${entry.schedule.LastModificationDate}`).digest("hex").slice(0, 32);
    const context = { arn: s.Arn, scheduledTime: formatScheduledTime(entry.scheduledAt), executionId, attempt };
    const input = s.Target.Input === undefined ? undefined : substituteContext(s.Target.Input, context);
    try {
      if (STATE_MACHINE_ARN.test(s.Target.Arn)) {
        const sfn = this.stepFunctions;
        if (!sfn) throw new Error("no Step Functions engine is attached to the local Scheduler");
        try {
          await sfn.startExecution({ stateMachineArn: s.Target.Arn, name: executionId, ...(input !== undefined ? { input } : {}) });
        } catch (err) {
          // Already started by an earlier delivery of this same firing (at-least-once + crash).
          if (!(err instanceof SfnApiError && err.code === "ExecutionAlreadyExists")) throw err;
        }
      } else {
        const fn = LAMBDA_ARN.exec(s.Target.Arn);
        const handler = fn ? this.lambda(fn[3] ?? "") : undefined;
        if (!fn || !handler) throw new Error(`Lambda function ${s.Target.Arn} is not available locally`);
        let payload: unknown = input ?? {};
        try {
          payload = input === undefined ? {} : JSON.parse(input);
        } catch {
          payload = input;
        }
        try {
          await invokeLocalLambda(handler, fn[3] ?? "", s.Target.Arn, payload, 900_000);
        } catch (err) {
          // Scheduler invokes Lambda asynchronously: a function error is the function's business, not a failed delivery.
          this.log("scheduler: Lambda target returned an error", { schedule: s.Arn, error: (err as Error).name, cause: (err as Error).message });
        }
      }
    } catch (err) {
      this.retryOrGiveUp(k, entry, attempt, err as Error);
      return;
    }
    if (this.closed || this.entries.get(k) !== entry) return;
    this.write({ k: "fired", g: s.GroupName, n: s.Name, t: this.clock.now() });
    if (s.ActionAfterCompletion === "DELETE") this.write({ k: "del", g: s.GroupName, n: s.Name });
  }

  /** Target.RetryPolicy (defaults 185 attempts / 24 h), with exponential back-off in journey time. */
  private retryOrGiveUp(k: string, entry: Entry, attempt: number, err: Error): void {
    if (this.closed || this.entries.get(k) !== entry) return;
    const policy = entry.schedule.Target.RetryPolicy ?? {};
    const maxAttempts = (policy.MaximumRetryAttempts ?? 185) + 1;
    const maxAgeMs = (policy.MaximumEventAgeInSeconds ?? 86_400) * 1000;
    const delayMs = Math.min(60_000 * 5, 1000 * 2 ** (attempt - 1));
    const now = this.clock.now();
    const ageMs = now - entry.scheduledAt;
    this.log("scheduler: target invocation failed", { schedule: entry.schedule.Arn, attempt, error: err.message });
    if (attempt >= maxAttempts || ageMs + delayMs > maxAgeMs) {
      this.log("scheduler: giving up on schedule (no dead-letter queue locally)", { schedule: entry.schedule.Arn });
      this.write({ k: "fired", g: entry.schedule.GroupName, n: entry.schedule.Name, t: now, err: err.message });
      return;
    }
    this.timers.set(
      k,
      this.clock.setTimer(now + delayMs, `schedule ${k} (retry ${attempt})`, () => {
        this.timers.delete(k);
        void this.fire(k, entry, attempt + 1);
      }),
    );
  }
}

function key(group: string, name: string): string {
  return `${group}/${name}`;
}

function applyRecord(entries: Map<string, Entry>, rec: Rec): void {
  switch (rec.k) {
    case "put":
      entries.set(key(rec.e.schedule.GroupName, rec.e.schedule.Name), rec.e);
      break;
    case "del":
      entries.delete(key(rec.g, rec.n));
      break;
    case "fired": {
      const e = entries.get(key(rec.g, rec.n));
      if (e) {
        e.firedAt = rec.t;
        if (rec.err !== undefined) e.lastError = rec.err;
      }
      break;
    }
  }
}

/** EventBridge Scheduler context attributes allowed in Target.Input. */
function substituteContext(input: string, c: { arn: string; scheduledTime: string; executionId: string; attempt: number }): string {
  return input
    .split("<aws.scheduler.schedule-arn>")
    .join(c.arn)
    .split("<aws.scheduler.scheduled-time>")
    .join(c.scheduledTime)
    .split("<aws.scheduler.execution-id>")
    .join(c.executionId)
    .split("<aws.scheduler.attempt-number>")
    .join(String(c.attempt));
}
