// The recall journey, as its README diagram draws it. Generates statemachines/recall-journey.asl.json.
// Every step is one RecallJourneyStep call that decides what happens next; the state machine only
// waits and routes "end" to EndRecallJourney.
import { choice, lambdaStep, whenEquals, type State, type Workflow } from "./builder.js";

const STEP = "${RecallJourneyStepFunctionArn}";
const FAILED = "RecordRecallFailure";
const recall = { "recallId.$": "$.recallId", "candidateId.$": "$.candidateId", "requisitionId.$": "$.requisitionId" };
const DECISION = ["status", "sendAt", "ending", "outcome"];

/** A step whose decision lands in $.decision. */
const decide = (payload: Record<string, string>, next: string): State =>
  lambdaStep(STEP, { ...recall, ...payload }, { select: DECISION, into: "$.decision", next, onFailure: FAILED });

/** Go on to `next` unless the last step decided the recall is over. */
const unlessEnded = (next: string): State => choice(whenEquals("$.decision.status", [["end", "EndRecallJourney"]]), next);

const states: Record<string, State> = {
  CheckRecallConsent: decide({ step: "check-consent" }, "RouteAfterConsentCheck"),
  RouteAfterConsentCheck: unlessEnded("WaitForInviteSlot"),
  WaitForInviteSlot: { Type: "Wait", Comment: "Quiet hours in the candidate's zone: send when they end, never drop.", TimestampPath: "$.decision.sendAt", Next: "SendRecallInvite" },
  SendRecallInvite: decide({ step: "send", kind: "invite", "channel.$": "$.channel" }, "RouteAfterInvite"),
  RouteAfterInvite: unlessEnded("WaitForRecallResponse"),
  WaitForRecallResponse: {
    Type: "Wait",
    Comment: "The candidate's time to answer: a reply, a click or HR's outcome lands on the timeline meanwhile.",
    SecondsPath: "$.config.responseWaitSeconds",
    Next: "CheckRecallResponse",
  },
  CheckRecallResponse: decide({ step: "check-response", after: "invite" }, "RouteAfterResponseCheck"),
  RouteAfterResponseCheck: unlessEnded("WaitForNudgeSlot"),
  WaitForNudgeSlot: { Type: "Wait", TimestampPath: "$.decision.sendAt", Next: "SendRecallNudge" },
  SendRecallNudge: decide({ step: "send", kind: "nudge", "channel.$": "$.channel" }, "RouteAfterNudge"),
  RouteAfterNudge: unlessEnded("WaitAfterRecallNudge"),
  WaitAfterRecallNudge: { Type: "Wait", SecondsPath: "$.config.nudgeWaitSeconds", Next: "CheckResponseAfterNudge" },
  CheckResponseAfterNudge: decide({ step: "check-response", after: "nudge" }, "RouteAfterNudgeCheck"),
  RouteAfterNudgeCheck: unlessEnded("EscalateRecall"),
  EscalateRecall: decide({ step: "escalate" }, "EndRecallJourney"),
  EndRecallJourney: lambdaStep(STEP, { ...recall, step: "end", "ending.$": "$.decision.ending", "outcome.$": "$.decision.outcome" }, { select: ["ending", "outcome"], into: "$.result", end: true, onFailure: FAILED }),
  RecordRecallFailure: lambdaStep(STEP, { ...recall, step: "record-failure", "error.$": "$.error" }, {
    select: ["recorded"],
    into: "$.failureRecorded",
    next: "FailRecallJourney",
    routes: [{ errors: ["States.ALL"], to: "FailRecallJourney", resultPath: "$.failureRecordError" }],
  }),
  FailRecallJourney: { Type: "Fail", Error: "RecallJourneyFailed", Cause: "A recall step failed; see the execution history. The candidate's timeline says a recruiter should follow up." },
};

export const recallJourney: Workflow = {
  file: "statemachines/recall-journey.asl.json",
  definition: {
    Comment:
      "Recall journey, one execution per recall (name recall-<recallId>): check talent-pool consent, invite by SMS or email outside quiet hours, wait for an answer, nudge once on the other channel, wait again, then a recruiter call task and an email to the requisition's owner (no-response). A reply, a click or an HR-recorded outcome settles it at the next step; withdrawn consent stops it before anything more is sent.",
    StartAt: "CheckRecallConsent",
    // 30 days: an answer window and a nudge window; a run open after a month is stuck.
    TimeoutSeconds: 30 * 24 * 3600,
    States: states,
  },
};
