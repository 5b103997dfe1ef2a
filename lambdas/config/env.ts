// Each function's environment as a zod schema. The CDK construct types `environment` from these
// (lib/constructs/hirepath-function.ts), and each handler parses process.env with the same schema
// at cold start, so infrastructure and runtime cannot disagree about a variable's name or shape.
import * as z from "../core/shared/zod.js";
import { TimeZone } from "../core/shared/model.js";

const Base = z.object({
  TABLE_NAME: z.string().min(1),
  /**
   * The sending rules' default while HR has saved none (core/outreach/sending-rules.ts; HR changes them
   * with PUT /hr/settings/sending): quiet hours in the candidate's zone, 21:00–08:00 unless set (equal
   * start and end: no quiet hours), and messages per candidate per local day, 3 unless set. In every
   * function's env, so every planner falls back to the same default.
   */
  QUIET_HOURS_START: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).optional(),
  QUIET_HOURS_END: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).optional(),
  DAILY_MESSAGE_CAP: z.coerce.number().int().min(1).max(20).optional(),
  POWERTOOLS_SERVICE_NAME: z.string().min(1).default("hirepath"),
  /** "aws" in Lambda. "local" only under `npm start`/tests, where endpoints are loopback stand-ins. */
  HIREPATH_RUNTIME: z.enum(["aws", "local"]).default("aws"),
  /**
   * How long a retry that finds a send interrupted waits for the provider's Send event before it
   * sends again (core/outreach/send-once.ts). Below every sending function's timeout.
   */
  SEND_EVIDENCE_WAIT_SECONDS: z.coerce.number().min(0).max(60).default(8),
  /**
   * HTTP functions: requests one caller (a signed-in user, else a source address) may send per minute
   * before a 429 problem (core/access/rate-limit.ts). Below the API stage's throttle, so callers meet it first.
   * 0 turns it off (the local stack's default: tests and the bench send thousands of requests a minute as one user).
   */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
});

const Secrets = z.object({
  /** Secrets Manager secret (JSON) holding the webhook secrets per source and the link-signing key. */
  SECRETS_ARN: z.string().min(1),
});

const PublicUrls = z.object({
  /** Base URL of the public API, used to build signed links in messages. */
  PUBLIC_BASE_URL: z.url(),
});

const Messaging = z.object({
  EMAIL_FROM: z.string().min(3),
  SES_CONFIGURATION_SET: z.string().min(1),
  /** "sms-voice-v2" is AWS End User Messaging SMS (default); "pinpoint" keeps an existing Pinpoint project. */
  SMS_PROVIDER: z.enum(["sms-voice-v2", "pinpoint"]).default("sms-voice-v2"),
  SMS_ORIGINATION_IDENTITY: z.string().min(1),
  SMS_CONFIGURATION_SET: z.string().min(1),
  /** Only read when SMS_PROVIDER is "pinpoint". */
  PINPOINT_APPLICATION_ID: z.string().default(""),
  /**
   * The sender's name that starts every SMS: `【SMS_SIGNATURE】` in Chinese (the signature registered with
   * China's carriers for the sender ID), `SMS_SIGNATURE: ` in English.
   */
  SMS_SIGNATURE: z.string().trim().min(2).max(20).default("Hirepath"),
});

/** Where re-engagement schedules go and what they start (EventBridge Scheduler, group "hirepath"). */
const ReEngagementScheduling = z.object({
  SCHEDULE_GROUP_NAME: z.string().min(1),
  RE_ENGAGEMENT_STATE_MACHINE_ARN: z.string().min(1),
  /** The role Scheduler assumes to start the workflow (passed with iam:PassRole). */
  SCHEDULER_ROLE_ARN: z.string().min(1),
});
/** The interview journey's timings; defaults follow the issue (1 h, 24 h and 2 h). Quiet hours and the cap are the sending rules (Base). */
const InterviewJourneyConfig = z.object({
  INTERVIEW_STATE_MACHINE_ARN: z.string().min(1),
  /** The interview's other workflows, each its own machine (statemachines/interview-*.asl.json). */
  INTERVIEW_CHANGE_NOTICE_STATE_MACHINE_ARN: z.string().min(1),
  INTERVIEW_PRIORITY_SLA_STATE_MACHINE_ARN: z.string().min(1),
  INTERVIEW_SCHEDULING_LINK_STATE_MACHINE_ARN: z.string().min(1),
  /** Seconds to wait for the invitation to be opened or confirmed before the second reminder, then again before the recruiter task. */
  INTERVIEW_FOLLOW_UP_SECONDS: z.coerce.number().int().positive().default(3600),
  /** How long the recruiter has to do a task before it is escalated to their manager. */
  INTERVIEW_TASK_DUE_SECONDS: z.coerce.number().int().positive().default(4 * 3600),
  INTERVIEW_FIRST_REMINDER_BEFORE_SECONDS: z.coerce.number().int().positive().default(24 * 3600),
  INTERVIEW_SECOND_REMINDER_BEFORE_SECONDS: z.coerce.number().int().positive().default(2 * 3600),
  /** After the interview ends, how long HR has to record attended / no-show before being asked. */
  INTERVIEW_OUTCOME_GRACE_SECONDS: z.coerce.number().int().positive().default(3600),
});
export type InterviewJourneyConfig = z.infer<typeof InterviewJourneyConfig>;
/** Recall triggers: which rejection reasons no longer apply, the rating threshold, how far back. */
const Recall = z.object({
  RECALL_REASONS: z.string().default("position-filled,budget"),
  RECALL_MIN_RATING: z.coerce.number().min(1).max(5).default(4),
  RECALL_LOOKBACK_DAYS: z.coerce.number().int().min(1).default(365),
});

/** Starting the recall journey: the machine, and how long it waits for an answer before nudging, then escalating. */
const RecallJourneyStart = z.object({
  RECALL_STATE_MACHINE_ARN: z.string().min(1),
  // Each wait at most 10 days: both together must fit the machine's 30-day TimeoutSeconds with room for quiet hours.
  /** Seconds to wait for an answer to the recall invite before nudging on the other channel. */
  RECALL_RESPONSE_WAIT_SECONDS: z.coerce.number().int().positive().max(10 * 86_400).default(2 * 86_400),
  /** Seconds to wait after the nudge before a recruiter gets a call task and the owner is told. */
  RECALL_NUDGE_WAIT_SECONDS: z.coerce.number().int().positive().max(10 * 86_400).default(2 * 86_400),
});

/**
 * The HR console's sign-in: Cognito managed login with the authorization-code flow and PKCE; locally the
 * local issuer serves the same endpoints. The handler verifies tokens itself (console routes have no
 * API Gateway authorizer, because a browser sends the session as a cookie, not a header).
 */
const ConsoleLogin = z.object({
  /** Token issuer, https://cognito-idp.<region>.amazonaws.com/<userPoolId>; its JWKS is <issuer>/.well-known/jwks.json. */
  COGNITO_ISSUER: z.url(),
  /** The user pool domain's base URL (…/oauth2/authorize, …/oauth2/token, …/logout), no trailing slash. */
  COGNITO_DOMAIN_URL: z.url(),
  /** The console's app client: code grant with PKCE, no client secret. */
  CONSOLE_CLIENT_ID: z.string().min(1),
  /** The HR API's app client: its tokens are accepted as an Authorization header on console pages too. */
  API_CLIENT_ID: z.string().min(1),
});

/**
 * Bearer tokens on HR API routes are verified by the function's router (not an API Gateway authorizer, whose
 * 401 cannot be shaped as a problem on an HTTP API): the user pool's issuer and the HR API's app client.
 */
const ApiTokens = z.object({
  /** Token issuer, https://cognito-idp.<region>.amazonaws.com/<userPoolId>; its JWKS is <issuer>/.well-known/jwks.json. */
  COGNITO_ISSUER: z.url(),
  /** The HR API's app client: an ID token's `aud`, an access token's `client_id`. */
  API_CLIENT_ID: z.string().min(1),
});

/** The webhook front door, shared by the live route and dead-letter replay. */
const FrontDoor = z.object({
  /**
   * The generic scheme's v1 signature (sha256= over the body alone, timestamp unsigned) is
   * deprecated; "accept" keeps verifying it for senders not yet moved to v2.
   */
  WEBHOOK_GENERIC_V1: z.enum(["refuse", "accept"]).default("refuse"),
  /** Region for phone numbers written without a country code, per source: "greenhouse=US,ashby=US". Else CN, or the requisition's phoneRegion. */
  PHONE_REGIONS: z.string().default(""),
  /** Dead letters kept per source and hour from senders that did not authenticate; the rest are counted, not kept. */
  DEAD_LETTER_CAP_PER_HOUR: z.coerce.number().int().positive().default(100),
  /** Large dead-letter bodies go here (s3://bucket/prefix on AWS, file:///… locally). */
  FILE_STORE_URL: z.string().default(""),
});

export const WebhookIntakeEnv = Base.extend({
  ...FrontDoor.shape,
  ...Secrets.shape,
  JOURNEY_STATE_MACHINE_ARN: z.string().min(1),
  /** Accepted clock skew for X-Hirepath-Timestamp. */
  WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().positive().default(300),
  /** Seconds the journey waits for the invite to be opened before nudging by SMS. */
  NUDGE_AFTER_SECONDS: z.coerce.number().int().positive().default(3600),
});
export type WebhookIntakeEnv = z.infer<typeof WebhookIntakeEnv>;

export const HrApiEnv = Base.extend({
  // The console's workflow pages (requisitions, pipeline, offers, scheduling) are served here too.
  ...ConsoleLogin.shape,
  ...Secrets.shape,
  ...InterviewJourneyConfig.shape,
  ...PublicUrls.shape,
  ...Messaging.shape,
  ...Recall.shape,
  /** Roles that may see salary fields (requisition budgets); everyone else sees them masked. */
  SALARY_VIEWER_ROLES: z.string().default("admin,hiring-manager,executive"),
  JOURNEY_STATE_MACHINE_ARN: z.string().min(1),
  /** The offer journey (approvals, candidate response, pre-onboarding) that submitting an offer starts. */
  OFFER_STATE_MACHINE_ARN: z.string().min(1),
  ...ReEngagementScheduling.shape,
  NUDGE_AFTER_SECONDS: z.coerce.number().int().positive().default(3600),
  WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().positive().default(300),
  ...FrontDoor.shape,
  ...ApiTokens.shape,
});
export type HrApiEnv = z.infer<typeof HrApiEnv>;


export const TalentApiEnv = Base.extend({
  ...Recall.shape,
  ...RecallJourneyStart.shape,
  /** The workflow that holds a missed-call follow-up through quiet hours or the cap, then sends it. */
  CALL_FOLLOW_UP_STATE_MACHINE_ARN: z.string().min(1),
  ...ConsoleLogin.shape,
  ...Secrets.shape,
  ...PublicUrls.shape,
  ...Messaging.shape,
  /** Attempts a weekday × hour cell needs before the best-time recommendation trusts it. */
  BEST_TIME_MIN_ATTEMPTS: z.coerce.number().int().min(1).default(30),
  /** Roles that may see salary fields (expectations, budgets); everyone else sees them masked. */
  SALARY_VIEWER_ROLES: z.string().default("admin,hiring-manager,executive"),
  /**
   * Where uploaded files (imports, resumes) are kept: "file:///abs/dir" locally. On AWS this is an
   * "s3://bucket/prefix" once the S3 adapter lands; empty means uploads are refused with a clear error.
   */
  FILE_STORE_URL: z.string().default(""),
  /**
   * Local stack only: where erasure reaches the stand-ins' own copies of a person (outbox, dynalite's
   * files). Never set on AWS, where there are no such copies (what AWS keeps: README, Privacy).
   */
  LOCAL_COPIES_URL: z.url().optional(),
});
export type TalentApiEnv = z.infer<typeof TalentApiEnv>;

export const TalentFilesEnv = Base.extend({
  // The console's import form posts here with its cookie session, verified like every console route.
  ...ConsoleLogin.shape,
  ...PublicUrls.shape,
  /** As for TalentApi: "file:///abs/dir" locally, "s3://bucket/prefix" on AWS. */
  FILE_STORE_URL: z.string().default(""),
  /** The import workflow an accepted upload starts. */
  TALENT_IMPORT_STATE_MACHINE_ARN: z.string().min(1),
});
export type TalentFilesEnv = z.infer<typeof TalentFilesEnv>;

export const TalentImportStepEnv = Base.extend({ FILE_STORE_URL: z.string().min(1) });
export type TalentImportStepEnv = z.infer<typeof TalentImportStepEnv>;

export const PublicLinksEnv = Base.extend({ ...Secrets.shape, ...InterviewJourneyConfig.shape, ...RecallJourneyStart.shape });
export type PublicLinksEnv = z.infer<typeof PublicLinksEnv>;

/** The API describing itself: no table, no secrets. */
export const ApiReferenceEnv = Base.omit({ TABLE_NAME: true });
export type ApiReferenceEnv = z.infer<typeof ApiReferenceEnv>;

export const ScreenApplicationEnv = Base;
export type ScreenApplicationEnv = z.infer<typeof ScreenApplicationEnv>;

export const SendMessageEnv = Base.extend({ ...Secrets.shape, ...PublicUrls.shape, ...Messaging.shape });
export type SendMessageEnv = z.infer<typeof SendMessageEnv>;

export const CheckEngagementEnv = Base;
export type CheckEngagementEnv = z.infer<typeof CheckEngagementEnv>;

export const RecordOutcomeEnv = Base;
export type RecordOutcomeEnv = z.infer<typeof RecordOutcomeEnv>;

export const InterviewStepEnv = Base.extend({
  EMAIL_FROM: z.string().min(3),
  SES_CONFIGURATION_SET: z.string().min(1),
  /** The hiring team's zone: times in staff emails are shown in it, named (an interviewer's own zone wins for the interview time). */
  STAFF_TIME_ZONE: TimeZone.default("Asia/Shanghai"),
});
export type InterviewStepEnv = z.infer<typeof InterviewStepEnv>;

/** Provider events; a delivery failure for good sends the message by the other channel (secrets for its links). */
export const MessageEventsEnv = Base.extend({ ...Secrets.shape, ...PublicUrls.shape, ...Messaging.shape });
export type MessageEventsEnv = z.infer<typeof MessageEventsEnv>;

/** Offer journey steps email approvers and the candidate (SES only: offers are never sent by SMS). */
export const OfferJourneyStepEnv = Base.extend({
  ...Secrets.shape,
  ...PublicUrls.shape,
  ...ReEngagementScheduling.shape,
  EMAIL_FROM: z.string().min(3),
  SES_CONFIGURATION_SET: z.string().min(1),
});
export type OfferJourneyStepEnv = z.infer<typeof OfferJourneyStepEnv>;

/** Approval and candidate-response links: record the decision, then complete the waiting task. */
export const OfferLinksEnv = Base;
export type OfferLinksEnv = z.infer<typeof OfferLinksEnv>;

/** Re-engagement workflow steps: the HR brief and nurture messages by the candidate's preferred channel. */
export const ReEngagementStepEnv = Base.extend({ ...Secrets.shape, ...PublicUrls.shape, ...Messaging.shape });
export type ReEngagementStepEnv = z.infer<typeof ReEngagementStepEnv>;

/** Recall journey steps: the invite and nudge by SMS or email (outside quiet hours), the recruiter's call task, the owner's email. */
export const RecallJourneyStepEnv = Base.extend({
  ...Secrets.shape,
  ...PublicUrls.shape,
  ...Messaging.shape,
  /** When the recruiter's call task for an unanswered recall falls due. */
  RECALL_CALL_TASK_DUE_SECONDS: z.coerce.number().int().positive().default(86_400),
});
export type RecallJourneyStepEnv = z.infer<typeof RecallJourneyStepEnv>;

/** Two-way SMS: records opt-outs (STOP) and replies that arrive on the SNS topic. */
export const InboundSmsEnv = Base;
export type InboundSmsEnv = z.infer<typeof InboundSmsEnv>;

/** Parse an environment, failing loudly with every missing or malformed variable named. */
export function parseEnv<S extends z.ZodType>(schema: S, source: Record<string, string | undefined> = process.env): z.infer<S> {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return result.data;
}
