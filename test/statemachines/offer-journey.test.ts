// Every branch of statemachines/offer-journey.asl.json on the local engine with the real handlers,
// dynalite and the SES emulator. Callback waits are advanced with the engine's test clock
// (expireTaskTokens) and Wait states with wakeWaits; nothing sleeps.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJourneyHarness, type JourneyHarness } from "./journey-harness.js";
import { approvers, completeParts, createOffer, defaultPolicy, expireUntil, linkIn, postLink, submitOffer, waitForState } from "./offer-harness.js";

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
    expect(late.text).toContain("already decided");

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
    expect(offerEmail?.headers?.["List-Unsubscribe-Post"] ?? JSON.stringify(offerEmail)).toContain("One-Click");

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
      "CheckApprovalStepsRemaining", "StartResponseClock", "SendOfferToCandidate", "RouteCandidateResponse", "RecordOfferAccepted", "PlanPreOnboarding", "RunPreOnboardingTouches",
      "WaitForTouchTime", "SendPreOnboardingTouch", "WaitForTouchTime", "SendPreOnboardingTouch", "WaitForTouchTime", "SendPreOnboardingTouch", "WaitForTouchTime", "SendPreOnboardingTouch",
    ]);
    const types = await timelineTypes(o.candidateId);
    expect(types.filter((t) => t === "offer.pre-onboarding.touch")).toHaveLength(4);
    expect((await offerOf(o)).offer.status).toBe("accepted");
  });
});
