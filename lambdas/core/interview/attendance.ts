// Interview attendance: who comes and who doesn't, counted when an outcome is settled, by the slot's
// weekday × hour in the candidate's own zone, by the channel the invitation went out on, and by whether
// the candidate opened it. The no-show report reads the counts with Wilson 95% intervals, and
// self-scheduling offers the slots with the best attendance first. The counts are one item updated in
// the same transaction as the outcome, so an outcome counts exactly once.
import { wilson } from "../talent/best-time.js";
import { toLocal } from "../shared/zoned-time.js";
import type { Interview, TimelineEvent, MessageRecord } from "../shared/model.js";
import type { HirepathStore } from "../shared/ports.js";
import type { InterviewStore } from "./interview-ports.js";
import type { Slot } from "./interview-slots.js";

/** One settled interview, as the counts see it. */
export interface AttendanceTally {
  /** 0 = Sunday, in the candidate's zone. */
  weekday: number;
  hour: number;
  /** The invitation's channel; "none" when no invitation was sent (booked by the candidate, say). */
  channel: string;
  opened: boolean;
  noShow: boolean;
}

export interface Tally {
  n: number;
  noShows: number;
}

export interface AttendanceCounts {
  /** [weekday][hour], candidates' local time. */
  cells: Tally[][];
  channels: Record<string, Tally>;
  opened: Record<"yes" | "no", Tally>;
}

export const emptyCounts = (): AttendanceCounts => ({
  cells: Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => ({ n: 0, noShows: 0 }))),
  channels: {},
  opened: { yes: { n: 0, noShows: 0 }, no: { n: 0, noShows: 0 } },
});

/** Attribute names of the counters one tally adds 1 to (n_…) and, for a no-show, also (x_…). */
export function counterNames(t: AttendanceTally): string[] {
  return [`wh_${t.weekday}_${t.hour}`, `ch_${t.channel.replace(/[^a-z0-9-]/gi, "")}`, `op_${t.opened ? "yes" : "no"}`];
}

/** The counts back from the item's counters (the inverse of counterNames). */
export function countsFromItem(item: Record<string, unknown>): AttendanceCounts {
  const counts = emptyCounts();
  const num = (k: string) => Number(item[k] ?? 0);
  for (let d = 0; d < 7; d++) for (let h = 0; h < 24; h++) counts.cells[d]![h] = { n: num(`n_wh_${d}_${h}`), noShows: num(`x_wh_${d}_${h}`) };
  for (const k of Object.keys(item)) {
    const m = /^n_ch_(.+)$/.exec(k);
    if (m) counts.channels[m[1]!] = { n: num(k), noShows: num(`x_ch_${m[1]}`) };
  }
  counts.opened = { yes: { n: num("n_op_yes"), noShows: num("x_op_yes") }, no: { n: num("n_op_no"), noShows: num("x_op_no") } };
  return counts;
}

/** Where a slot falls in the candidate's week: weekday (0 = Sunday) and hour, in their zone. */
export function localWeekHour(instant: string, timeZone: string): { weekday: number; hour: number } {
  const l = toLocal(new Date(instant), timeZone);
  return { weekday: new Date(Date.UTC(l.year, l.month - 1, l.day)).getUTCDay(), hour: l.hour };
}

/**
 * The tally for a settled interview: its slot in the candidate's zone, the channel the invitation went
 * out on (the first message sent about this interview), and whether the candidate opened any message
 * about it or one of its links.
 */
export function attendanceTally(interview: Interview, outcome: "attended" | "no-show", timeZone: string, timeline: readonly TimelineEvent[], messages: readonly (MessageRecord | undefined)[]): AttendanceTally {
  const sent = timeline.filter((e) => e.type === "message.sent" && (e.data as Record<string, unknown> | undefined)?.interviewId === interview.interviewId).sort((a, b) => a.at.localeCompare(b.at));
  const channel = String((sent[0]?.data as Record<string, unknown> | undefined)?.channel ?? "none");
  const opened = Boolean(interview.linkOpenedAt) || messages.some((m) => m && (m.openedAt || m.clickedAt));
  return { ...localWeekHour(interview.startsAt, timeZone), channel, opened, noShow: outcome === "no-show" };
}

/** The messages a tally looks at: every message sent about the interview. */
export function interviewMessageIds(interviewId: string, timeline: readonly TimelineEvent[]): string[] {
  return timeline
    .filter((e) => e.type === "message.sent" && (e.data as Record<string, unknown> | undefined)?.interviewId === interviewId)
    .map((e) => String((e.data as Record<string, unknown>).messageId ?? ""))
    .filter(Boolean);
}

export interface RateRow extends Tally {
  rate: number;
  low: number;
  high: number;
}

const row = (t: Tally): RateRow => ({ ...t, rate: t.n ? t.noShows / t.n : 0, ...wilson(t.noShows, t.n) });

/** Below this many interviews a slot's own rate is not trusted for ordering; the overall rate stands in. */
export const MIN_SLOT_INTERVIEWS = 10;

export interface NoShowReport {
  overall: RateRow;
  /** Every weekday × hour with at least one settled interview. */
  cells: (RateRow & { weekday: number; hour: number })[];
  channels: (RateRow & { channel: string })[];
  opened: (RateRow & { opened: boolean })[];
  /** The cell with the highest no-show rate among those with enough interviews to trust. */
  worst?: RateRow & { weekday: number; hour: number };
  minInterviews: number;
}

export function noShowReport(counts: AttendanceCounts, minInterviews = MIN_SLOT_INTERVIEWS): NoShowReport {
  const cells = counts.cells.flatMap((hours, weekday) => hours.map((t, hour) => ({ ...row(t), weekday, hour }))).filter((c) => c.n > 0);
  const total = cells.reduce((a, c) => ({ n: a.n + c.n, noShows: a.noShows + c.noShows }), { n: 0, noShows: 0 });
  const trusted = cells.filter((c) => c.n >= minInterviews);
  const worst = trusted.reduce<(typeof cells)[number] | undefined>((w, c) => (!w || c.rate > w.rate || (c.rate === w.rate && c.n > w.n) ? c : w), undefined);
  return {
    overall: row(total),
    cells,
    channels: Object.entries(counts.channels).map(([channel, t]) => ({ ...row(t), channel })).sort((a, b) => a.channel.localeCompare(b.channel)),
    opened: [{ ...row(counts.opened.yes), opened: true }, { ...row(counts.opened.no), opened: false }],
    ...(worst ? { worst } : {}),
    minInterviews,
  };
}

/** The no-show rate self-scheduling expects at a slot: its cell's own when trusted, else the overall rate. */
export function expectedNoShowRate(counts: AttendanceCounts, weekday: number, hour: number, minInterviews = MIN_SLOT_INTERVIEWS): number {
  const cell = counts.cells[weekday]![hour]!;
  if (cell.n >= minInterviews) return cell.noShows / cell.n;
  const total = counts.cells.flat().reduce((a, c) => ({ n: a.n + c.n, noShows: a.noShows + c.noShows }), { n: 0, noShows: 0 });
  return total.n ? total.noShows / total.n : 0;
}

/** Slots with the best expected attendance first; equal ones keep their time order. */
export function orderByAttendance(slots: readonly Slot[], counts: AttendanceCounts, timeZone: string): Slot[] {
  const rated = slots.map((s, i) => {
    const { weekday, hour } = localWeekHour(s.startsAt, timeZone);
    return { s, i, rate: expectedNoShowRate(counts, weekday, hour) };
  });
  return rated.sort((a, b) => a.rate - b.rate || a.i - b.i).map((r) => r.s);
}

/**
 * Settles an interview's outcome and counts it, once (see InterviewStore.settleInterview). The tally
 * reads the candidate's timeline for the messages sent about the interview, and those messages.
 */
export async function settleOutcome(current: Interview, outcome: "attended" | "no-show", at: string, record: readonly TimelineEvent[], deps: { store: Pick<HirepathStore, "getCandidateView" | "getMessage">; interviews: Pick<InterviewStore, "settleInterview"> }): Promise<boolean> {
  const view = await deps.store.getCandidateView(current.candidateId);
  const timeline = view?.timeline ?? [];
  const messages = await Promise.all(interviewMessageIds(current.interviewId, timeline).map((id) => deps.store.getMessage(id)));
  const tally = attendanceTally(current, outcome, view?.candidate.timeZone ?? "UTC", timeline, messages);
  return deps.interviews.settleInterview(current, { outcome, outcomeAt: at, updatedAt: at }, tally, record);
}
