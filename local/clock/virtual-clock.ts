// VirtualClock: the one clock of the local stack. Journey time flows at `scale` journey seconds per
// wall second (HIREPATH_TIME_SCALE), can be paused, advanced, set forward and skipped, and is
// persisted in <dataDir>/clock.json so it continues after kill -9 from where it was, not from the
// wall. The engine's waits, task timeouts and heartbeats, the execution timeouts and the
// Scheduler's schedules are timers on this clock (`setTimer`); `Date` reads it through
// virtual-date.ts.
//
// Advancing fires due timers one instant at a time, in order, with time frozen at that instant,
// and waits for the stack to settle (every execution parked on its next wait, every emulator
// event delivered, every HTTP request answered) before the next instant: as if the time had passed.
//
// Time-skipping (skip: true), like the time-skipping test servers of durable-execution systems:
// whenever the stack has settled and timers are pending, the clock jumps to the earliest one.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { performance } from "node:perf_hooks";
import { addDuration, parseDuration } from "./duration.js";
import { wallNow } from "./virtual-date.js";
import { SharedClockState } from "./shared-clock.js";

export type Cancel = () => void;

/** What the engine and the Scheduler need of a clock: journey now, and timers in journey time. */
export interface JourneyClock {
  /** Journey time, epoch ms. */
  now(): number;
  /** Runs `fire` once journey time reaches `at` (epoch ms). `what` names it in GET /local/clock. */
  setTimer(at: number, what: string, fire: () => void): Cancel;
  /** Journey seconds per wall second right now (0 while paused): how long `at` is in real time, roughly. */
  readonly rate: number;
}

export interface ClockState {
  now: string;
  nowMs: number;
  scale: number;
  paused: boolean;
  skip: boolean;
  /** The earliest pending timer. */
  next: { what: string; at: string; atMs: number; inMs: number } | null;
  pendingTimers: number;
}

export interface VirtualClockOptions {
  /** Where journey time is kept across restarts (<dataDir>/clock.json). Without it the clock lives in memory. */
  file?: string;
  /** Journey time to start at when there is no file yet. Default: the wall. */
  start?: number;
  /** Journey seconds per wall second. Default 1. */
  scale?: number;
  paused?: boolean;
  skip?: boolean;
  /** Wall ms between saves while time flows (timer fires and steering save at once). Default 250. */
  saveEveryMs?: number;
  log?: (line: string) => void;
}

/** A request to move the clock backwards (HTTP 409). */
export class ClockBackwardsError extends Error {
  constructor(
    readonly nowMs: number,
    readonly requestedMs: number,
  ) {
    super(`journey time is ${new Date(nowMs).toISOString()}; it cannot move back to ${new Date(requestedMs).toISOString()}`);
    this.name = "ClockBackwardsError";
  }
}

interface Timer {
  seq: number;
  at: number;
  what: string;
  fire: () => void;
}

/** Node's setTimeout fires at once for delays above 2^31-1 ms; longer ones are re-armed. */
const MAX_TIMER_MS = 2_147_483_647;
/** Bounds one settle: a stack that never goes quiet (a polling loop) must not hang an advance. */
const MAX_SETTLE_ROUNDS = 10_000;

interface SavedClock {
  nowMs: number;
}

export class VirtualClock implements JourneyClock {
  private anchorJourney: number;
  private anchorWall: number;
  private scaleValue: number;
  private pausedValue: boolean;
  private skipValue: boolean;
  /** True while advance() moves time: real-time firing stops and time stands at the instant being fired. */
  private frozen = false;
  /** Published for other threads (Lambda environments), once one asks for it. */
  private shared: SharedClockState | undefined;
  private readonly timers = new Map<number, Timer>();
  private seq = 0;
  private realTimer: NodeJS.Timeout | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private readonly settlers: Array<() => Promise<void>> = [];
  private readonly inflight = new Set<Promise<unknown>>();
  /** Bumped by every timer set, cancelled or fired and every tracked request: settle() repeats until it stands still. */
  private activity = 0;
  private activityWaiters: Array<() => void> = [];
  /** advance/to/skip run one at a time. */
  private steering: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly log: (line: string) => void;

  constructor(private readonly options: VirtualClockOptions = {}) {
    const saved = options.file ? readSaved(options.file) : undefined;
    this.anchorJourney = saved?.nowMs ?? options.start ?? wallNow();
    this.anchorWall = performance.now();
    this.scaleValue = options.scale ?? 1;
    if (!(this.scaleValue > 0)) throw new Error("scale must be a positive number");
    this.pausedValue = options.paused ?? false;
    this.skipValue = options.skip ?? false;
    this.log = options.log ?? (() => undefined);
    this.save();
    if (options.file) {
      this.saveTimer = setInterval(() => this.save(), options.saveEveryMs ?? 250);
      this.saveTimer.unref();
    }
    if (this.skipValue) void this.skipLoop();
  }

  // --- reading ------------------------------------------------------------------------------

  now(): number {
    if (this.pausedValue || this.frozen) return this.anchorJourney;
    return Math.floor(this.anchorJourney + (performance.now() - this.anchorWall) * this.scaleValue);
  }

  get scale(): number {
    return this.scaleValue;
  }

  get paused(): boolean {
    return this.pausedValue;
  }

  get skip(): boolean {
    return this.skipValue;
  }

  get rate(): number {
    return this.pausedValue ? 0 : this.scaleValue;
  }

  state(): ClockState {
    const now = this.now();
    const next = this.nextTimer();
    return {
      now: new Date(now).toISOString(),
      nowMs: now,
      scale: this.scaleValue,
      paused: this.pausedValue,
      skip: this.skipValue,
      next: next ? { what: next.what, at: new Date(next.at).toISOString(), atMs: next.at, inMs: Math.max(0, next.at - now) } : null,
      pendingTimers: this.timers.size,
    };
  }

  // --- timers -------------------------------------------------------------------------------

  setTimer(at: number, what: string, fire: () => void): Cancel {
    const timer: Timer = { seq: ++this.seq, at, what, fire };
    this.timers.set(timer.seq, timer);
    this.bump();
    this.arm();
    return () => {
      if (this.timers.delete(timer.seq)) {
        this.bump();
        this.arm();
      }
    };
  }

  private nextTimer(): Timer | undefined {
    let next: Timer | undefined;
    for (const t of this.timers.values()) if (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq)) next = t;
    return next;
  }

  /** One real timeout for the earliest timer, at the current scale. */
  private arm(): void {
    this.publish();
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
    if (this.closed || this.frozen || this.pausedValue) return;
    const next = this.nextTimer();
    if (!next) return;
    const wallMs = Math.max(0, (next.at - this.now()) / this.scaleValue);
    this.realTimer = setTimeout(() => {
      this.realTimer = undefined;
      this.fireDue(this.now());
      this.arm();
    }, Math.min(Math.ceil(wallMs), MAX_TIMER_MS));
  }

  /** Fires every timer due at `now`, earliest first. */
  private fireDue(now: number): number {
    const due = [...this.timers.values()].filter((t) => t.at <= now).sort((a, b) => a.at - b.at || a.seq - b.seq);
    if (due.length === 0) return 0;
    this.save();
    for (const t of due) {
      if (!this.timers.delete(t.seq)) continue; // cancelled by an earlier one
      try {
        t.fire();
      } catch (error) {
        this.log(`clock: timer "${t.what}" failed: ${(error as Error).message}`);
      }
    }
    this.bump();
    return due.length;
  }

  // --- quiescence ---------------------------------------------------------------------------

  /** A check that resolves when a part of the stack has nothing runnable (engine idle, emulators drained). */
  addSettler(settled: () => Promise<void>): void {
    this.settlers.push(settled);
  }

  /** Work from outside (an HTTP request) that the clock waits for before it moves on. */
  track<T>(work: Promise<T>): Promise<T> {
    this.inflight.add(work);
    this.bump();
    const done = () => {
      this.inflight.delete(work);
      this.bump();
    };
    work.then(done, done);
    return work;
  }

  /** Resolves once nothing in the stack is runnable and nothing changed while checking. */
  async settle(): Promise<void> {
    for (let round = 0; round < MAX_SETTLE_ROUNDS && !this.closed; round++) {
      const before = this.activity;
      await Promise.all(this.settlers.map((s) => s()));
      if (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
      await new Promise((resolve) => setImmediate(resolve));
      if (this.activity === before && this.inflight.size === 0) return;
    }
  }

  private bump(): void {
    this.activity++;
    if (this.activityWaiters.length === 0) return;
    const waiters = this.activityWaiters;
    this.activityWaiters = [];
    for (const w of waiters) w();
  }

  private nextActivity(): Promise<void> {
    return new Promise((resolve) => this.activityWaiters.push(resolve));
  }

  // --- steering -----------------------------------------------------------------------------

  /**
   * Moves journey time forward by `by` (milliseconds, or an ISO 8601 duration: "PT1H", "P6M"),
   * firing everything that falls due on the way; resolves once all of it has run to its next wait.
   * A test reads like a story: `await stack.clock.advance("PT1H")`, then expect the SMS.
   */
  advance(by: number | string): Promise<ClockState> {
    if (typeof by === "string") {
      const duration = parseDuration(by);
      if (!duration) return Promise.reject(new RangeError(`"${by}" is not an ISO 8601 duration`));
      return this.steer(() => this.moveTo(addDuration(this.now(), duration)));
    }
    if (!(by >= 0)) return Promise.reject(new ClockBackwardsError(this.now(), this.now() + by));
    return this.steer(() => this.moveTo(this.now() + by));
  }

  /** Moves journey time forward to `at` (epoch ms). Earlier than now is refused. */
  advanceTo(at: number): Promise<ClockState> {
    return this.steer(() => this.moveTo(at));
  }

  /** Jumps to the next pending timer and fires it (and whatever else is due at that instant). */
  skipToNext(): Promise<ClockState> {
    return this.steer(async () => {
      await this.settle();
      const next = this.nextTimer();
      await this.moveTo(next ? Math.max(next.at, this.now()) : this.now());
    });
  }

  setScale(scale: number): ClockState {
    if (!(scale > 0)) throw new RangeError("scale must be a positive number");
    this.reanchor();
    this.scaleValue = scale;
    this.arm();
    return this.state();
  }

  setPaused(paused: boolean): ClockState {
    this.reanchor();
    this.pausedValue = paused;
    this.save();
    this.arm();
    return this.state();
  }

  setSkip(skip: boolean): ClockState {
    const was = this.skipValue;
    this.skipValue = skip;
    if (skip && !was) void this.skipLoop();
    this.bump();
    return this.state();
  }

  private steer(move: () => Promise<void>): Promise<ClockState> {
    const run = this.steering.then(move, move).then(() => this.state());
    this.steering = run.catch(() => undefined);
    return run;
  }

  private async moveTo(target: number): Promise<void> {
    const start = this.now();
    if (target < start) throw new ClockBackwardsError(start, target);
    this.reanchor();
    this.frozen = true;
    this.arm();
    try {
      for (;;) {
        await this.settle();
        if (this.closed) return;
        const next = this.nextTimer();
        if (next && next.at <= target) {
          this.anchorJourney = Math.max(this.anchorJourney, next.at);
          this.publish();
          this.fireDue(this.anchorJourney);
          continue;
        }
        if (this.anchorJourney >= target) return;
        this.anchorJourney = target;
        this.save();
      }
    } finally {
      this.anchorWall = performance.now();
      this.frozen = false;
      this.save();
      this.arm();
    }
  }

  /** Time-skipping: whenever the stack has settled with timers pending, jump to the earliest. */
  private async skipLoop(): Promise<void> {
    while (this.skipValue && !this.closed) {
      await this.steering;
      await this.settle();
      if (!this.skipValue || this.closed) return;
      const next = this.nextTimer();
      if (!next || this.inflight.size > 0) {
        await this.nextActivity();
        continue;
      }
      try {
        await this.steer(() => this.moveTo(Math.max(next.at, this.now())));
      } catch (error) {
        this.log(`clock: skip failed: ${(error as Error).message}`);
      }
    }
  }

  /** The clock in shared memory, kept current, for `Date` in other threads (see shared-clock.ts). */
  sharedState(): SharedArrayBuffer {
    if (!this.shared) {
      this.shared = new SharedClockState();
      this.publish();
    }
    return this.shared.buffer;
  }

  private publish(): void {
    const stopped = this.pausedValue || this.frozen;
    this.shared?.write(this.anchorJourney, performance.timeOrigin + this.anchorWall, stopped ? 0 : this.scaleValue);
  }

  private reanchor(): void {
    this.anchorJourney = this.now();
    this.anchorWall = performance.now();
  }

  // --- persistence --------------------------------------------------------------------------

  /** Journey time to the file, atomically (a kill -9 mid-write leaves the previous value). */
  private save(): void {
    this.publish();
    const file = this.options.file;
    if (!file || this.closed) return;
    const saved: SavedClock = { nowMs: this.now() };
    const tmp = `${file}.tmp`;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, JSON.stringify(saved));
    renameSync(tmp, file);
  }

  close(): void {
    if (this.closed) return;
    this.save();
    this.closed = true;
    if (this.realTimer) clearTimeout(this.realTimer);
    if (this.saveTimer) clearInterval(this.saveTimer);
    this.timers.clear();
    this.bump();
  }
}

function readSaved(file: string): SavedClock | undefined {
  try {
    const saved = JSON.parse(readFileSync(file, "utf8")) as Partial<SavedClock>;
    return typeof saved.nowMs === "number" && Number.isFinite(saved.nowMs) ? { nowMs: saved.nowMs } : undefined;
  } catch {
    return undefined;
  }
}
