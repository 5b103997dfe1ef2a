// The hiring report's per-application records against dynalite with the real key schema: written by
// the stores' timeline follower, the same whatever number of times an event is delivered (in turn or
// at once), never put back to an older picture, and written for older data by the backfill. Each
// time the report read from the records must equal a recount from the timelines and offers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoHirepathStore, timelineFollowerOf } from "../../lambdas/adapters/dynamo-store.js";
import { DynamoHiringPathStore } from "../../lambdas/adapters/dynamo-hiring-paths.js";
import { backfillHiringPaths } from "../../lambdas/core/requisitions/hiring-paths.js";
import { hiringReport, readHiringReport, type HiringPathRecord } from "../../lambdas/core/requisitions/hiring-report.js";
import type { TimelineEvent } from "../../lambdas/core/shared/model.js";
import type { Offer } from "../../lambdas/core/offer/offer-model.js";
import { openCrashWorld, type CrashWorld } from "./crash-world.js";

let w: CrashWorld;
let followed: DynamoHirepathStore;
let paths: DynamoHiringPathStore;
const NOW = new Date("2026-11-30T00:00:00.000Z");
const clock = { now: () => NOW };
const day = (d: number) => new Date(Date.UTC(2026, 10, 1 + d)).toISOString();

beforeAll(async () => {
  w = await openCrashWorld();
  followed = new DynamoHirepathStore(w.doc, w.table, timelineFollowerOf(w.doc, w.table, w.clock));
  paths = new DynamoHiringPathStore(w.doc, w.table);
}, 60_000);
afterAll(async () => w?.close());

let n = 0;
async function person(store: DynamoHirepathStore, name: string, appliedDay: number) {
  const { candidate } = await store.findOrCreateCandidate(`hp-${++n}`, { name, emailNorm: `hp${n}@example.com`, locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "email", source: "generic" }, day(appliedDay));
  const application = await store.putApplication({ applicationId: `hp-app-${n}`, candidateId: candidate.candidateId, requisitionId: "req-hp", source: n % 2 ? "portal" : "greenhouse", status: "received", createdAt: day(appliedDay), updatedAt: day(appliedDay) });
  const event = (type: string, d: number, data?: Record<string, unknown>): TimelineEvent => ({ eventId: `${application.applicationId}-${type}-${d}`, candidateId: candidate.candidateId, applicationId: application.applicationId, at: day(d), type, summary: type, ...(data ? { data } : {}) });
  await store.addTimelineEvent(event("application.received", appliedDay));
  return { candidateId: candidate.candidateId, applicationId: application.applicationId, event };
}

async function sendOffer(store: DynamoHirepathStore, p: Awaited<ReturnType<typeof person>>, sentDay: number, competingOffer: boolean) {
  const offer = { offerId: `offer-${p.applicationId}`, candidateId: p.candidateId, applicationId: p.applicationId, requisitionId: "req-hp", locale: "zh-CN", parts: {}, status: "draft", competingOffer, includeExecutiveStep: false, createdAt: day(sentDay), updatedAt: day(sentDay) } as unknown as Offer;
  expect(await w.offers.saveDraft(offer)).toBe(true);
  await w.offers.updateOffer(p.candidateId, offer.offerId, { status: "sent", sentAt: day(sentDay), updatedAt: day(sentDay) }, ["draft"]);
  await store.addTimelineEvent(p.event("offer.sent", sentDay));
  return offer.offerId;
}

/** Every person's view and offers, read whole: what the report was before it had records. */
async function recount() {
  const people = (await w.store.listCandidates(100)).items;
  const views = (await Promise.all(people.map((c) => w.store.getCandidateView(c.candidateId)))).filter((v) => v !== undefined);
  const offers = (await Promise.all(people.map((c) => w.offers.listOffers(c.candidateId)))).flat();
  return hiringReport({ views, offers, requisitions: await w.store.listRequisitions(), now: NOW, period: "all" });
}
const fromRecords = () => readHiringReport({ period: "all" }, { hiringPaths: paths, store: w.store, clock });

describe("hiring report records", () => {
  it("follow every event once, whether it is delivered once, again, or three times at once", async () => {
    const hired = await person(followed, "甲", 0);
    await followed.addTimelineEvent(hired.event("application.screened", 1, { decision: "advance" }));
    await followed.addTimelineEvent(hired.event("interview.scheduled", 3));
    const hiredOffer = await sendOffer(followed, hired, 8, false);
    const accepted = hired.event("offer.accepted", 10);
    // The answer stores its event in the same transaction; the followers run when the step adds it.
    expect(await w.offers.recordResponse(hired.candidateId, hiredOffer, "accepted", accepted)).toBe(true);
    await followed.addTimelineEvent(accepted);
    // The step that wrote it is retried: the event is there already, the follower runs again.
    await followed.addTimelineEvent(accepted);

    const declined = await person(followed, "乙", 2);
    const screened = declined.event("application.screened", 2, { decision: "advance" });
    // Delivered three times at once (a retried Lambda racing the first attempt).
    await Promise.all([1, 2, 3].map(() => followed.addTimelineEvent(screened)));
    const declinedOffer = await sendOffer(followed, declined, 9, true);
    const declinedEvent = declined.event("offer.declined", 12, { reason: "薪资低于另一家" });
    expect(await w.offers.recordResponse(declined.candidateId, declinedOffer, "declined", declinedEvent)).toBe(true);
    await Promise.all([1, 2].map(() => followed.addTimelineEvent(declinedEvent)));

    const out = await person(followed, "丙", 3);
    await followed.addTimelineEvent(out.event("application.screened", 3, { decision: "reject" }));
    await followed.addTimelineEvent(out.event("application.screen-overridden", 5, { decision: "advance" }));
    await followed.addTimelineEvent(out.event("application.screen-overridden", 5, { decision: "advance" }));

    const report = await fromRecords();
    expect(report).toEqual(await recount());
    expect(report.applications).toBe(3);
    expect(report.funnel.overall.reached).toEqual([3, 3, 2, 2, 1]);
    expect(report.offers.overall).toMatchObject({ sent: 2, accepted: 1, declined: 1, waiting: 0 });
    expect(report.offers.declineReasons.map((d) => d.reason)).toEqual(["薪资低于另一家"]);
    expect(await w.itemsOfKind("hiring-path")).toHaveLength(3);
  });

  it("never puts an older picture back over a newer one", async () => {
    const [record] = (await paths.listHiringPaths()).filter((r) => r.path.name === "甲");
    const older: HiringPathRecord = { ...record!, path: { ...record!.path, reached: 1 }, basis: "2026-11-02T00:00:00.000Z#0000002#0000" };
    expect(await paths.putHiringPath(older)).toBe(false);
    expect((await paths.listHiringPaths()).find((r) => r.path.name === "甲")!.path.reached).toBe(4);
    expect(await fromRecords()).toEqual(await recount());
  });

  it("writes records for data from before they existed with the backfill, safe to run twice", async () => {
    // Written by stores with no follower: as the table held them before this read model.
    const old = await person(w.store, "丁", 6);
    await w.store.addTimelineEvent(old.event("application.screened", 6, { decision: "advance" }));
    await w.store.addTimelineEvent(old.event("talent.stage", 8, { stage: "offer" }));
    expect((await fromRecords()).applications).toBe(3);

    const deps = { store: w.store, offers: w.offers, hiringPaths: paths };
    expect(await backfillHiringPaths(deps, 2)).toMatchObject({ people: 4 });
    await backfillHiringPaths(deps);
    const report = await fromRecords();
    expect(report.applications).toBe(4);
    expect(report).toEqual(await recount());
  });
});
