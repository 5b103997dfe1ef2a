// Holds people can see. When quiet hours, the daily cap or a planned time hold a candidate message,
// the journey's planning step asks here: the plan, and a `message.held` event on the timeline that
// says until when and why, in the candidate's zone ("held until 08:00 Asia/Shanghai: quiet hours").
// The daily cap never holds a message about an interview past the interview itself: such a message
// is exempt, and the exemption is on the timeline too (`message.cap-exempt`). Quiet hours and the cap
// are the sending rules in force when the message is planned (sending-rules.ts): every planner comes here.
import * as z from "../shared/zod.js";
import { derivedId } from "../shared/ids.js";
import { Application, Candidate, TimelineEvent } from "../shared/model.js";
import type { CandidateView, Clock, HirepathStore } from "../shared/ports.js";
import { localDateKey, toLocal } from "../shared/zoned-time.js";
import { planSend, type SendPlan } from "./quiet-hours.js";
import { sendingRulesInForce, type RulesInForce } from "./sending-rules.js";
import { messageIdFor } from "./send-once.js";

export const HELD_EVENTS = { held: "message.held", capExempt: "message.cap-exempt", ended: "message.hold-ended" } as const;

/**
 * A later timeline event that ends a hold before its time: the held message was sent, superseded or
 * cancelled. Matched on the event's type and data (`match`), and for a version counter (an interview
 * moved to v3 ends the holds of v1 and v2, whichever order the events landed in).
 */
export const HoldEnding = z.object({
  type: z.string(),
  match: z.record(z.string(), z.string()).optional(),
  versionAbove: z.number().int().optional(),
  /** Only events at or after this instant (a reply before the plan was made did not end it). */
  since: z.iso.datetime().optional(),
});
export type HoldEnding = z.infer<typeof HoldEnding>;

export interface HoldRequest {
  /** Stable per planned message (execution and step), so a retried planning step records one event. */
  holdKey: string;
  candidateId: string;
  applicationId?: string;
  /** What is held, in words HR reads: "interview invitation", "24 h reminder". */
  what: string;
  timeZone: string;
  /** The earliest the message may go (a planned reminder's time); now when absent. */
  notBefore?: Date;
  /** The candidate's timeline, when the planning step has just read it (the cap counts its sends); read here otherwise. */
  timeline?: readonly TimelineEvent[];
  /** The sending rules, when this planning step has just read them (sendingRulesInForce); read here otherwise. */
  rules?: RulesInForce;
  /** false: the daily cap does not apply to this kind of message at all (the first answer to an application). */
  dailyCapApplies?: false;
  /** Why the cap must not hold this one (a cancellation, the answer to the candidate's own booking). */
  capExemptBecause?: string;
  /** The message is about something at this instant: the cap must not push it past it. */
  mustArriveBefore?: Date;
  /** The send's idempotency key, when the planning step knows it: its `message.sent` ends the hold. */
  messageKey?: string;
  /** The execution that holds it (shown to HR, and what an explicit `message.hold-ended` names). */
  executionId?: string;
  /** What else ends the hold early (a reschedule, a cancellation, the candidate's answer, a stop). */
  endsOn?: HoldEnding[];
}

export interface HeldPlan {
  sendAt: Date;
  reason: SendPlan["reason"] | "planned";
  capExempt?: string;
}

const REASON_WORDS: Record<HeldPlan["reason"], string> = { now: "", "quiet-hours": "quiet hours", "daily-cap": "daily message limit", planned: "planned send time" };

/** "08:00 Asia/Shanghai" (and the local date when it is not today there). */
export function localWhen(at: Date, now: Date, timeZone: string): string {
  const local = toLocal(at, timeZone);
  const hhmm = `${String(local.hour).padStart(2, "0")}:${String(local.minute).padStart(2, "0")}`;
  const day = localDateKey(at, timeZone) === localDateKey(now, timeZone) ? "" : ` on ${localDateKey(at, timeZone)}`;
  return `${hhmm}${day} ${timeZone}`;
}

export async function planHeldMessage(request: HoldRequest, deps: { store: HirepathStore; clock: Clock }): Promise<HeldPlan> {
  const now = deps.clock.now();
  const timeline = request.timeline ?? (await deps.store.getCandidateView(request.candidateId))?.timeline ?? [];
  const sentAt = timeline.filter((e) => e.type === "message.sent").map((e) => e.at);
  const from = request.notBefore && request.notBefore > now ? request.notBefore : now;
  const rules = request.rules ?? (await sendingRulesInForce(deps.store));
  const dailyCap = request.dailyCapApplies === false ? Number.MAX_SAFE_INTEGER : rules.dailyCap;
  const capped = planSend({ now: from, timeZone: request.timeZone, quietHours: rules.quietHours, dailyCap, sentAt });
  let plan: HeldPlan = { sendAt: capped.sendAt, reason: capped.reason === "now" && from > now ? "planned" : capped.reason };
  const capWouldHold = capped.reason === "daily-cap";
  const tooLate = capWouldHold && request.mustArriveBefore && capped.sendAt >= request.mustArriveBefore;
  const exemptBecause = capWouldHold ? request.capExemptBecause ?? (tooLate ? "it is about an interview that comes before the next allowed day" : undefined) : undefined;
  if (exemptBecause) {
    const quietOnly = planSend({ now: from, timeZone: request.timeZone, quietHours: rules.quietHours, dailyCap: Number.MAX_SAFE_INTEGER, sentAt: [] });
    plan = { sendAt: quietOnly.sendAt, reason: quietOnly.reason === "now" && from > now ? "planned" : quietOnly.reason, capExempt: exemptBecause };
    await deps.store.addTimelineEvent({
      eventId: derivedId("message-cap-exempt", request.holdKey),
      candidateId: request.candidateId,
      ...(request.applicationId ? { applicationId: request.applicationId } : {}),
      at: now.toISOString(),
      type: HELD_EVENTS.capExempt,
      summary: `${request.what} not held by the daily message limit: ${exemptBecause}`,
      data: { what: request.what, why: exemptBecause, dailyCap, rulesVersion: rules.version },
    });
  }
  // A minute's slack: a plan for "now" that took a moment to compute is not a hold.
  if (plan.sendAt.getTime() > now.getTime() + 60_000) {
    const when = localWhen(plan.sendAt, now, request.timeZone);
    await deps.store.addTimelineEvent({
      eventId: derivedId("message-held", request.holdKey),
      candidateId: request.candidateId,
      ...(request.applicationId ? { applicationId: request.applicationId } : {}),
      at: now.toISOString(),
      type: HELD_EVENTS.held,
      summary: `${request.what} held until ${when}: ${REASON_WORDS[plan.reason]}`,
      data: {
        what: request.what,
        until: plan.sendAt.toISOString(),
        zone: request.timeZone,
        localTime: when,
        reason: plan.reason,
        // Which version of the sending rules planned it (0: the deployment's default): a hold planned
        // before HR changed them keeps its time, and this says under which rules it was planned.
        rulesVersion: rules.version,
        ...(plan.capExempt ? { capExempt: plan.capExempt } : {}),
        ...(request.messageKey ? { messageId: messageIdFor({ idempotencyKey: request.messageKey }) } : {}),
        ...(request.executionId ? { executionId: request.executionId } : {}),
        endsOn: [...(request.messageKey ? [{ type: "message.sent", match: { messageId: messageIdFor({ idempotencyKey: request.messageKey }) } }] : []), ...(request.endsOn ?? [])],
      },
    });
  }
  return plan;
}

/** A message held right now, as the HR API shows it (GET /hr/candidates/{candidateId}, `heldMessages`). */
export const HeldMessage = z.object({
  what: z.string().describe("Which message, in HR's words: 'Interview invitation', 'Offer deadline reminder'"),
  heldUntil: z.iso.datetime().describe("When it may go (UTC)"),
  heldUntilLocal: z.string().describe("The same instant in the candidate's zone, zone named: '2026-12-08 08:00 Asia/Shanghai'"),
  timeZone: z.string().describe("The candidate's zone the hold was planned in"),
  reason: z.enum(["quiet-hours", "daily-cap", "planned"]).describe("quiet hours in the candidate's zone, the daily message limit, or a planned send time"),
  summary: z.string().describe("The timeline's sentence: 'Interview invitation held until 08:00 Asia/Shanghai: quiet hours'"),
  capExempt: z.string().optional().describe("Why the daily message limit did not hold it, when it would have"),
  heldAt: z.iso.datetime().describe("When the hold was planned"),
  applicationId: z.string().optional(),
  eventId: z.string().describe("The `message.held` event on the timeline"),
  messageId: z.string().optional().describe("The message's id once sent (GET /hr/messages/{messageId}), when the planning step knows it"),
  executionId: z.string().optional().describe("The journey execution that holds it"),
});
export type HeldMessage = z.infer<typeof HeldMessage>;

/** The candidate as the HR API answers it: profile, applications, timeline, and what is held now. */
export const CandidateWithHolds = z.object({
  candidate: Candidate,
  applications: z.array(Application),
  timeline: z.array(TimelineEvent),
  heldMessages: z.array(HeldMessage).describe("Messages held right now (journey time), earliest release first; past holds stay on the timeline as `message.held`"),
});
export type CandidateWithHolds = z.infer<typeof CandidateWithHolds>;

const HoldData = z.object({
  until: z.iso.datetime(),
  zone: z.string(),
  reason: z.enum(["quiet-hours", "daily-cap", "planned"]),
  what: z.string(),
  capExempt: z.string().optional(),
  messageId: z.string().optional(),
  executionId: z.string().optional(),
  endsOn: z.array(HoldEnding).default([]),
});

function ends(rule: HoldEnding, event: TimelineEvent): boolean {
  if (event.type !== rule.type) return false;
  const data = (event.data ?? {}) as Record<string, unknown>;
  if (rule.match && !Object.entries(rule.match).every(([k, v]) => String(data[k]) === v)) return false;
  if (rule.since && Date.parse(event.at) < Date.parse(rule.since)) return false;
  return rule.versionAbove === undefined || Number(data.version) > rule.versionAbove;
}

/**
 * The event that ended a hold before its time, if any: one of its own endings (wherever it sits on
 * the timeline, so a reschedule recorded a moment before the hold still ends it), or an explicit
 * `message.hold-ended` naming it.
 */
export function holdEndedBy(hold: TimelineEvent, endsOn: readonly HoldEnding[], timeline: readonly TimelineEvent[]): TimelineEvent | undefined {
  return timeline.find((e) => (e.type === HELD_EVENTS.ended && (e.data as Record<string, unknown> | undefined)?.holdEventId === hold.eventId) || endsOn.some((rule) => ends(rule, e)));
}

/** The first event on the timeline that one of the rules names (what made a message moot). */
export function firstEnding(endsOn: readonly HoldEnding[], timeline: readonly TimelineEvent[]): TimelineEvent | undefined {
  return timeline.find((e) => endsOn.some((rule) => ends(rule, e)));
}

/** Ends a hold explicitly (its message will not go at that time), on the timeline, once. */
export async function endHold(hold: { candidateId: string; eventId: string; what: string }, why: string, deps: { store: HirepathStore; clock: Clock }): Promise<void> {
  await deps.store.addTimelineEvent({
    eventId: derivedId("message-hold-ended", hold.eventId),
    candidateId: hold.candidateId,
    at: deps.clock.now().toISOString(),
    type: HELD_EVENTS.ended,
    summary: `${hold.what}: no longer held (${why})`,
    data: { holdEventId: hold.eventId, what: hold.what, why },
  });
}

/**
 * A planned message that its re-check found moot (the interview moved, a later call reached them):
 * its hold ends with the reason ("… no longer held (not sent: …)"), or, when it was never held, a
 * `message.not-sent` event says why. Once either way, however often the step runs.
 */
export async function recordNotSent(
  message: { candidateId: string; applicationId?: string; messageId: string; what: string },
  why: string,
  deps: { store: HirepathStore; clock: Clock },
  timeline?: readonly TimelineEvent[],
): Promise<void> {
  const events = timeline ?? (await deps.store.getCandidateView(message.candidateId))?.timeline ?? [];
  const hold = events.find((e) => e.type === HELD_EVENTS.held && (e.data as Record<string, unknown> | undefined)?.messageId === message.messageId);
  if (hold) return endHold({ candidateId: message.candidateId, eventId: hold.eventId, what: String((hold.data as Record<string, unknown>).what ?? message.what) }, `not sent: ${why}`, deps);
  await deps.store.addTimelineEvent({
    eventId: derivedId("message-not-sent", message.messageId),
    candidateId: message.candidateId,
    ...(message.applicationId ? { applicationId: message.applicationId } : {}),
    at: deps.clock.now().toISOString(),
    type: "message.not-sent",
    summary: `${message.what} not sent: ${why}`,
    data: { messageId: message.messageId, what: message.what, why },
  });
}

/** "2026-12-08 08:00 Asia/Shanghai": always dated, since an API reader has no "today" to read it against. */
function datedLocal(at: Date, timeZone: string): string {
  const local = toLocal(at, timeZone);
  return `${localDateKey(at, timeZone)} ${String(local.hour).padStart(2, "0")}:${String(local.minute).padStart(2, "0")} ${timeZone}`;
}

/** The holds on a timeline that have not ended at `now` (by their time, or sent, superseded or cancelled first), earliest release first. */
export function heldMessagesAt(timeline: readonly TimelineEvent[], now: Date): HeldMessage[] {
  const held: HeldMessage[] = [];
  for (const event of timeline) {
    if (event.type !== HELD_EVENTS.held) continue;
    const data = HoldData.safeParse(event.data);
    if (!data.success || Date.parse(data.data.until) <= now.getTime()) continue;
    if (holdEndedBy(event, data.data.endsOn, timeline)) continue;
    const until = new Date(data.data.until);
    held.push({
      what: data.data.what,
      heldUntil: until.toISOString(),
      heldUntilLocal: datedLocal(until, data.data.zone),
      timeZone: data.data.zone,
      reason: data.data.reason,
      summary: event.summary,
      ...(data.data.capExempt ? { capExempt: data.data.capExempt } : {}),
      heldAt: new Date(event.at).toISOString(),
      ...(event.applicationId ? { applicationId: event.applicationId } : {}),
      eventId: event.eventId,
      ...(data.data.messageId ? { messageId: data.data.messageId } : {}),
      ...(data.data.executionId ? { executionId: data.data.executionId } : {}),
    });
  }
  return held.sort((a, b) => a.heldUntil.localeCompare(b.heldUntil));
}

/** The HR API's candidate: the stored view and the messages held at this moment of journey time. */
export async function readCandidateWithHolds(candidateId: string, deps: { store: HirepathStore; clock: Clock }): Promise<CandidateWithHolds | undefined> {
  const view: CandidateView | undefined = await deps.store.getCandidateView(candidateId);
  // An erased person gets nothing more: their journeys were stopped, so nothing is held for them.
  return view && { ...view, heldMessages: view.candidate.erasedAt ? [] : heldMessagesAt(view.timeline, deps.clock.now()) };
}
