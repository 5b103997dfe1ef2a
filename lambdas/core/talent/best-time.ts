// Best time to contact, from our own call log: connect rate per weekday × hour with Wilson 95%
// intervals, and a recommendation that only trusts cells with enough attempts, widening the group
// (role family × weekday × hour → role family × hour → everyone × weekday × hour → everyone × hour)
// until one has. Ranking by the interval's lower bound prefers a well-measured 40% over a lucky 3/4.
import type { CallCounts } from "./talent-ports.js";

export interface HeatCell {
  weekday: number;
  hour: number;
  attempts: number;
  connects: number;
  rate: number;
  low: number;
  high: number;
}

/** The chosen cell, and which group it came from (weekday absent when the group pools weekdays). */
export type Recommendation = Omit<HeatCell, "weekday"> & {
  group: string;
  level: "family-weekday-hour" | "family-hour" | "all-weekday-hour" | "all-hour";
  weekday?: number;
};

const Z95 = 1.959963984540054;

export function wilson(connects: number, attempts: number, z = Z95): { low: number; high: number } {
  if (attempts === 0) return { low: 0, high: 1 };
  const p = connects / attempts;
  const z2 = z * z;
  const denom = 1 + z2 / attempts;
  const centre = (p + z2 / (2 * attempts)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / attempts + z2 / (4 * attempts * attempts))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export function heatmap(counts: CallCounts): HeatCell[] {
  const cells: HeatCell[] = [];
  for (let weekday = 0; weekday < 7; weekday++) {
    for (let hour = 0; hour < 24; hour++) {
      const attempts = counts.attempts[weekday]![hour]!;
      const connects = counts.connects[weekday]![hour]!;
      cells.push({ weekday, hour, attempts, connects, rate: attempts ? connects / attempts : 0, ...wilson(connects, attempts) });
    }
  }
  return cells;
}

function byHour(counts: CallCounts): { attempts: number[]; connects: number[] } {
  const attempts = Array<number>(24).fill(0);
  const connects = Array<number>(24).fill(0);
  for (let d = 0; d < 7; d++) {
    for (let h = 0; h < 24; h++) {
      attempts[h]! += counts.attempts[d]![h]!;
      connects[h]! += counts.connects[d]![h]!;
    }
  }
  return { attempts, connects };
}

function bestOf(cells: Array<{ weekday?: number; hour: number; attempts: number; connects: number }>, minAttempts: number) {
  let best: (typeof cells)[number] & { rate: number; low: number; high: number } | undefined;
  for (const c of cells) {
    if (c.attempts < minAttempts) continue;
    const ci = wilson(c.connects, c.attempts);
    if (!best || ci.low > best.low) best = { ...c, rate: c.connects / c.attempts, ...ci };
  }
  return best;
}

export function recommend(family: { name: string; counts: CallCounts }, everyone: CallCounts, minAttempts = 30): Recommendation | undefined {
  const grid = (counts: CallCounts) => heatmap(counts).map(({ weekday, hour, attempts, connects }) => ({ weekday, hour, attempts, connects }));
  const hours = (counts: CallCounts) => {
    const h = byHour(counts);
    return h.attempts.map((attempts, hour) => ({ hour, attempts, connects: h.connects[hour]! }));
  };
  const levels: Array<[Recommendation["level"], string, Array<{ weekday?: number; hour: number; attempts: number; connects: number }>]> = [
    ["family-weekday-hour", family.name, grid(family.counts)],
    ["family-hour", family.name, hours(family.counts)],
    ["all-weekday-hour", "*", grid(everyone)],
    ["all-hour", "*", hours(everyone)],
  ];
  for (const [level, group, cells] of levels) {
    const best = bestOf(cells, minAttempts);
    if (best) return { level, group, ...best };
  }
  return undefined;
}

/** Local weekday (0 = Sunday) and hour of an instant in a time zone. */
export function localSlot(at: Date, timeZone: string): { weekday: number; hour: number } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "numeric", hourCycle: "h23" }).formatToParts(at);
  const wd = parts.find((p) => p.type === "weekday")!.value;
  const hour = Number(parts.find((p) => p.type === "hour")!.value);
  return { weekday: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(wd), hour };
}

/** The next start of the given local hour (on the given weekday, if any) strictly after `after`. */
export function nextSlot(after: Date, timeZone: string, hour: number, weekday?: number): Date {
  const start = new Date(Math.floor(after.getTime() / 3_600_000) * 3_600_000 + 3_600_000);
  for (let i = 0; i < 24 * 8; i++) {
    const t = new Date(start.getTime() + i * 3_600_000);
    const slot = localSlot(t, timeZone);
    if (slot.hour === hour && (weekday === undefined || slot.weekday === weekday)) return t;
  }
  return start;
}

/** Aggregates raw attempts into counts: what the bench times over a million attempts. */
export function countAttempts(attempts: Iterable<{ weekday: number; hour: number; connected: boolean }>): CallCounts {
  const a = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  const k = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const x of attempts) {
    a[x.weekday]![x.hour]!++;
    if (x.connected) k[x.weekday]![x.hour]!++;
  }
  return { attempts: a, connects: k };
}
