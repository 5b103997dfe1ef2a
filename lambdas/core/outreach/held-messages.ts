// Holds people can see. When quiet hours, the daily cap or a planned time hold a candidate message,
// the journey's planning step asks here: the plan, and a `message.held` event on the timeline that
// says until when and why, in the candidate's zone ("held until 08:00 Asia/Shanghai: quiet hours").
// The daily cap never holds a message about an interview past the interview itself: such a message
// is exempt, and the exemption is on the timeline too (`message.cap-exempt`).
import { derivedId } from "../shared/ids.js";
import type { Clock, HirepathStore } from "../shared/ports.js";
import { localDateKey, toLocal } from "../shared/zoned-time.js";
import { planSend, type QuietHours, type SendPlan } from "./quiet-hours.js";

export const HELD_EVENTS = { held: "message.held", capExempt: "message.cap-exempt" } as const;

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
  quietHours: QuietHours;
  dailyCap: number;
  /** Why the cap must not hold this one (a cancellation, the answer to the candidate's own booking). */
  capExemptBecause?: string;
  /** The message is about something at this instant: the cap must not push it past it. */
  mustArriveBefore?: Date;
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
  const view = await deps.store.getCandidateView(request.candidateId);
  const sentAt = (view?.timeline ?? []).filter((e) => e.type === "message.sent").map((e) => e.at);
  const from = request.notBefore && request.notBefore > now ? request.notBefore : now;
  const capped = planSend({ now: from, timeZone: request.timeZone, quietHours: request.quietHours, dailyCap: request.dailyCap, sentAt });
  let plan: HeldPlan = { sendAt: capped.sendAt, reason: capped.reason === "now" && from > now ? "planned" : capped.reason };
  const capWouldHold = capped.reason === "daily-cap";
  const tooLate = capWouldHold && request.mustArriveBefore && capped.sendAt >= request.mustArriveBefore;
  const exemptBecause = capWouldHold ? request.capExemptBecause ?? (tooLate ? "it is about an interview that comes before the next allowed day" : undefined) : undefined;
  if (exemptBecause) {
    const quietOnly = planSend({ now: from, timeZone: request.timeZone, quietHours: request.quietHours, dailyCap: Number.MAX_SAFE_INTEGER, sentAt: [] });
    plan = { sendAt: quietOnly.sendAt, reason: quietOnly.reason === "now" && from > now ? "planned" : quietOnly.reason, capExempt: exemptBecause };
    await deps.store.addTimelineEvent({
      eventId: derivedId("message-cap-exempt", request.holdKey),
      candidateId: request.candidateId,
      ...(request.applicationId ? { applicationId: request.applicationId } : {}),
      at: now.toISOString(),
      type: HELD_EVENTS.capExempt,
      summary: `${request.what} not held by the daily message limit: ${exemptBecause}`,
      data: { what: request.what, why: exemptBecause, dailyCap: request.dailyCap },
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
      data: { what: request.what, until: plan.sendAt.toISOString(), zone: request.timeZone, localTime: when, reason: plan.reason, ...(plan.capExempt ? { capExempt: plan.capExempt } : {}) },
    });
  }
  return plan;
}
