// One-time schedule expressions of EventBridge Scheduler: `at(yyyy-mm-ddThh:mm:ss)`, a wall-clock
// time in ScheduleExpressionTimezone (default UTC). The conversion uses the IANA database that
// ships with Node's Intl, so DST transitions are handled without a dependency.

export class ScheduleExpressionError extends Error {}

const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch {
      throw new ScheduleExpressionError(`Invalid ScheduleExpressionTimezone '${timeZone}'`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `timeZone` from UTC at instant `t`, in ms (wall clock minus UTC). */
function offsetAt(timeZone: string, t: number): number {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts["year"]), Number(parts["month"]) - 1, Number(parts["day"]), Number(parts["hour"]), Number(parts["minute"]), Number(parts["second"]));
  return wall - Math.floor(t / 1000) * 1000;
}

/** Epoch ms of the instant an `at(...)` expression names in `timeZone`. */
export function parseAtExpression(expression: string, timeZone = "UTC"): number {
  if (/^(rate|cron)\(/.test(expression)) {
    throw new ScheduleExpressionError(
      `The local Scheduler only supports one-time at(yyyy-mm-ddThh:mm:ss) schedules; '${expression}' is a recurring expression`,
    );
  }
  const m = AT.exec(expression);
  if (!m) throw new ScheduleExpressionError(`Invalid Schedule Expression ${expression}.`);
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new ScheduleExpressionError(`Invalid Schedule Expression ${expression}.`);
  }
  // Wall time -> instant: subtract the zone's offset, then re-check it at the candidate instant
  // (the offset may differ across a DST change between the two).
  let t = wall - offsetAt(timeZone, wall);
  const corrected = wall - offsetAt(timeZone, t);
  if (corrected !== t) t = corrected;
  return t;
}

/** `yyyy-mm-ddThh:mm:ssZ`, the format of `<aws.scheduler.scheduled-time>`. */
export function formatScheduledTime(t: number): string {
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
