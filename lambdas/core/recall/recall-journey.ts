// The recall journey (statemachines/recall-journey.asl.json): acting on a recall brief invites the
// candidate, waits for an answer, nudges once on the other channel, and finally hands the person
// to a recruiter's call list and tells the requisition's owner. Its state lives on the candidate's
// timeline, not in the execution: a reply, a click, an HR-recorded outcome or withdrawn consent is
// an event there, and every step re-reads the timeline before it contacts anyone. So whatever
// settles a recall (HR, an SMS reply, the candidate opening the invite's link) settles the journey
// at its next step, and nothing is sent after consent is withdrawn.
import * as z from "../shared/zod.js";
import { NoContactChannelError, NotFoundError, UnsubscribedError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import { Channel, type TimelineEvent } from "../shared/model.js";
import { SMS_REPLIED } from "../outreach/inbound-sms.js";
import { planHeldMessage } from "../outreach/held-messages.js";
import { escapeHtml } from "../shared/escape-html.js";
import type { Clock, HirepathStore } from "../shared/ports.js";
import type { SendMessageResult } from "../outreach/send-message.js";
import type { Outreach } from "../outreach/outreach.js";
import type { TalentProfile } from "../talent/talent-model.js";
import type { TalentStore } from "../talent/talent-ports.js";
import { refreshTalentStatus } from "../talent/talent-status.js";
import type { PreferenceRecord } from "../preferences/preferences-model.js";
import type { PreferenceStore } from "../preferences/preferences-ports.js";
import { consentIsCurrent } from "../preferences/preferences.js";
import { openTask } from "../tasks/tasks.js";
import type { TaskStore } from "../tasks/task-ports.js";

export const RecallOutcome = z.enum(["interested", "declined", "no-response", "interviewing", "hired"]);
export type RecallOutcome = z.infer<typeof RecallOutcome>;

/** Timeline types the recall journey writes; the candidate's timeline is its status. */
export const RECALL_EVENTS = {
  started: "talent.recall-started",
  invited: "talent.recall-invited",
  nudged: "talent.recall-nudged",
  escalated: "talent.recall-escalated",
  outcome: "talent.recall-outcome",
  ended: "talent.recall-ended",
  failed: "talent.recall-failed",
} as const;

/** Why a journey ended. Outcomes are what the recall achieved; an ending also says why nothing more was sent. */
export const RecallEnding = z.enum(["responded", "settled", "consent-missing", "consent-withdrawn", "unsubscribed", "unreachable", "no-response"]);
export type RecallEnding = z.infer<typeof RecallEnding>;


export const recallIdFor = (candidateId: string, requisitionId: string) => derivedId("recall", candidateId, requisitionId);
/** One execution per recall: starting the same recall twice finds the same execution. */
export const recallExecutionName = (recallId: string) => `recall-${recallId}`;
/** The invite keeps the message id the pre-journey recall used, so an old recall is not re-sent. */
export const recallMessageKey = (recallId: string, kind: "invite" | "nudge") => (kind === "invite" ? `recall:${recallId}` : `recall:${recallId}:nudge`);

export const RecallJourneyConfig = z.object({
  /** Seconds to wait for an answer to the invite before nudging on the other channel. */
  responseWaitSeconds: z.number().int().positive(),
  /** Seconds to wait after the nudge before escalating to a recruiter call and the owner. */
  nudgeWaitSeconds: z.number().int().positive(),
});
export type RecallJourneyConfig = z.infer<typeof RecallJourneyConfig>;

/** The execution's input. Everything in it is derived from the recall, so a second start is identical. */
export const RecallJourneyInput = z.object({
  recallId: z.string().min(1),
  candidateId: z.string().min(1),
  requisitionId: z.string().min(1),
  channel: Channel,
  config: RecallJourneyConfig,
});
export type RecallJourneyInput = z.infer<typeof RecallJourneyInput>;

const Ref = { recallId: z.string().min(1), candidateId: z.string().min(1), requisitionId: z.string().min(1) };
export const RecallStepInput = z.discriminatedUnion("step", [
  z.object({ step: z.literal("check-consent"), ...Ref }),
  z.object({ step: z.literal("send"), ...Ref, kind: z.enum(["invite", "nudge"]), channel: Channel }),
  z.object({ step: z.literal("check-response"), ...Ref, after: z.enum(["invite", "nudge"]) }),
  z.object({ step: z.literal("escalate"), ...Ref }),
  z.object({ step: z.literal("end"), ...Ref, ending: RecallEnding, outcome: RecallOutcome.nullish() }),
  z.object({ step: z.literal("record-failure"), ...Ref, error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).loose() }),
]);
export type RecallStepInput = z.infer<typeof RecallStepInput>;

/** What a deciding step tells the machine: go on (at `sendAt`, outside quiet hours), or end and why. */
export type RecallDecision =
  | { status: "continue"; sendAt: string }
  | { status: "end"; ending: RecallEnding; outcome?: RecallOutcome };

// --- pure decisions -------------------------------------------------------------------------------

const DECLINE = /不感兴趣|没兴趣|不考虑|不用了|不需要|已入职|\bnot interested\b|\bno thanks?\b|\bno,? thank you\b|\bdecline\b|\bpass\b/i;

/** A reply is "declined" when it says so in either language; any other answer is interest. */
export function classifyReply(body: string): "interested" | "declined" {
  return DECLINE.test(body) ? "declined" : "interested";
}

/** Recall needs talent-pool consent (PIPL/GDPR purpose limitation), read from the preference record. */
export function talentPoolConsent(preferences: PreferenceRecord | undefined, now: Date): boolean {
  return consentIsCurrent(preferences?.consents["talent-pool"], now);
}

/**
 * What the timeline says about a recall since it started: an outcome HR recorded, the candidate's
 * answer (an SMS reply, a click on the invite, a visit to the portal it links to), an opt-out — or
 * nothing yet. Consent comes from the preference record, which is where it is kept.
 */
export function readRecall(recallId: string, timeline: TimelineEvent[], consent: boolean): { status: "waiting" } | { status: "end"; ending: RecallEnding; outcome?: RecallOutcome } {
  const started = timeline.find((e) => e.type === RECALL_EVENTS.started && e.data?.recallId === recallId);
  const since = started?.at ?? "";
  const after = timeline.filter((e) => e.at >= since).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const recorded = [...after].reverse().find((e) => e.type === RECALL_EVENTS.outcome && e.data?.recallId === recallId);
  if (recorded) return { status: "end", ending: "settled", outcome: RecallOutcome.parse(recorded.data?.outcome) };
  const recallMessages = new Set(after.filter((e) => (e.type === RECALL_EVENTS.invited || e.type === RECALL_EVENTS.nudged) && e.data?.recallId === recallId).map((e) => String(e.data?.messageId)));
  for (const e of after) {
    if (e.type === SMS_REPLIED) return { status: "end", ending: "responded", outcome: classifyReply(String(e.data?.body ?? e.summary)) };
    if (e.type === "message.clicked" && recallMessages.has(String(e.data?.messageId))) return { status: "end", ending: "responded", outcome: "interested" };
    if (e.type === "portal.visited" && recallMessages.size > 0) return { status: "end", ending: "responded", outcome: "interested" };
    if (e.type === "consent.unsubscribed") return { status: "end", ending: "unsubscribed", outcome: "declined" };
  }
  if (!consent) return { status: "end", ending: "consent-withdrawn" };
  return { status: "waiting" };
}

export const otherChannel = (channel: Channel): Channel => (channel === "sms" ? "email" : "sms");

// --- the steps -----------------------------------------------------------------------------------

export interface RecallJourneyDeps {
  store: HirepathStore;
  talent: TalentStore;
  tasks: TaskStore;
  preferences: PreferenceStore;
  clock: Clock;
  outreach: Outreach;
  config: { publicBaseUrl: string; callTaskDueSeconds: number };
}

export async function runRecallStep(input: RecallStepInput, deps: RecallJourneyDeps): Promise<Record<string, unknown>> {
  const now = deps.clock.now();
  const [view, preferences] = await Promise.all([deps.store.getCandidateView(input.candidateId), deps.preferences.getPreferences(input.candidateId)]);
  if (!view) throw new NotFoundError(`candidate ${input.candidateId} not found`);
  const consent = talentPoolConsent(preferences, now);
  const event = (type: string, summary: string, data: Record<string, unknown>, ...idParts: string[]) =>
    deps.store.addTimelineEvent({ eventId: derivedId(type, input.recallId, ...idParts), candidateId: input.candidateId, at: now.toISOString(), type, summary, data: { recallId: input.recallId, requisitionId: input.requisitionId, ...data } });
  // Quiet hours and the daily cap in the candidate's zone, as for every candidate message; a hold is on the timeline.
  const sendAt = async (kind: "invite" | "nudge") =>
    (
      await planHeldMessage(
        {
          holdKey: derivedId("recall-hold", input.recallId, kind),
          candidateId: input.candidateId,
          what: kind === "invite" ? "Recall invitation" : "Recall reminder",
          // Re-read before sending: an unsubscribe or withdrawn consent meanwhile ends the hold too.
          endsOn: ["consent.unsubscribed", "consent.changed"].map((type) => ({ type, since: deps.clock.now().toISOString() })),
          timeZone: view.candidate.timeZone,
        },
        deps,
      )
    ).sendAt.toISOString();

  switch (input.step) {
    case "check-consent": {
      if (!consent) return decision({ status: "end", ending: "consent-missing" });
      const read = readRecall(input.recallId, view.timeline, true);
      return decision(read.status === "waiting" ? { status: "continue", sendAt: await sendAt("invite") } : read);
    }
    case "check-response": {
      const read = readRecall(input.recallId, view.timeline, consent);
      if (read.status === "end") return decision(read);
      // After the nudge there is nothing left to send: the machine escalates.
      return decision({ status: "continue", sendAt: input.after === "invite" ? await sendAt("nudge") : now.toISOString() });
    }
    case "send": {
      // Re-read just before sending: a reply, an HR outcome or withdrawn consent may have arrived while we waited.
      const read = readRecall(input.recallId, view.timeline, consent);
      if (read.status === "end") return decision(read);
      const channel = input.kind === "invite" ? input.channel : otherChannel((await deps.store.getMessage(derivedId("message", recallMessageKey(input.recallId, "invite"))))?.channel ?? input.channel);
      let message: SendMessageResult;
      try {
        message = await deps.outreach.sendTemplated({ candidateId: input.candidateId, template: input.kind === "invite" ? "recall-invite" : "recall-nudge", channel, idempotencyKey: recallMessageKey(input.recallId, input.kind), requisitionId: input.requisitionId });
      } catch (error) {
        if (error instanceof UnsubscribedError) return decision({ status: "end", ending: "unsubscribed", outcome: "declined" });
        if (error instanceof NoContactChannelError) return decision({ status: "end", ending: "unreachable" });
        throw error;
      }
      const type = input.kind === "invite" ? RECALL_EVENTS.invited : RECALL_EVENTS.nudged;
      await event(type, `Recall ${input.kind === "invite" ? "invite" : "nudge"} sent by ${message.channel}`, { messageId: message.messageId, channel: message.channel });
      return decision({ status: "continue", sendAt: now.toISOString() });
    }
    case "escalate": {
      const requisition = await deps.store.getRequisition(input.requisitionId);
      const title = requisition?.title ?? input.requisitionId;
      const callId = derivedId("recall-call", input.recallId);
      const reason = `recall for ${title}: no answer to the invite or the nudge`;
      // The candidate's one call task: a call already planned is moved to this time rather than doubled.
      const { task } = await openTask(
        {
          kind: "call",
          type: "recall",
          subject: { candidateId: input.candidateId, requisitionId: input.requisitionId },
          title: `Call ${view.candidate.name}: ${reason}${preferences?.bestTime ? ` (they said: ${preferences.bestTime})` : ""}`,
          context: { reason, recallId: input.recallId, ...(preferences?.bestTime ? { bestTime: preferences.bestTime } : {}) },
          dueAt: new Date(now.getTime() + deps.config.callTaskDueSeconds * 1000).toISOString(),
          idempotencyKey: `recall:${input.recallId}`,
        },
        deps,
      );
      const ownerEmail = requisition?.ownerEmail ? await emailOwnerOnce(input, view.candidate.name, title, requisition.ownerEmail, requisition.locale, deps) : undefined;
      await event(RECALL_EVENTS.escalated, `Recall escalated: call task for a recruiter${ownerEmail ? `, owner ${ownerEmail} told` : ""}`, { callId, taskId: task.taskId, ...(ownerEmail ? { ownerEmail } : {}) });
      return decision({ status: "end", ending: "no-response", outcome: "no-response" });
    }
    case "end": {
      // A settled recall's outcome is already on the timeline (HR or the reply put it there); a retried step must not repeat it either.
      const recorded = view.timeline.some((e) => e.type === RECALL_EVENTS.outcome && e.data?.recallId === input.recallId && e.data?.outcome === input.outcome);
      if (input.outcome && !recorded) await recordOutcome(input.candidateId, input.recallId, input.requisitionId, input.outcome, "recall-journey", undefined, deps);
      await event(RECALL_EVENTS.ended, `Recall journey ended: ${input.ending}${input.outcome ? ` (${input.outcome})` : ""}`, { ending: input.ending, ...(input.outcome ? { outcome: input.outcome } : {}) });
      return { ending: input.ending, outcome: input.outcome ?? null };
    }
    case "record-failure": {
      // The cause stays in the execution history; the timeline says only that HR should look.
      await event(RECALL_EVENTS.failed, "Recall journey failed; a recruiter should follow up by hand", { error: input.error.Error ?? "unknown" });
      return { recorded: true };
    }
  }
}

function decision(d: RecallDecision): Record<string, unknown> {
  // Every field present, so the machine's JSONPath never meets a missing one.
  return d.status === "continue" ? { status: "continue", sendAt: d.sendAt, ending: null, outcome: null } : { status: "end", sendAt: null, ending: d.ending, outcome: d.outcome ?? null };
}

async function emailOwnerOnce(input: { recallId: string; candidateId: string }, name: string, title: string, to: string, locale: "zh-CN" | "en", deps: RecallJourneyDeps): Promise<string> {
  const zh = locale === "zh-CN";
  const url = `${deps.config.publicBaseUrl.replace(/\/$/, "")}/hr/console/candidates/${input.candidateId}`;
  const subject = zh ? `召回未回复：${name}（${title}）` : `No answer to the recall: ${name} (${title})`;
  const line = zh ? `${name} 没有回复召回邀请和提醒。已为招聘顾问创建电话任务。` : `${name} has not answered the recall invite or the reminder. A recruiter has a call task for them.`;
  // A provider error is recorded on the message and the timeline and fails the step (the machine retries, then records the failure).
  await deps.outreach.sendComposed({
    idPrefix: "recall-escalation",
    idempotencyKey: input.recallId,
    candidateId: input.candidateId,
    template: "recall-escalation",
    audience: "staff",
    content: {
      channel: "email",
      to,
      subject,
      html: `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body><p>${escapeHtml(line)}</p><p><a href="${escapeHtml(url)}">${escapeHtml(zh ? "查看候选人" : "Open the candidate")}</a></p></body></html>`,
      text: `${line}\n${url}`,
    },
  });
  return to;
}

/**
 * Puts an outcome on the timeline and moves the talent status. The event id derives from the recall
 * and the outcome, so recording the same outcome twice (HR and the journey, or a retried step) is one event.
 */
export async function recordOutcome(
  candidateId: string,
  recallId: string,
  requisitionId: unknown,
  outcome: RecallOutcome,
  by: string,
  note: string | undefined,
  deps: { store: HirepathStore; talent: TalentStore; clock: Clock },
): Promise<TalentProfile> {
  const now = deps.clock.now().toISOString();
  await deps.store.addTimelineEvent({
    eventId: derivedId("recall-outcome", recallId, outcome),
    candidateId,
    at: now,
    type: RECALL_EVENTS.outcome,
    summary: `Recall outcome: ${outcome}${note ? ` — ${note}` : ""}`,
    data: { recallId, requisitionId, outcome, by },
  });
  // The status follows the outcome's event (core/talent/talent-status.ts).
  return (await refreshTalentStatus(candidateId, deps)) ?? (await deps.talent.updateTalent(candidateId, now, () => undefined));
}

/**
 * An SMS reply settles the person's open recall at once (the journey notices at its next step):
 * the outcome is on the timeline as soon as the text arrives, not when the wait ends.
 */
export async function settleRecallByReply(reply: { candidateId: string; body: string }, deps: { store: HirepathStore; talent: TalentStore; clock: Clock }): Promise<{ recallId: string; outcome: RecallOutcome } | undefined> {
  const view = await deps.store.getCandidateView(reply.candidateId);
  if (!view) return undefined;
  const settled = new Set(view.timeline.filter((e) => e.type === RECALL_EVENTS.outcome).map((e) => String(e.data?.recallId)));
  const open = view.timeline
    .filter((e) => e.type === RECALL_EVENTS.invited && !settled.has(String(e.data?.recallId)))
    .sort((a, b) => (a.at < b.at ? 1 : -1))[0];
  if (!open) return undefined;
  const recallId = String(open.data?.recallId);
  const outcome = classifyReply(reply.body);
  await recordOutcome(reply.candidateId, recallId, open.data?.requisitionId, outcome, "sms-reply", undefined, deps);
  return { recallId, outcome };
}
