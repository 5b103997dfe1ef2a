// Drop-off risk for an offer: a score from 0 to 10 that explains itself. Each factor turns one
// observation into a severity between 0 and 1; its contribution is severity × weight, and the
// default weights add up to 10, so the score is the sum of contributions.
//
// Why these default weights (see README, "Drop-off risk"):
// - compensationGap 2.5: pay below what the candidate asked for is the reason candidates most often
//   give for declining; 20 % below the expectation counts fully.
// - competingOffer 2.0: a candidate holding another offer decides on someone else's clock.
// - silence 2.0: days since the candidate last did anything (opened, clicked, visited, asked,
//   answered). One quiet day is normal; a silent week counts fully.
// - engagement 1.5: opens, clicks, portal visits and answered questions lower the risk; none at
//   all counts fully. Weighted below silence because it overlaps with it.
// - interviewToOffer 1.0: every day from the final interview to the offer lets enthusiasm cool;
//   three days are normal, two weeks count fully.
// - approvalDuration 1.0: slow approvals are the part of that delay the company controls; a day is
//   normal, five days count fully.
import * as z from "../shared/zod.js";

export const RiskFactor = z.enum(["compensationGap", "competingOffer", "silence", "engagement", "interviewToOffer", "approvalDuration"]);
export type RiskFactor = z.infer<typeof RiskFactor>;

export type RiskWeights = Record<RiskFactor, number>;

export const DEFAULT_RISK_WEIGHTS: RiskWeights = {
  compensationGap: 2.5,
  competingOffer: 2.0,
  silence: 2.0,
  engagement: 1.5,
  interviewToOffer: 1.0,
  approvalDuration: 1.0,
};

const Weight = z.number().min(0).max(10).optional();
export const RiskWeightsInput = z.object({
  compensationGap: Weight,
  competingOffer: Weight,
  silence: Weight,
  engagement: Weight,
  interviewToOffer: Weight,
  approvalDuration: Weight,
}).strict();

export interface RiskInputs {
  /** (offer − expectation) / expectation; negative when the offer is lower. */
  expectationGap?: number;
  competingOffer: boolean;
  daysSinceLastResponse?: number;
  engagement: { opens: number; clicks: number; portalVisits: number; questionsAnswered: number };
  daysFinalInterviewToOffer?: number;
  approvalHours?: number;
}

export interface RiskContribution {
  factor: RiskFactor;
  contribution: number;
  detail: string;
}

export interface RiskScore {
  score: number;
  /** Factors that add to the score, largest first. */
  topFactors: RiskContribution[];
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Severity (0..1) and a human-readable detail for each factor. */
function severities(i: RiskInputs): Array<[RiskFactor, number, string]> {
  const e = i.engagement;
  const points = e.opens * 0.5 + e.clicks + e.portalVisits + e.questionsAnswered * 1.5;
  return [
    ["compensationGap", i.expectationGap === undefined ? 0 : clamp01(-i.expectationGap / 0.2), i.expectationGap === undefined ? "no expectation recorded" : `offer is ${Math.round(i.expectationGap * 100)}% vs expectation`],
    ["competingOffer", i.competingOffer ? 1 : 0, i.competingOffer ? "holds a competing offer" : "no competing offer known"],
    ["silence", i.daysSinceLastResponse === undefined ? 0 : clamp01((i.daysSinceLastResponse - 1) / 6), `${round1(i.daysSinceLastResponse ?? 0)} days since the candidate last responded`],
    ["engagement", 1 - clamp01(points / 4), `${e.opens} opens, ${e.clicks} clicks, ${e.portalVisits} portal visits, ${e.questionsAnswered} questions answered`],
    ["interviewToOffer", i.daysFinalInterviewToOffer === undefined ? 0 : clamp01((i.daysFinalInterviewToOffer - 3) / 11), `${round1(i.daysFinalInterviewToOffer ?? 0)} days from final interview to offer`],
    ["approvalDuration", i.approvalHours === undefined ? 0 : clamp01((i.approvalHours - 24) / 96), `approvals took ${round1(i.approvalHours ?? 0)} hours`],
  ];
}

export function scoreRisk(inputs: RiskInputs, weights: RiskWeights = DEFAULT_RISK_WEIGHTS): RiskScore {
  const total = Object.values(weights).reduce((a, b) => a + b, 0) || 1;
  // Weights that do not add up to 10 are scaled so the score keeps its 0–10 range.
  const scale = 10 / total;
  const contributions = severities(inputs).map(([factor, severity, detail]) => ({ factor, contribution: round1(severity * weights[factor] * scale), detail }));
  const score = round1(Math.min(10, contributions.reduce((a, c) => a + c.contribution, 0)));
  return { score, topFactors: contributions.filter((c) => c.contribution > 0).sort((a, b) => b.contribution - a.contribution).slice(0, 3) };
}

export const DEFAULT_RISK_THRESHOLD = 6;

const actionFor: Record<RiskFactor, string> = {
  compensationGap: "clarify comp",
  competingOffer: "call",
  silence: "call",
  engagement: "call",
  interviewToOffer: "speed up",
  approvalDuration: "speed up",
};

export interface RiskAlert {
  reason: "crossed-threshold" | "rose-by-3";
  suggestedActions: string[];
}

/** Alert when the score crosses the threshold upwards, or rises by 3 or more since the last assessment. */
export function riskAlert(previous: number | undefined, current: RiskScore, threshold = DEFAULT_RISK_THRESHOLD): RiskAlert | undefined {
  const before = previous ?? 0;
  // The first assessment has nothing to rise from: only the threshold counts.
  const reason = before < threshold && current.score >= threshold ? "crossed-threshold" : previous !== undefined && current.score - previous >= 3 ? "rose-by-3" : undefined;
  if (!reason) return undefined;
  const suggestedActions = [...new Set(current.topFactors.map((f) => actionFor[f.factor]))];
  return { reason, suggestedActions: suggestedActions.length ? suggestedActions : ["call"] };
}

/** Events the candidate caused: each one is a response, and most are engagement. */
const CANDIDATE_EVENTS = new Set(["message.opened", "message.clicked", "portal.visited", "offer.question", "offer.accepted", "offer.declined", "offer.question.answered"]);

/** The risk inputs for an offer, from the offer and the candidate's timeline. */
export function riskInputsFor(
  offer: { competingOffer: boolean; finalInterviewAt?: string | undefined; submittedAt?: string | undefined; approvedAt?: string | undefined; sentAt?: string | undefined },
  expectationGap: number | undefined,
  timeline: ReadonlyArray<{ type: string; at: string }>,
  now: Date,
): RiskInputs {
  const day = 86_400_000;
  const mine = timeline.filter((e) => CANDIDATE_EVENTS.has(e.type));
  const last = mine.reduce<number | undefined>((max, e) => Math.max(max ?? 0, Date.parse(e.at)), undefined) ?? (offer.sentAt ? Date.parse(offer.sentAt) : undefined);
  const count = (t: string) => mine.filter((e) => e.type === t).length;
  const offerAt = offer.sentAt ?? offer.submittedAt;
  return {
    ...(expectationGap !== undefined ? { expectationGap } : {}),
    competingOffer: offer.competingOffer,
    ...(last !== undefined ? { daysSinceLastResponse: Math.max(0, (now.getTime() - last) / day) } : {}),
    engagement: { opens: count("message.opened"), clicks: count("message.clicked"), portalVisits: count("portal.visited"), questionsAnswered: count("offer.question.answered") + count("offer.question") },
    ...(offer.finalInterviewAt && offerAt ? { daysFinalInterviewToOffer: Math.max(0, (Date.parse(offerAt) - Date.parse(offer.finalInterviewAt)) / day) } : {}),
    ...(offer.submittedAt ? { approvalHours: Math.max(0, ((offer.approvedAt ? Date.parse(offer.approvedAt) : now.getTime()) - Date.parse(offer.submittedAt)) / 3600_000) } : {}),
  };
}
