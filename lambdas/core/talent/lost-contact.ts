// Lost-contact probability: how likely we have lost the person, from failed attempts in a row,
// bounced or failed messages, and how long since they last engaged. A transparent heuristic,
// not a fitted model: each factor adds hazard, and the probability is 1 − e^(−hazard), so more
// evidence always means a higher probability and none means zero. The factors are returned as
// evidence, in HR's words.
import type { TimelineEvent } from "../shared/model.js";
import type { TalentProfile } from "./talent-model.js";

export interface LostContact {
  probability: number;
  factors: string[];
}

const PER_FAILED_ATTEMPT = 0.35;
const PER_FAILED_MESSAGE = 0.5;
const PER_SILENT_MONTH = 0.15;

export function lostContactProbability(talent: TalentProfile | undefined, timeline: TimelineEvent[], now: Date): LostContact {
  const factors: string[] = [];
  let hazard = 0;
  const failed = talent?.failedAttempts ?? 0;
  // A derived status counts bounces and failed texts among the failed attempts already (talent-status.ts).
  const derived = talent?.statusSource !== undefined;
  if (failed) {
    hazard += failed * PER_FAILED_ATTEMPT;
    factors.push(derived ? `${failed} failed attempts in a row across channels` : `${failed} failed call attempts in a row`);
  }
  const failedMessages = derived ? 0 : timeline.filter((e) => e.type === "message.bounced" || e.type === "message.failed" || e.type === "message.complained").length;
  if (failedMessages) {
    hazard += failedMessages * PER_FAILED_MESSAGE;
    factors.push(`${failedMessages} bounced or failed messages`);
  }
  const engaged = timeline.filter((e) => e.type === "message.opened" || e.type === "message.clicked" || (e.type === "talent.call" && (e.data?.outcome === "reached" || e.data?.outcome === "call-back")));
  const last = [talent?.lastContactAt, ...engaged.map((e) => e.at)].filter((x): x is string => Boolean(x)).sort().pop();
  if (last) {
    const months = (now.getTime() - Date.parse(last)) / (30 * 86_400_000);
    if (months >= 1) {
      hazard += Math.floor(months) * PER_SILENT_MONTH;
      factors.push(`no engagement for ${Math.floor(months)} months`);
    }
  } else if (failed || failedMessages) factors.push("never reached");
  if (talent?.status === "unreachable") factors.push("marked unreachable");
  return { probability: Number((1 - Math.exp(-hazard)).toFixed(3)), factors };
}
