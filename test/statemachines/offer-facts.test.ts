// Facts about an offer after it was submitted, on the local engine with the real handlers: HR flags a
// competing offer on an accepted offer (the no-show case), records a question the candidate asked by
// phone, moves the start date; the risk is scored again each time, and the offer journey's own steps
// move the talent status (offered, hired). A draft edit of a submitted offer says why it is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJourneyHarness, type JourneyHarness } from "./journey-harness.js";
import { approvers, createOffer, linkIn, postLink, submitOffer, waitForState, completeParts } from "./offer-harness.js";

let h: JourneyHarness;
let recruiter: string;
beforeAll(async () => {
  h = await startJourneyHarness();
  recruiter = await h.stack.issuer.issueToken("recruiter");
});
afterAll(async () => {
  await h?.stack.engine.whenIdle();
  await h?.close();
});

async function call(path: string, method: string, body?: unknown) {
  const res = await fetch(`${h.stack.appUrl}${path}`, { method, headers: { authorization: `Bearer ${recruiter}`, "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json()) as any };
}
const talentStatus = async (candidateId: string) => (await h.hr(`/hr/talent/candidates/${candidateId}`)).talent?.status;

async function sentOffer(options: Parameters<typeof createOffer>[1] = {}) {
  const o = await createOffer(h, options);
  const { body } = await submitOffer(h, o);
  const arn = body.executionArn as string;
  await waitForState(h, arn, "OpenApprovalStep");
  for (const approver of [approvers.manager.email, approvers.finance1.email, approvers.finance2.email]) {
    await expect.poll(() => linkIn(h, approver, "approve"), { timeout: 15_000 }).toBeTruthy();
    expect((await postLink(linkIn(h, approver, "approve")!, { action: "approve" })).status).toBe(200);
    await h.stack.engine.whenIdle();
  }
  await waitForState(h, arn, "SendOfferToCandidate");
  return { ...o, arn };
}

describe("facts about a submitted offer", () => {
  it("takes a competing offer on an accepted offer, scores the risk again and alerts HR, while the talent record says hired", async () => {
    const o = await sentOffer({ expectation: 437_500 });
    await expect.poll(() => talentStatus(o.candidateId), { timeout: 15_000 }).toBe("offered");
    expect((await postLink(linkIn(h, o.email, "accept")!, { action: "accept" })).status).toBe(200);
    await expect.poll(() => talentStatus(o.candidateId), { timeout: 15_000 }).toBe("hired");
    const before = (await call(`/hr/candidates/${o.candidateId}/offers/${o.offerId}`, "GET")).body.risk.score as number;

    const flagged = await call(`/hr/candidates/${o.candidateId}/offers/${o.offerId}/facts`, "POST", { kind: "competing-offer", note: "Competitor offered 20% more; start date wobbling", idempotencyKey: "competing-1" });
    expect(flagged.status).toBe(201);
    expect(flagged.body.offer).toMatchObject({ status: "accepted", competingOffer: true });
    expect(flagged.body.risk.score).toBeGreaterThan(before);
    expect(flagged.body.risk.topFactors.map((f: { factor: string }) => f.factor)).toContain("competingOffer");
    const review = (await call(`/hr/candidates/${o.candidateId}/offers/${o.offerId}`, "GET")).body;
    expect(review.offer.riskScore).toBe(flagged.body.risk.score);
    const timeline = (await h.hr(`/hr/candidates/${o.candidateId}`)).timeline as Array<{ type: string; data?: Record<string, unknown> }>;
    expect(timeline.find((e) => e.type === "offer.fact.competing-offer")?.data).toMatchObject({ note: "Competitor offered 20% more; start date wobbling", by: expect.any(String) });
    const tasks = (await h.hr("/hr/tasks?limit=100")).items as Array<{ kind: string; subject: { offerId?: string } }>;
    expect(tasks.some((t) => t.subject.offerId === o.offerId && t.kind === "risk")).toBe(true);

    // The same request again (a retry) records one fact.
    expect((await call(`/hr/candidates/${o.candidateId}/offers/${o.offerId}/facts`, "POST", { kind: "competing-offer", note: "Competitor offered 20% more; start date wobbling", idempotencyKey: "competing-1" })).status).toBe(201);
    const again = (await h.hr(`/hr/candidates/${o.candidateId}`)).timeline as Array<{ type: string }>;
    expect(again.filter((e) => e.type === "offer.fact.competing-offer")).toHaveLength(1);
    expect(await talentStatus(o.candidateId)).toBe("hired");
  });

  it("records a question heard by phone as an HR task and a start-date change on a sent offer", async () => {
    const o = await sentOffer();
    const asked = await call(`/hr/candidates/${o.candidateId}/offers/${o.offerId}/facts`, "POST", { kind: "question", question: "能否远程办公两天？" });
    expect(asked.status).toBe(201);
    const tasks = (await h.hr("/hr/tasks?limit=100")).items as Array<{ kind: string; subject: { offerId?: string }; context?: { question?: string } }>;
    expect(tasks.find((t) => t.subject.offerId === o.offerId && t.kind === "offer" && t.context?.question)?.context?.question).toBe("能否远程办公两天？");
    const later = completeParts().startDate!.replace(/-\d\d$/, "-28");
    const moved = await call(`/hr/candidates/${o.candidateId}/offers/${o.offerId}/facts`, "POST", { kind: "start-date-change", startDate: later, reason: "notice period" });
    expect(moved.status).toBe(201);
    expect(moved.body.offer.parts.startDate).toBe(later);
    expect(moved.body.offer.status).toBe("sent");
    h.stack.engine.stopExecution(o.arn);
  });

  it("refuses to edit a submitted offer as a draft with a 409 that says so (not 'changed by someone else'), and names the field of a bad fact", async () => {
    const o = await createOffer(h);
    expect((await submitOffer(h, o)).status).toBe(202);
    const edit = await call(`/hr/candidates/${o.candidateId}/offers/${o.offerId}`, "PUT", { applicationId: o.applicationId, parts: completeParts(), competingOffer: true });
    expect(edit.status).toBe(409);
    expect(edit.body).toMatchObject({ code: "offer-submitted", title: "The offer was already submitted" });
    expect(edit.body.detail).toContain("/facts");
    expect(edit.body.title).not.toMatch(/someone else/);
    const bad = await call(`/hr/candidates/${o.candidateId}/offers/${o.offerId}/facts`, "POST", { kind: "start-date-change", startDate: "next week" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ path: "startDate" }));
    const draft = await createOffer(h);
    const onDraft = await call(`/hr/candidates/${draft.candidateId}/offers/${draft.offerId}/facts`, "POST", { kind: "competing-offer" });
    expect(onDraft).toMatchObject({ status: 409, body: { code: "offer-is-draft" } });
    const running = h.stack.engine.listExecutions({ stateMachineArn: h.stack.stateMachineArn("OfferJourney") }).filter((e) => h.stack.engine.describeExecution(e.executionArn).status === "RUNNING");
    for (const e of running) h.stack.engine.stopExecution(e.executionArn);
  });
});
