// No-show statistics on synthetic interview history: twelve weeks of interviews at four weekly slots,
// one of them (Friday 17:00 in Shanghai) planted with far more no-shows. The outcomes go through the
// real core (recordInterviewOutcome) into dynalite, so the counts are the ones the stores keep; the
// report must single the planted slot out with its interval, and a self-scheduling link must offer it
// last.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordInterviewOutcome, ScheduleInterviewBody, scheduleInterview, slotsFor, type SchedulingDeps } from "../../lambdas/core/interview/interview-scheduling.js";
import { linkSlots } from "../../lambdas/core/interview/candidate-links.js";
import { localWeekHour, noShowReport } from "../../lambdas/core/interview/attendance.js";
import { interviewWorkflows, openCrashWorld, type CrashWorld } from "./crash-world.js";

let w: CrashWorld;
let deps: SchedulingDeps;
const INTERVIEWER = "iv-stats";
const ZONE = "Asia/Shanghai";
const WEEKS = 12;
const FIRST_MONDAY = Date.parse("2026-09-07T00:00:00.000+08:00");
/** The four weekly slots (Shanghai time) and how many of the twelve were no-shows. */
const SLOTS = [
  { name: "Tue 10:00", day: 1, hour: 10, noShows: 1 },
  { name: "Wed 14:00", day: 2, hour: 14, noShows: 1 },
  { name: "Thu 10:00", day: 3, hour: 10, noShows: 1 },
  { name: "Fri 17:00", day: 4, hour: 17, noShows: 7 },
];
const at = (week: number, day: number, hour: number) => new Date(FIRST_MONDAY + (week * 7 + day) * 86_400_000 + hour * 3600_000).toISOString();
const hourLong = (startsAt: string) => ({ startsAt, endsAt: new Date(Date.parse(startsAt) + 3600_000).toISOString() });

const people = new Map<string, { candidateId: string; applicationId: string }>();
async function applicant(key: string) {
  if (people.has(key)) return people.get(key)!;
  const { candidate } = await w.store.findOrCreateCandidate(`stats-${key}`, { name: `候选人${key}`, phoneE164: `+86137${String(people.size).padStart(8, "0")}`, locale: "zh-CN", timeZone: ZONE, preferredChannel: "sms", source: "generic" }, "2026-09-01T00:00:00.000Z");
  const application = await w.store.putApplication({ applicationId: `stats-app-${key}`, candidateId: candidate.candidateId, requisitionId: "req", source: "generic", status: "screened", createdAt: "2026-09-01T00:00:00.000Z", updatedAt: "2026-09-01T00:00:00.000Z" });
  const who = { candidateId: candidate.candidateId, applicationId: application.applicationId };
  people.set(key, who);
  return who;
}

beforeAll(async () => {
  w = await openCrashWorld();
  w.clock.set("2026-09-01T00:00:00.000Z");
  deps = {
    store: w.store,
    interviews: w.interviews,
    journeys: interviewWorkflows(w),
    clock: w.clock,
    timing: { followUpAfterSeconds: 3600, taskDueSeconds: 14400, firstReminderBeforeSeconds: 86400, secondReminderBeforeSeconds: 7200, outcomeGraceSeconds: 3600 },
  };
  // The history's slots, and next week's: the same four plus Monday 11:00, an hour with no history.
  const history = Array.from({ length: WEEKS }, (_, week) => SLOTS.map((s) => hourLong(at(week, s.day, s.hour)))).flat();
  const nextWeek = [...SLOTS.map((s) => hourLong(at(WEEKS + 1, s.day, s.hour))), hourLong(at(WEEKS + 1, 0, 11))];
  await w.interviews.putInterviewer({ interviewerId: INTERVIEWER, name: "陈经理", email: "chen@example.com", title: {}, background: {}, tags: [], availability: [...history, ...nextWeek], updatedAt: "2026-09-01T00:00:00.000Z" });

  // Twelve weeks of interviews; the no-shows never opened the invitation, everyone who came did.
  // Invitations went out by email in even weeks and by SMS in odd ones.
  for (let week = 0; week < WEEKS; week++) {
    for (const s of SLOTS) {
      const who = await applicant(`${week}-${s.day}`);
      const interview = await scheduleInterview(ScheduleInterviewBody.parse({ ...who, interviewerId: INTERVIEWER, startsAt: at(week, s.day, s.hour), durationMinutes: 60, mode: "video", videoUrl: "https://meet.example.com/stats", recruiterEmail: "hr@example.com" }), "hr", deps);
      await w.store.addTimelineEvent({ eventId: `stats-invite-${interview.interviewId}`, candidateId: who.candidateId, applicationId: who.applicationId, at: "2026-09-01T00:01:00.000Z", type: "message.sent", summary: "interview-invite sent", data: { messageId: `msg-${interview.interviewId}`, channel: week % 2 ? "sms" : "email", template: "interview-invite", interviewId: interview.interviewId } });
      const noShow = week < s.noShows;
      if (!noShow) expect(await w.interviews.updateInterview(who.candidateId, interview.interviewId, interview.version, { linkOpenedAt: "2026-09-01T01:00:00.000Z" })).toBe(true);
    }
  }
  w.clock.set(at(WEEKS, 0, 9));
  for (let week = 0; week < WEEKS; week++) {
    for (const s of SLOTS) {
      const { candidateId } = await applicant(`${week}-${s.day}`);
      const [interview] = await w.interviews.listInterviews(candidateId);
      await recordInterviewOutcome({ candidateId, interviewId: interview!.interviewId }, week < s.noShows ? "no-show" : "attended", "hr", deps);
    }
  }
}, 120_000);
afterAll(async () => w?.close());

describe("the no-show report on planted history", () => {
  it("finds the worse-attended slot, with its count and a Wilson interval, by the candidate's local weekday and hour", async () => {
    const report = noShowReport(await w.interviews.attendanceCounts());
    expect(report.overall).toMatchObject({ n: 48, noShows: 10 });
    expect(report.worst).toMatchObject({ weekday: 5, hour: 17, n: 12, noShows: 7 });
    expect(report.worst!.rate).toBeCloseTo(7 / 12);
    // The interval holds the observed rate and sits clearly above the other slots' rates.
    expect(report.worst!.low).toBeLessThan(7 / 12);
    expect(report.worst!.high).toBeGreaterThan(7 / 12);
    expect(report.worst!.low).toBeGreaterThan(1 / 12);
    for (const cell of report.cells.filter((c) => c.hour !== 17)) expect(cell).toMatchObject({ n: 12, noShows: 1 });
    expect(report.cells).toHaveLength(4);
  });

  it("breaks the rates down by invitation channel and by whether the notice was opened", async () => {
    const report = noShowReport(await w.interviews.attendanceCounts());
    // Even weeks (0, 2, 4, 6) by email: weeks 0–6 hold the Friday no-shows, weeks 0 the others.
    expect(report.channels).toEqual([
      expect.objectContaining({ channel: "email", n: 24, noShows: 3 + 4 }),
      expect.objectContaining({ channel: "sms", n: 24, noShows: 3 }),
    ]);
    expect(report.opened).toEqual([expect.objectContaining({ opened: true, n: 38, noShows: 0 }), expect.objectContaining({ opened: false, n: 10, noShows: 10 })]);
  });

  it("counts an outcome once, however often it is recorded", async () => {
    const { candidateId } = await applicant("0-4");
    const [interview] = await w.interviews.listInterviews(candidateId);
    await recordInterviewOutcome({ candidateId, interviewId: interview!.interviewId }, "no-show", "hr", deps);
    await Promise.allSettled([1, 2, 3].map(() => recordInterviewOutcome({ candidateId, interviewId: interview!.interviewId }, "no-show", "hr", deps)));
    expect(noShowReport(await w.interviews.attendanceCounts()).overall.n).toBe(48);
  });

  it("offers self-scheduling slots best attendance first and the planted slot last; HR's slot list stays in time order", async () => {
    w.clock.set(at(WEEKS + 1, 0, 0));
    const who = await applicant("next");
    const offer = Buffer.from(JSON.stringify({ interviewerId: INTERVIEWER, durationMinutes: 60, mode: "video", videoUrl: "https://meet.example.com/stats", recruiterEmail: "hr@example.com" })).toString("base64url");
    const offered = await linkSlots({ p: "schedule", c: who.candidateId, a: who.applicationId, n: "stats-link", o: offer, exp: Math.floor(Date.now() / 1000) + 86_400 }, deps);
    const labels = offered.map((s) => localWeekHour(s.startsAt, ZONE)).map(({ weekday, hour }) => `${weekday}@${hour}`);
    // Tue, Wed, Thu at 1/12 (time order among equals), then Monday 11:00 at the overall 10/48, then Friday 17:00.
    expect(labels).toEqual(["2@10", "3@14", "4@10", "1@11", "5@17"]);
    const forHr = await slotsFor({ interviewerId: INTERVIEWER, candidateId: who.candidateId, durationMinutes: 60, days: 14 }, deps);
    expect(forHr.map((s) => s.startsAt)).toEqual([...forHr.map((s) => s.startsAt)].sort());
  });
});
