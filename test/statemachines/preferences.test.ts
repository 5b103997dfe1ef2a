// The one preference and consent record, read by the journeys that contact people: what HR records in
// the talent pool (channel SMS, cares about flexible hours) is what nurture and recall use, and HR
// reads and edits the record through its own route. Local stack in process, real handlers; nothing sleeps.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { application, startJourneyHarness, type JourneyHarness } from "./journey-harness.js";
import { approvers, createOffer, linkIn, postLink, submitOffer, waitForState, approveWholeChain } from "./offer-harness.js";

let h: JourneyHarness;
beforeAll(async () => {
  h = await startJourneyHarness();
});
afterAll(async () => h?.close());

async function call(path: string, init: RequestInit = {}) {
  const res = await fetch(`${h.stack.appUrl}${path}`, { ...init, headers: { authorization: `Bearer ${await h.stack.issuer.issueToken("recruiter")}`, "content-type": "application/json" } });
  return { status: res.status, body: (await res.json()) as any };
}

/** An email-first candidate (the job board gave an email) who declined the offer and agreed to hear from us later. */
async function declinedWithConsent(name: string, consent: "yes" | "no" = "yes") {
  const o = await createOffer(h, { name, locale: "en" });
  const { body } = await submitOffer(h, o);
  const arn = body.executionArn as string;
  await approveWholeChain(h, arn);
  expect((await postLink(linkIn(h, o.email, "decline")!, { action: "decline", text: "Need more flexibility", ...(consent === "yes" ? { consent: "yes" } : {}) })).status).toBe(200);
  expect((await h.finished(arn)).status).toBe("SUCCEEDED");
  return { ...o, phone: `+86${o.phone}` };
}

async function nurtureRun(candidateId: string) {
  const plan = await h.hr(`/hr/candidates/${candidateId}/re-engagement`, { method: "PUT", body: JSON.stringify({ nurture: true }) });
  await h.stack.scheduler.fireNow(plan.scheduleName, "hirepath");
  const machine = h.stack.stateMachineArn("ReEngagement");
  let run: string | undefined;
  await expect.poll(() => (run = h.stack.engine.listExecutions({ stateMachineArn: machine }).find((e) => JSON.parse(h.stack.engine.describeExecution(e.executionArn).input ?? "{}").candidateId === candidateId)?.executionArn)).toBeTruthy();
  await waitForState(h, run!, "WaitBeforeNextNurture");
  return run!;
}

describe("one preference and consent record", () => {
  it("nurtures by the channel HR recorded in the talent pool and says what the candidate cares about", async () => {
    const o = await declinedWithConsent("Pia Prefers");
    // What HR learned on the phone, recorded where HR records it: the talent pool.
    const changed = await call(`/hr/talent/candidates/${o.candidateId}/changes`, { method: "POST", body: JSON.stringify({ type: "preferences", preferences: { channel: "sms", caresAbout: ["flexible hours"] } }) });
    expect(changed.status).toBe(201);

    const run = await nurtureRun(o.candidateId);
    const texts = h.stack.outbox.list({ to: o.phone, channel: "sms" }).filter((m) => m.text?.includes("it has been a while"));
    expect(texts).toHaveLength(1);
    expect(texts[0]!.text).toContain("flexible hours");
    expect(h.stack.outbox.list({ to: o.email }).filter((m) => m.subject?.includes("it's been a while"))).toHaveLength(0);

    const view = await h.hr(`/hr/candidates/${o.candidateId}`);
    const sent = view.timeline.find((e: { type: string }) => e.type === "reengagement.nurture.sent");
    expect(sent.data).toMatchObject({ channel: "sms", channelSource: "hr", caresAbout: ["flexible hours"] });
    const brief = view.timeline.find((e: { type: string }) => e.type === "reengagement.brief").data;
    expect(brief.caredAbout).toContain("Told us they care about: flexible hours");
    expect(brief.candidate).toMatchObject({ preferredChannel: "sms", channelSource: "hr" });
    h.stack.engine.stopExecution(run, "test done");
  });

  it("plans re-engagement when HR records the consent after the offer ended, and refuses it while there is none", async () => {
    const o = await declinedWithConsent("Lee Later", "no");
    expect((await h.hr(`/hr/candidates/${o.candidateId}`)).timeline.some((e: { type: string }) => e.type === "reengagement.not-scheduled")).toBe(true);
    const refused = await call(`/hr/candidates/${o.candidateId}/re-engagement`, { method: "PUT", body: JSON.stringify({ nurture: true }) });
    expect(refused).toMatchObject({ status: 409, body: { code: "consent-missing" } });

    // On a later call they say yes, and that they care about flexible hours.
    expect((await call(`/hr/candidates/${o.candidateId}/preferences`, { method: "PUT", body: JSON.stringify({ caresAbout: ["flexible hours"], consents: { "re-engagement": { granted: true } } }) })).status).toBe(200);
    const planned = await call(`/hr/candidates/${o.candidateId}/re-engagement`, { method: "PUT", body: JSON.stringify({ nurture: true }) });
    expect(planned).toMatchObject({ status: 200, body: { status: "scheduled", reason: "declined", nurture: true, offerId: o.offerId } });
    expect(Date.parse(planned.body.fireAt) - Date.now()).toBeGreaterThan(150 * 86_400_000);

    const run = await nurtureRun(o.candidateId);
    expect(h.stack.outbox.list({ to: o.email }).filter((m) => m.subject?.includes("it's been a while")).map((m) => m.text ?? m.html ?? "").join()).toContain("flexible hours");
    h.stack.engine.stopExecution(run, "test done");
  });

  it("lets HR read and edit the record: versioned, null clears, consent per purpose on the timeline, language on the profile", async () => {
    const { body: created } = await h.post(application({ name: "Lou Record", locale: "en" }));
    const id = created.candidateId;
    const before = await call(`/hr/candidates/${id}/preferences`);
    expect(before.status).toBe(200);
    // Nothing stated yet: the intake's channel, marked as the intake's guess.
    expect(before.body).toMatchObject({ channel: { value: "email", source: "intake" }, messageChannel: "email", caresAbout: [], language: "en", timeZone: "Asia/Shanghai", consents: {}, version: 0 });

    const edited = await call(`/hr/candidates/${id}/preferences`, {
      method: "PUT",
      body: JSON.stringify({ channel: "wechat", caresAbout: ["远程办公", "growth"], bestTime: "weekday evenings", language: "zh-CN", consents: { "talent-pool": { granted: true } }, expectedVersion: 0 }),
    });
    expect(edited.status).toBe(200);
    // WeChat is asked for, not sent by us: a message goes by SMS.
    expect(edited.body).toMatchObject({ channel: { value: "wechat", source: "hr" }, messageChannel: "sms", caresAbout: ["远程办公", "growth"], bestTime: "weekday evenings", language: "zh-CN", version: 1 });
    expect(edited.body.consents["talent-pool"]).toMatchObject({ granted: true, source: "hr", current: true });
    expect((await h.hr(`/hr/candidates/${id}`)).candidate.locale).toBe("zh-CN");

    const stale = await call(`/hr/candidates/${id}/preferences`, { method: "PUT", body: JSON.stringify({ bestTime: "mornings", expectedVersion: 0 }) });
    expect(stale.status).toBe(409);
    const cleared = await call(`/hr/candidates/${id}/preferences`, { method: "PUT", body: JSON.stringify({ bestTime: null, consents: { "talent-pool": { granted: false } } }) });
    expect(cleared.body.bestTime).toBeUndefined();
    expect(cleared.body.consents["talent-pool"]).toMatchObject({ granted: false, current: false });

    const bad = await call(`/hr/candidates/${id}/preferences`, { method: "PUT", body: JSON.stringify({ channel: "pigeon", consents: { dating: { granted: true } } }) });
    expect(bad.status).toBe(400);
    const paths = bad.body.errors.map((e: { path: string }) => e.path) as string[];
    expect(paths).toContain("channel");
    expect(paths.some((p) => p.startsWith("consents"))).toBe(true);

    const types = (await h.hr(`/hr/candidates/${id}`)).timeline.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => t === "preferences.changed")).toHaveLength(2);
    expect(types.filter((t: string) => t === "consent.changed")).toHaveLength(2);
    // The talent view shows the same record.
    expect((await h.hr(`/hr/talent/candidates/${id}`)).preferences).toMatchObject({ channel: { value: "wechat" }, caresAbout: ["远程办公", "growth"] });
  });

  it("recalls by the channel the person asked for and says back what they care about", async () => {
    const { body: created } = await h.post(application({ name: "Ruo Recall", locale: "zh-CN" }));
    const id = created.candidateId;
    await call(`/hr/candidates/${id}/preferences`, { method: "PUT", body: JSON.stringify({ channel: "sms", caresAbout: ["弹性工作"], consents: { "talent-pool": { granted: true } } }) });
    const requisitionId = `req-pref-recall-${process.pid}`;
    await h.hr(`/hr/requisitions/${requisitionId}`, { method: "PUT", body: JSON.stringify({ title: "渠道销售", locale: "zh-CN", screening: { requiredKeywords: [] } }) });
    const started = await call(`/hr/talent/candidates/${id}/recalls`, { method: "POST", body: JSON.stringify({ requisitionId }) });
    expect(started.status).toBe(201);
    await h.reached(started.body.executionArn, "WaitForRecallResponse");
    const invite = h.stack.outbox.list({ channel: "sms" }).find((m) => m.text?.includes("渠道销售"));
    expect(invite?.text).toContain("「弹性工作」");
    h.stack.engine.stopExecution(started.body.executionArn, "test done");
  });
});
