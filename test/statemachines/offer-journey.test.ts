// Every branch of statemachines/offer-journey.asl.json on the local engine with the real handlers,
// dynalite and the SES emulator. Callback waits are advanced with the engine's test clock
// (expireTaskTokens) and Wait states with wakeWaits; nothing sleeps.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJourneyHarness, type JourneyHarness } from "./journey-harness.js";
import { createDocumentClient } from "../../lambdas/adapters/dynamo-store.js";
import { DynamoOfferStore } from "../../lambdas/adapters/dynamo-offer-store.js";
import { LOCAL_REGION } from "../../local/event-bus.js";
import { LOCAL_TABLE } from "../../local/stack.js";
import { approvers, completeParts, createOffer, expireUntil, linkIn, postLink, submitOffer, wakeUntilFinished, waitForState } from "./offer-harness.js";

/** A task as GET /hr/tasks lists it (the one task model, core/tasks/task-model.ts). */
type InboxTask = { taskId: string; kind: string; type: string; title: string; subject: { candidateId: string; offerId?: string }; context: Record<string, unknown>; suggestion?: string; createdAt: string; dueAt: string };

let h: JourneyHarness;
beforeAll(async () => {
  h = await startJourneyHarness();
});
afterAll(async () => h?.close());

const offerOf = async (o: { candidateId: string; offerId: string }) => h.hr(`/hr/candidates/${o.candidateId}/offers/${o.offerId}`);
const timelineTypes = async (candidateId: string) => (await h.hr(`/hr/candidates/${candidateId}`)).timeline.map((e: { type: string }) => e.type) as string[];

async function approve(email: string, stateAfter?: { arn: string; state: string; occurrence?: number }) {
  const url = linkIn(h, email, "approve");
  expect(url, `approval link for ${email}`).toBeTruthy();
  const res = await postLink(url!, { action: "approve" });
  expect(res.status).toBe(200);
  if (stateAfter) await waitForState(h, stateAfter.arn, stateAfter.state, stateAfter.occurrence);
  return url!;
}

describe("offer journey", () => {
  it("runs the chain step by step, N of M, sends the offer, and starts pre-onboarding on accept (→ accepted)", async () => {
    const o = await createOffer(h);
    const submitted = await submitOffer(h, o);
    expect(submitted.status).toBe(202);
    expect(submitted.body.approvalSteps).toEqual(["Hiring manager", "Finance"]);
    const arn = submitted.body.executionArn as string;
    await waitForState(h, arn, "OpenApprovalStep");
    // Step 1 is out; finance has nothing yet.
    expect(linkIn(h, approvers.finance1.email, "approve")).toBeUndefined();

    // A GET (what a mail scanner does) shows the confirm page and decides nothing.
    const managerUrl = linkIn(h, approvers.manager.email, "approve")!;
    const preview = await fetch(managerUrl);
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('method="post"');
    expect((await offerOf(o)).approvalSteps[0].decisions).toEqual([]);

    await approve(approvers.manager.email, { arn, state: "OpenApprovalStep", occurrence: 2 });
    // Finance: 2 of 3. One approval is not enough.
    await approve(approvers.finance1.email);
    await h.stack.engine.whenIdle();
    expect(h.statesVisited(arn).filter((s) => s === "OpenApprovalStep")).toHaveLength(2);
    await approve(approvers.finance3.email, { arn, state: "SendOfferToCandidate" });

    // The third approver's link no longer decides anything.
    const late = await postLink(linkIn(h, approvers.finance2.email, "approve")!, { action: "approve" });
    expect(late.status).toBe(409);
    // The candidate's page is in Chinese, all of it.
    expect(late.text).toContain("此链接已经用过：决定已记录");
    expect(late.text).not.toContain("already decided");

    const offer = await offerOf(o);
    expect(offer.offer.status).toBe("sent");
    expect(offer.approvalSteps[1].decisions.map((d: { approverEmail: string }) => d.approverEmail)).toEqual([approvers.finance1.email, approvers.finance3.email]);
    expect(offer.approvalSteps[1].decisions[0]).toMatchObject({ decision: "approve", userAgent: "vitest-approver", as: "approver" });
    expect(offer.approvalSteps[1].decisions[0].ip).toBeTruthy();

    // The candidate's offer email renders every part, and the commission formula with its example.
    const [offerEmail] = h.stack.outbox.list({ to: o.email });
    expect(offerEmail?.subject).toContain("录用通知");
    for (const label of ["基本工资", "提成", "奖金", "福利", "试用期", "入职日期", "工作地点", "答复截止"]) expect(offerEmail?.html).toContain(label);
    expect(offerEmail?.html).toContain("5% × (销售收入 − ¥200,000.00)");
    // One-click List-Unsubscribe (RFC 8058) on the offer email.
    expect(offerEmail?.headers.find((x) => x.name.toLowerCase() === "list-unsubscribe-post")?.value).toBe("List-Unsubscribe=One-Click");

    const accept = await postLink(linkIn(h, o.email, "accept")!, { action: "accept" });
    expect(accept.status).toBe(200);
    await waitForState(h, arn, "RunPreOnboardingTouches");
    // The first touch is due at acceptance; later ones wait for their time (the test clock moves them on).
    await expect.poll(() => timelineTypes(o.candidateId)).toContain("offer.pre-onboarding.touch");
    while (h.stack.engine.describeExecution(arn).status === "RUNNING") {
      h.stack.engine.wakeWaits(arn);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(h.stack.engine.describeExecution(arn).status).toBe("SUCCEEDED");
    expect(h.statesVisited(arn)).toEqual([
      "PrepareOfferApproval", "CheckApprovalStepsRemaining", "OpenApprovalStep", "RouteApprovalDecision", "AdvanceApprovalStep",
      "CheckApprovalStepsRemaining", "OpenApprovalStep", "RouteApprovalDecision", "AdvanceApprovalStep",
      "CheckApprovalStepsRemaining", "StartResponseClock", "PlanOfferEmail", "WaitForOfferSendTime", "SendOfferToCandidate", "RouteCandidateResponse", "RecordOfferAccepted", "PlanPreOnboarding", "RunPreOnboardingTouches",
      ...Array(4).fill(["PlanPreOnboardingTouch", "WaitForTouchTime", "SendPreOnboardingTouch"]).flat(),
    ]);
    const types = await timelineTypes(o.candidateId);
    expect(types.filter((t) => t === "offer.pre-onboarding.touch")).toHaveLength(4);
    expect((await offerOf(o)).offer.status).toBe("accepted");

    // Until day one, the link in the touches takes questions (they become HR tasks); it never accepts twice.
    const questionUrl = linkIn(h, o.email, "question", /入职前/)!;
    const form = await (await fetch(questionUrl)).text();
    expect(form).toContain('value="question"');
    expect(form).not.toContain('value="accept"');
    expect((await postLink(questionUrl, { action: "question", text: "第一天几点到？" })).status).toBe(200);
    expect((await postLink(questionUrl, { action: "accept" })).status).toBe(409);
    const tasks = (await h.hr(`/hr/tasks?candidateId=${o.candidateId}&kind=offer`)).items as InboxTask[];
    expect(tasks.find((t) => t.subject.offerId === o.offerId && t.type === "candidate-question")?.context.question).toBe("第一天几点到？");
  });

  it("answers a double submit and a submit retried after a crash with the one submission: one journey, one approval email", async () => {
    // Two submits at once: one marks the offer, the other finds it pending with the journey's name and
    // starts the same execution (same name, same input), so both are 202 with one ARN.
    const o = await createOffer(h, { name: "并发提交" });
    const [a, b] = await Promise.all([submitOffer(h, o), submitOffer(h, o)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(b.body.executionArn).toBe(a.body.executionArn);
    await waitForState(h, a.body.executionArn, "OpenApprovalStep");
    expect(h.stack.outbox.list({ to: approvers.manager.email }).filter((m) => m.html?.includes("并发提交"))).toHaveLength(1);

    // A submit that crashed after marking the offer and before starting the journey: the offer is
    // pending approval with a journey name and no execution. Submitting again starts that journey.
    const c = await createOffer(h, { name: "崩溃后重试" });
    const offers = new DynamoOfferStore(createDocumentClient({ endpoint: h.stack.dynamoEndpoint, region: LOCAL_REGION, credentials: { accessKeyId: "x", secretAccessKey: "x" } }), LOCAL_TABLE);
    const journeyName = `offer-${c.offerId}-crashed`;
    expect(await offers.updateOffer(c.candidateId, c.offerId, { status: "pending-approval", journeyName, submittedAt: new Date().toISOString() }, ["draft"])).toBe(true);
    const retried = await submitOffer(h, c);
    expect(retried.status).toBe(202);
    expect(retried.body.executionArn).toBe(`${h.stack.stateMachineArn("OfferJourney").replace(":stateMachine:", ":execution:")}:${journeyName}`);
    await waitForState(h, retried.body.executionArn, "OpenApprovalStep");
    expect((await offerOf(c)).offer.executionArn).toBe(retried.body.executionArn);
    expect(h.stack.outbox.list({ to: approvers.manager.email }).filter((m) => m.html?.includes("崩溃后重试"))).toHaveLength(1);
  });

  it("blocks submitting an offer with a missing or ambiguous part, naming the part, and starts nothing", async () => {
    const parts = completeParts();
    delete parts.probation;
    const o = await createOffer(h, { parts: { ...parts, commission: { kind: "formula", rate: 0.05, base: "revenue", threshold: 200_000, period: "quarter", example: { achieved: 500_000, payout: 25_000 } } } });
    expect(o.draft.problems.map((p: { part: string }) => p.part).sort()).toEqual(["commission", "probation"]);
    const res = await submitOffer(h, o);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe("offer-incomplete");
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "parts.probation", code: "missing", part: "probation" }),
        expect.objectContaining({ path: "parts.commission.example.payout", code: "ambiguous", part: "commission" }),
      ]),
    );
    expect((await offerOf(o)).offer.status).toBe("draft");
    expect(h.stack.outbox.list({ to: approvers.manager.email }).filter((m) => m.html?.includes(o.name))).toHaveLength(0);
  });

  it("ends approval-rejected when an approver rejects, with the reason required and recorded (→ approval-rejected)", async () => {
    const o = await createOffer(h, { name: "拒绝测试" });
    const { body } = await submitOffer(h, o);
    const arn = body.executionArn as string;
    await waitForState(h, arn, "OpenApprovalStep");
    const rejectUrl = linkIn(h, approvers.manager.email, "reject")!;
    const page = await (await fetch(rejectUrl)).text();
    expect(page).toContain('name="reason"');
    const noReason = await postLink(rejectUrl, { action: "reject" });
    expect(noReason.status).toBe(400);
    const res = await postLink(rejectUrl, { action: "reject", reason: "超出同级别薪资带宽" });
    expect(res.status).toBe(200);
    const done = await h.finished(arn);
    expect(done.status).toBe("SUCCEEDED");
    expect(h.statesVisited(arn)).toEqual(["PrepareOfferApproval", "CheckApprovalStepsRemaining", "OpenApprovalStep", "RouteApprovalDecision", "RecordApprovalRejected"]);
    const offer = await offerOf(o);
    expect(offer.offer.status).toBe("approval-rejected");
    expect(offer.approvalSteps[0].decisions[0]).toMatchObject({ decision: "reject", reason: "超出同级别薪资带宽", approverEmail: approvers.manager.email });
    expect(h.stack.outbox.list({ to: o.email }).filter((m) => m.subject?.includes("录用"))).toHaveLength(0);
  });

  it("adds the out-of-budget step only when the offer is outside the range, and the executive step only when asked", async () => {
    const o = await createOffer(h, { parts: completeParts({ basePay: { amount: 40_000, currency: "CNY", period: "month", monthsPerYear: 13 } }), includeExecutiveStep: true });
    const { body } = await submitOffer(h, o);
    expect(body.budgetStatus).toBe("above");
    expect(body.approvalSteps).toEqual(["Hiring manager", "Finance", "Compensation committee (out of budget)", "Executive"]);
    const arn = body.executionArn as string;
    await waitForState(h, arn, "OpenApprovalStep");
    // The approver sees the budget and the candidate's expectation next to the offer.
    const managerMail = h.stack.outbox.list({ to: approvers.manager.email }).find((m) => m.html?.includes("高于预算上限"));
    expect(managerMail?.text).toContain("候选人期望");
    await approve(approvers.manager.email, { arn, state: "OpenApprovalStep", occurrence: 2 });
    await approve(approvers.finance1.email);
    await approve(approvers.finance2.email, { arn, state: "OpenApprovalStep", occurrence: 3 });
    await approve(approvers.director.email, { arn, state: "OpenApprovalStep", occurrence: 4 });
    await approve(approvers.ceo.email, { arn, state: "SendOfferToCandidate" });
    expect(h.statesVisited(arn).filter((s) => s === "OpenApprovalStep")).toHaveLength(4);
    h.stack.engine.stopExecution(arn);
  });

  it("reminds the approvers, then escalates to the requisition owner, whose decision settles the step", async () => {
    const o = await createOffer(h);
    const { body } = await submitOffer(h, o);
    const arn = body.executionArn as string;
    await waitForState(h, arn, "OpenApprovalStep");
    await expireUntil(h, arn, "RemindApprovers");
    await waitForState(h, arn, "RemindApprovers");
    expect(h.stack.outbox.list({ to: approvers.manager.email }).some((m) => m.subject?.startsWith("提醒"))).toBe(true);
    await expireUntil(h, arn, "EscalateToRequisitionOwner");
    await waitForState(h, arn, "EscalateToRequisitionOwner");
    const ownerUrl = linkIn(h, approvers.owner.email, "approve", /已升级/);
    expect(ownerUrl).toBeTruthy();
    await postLink(ownerUrl!, { action: "approve" });
    await waitForState(h, arn, "OpenApprovalStep", 2);
    expect(h.statesVisited(arn).slice(0, 10)).toEqual([
      "PrepareOfferApproval", "CheckApprovalStepsRemaining", "OpenApprovalStep", "CountApprovalTimeout", "RouteApprovalTimeout", "RemindApprovers",
      "CountApprovalTimeout", "RouteApprovalTimeout", "EscalateToRequisitionOwner", "RouteApprovalDecision",
    ]);
    const offer = await offerOf(o);
    expect(offer.approvalSteps[0].decisions[0]).toMatchObject({ approverEmail: approvers.owner.email, as: "owner", decision: "approve" });
    h.stack.engine.stopExecution(arn);
  });

  it("expires an approval step nobody decides, even after escalation, and opens an HR task (→ approval-expired)", async () => {
    const o = await createOffer(h);
    const { body } = await submitOffer(h, o);
    const arn = body.executionArn as string;
    await waitForState(h, arn, "OpenApprovalStep");
    await expireUntil(h, arn, "RecordApprovalExpired");
    expect((await h.finished(arn)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(arn).slice(-3)).toEqual(["CountApprovalTimeout", "RouteApprovalTimeout", "RecordApprovalExpired"]);
    expect((await offerOf(o)).offer.status).toBe("approval-expired");
    const tasks = (await h.hr(`/hr/tasks?candidateId=${o.candidateId}`)).items as InboxTask[];
    expect(tasks.some((t) => t.subject.offerId === o.offerId && t.kind === "offer" && t.type === "approval-expired")).toBe(true);
  });

  async function approvedOffer(options: Parameters<typeof createOffer>[1] = {}) {
    const o = await createOffer(h, options);
    const { body } = await submitOffer(h, o);
    const arn = body.executionArn as string;
    await waitForState(h, arn, "OpenApprovalStep");
    await approve(approvers.manager.email, { arn, state: "OpenApprovalStep", occurrence: 2 });
    await approve(approvers.finance1.email);
    await approve(approvers.finance2.email, { arn, state: "SendOfferToCandidate" });
    return { ...o, arn };
  }

  it("records a decline with the candidate's reason (→ declined)", async () => {
    const o = await approvedOffer({ locale: "en", name: "Dana Decline" });
    const page = await (await fetch(linkIn(h, o.email, "decline")!)).text();
    expect(page).toContain("Base pay");
    const res = await postLink(linkIn(h, o.email, "decline")!, { action: "decline", text: "Accepted another offer" });
    expect(res.status).toBe(200);
    expect((await h.finished(o.arn)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(o.arn).slice(-3)).toEqual(["RouteCandidateResponse", "RecordOfferDeclined", "ScheduleReEngagementAfterDecline"]);
    expect((await offerOf(o)).offer.status).toBe("declined");
    const again = await postLink(linkIn(h, o.email, "accept")!, { action: "accept" });
    expect(again.status).toBe(409);
  });

  it("turns a question into an HR task due within an hour, on the timeline, and keeps waiting for the answer", async () => {
    const o = await approvedOffer();
    // The portal offers the same three links as the offer email.
    const invite = h.stack.outbox.list({ to: o.email }).find((m) => m.subject?.includes("面试邀请"))!;
    const portalUrl = /href="([^"]+\/l\/[^"]+)"/.exec(invite.html ?? "")![1]!.replace(/&amp;/g, "&");
    const portal = await (await fetch(portalUrl)).text();
    const offerLink = new URL(linkIn(h, o.email, "accept")!).pathname;
    for (const action of ["accept", "decline", "question"]) expect(portal).toContain(`${offerLink}?action=${action}`);

    const res = await postLink(linkIn(h, o.email, "question")!, { action: "question", text: "提成是按季度还是按月结算？" });
    expect(res.status).toBe(200);
    const tasks = (await h.hr(`/hr/tasks?candidateId=${o.candidateId}`)).items as InboxTask[];
    const task = tasks.find((t) => t.subject.offerId === o.offerId && t.type === "candidate-question");
    expect(task).toBeTruthy();
    // Due an hour after the question (the task records its own creation a millisecond or so later).
    expect(Date.parse(task!.dueAt) - Date.parse(task!.createdAt)).toBeGreaterThan(3590_000);
    expect(Date.parse(task!.dueAt) - Date.parse(task!.createdAt)).toBeLessThanOrEqual(3600_000);
    expect(await timelineTypes(o.candidateId)).toContain("offer.question");
    // HR answers: the task leaves the open queue and the answer joins the timeline.
    const done = await h.hr(`/hr/tasks/${task!.taskId}/done`, { method: "POST", body: JSON.stringify({ resolution: "按季度结算，次月发放" }) });
    expect(done.state).toBe("done");
    expect(((await h.hr(`/hr/tasks?candidateId=${o.candidateId}`)).items as InboxTask[]).some((t) => t.taskId === task!.taskId)).toBe(false);
    const answered = (await h.hr(`/hr/candidates/${o.candidateId}`)).timeline.find((e: { type: string }) => e.type === "offer.question.answered");
    expect(answered.data).toMatchObject({ question: "提成是按季度还是按月结算？", answer: "按季度结算，次月发放", answeredWithinTarget: true });
    await h.stack.engine.whenIdle();
    expect(h.stack.engine.describeExecution(o.arn).status).toBe("RUNNING");
    expect(h.statesVisited(o.arn).at(-1)).toBe("SendOfferToCandidate");
    h.stack.engine.stopExecution(o.arn);
  });

  it("reminds before the deadline, then marks the decision stalled (not declined) with a pre-filled likely reason (→ decision-stalled)", async () => {
    const o = await approvedOffer({ expectation: 300_000 });
    await expireUntil(h, o.arn, "RemindCandidate");
    await waitForState(h, o.arn, "RemindCandidate");
    expect(h.stack.outbox.list({ to: o.email }).some((m) => m.subject?.startsWith("提醒"))).toBe(true);
    await expireUntil(h, o.arn, "MarkDecisionStalled");
    expect((await h.finished(o.arn)).status).toBe("SUCCEEDED");
    const visited = h.statesVisited(o.arn);
    expect(visited.slice(-2)).toEqual(["MarkDecisionStalled", "ScheduleReEngagementAfterStall"]);
    expect(visited).toContain("WaitForCandidateResponse");
    const offer = await offerOf(o);
    expect(offer.offer.status).toBe("decision-stalled");
    expect(offer.offer.stalledReasonSuggestion).toMatch(/never opened/);
    const tasks = (await h.hr(`/hr/tasks?candidateId=${o.candidateId}`)).items as InboxTask[];
    const stalledTask = tasks.find((t) => t.subject.offerId === o.offerId && t.type === "decision-stalled");
    expect(stalledTask?.suggestion).toBe(offer.offer.stalledReasonSuggestion);
    // HR confirms or corrects the pre-filled reason.
    await h.hr(`/hr/tasks/${stalledTask!.taskId}/done`, { method: "POST", body: JSON.stringify({ resolution: "Took a counter-offer from the current employer" }) });
    expect((await offerOf(o)).offer.stalledReason).toBe("Took a counter-offer from the current employer");
  });

  it("alerts HR with suggested actions when the drop-off risk crosses the threshold", async () => {
    // 20 % under the expectation and a competing offer, with no engagement yet: 2.5 + 2 + 1.5 = 6.
    const o = await approvedOffer({ expectation: 437_500, competingOffer: true });
    const offer = await offerOf(o);
    expect(offer.risk.score).toBe(6);
    expect(offer.risk.topFactors.map((f: { factor: string }) => f.factor)).toEqual(["compensationGap", "competingOffer", "engagement"]);
    const tasks = (await h.hr(`/hr/tasks?candidateId=${o.candidateId}&kind=risk`)).items as InboxTask[];
    const alert = tasks.find((t) => t.subject.offerId === o.offerId && t.type === "risk-alert");
    expect(alert?.title).toBe("Drop-off risk 6/10 (crossed-threshold): clarify comp, call");
    expect(await timelineTypes(o.candidateId)).toContain("offer.risk.alert");
    h.stack.engine.stopExecution(o.arn);
  });

  describe("re-engagement months later", () => {
    async function declinedWithConsent(name: string) {
      const o = await approvedOffer({ name, locale: "en" });
      const res = await postLink(linkIn(h, o.email, "decline")!, { action: "decline", text: "Relocating to Shenzhen", consent: "yes" });
      expect(res.status).toBe(200);
      expect((await h.finished(o.arn)).status).toBe("SUCCEEDED");
      return o;
    }
    const reEngagementRun = async (candidateId: string) => {
      const arn = h.stack.stateMachineArn("ReEngagement");
      let found: string | undefined;
      await expect.poll(() => (found = h.stack.engine.listExecutions({ stateMachineArn: arn }).find((e) => JSON.parse(h.stack.engine.describeExecution(e.executionArn).input ?? "{}").candidateId === candidateId)?.executionArn)).toBeTruthy();
      return found!;
    };

    it("schedules re-engagement six months out for a consenting candidate who declined; the schedule is visible and cancellable", async () => {
      const o = await declinedWithConsent("Rae Cancel");
      expect(h.statesVisited(o.arn).slice(-3)).toEqual(["RouteCandidateResponse", "RecordOfferDeclined", "ScheduleReEngagementAfterDecline"]);
      const plan = await h.hr(`/hr/candidates/${o.candidateId}/re-engagement`);
      expect(plan).toMatchObject({ status: "scheduled", reason: "declined", nurture: false });
      const months = (Date.parse(plan.fireAt) - Date.now()) / (30.4 * 86_400_000);
      expect(Math.round(months)).toBe(6);
      const schedule = h.stack.scheduler.getSchedule(plan.scheduleName, "hirepath");
      expect(schedule.Target.Arn).toBe(h.stack.stateMachineArn("ReEngagement"));
      expect(schedule.ScheduleExpression).toBe(`at(${plan.fireAt.slice(0, 19)})`);

      const cancelled = await h.hr(`/hr/candidates/${o.candidateId}/re-engagement`, { method: "DELETE" });
      expect(cancelled.status).toBe("cancelled");
      expect(() => h.stack.scheduler.getSchedule(plan.scheduleName, "hirepath")).toThrow(/does not exist/);
    });

    it("schedules nothing for a stalled candidate who never consented", async () => {
      const o = await approvedOffer();
      await expireUntil(h, o.arn, "ScheduleReEngagementAfterStall");
      expect((await h.finished(o.arn)).status).toBe("SUCCEEDED");
      expect(await timelineTypes(o.candidateId)).toContain("reengagement.not-scheduled");
      const res = await fetch(`${h.stack.appUrl}/hr/candidates/${o.candidateId}/re-engagement`, { headers: { authorization: `Bearer ${await h.stack.issuer.issueToken("recruiter")}` } });
      expect(res.status).toBe(404);
    });

    it("gives HR a brief when the schedule fires: timeline, what they cared about, new openings and policy changes (brief only)", async () => {
      const o = await declinedWithConsent("Rae Brief");
      await h.hr("/hr/policy-changes", { method: "POST", body: JSON.stringify({ summary: "Hybrid work: three office days a week" }) });
      await h.hr(`/hr/requisitions/req-new-opening-${process.pid}`, { method: "PUT", body: JSON.stringify({ title: "Senior Account Executive", location: "上海", screening: { requiredKeywords: [] } }) });
      const plan = await h.hr(`/hr/candidates/${o.candidateId}/re-engagement`);
      await h.stack.scheduler.fireNow(plan.scheduleName, "hirepath");
      const run = await reEngagementRun(o.candidateId);
      expect((await h.finished(run)).status).toBe("SUCCEEDED");
      expect(h.statesVisited(run)).toEqual(["BuildReEngagementBrief", "RouteNurture", "BriefOnly"]);
      const view = await h.hr(`/hr/candidates/${o.candidateId}`);
      const brief = view.timeline.find((e: { type: string }) => e.type === "reengagement.brief").data;
      expect(brief.caredAbout).toContain("Declined because: Relocating to Shenzhen");
      expect(brief.changesSince.policyChanges).toContain("Hybrid work: three office days a week");
      expect(brief.changesSince.newOpenings.map((r: { title: string }) => r.title)).toContain("Senior Account Executive");
      expect(brief.timeline.length).toBeGreaterThan(3);
      const tasks = (await h.hr(`/hr/tasks?kind=re-engagement`)).items as InboxTask[];
      expect(tasks.some((t) => t.subject.candidateId === o.candidateId && t.type === "re-engagement")).toBe(true);
    });

    it("nurtures by the preferred channel until the candidate unsubscribes with one click, then stops", async () => {
      const o = await declinedWithConsent("Rae Nurture");
      const plan = await h.hr(`/hr/candidates/${o.candidateId}/re-engagement`, { method: "PUT", body: JSON.stringify({ nurture: true }) });
      expect(plan.nurture).toBe(true);
      await h.stack.scheduler.fireNow(plan.scheduleName, "hirepath");
      const run = await reEngagementRun(o.candidateId);
      await waitForState(h, run, "WaitBeforeNextNurture");
      const nurture = h.stack.outbox.list({ to: o.email }).find((m) => m.subject?.includes("it's been a while"));
      expect(nurture).toBeTruthy();
      const unsubscribe = nurture!.headers.find((x) => x.name.toLowerCase() === "list-unsubscribe")!.value.slice(1, -1);
      // RFC 8058: the mail client POSTs to the List-Unsubscribe address.
      expect((await fetch(unsubscribe, { method: "POST" })).status).toBe(200);
      expect((await wakeUntilFinished(h, run)).status).toBe("SUCCEEDED");
      expect(h.statesVisited(run)).toEqual([
        "BuildReEngagementBrief", "RouteNurture", "SendNurtureMessage", "RouteNurtureResult", "WaitBeforeNextNurture",
        "SendNurtureMessage", "RouteNurtureResult", "RecordNurtureStopped",
      ]);
      const stopped = (await h.hr(`/hr/candidates/${o.candidateId}`)).timeline.find((e: { type: string }) => e.type === "reengagement.nurture.stopped");
      expect(stopped.data.reason).toBe("unsubscribed");
      expect(h.stack.outbox.list({ to: o.email }).filter((m) => m.subject?.includes("it's been a while"))).toHaveLength(1);
    });

    it("stops nurture when HR records that consent was revoked", async () => {
      const o = await declinedWithConsent("Rae Revoke");
      const plan = await h.hr(`/hr/candidates/${o.candidateId}/re-engagement`, { method: "PUT", body: JSON.stringify({ nurture: true }) });
      await h.stack.scheduler.fireNow(plan.scheduleName, "hirepath");
      const run = await reEngagementRun(o.candidateId);
      await waitForState(h, run, "WaitBeforeNextNurture");
      await h.hr(`/hr/candidates/${o.candidateId}/consent`, { method: "PUT", body: JSON.stringify({ granted: false }) });
      expect((await wakeUntilFinished(h, run)).status).toBe("SUCCEEDED");
      expect(h.statesVisited(run).at(-1)).toBe("RecordNurtureStopped");
      const stopped = (await h.hr(`/hr/candidates/${o.candidateId}`)).timeline.find((e: { type: string }) => e.type === "reengagement.nurture.stopped");
      expect(stopped.data.reason).toBe("consent revoked");
    });
  });
});