// The hiring report from synthetic records: each application's path is rebuilt from its timeline, a
// stage's pass rate counts only those who left it, time in stage skips stages nobody sat in, and offer
// acceptance counts answered offers only, every rate with its Wilson interval.
import { describe, expect, it } from "vitest";
import { applicationPaths, hiringReport } from "../../lambdas/core/requisitions/hiring-report.js";
import type { CandidateView } from "../../lambdas/core/shared/ports.js";
import type { Offer } from "../../lambdas/core/offer/offer-model.js";

const day = (d: number, h = 0) => new Date(Date.UTC(2026, 10, 1 + d, h)).toISOString();
let n = 0;
function person(name: string, requisitionId: string, source: string, appliedDay: number, events: [type: string, d: number, data?: Record<string, unknown>][]): CandidateView {
  const candidateId = `c-${++n}`;
  const applicationId = `a-${n}`;
  return {
    candidate: { candidateId, name, locale: "zh-CN", timeZone: "Asia/Shanghai", createdAt: day(appliedDay), updatedAt: day(appliedDay) } as CandidateView["candidate"],
    applications: [{ applicationId, candidateId, requisitionId, source, status: "received", createdAt: day(appliedDay), updatedAt: day(appliedDay) }],
    timeline: events.map(([type, d, data], i) => ({ eventId: `${candidateId}-${i}`, candidateId, applicationId, at: day(d), type, summary: type, ...(data ? { data } : {}) })),
  };
}
const screened = (d: number): [string, number, Record<string, unknown>] => ["application.screened", d, { decision: "advance" }];
const offer = (v: CandidateView, o: Partial<Offer>): Offer =>
  ({ offerId: `o-${v.candidate.candidateId}`, candidateId: v.candidate.candidateId, applicationId: v.applications[0]!.applicationId, requisitionId: v.applications[0]!.requisitionId, competingOffer: false, status: "sent", ...o }) as Offer;

describe("the hiring report", () => {
  const hired = person("甲", "req-a", "greenhouse", 0, [screened(1), ["interview.scheduled", 3], ["offer.sent", 10], ["offer.accepted", 12]]);
  const declined = person("乙", "req-a", "greenhouse", 0, [screened(2), ["interview.scheduled", 6], ["offer.sent", 11], ["offer.declined", 14, { reason: "薪资低于预期" }]]);
  const screenedOut = person("丙", "req-a", "portal", 1, [["application.screened", 1, { decision: "reject" }]]);
  const waitingScreened = person("丁", "req-a", "portal", 2, [screened(2)]);
  // HR moved this one straight to the offer stage: the interview stage was passed over, not sat in.
  const skipped = person("戊", "req-b", "portal", 3, [screened(3), ["talent.stage", 5, { stage: "offer" }]]);
  // Screened out, then HR overrode the screen: the application is open again, at "screened".
  const reopened = person("己", "req-b", "greenhouse", 4, [["application.screened", 4, { decision: "reject" }], ["application.screen-overridden", 6, { decision: "advance" }]]);
  const views = [hired, declined, screenedOut, waitingScreened, skipped, reopened];
  const offers = [offer(hired, { sentAt: day(10), response: "accepted", respondedAt: day(12), status: "accepted" }), offer(declined, { sentAt: day(11), response: "declined", respondedAt: day(14), status: "declined", competingOffer: true }), offer(skipped, { sentAt: day(5) })];
  const report = hiringReport({ views, offers, requisitions: [{ requisitionId: "req-a", title: "销售经理" } as never], now: new Date(day(20)), period: "all" });

  it("rebuilds each path: a passed-over stage has no entry time, an overridden screen reopens", () => {
    expect(applicationPaths(skipped)[0]).toMatchObject({ reached: 3, entered: { applied: day(3), screened: day(3), offer: day(5) } });
    expect(applicationPaths(skipped)[0]!.entered.interview).toBeUndefined();
    const again = applicationPaths(reopened)[0]!;
    expect(again.reached).toBe(1);
    expect(again.rejectedAt).toBeUndefined();
  });

  it("counts each stage's pass rate among those who left it, with those still in it apart", () => {
    const f = report.funnel.overall;
    expect(f.reached).toEqual([6, 5, 3, 3, 1]);
    // Applied: 5 moved on, 1 screened out.
    expect(f.pass[0]).toMatchObject({ k: 5, n: 6 });
    // Screened: 3 moved on; 丁 and 己 are still there, and are not failures.
    expect(f.pass[1]).toMatchObject({ k: 3, n: 3, rate: 1 });
    expect(f.open[1]).toBe(2);
    expect(f.pass[3]).toMatchObject({ k: 1, n: 2 });
    expect(f.open[3]).toBe(1);
    // 1 hired of 3 decided (甲 hired; 乙 declined, 丙 screened out).
    expect(f.overall).toMatchObject({ k: 1, n: 3 });
    // Wilson at 1 of 2: wide, and never outside 0–100%.
    expect(f.pass[3]!.low).toBeCloseTo(0.0945, 3);
    expect(f.pass[3]!.high).toBeCloseTo(0.9055, 3);
  });

  it("splits the funnel by requisition and by source, largest first, with titles", () => {
    expect(report.funnel.byRequisition.map((r) => [r.requisitionId, r.title, r.reached[0]])).toEqual([["req-a", "销售经理", 4], ["req-b", "req-b", 2]]);
    expect(report.funnel.bySource.map((r) => [r.source, r.reached])).toEqual([["greenhouse", [3, 3, 2, 2, 1]], ["portal", [3, 2, 1, 1, 0]]]);
  });

  it("measures time in stage by nearest rank, skipping stages nobody sat in, and names who waits longest", () => {
    const [applied, screenedStage, interview, offerStage] = report.timeInStage;
    // Left "applied" after 1, 2, 0, 0, 0 and 2 days (己 left it when HR overrode the screen).
    expect(applied!.done).toMatchObject({ n: 6, median: 0, max: 2 });
    // Screened → next: 甲 2 days, 乙 4 days, 戊 2 days (to the offer); 丁 and 己 still wait.
    expect(screenedStage!.done).toMatchObject({ n: 3, median: 2, p25: 2, p75: 4, max: 4 });
    expect(screenedStage!.waiting).toMatchObject({ n: 2, median: 14, max: 18 });
    expect(screenedStage!.longest.map((l) => [l.name, l.days])).toEqual([["丁", 18], ["己", 14]]);
    // Interview: only 甲 (7 days) and 乙 (5 days); 戊 never sat in it.
    expect(interview!.done).toMatchObject({ n: 2, median: 5, max: 7 });
    expect(offerStage!.waiting).toMatchObject({ n: 1, median: 15 });
  });

  it("counts offer acceptance among answered offers, with time to answer, by competing offer, and the decline reasons", () => {
    expect(report.offers.overall).toMatchObject({ sent: 3, accepted: 1, declined: 1, waiting: 1, acceptance: { k: 1, n: 2, rate: 0.5 }, answerDays: { n: 2, median: 2, max: 3 } });
    expect(report.offers.byCompetingOffer.map((r) => [r.competingOffer, r.acceptance.k, r.acceptance.n])).toEqual([[true, 0, 1], [false, 1, 1]]);
    expect(report.offers.declineReasons).toEqual([{ candidateId: declined.candidate.candidateId, name: "乙", at: day(14), reason: "薪资低于预期" }]);
  });

  it("limits everything to applications received in the period", () => {
    const recent = hiringReport({ views, offers, requisitions: [], now: new Date(day(32)), period: "30" });
    expect(recent.since).toBe(day(2));
    expect(recent.applications).toBe(3);
    expect(recent.offers.overall.sent).toBe(1);
  });
});
