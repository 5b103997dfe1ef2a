// HR's hand on re-engagement: recording the candidate's consent to future contact (what a running
// nurture reads before each message, kept in the one preference record) and moving a planned re-engagement.
import * as z from "../shared/zod.js";
import { NotFoundError, ValidationError } from "../shared/errors.js";
import type { ReEngagement } from "../offer/offer-model.js";
import { readPreferences, recordConsent, type PreferenceDeps } from "../preferences/preferences.js";
import { scheduleReEngagement, type PlanDeps } from "./re-engagement.js";

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

/** Moves the plan's date (or keeps it) and turns nurture on or off; the plan exists once an offer stalled or was declined. */
export async function replanReEngagement(candidateId: string, body: ReEngagementBody, deps: PlanDeps): Promise<ReEngagement | undefined> {
  const plan = await deps.offers.getReEngagement(candidateId);
  if (!plan) throw new NotFoundError(`no re-engagement planned for candidate ${candidateId}: it is created when a consenting candidate's offer stalls or is declined`);
  const fireAt = body.fireAt ? new Date(body.fireAt) : new Date(plan.fireAt);
  if (fireAt.getTime() <= deps.clock.now().getTime()) throw new ValidationError("request is not valid", [{ path: "fireAt", message: "must be in the future", code: "too_small" }]);
  await scheduleReEngagement(plan.candidateId, plan.offerId, plan.reason, fireAt, body.nurture, deps);
  return deps.offers.getReEngagement(candidateId);
}
