// What closing an offer task means for the offer. An answered question counts as engagement in the
// drop-off risk, and a stalled decision's confirmed reason is kept for the re-engagement brief. Both
// derive only from the closed task as stored (its resolution and time), so running them again after
// a crash, or for the loser of two concurrent closes, completes what is missing and changes nothing else.
import * as z from "../shared/zod.js";
import { derivedId } from "../shared/ids.js";
import type { Clock, HirepathStore, OfferStore } from "../shared/ports.js";
import type { Task } from "../tasks/task-model.js";
import type { PolicyChange } from "./offer-model.js";

export const PolicyChangeBody = z.object({ summary: z.string().min(1).max(2000) }).strict();
export type PolicyChangeBody = z.infer<typeof PolicyChangeBody>;

/** Offer task types (kind "offer" unless noted). */
export const OFFER_TASK_TYPES = {
  question: "candidate-question",
  stalled: "decision-stalled",
  approvalExpired: "approval-expired",
  /** kind "risk" */
  riskAlert: "risk-alert",
  /** kind "re-engagement" */
  reEngagement: "re-engagement",
} as const;

/** The offer's side of a closed task; false when the task is not one the offer reacts to. */
export async function afterOfferTaskDone(task: Task, deps: { store: HirepathStore; offers: OfferStore }): Promise<boolean> {
  const resolution = task.resolution;
  if (task.kind !== "offer" || !resolution) return false;
  const { candidateId, offerId } = task.subject;
  if (task.type === OFFER_TASK_TYPES.question) {
    const question = String(task.context.question ?? "");
    await deps.store.addTimelineEvent({
      eventId: derivedId("question-answered", task.taskId),
      candidateId,
      at: resolution.at,
      type: "offer.question.answered",
      summary: `HR answered: ${resolution.note ?? "(answered outside Hirepath)"}`.slice(0, 2000),
      data: { taskId: task.taskId, offerId: offerId ?? null, question, answer: resolution.note ?? null, answeredWithinTarget: resolution.at <= task.dueAt },
    });
    return true;
  }
  if (task.type === OFFER_TASK_TYPES.stalled && offerId) {
    // HR confirms or corrects the pre-filled likely reason; the re-engagement brief shows it later.
    const stalledReason = resolution.note ?? task.suggestion ?? "";
    await deps.offers.updateOffer(candidateId, offerId, { stalledReason, updatedAt: resolution.at });
    await deps.store.addTimelineEvent({ eventId: derivedId("stall-reason", task.taskId), candidateId, at: resolution.at, type: "offer.stall-reason.recorded", summary: `HR recorded why the decision stalled: ${stalledReason}`, data: { offerId, stalledReason, suggested: task.suggestion ?? null } });
    return true;
  }
  return false;
}

/** A policy change (hybrid work, new benefits…) that re-engagement briefs list for offers made before it. */
export async function recordPolicyChange(body: PolicyChangeBody, deps: { offers: OfferStore; clock: Clock }): Promise<PolicyChange> {
  const at = deps.clock.now().toISOString();
  const change = { changeId: derivedId("policy-change", at, body.summary), at, summary: body.summary };
  await deps.offers.addPolicyChange(change);
  return change;
}
