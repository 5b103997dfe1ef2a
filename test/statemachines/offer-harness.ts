// Offer-journey helpers on top of the journey harness: a requisition with an offer policy, a
// candidate with an application, an offer draft, and the links in the outbox.
import { expect } from "vitest";
import type { OfferParts, OfferPolicy } from "../../lambdas/core/offer/offer-model.js";
import { application, type JourneyHarness } from "./journey-harness.js";

export const approvers = {
  manager: { email: "manager@hirepath.test", name: "Manager Wang" },
  director: { email: "director@hirepath.test", name: "Director Li" },
  finance1: { email: "finance1@hirepath.test", name: "Finance Zhao" },
  finance2: { email: "finance2@hirepath.test", name: "Finance Qian" },
  finance3: { email: "finance3@hirepath.test", name: "Finance Sun" },
  ceo: { email: "ceo@hirepath.test", name: "CEO Zhou" },
  owner: { email: "owner@hirepath.test", name: "Owner Wu" },
};

export function defaultPolicy(over: Partial<OfferPolicy> = {}): OfferPolicy {
  return {
    budget: { min: 300_000, max: 420_000, currency: "CNY" },
    ownerEmail: approvers.owner.email,
    ownerName: approvers.owner.name,
    approvalChain: [
      { name: "Hiring manager", approvers: [approvers.manager], required: 1, when: "always" },
      { name: "Finance", approvers: [approvers.finance1, approvers.finance2, approvers.finance3], required: 2, when: "always" },
      { name: "Compensation committee (out of budget)", approvers: [approvers.director], required: 1, when: "out-of-budget" },
      { name: "Executive", approvers: [approvers.ceo], required: 1, when: "executive" },
    ],
    ...over,
  };
}

export function completeParts(over: Partial<OfferParts> = {}, deadlineInMs = 3 * 86_400_000): OfferParts {
  const deadline = new Date(Date.now() + deadlineInMs);
  const start = new Date(Date.now() + 30 * 86_400_000);
  return {
    basePay: { amount: 25_000, currency: "CNY", period: "month", monthsPerYear: 14 },
    commission: { kind: "formula", rate: 0.05, base: "revenue", threshold: 200_000, period: "quarter", example: { achieved: 500_000, payout: 15_000 } },
    bonus: { kind: "target", targetPercent: 10, basis: "company and individual targets" },
    benefits: ["五险一金 / social insurance and housing fund", "15 days annual leave"],
    probation: { months: 3, payPercent: 100 },
    startDate: start.toISOString().slice(0, 10),
    location: "上海 Shanghai",
    responseDeadline: deadline.toISOString(),
    ...over,
  };
}

let offers = 0;

export async function createOffer(
  h: JourneyHarness,
  options: { policy?: OfferPolicy; parts?: OfferParts; expectation?: number; includeExecutiveStep?: boolean; competingOffer?: boolean; locale?: "zh-CN" | "en"; name?: string; preferredChannel?: "email" | "sms"; timeZone?: string } = {},
) {
  const requisitionId = `req-offer-${process.pid}-${++offers}`;
  await h.hr(`/hr/requisitions/${requisitionId}`, {
    method: "PUT",
    body: JSON.stringify({ title: "大客户销售经理 / Key Account Manager", locale: "zh-CN", screening: { requiredKeywords: ["销售|sales"] } }),
  });
  await h.hr(`/hr/requisitions/${requisitionId}/offer-policy`, { method: "PUT", body: JSON.stringify(options.policy ?? defaultPolicy()) });
  const body = application({ requisitionId, locale: options.locale ?? "zh-CN", ...(options.name ? { name: options.name } : {}), ...(options.preferredChannel ? { preferredChannel: options.preferredChannel } : {}), ...(options.timeZone ? { timeZone: options.timeZone } : {}) });
  const { body: accepted } = await h.post(body);
  const offerId = `offer${offers}x${process.pid}`;
  const draft = await h.hr(`/hr/candidates/${accepted.candidateId}/offers/${offerId}`, {
    method: "PUT",
    body: JSON.stringify({
      applicationId: accepted.applicationId,
      parts: options.parts ?? completeParts(),
      candidateExpectation: { amount: options.expectation ?? 360_000, currency: "CNY" },
      includeExecutiveStep: options.includeExecutiveStep ?? false,
      competingOffer: options.competingOffer ?? false,
    }),
  });
  return { candidateId: accepted.candidateId, applicationId: accepted.applicationId, offerId, email: body.candidate.email!, phone: body.candidate.phone!, name: body.candidate.name, applicationExecutionArn: accepted.executionArn, draft };
}

export async function submitOffer(h: JourneyHarness, o: { candidateId: string; offerId: string }) {
  const res = await fetch(`${h.stack.appUrl}/hr/candidates/${o.candidateId}/offers/${o.offerId}/submit`, {
    method: "POST",
    headers: { authorization: `Bearer ${await h.stack.issuer.issueToken("recruiter")}` },
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** The approve/reject (or accept/decline/question) link for `action` in the newest email to `to` whose subject matches. */
export function linkIn(h: JourneyHarness, to: string, action: string, subject?: RegExp): string | undefined {
  const messages = h.stack.outbox.list({ to }).filter((m) => !subject || subject.test(m.subject ?? ""));
  for (const m of messages) {
    const found = new RegExp(`href="([^"]+/o/[A-Za-z0-9_-]+\\?action=${action})"`).exec(m.html ?? "")?.[1];
    if (found) return found.replace(/&amp;/g, "&");
  }
  return undefined;
}

export async function postLink(url: string, form: Record<string, string>, userAgent = "vitest-approver") {
  const res = await fetch(url.split("?")[0]!, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": userAgent }, body: new URLSearchParams(form).toString() });
  return { status: res.status, text: await res.text() };
}

/**
 * Test clock for callback waits: expire the open wait until the execution reaches `state`. A
 * message held meanwhile (the reminder, when the whole story is on one day and the daily cap is
 * used up) is a Wait state: it is woken too.
 */
export async function expireUntil(h: JourneyHarness, arn: string, state: string, max = 80): Promise<number> {
  for (let i = 0; i < max; i++) {
    await h.stack.engine.whenIdle();
    if (h.statesVisited(arn).includes(state)) return i;
    if (h.stack.engine.describeExecution(arn).status !== "RUNNING") break;
    h.stack.engine.expireTaskTokens(arn);
    h.stack.engine.wakeWaits(arn);
  }
  throw new Error(`${state} not reached; visited ${h.statesVisited(arn).join(" → ")}`);
}

/**
 * Past the offer email's plan: when quiet hours or the daily cap hold it (the journey waits in
 * WaitForOfferSendTime), journey time moves to its send time; then the email is sent.
 */
export async function waitForOfferSent(h: JourneyHarness, arn: string): Promise<void> {
  await passHold(h, arn, "WaitForOfferSendTime");
  await waitForState(h, arn, "SendOfferToCandidate");
}

/**
 * Once the execution reaches `waitState` (the wait after a message's plan), journey time moves to
 * the end of the hold if there is one, as it would pass: a story that puts a whole journey on one
 * day meets the daily cap.
 */
export async function passHold(h: JourneyHarness, arn: string, waitState: string): Promise<void> {
  await waitForState(h, arn, waitState);
  const held = h.stack.engine.pendingWaits().find((w) => w.executionArn === arn && w.stateName === waitState);
  if (held) await h.stack.clock.advanceTo(Math.max(held.until, h.stack.clock.now()));
}

/**
 * Test clock for Wait states: wakes the execution's waits until it ends. A hold counts as a wait:
 * a test that skips the month between nurtures in no journey time has every message on one day,
 * so the daily cap holds the second one to the next morning.
 */
export async function wakeUntilFinished(h: JourneyHarness, arn: string) {
  while (h.stack.engine.describeExecution(arn).status === "RUNNING") {
    h.stack.engine.wakeWaits(arn);
    await new Promise((r) => setTimeout(r, 5));
  }
  return h.finished(arn);
}

export async function waitForState(h: JourneyHarness, arn: string, state: string, occurrence = 1): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (h.statesVisited(arn).filter((s) => s === state).length < occurrence) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${state} in ${h.statesVisited(arn).join(" → ")}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  await h.stack.engine.whenIdle();
}

/** Every approver of the default policy approves from their email, until the offer goes to the candidate. */
export async function approveWholeChain(h: JourneyHarness, arn: string): Promise<void> {
  await waitForState(h, arn, "OpenApprovalStep");
  for (const [approver, occurrence] of [[approvers.manager.email, 2], [approvers.finance1.email, 0], [approvers.finance2.email, 0]] as const) {
    expect((await postLink(linkIn(h, approver, "approve")!, { action: "approve" })).status).toBe(200);
    if (occurrence) await waitForState(h, arn, "OpenApprovalStep", occurrence);
  }
  await waitForState(h, arn, "SendOfferToCandidate");
}
