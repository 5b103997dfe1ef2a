// HR's hand on re-engagement: recording the candidate's consent to future contact (what a running
// nurture reads before each message, kept in the one preference record) and moving a planned re-engagement.
import * as z from "../shared/zod.js";
import { NotFoundError, StateConflictError, ValidationError } from "../shared/errors.js";
import type { ReEngagement } from "../offer/offer-model.js";
import { consentIsCurrent, readPreferences, recordConsent, type PreferenceDeps } from "../preferences/preferences.js";
import { nextAllowedSendTime } from "../outreach/quiet-hours.js";
import { sendingRulesInForce } from "../outreach/sending-rules.js";
import { addMonths, DEFAULT_RE_ENGAGEMENT_MONTHS, scheduleReEngagement, type PlanDeps } from "./re-engagement.js";

export const ConsentBody = z.object({ granted: z.boolean(), expiresAt: z.iso.datetime({ offset: true }).optional() }).strict();
export type ConsentBody = z.infer<typeof ConsentBody>;

export const ReEngagementBody = z.object({ fireAt: z.iso.datetime({ offset: true }).optional(), nurture: z.boolean().default(false) }).strict();
export type ReEngagementBody = z.infer<typeof ReEngagementBody>;

/** Re-engagement consent alone, as the offer journey first had it: recorded into the one preference record. */
export async function recordReEngagementConsent(candidateId: string, body: ConsentBody, actor: string, deps: PreferenceDeps) {
  await readPreferences(candidateId, deps);
  const consent = await recordConsent(candidateId, "re-engagement", { granted: body.granted, source: "hr", by: actor, ...(body.expiresAt ? { expiresAt: new Date(body.expiresAt).toISOString() } : {}) }, deps);
  return { candidateId, purpose: "re-engagement" as const, ...consent };
}

export async function getReEngagementPlan(candidateId: string, deps: Pick<PlanDeps, "offers">): Promise<ReEngagement> {
  const plan = await deps.offers.getReEngagement(candidateId);
  if (!plan) throw new NotFoundError(`no re-engagement planned for candidate ${candidateId}`);
  return plan;
}

/**
 * Moves the plan's date (or keeps it) and turns nurture on or off. Without a plan, plans one for the
 * candidate's latest stalled or declined offer, if they consent now: the offer journey plans only
 * when the consent was there at the stall, and HR often records it later, after a call.
 */
export async function replanReEngagement(candidateId: string, body: ReEngagementBody, deps: PlanDeps): Promise<ReEngagement | undefined> {
  const now = deps.clock.now();
  const plan = await deps.offers.getReEngagement(candidateId);
  if (body.fireAt && new Date(body.fireAt).getTime() <= now.getTime()) throw new ValidationError("request is not valid", [{ path: "fireAt", message: "must be in the future", code: "too_small" }]);
  if (plan) {
    await scheduleReEngagement(plan.candidateId, plan.offerId, plan.reason, body.fireAt ? new Date(body.fireAt) : new Date(plan.fireAt), body.nurture, deps);
    return deps.offers.getReEngagement(candidateId);
  }
  const ended = (await deps.offers.listOffers(candidateId)).filter((o) => o.status === "decision-stalled" || o.status === "declined").sort((a, b) => a.updatedAt.localeCompare(b.updatedAt)).pop();
  if (!ended) throw new NotFoundError(`no re-engagement planned for candidate ${candidateId}: it is planned for a candidate whose offer stalled or was declined`);
  if (!consentIsCurrent((await deps.preferences.getPreferences(candidateId))?.consents["re-engagement"], now)) {
    throw new StateConflictError(`candidate ${candidateId} has not consented to re-engagement: record it in their preferences first`, { code: "consent-missing", title: "The candidate has not consented" });
  }
  const candidate = await deps.store.getCandidate(candidateId);
  const later = addMonths(now, DEFAULT_RE_ENGAGEMENT_MONTHS);
  const fireAt = body.fireAt ? new Date(body.fireAt) : candidate ? nextAllowedSendTime(later, candidate.timeZone, (await sendingRulesInForce(deps.store)).quietHours) : later;
  await scheduleReEngagement(candidateId, ended.offerId, ended.status === "declined" ? "declined" : "decision-stalled", fireAt, body.nurture, deps);
  return deps.offers.getReEngagement(candidateId);
}
