// The hiring report reads one stored record per application, kept by the timeline follower as
// journeys and HR write events. After real journeys on the local engine (one webhook delivered twice,
// one résumé screened out and then overridden by HR, the screen-override sent twice), the report the
// API serves equals a recount from every person's timeline, and the duplicate counted once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hiringReport } from "../../lambdas/core/requisitions/hiring-report.js";
import { application, startJourneyHarness, type JourneyHarness } from "./journey-harness.js";

let h: JourneyHarness;
beforeAll(async () => {
  h = await startJourneyHarness();
});
afterAll(async () => h?.close());

describe("hiring report records", () => {
  it("equal a recount from the timelines after journeys with a duplicate delivery and a repeated override", async () => {
    const good = application({ name: "记录甲" });
    const first = await h.post(good, "dup-delivery-1");
    // The job board delivers the same application again (a retry after a timeout): same delivery id.
    const again = await h.post(good, "dup-delivery-1");
    expect(again.body.applicationId).toBe(first.body.applicationId);
    const screenedOut = application({ name: "记录乙", resumeText: "Java backend engineer, 8 years" });
    const out = await h.post(screenedOut);
    const other = await h.post(application({ name: "记录丙" }));
    expect((await h.finished(out.body.executionArn)).status).toBe("SUCCEEDED");
    // The journeys screen the other two and go on to plan their invitations.
    await expect.poll(async () => (await h.hr("/hr/reports/hiring?period=all")).funnel.overall.reached, { timeout: 60_000, interval: 250 }).toEqual([3, 2, 0, 0, 0]);
    const before = await h.hr("/hr/reports/hiring?period=all");
    expect(before.applications).toBe(3);
    expect(before.funnel.overall.pass[0]).toMatchObject({ k: 2, n: 3 });

    // HR overrides the screen-out; the request is sent twice (a double click, a client retry).
    const override = () => h.hr(`/hr/applications/${out.body.candidateId}/${out.body.applicationId}/screen-override`, { method: "POST", body: JSON.stringify({ decision: "advance", reason: "sales background fits" }) });
    await override();
    await override();

    const report = await h.hr("/hr/reports/hiring?period=all");
    expect(report.applications).toBe(3);
    expect(report.funnel.overall.reached).toEqual([3, 3, 0, 0, 0]);
    expect(report.funnel.overall.open[1]).toBe(3);

    // The recount: every person's view read whole, the report rebuilt from it at the same instant.
    const views = await Promise.all([first, out, other].map((r) => h.hr(`/hr/candidates/${r.body.candidateId}`)));
    const requisitions = (await h.hr("/hr/requisitions")).items;
    const recount = hiringReport({ views, offers: [], requisitions, now: new Date(report.generatedAt), period: "all" });
    expect(report).toEqual(JSON.parse(JSON.stringify(recount)));
  }, 120_000);
});
