// The application journey (thin), as its README diagram draws it. Generates
// statemachines/application-journey.asl.json.
import { UNREACHABLE, choice, lambdaStep, waitUntil, whenEquals, whenTrue, type State, type Workflow } from "./builder.js";

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

/** What the send-unless-held step answers, held or sent (every path must exist for the ResultSelector). */
const SEND_UNLESS_HELD_RESULT = ["held", "sendAt", "reason", "messageId", "channel", "status"];

/**
 * Quiet hours in the candidate's zone, and the message in the same call when nothing holds it. A
 * held one (the hold is on the timeline) waits for its time and goes by the plain send step. Executions
 * started before this step existed still call ScreenApplication's "plan-send" and then the send step:
 * both keep working.
 */
const sendUnlessHeld = (purpose: string, template: string, channel: "email" | "sms", into: string, next: string, whenHeld: string, unreachable: string): State => ({
  ...lambdaStep(
    SEND_MESSAGE,
    { step: "send-unless-held", ...application, template, channel, "idempotencyKey.$": `States.Format('{}#${purpose}', $$.Execution.Name)` },
    { select: SEND_UNLESS_HELD_RESULT, into, next: whenHeld, routes: [{ errors: UNREACHABLE, to: unreachable }], onFailure: FAILED },
  ),
  Comment: `The ${template} now, unless the candidate's quiet hours hold it (then its time, with the hold on the timeline). ${next} follows either way.`,
});

/** The journey's end: the outcome on the application's timeline. */
const record = (outcome: string): State =>
  lambdaStep(RECORD_OUTCOME, { ...application, outcome, "executionId.$": "$$.Execution.Id" }, { select: ["outcome"], into: "$.result", end: true });

const states: Record<string, State> = {
  ScreenApplication: lambdaStep(SCREEN, application, { select: ["decision", "reasons"], into: "$.screen", next: "RouteScreenDecision", onFailure: FAILED }),
  RouteScreenDecision: choice(
    whenEquals("$.screen.decision", [
      ["advance", "SendInviteEmailUnlessHeld"],
      ["reject", "RecordRejected"],
    ]),
    "RecordHeldForReview",
  ),
  SendInviteEmailUnlessHeld: sendUnlessHeld("invite", "interview-invite", "email", "$.invite", "AddToTalentPool", "RouteInviteHold", "RecordUnreachable"),
  RouteInviteHold: choice([whenTrue("$.invite.held", "WaitForInviteSendTime")], "AddToTalentPool"),
  WaitForInviteSendTime: waitUntil("$.invite.sendAt", "SendInviteEmail"),
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
    "SendNudgeSmsUnlessHeld",
  ),
  SendNudgeSmsUnlessHeld: sendUnlessHeld("nudge", "interview-nudge", "sms", "$.nudge", "RecordNudged", "RouteNudgeHold", "RecordNoResponse"),
  RouteNudgeHold: choice([whenTrue("$.nudge.held", "WaitForNudgeSendTime")], "RecordNudged"),
  WaitForNudgeSendTime: waitUntil("$.nudge.sendAt", "SendNudgeSms"),
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
