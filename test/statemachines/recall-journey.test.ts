// The recall journey (statemachines/recall-journey.asl.json) on the in-process local stack with the
// real handlers: the owner acts on the brief, the candidate replies (or doesn't), HR records an
// outcome, consent is withdrawn, the person is erased. Waits are ended with wakeWaits; nothing sleeps.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recallLinkFor } from "../../lambdas/core/recall/recall.js";
import { application, startJourneyHarness, type JourneyHarness } from "./journey-harness.js";

let h: JourneyHarness;
let admin: string;
beforeAll(async () => {
  h = await startJourneyHarness();
  admin = await h.stack.issuer.issueToken("admin");
});
afterAll(async () => h?.close());

let n = 0;
type Timeline = Array<{ type: string; summary: string; data?: Record<string, any> }>;

/** A past candidate worth recalling (consent, rated 4.5, rejected because the position was filled) and an open requisition. */
async function recallable(name: string) {
  const requisitionId = `req-recall-wf-${process.pid}-${++n}`;
  const body = application({ name, requisitionId: "req-sales-sh" });
  const { body: posted } = await h.post(body);
  const candidateId = posted.candidateId;
  for (const change of [
    { type: "consent", purpose: "talent-pool", granted: true, source: "application form" },
    { type: "evaluation", interviewer: "王经理", rating: 4.5, comment: "沟通能力强" },
    { type: "rejection", reason: "HC 已满", reasonCode: "position-filled" },
  ]) {
    await h.hr(`/hr/talent/candidates/${candidateId}/changes`, { method: "POST", body: JSON.stringify(change) });
  }
  const ownerEmail = `owner-${n}-${process.pid}@example.com`;
  await h.hr(`/hr/requisitions/${requisitionId}`, {
    method: "PUT",
    body: JSON.stringify({ title: `大客户销售 ${n}`, locale: "zh-CN", screening: { requiredKeywords: ["销售"] }, roleFamily: "sales", ownerEmail }),
  });
  return { candidateId, requisitionId, ownerEmail, phone: `+86${body.candidate.phone}`, email: body.candidate.email!, name };
}

async function startByHr(c: { candidateId: string; requisitionId: string }) {
  const res = await fetch(`${h.stack.appUrl}/hr/talent/candidates/${c.candidateId}/recalls`, {
    method: "POST",
    headers: { authorization: `Bearer ${await h.stack.issuer.issueToken("recruiter")}`, "content-type": "application/json" },
    body: JSON.stringify({ requisitionId: c.requisitionId }),
  });
  return { status: res.status, body: (await res.json()) as { recallId: string; executionArn: string; duplicate: boolean } };
}

/** Runs the machine forward, ending any Wait it parks in, until it enters `target` (never waking `target` itself). */
async function advanceTo(arn: string, target: string) {
  const deadline = Date.now() + 20_000;
  while (!h.statesVisited(arn).includes(target)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${target}: ${h.statesVisited(arn).join(" → ")}`);
    if (h.statesVisited(arn).at(-1)?.startsWith("Wait")) h.stack.engine.wakeWaits(arn);
    await new Promise((r) => setTimeout(r, 10));
  }
  await h.stack.engine.whenIdle();
}

async function advanceToEnd(arn: string) {
  const deadline = Date.now() + 20_000;
  while (h.stack.engine.describeExecution(arn).status === "RUNNING") {
    if (Date.now() > deadline) throw new Error(`timed out: ${h.statesVisited(arn).join(" → ")}`);
    h.stack.engine.wakeWaits(arn);
    await new Promise((r) => setTimeout(r, 10));
  }
  return h.stack.engine.describeExecution(arn);
}

const timeline = async (candidateId: string) => (await h.hr(`/hr/candidates/${candidateId}`)).timeline as Timeline;
const recallEvents = async (candidateId: string) => (await timeline(candidateId)).filter((e) => e.type.startsWith("talent.recall-"));
const invites = (to: string) => h.stack.outbox.list({ to }).filter((m) => m.text?.includes("职位开放"));
const nudges = (to: string) => h.stack.outbox.list({ to }).filter((m) => m.text?.includes("再次打扰") || m.subject?.includes("再次打扰"));
const states = (arn: string) => h.statesVisited(arn).filter((s) => !s.startsWith("Wait") && !s.startsWith("Route"));
const recallRuns = (candidateId: string) =>
  h.stack.engine.listExecutions({ stateMachineArn: h.stack.stateMachineArn("RecallJourney") }).filter((e) => JSON.parse(h.stack.engine.describeExecution(e.executionArn).input ?? "{}").candidateId === candidateId);
const INVITED = ["CheckRecallConsent", "SendRecallInvite", "CheckRecallResponse"];

describe("recall journey", () => {
  it("starts from the owner's link in the brief (confirm page, then POST), once, and a reply settles it as interested", async () => {
    const c = await recallable("欧阳锋");
    const brief = h.stack.outbox.list({ to: c.ownerEmail, channel: "email" })[0];
    const block = brief?.text?.split("\n\n").find((b) => b.startsWith(c.name));
    const link = block?.match(/Recall this candidate \/ 召回: (\S+)/)?.[1];
    expect(link).toMatch(/\/l\//);
    expect(brief?.html).toContain('class="recall-link"');

    // GET only shows who and what happens next: a mail scanner starts nothing.
    const confirm = await fetch(link!);
    const confirmHtml = await confirm.text();
    expect(confirm.status).toBe(200);
    expect(confirmHtml).toContain("确认召回");
    expect(confirmHtml).toContain("欧阳锋");
    expect(recallRuns(c.candidateId)).toHaveLength(0);
    expect((await recallEvents(c.candidateId)).map((e) => e.type)).toEqual([]);

    const started = await fetch(link!, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" });
    expect(started.status).toBe(201);
    expect(await started.text()).toContain("已开始召回");
    const again = await fetch(link!, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("已在进行中");
    const viaHr = await startByHr(c);
    expect(viaHr.status).toBe(200);
    expect(viaHr.body.duplicate).toBe(true);
    const arn = viaHr.body.executionArn;
    expect(arn).toContain(`:recall-${viaHr.body.recallId}`);
    expect(recallRuns(c.candidateId)).toHaveLength(1);

    await advanceTo(arn, "WaitForRecallResponse");
    expect(invites(c.phone)).toHaveLength(1);
    const res = await fetch(`${h.stack.appUrl}/outbox/api/sms/inbound`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ from: c.phone, body: "好的，我有兴趣，周三可以聊" }) });
    expect(res.status).toBe(200);
    // The reply settles the outcome at once, before the journey's wait ends.
    const outcome = (await recallEvents(c.candidateId)).find((e) => e.type === "talent.recall-outcome");
    expect(outcome?.data).toMatchObject({ outcome: "interested", by: "sms-reply" });
    expect((await h.hr(`/hr/talent/candidates/${c.candidateId}`)).talent.status).toBe("contacted");

    h.stack.engine.wakeWaits(arn);
    const done = await h.finished(arn);
    expect(done.status).toBe("SUCCEEDED");
    expect(states(arn)).toEqual([...INVITED, "EndRecallJourney"]);
    expect(JSON.parse(done.output ?? "{}").result).toEqual({ ending: "settled", outcome: "interested" });
    expect(nudges(c.email)).toHaveLength(0);
    expect(nudges(c.phone)).toHaveLength(0);
    expect((await recallEvents(c.candidateId)).map((e) => e.type)).toEqual(["talent.recall-started", "talent.recall-invited", "talent.recall-outcome", "talent.recall-ended"]);
  });

  it("with no answer nudges once on the other channel, then gives a recruiter a call task, emails the owner and ends no-response", async () => {
    const c = await recallable("慕容复");
    const { body } = await startByHr(c);
    const done = await advanceToEnd(body.executionArn);
    expect(done.status).toBe("SUCCEEDED");
    expect(states(body.executionArn)).toEqual([...INVITED, "SendRecallNudge", "CheckResponseAfterNudge", "EscalateRecall", "EndRecallJourney"]);
    expect(invites(c.phone)).toHaveLength(1);
    // Invited by SMS, so the nudge goes by email.
    expect(nudges(c.email)).toHaveLength(1);
    expect(nudges(c.phone)).toHaveLength(0);
    const ownerMail = h.stack.outbox.list({ to: c.ownerEmail, channel: "email" }).find((m) => m.subject?.includes("召回未回复"));
    expect(ownerMail?.text).toContain("慕容复");
    const tasks = (await h.hr(`/hr/tasks?kind=call&candidateId=${c.candidateId}`)).items as Array<{ type: string; context: { reason: string } }>;
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ type: "recall", context: { reason: expect.stringContaining("no answer to the invite or the nudge") } });
    const events = await recallEvents(c.candidateId);
    // The outcome and the ending share a millisecond, so their order on the timeline is not asserted.
    expect(events.map((e) => e.type).slice(0, 4)).toEqual(["talent.recall-started", "talent.recall-invited", "talent.recall-nudged", "talent.recall-escalated"]);
    expect(events.map((e) => e.type).slice(4).sort()).toEqual(["talent.recall-ended", "talent.recall-outcome"]);
    expect(events.find((e) => e.type === "talent.recall-outcome")?.data?.outcome).toBe("no-response");
    expect(events.find((e) => e.type === "talent.recall-ended")?.data?.ending).toBe("no-response");
  });

  it("stops without sending anything more when talent-pool consent is withdrawn mid-journey", async () => {
    const c = await recallable("段誉");
    const { body } = await startByHr(c);
    await advanceTo(body.executionArn, "WaitForRecallResponse");
    await h.hr(`/hr/talent/candidates/${c.candidateId}/changes`, { method: "POST", body: JSON.stringify({ type: "consent", purpose: "talent-pool", granted: false, source: "candidate asked by phone" }) });
    const sentBefore = h.stack.outbox.list({ to: c.email }).length + h.stack.outbox.list({ to: c.phone }).length;

    const done = await advanceToEnd(body.executionArn);
    expect(done.status).toBe("SUCCEEDED");
    expect(states(body.executionArn)).toEqual([...INVITED, "EndRecallJourney"]);
    expect(JSON.parse(done.output ?? "{}").result).toEqual({ ending: "consent-withdrawn", outcome: null });
    expect(h.stack.outbox.list({ to: c.email }).length + h.stack.outbox.list({ to: c.phone }).length).toBe(sentBefore);
    expect(nudges(c.email)).toHaveLength(0);
  });

  it("ends as settled when HR records the outcome while it waits", async () => {
    const c = await recallable("虚竹");
    const { body } = await startByHr(c);
    await advanceTo(body.executionArn, "WaitForRecallResponse");
    const recorded = await h.hr(`/hr/talent/candidates/${c.candidateId}/recalls/${body.recallId}/outcome`, { method: "POST", body: JSON.stringify({ outcome: "interviewing", note: "回电约了面试" }) });
    expect(recorded).toMatchObject({ outcome: "interviewing", status: "interviewing" });

    const done = await advanceToEnd(body.executionArn);
    expect(states(body.executionArn)).toEqual([...INVITED, "EndRecallJourney"]);
    expect(JSON.parse(done.output ?? "{}").result).toEqual({ ending: "settled", outcome: "interviewing" });
    expect(nudges(c.email)).toHaveLength(0);
    expect((await h.hr(`/hr/talent/candidates/${c.candidateId}`)).talent.status).toBe("interviewing");
  });

  it("is stopped by erasure", async () => {
    const c = await recallable("王语嫣");
    const { body } = await startByHr(c);
    await advanceTo(body.executionArn, "WaitForRecallResponse");
    const res = await fetch(`${h.stack.appUrl}/hr/talent/candidates/${c.candidateId}/erasure`, { method: "POST", headers: { authorization: `Bearer ${admin}` } });
    const erased = (await res.json()) as { journeys: Record<string, string> };
    expect(erased.journeys[body.executionArn]).toBe("stopped");
    expect(h.stack.engine.describeExecution(body.executionArn).status).toBe("ABORTED");
  });

  it("ends consent-missing without sending when consent is gone by the time the journey runs", async () => {
    const c = await recallable("阿朱");
    await h.hr(`/hr/talent/candidates/${c.candidateId}/changes`, { method: "POST", body: JSON.stringify({ type: "consent", purpose: "talent-pool", granted: false, source: "candidate email" }) });
    // As if the start had raced the withdrawal: the execution starts with the same input HR's route would give it.
    const recallId = `wf-race-${process.pid}`;
    const input = { recallId, candidateId: c.candidateId, requisitionId: c.requisitionId, channel: "sms", config: { responseWaitSeconds: 3600, nudgeWaitSeconds: 3600 } };
    const { executionArn } = await h.stack.engine.startExecution({ stateMachineArn: h.stack.stateMachineArn("RecallJourney"), name: `recall-${recallId}`, input: JSON.stringify(input) });
    const done = await advanceToEnd(executionArn);
    expect(states(executionArn)).toEqual(["CheckRecallConsent", "EndRecallJourney"]);
    expect(JSON.parse(done.output ?? "{}").result).toEqual({ ending: "consent-missing", outcome: null });
    expect(invites(c.phone)).toHaveLength(0);
    expect((await recallEvents(c.candidateId)).find((e) => e.type === "talent.recall-ended")?.data?.ending).toBe("consent-missing");
  });

  it("routes a failing step to one place: the failure goes on the timeline and the execution fails there", async () => {
    const c = await recallable("乔峰");
    const recallId = `wf-broken-${process.pid}`;
    // A channel no step accepts: the invite step rejects its input.
    const input = { recallId, candidateId: c.candidateId, requisitionId: c.requisitionId, channel: "fax", config: { responseWaitSeconds: 3600, nudgeWaitSeconds: 3600 } };
    const { executionArn } = await h.stack.engine.startExecution({ stateMachineArn: h.stack.stateMachineArn("RecallJourney"), name: `recall-${recallId}`, input: JSON.stringify(input) });
    const done = await advanceToEnd(executionArn);
    expect(done.status).toBe("FAILED");
    expect(done.error).toBe("RecallJourneyFailed");
    expect(states(executionArn)).toEqual(["CheckRecallConsent", "SendRecallInvite", "RecordRecallFailure", "FailRecallJourney"]);
    expect((await recallEvents(c.candidateId)).find((e) => e.type === "talent.recall-failed")?.data).toMatchObject({ recallId, error: "ValidationError" });
    expect(invites(c.phone)).toHaveLength(0);
  });

  it("refuses to start without talent-pool consent, from HR's API and from the owner's link", async () => {
    const { body: posted } = await h.post(application());
    const requisitionId = `req-recall-wf-none-${process.pid}`;
    await h.hr(`/hr/requisitions/${requisitionId}`, { method: "PUT", body: JSON.stringify({ title: "销售", locale: "zh-CN", screening: { requiredKeywords: ["销售"] } }) });
    const refused = await startByHr({ candidateId: posted.candidateId, requisitionId });
    expect(refused.status).toBe(400);
    // The owner's link says why instead of starting anything.
    const link = recallLinkFor(posted.candidateId, requisitionId, h.stack.secrets.linkSigningKey, h.stack.appUrl, new Date());
    const page = await fetch(link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" });
    expect(page.status).toBe(409);
    expect(await page.text()).toContain("无法召回");
    expect(recallRuns(posted.candidateId)).toHaveLength(0);
  });
});
