// The self-scheduling link message, as its README section describes it. Generates statemachines/interview-scheduling-link.asl.json.
//
// The signed link goes to the candidate through a workflow, so quiet hours, the daily cap and
// send-once apply to it as to every other candidate message.
import { UNREACHABLE, lambdaStep, waitUntil } from "./builder.js";
import { SEND_MESSAGE, application, applicationStep, execution, interviewWorkflow } from "./interview-steps.js";

export const interviewSchedulingLink = interviewWorkflow({
  name: "SchedulingLink",
  comment: "Self-scheduling link message: plan within quiet hours and the daily cap, send the signed link once, record whether it went.",
  startAt: "PlanSchedulingLinkMessage",
  // A week: the message waits at most for the end of the candidate's quiet hours or the next day's cap.
  timeoutSeconds: 7 * 24 * 3600,
  recorder: "record-link-outcome",
  states: (failed, outcome) => ({
    PlanSchedulingLinkMessage: applicationStep(failed, "plan-candidate-message", execution, ["sendAt", "channel"], "$.linkPlan", "WaitForSchedulingLinkSendTime"),
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
      { select: ["messageId", "channel", "status"], into: "$.linkMessage", next: "RecordSchedulingLinkSent", routes: [{ errors: UNREACHABLE, to: "RecordSchedulingLinkUndeliverable" }], onFailure: failed },
    ),
    RecordSchedulingLinkSent: outcome("sent"),
    RecordSchedulingLinkUndeliverable: outcome("unreachable"),
  }),
});
