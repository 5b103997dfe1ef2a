// The offer journey, as its README diagram draws it. Generates statemachines/offer-journey.asl.json.
// Approvers and the candidate answer by emailed links that complete a task token; the waits'
// lengths are the core's (APPROVAL_WAIT_SECONDS, DEFAULT_OFFER_CONFIG.responseTickSeconds).
import { APPROVAL_WAIT_SECONDS, DEFAULT_OFFER_CONFIG } from "../../lambdas/core/offer/offer-journey.js";
import { choice, lambdaStep, whenEquals, type State, type Workflow } from "./builder.js";

const STEP = "${OfferJourneyStepFunctionArn}";
const FAILED = "RecordOfferFailure";
const offer = { "candidateId.$": "$.candidateId", "offerId.$": "$.offerId" };
const round = { "round.$": "$$.Execution.Name" };

const step = (payload: Record<string, string>, select: string[], into: string, next: string | { end: true }): State =>
  lambdaStep(STEP, { ...offer, ...payload }, { select, into, ...(typeof next === "string" ? { next } : { end: true }), onFailure: FAILED });

/** A wait for a person's answer by link (a task token); a timeout goes to `onTimeout`. */
const awaitAnswer = (payload: Record<string, string>, timeoutSeconds: number, into: string, next: string, onTimeout: string): State =>
  lambdaStep(STEP, { ...payload }, {
    into,
    next,
    waitForToken: true,
    timeoutSeconds,
    routes: [{ errors: ["States.Timeout"], to: onTimeout, resultPath: "$.timedOut" }],
    onFailure: FAILED,
  });

const approvalPhase = (phase: keyof typeof APPROVAL_WAIT_SECONDS): State =>
  awaitAnswer(
    { step: "open-approval-step", ...offer, ...round, "stepIndex.$": "$.approval.stepIndex", "plan.$": "$.approval.plan", phase },
    APPROVAL_WAIT_SECONDS[phase],
    "$.stepDecision",
    "RouteApprovalDecision",
    "CountApprovalTimeout",
  );

/** Plan the candidate's offer email or reminder (quiet hours, the daily cap), then wait until it may go. */
const planEmail = (kind: "offer" | "reminder", into: string, wait: string): State => step({ step: "plan-candidate-email", ...round, kind }, ["sendAt", "reason"], into, wait);

const responsePhase = (phase: "send" | "remind" | "wait"): State =>
  awaitAnswer({ step: "await-response", ...offer, ...round, phase }, DEFAULT_OFFER_CONFIG.responseTickSeconds, "$.response", "RouteCandidateResponse", "CountResponseTick");

const outcome = (value: string, next: string | { end: true }, extra: Record<string, string> = {}): State => step({ step: "record-outcome", outcome: value, ...extra }, ["outcome"], "$.result", next);
const reEngage = (reason: string): State => step({ step: "schedule-re-engagement", reason }, ["scheduled"], "$.reEngagement", { end: true });

/** The approval plan with one field changed (Pass states carry it whole). */
const approvalWith = (changed: Record<string, string | number>): State => ({
  Type: "Pass",
  Parameters: { "stepIndex.$": "$.approval.stepIndex", "stepCount.$": "$.approval.stepCount", "plan.$": "$.approval.plan", "budgetStatus.$": "$.approval.budgetStatus", ...changed },
  ResultPath: "$.approval",
});

const states: Record<string, State> = {
  PrepareOfferApproval: step({ step: "prepare", ...round }, ["stepIndex", "stepCount", "plan", "timeouts", "budgetStatus"], "$.approval", "CheckApprovalStepsRemaining"),

  // The approval chain: one step at a time, each opened, reminded, escalated, then expired.
  CheckApprovalStepsRemaining: choice([{ Variable: "$.approval.stepIndex", NumericLessThanPath: "$.approval.stepCount", Next: "OpenApprovalStep" }], "StartResponseClock"),
  OpenApprovalStep: approvalPhase("open"),
  CountApprovalTimeout: { ...approvalWith({ "timeouts.$": "States.MathAdd($.approval.timeouts, 1)" }), Next: "RouteApprovalTimeout" },
  RouteApprovalTimeout: choice(
    [
      { Variable: "$.approval.timeouts", NumericEquals: 1, Next: "RemindApprovers" },
      { Variable: "$.approval.timeouts", NumericEquals: 2, Next: "EscalateToRequisitionOwner" },
    ],
    "RecordApprovalExpired",
  ),
  RemindApprovers: approvalPhase("remind"),
  EscalateToRequisitionOwner: approvalPhase("escalate"),
  RouteApprovalDecision: choice(whenEquals("$.stepDecision.outcome", [["approved", "AdvanceApprovalStep"]]), "RecordApprovalRejected"),
  AdvanceApprovalStep: { ...approvalWith({ "stepIndex.$": "States.MathAdd($.approval.stepIndex, 1)", timeouts: 0 }), Next: "CheckApprovalStepsRemaining" },
  RecordApprovalRejected: outcome("approval-rejected", { end: true }, { "reason.$": "$.stepDecision.reason" }),
  RecordApprovalExpired: outcome("approval-expired", { end: true }),

  // The candidate's answer, in ticks: a reminder before the deadline, "stalled" at it.
  StartResponseClock: { Type: "Pass", Result: { ticks: 0 }, ResultPath: "$.responseClock", Next: "PlanOfferEmail" },
  PlanOfferEmail: planEmail("offer", "$.offerEmailPlan", "WaitForOfferSendTime"),
  WaitForOfferSendTime: { Type: "Wait", TimestampPath: "$.offerEmailPlan.sendAt", Next: "SendOfferToCandidate" },
  SendOfferToCandidate: responsePhase("send"),
  CountResponseTick: { Type: "Pass", Parameters: { "ticks.$": "States.MathAdd($.responseClock.ticks, 1)" }, ResultPath: "$.responseClock", Next: "CheckResponseDeadline" },
  CheckResponseDeadline: step({ step: "response-tick", "ticks.$": "$.responseClock.ticks" }, ["action"], "$.tick", "RouteResponseTick"),
  RouteResponseTick: choice(
    whenEquals("$.tick.action", [
      ["stall", "MarkDecisionStalled"],
      ["remind", "PlanOfferReminder"],
    ]),
    "WaitForCandidateResponse",
  ),
  PlanOfferReminder: planEmail("reminder", "$.reminderPlan", "WaitForOfferReminderSendTime"),
  WaitForOfferReminderSendTime: { Type: "Wait", TimestampPath: "$.reminderPlan.sendAt", Next: "RemindCandidate" },
  RemindCandidate: responsePhase("remind"),
  WaitForCandidateResponse: responsePhase("wait"),
  RouteCandidateResponse: choice(
    whenEquals("$.response.response", [
      ["accepted", "RecordOfferAccepted"],
      ["declined", "RecordOfferDeclined"],
    ]),
    "FailOfferJourney",
  ),
  MarkDecisionStalled: step({ step: "mark-stalled" }, ["status", "suggestion"], "$.stalled", "ScheduleReEngagementAfterStall"),
  ScheduleReEngagementAfterStall: reEngage("decision-stalled"),
  RecordOfferDeclined: outcome("declined", "ScheduleReEngagementAfterDecline"),
  ScheduleReEngagementAfterDecline: reEngage("declined"),

  // Accepted: the pre-onboarding touches until day one, one after the other.
  RecordOfferAccepted: outcome("accepted", "PlanPreOnboarding"),
  PlanPreOnboarding: step({ step: "plan-pre-onboarding" }, ["touches"], "$.preOnboarding", "RunPreOnboardingTouches"),
  RunPreOnboardingTouches: {
    Type: "Map",
    ItemsPath: "$.preOnboarding.touches",
    MaxConcurrency: 1,
    ItemSelector: { ...offer, "touch.$": "$$.Map.Item.Value" },
    ItemProcessor: {
      ProcessorConfig: { Mode: "INLINE" },
      StartAt: "PlanPreOnboardingTouch",
      States: {
        PlanPreOnboardingTouch: lambdaStep(STEP, { step: "plan-touch", ...offer, "index.$": "$.touch.index", "sendAt.$": "$.touch.sendAt" }, { select: ["sendAt", "reason"], into: "$.touchPlan", next: "WaitForTouchTime" }),
        WaitForTouchTime: { Type: "Wait", TimestampPath: "$.touchPlan.sendAt", Next: "SendPreOnboardingTouch" },
        SendPreOnboardingTouch: lambdaStep(STEP, { step: "send-touch", ...offer, "index.$": "$.touch.index" }, { select: ["sent"], into: "$.sent", end: true }),
      },
    },
    ResultPath: null,
    Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: FAILED }],
    End: true,
  },

  RecordOfferFailure: lambdaStep(STEP, { step: "record-outcome", ...offer, outcome: "failed", "error.$": "$.error" }, {
    select: ["outcome"],
    into: "$.result",
    next: "FailOfferJourney",
    routes: [{ errors: ["States.ALL"], to: "FailOfferJourney", resultPath: "$.recordError" }],
  }),
  FailOfferJourney: { Type: "Fail", Error: "OfferJourneyFailed", Cause: "An offer journey step failed; the error is recorded on the candidate's timeline and as an HR task." },
};

export const offerJourney: Workflow = {
  file: "statemachines/offer-journey.asl.json",
  definition: {
    Comment:
      "Offer journey: check the offer, run the approval chain (sequential steps, N of M, out-of-budget and executive steps; each approver answers by an emailed link that completes a task token; reminders, escalation to the requisition owner, expiry), send the offer, wait for Accept/Decline with a reminder before the deadline (the offer email and the reminder go outside the candidate's quiet hours and within the daily cap; a hold is on the timeline) (no answer: decision stalled, not declined), then the pre-onboarding touches (each on its planned day, held the same way). Every error is caught into $.error and recorded.",
    StartAt: "PrepareOfferApproval",
    // A year: pre-onboarding runs until day one, which can be months after acceptance.
    TimeoutSeconds: 365 * 24 * 3600,
    States: states,
  },
};
