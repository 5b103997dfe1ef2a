// The application journey (thin), as its README diagram draws it. Generates
// statemachines/application-journey.asl.json.
import { UNREACHABLE, choice, lambdaStep, waitUntil, whenEquals, type State, type Workflow } from "./builder.js";

const SCREEN = "${ScreenApplicationFunctionArn}";
const SEND_MESSAGE = "${SendMessageFunctionArn}";
const CHECK_ENGAGEMENT = "${CheckEngagementFunctionArn}";
const RECORD_OUTCOME = "${RecordOutcomeFunctionArn}";
const FAILED = "RecordJourneyFailure";
const application = { "candidateId.$": "$.candidateId", "applicationId.$": "$.applicationId" };

/** One message, sent once per execution and purpose; an unreachable person goes to `unreachable`. */
const send = (purpose: string, template: string, channel: "email" | "sms", into: string, next: string, unreachable: string): State =>
  lambdaStep(
    SEND_MESSAGE,
    { ...application, template, channel, "idempotencyKey.$": `States.Format('{}#${purpose}', $$.Execution.Name)` },
    { select: ["messageId", "channel", "status"], into, next, routes: [{ errors: UNREACHABLE, to: unreachable }], onFailure: FAILED },
  );

/**
 * Quiet hours in the candidate's zone: when a message may go (now, or when they end). The hold is
 * on the timeline ("held until 08:00 Asia/Shanghai: quiet hours"); the journey then waits for it.
 */
const plan = (purpose: string, template: string, channel: "email" | "sms", into: string, next: string): State => ({
  ...lambdaStep(
    SCREEN,
    { step: "plan-send", ...application, template, channel, "idempotencyKey.$": `States.Format('{}#${purpose}', $$.Execution.Name)` },
    { select: ["sendAt", "reason"], into, next, onFailure: FAILED },
  ),
  Comment: `Quiet hours in the candidate's zone: when the ${template} may go (now, or when they end; the hold is on the timeline).`,
});

/** The journey's end: the outcome on the application's timeline. */
const record = (outcome: string): State =>
  lambdaStep(RECORD_OUTCOME, { ...application, outcome, "executionId.$": "$$.Execution.Id" }, { select: ["outcome"], into: "$.result", end: true });

const states: Record<string, State> = {
  ScreenApplication: lambdaStep(SCREEN, application, { select: ["decision", "reasons"], into: "$.screen", next: "RouteScreenDecision", onFailure: FAILED }),
  RouteScreenDecision: choice(
    whenEquals("$.screen.decision", [
      ["advance", "PlanInviteSendTime"],
      ["reject", "RecordRejected"],
    ]),
    "RecordHeldForReview",
  ),
  PlanInviteSendTime: plan("invite", "interview-invite", "email", "$.invitePlan", "WaitForInviteSendTime"),
  WaitForInviteSendTime: waitUntil("$.invitePlan.sendAt", "SendInviteEmail"),
  SendInviteEmail: send("invite", "interview-invite", "email", "$.invite", "AddToTalentPool", "RecordUnreachable"),
  AddToTalentPool: {
    ...lambdaStep(SCREEN, { step: "pool", ...application, "requisitionId.$": "$.requisitionId" }, {
      into: null,
      next: "WaitForInviteEngagement",
      routes: [{ errors: ["States.ALL"], to: "WaitForInviteEngagement", resultPath: "$.poolError" }],
    }),
    Comment:
      "After the invite, so the pool re-index never delays the first message. If it still fails after its retries, the journey goes on: RecordOutcome adds the application to the pool again at the end.",
  },
  WaitForInviteEngagement: { Type: "Wait", SecondsPath: "$.config.nudgeAfterSeconds", Next: "CheckInviteEngagement" },
  CheckInviteEngagement: lambdaStep(CHECK_ENGAGEMENT, { "messageId.$": "$.invite.messageId" }, { select: ["opened", "clicked", "delivered", "bounced"], into: "$.engagement", next: "RouteEngagement", onFailure: FAILED }),
  RouteEngagement: choice(
    [{ Or: [{ Variable: "$.engagement.opened", BooleanEquals: true }, { Variable: "$.engagement.clicked", BooleanEquals: true }], Next: "RecordEngaged" }],
    "PlanNudgeSendTime",
  ),
  PlanNudgeSendTime: plan("nudge", "interview-nudge", "sms", "$.nudgePlan", "WaitForNudgeSendTime"),
  WaitForNudgeSendTime: waitUntil("$.nudgePlan.sendAt", "SendNudgeSms"),
  SendNudgeSms: send("nudge", "interview-nudge", "sms", "$.nudge", "RecordNudged", "RecordNoResponse"),
  RecordEngaged: record("engaged"),
  RecordNudged: record("nudged"),
  RecordNoResponse: record("no-response"),
  RecordUnreachable: record("unreachable"),
  RecordRejected: record("rejected"),
  RecordHeldForReview: record("held-for-review"),
  RecordJourneyFailure: lambdaStep(RECORD_OUTCOME, { ...application, outcome: "failed", "executionId.$": "$$.Execution.Id", "error.$": "$.error" }, {
    select: ["outcome"],
    into: "$.result",
    next: "FailJourney",
    routes: [{ errors: ["States.ALL"], to: "FailJourney", resultPath: "$.recordError" }],
  }),
  FailJourney: { Type: "Fail", Error: "JourneyFailed", Cause: "A journey step failed; the error is recorded on the application timeline." },
};

export const applicationJourney: Workflow = {
  file: "statemachines/application-journey.asl.json",
  definition: {
    Comment:
      "Application journey (thin): screen by keyword rules, invite by email (outside the candidate's quiet hours), wait, nudge by SMS (outside quiet hours) if the invite was not opened, record the outcome. Every error is caught into $.error and recorded before the execution fails.",
    StartAt: "ScreenApplication",
    // 30 days: the nudge comes hours after the invite; a run open after a month is stuck.
    TimeoutSeconds: 30 * 24 * 3600,
    States: states,
  },
};
