// Wall-clock arithmetic in a named time zone with nothing but Intl, so it runs the same in Lambda,
// locally and in tests. Instants are Date; "local" values are the wall-clock fields in that zone.
export interface LocalDateTime {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // hourCycle h23: midnight is 0, never 24 (some engines print "24" with hour12: false).
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at `instant`. */
export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  return { year: +parts.year!, month: +parts.month!, day: +parts.day!, hour: +parts.hour!, minute: +parts.minute!, second: +parts.second! };
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (Asia/Shanghai: +8 h). */
export function offsetMs(instant: Date, timeZone: string): number {
  const l = toLocal(instant, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - (instant.getTime() - instant.getMilliseconds());
}

/**
 * The instant the wall clock in `timeZone` shows `local`. A wall time skipped by a DST jump (02:30 on
 * a spring-forward night) does not exist; it is moved forward by the gap (03:30), as Temporal's
 * "compatible" disambiguation does. A repeated wall time (fall-back) gets the earlier instant.
 */
export function fromLocal(local: Omit<LocalDateTime, "second"> & { second?: number }, timeZone: string): Date {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second ?? 0);
  // Two passes settle on the offset in force at the result (the guess may sit across a transition).
  const first = guess - offsetMs(new Date(guess), timeZone);
  const second = guess - offsetMs(new Date(first), timeZone);
  const candidates = [Math.min(first, second), Math.max(first, second)];
  for (const t of candidates) {
    const l = toLocal(new Date(t), timeZone);
    if (l.year === local.year && l.month === local.month && l.day === local.day && l.hour === local.hour && l.minute === local.minute) return new Date(t);
  }
  // In a gap: the wall time never occurs. The later candidate lands after the jump.
  return new Date(Math.max(first, second));
}

/** The calendar day after (or `days` after) a local date, wrapping months and years. */
export function addLocalDays(local: { year: number; month: number; day: number }, days: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(local.year, local.month - 1, local.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function localDateKey(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  return `${l.year}-${String(l.month).padStart(2, "0")}-${String(l.day).padStart(2, "0")}`;
}

/** "HH:MM" → minutes after midnight. */
export function minutesOfDay(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`"${hhmm}" is not a 24-hour HH:MM time`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * An instant as people read it in `timeZone`, the zone named: "2026-03-02 09:30 Asia/Shanghai (UTC+08:00)".
 * Staff emails and pages show times this way, never a bare UTC ISO string.
 */
export function formatInZone(instant: Date | string, timeZone: string): string {
  const at = typeof instant === "string" ? new Date(instant) : instant;
  const l = toLocal(at, timeZone);
  const two = (n: number) => String(n).padStart(2, "0");
  const offsetMin = Math.round(offsetMs(at, timeZone) / 60_000);
  const sign = offsetMin < 0 ? "-" : "+";
  const abs = Math.abs(offsetMin);
  return `${l.year}-${two(l.month)}-${two(l.day)} ${two(l.hour)}:${two(l.minute)} ${timeZone} (UTC${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)})`;
}
