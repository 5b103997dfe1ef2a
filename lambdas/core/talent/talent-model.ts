// The talent pool's model: HR's view of a person across every application, kept beside the
// candidate profile. Schemas are the types; each is validated at the edge. How the person wants to be
// reached and what they agreed to is the preference record (core/preferences), not part of this.
import * as z from "../shared/zod.js";

export const TalentStatus = z.enum(["not-contacted", "contacted", "unreachable", "interviewing", "offered", "hired", "rejected", "stalled"]);
export type TalentStatus = z.infer<typeof TalentStatus>;

export const CallOutcome = z.enum(["no-answer", "busy", "wrong-number", "reached", "call-back"]);
export type CallOutcome = z.infer<typeof CallOutcome>;
/** Outcomes that count as a failed attempt to reach the person. "call-back" reached them. */
export const MISSED_OUTCOMES: readonly CallOutcome[] = ["no-answer", "busy", "wrong-number"];


export const Expectations = z.object({
  /** Monthly, in `currency`: what job boards and résumés state ("15-25K" a month). */
  salaryMin: z.number().nonnegative().optional().describe("Lowest expected monthly salary, in `currency` per month"),
  salaryMax: z.number().nonnegative().optional().describe("Highest expected monthly salary, in `currency` per month"),
  currency: z.string().length(3).default("CNY").describe("ISO 4217 currency (default CNY)"),
  location: z.string().max(200).optional(),
  notes: z.string().max(2000).optional(),
});
export type Expectations = z.infer<typeof Expectations>;

export const TalentProfile = z.object({
  candidateId: z.string(),
  /** Derived from every journey's events (core/talent/talent-status.ts), or HR's when HR set it. */
  status: TalentStatus,
  statusReason: z.string().optional(),
  /** Whose word the status is: the journeys' (derived) or HR's. Absent on records from before derivation. */
  statusSource: z.enum(["journey", "hr"]).optional(),
  /** When the fact that decided the status happened, and who set it when HR did. */
  statusAt: z.string().optional(),
  statusBy: z.string().optional(),
  tags: z.array(z.string()).default([]),
  expectations: Expectations.optional(),
  requisitionIds: z.array(z.string()).default([]),
  /** Highest and latest interview ratings (1–5): what "rejected but rated ≥ N" searches. */
  maxRating: z.number().optional(),
  lastRating: z.number().optional(),
  rejectionReason: z.string().optional(),
  roleFamily: z.string().optional(),
  /** Words from the person's resumes (core/resume-keywords.ts): what keyword search finds them by. */
  keywords: z.array(z.string()).default([]),
  /** Failed attempts in a row across channels; reset when the person answers. */
  failedAttempts: z.number().int().nonnegative().default(0),
  unreachableEvidence: z.array(z.string()).optional(),
  /** Channels whose address failed for good (hard bounce, dead number, wrong number) and has not worked since. */
  deadChannels: z.array(z.enum(["email", "sms", "call"])).optional(),
  lastContactAt: z.string().optional(),
  mergedInto: z.string().optional(),
  /** Set by erasure: an erased person's record is never written again (adapters check it). */
  erasedAt: z.string().optional(),
  version: z.number().int().nonnegative(),
  updatedAt: z.string(),
});
export type TalentProfile = z.infer<typeof TalentProfile>;

export function newTalentProfile(candidateId: string, now: string): TalentProfile {
  return { candidateId, status: "not-contacted", tags: [], requisitionIds: [], keywords: [], failedAttempts: 0, version: 0, updatedAt: now };
}

/** What a search result shows: enough to list and filter without reading each profile. */
export const SearchSummary = z.object({
  candidateId: z.string(),
  name: z.string(),
  phoneE164: z.string().optional(),
  emailNorm: z.string().optional(),
  status: TalentStatus,
  statusSource: z.enum(["journey", "hr"]).optional(),
  tags: z.array(z.string()),
  requisitionIds: z.array(z.string()),
  maxRating: z.number().optional(),
  rejectionReason: z.string().optional(),
  updatedAt: z.string(),
});
export type SearchSummary = z.infer<typeof SearchSummary>;

export const CallAttempt = z.object({
  callId: z.string(),
  candidateId: z.string(),
  at: z.string(),
  outcome: CallOutcome,
  callBackAt: z.string().optional(),
  note: z.string().max(2000).optional(),
  by: z.string(),
  requisitionId: z.string().optional(),
  roleFamily: z.string(),
  /** Local to the candidate: what best-time statistics group by. */
  weekday: z.number().int().min(0).max(6),
  hour: z.number().int().min(0).max(23),
});
export type CallAttempt = z.infer<typeof CallAttempt>;
