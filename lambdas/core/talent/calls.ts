// Call logging: each attempt lands once (its id derives from the client's attempt key), feeds the
// best-time counters, moves the pool status (contacted, or unreachable with the evidence after N
// failures in a row), sends one follow-up after a miss, closes the candidate's open call task (the
// call was made) and books the next attempt as their one call task, at the recommended hour.
import * as z from "../shared/zod.js";
import { NotFoundError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import type { Clock, HirepathStore } from "../shared/ports.js";
import { localSlot, nextSlot, recommend, type Recommendation } from "./best-time.js";
import { CallOutcome, MISSED_OUTCOMES, type CallAttempt } from "./talent-model.js";
import type { TalentStore } from "./talent-ports.js";
import type { SendMessageInput, SendMessageResult } from "../outreach/send-message.js";
import { ALL_FAMILIES } from "./talent-config.js";
import { closeActiveInSlot, openTask } from "../tasks/tasks.js";
import type { TaskStore } from "../tasks/task-ports.js";

export const LogCallInput = z
  .object({
    /** Client-chosen, so a double-submitted form or a retried request logs one attempt. */
    attemptKey: z.string().min(1).max(200),
    at: z.iso.datetime({ offset: true }).optional(),
    outcome: CallOutcome,
    callBackAt: z.iso.datetime({ offset: true }).optional(),
    note: z.string().max(2000).optional(),
    requisitionId: z.string().min(1).max(100).optional(),
    /** Send the follow-up SMS/email after a missed call (default: yes). */
    followUp: z.boolean().default(true),
  })
  .strict()
  .refine((c) => c.outcome !== "call-back" || c.callBackAt !== undefined, { message: "a call-back outcome needs callBackAt", path: ["callBackAt"] });
export type LogCallInput = z.infer<typeof LogCallInput>;

export interface CallDeps {
  store: HirepathStore;
  talent: TalentStore;
  tasks: TaskStore;
  clock: Clock;
  sendFollowUp: (input: SendMessageInput) => Promise<SendMessageResult>;
  config: { unreachableAfter: number; minAttemptsForRecommendation: number; defaultCallHour: number };
}

export interface LogCallResult {
  callId: string;
  duplicate: boolean;
  status: string;
  followUp?: SendMessageResult;
  nextAttemptAt?: string;
  recommendation?: Recommendation;
}

export async function logCall(candidateId: string, input: LogCallInput, actor: { sub: string }, deps: CallDeps): Promise<LogCallResult> {
  const candidate = await deps.store.getCandidate(candidateId);
  if (!candidate) throw new NotFoundError(`candidate ${candidateId} not found`);
  const [talent, requisition] = await Promise.all([deps.talent.getTalent(candidateId), input.requisitionId ? deps.store.getRequisition(input.requisitionId) : undefined]);
  const now = deps.clock.now();
  const at = input.at ? new Date(input.at) : now;
  const callId = derivedId("call", candidateId, input.attemptKey);
  const roleFamily = requisition?.roleFamily ?? talent?.roleFamily ?? "general";
  const slot = localSlot(at, candidate.timeZone);
  const attempt: CallAttempt = {
    callId,
    candidateId,
    at: at.toISOString(),
    outcome: input.outcome,
    ...(input.callBackAt ? { callBackAt: new Date(input.callBackAt).toISOString() } : {}),
    ...(input.note ? { note: input.note } : {}),
    by: actor.sub,
    ...(input.requisitionId ? { requisitionId: input.requisitionId } : {}),
    roleFamily,
    ...slot,
  };
  // A retry finds the attempt as first recorded (its time included) and adds nothing new.
  const { created, attempt: recorded } = await deps.talent.recordCallAttempt(attempt);
  const missed = MISSED_OUTCOMES.includes(input.outcome);
  const nowIso = now.toISOString();
  await deps.store.addTimelineEvent({
    eventId: callId,
    candidateId,
    at: recorded.at,
    type: "talent.call",
    summary: `Call ${recorded.outcome}${recorded.note ? `: ${recorded.note}` : ""}`,
    data: { ...recorded },
  });
  // The call was made, so the task that asked for it is done. Not the one this call books next (a
  // retry finds it open), and not one opened after this call happened (a late retry of an older call).
  const nextTaskKey = `call:${callId}`;
  await closeActiveInSlot(candidateId, "call", { outcome: recorded.outcome, ...(recorded.note ? { note: recorded.note } : {}), by: actor.sub }, { openedBefore: recorded.at, exceptKey: nextTaskKey }, deps);
  const updated = created
    ? await deps.talent.updateTalent(candidateId, nowIso, (t) => {
        if (input.requisitionId && !t.requisitionIds.includes(input.requisitionId)) t.requisitionIds.push(input.requisitionId);
        t.roleFamily ??= roleFamily;
        if (missed) {
          t.failedAttempts += 1;
          const evidence = [...(t.unreachableEvidence ?? []), `${attempt.at} call: ${input.outcome}`].slice(-20);
          t.unreachableEvidence = evidence;
          if (input.outcome === "wrong-number" || t.failedAttempts >= deps.config.unreachableAfter) {
            t.status = "unreachable";
            t.statusReason = `${t.failedAttempts} failed attempts`;
          }
        } else {
          t.failedAttempts = 0;
          delete t.unreachableEvidence;
          t.lastContactAt = attempt.at;
          if (t.status === "not-contacted" || t.status === "unreachable") {
            t.status = "contacted";
            t.statusReason = `reached by phone ${attempt.at}`;
          }
        }
        return t;
      })
    : await deps.talent.getTalent(candidateId);

  const result: LogCallResult = { callId, duplicate: !created, status: updated?.status ?? "not-contacted" };
  if (updated?.status === "unreachable" && input.outcome === "wrong-number") return result;

  // The follow-up's message id derives from the call id, so a retry never sends twice.
  if (missed && input.followUp && input.outcome !== "wrong-number") {
    result.followUp = await deps.sendFollowUp({
      candidateId,
      template: "missed-call-followup",
      channel: "sms",
      idempotencyKey: `call-followup:${callId}`,
      ...(input.requisitionId ? { requisitionId: input.requisitionId } : {}),
    });
  }

  if (input.outcome === "call-back" || (missed && updated?.status !== "unreachable")) {
    let due: Date;
    if (input.outcome === "call-back") due = new Date(input.callBackAt!);
    else {
      const [family, everyone] = await Promise.all([deps.talent.callCounts(roleFamily), deps.talent.callCounts(ALL_FAMILIES)]);
      const rec = recommend({ name: roleFamily, counts: family }, everyone, deps.config.minAttemptsForRecommendation);
      if (rec) result.recommendation = rec;
      // Never the same hour that just failed on the same day: start looking from the next hour.
      due = nextSlot(now, candidate.timeZone, rec?.hour ?? deps.config.defaultCallHour, rec?.weekday);
    }
    result.nextAttemptAt = due.toISOString();
    const reason = input.outcome === "call-back" ? "candidate asked for a call back" : `retry after ${input.outcome}`;
    // The candidate's one call task: opened, or (another path opened one meanwhile) moved to this time.
    await openTask(
      {
        kind: "call",
        type: input.outcome === "call-back" ? "call-back" : "retry",
        subject: { candidateId, ...(input.requisitionId ? { requisitionId: input.requisitionId } : {}) },
        title: `Call ${candidate.name}: ${reason}`,
        context: { reason, afterCall: callId },
        dueAt: result.nextAttemptAt,
        idempotencyKey: nextTaskKey,
      },
      deps,
    );
  }
  return result;
}
