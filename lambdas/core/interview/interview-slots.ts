// Bookable interview slots: interviewer availability minus the interviews already on their calendar,
// cut into fixed-length slots and shown in the candidate's own time zone. Slots at hours the candidate
// would not take a call (their quiet hours) are left out. Pure.
import type { QuietHours } from "../outreach/quiet-hours.js";
import { minutesOfDay, toLocal } from "../shared/zoned-time.js";

export interface TimeRange {
  /** ISO instant. */
  startsAt: string;
  endsAt: string;
}

export interface Slot extends TimeRange {
  interviewerId: string;
  /** Wall-clock start in the candidate's zone, "YYYY-MM-DD HH:MM". */
  localStart: string;
}

export interface SlotQuery {
  interviewerId: string;
  availability: readonly TimeRange[];
  busy: readonly TimeRange[];
  durationMinutes: number;
  /** Slots start on this grid inside each availability window. */
  stepMinutes?: number;
  candidateTimeZone: string;
  /** The sending rules' quiet hours (core/outreach/sending-rules.ts); null: none. */
  candidateQuietHours: QuietHours | null;
  /** Nothing earlier than this (usually now plus some notice). */
  notBefore: Date;
  limit?: number;
}

/**
 * The grain of an interviewer's time that a booking claims: every cell the interview touches.
 * Two interviews that overlap by a minute share a cell, so at most one can hold it. 15 minutes
 * keeps an 8-hour interview at 32 cells, inside one transaction with room for the rest.
 */
export const SLOT_CELL_MINUTES = 15;

/** The cells [startsAt, endsAt) touches, as ISO instants on the UTC grid. */
export function slotCells(range: TimeRange): string[] {
  const cell = SLOT_CELL_MINUTES * 60_000;
  const end = Date.parse(range.endsAt);
  const cells: string[] = [];
  for (let t = Math.floor(Date.parse(range.startsAt) / cell) * cell; t < end; t += cell) cells.push(new Date(t).toISOString());
  return cells;
}

/** Whether some availability window holds the whole of [startsAt, endsAt). */
export function withinAvailability(range: TimeRange, availability: readonly TimeRange[]): boolean {
  const s = Date.parse(range.startsAt);
  const e = Date.parse(range.endsAt);
  return availability.some((w) => Date.parse(w.startsAt) <= s && e <= Date.parse(w.endsAt));
}

const overlaps = (a: { s: number; e: number }, b: { s: number; e: number }) => a.s < b.e && b.s < a.e;

function localLabel(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${l.year}-${p(l.month)}-${p(l.day)} ${p(l.hour)}:${p(l.minute)}`;
}

/** Whether every minute of [start, end) is outside the candidate's quiet hours. */
export function withinWakingHours(start: Date, end: Date, timeZone: string, quiet: QuietHours | null): boolean {
  if (!quiet) return true;
  const qs = minutesOfDay(quiet.start);
  const qe = minutesOfDay(quiet.end);
  for (const t of [start, new Date(end.getTime() - 60_000)]) {
    const l = toLocal(t, timeZone);
    const m = l.hour * 60 + l.minute;
    const quiet = qs < qe ? m >= qs && m < qe : m >= qs || m < qe;
    if (quiet) return false;
  }
  // A slot longer than the waking window could straddle a whole quiet night; slots are short, but check.
  return end.getTime() - start.getTime() <= 12 * 3600_000;
}

export function computeSlots(q: SlotQuery): Slot[] {
  const duration = q.durationMinutes * 60_000;
  const step = (q.stepMinutes ?? q.durationMinutes) * 60_000;
  if (duration <= 0 || step <= 0) throw new RangeError("duration and step must be positive");
  const quiet = q.candidateQuietHours;
  const busy = q.busy.map((b) => ({ s: Date.parse(b.startsAt), e: Date.parse(b.endsAt) }));
  const windows = [...q.availability].map((w) => ({ s: Date.parse(w.startsAt), e: Date.parse(w.endsAt) })).sort((a, b) => a.s - b.s);
  const seen = new Set<number>();
  const slots: Slot[] = [];
  for (const w of windows) {
    for (let s = w.s; s + duration <= w.e; s += step) {
      const slot = { s, e: s + duration };
      if (s < q.notBefore.getTime() || seen.has(s)) continue;
      if (busy.some((b) => overlaps(slot, b))) continue;
      const start = new Date(s);
      const end = new Date(slot.e);
      if (!withinWakingHours(start, end, q.candidateTimeZone, quiet)) continue;
      seen.add(s);
      slots.push({ interviewerId: q.interviewerId, startsAt: start.toISOString(), endsAt: end.toISOString(), localStart: localLabel(start, q.candidateTimeZone) });
    }
  }
  slots.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return q.limit ? slots.slice(0, q.limit) : slots;
}
