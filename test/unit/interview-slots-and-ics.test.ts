import { describe, expect, it } from "vitest";
import { buildIcs, foldLine, icsText } from "../../lambdas/core/interview/ics.js";
import { computeSlots } from "../../lambdas/core/interview/interview-slots.js";
import { BUILT_IN_SENDING_RULES } from "../../lambdas/core/outreach/sending-rules.js";

describe("interview slots", () => {
  const base = {
    interviewerId: "iv-1",
    durationMinutes: 60,
    candidateTimeZone: "Asia/Shanghai",
    notBefore: new Date("2026-03-01T00:00:00Z"),
  };

  it("cuts availability into slots and drops those overlapping existing interviews", () => {
    const slots = computeSlots({
      candidateQuietHours: BUILT_IN_SENDING_RULES.quietHours,
      ...base,
      availability: [{ startsAt: "2026-03-10T01:00:00Z", endsAt: "2026-03-10T05:00:00Z" }], // 09:00–13:00 Shanghai
      busy: [{ startsAt: "2026-03-10T02:30:00Z", endsAt: "2026-03-10T03:00:00Z" }],
    });
    expect(slots.map((s) => s.localStart)).toEqual(["2026-03-10 09:00", "2026-03-10 11:00", "2026-03-10 12:00"]);
    expect(slots[0]).toMatchObject({ interviewerId: "iv-1", startsAt: "2026-03-10T01:00:00.000Z", endsAt: "2026-03-10T02:00:00.000Z" });
  });

  it("shows a Los Angeles interviewer's afternoon in the Shanghai candidate's morning and skips their night", () => {
    const slots = computeSlots({
      candidateQuietHours: BUILT_IN_SENDING_RULES.quietHours,
      ...base,
      // 2026-03-09 14:00–20:00 PDT = 21:00Z–03:00Z = 05:00–11:00 Shanghai on the 10th.
      availability: [{ startsAt: "2026-03-09T21:00:00Z", endsAt: "2026-03-10T03:00:00Z" }],
      busy: [],
    });
    expect(slots.map((s) => s.localStart)).toEqual(["2026-03-10 08:00", "2026-03-10 09:00", "2026-03-10 10:00"]);
  });

  it("offers nothing before notBefore and respects the limit", () => {
    const slots = computeSlots({
      candidateQuietHours: BUILT_IN_SENDING_RULES.quietHours,
      ...base,
      notBefore: new Date("2026-03-10T02:00:00Z"),
      availability: [{ startsAt: "2026-03-10T01:00:00Z", endsAt: "2026-03-10T07:00:00Z" }],
      busy: [],
      limit: 2,
    });
    expect(slots.map((s) => s.startsAt)).toEqual(["2026-03-10T02:00:00.000Z", "2026-03-10T03:00:00.000Z"]);
  });
});

describe("ICS (RFC 5545)", () => {
  const ics = buildIcs({
    uid: "intv-1@hirepath",
    sequence: 2,
    method: "REQUEST",
    startsAt: new Date("2026-03-10T06:00:00Z"),
    endsAt: new Date("2026-03-10T07:00:00Z"),
    stamp: new Date("2026-03-01T00:00:00Z"),
    summary: "面试：大客户销售经理, 第二轮",
    description: "请携带身份证；简历\n地址见下",
    location: "上海市浦东新区世纪大道100号 20层",
    organizer: { name: "Hirepath HR", email: "hr@example.com" },
    attendee: { name: "王小明", email: "xm@example.com" },
  });

  it("writes times in UTC with the Z suffix and CRLF line endings", () => {
    expect(ics).toContain("DTSTART:20260310T060000Z\r\n");
    expect(ics).toContain("DTEND:20260310T070000Z\r\n");
    expect(ics.split("\r\n").every((l) => !l.includes("\n"))).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
  });

  it("escapes TEXT values and keeps the sequence for updates", () => {
    expect(ics).toContain("SUMMARY:面试：大客户销售经理\\, 第二轮");
    expect(ics).toContain("SEQUENCE:2");
    expect(icsText("a;b,c\\d\ne")).toBe("a\\;b\\,c\\\\d\\ne");
  });

  it("folds lines at 75 octets without splitting a UTF-8 character", () => {
    const folded = foldLine(`DESCRIPTION:${"面试".repeat(40)}`);
    for (const line of folded.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    expect(folded.split("\r\n").map((l, i) => (i === 0 ? l : l.slice(1))).join("")).toBe(`DESCRIPTION:${"面试".repeat(40)}`);
  });
});
