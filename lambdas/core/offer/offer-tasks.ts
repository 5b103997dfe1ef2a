// HR closing an offer task. Closing says what happened: an answered question counts as engagement in the
// drop-off risk, and a stalled decision's confirmed reason is kept for the re-engagement brief.
import * as z from "../shared/zod.js";
import { ConcurrentChangeError, NotFoundError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import type { Clock, HirepathStore, OfferStore } from "../shared/ports.js";
import type { PolicyChange } from "./offer-model.js";

export const TaskDoneBody = z.object({ resolution: z.string().min(1).max(4000).optional() }).strict();
export type TaskDoneBody = z.infer<typeof TaskDoneBody>;

export const PolicyChangeBody = z.object({ summary: z.string().min(1).max(2000) }).strict();
export type PolicyChangeBody = z.infer<typeof PolicyChangeBody>;

interface Deps {
  store: HirepathStore;
  offers: OfferStore;
  clock: Clock;
}

export async function closeOfferTask(taskId: string, body: TaskDoneBody, deps: Deps) {
  const task = await deps.offers.getTask(taskId);
  if (!task) throw new NotFoundError(`task ${taskId} not found`);
  const at = deps.clock.now().toISOString();
  if (!(await deps.offers.completeTask(task.taskId, at, body.resolution))) throw new ConcurrentChangeError(`task ${task.taskId} is already done`);
  if (task.taskType === "candidate-question") {
    // An answered question counts as engagement in the drop-off risk, and leaves the brief's "unresolved" list.
    await deps.store.addTimelineEvent({
      eventId: derivedId("question-answered", task.taskId),
      candidateId: task.candidateId,
      at,
      type: "offer.question.answered",
      summary: `HR answered: ${body.resolution ?? "(answered outside Hirepath)"}`.slice(0, 2000),
      data: { taskId: task.taskId, offerId: task.offerId ?? null, question: task.question ?? "", answer: body.resolution ?? null, answeredWithinTarget: at <= task.dueAt },
    });
  }
  if (task.taskType === "decision-stalled" && task.offerId) {
    // HR confirms or corrects the pre-filled likely reason; the re-engagement brief shows it later.
    const stalledReason = body.resolution ?? task.suggestion ?? "";
    await deps.offers.updateOffer(task.candidateId, task.offerId, { stalledReason, updatedAt: at });
    await deps.store.addTimelineEvent({ eventId: derivedId("stall-reason", task.taskId), candidateId: task.candidateId, at, type: "offer.stall-reason.recorded", summary: `HR recorded why the decision stalled: ${stalledReason}`, data: { offerId: task.offerId, stalledReason, suggested: task.suggestion ?? null } });
  }
  return { ...task, status: "done" as const, doneAt: at, ...(body.resolution ? { resolution: body.resolution } : {}) };
}

/** A policy change (hybrid work, new benefits…) that re-engagement briefs list for offers made before it. */
export async function recordPolicyChange(body: PolicyChangeBody, deps: Pick<Deps, "offers" | "clock">): Promise<PolicyChange> {
  const at = deps.clock.now().toISOString();
  const change = { changeId: derivedId("policy-change", at, body.summary), at, summary: body.summary };
  await deps.offers.addPolicyChange(change);
  return change;
}
