// HR's hand on re-engagement: recording the candidate's consent to future contact (what a running
// nurture reads before each message) and moving a planned re-engagement.
import * as z from "../shared/zod.js";
import { NotFoundError, ValidationError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import type { Consent, ReEngagement } from "../offer/offer-model.js";
import { scheduleReEngagement, type PlanDeps } from "./re-engagement.js";

export const ConsentBody = z.object({ granted: z.boolean(), expiresAt: z.iso.datetime({ offset: true }).optional() }).strict();
export type ConsentBody = z.infer<typeof ConsentBody>;

export const ReEngagementBody = z.object({ fireAt: z.iso.datetime({ offset: true }).optional(), nurture: z.boolean().default(false) }).strict();
export type ReEngagementBody = z.infer<typeof ReEngagementBody>;

export async function recordConsent(candidateId: string, body: ConsentBody, deps: Pick<PlanDeps, "store" | "offers" | "clock">): Promise<Consent> {
  if (!(await deps.store.getCandidate(candidateId))) throw new NotFoundError(`candidate ${candidateId} not found`);
  const at = deps.clock.now().toISOString();
  const consent: Consent = { candidateId, purpose: "re-engagement", granted: body.granted, at, source: "hr", ...(body.expiresAt ? { expiresAt: body.expiresAt } : {}) };
  await deps.offers.putConsent(consent);
  // A consent change is what stops a running nurture (re-engagement.ts reads it before each message).
  await deps.store.addTimelineEvent({ eventId: derivedId("consent", candidateId, at), candidateId, at, type: "consent.changed", summary: `HR recorded consent to future contact: ${body.granted ? "granted" : "revoked"}`, data: { ...consent } });
  return consent;
}

export async function getReEngagementPlan(candidateId: string, deps: Pick<PlanDeps, "offers">): Promise<ReEngagement> {
  const plan = await deps.offers.getReEngagement(candidateId);
  if (!plan) throw new NotFoundError(`no re-engagement planned for candidate ${candidateId}`);
  return plan;
}

/** Moves the plan's date (or keeps it) and turns nurture on or off; the plan exists once an offer stalled or was declined. */
export async function replanReEngagement(candidateId: string, body: ReEngagementBody, deps: PlanDeps): Promise<ReEngagement | undefined> {
  const plan = await deps.offers.getReEngagement(candidateId);
  if (!plan) throw new NotFoundError(`no re-engagement planned for candidate ${candidateId}: it is created when a consenting candidate's offer stalls or is declined`);
  const fireAt = body.fireAt ? new Date(body.fireAt) : new Date(plan.fireAt);
  if (fireAt.getTime() <= deps.clock.now().getTime()) throw new ValidationError("request is not valid", [{ path: "fireAt", message: "must be in the future", code: "too_small" }]);
  await scheduleReEngagement(plan.candidateId, plan.offerId, plan.reason, fireAt, body.nurture, deps);
  return deps.offers.getReEngagement(candidateId);
}
