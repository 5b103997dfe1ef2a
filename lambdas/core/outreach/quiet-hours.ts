// When may we message a candidate? Not during their quiet hours (in their own time zone, default
// 21:00–08:00), and not more than a few times on one of their days. Pure: the journey asks for the
// next allowed instant and waits until then (a Wait state), so nothing is dropped, only deferred.
import { addLocalDays, fromLocal, localDateKey, minutesOfDay, toLocal } from "../shared/zoned-time.js";

export interface QuietHours {
  /** Local "HH:MM" when quiet starts. */
  start: string;
  /** Local "HH:MM" when sending may resume. */
  end: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: "21:00", end: "08:00" };
/** A candidate gets at most this many messages from us on one local calendar day. */
export const DEFAULT_DAILY_MESSAGE_CAP = 3;

function inQuietHours(minute: number, quiet: QuietHours): boolean {
  const start = minutesOfDay(quiet.start);
  const end = minutesOfDay(quiet.end);
  if (start === end) return false;
  // A window that wraps midnight (21:00–08:00) is "after start or before end".
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** `now` if it is outside quiet hours in `timeZone`, else the instant quiet hours end. */
export function nextAllowedSendTime(now: Date, timeZone: string, quiet: QuietHours = DEFAULT_QUIET_HOURS): Date {
  const local = toLocal(now, timeZone);
  const minute = local.hour * 60 + local.minute;
  if (!inQuietHours(minute, quiet)) return now;
  const endMinute = minutesOfDay(quiet.end);
  // Quiet hours that started this evening end tomorrow morning; those we are already inside since
  // midnight end this morning.
  const endsTomorrow = minutesOfDay(quiet.start) > endMinute && minute >= minutesOfDay(quiet.start);
  const day = endsTomorrow ? addLocalDays(local, 1) : local;
  return fromLocal({ ...day, hour: Math.floor(endMinute / 60), minute: endMinute % 60 }, timeZone);
}

export interface SendPlanInput {
  now: Date;
  timeZone: string;
  quietHours?: QuietHours;
  dailyCap?: number;
  /** When earlier messages to this candidate were sent (ISO instants). */
  sentAt: readonly string[];
}

export interface SendPlan {
  sendAt: Date;
  reason: "now" | "quiet-hours" | "daily-cap";
}

/** The first instant at or after `now` that is outside quiet hours and on a day under the cap. */
export function planSend(input: SendPlanInput): SendPlan {
  const quiet = input.quietHours ?? DEFAULT_QUIET_HOURS;
  const cap = input.dailyCap ?? DEFAULT_DAILY_MESSAGE_CAP;
  const perDay = new Map<string, number>();
  for (const at of input.sentAt) {
    const key = localDateKey(new Date(at), input.timeZone);
    perDay.set(key, (perDay.get(key) ?? 0) + 1);
  }
  let at = input.now;
  let reason: SendPlan["reason"] = "now";
  // Bounded: each pass moves to a later day or returns; a week of full days would be a bug upstream.
  for (let pass = 0; pass < 14; pass++) {
    const allowed = nextAllowedSendTime(at, input.timeZone, quiet);
    if (allowed.getTime() !== at.getTime() && reason === "now") reason = "quiet-hours";
    at = allowed;
    if ((perDay.get(localDateKey(at, input.timeZone)) ?? 0) < cap) return { sendAt: at, reason };
    reason = "daily-cap";
    const next = addLocalDays(toLocal(at, input.timeZone), 1);
    at = fromLocal({ ...next, hour: 0, minute: 0 }, input.timeZone);
  }
  throw new RangeError("no allowed send time within two weeks");
}
