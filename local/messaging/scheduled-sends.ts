// The messages the journeys have planned but not sent yet, for the outbox: every Wait state that
// ends in a send (a quiet-hours hold, a daily-cap hold, a reminder planned for its time) is one
// row, with its send time in journey time. Read from the engine's parked waits, so what the outbox
// lists is exactly what will fire when the clock gets there.
import type { PendingWait } from "../sfn/engine.js";

export interface ScheduledSend {
  /** When it goes (journey time, ISO). */
  sendAt: string;
  /** What goes, in words. */
  what: string;
  channel?: "email" | "sms";
  candidateId?: string;
  executionArn: string;
  state: string;
}

/** Wait states whose end is a message to the candidate, and what that message is. */
const SEND_WAITS: Record<string, { what: string; channel?: "email" | "sms" }> = {
  WaitForInviteSendTime: { what: "Interview invitation (application)", channel: "email" },
  WaitForNudgeSendTime: { what: "Interview invitation reminder", channel: "sms" },
  WaitForInvitationSendTime: { what: "Interview invitation" },
  WaitForSecondReminderSendTime: { what: "Interview follow-up" },
  WaitForDayBeforeReminder: { what: "Day-before interview reminder" },
  WaitForHoursBeforeReminder: { what: "Interview reminder (hours before)" },
  WaitForNoShowReachOutSendTime: { what: "No-show reach-out" },
  WaitForChangeNoticeSendTime: { what: "Interview change notice" },
  WaitForSchedulingLinkSendTime: { what: "Self-scheduling link" },
  WaitForInviteSlot: { what: "Recall invitation" },
  WaitForNudgeSlot: { what: "Recall reminder" },
  WaitForTouchTime: { what: "Pre-onboarding touch" },
  WaitForOfferSendTime: { what: "Offer", channel: "email" },
  WaitForOfferReminderSendTime: { what: "Offer deadline reminder", channel: "email" },
  WaitForNurtureSendTime: { what: "Nurture message" },
  WaitForFollowUpSendTime: { what: "Missed-call follow-up" },
};

/**
 * The clock's next timer in words for a person: "Interview invitation (a planned send)" or "wait for
 * invite engagement", not the execution's internal name ("app-01m9…: WaitForInviteEngagement").
 */
export function timerInWords(what: string): string {
  const state = /^[^:\s]+: (\w+)(.*)$/.exec(what);
  if (state) {
    const known = SEND_WAITS[state[1]!];
    if (known) return `${known.what} (a planned send)`;
    const words = state[1]!.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
    return `A journey step: ${words}${state[2] ?? ""}`;
  }
  const schedule = /^schedule (?:[^/\s]+\/)?([a-z]+)/.exec(what);
  if (schedule) return schedule[1] === "reengage" ? "A re-engagement brief (scheduled)" : "A scheduled start";
  return what;
}

/** The channel a plan chose: the plan object in the wait's input whose `sendAt` is this wait's end. */
function plannedChannel(input: unknown, until: number): "email" | "sms" | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  for (const value of Object.values(input as Record<string, unknown>)) {
    if (typeof value !== "object" || value === null) continue;
    const plan = value as { sendAt?: unknown; channel?: unknown };
    if (typeof plan.sendAt === "string" && Math.abs(Date.parse(plan.sendAt) - until) < 1000 && (plan.channel === "email" || plan.channel === "sms")) return plan.channel;
  }
  return undefined;
}

export function scheduledSends(waits: readonly PendingWait[]): ScheduledSend[] {
  const out: ScheduledSend[] = [];
  for (const w of waits) {
    const known = SEND_WAITS[w.stateName];
    if (!known) continue;
    const input = w.input as { candidateId?: unknown } | null;
    const channel = known.channel ?? plannedChannel(w.input, w.until);
    out.push({
      sendAt: new Date(w.until).toISOString(),
      what: known.what,
      ...(channel ? { channel } : {}),
      ...(input && typeof input.candidateId === "string" ? { candidateId: input.candidateId } : {}),
      executionArn: w.executionArn,
      state: w.stateName,
    });
  }
  return out.sort((a, b) => a.sendAt.localeCompare(b.sendAt));
}
