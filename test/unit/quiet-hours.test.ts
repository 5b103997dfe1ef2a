import { describe, expect, it } from "vitest";
import { nextAllowedSendTime, planSend } from "../../lambdas/core/outreach/quiet-hours.js";
import { fromLocal, toLocal } from "../../lambdas/core/shared/zoned-time.js";
import { BUILT_IN_SENDING_RULES } from "../../lambdas/core/outreach/sending-rules.js";

// The built-in rules (21:00–08:00, 3 a day): what a deployment sends under until HR changes them.
const NIGHT = BUILT_IN_SENDING_RULES.quietHours;
const RULES = { quietHours: NIGHT, dailyCap: BUILT_IN_SENDING_RULES.dailyCap };

const at = (iso: string) => new Date(iso);

describe("quiet hours in the candidate's time zone", () => {
  it("sends now when it is daytime for the candidate", () => {
    const now = at("2026-03-10T03:00:00Z"); // 11:00 in Shanghai
    expect(nextAllowedSendTime(now, "Asia/Shanghai", NIGHT)).toEqual(now);
  });

  it("defers a 22:00 Shanghai send to 08:00 the next morning", () => {
    expect(nextAllowedSendTime(at("2026-03-10T14:00:00Z"), "Asia/Shanghai", NIGHT).toISOString()).toBe("2026-03-11T00:00:00.000Z");
  });

  it("defers a 03:00 Shanghai send to 08:00 the same morning", () => {
    expect(nextAllowedSendTime(at("2026-03-10T19:00:00Z"), "Asia/Shanghai", NIGHT).toISOString()).toBe("2026-03-11T00:00:00.000Z");
  });

  it("treats 21:00 as quiet and 08:00 as allowed (half-open window)", () => {
    expect(nextAllowedSendTime(at("2026-03-10T13:00:00Z"), "Asia/Shanghai", NIGHT).toISOString()).toBe("2026-03-11T00:00:00.000Z");
    const eight = at("2026-03-11T00:00:00Z");
    expect(nextAllowedSendTime(eight, "Asia/Shanghai", NIGHT)).toEqual(eight);
  });

  it("lands on 08:00 PDT when the night spans the spring-forward jump in Los Angeles", () => {
    // 2026-03-07 22:00 PST (UTC-8); clocks jump 02:00→03:00 on 8 March, so 08:00 that day is UTC-7.
    expect(nextAllowedSendTime(at("2026-03-08T06:00:00Z"), "America/Los_Angeles", NIGHT).toISOString()).toBe("2026-03-08T15:00:00.000Z");
  });

  it("lands on 08:00 PST when the night spans the fall-back in Los Angeles", () => {
    // 2026-10-31 22:00 PDT (UTC-7); 1 November 08:00 is PST (UTC-8).
    expect(nextAllowedSendTime(at("2026-11-01T05:00:00Z"), "America/Los_Angeles", NIGHT).toISOString()).toBe("2026-11-01T16:00:00.000Z");
  });

  it("honours a custom window that does not wrap midnight", () => {
    const now = at("2026-03-10T05:00:00Z"); // 13:00 Shanghai, inside 12:00–14:00
    expect(nextAllowedSendTime(now, "Asia/Shanghai", { start: "12:00", end: "14:00" }).toISOString()).toBe("2026-03-10T06:00:00.000Z");
  });

  it("rejects a malformed window", () => {
    expect(() => nextAllowedSendTime(new Date(), "Asia/Shanghai", { start: "9pm", end: "08:00" })).toThrow(/HH:MM/);
  });
});

describe("wall-clock conversion", () => {
  it("maps a skipped wall time (02:30 on spring-forward night) forward by the gap, as Temporal's 'compatible' does", () => {
    expect(fromLocal({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, "America/Los_Angeles").toISOString()).toBe("2026-03-08T10:30:00.000Z");
  });

  it("round-trips Shanghai wall times, which have no DST", () => {
    const d = fromLocal({ year: 2026, month: 12, day: 31, hour: 23, minute: 59 }, "Asia/Shanghai");
    expect(d.toISOString()).toBe("2026-12-31T15:59:00.000Z");
    expect(toLocal(d, "Asia/Shanghai")).toMatchObject({ year: 2026, month: 12, day: 31, hour: 23, minute: 59 });
  });
});

describe("per-day message cap", () => {
  it("sends now when under the cap", () => {
    const now = at("2026-03-10T03:00:00Z");
    expect(planSend({ now, timeZone: "Asia/Shanghai", ...RULES, sentAt: ["2026-03-10T01:00:00Z"] })).toEqual({ sendAt: now, reason: "now" });
  });

  it("moves to 08:00 the next local day when today's cap is used", () => {
    const sentAt = ["2026-03-10T01:00:00Z", "2026-03-10T02:00:00Z", "2026-03-10T02:30:00Z"]; // 09:00–10:30 Shanghai
    expect(planSend({ now: at("2026-03-10T03:00:00Z"), timeZone: "Asia/Shanghai", ...RULES, sentAt })).toEqual({ sendAt: at("2026-03-11T00:00:00Z"), reason: "daily-cap" });
  });

  it("counts by the candidate's day, not UTC's", () => {
    // 2026-03-10T17:00Z is 01:00 on the 11th in Shanghai: yesterday's messages don't count.
    const sentAt = ["2026-03-10T01:00:00Z", "2026-03-10T02:00:00Z", "2026-03-10T02:30:00Z"];
    expect(planSend({ now: at("2026-03-11T01:00:00Z"), timeZone: "Asia/Shanghai", ...RULES, sentAt })).toEqual({ sendAt: at("2026-03-11T01:00:00Z"), reason: "now" });
  });

  it("reports quiet hours as the reason when only the hour was wrong", () => {
    expect(planSend({ now: at("2026-03-10T14:00:00Z"), timeZone: "Asia/Shanghai", ...RULES, sentAt: [] })).toEqual({ sendAt: at("2026-03-11T00:00:00Z"), reason: "quiet-hours" });
  });
});
