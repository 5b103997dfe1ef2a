// When may we message a candidate? Not during their quiet hours (in their own time zone), and not more
// than the daily cap on one of their days. Pure: the journey asks for the next allowed instant and waits
// until then (a Wait state), so nothing is dropped, only deferred. The rules themselves (which hours, what
// cap) are HR's setting, read at plan time through sending-rules.ts; nothing here has a default.
import { addLocalDays, fromLocal, localDateKey, minutesOfDay, toLocal } from "../shared/zoned-time.js";

export interface QuietHours {
  /** Local "HH:MM" when quiet starts. */
  start: string;
  /** Local "HH:MM" when sending may resume. */
  end: string;
}

function inQuietHours(minute: number, quiet: QuietHours | null): boolean {
  if (!quiet) return false;
  const start = minutesOfDay(quiet.start);
  const end = minutesOfDay(quiet.end);
  if (start === end) return false;
  // A window that wraps midnight (21:00–08:00) is "after start or before end".
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** `now` if it is outside quiet hours in `timeZone` (or there are none), else the instant quiet hours end. */
export function nextAllowedSendTime(now: Date, timeZone: string, quiet: QuietHours | null): Date {
  const local = toLocal(now, timeZone);
  const minute = local.hour * 60 + local.minute;
  if (!quiet || !inQuietHours(minute, quiet)) return now;
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
  /** null: no quiet hours. */
  quietHours: QuietHours | null;
  dailyCap: number;
  /** When earlier messages to this candidate were sent (ISO instants). */
  sentAt: readonly string[];
}

export interface SendPlan {
  sendAt: Date;
  reason: "now" | "quiet-hours" | "daily-cap";
}

/** The first instant at or after `now` that is outside quiet hours and on a day under the cap. */
export function planSend(input: SendPlanInput): SendPlan {
  const quiet = input.quietHours;
  const cap = input.dailyCap;
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
