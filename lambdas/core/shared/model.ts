// The domain model. Schemas are the types: each is validated at the edge and inferred here.
import * as z from "./zod.js";

export const Locale = z.enum(["zh-CN", "en"]);
export type Locale = z.infer<typeof Locale>;

export const Channel = z.enum(["email", "sms"]);
export type Channel = z.infer<typeof Channel>;

/** IANA time-zone name, checked against the runtime's tz database. */
export const TimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "must be an IANA time zone such as Asia/Shanghai");

export const Candidate = z.object({
  candidateId: z.string(),
  name: z.string(),
  emailNorm: z.string().optional(),
  phoneE164: z.string().optional(),
  locale: Locale,
  timeZone: z.string(),
  preferredChannel: Channel,
  source: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Set by erasure on the profile it keeps as a tombstone: nothing may write their data again. */
  erasedAt: z.string().optional(),
});
export type Candidate = z.infer<typeof Candidate>;

export const ScreenDecision = z.enum(["advance", "reject", "hold"]);
export type ScreenDecision = z.infer<typeof ScreenDecision>;

export const ScreenResult = z.object({
  decision: ScreenDecision,
  reasons: z.array(z.string()),
  matchedRequired: z.array(z.string()),
  missingRequired: z.array(z.string()),
  matchedBonus: z.array(z.string()),
  score: z.number(),
});
export type ScreenResult = z.infer<typeof ScreenResult>;

export const ApplicationStatus = z.enum([
  "received",
  "screened",
  "invited",
  "engaged",
  "nudged",
  "no-response",
  "unreachable",
  "rejected",
  "held-for-review",
  "failed",
]);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

export const Application = z.object({
  applicationId: z.string(),
  candidateId: z.string(),
  requisitionId: z.string(),
  source: z.string(),
  status: ApplicationStatus,
  resumeText: z.string().optional(),
  yearsExperience: z.number().optional(),
  location: z.string().optional(),
  /** The source's own id for the application (Greenhouse's, Ashby's, application.externalId). */
  externalId: z.string().optional(),
  screen: ScreenResult.optional(),
  /** Answers to the requisition's knock-out questions, by question id. */
  answers: z.record(z.string(), z.union([z.string(), z.boolean()])).optional(),
  /** HR's override of the screen decision: who, when, why, and what it replaced. */
  screenOverride: z
    .object({ decision: z.enum(["advance", "reject", "hold"]), reason: z.string(), by: z.string(), at: z.string(), previous: z.enum(["advance", "reject", "hold"]).optional() })
    .optional(),
  executionArn: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Application = z.infer<typeof Application>;

export const ScreeningRules = z.object({
  /** Every one must appear (case-insensitive, in Chinese or English text). Alternatives separated by "|". */
  requiredKeywords: z.array(z.string().min(1)).default([]),
  bonusKeywords: z.array(z.string().min(1)).default([]),
  minYearsExperience: z.number().nonnegative().optional(),
  /** If set, a candidate elsewhere is held for a human rather than rejected: location is often negotiable. */
  locations: z.array(z.string().min(1)).optional(),
  /** Yes/no or exact-answer questions; a wrong answer rejects, a missing one holds for a human. */
  knockOutQuestions: z
    .array(
      z.object({
        id: z.string().min(1),
        question: z.object({ "zh-CN": z.string().optional(), en: z.string().optional() }),
        requiredAnswer: z.union([z.boolean(), z.string().min(1)]),
      }),
    )
    .default([]),
});
export type ScreeningRules = z.infer<typeof ScreeningRules>;

export const Requisition = z.object({
  requisitionId: z.string(),
  title: z.string().min(1),
  /** The hiring company as candidates know it: the portal shows it beside the job title. */
  company: z.string().min(1).max(200).optional(),
  locale: Locale.default("zh-CN"),
  location: z.string().optional(),
  screening: ScreeningRules,
  /** Talent pool: groups requisitions for best-time statistics ("sales", "engineering"). */
  roleFamily: z.string().min(1).max(60).optional(),
  /** Monthly salary budget; shown only to roles allowed to see salaries. */
  budget: z
    .object({
      min: z.number().nonnegative().describe("Lowest monthly salary, in `currency` per month"),
      max: z.number().nonnegative().describe("Highest monthly salary, in `currency` per month"),
      currency: z.string().length(3).default("CNY").describe("ISO 4217 currency (default CNY)"),
    })
    .optional()
    .describe("Monthly salary budget (per month), for recruiting and recall; the offer policy's budget is annual. Shown only to SALARY_VIEWER_ROLES"),
  /** Region for candidates' phone numbers written without a country code (ISO 3166, e.g. "US"); default CN. */
  phoneRegion: z.string().regex(/^[A-Z]{2}$/, "an ISO 3166 region code such as CN or US").optional(),
  /** The requisition owner (the boss), who receives recall briefs. */
  ownerEmail: z.email().optional(),
  /** The recruiting team: its message templates (settings) are used for this requisition's candidates. */
  teamId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, "letters, digits, - and _, up to 63 characters").optional(),
  updatedAt: z.string(),
});
export type Requisition = z.infer<typeof Requisition>;

export const MessageStatus = z.enum(["sending", "sent", "unconfirmed", "failed"]);

export const MessageRecord = z.object({
  messageId: z.string(),
  idempotencyKey: z.string(),
  candidateId: z.string(),
  applicationId: z.string().optional(),
  channel: Channel,
  template: z.string(),
  to: z.string(),
  status: MessageStatus,
  provider: z.string().optional(),
  providerMessageId: z.string().optional(),
  createdAt: z.string(),
  /** Which claim of this message is live: 1 at the first send, +1 each time a retry takes it over. */
  attempt: z.number().int().positive().optional(),
  sentAt: z.string().optional(),
  /** The provider's Send event (SES "Send", SMS TEXT_SUCCESSFUL): evidence that it took the message. */
  acceptedAt: z.string().optional(),
  /** What a retry that found the send interrupted did: the provider's evidence confirmed it, or it sent again. */
  recovery: z.enum(["provider-confirmed", "resent"]).optional(),
  /** A templated message's request, kept so a delivery failure for good can send it by the other channel. */
  request: z.record(z.string(), z.unknown()).optional(),
  /** Why the last attempt (or the provider, afterwards) failed, and whether trying again on this channel can help. */
  failure: z.object({ reason: z.string(), permanent: z.boolean(), at: z.string() }).optional(),
  deliveredAt: z.string().optional(),
  openedAt: z.string().optional(),
  clickedAt: z.string().optional(),
  bouncedAt: z.string().optional(),
  complainedAt: z.string().optional(),
  failedAt: z.string().optional(),
});
export type MessageRecord = z.infer<typeof MessageRecord>;

export const TimelineEvent = z.object({
  eventId: z.string(),
  candidateId: z.string(),
  applicationId: z.string().optional(),
  at: z.string(),
  type: z.string(),
  summary: z.string(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;

export const DeadLetter = z.object({
  deadLetterId: z.string(),
  receivedAt: z.string(),
  source: z.string(),
  route: z.string(),
  reason: z.string(),
  code: z.string(),
  headers: z.record(z.string(), z.string()),
  /** The body itself, when small; a larger one is in the file store under bodyKey. */
  rawBody: z.string().optional(),
  bodyEncoding: z.enum(["utf8", "base64"]),
  bodyKey: z.string().optional(),
  bodyBytes: z.number().int().nonnegative().optional(),
  bodySha256: z.string().optional(),
  status: z.enum(["open", "replayed"]),
  replayedAt: z.string().optional(),
  replayResult: z.record(z.string(), z.unknown()).optional(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

export const Role = z.enum(["admin", "recruiter", "hiring-manager", "executive"]);
export type Role = z.infer<typeof Role>;

// --- Interviews (issue 3) ------------------------------------------------------------------------

export const TimeRange = z.object({ startsAt: z.iso.datetime(), endsAt: z.iso.datetime() });
export type TimeRange = z.infer<typeof TimeRange>;

export const LocalizedText = z.object({ "zh-CN": z.string().optional(), en: z.string().optional() });

export const Interviewer = z.object({
  interviewerId: z.string(),
  name: z.string().min(1),
  email: z.string().min(3),
  title: LocalizedText.default({}),
  background: LocalizedText.default({}),
  tags: z.array(z.string().min(1)).default([]),
  /** Published availability, as instants; slots are cut from these. */
  availability: z.array(TimeRange).default([]),
  /** Where the interviewer works: staff emails show the interview's time in it. Without it, the team's zone (STAFF_TIME_ZONE). */
  timeZone: TimeZone.optional(),
  updatedAt: z.string(),
});
export type Interviewer = z.infer<typeof Interviewer>;

export const InterviewMode = z.enum(["onsite", "video"]);
export const InterviewStatus = z.enum(["scheduled", "confirmed", "declined", "cancelled"]);
export const InterviewOutcome = z.enum(["attended", "no-show", "rescheduled", "cancelled"]);
export type InterviewOutcome = z.infer<typeof InterviewOutcome>;

export const Interview = z.object({
  interviewId: z.string(),
  candidateId: z.string(),
  applicationId: z.string(),
  interviewerId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  mode: InterviewMode,
  location: z.string().optional(),
  mapUrl: z.string().optional(),
  videoUrl: z.string().optional(),
  whatToBring: LocalizedText.default({}),
  status: InterviewStatus,
  /** Bumped by every reschedule; each version has its own journey execution and ICS SEQUENCE. */
  version: z.number().int().positive(),
  recruiterEmail: z.string(),
  managerEmail: z.string().optional(),
  /** The recruiting team, whose chat robots also get this interview's staff alerts. */
  teamId: z.string().optional(),
  confirmedAt: z.string().optional(),
  /** First time the candidate opened one of this version's links: SMS has no open pixel, so this is its "opened". */
  linkOpenedAt: z.string().optional(),
  declinedAt: z.string().optional(),
  cancelledAt: z.string().optional(),
  outcome: InterviewOutcome.optional(),
  outcomeAt: z.string().optional(),
  executionArn: z.string().optional(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Interview = z.infer<typeof Interview>;

export const AlertDelivery = z.object({
  channel: z.string(),
  to: z.string(),
  status: z.enum(["sent", "failed"]),
  attempts: z.number().int(),
  at: z.string(),
  error: z.string().optional(),
});
export type AlertDelivery = z.infer<typeof AlertDelivery>;

export const StaffTaskKind = z.enum(["call-candidate", "record-outcome", "reach-out-after-no-show"]);
export type StaffTaskKind = z.infer<typeof StaffTaskKind>;

/** "Must interview by": an executive's or hiring manager's flag on an application, with its SLA. */
export const PriorityFlag = z.object({
  candidateId: z.string(),
  applicationId: z.string(),
  mustInterviewBy: z.string(),
  flaggedBy: z.string(),
  flaggedByRole: z.string(),
  flaggedAt: z.string(),
  recruiterEmail: z.string(),
  /** The recruiting team, whose chat robots also get the SLA alert. */
  teamId: z.string().optional(),
  note: z.string().optional(),
  status: z.enum(["open", "scheduled", "breached"]),
  interviewScheduledAt: z.string().optional(),
  interviewId: z.string().optional(),
  breachedAt: z.string().optional(),
  executionArn: z.string().optional(),
});
export type PriorityFlag = z.infer<typeof PriorityFlag>;
