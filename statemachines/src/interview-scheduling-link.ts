// The self-scheduling link message, as its README section describes it. Generates statemachines/interview-scheduling-link.asl.json.
//
// The signed link goes to the candidate through a workflow, so quiet hours, the daily cap and
// send-once apply to it as to every other candidate message.
import { UNREACHABLE, lambdaStep, waitUntil, type State, type Workflow } from "./builder.js";
import { INTERVIEW_STEP, SEND_MESSAGE, execution, failState, recordFailure } from "./interview-steps.js";

const FAILED = "RecordSchedulingLinkFailure";
const application = { "candidateId.$": "$.candidateId", "applicationId.$": "$.applicationId" };

const linkOutcome = (outcome: string): State =>
  lambdaStep(INTERVIEW_STEP, { op: "record-link-outcome", ...application, outcome, ...execution }, { select: ["outcome"], into: "$.recorded", next: "SchedulingLinkEnded", onFailure: FAILED });

const states: Record<string, State> = {
  PlanSchedulingLinkMessage: lambdaStep(
    INTERVIEW_STEP,
    { op: "plan-candidate-message", ...application, ...execution, "policy.$": "$.config.policy" },
    { select: ["sendAt", "channel"], into: "$.linkPlan", next: "WaitForSchedulingLinkSendTime", onFailure: FAILED },
  ),
  WaitForSchedulingLinkSendTime: waitUntil("$.linkPlan.sendAt", "SendSchedulingLink"),
  SendSchedulingLink: lambdaStep(
    SEND_MESSAGE,
    {
      ...application,
      template: "interview-self-schedule",
      "channel.$": "$.linkPlan.channel",
      "actionUrl.$": "$.actionUrl",
      "idempotencyKey.$": "States.Format('{}#scheduling-link', $$.Execution.Name)",
    },
    { select: ["messageId", "channel", "status"], into: "$.linkMessage", next: "RecordSchedulingLinkSent", routes: [{ errors: UNREACHABLE, to: "RecordSchedulingLinkUndeliverable" }], onFailure: FAILED },
  ),
  RecordSchedulingLinkSent: linkOutcome("sent"),
  RecordSchedulingLinkUndeliverable: linkOutcome("unreachable"),
  SchedulingLinkEnded: { Type: "Succeed" },
  [FAILED]: recordFailure("record-link-outcome", { "candidateId.$": "$.candidateId" }, "FailSchedulingLink"),
  FailSchedulingLink: failState("InterviewSchedulingLinkFailed"),
};

export const interviewSchedulingLink: Workflow = {
  file: "statemachines/interview-scheduling-link.asl.json",
  definition: {
    Comment: "Self-scheduling link message: plan within quiet hours and the daily cap, send the signed link once, record whether it went. Every error is caught into $.error and recorded before the execution fails.",
    StartAt: "PlanSchedulingLinkMessage",
    // A week: the message waits at most for the end of the candidate's quiet hours or the next day's cap.
    TimeoutSeconds: 7 * 24 * 3600,
    States: states,
  },
};
