// Call logging: each attempt lands once (its id derives from the client's attempt key), feeds the
// best-time counters, moves the derived pool status (contacted, or unreachable with the evidence
// once failures across channels add up), sends one follow-up after a miss (never to someone
// unreachable, nor by SMS to a number that failed for good), closes the candidate's open call task
// (the call was made) and books the next attempt as their one call task, at the recommended hour.
//
// The follow-up is a candidate message like any other: planned here (quiet hours and the daily cap in
// the candidate's zone, a hold on the timeline and in the HR API), then sent by its own small workflow
// (statemachines/call-follow-up.asl.json) when the plan allows, once, whatever dies meanwhile.
import * as z from "../shared/zod.js";
import { ConcurrentChangeError, NotFoundError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import type { Clock, HirepathStore, JourneyStarter } from "../shared/ports.js";
import type { Candidate, Channel, TimelineEvent } from "../shared/model.js";
import { planHeldMessage, type HoldEnding } from "../outreach/held-messages.js";
import { localSlot, nextSlot, recommend, type Recommendation } from "./best-time.js";
import { CallOutcome, MISSED_OUTCOMES, type CallAttempt } from "./talent-model.js";
import type { TalentStore } from "./talent-ports.js";
import type { SendMessageInput } from "../outreach/send-message.js";
import { ALL_FAMILIES } from "./talent-config.js";
import { refreshTalentStatus } from "./talent-status.js";
import { closeActiveInSlot, openTask } from "../tasks/tasks.js";
import type { TaskStore } from "../tasks/task-ports.js";
import type { PreferenceStore } from "../preferences/preferences-ports.js";

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
  /** Starts the follow-up's workflow (CALL_FOLLOW_UP_STATE_MACHINE_ARN): it waits for the planned time, then sends. */
  followUps: JourneyStarter;
  config: { minAttemptsForRecommendation: number; defaultCallHour: number };
  /** The one preference record: the best time the candidate stated goes on the call task. */
  preferences?: PreferenceStore;
}

export interface LogCallResult {
  callId: string;
  duplicate: boolean;
  status: string;
  followUp?: FollowUp;
  nextAttemptAt?: string;
  recommendation?: Recommendation;
}

/** The follow-up after a missed call, as planned: when it goes, why then, and the run that sends it. */
export interface FollowUp {
  channel: Channel;
  /** "held": quiet hours or the daily cap hold it until `sendAt` (on the timeline and in `heldMessages`); "sending": it goes now. */
  status: "held" | "sending";
  sendAt: string;
  reason: string;
  capExempt?: string;
  executionArn: string;
  /** The same call logged again: the follow-up planned the first time. */
  duplicate: boolean;
}

const FOLLOW_UP_EVENT = "talent.call.follow-up";
const FOLLOW_UP_WORDS = "Missed-call follow-up";
/**
 * The daily cap does not hold the follow-up of a call the candidate asked for (the call before this
 * one ended "call-back"): it answers their own request. Any other follow-up is ours to send, so the
 * cap holds it like every other message; quiet hours apply to both.
 */
const ASKED_FOR_IT = "it follows up a call the candidate asked for";

function askedForThisCall(timeline: readonly TimelineEvent[], callId: string, at: string): boolean {
  const earlier = timeline.filter((e) => e.type === "talent.call" && e.eventId !== callId && e.at <= at).sort((a, b) => a.at.localeCompare(b.at));
  return (earlier.at(-1)?.data as { outcome?: string } | undefined)?.outcome === "call-back";
}

/**
 * A later call that reached the candidate (or in which they asked to be called back) makes the
 * follow-up moot: it ends the hold in the HR API at once, and the send step re-checks before sending.
 */
const REACHED_SINCE = (at: string): HoldEnding[] => (["reached", "call-back"] as const).map((outcome) => ({ type: "talent.call", match: { outcome }, since: at }));

async function planFollowUp(candidate: Candidate, callId: string, at: string, message: SendMessageInput & { channel: Channel }, deps: CallDeps): Promise<FollowUp> {
  const view = await deps.store.getCandidateView(candidate.candidateId);
  const timeline = view?.timeline ?? [];
  // Logged again (a retried request, a double-submitted form): the follow-up planned the first time.
  const planned = timeline.find((e) => e.type === FOLLOW_UP_EVENT && (e.data as { callId?: string } | undefined)?.callId === callId);
  if (planned) return { ...(planned.data as unknown as Omit<FollowUp, "duplicate">), duplicate: true };
  const name = `${callId}-follow-up`;
  const plan = await planHeldMessage(
    {
      holdKey: derivedId("call-follow-up-hold", callId),
      candidateId: candidate.candidateId,
      what: FOLLOW_UP_WORDS,
      timeZone: candidate.timeZone,
      messageKey: message.idempotencyKey,
      executionId: name,
      endsOn: REACHED_SINCE(at),
      ...(askedForThisCall(timeline, callId, at) ? { capExemptBecause: ASKED_FOR_IT } : {}),
    },
    deps,
  );
  const sendAt = plan.sendAt.toISOString();
  const input = { candidateId: candidate.candidateId, callId, plan: { sendAt, channel: message.channel, reason: plan.reason }, message: { ...message, unless: REACHED_SINCE(at) } };
  let executionArn: string;
  try {
    executionArn = await deps.followUps.startJourney(name, input);
  } catch (e) {
    // The name is per call: a run under it with another plan (a retry after a crash, planned a moment
    // later) is this call's follow-up already, and it sends under the same message id.
    if (!(e instanceof ConcurrentChangeError)) throw e;
    executionArn = String((e as ConcurrentChangeError & { executionArn?: string }).executionArn ?? name);
  }
  const followUp: Omit<FollowUp, "duplicate"> = {
    channel: message.channel,
    status: plan.reason === "now" ? "sending" : "held",
    sendAt,
    reason: plan.reason,
    ...(plan.capExempt ? { capExempt: plan.capExempt } : {}),
    executionArn,
  };
  // The run is on the timeline (data.executionArn): erasure finds it there and stops it.
  await deps.store.addTimelineEvent({
    eventId: derivedId("call-follow-up", callId),
    candidateId: candidate.candidateId,
    at: deps.clock.now().toISOString(),
    type: FOLLOW_UP_EVENT,
    summary: `${FOLLOW_UP_WORDS} by ${message.channel}: ${followUp.status === "held" ? `held until ${sendAt}` : "sending now"}`,
    data: { callId, ...followUp },
  });
  return { ...followUp, duplicate: false };
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
  // The event first: the status is derived from it.
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
  if (created) {
    await deps.talent.updateTalent(candidateId, nowIso, (t) => {
      const known = t.requisitionIds.includes(input.requisitionId ?? "") || !input.requisitionId;
      if (known && t.roleFamily) return undefined;
      if (!known) t.requisitionIds.push(input.requisitionId!);
      t.roleFamily ??= roleFamily;
      return t;
    });
  }
  // The status follows the call like any other event (core/talent/talent-status.ts): contacted, or
  // unreachable once failures across every channel add up.
  const updated = (await refreshTalentStatus(candidateId, deps)) ?? (await deps.talent.getTalent(candidateId));
  const result: LogCallResult = { callId, duplicate: !created, status: updated?.status ?? "not-contacted" };
  if (updated?.status === "unreachable") return result;

  // The follow-up's message id derives from the call id, so a retry never sends twice. Not to an
  // address that failed for good: a number whose texts fail gets it by email, if email still works.
  // Nor to one they unsubscribed from: the plan names the channel it will really go by.
  const dead = new Set(updated?.deadChannels ?? []);
  const open = async (channel: Channel, to: string | undefined) => Boolean(to) && !dead.has(channel) && !(await deps.store.isUnsubscribed(channel, to!));
  const followUpChannel = (await open("sms", candidate.phoneE164)) ? "sms" : (await open("email", candidate.emailNorm)) ? "email" : undefined;
  if (missed && input.followUp && input.outcome !== "wrong-number" && followUpChannel) {
    result.followUp = await planFollowUp(candidate, callId, recorded.at, {
      candidateId,
      template: "missed-call-followup",
      channel: followUpChannel,
      idempotencyKey: `call-followup:${callId}`,
      ...(input.requisitionId ? { requisitionId: input.requisitionId } : {}),
    }, deps);
  }

  if (input.outcome === "call-back" || missed) {
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
    // The statistics pick the slot; what the candidate said about when suits them (free text, in
    // their words) goes on the task, so the recruiter can weigh it rather than never see it.
    const bestTime = (await deps.preferences?.getPreferences(candidateId))?.bestTime;
    // The candidate's one call task: opened, or (another path opened one meanwhile) moved to this time.
    await openTask(
      {
        kind: "call",
        type: input.outcome === "call-back" ? "call-back" : "retry",
        subject: { candidateId, ...(input.requisitionId ? { requisitionId: input.requisitionId } : {}) },
        title: `Call ${candidate.name}: ${reason}${bestTime ? ` (they said: ${bestTime})` : ""}`,
        context: { reason, afterCall: callId, ...(bestTime ? { bestTime } : {}) },
        dueAt: result.nextAttemptAt,
        idempotencyKey: nextTaskKey,
      },
      deps,
    );
  }
  return result;
}
