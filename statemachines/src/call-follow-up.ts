// The missed-call follow-up, as its README section describes it. Generates statemachines/call-follow-up.asl.json.
//
// HR logs a missed call; the follow-up message ("we tried to call you") is planned in that request
// (quiet hours and the daily cap in the candidate's zone, the hold on the timeline) and this run
// waits for the planned time and sends it once. A Wait in a workflow is what makes the hold durable:
// a request, a process or a Lambda can die during the night; the execution's timer cannot.
import { LAMBDA_RETRY, UNREACHABLE, waitUntil, type State, type Workflow } from "./builder.js";

const SEND_MESSAGE = "${SendMessageFunctionArn}";

const states: Record<string, State> = {
  WaitForFollowUpSendTime: waitUntil("$.plan.sendAt", "SendCallFollowUp"),
  // `$.message` is the SendMessage input logCall built (its idempotency key derives from the call id,
  // so a retried step or a retried start sends one message). Its `unless` is the re-check: the send
  // step looks at the timeline first and sends nothing if a later call reached the candidate.
  SendCallFollowUp: {
    Type: "Task",
    Resource: "arn:aws:states:::lambda:invoke",
    Parameters: { FunctionName: SEND_MESSAGE, "Payload.$": "$.message" },
    TimeoutSeconds: 30,
    ResultSelector: { "messageId.$": "$.Payload.messageId", "channel.$": "$.Payload.channel", "status.$": "$.Payload.status" },
    ResultPath: "$.sent",
    Retry: LAMBDA_RETRY,
    Catch: [
      // The re-check before the send: a later call reached the candidate during the hold. The send
      // step ended the hold with the reason on the timeline and sent nothing.
      { ErrorEquals: ["MessageNotNeededError"], ResultPath: "$.error", Next: "CallFollowUpNotNeeded" },
      { ErrorEquals: UNREACHABLE, ResultPath: "$.error", Next: "CallFollowUpUndeliverable" },
      { ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "FailCallFollowUp" },
    ],
    Next: "CallFollowUpSent",
  },
  CallFollowUpSent: { Type: "Succeed" },
  CallFollowUpNotNeeded: { Type: "Succeed", Comment: "A later call reached the candidate during the hold: nothing is sent, and the timeline says why." },
  // Unsubscribed or unreachable since the call: nothing to send, and send-once said so on the timeline.
  CallFollowUpUndeliverable: { Type: "Succeed", Comment: "The candidate unsubscribed or became unreachable during the hold: nothing is sent." },
  FailCallFollowUp: { Type: "Fail", Error: "CallFollowUpFailed", Cause: "The send failed after its retries; a provider failure is on the candidate's timeline as message.failed." },
};

export const callFollowUp: Workflow = {
  file: "statemachines/call-follow-up.asl.json",
  definition: {
    Comment: "Missed-call follow-up: wait for the time logCall planned (outside quiet hours, under the daily cap, in the candidate's zone), then send the message once.",
    StartAt: "WaitForFollowUpSendTime",
    // A week: a hold lasts until quiet hours end or, under the cap, the next day.
    TimeoutSeconds: 7 * 24 * 3600,
    States: states,
  },
};
