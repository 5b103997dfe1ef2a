// Re-engagement months later. Generates statemachines/re-engagement.asl.json. The nurture count
// and the month between messages are the core's constants, not copies of them.
import { NURTURE_INTERVAL_SECONDS, NURTURE_MESSAGES } from "../../lambdas/core/re-engagement/re-engagement.js";
import { choice, lambdaStep, waitUntil, whenTrue, type State, type Workflow } from "./builder.js";

const STEP = "${ReEngagementStepFunctionArn}";
const FAILED = "FailReEngagement";
const person = { "candidateId.$": "$.candidateId", "offerId.$": "$.offerId" };
const DAY = 24 * 3600;
const nurture = { ...person, "n.$": "$nurtureCount", "round.$": "$$.Execution.Name" };
/** Both nurture steps answer with these: stopped (and why), or held until sendAt, or sent. */
const NURTURE_RESULT = ["stopped", "held", "reason", "sendAt"];

// The nurture count is a workflow variable: set with the brief, bumped by the month's Wait, read by
// the next message and the stop rule. No Pass states carry it through the data.
const states: Record<string, State> = {
  BuildReEngagementBrief: {
    ...lambdaStep(STEP, { ...person, step: "brief" }, { select: ["nurture"], into: "$.brief", next: "RouteNurture", onFailure: FAILED }),
    Assign: { nurtureCount: 0 },
  },
  RouteNurture: choice([whenTrue("$.brief.nurture", "SendNurtureMessage")], "BriefOnly"),
  BriefOnly: { Type: "Succeed", Comment: "HR acts on the brief; no automatic nurture was asked for." },
  // Planned (quiet hours and the daily cap in the candidate's zone, as for every candidate message)
  // and sent in one call when nothing holds it; a held one waits, with the hold on the timeline.
  SendNurtureMessage: lambdaStep(STEP, { ...nurture, step: "send-nurture-unless-held" }, { select: NURTURE_RESULT, into: "$.nurtureResult", next: "RouteNurtureResult", onFailure: FAILED }),
  RouteNurtureResult: choice(
    [
      whenTrue("$.nurtureResult.stopped", "RecordNurtureStopped"),
      whenTrue("$.nurtureResult.held", "WaitForNurtureSendTime"),
      { Variable: "$nurtureCount", NumericGreaterThanEquals: NURTURE_MESSAGES - 1, Next: "NurtureComplete" },
    ],
    "WaitBeforeNextNurture",
  ),
  WaitForNurtureSendTime: waitUntil("$.nurtureResult.sendAt", "SendHeldNurtureMessage"),
  SendHeldNurtureMessage: lambdaStep(STEP, { ...nurture, step: "nurture" }, { select: NURTURE_RESULT, into: "$.nurtureResult", next: "RouteNurtureResult", onFailure: FAILED }),
  WaitBeforeNextNurture: { Type: "Wait", Seconds: NURTURE_INTERVAL_SECONDS, Assign: { "nurtureCount.$": "States.MathAdd($nurtureCount, 1)" }, Next: "SendNurtureMessage" },
  RecordNurtureStopped: lambdaStep(STEP, { ...person, step: "record-stopped", "reason.$": "$.nurtureResult.reason" }, { select: ["stopped"], into: "$.recorded", end: true, onFailure: FAILED }),
  NurtureComplete: { Type: "Succeed", Comment: "Three nurture messages sent; HR follows up from the brief." },
  FailReEngagement: { Type: "Fail", Error: "ReEngagementFailed", Cause: "A re-engagement step failed; see the execution history." },
};

export const reEngagement: Workflow = {
  file: "statemachines/re-engagement.asl.json",
  definition: {
    Comment:
      "Re-engagement months later, started by a one-time EventBridge Scheduler schedule: the HR brief (timeline, unresolved questions, preferences, what changed), then, if HR asked for it, up to three nurture messages a month apart by the preferred channel (each outside the candidate's quiet hours and within the daily cap; a hold is on the timeline), stopping on reply, unsubscribe or consent change.",
    StartAt: "BuildReEngagementBrief",
    // The schedule fires the run; brief plus three nurture messages a month apart fit well inside 180 days.
    TimeoutSeconds: 180 * DAY,
    States: states,
  },
};
