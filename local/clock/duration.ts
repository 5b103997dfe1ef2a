// ISO 8601 durations for steering the clock ("PT2H", "P1D", "P6M", "P1DT12H30M"). Years and
// months are calendar units (P1M from 31 January is the end of February, as Temporal does with
// overflow "constrain"), counted in UTC; weeks, days and smaller units are fixed lengths. Node
// has no Temporal yet, and the one grammar is a dozen lines.

const DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** The duration, or undefined when `text` is not an ISO 8601 duration (negative ones included). */
export function parseDuration(text: string): Duration | undefined {
  const m = DURATION.exec(text.trim().toUpperCase());
  if (!m) return undefined;
  const n = (i: number) => Number(m[i] ?? 0);
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

/** `from` (epoch ms) plus the duration. */
export function addDuration(from: number, d: Duration): number {
  let t = from;
  if (d.years || d.months) {
    const date = new Date(from);
    const day = date.getUTCDate();
    const targetMonth = date.getUTCMonth() + d.months + 12 * d.years;
    date.setUTCDate(1);
    date.setUTCFullYear(date.getUTCFullYear(), targetMonth, 1);
    const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    date.setUTCDate(Math.min(day, lastDay));
    t = date.getTime();
  }
  return t + ((d.weeks * 7 + d.days) * 86_400 + d.hours * 3_600 + d.minutes * 60 + d.seconds) * 1000;
}
