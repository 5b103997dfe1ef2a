// One candidate, one truth, end to end on the local stack (in this process: the real handlers behind
// the HTTP API, the engine, dynalite, the SES/SMS emulators, the scheduler): application → interview
// → offer → stall → nurture. At each point it checks what every journey must agree on: the talent
// status (and that search by status finds it), the preferences the journey used, the tasks in the
// inbox, and the stages the candidate's portal shows. Time is driven by the engine's test controls.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { application, startJourneyHarness, type JourneyHarness } from "../statemachines/journey-harness.js";
import { approvers, completeParts, defaultPolicy, expireUntil, linkIn, passHold, postLink, waitForOfferSent, waitForState } from "../statemachines/offer-harness.js";
import { fetchHr, inDays, putInterviewer } from "../statemachines/interview-harness.js";

let h: JourneyHarness;
beforeAll(async () => {
  h = await startJourneyHarness();
});
afterAll(async () => {
  await h?.stack.engine.whenIdle();
  await h?.close();
});

const REQ = `req-one-${process.pid}`;
const poll = { timeout: 20_000, interval: 100 };

interface Seen {
  status: string;
  statusSource?: string;
  found: boolean;
}

async function talentNow(candidateId: string, status: string): Promise<Seen> {
  const view = await fetchHr(h, `/hr/talent/candidates/${candidateId}`, "GET");
  const search = await fetchHr(h, `/hr/talent/search?status=${status}&limit=100`, "GET");
  return { status: view.body.talent?.status, statusSource: view.body.talent?.statusSource, found: (search.body.items as Array<{ candidateId: string }>).some((s) => s.candidateId === candidateId) };
}

/** The open tasks about this candidate, whatever model lists them, as "kind/type" words. */
async function inbox(candidateId: string): Promise<string[]> {
  const res = await fetchHr(h, "/hr/tasks?limit=100", "GET");
  expect(res.status).toBe(200);
  const items = res.body.items as Array<Record<string, any>>;
  return items.filter((t) => (t.candidateId ?? t.subject?.candidateId) === candidateId).map((t) => String(t.taskType ?? t.type ?? t.kind)).sort();
}

/** The portal as the candidate sees it: the stages of this application, as "stage:state" with their text. */
async function portal(url: string, applicationId: string) {
  const html = await (await fetch(url)).text();
  const section = new RegExp(`<section class="application" data-application="${applicationId}">([\\s\\S]*?)</section>`).exec(html)?.[1] ?? "";
  const stages = [...section.matchAll(/<li class="(\w+)" data-stage="(\w+)"(?: data-round="(\d+)")?>([^<]*)<\/li>/g)].map((m) => ({ state: m[1], stage: m[2], round: m[3] ? Number(m[3]) : undefined, text: m[4]! }));
  return { html, section, stages, lists: (html.match(/<ol/g) ?? []).length };
}

describe("one candidate through every journey", () => {
  it("agrees on the status, the preferences, the inbox and the portal at each point: application → interview → offer → stall → nurture", async () => {
    // --- setup: a requisition with its company and offer policy, an interviewer --------------------
    expect((await fetchHr(h, `/hr/requisitions/${REQ}`, "PUT", { title: "大客户销售经理", company: "示例科技", location: "上海", locale: "zh-CN", screening: { requiredKeywords: ["销售|sales"] } })).status).toBe(200);
    await h.hr(`/hr/requisitions/${REQ}/offer-policy`, { method: "PUT", body: JSON.stringify(defaultPolicy({ approvalChain: [{ name: "Hiring manager", approvers: [approvers.manager], required: 1, when: "always" }] })) });
    await putInterviewer(h, "iv-one");

    // --- 1. application ----------------------------------------------------------------------------
    const body = application({ requisitionId: REQ, name: "周一鸣" });
    const posted = await h.post(body);
    expect(posted.status).toBe(202);
    const { candidateId, applicationId } = posted.body as { candidateId: string; applicationId: string };
    const email = body.candidate.email!;
    const phone = `+86${body.candidate.phone}`;
    await expect.poll(() => talentNow(candidateId, "contacted"), poll).toEqual({ status: "contacted", statusSource: "journey", found: true });
    // HR records what the candidate told them on the phone: texts, not email; flexible hours matter.
    const prefs = await fetchHr(h, `/hr/candidates/${candidateId}/preferences`, "PUT", { channel: "sms", caresAbout: ["弹性工作时间"], consents: { "re-engagement": { granted: true } } });
    expect(prefs.status).toBe(200);
    expect(prefs.body).toMatchObject({ channel: { value: "sms", source: "hr" }, messageChannel: "sms", caresAbout: ["弹性工作时间"] });
    expect(await inbox(candidateId)).toEqual([]);
    const invite = h.stack.outbox.list({ to: email }).find((m) => m.subject?.includes("面试邀请"))!;
    const portalUrl = /href="([^"]+\/l\/[^"]+)"/.exec(invite.html ?? "")![1]!.replace(/&amp;/g, "&");
    let seen = await portal(portalUrl, applicationId);
    expect(seen.lists).toBe(1);
    expect(seen.section).toContain('<h2 translate="no">大客户销售经理</h2>');
    expect(seen.section).toContain("示例科技 · 上海");
    expect(seen.stages.map((s) => `${s.stage}:${s.state}`)).toEqual(["applied:done", "screening:done", "interview:current", "offer:upcoming"]);
    expect(seen.html).not.toMatch(/初试已通过|复试安排中|First interview passed/);

    // --- 2. interview ------------------------------------------------------------------------------
    const booked = await fetchHr(h, "/hr/interviews", "POST", {
      candidateId, applicationId, interviewerId: "iv-one", startsAt: inDays(4), durationMinutes: 60, mode: "video", videoUrl: "https://meet.example.com/one",
      recruiterEmail: "recruiter@hirepath.test",
    });
    expect(booked.status).toBe(201);
    await expect.poll(() => talentNow(candidateId, "interviewing"), poll).toEqual({ status: "interviewing", statusSource: "journey", found: true });
    // The invitation goes by the channel HR recorded (SMS), not the job board's (email).
    await expect.poll(() => h.stack.outbox.list({ to: phone }).some((m) => m.text?.includes("面试")), poll).toBe(true);
    seen = await portal(portalUrl, applicationId);
    expect(seen.stages.filter((s) => s.stage === "interview")).toEqual([expect.objectContaining({ state: "current", round: 1, text: expect.stringMatching(/^第1轮面试 · 已安排：/) })]);
    expect((await fetchHr(h, `/hr/interviews/${candidateId}/${booked.body.interviewId}/outcome`, "POST", { outcome: "attended" })).status).toBe(200);
    seen = await portal(portalUrl, applicationId);
    expect(seen.stages.find((s) => s.stage === "interview")).toMatchObject({ state: "done", round: 1, text: expect.stringMatching(/^✓ 第1轮面试 · 已面试/) });
    expect(seen.html).not.toMatch(/面试已通过|interview passed/i);
    expect((await talentNow(candidateId, "interviewing")).status).toBe("interviewing");

    // --- 3. offer ----------------------------------------------------------------------------------
    const offerId = `offer-one-${process.pid}`;
    const draft = await fetchHr(h, `/hr/candidates/${candidateId}/offers/${offerId}`, "PUT", { applicationId, parts: completeParts(), candidateExpectation: { amount: 360_000, currency: "CNY" } });
    expect(draft.status).toBe(200);
    const submitted = await fetchHr(h, `/hr/candidates/${candidateId}/offers/${offerId}/submit`, "POST");
    expect(submitted.status).toBe(202);
    const arn = submitted.body.executionArn as string;
    await waitForState(h, arn, "OpenApprovalStep");
    await expect.poll(() => linkIn(h, approvers.manager.email, "approve"), poll).toBeTruthy();
    expect((await postLink(linkIn(h, approvers.manager.email, "approve")!, { action: "approve" })).status).toBe(200);
    await waitForOfferSent(h, arn);
    await expect.poll(() => talentNow(candidateId, "offered"), poll).toEqual({ status: "offered", statusSource: "journey", found: true });
    seen = await portal(portalUrl, applicationId);
    expect(seen.stages.find((s) => s.stage === "offer")).toMatchObject({ state: "current", text: expect.stringMatching(/^录用通知已发出，请在 .+ 前答复$/) });
    expect(seen.html).toContain("?action=accept");

    // --- 4. stall: no answer by the deadline -------------------------------------------------------
    await expireUntil(h, arn, "MarkDecisionStalled");
    expect((await h.finished(arn)).status).toBe("SUCCEEDED");
    await expect.poll(() => talentNow(candidateId, "stalled"), poll).toEqual({ status: "stalled", statusSource: "journey", found: true });
    expect((await talentNow(candidateId, "offered")).found).toBe(false);
    await expect.poll(() => inbox(candidateId), poll).toContain("decision-stalled");
    seen = await portal(portalUrl, applicationId);
    expect(seen.stages.find((s) => s.stage === "offer")).toMatchObject({ state: "current", text: "录用通知：等待您的答复" });

    // --- 5. nurture, months later: by SMS, about what they care about -------------------------------
    const plan = await fetchHr(h, `/hr/candidates/${candidateId}/re-engagement`, "PUT", { nurture: true });
    expect(plan.body).toMatchObject({ status: "scheduled", reason: "decision-stalled", nurture: true });
    await h.stack.scheduler.fireNow(plan.body.scheduleName, "hirepath");
    // The whole story is on one day, so the daily cap holds the nurture to the next morning: time passes.
    let nurtureRun: string | undefined;
    await expect.poll(() => (nurtureRun = h.stack.engine.listExecutions({ stateMachineArn: h.stack.stateMachineArn("ReEngagement") }).find((e) => JSON.parse(h.stack.engine.describeExecution(e.executionArn).input ?? "{}").candidateId === candidateId)?.executionArn), poll).toBeTruthy();
    await passHold(h, nurtureRun!, "WaitForNurtureSendTime");
    await expect.poll(async () => (await h.hr(`/hr/candidates/${candidateId}`)).timeline.some((e: { type: string }) => e.type === "reengagement.nurture.sent"), poll).toBe(true);
    const sent = (await h.hr(`/hr/candidates/${candidateId}`)).timeline.find((e: { type: string }) => e.type === "reengagement.nurture.sent");
    expect(sent.data).toMatchObject({ channel: "sms", channelSource: "hr", caresAbout: ["弹性工作时间"] });
    const text = h.stack.outbox.list({ to: phone }).find((m) => m.text?.includes("好久") || m.text?.includes("上次联系"));
    expect(text?.text).toContain("弹性工作时间");
    expect(h.stack.outbox.list({ to: email }).some((m) => m.subject?.includes("好久不见"))).toBe(false);
    expect(await inbox(candidateId)).toEqual(expect.arrayContaining(["decision-stalled", "re-engagement"]));
    expect(await talentNow(candidateId, "stalled")).toEqual({ status: "stalled", statusSource: "journey", found: true });
    seen = await portal(portalUrl, applicationId);
    expect(seen.stages.map((s) => `${s.stage}:${s.state}`)).toEqual(["applied:done", "screening:done", "interview:done", "offer:current"]);
    for (const run of h.stack.engine.listExecutions({}).filter((e) => h.stack.engine.describeExecution(e.executionArn).status === "RUNNING")) h.stack.engine.stopExecution(run.executionArn);
  });
});
