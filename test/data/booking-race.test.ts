// Two bookings of one interviewer's slot at the same moment, 50 times over: exactly one wins each
// time, and the interviewer's time holds one interview. The real scheduling core and stores,
// against dynalite with its transaction layer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConcurrentChangeError } from "../../lambdas/core/shared/errors.js";
import { derivedId } from "../../lambdas/core/shared/ids.js";
import { keys } from "../../lambdas/core/shared/keys.js";
import { rescheduleInterview, ScheduleInterviewBody, scheduleInterview, SlotUnavailableError, type SchedulingDeps } from "../../lambdas/core/interview/interview-scheduling.js";
import { interviewWorkflows, openCrashWorld, type CrashWorld } from "./crash-world.js";

let w: CrashWorld;
let deps: SchedulingDeps;
const INTERVIEWER = "iv-race";
const ROUNDS = 50;
/** Ten one-hour slots a day, 09:00–19:00 in Shanghai. */
const start = (round: number) => new Date(Date.parse("2026-11-25T01:00:00.000Z") + Math.floor(round / 10) * 86_400_000 + (round % 10) * 3600_000).toISOString();

async function applicant(n: number) {
  const { candidate } = await w.store.findOrCreateCandidate(`race-${n}`, { name: `候选人${n}`, phoneE164: `+8613700${String(n).padStart(6, "0")}`, locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "sms", source: "generic" }, "2026-11-23T00:00:00.000Z");
  const application = await w.store.putApplication({ applicationId: `race-app-${n}`, candidateId: candidate.candidateId, requisitionId: "req", source: "generic", status: "screened", createdAt: "2026-11-23T00:00:00.000Z", updatedAt: "2026-11-23T00:00:00.000Z" });
  return { candidateId: candidate.candidateId, applicationId: application.applicationId };
}

const body = (who: { candidateId: string; applicationId: string }, startsAt: string) =>
  ScheduleInterviewBody.parse({ ...who, interviewerId: INTERVIEWER, startsAt, durationMinutes: 60, mode: "video", videoUrl: "https://meet.example.com/race", recruiterEmail: "hr@example.com" });

beforeAll(async () => {
  w = await openCrashWorld();
  w.clock.set("2026-11-23T00:00:00.000Z");
  deps = {
    store: w.store,
    interviews: w.interviews,
    journeys: interviewWorkflows(w),
    clock: w.clock,
    timing: { followUpAfterSeconds: 3600, taskDueSeconds: 14400, firstReminderBeforeSeconds: 86400, secondReminderBeforeSeconds: 7200, outcomeGraceSeconds: 3600 },
  };
  // 09:00–21:00 in Shanghai for a week: every round's slot is inside it and outside quiet hours.
  const availability = Array.from({ length: 7 }, (_, d) => ({ startsAt: new Date(Date.parse("2026-11-24T01:00:00.000Z") + d * 86_400_000).toISOString(), endsAt: new Date(Date.parse("2026-11-24T13:00:00.000Z") + d * 86_400_000).toISOString() }));
  await w.interviews.putInterviewer({ interviewerId: INTERVIEWER, name: "王芳", email: "wang@example.com", title: {}, background: {}, tags: [], availability, updatedAt: "2026-11-23T00:00:00.000Z" });
});
afterAll(async () => w?.close());

async function holders(startsAt: string): Promise<string[]> {
  const cells = (await w.partition(`SLOT#${INTERVIEWER}`)).filter((c) => String(c.sk) >= startsAt && String(c.sk) < new Date(Date.parse(startsAt) + 3600_000).toISOString());
  return [...new Set(cells.map((c) => String(c.interviewId)))];
}

describe("two bookings of one slot at once", () => {
  it(`lets exactly one of two candidates win, ${ROUNDS} times over; the loser gets the open slots`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate: two candidates (HR booking each), and two links of one candidate (the self-scheduling ids).
      const twoLinks = round % 2 === 1;
      const a = await applicant(round * 2);
      const b = twoLinks ? a : await applicant(round * 2 + 1);
      const slot = start(round);
      const results = await Promise.allSettled([
        scheduleInterview(body(a, slot), "a", deps, twoLinks ? { interviewId: derivedId("self-scheduled", `n-${round}-a`, slot), linkNonce: `n-${round}-a`, confirmed: true } : {}),
        scheduleInterview(body(b, slot), "b", deps, twoLinks ? { interviewId: derivedId("self-scheduled", `n-${round}-b`, slot), linkNonce: `n-${round}-b`, confirmed: true } : {}),
      ]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(won, `round ${round}`).toHaveLength(1);
      expect(lost[0]!.reason).toBeInstanceOf(SlotUnavailableError);
      expect((lost[0]!.reason as SlotUnavailableError).problemExtras.slots.some((s) => s.startsAt === slot)).toBe(false);
      const winner = (won[0] as PromiseFulfilledResult<{ interviewId: string }>).value.interviewId;
      expect(await holders(slot)).toEqual([winner]);
      const calendar = (await w.partition(keys.calendarPartition(INTERVIEWER))).filter((e) => e.startsAt === slot);
      expect(calendar.map((e) => e.interviewId)).toEqual([winner]);
      // Only the winner's link is used up: the loser's can still book another time.
      if (twoLinks) {
        const used = await Promise.all(["a", "b"].map(async (x) => (await w.partition(keys.linkUse(`n-${round}-${x}`).pk)).length));
        expect(used.sort()).toEqual([0, 1]);
      }
    }
  });

  it("lets one of two reschedules into the same free slot win, and frees the old time of the one that moved", async () => {
    const [a, b] = [await applicant(900), await applicant(901)];
    const [ia, ib] = [await scheduleInterview(body(a, "2026-11-30T02:00:00.000Z"), "hr", deps), await scheduleInterview(body(b, "2026-11-30T04:00:00.000Z"), "hr", deps)];
    const target = "2026-11-30T06:00:00.000Z";
    const results = await Promise.allSettled([
      rescheduleInterview({ candidateId: a.candidateId, interviewId: ia.interviewId }, { startsAt: target }, { actor: "hr", side: "hr" }, deps),
      rescheduleInterview({ candidateId: b.candidateId, interviewId: ib.interviewId }, { startsAt: target }, { actor: "hr", side: "hr" }, deps),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrentChangeError);
    const mover = results[0]!.status === "fulfilled" ? ia : ib;
    expect(await holders(target)).toEqual([mover.interviewId]);
    expect(await holders(mover.startsAt)).toEqual([]);
  });
});
