// The local clock on its own: journey time, timers in order, advancing, skipping, persistence,
// the process-wide Date, and the duration grammar of POST /local/clock.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ClockBackwardsError, VirtualClock, addDuration, applyClockCommand, installVirtualDate, parseDuration, wallNow } from "../../local/clock/index.js";
import { wallClock } from "../../lambdas/core/shared/ports.js";

const T0 = Date.parse("2026-03-01T00:00:00Z");
const HOUR = 3600_000;
const clocks: VirtualClock[] = [];
const dirs: string[] = [];

function pausedClock(extra: ConstructorParameters<typeof VirtualClock>[0] = {}): VirtualClock {
  const clock = new VirtualClock({ start: T0, paused: true, ...extra });
  clocks.push(clock);
  return clock;
}

afterEach(() => {
  for (const c of clocks.splice(0)) c.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("VirtualClock", () => {
  it("fires timers in journey order as time is advanced, and stops at the target", async () => {
    const clock = pausedClock();
    const fired: Array<[string, number]> = [];
    clock.setTimer(T0 + 2 * HOUR, "second", () => fired.push(["second", clock.now()]));
    clock.setTimer(T0 + HOUR, "first", () => fired.push(["first", clock.now()]));
    clock.setTimer(T0 + 5 * HOUR, "later", () => fired.push(["later", clock.now()]));

    const state = await clock.advance(3 * HOUR);

    expect(fired).toEqual([
      ["first", T0 + HOUR],
      ["second", T0 + 2 * HOUR],
    ]);
    expect(state.nowMs).toBe(T0 + 3 * HOUR);
    expect(state.next).toMatchObject({ what: "later", atMs: T0 + 5 * HOUR, inMs: 2 * HOUR });
  });

  it("fires timers that fall due while it advances, set by the timers it fires (a reminder chain)", async () => {
    const clock = pausedClock();
    const sent: number[] = [];
    const remind = () => {
      sent.push(clock.now());
      if (sent.length < 3) clock.setTimer(clock.now() + 24 * HOUR, "next reminder", remind);
    };
    clock.setTimer(T0 + 24 * HOUR, "first reminder", remind);

    await clock.advance(7 * 24 * HOUR);

    expect(sent).toEqual([T0 + 24 * HOUR, T0 + 48 * HOUR, T0 + 72 * HOUR]);
  });

  it("waits for the stack to settle after each instant before firing the next", async () => {
    const clock = pausedClock();
    const log: string[] = [];
    let busy: Promise<void> = Promise.resolve();
    clock.addSettler(() => busy);
    clock.setTimer(T0 + HOUR, "slow send", () => {
      busy = new Promise((resolve) =>
        setTimeout(() => {
          log.push("sent");
          resolve();
        }, 30),
      );
    });
    clock.setTimer(T0 + 2 * HOUR, "check", () => log.push("checked"));

    await clock.advance(3 * HOUR);

    expect(log).toEqual(["sent", "checked"]);
  });

  it("refuses to move backwards", async () => {
    const clock = pausedClock();
    await expect(clock.advanceTo(T0 - 1)).rejects.toBeInstanceOf(ClockBackwardsError);
    await expect(clock.advance(-1000)).rejects.toBeInstanceOf(ClockBackwardsError);
    expect(clock.now()).toBe(T0);
  });

  it("skips to the next pending timer", async () => {
    const clock = pausedClock();
    let fired = false;
    clock.setTimer(T0 + 180 * 24 * HOUR, "six months", () => (fired = true));
    const state = await clock.skipToNext();
    expect(fired).toBe(true);
    expect(state.nowMs).toBe(T0 + 180 * 24 * HOUR);
    expect(state.next).toBeNull();
  });

  it("in time-skipping mode jumps to each timer as soon as nothing is runnable", async () => {
    const clock = pausedClock();
    const fired: number[] = [];
    clock.setTimer(T0 + 30 * 24 * HOUR, "a month", () => {
      fired.push(clock.now());
      clock.setTimer(clock.now() + 150 * 24 * HOUR, "five more months", () => fired.push(clock.now()));
    });
    clock.setSkip(true);
    for (let i = 0; i < 1000 && fired.length < 2; i++) await new Promise((r) => setImmediate(r));
    expect(fired).toEqual([T0 + 30 * 24 * HOUR, T0 + 180 * 24 * HOUR]);
  });

  it("flows at its scale and stands still while paused", async () => {
    const clock = pausedClock({ scale: 3600 });
    await new Promise((r) => setTimeout(r, 20));
    expect(clock.now()).toBe(T0);
    clock.setPaused(false);
    let fired = false;
    // One journey hour at ×3600 is one wall second; a minute is ~17 ms.
    clock.setTimer(clock.now() + 60_000, "a journey minute", () => (fired = true));
    for (let i = 0; i < 200 && !fired; i++) await new Promise((r) => setTimeout(r, 10));
    expect(fired).toBe(true);
    expect(clock.now()).toBeGreaterThanOrEqual(T0 + 60_000);
  });

  it("keeps journey time in its file: a new clock continues from where the last one was", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hirepath-clock-"));
    dirs.push(dir);
    const file = join(dir, "clock.json");
    const first = pausedClock({ file });
    await first.advance(48 * HOUR);
    // No close(): as after kill -9, only what was saved survives.
    const second = pausedClock({ file, start: T0 + 999 * HOUR });
    expect(second.now()).toBe(T0 + 48 * HOUR);
  });

  it("cancelled timers never fire", async () => {
    const clock = pausedClock();
    let fired = false;
    const cancel = clock.setTimer(T0 + HOUR, "cancelled", () => (fired = true));
    cancel();
    await clock.advance(2 * HOUR);
    expect(fired).toBe(false);
    expect(clock.state().pendingTimers).toBe(0);
  });
});

describe("the process-wide Date", () => {
  it("reads journey time for new Date() and Date.now(), keeps instanceof and the wall for wallClock", async () => {
    const clock = pausedClock();
    const before = new Date();
    const uninstall = installVirtualDate(() => clock.now());
    try {
      expect(Date.now()).toBe(T0);
      expect(new Date().toISOString()).toBe("2026-03-01T00:00:00.000Z");
      expect(new Date(0).getTime()).toBe(0);
      expect(before instanceof Date).toBe(true);
      expect(new Date() instanceof Date).toBe(true);
      expect(typeof Date()).toBe("string");
      expect(Date.parse("2026-03-01T08:00:00+08:00")).toBe(T0);
      await clock.advance(HOUR);
      expect(Date.now()).toBe(T0 + HOUR);
      // Job boards sign with the wall: webhook freshness must not follow journey time.
      expect(Math.abs(wallClock.now().getTime() - wallNow())).toBeLessThan(1000);
      expect(Math.abs(wallClock.now().getTime() - T0)).toBeGreaterThan(HOUR);
    } finally {
      uninstall();
    }
    expect(Math.abs(Date.now() - wallNow())).toBeLessThan(1000);
  });
});

describe("POST /local/clock commands", () => {
  it("advances by an ISO 8601 duration or a number of seconds, sets an instant, and validates with field paths", async () => {
    const clock = pausedClock();
    expect((await applyClockCommand(clock, { advance: "PT2H" })).nowMs).toBe(T0 + 2 * HOUR);
    expect((await applyClockCommand(clock, { advance: 1800 })).nowMs).toBe(T0 + 2.5 * HOUR);
    expect((await applyClockCommand(clock, { to: "2026-03-02T00:00:00+08:00" })).now).toBe("2026-03-01T16:00:00.000Z");
    expect((await applyClockCommand(clock, { scale: 120 })).scale).toBe(120);
    await expect(applyClockCommand(clock, { to: "2026-01-01T00:00:00Z" })).rejects.toBeInstanceOf(ClockBackwardsError);
    await expect(applyClockCommand(clock, { advance: "two hours" })).rejects.toMatchObject({ errors: [{ path: "advance" }] });
    await expect(applyClockCommand(clock, { advance: "PT1H", paused: true })).rejects.toMatchObject({ errors: [{ path: "(root)" }] });
    await expect(applyClockCommand(clock, { rewind: 1 })).rejects.toMatchObject({ errors: [{ path: "rewind" }] });
    await expect(applyClockCommand(clock, { scale: 0 })).rejects.toMatchObject({ errors: [{ path: "scale" }] });
  });

  it("reads calendar months and years in UTC, constrained to the month's last day", () => {
    expect(parseDuration("P6M")).toMatchObject({ months: 6 });
    expect(parseDuration("P1DT12H30M")).toMatchObject({ days: 1, hours: 12, minutes: 30 });
    expect(parseDuration("PT")).toBeUndefined();
    expect(parseDuration("P")).toBeUndefined();
    expect(parseDuration("-PT1H")).toBeUndefined();
    expect(new Date(addDuration(Date.parse("2026-01-31T10:00:00Z"), parseDuration("P1M")!)).toISOString()).toBe("2026-02-28T10:00:00.000Z");
    expect(new Date(addDuration(Date.parse("2026-03-01T00:00:00Z"), parseDuration("P6M")!)).toISOString()).toBe("2026-09-01T00:00:00.000Z");
    expect(new Date(addDuration(T0, parseDuration("P1W")!)).toISOString()).toBe("2026-03-08T00:00:00.000Z");
  });
});
