// Offers, approval chains and the records the offer journey keeps. An offer is a set of typed
// parts; a draft may lack parts (HR fills it in over time), but only a complete, unambiguous offer
// can be submitted (see offer-readiness.ts).
import * as z from "../shared/zod.js";
import { Locale } from "../shared/model.js";
import { RiskWeightsInput } from "./offer-risk.js";

const Currency = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as CNY").describe("ISO 4217 currency of the amounts beside it (CNY, USD, …)");
const Amount = z.number().positive();
/** Monthly pay is often paid 13 or more times a year in China; the annual figure needs it. */
const MonthsPerYear = z.number().int().min(12).max(16);

export const BasePay = z.object({
  amount: Amount.describe("Base pay per `period`, in `currency`"),
  currency: Currency,
  period: z.enum(["month", "year"]).describe("What `amount` is per: `month` or `year`"),
  monthsPerYear: MonthsPerYear.optional().describe("With `period: month`: how many months are paid a year (12, 13, …); required to submit a monthly offer"),
}).strict();

/** Commission stated as a formula: rate × (base − threshold), per period, with a worked example. */
export const Commission = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }).strict(),
  z.object({
    kind: z.literal("formula"),
    rate: z.number().positive().max(1),
    base: z.enum(["revenue", "gross-margin", "new-bookings"]),
    threshold: z.number().nonnegative().describe("Per commission `period`, in the base pay's currency"),
    period: z.enum(["month", "quarter", "year"]).describe("The period commission is measured and paid over; the threshold and cap are per period"),
    cap: z.number().positive().optional().describe("Most paid per commission `period`, in the base pay's currency"),
    example: z.object({ achieved: z.number().nonnegative().describe("A result in one commission `period`, in the base pay's currency"), payout: z.number().nonnegative().describe("What that period pays, in the base pay's currency") }).strict().optional(),
  }).strict(),
]);

export const Bonus = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }).strict(),
  z.object({
    kind: z.literal("target"),
    targetPercent: z.number().positive().max(200),
    basis: z.string().min(1).optional(),
  }).strict(),
]);

export const Probation = z.object({
  months: z.number().int().min(0).max(6),
  /** Pay during probation as a percent of base; PRC labour law sets a floor of 80 %. */
  payPercent: z.number().min(0).max(100),
}).strict();

/** Each part may be absent from a draft; present parts must be well-formed. */
export const OfferParts = z.object({
  basePay: BasePay.optional(),
  commission: Commission.optional(),
  bonus: Bonus.optional(),
  benefits: z.array(z.string().min(1)).optional(),
  probation: Probation.optional(),
  startDate: z.iso.date().optional(),
  location: z.string().min(1).optional(),
  responseDeadline: z.iso.datetime({ offset: true }).optional(),
}).strict();
export type OfferParts = z.infer<typeof OfferParts>;

export const OFFER_PARTS = ["basePay", "commission", "bonus", "benefits", "probation", "startDate", "location", "responseDeadline"] as const;
export type OfferPartName = (typeof OFFER_PARTS)[number];

/** An amount of pay a year: what the offer's base pay, budgets and expectations are compared in. */
export interface AnnualAmount {
  amount: number;
  currency: string;
}

/**
 * What the candidate expects to earn, per year or per month. It is compared with the offer's annual base
 * pay and the policy's annual budget only after a monthly figure is made annual (× monthsPerYear), so a
 * monthly expectation is never set beside an annual budget as if they were the same kind of number.
 */
export const ExpectedPay = z.object({
  amount: Amount.describe("The candidate's expected base pay per `period`, in `currency`"),
  currency: Currency,
  // Absent on offers saved before expectations had a period: they were documented as annual.
  period: z.enum(["year", "month"]).default("year").describe("What `amount` is per: `year` (the default) or `month`"),
  monthsPerYear: MonthsPerYear.optional().describe("With `period: month`: months paid a year, to make it annual; default 12"),
}).strict().refine((e) => e.period === "month" || e.monthsPerYear === undefined, { message: "monthsPerYear goes with period: month", path: ["monthsPerYear"] });
/** As stored or sent: `period` may be absent (then it is a year). */
export type ExpectedPay = z.input<typeof ExpectedPay>;

export const OfferStatus = z.enum([
  "draft",
  "pending-approval",
  "approval-rejected",
  "approval-expired",
  "sent",
  "accepted",
  "declined",
  "decision-stalled",
  "failed",
]);
export type OfferStatus = z.infer<typeof OfferStatus>;

export const BudgetStatus = z.enum(["within", "above", "below", "no-budget"]);
export type BudgetStatus = z.infer<typeof BudgetStatus>;

export const CandidateResponse = z.enum(["accepted", "declined"]);
export type CandidateResponse = z.infer<typeof CandidateResponse>;

export const Offer = z.object({
  offerId: z.string(),
  candidateId: z.string(),
  applicationId: z.string(),
  requisitionId: z.string(),
  locale: Locale,
  parts: OfferParts,
  /** What the candidate said they expect (annual), shown next to the offer. */
  candidateExpectation: ExpectedPay.optional(),
  includeExecutiveStep: z.boolean().default(false),
  /** Set when HR learns the candidate holds another offer: a drop-off risk factor. */
  competingOffer: z.boolean().default(false),
  /** When the final interview took place: the delay from it to the offer is a drop-off risk factor. */
  finalInterviewAt: z.iso.datetime({ offset: true }).optional(),
  /** The last drop-off risk score assessed, so a rise can be told from a steady state. */
  riskScore: z.number().optional(),
  status: OfferStatus,
  budgetStatus: BudgetStatus.optional(),
  executionArn: z.string().optional(),
  /**
   * The offer journey's execution name, written in the same update that marks the offer submitted, so a
   * submit that crashed before the journey started (or raced another submit) starts the same execution.
   */
  journeyName: z.string().optional(),
  submittedAt: z.string().optional(),
  approvedAt: z.string().optional(),
  sentAt: z.string().optional(),
  response: CandidateResponse.optional(),
  respondedAt: z.string().optional(),
  /** The candidate's Accept/Decline/Question link id (an OfferLink item). */
  responseLinkId: z.string().optional(),
  /** The current task token of the candidate-response wait (never leaves the table). */
  responseToken: z.string().optional(),
  responseTicks: z.number().int().optional(),
  reminderSent: z.boolean().optional(),
  stalledReasonSuggestion: z.string().optional(),
  /** The reason HR recorded (confirming or correcting the suggestion). */
  stalledReason: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Offer = z.infer<typeof Offer>;

export const Approver = z.object({ email: z.email(), name: z.string().min(1) }).strict();
export type Approver = z.infer<typeof Approver>;

export const ApprovalStepConfig = z.object({
  name: z.string().min(1),
  approvers: z.array(Approver).min(1),
  /** N of M: how many of the approvers must approve. */
  required: z.number().int().min(1),
  /** "out-of-budget": only when the offer is outside the requisition's budget; "executive": only when the offer asks for it. */
  when: z.enum(["always", "out-of-budget", "executive"]).default("always"),
}).strict().refine((s) => s.required <= s.approvers.length, { message: "required cannot exceed the number of approvers", path: ["required"] });
export type ApprovalStepConfig = z.infer<typeof ApprovalStepConfig>;

export const OfferPolicy = z.object({
  /** Annual base pay range for the requisition. */
  budget: z.object({ min: Amount.describe("Lowest annual base pay, in `currency` per year"), max: Amount.describe("Highest annual base pay, in `currency` per year"), currency: Currency }).strict().describe("The annual base pay budget (per year) that offers are checked against; the requisition's own `budget` is monthly").refine((b) => b.min <= b.max, { message: "min must not exceed max", path: ["min"] }).optional(),
  /** Who an expired approval step escalates to. */
  ownerEmail: z.email(),
  ownerName: z.string().min(1).default("Requisition owner"),
  approvalChain: z.array(ApprovalStepConfig).min(1),
  /** Drop-off risk weights per factor (defaults and their rationale: offer-risk.ts). */
  riskWeights: RiskWeightsInput.optional(),
  /** HR is alerted when the risk score reaches this (or rises by 3 or more). */
  riskThreshold: z.number().min(0).max(10).optional(),
  /** The pre-onboarding touches, sent after acceptance (default: DEFAULT_PRE_ONBOARDING in offer-journey.ts). */
  preOnboarding: z.array(z.object({
    kind: z.enum(["progress", "team-content", "feedback-question", "start-reminder"]),
    /** Days after acceptance (progress, team content, feedback) or before the start date (start reminders). */
    days: z.number().int().min(0).max(180),
    text: z.object({ "zh-CN": z.string().min(1), en: z.string().min(1) }).strict(),
  }).strict()).optional(),
}).strict();
export type OfferPolicy = z.infer<typeof OfferPolicy>;

export const ApprovalDecision = z.object({
  approverEmail: z.string(),
  decision: z.enum(["approve", "reject"]),
  reason: z.string().optional(),
  at: z.string(),
  ip: z.string(),
  userAgent: z.string(),
  /** "owner" when the requisition owner decided an escalated step. */
  as: z.enum(["approver", "owner"]),
});
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

export const ApprovalStepRecord = z.object({
  offerId: z.string(),
  candidateId: z.string(),
  round: z.string(),
  stepIndex: z.number().int(),
  name: z.string(),
  required: z.number().int(),
  approvers: z.array(Approver.extend({ linkId: z.string() })),
  taskToken: z.string().optional(),
  timeouts: z.number().int().default(0),
  decisions: z.array(ApprovalDecision).default([]),
  escalatedTo: z.object({ email: z.string(), linkId: z.string() }).optional(),
  resolution: z.object({ outcome: z.enum(["approved", "rejected"]), reason: z.string().optional(), at: z.string() }).optional(),
  openedAt: z.string(),
});
export type ApprovalStepRecord = z.infer<typeof ApprovalStepRecord>;

export const OfferLink = z.object({
  linkId: z.string(),
  purpose: z.enum(["approval", "candidate"]),
  offerId: z.string(),
  candidateId: z.string(),
  /** For approval links: which step of which round, and who may use it. */
  round: z.string().optional(),
  stepIndex: z.number().int().optional(),
  boundTo: z.string(),
  as: z.enum(["approver", "owner", "candidate"]),
  expiresAt: z.string(),
  usedAt: z.string().optional(),
  decision: z.string().optional(),
});
export type OfferLink = z.infer<typeof OfferLink>;

/** One re-engagement plan per candidate: the EventBridge schedule and whether nurture runs. */
export const ReEngagement = z.object({
  candidateId: z.string(),
  offerId: z.string(),
  scheduleName: z.string(),
  fireAt: z.string(),
  status: z.enum(["scheduled", "cancelled", "fired"]),
  nurture: z.boolean(),
  /** Why the offer ended: stalled or declined. */
  reason: z.enum(["decision-stalled", "declined"]),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ReEngagement = z.infer<typeof ReEngagement>;

/** A policy change HR records (hybrid work, new benefits…): re-engagement briefs list those since the offer. */
export const PolicyChange = z.object({
  changeId: z.string(),
  at: z.string(),
  summary: z.string().min(1).max(2000),
});
export type PolicyChange = z.infer<typeof PolicyChange>;
