// The change notice, as its README section describes it. Generates statemachines/interview-change-notice.asl.json.
//
// A cancellation (HR) or a decline (the candidate) starts one short run: tell the staff and, for a
// cancellation, the candidate. Urgent: quiet hours still apply, the daily cap does not.
import { choice, waitUntil, whenEquals, type State, type Workflow } from "./builder.js";
import { failState, interview, planMessage, recordFailure, recordOutcome, send, step, execution } from "./interview-steps.js";

const FAILED = "RecordChangeNoticeFailure";

const states: Record<string, State> = {
  NotifyStaffOfChange: step(FAILED, "notify-staff", { "change.$": "$.change", ...execution }, ["notified", "failed"], "$.staffNotice", "RouteChangeNotice"),
  // A decline came from the candidate: only the staff hear of it.
  RouteChangeNotice: choice(whenEquals("$.noticeTemplate", [["none", "RecordChangeNotice"]]), "PlanChangeNotice"),
  PlanChangeNotice: planMessage(FAILED, "notice", { channel: "preferred", urgent: true }, "$.noticePlan", "WaitForChangeNoticeSendTime"),
  WaitForChangeNoticeSendTime: waitUntil("$.noticePlan.sendAt", "SendChangeNotice"),
  SendChangeNotice: send(FAILED, "notice", "$.noticePlan.channel", { "template.$": "$.noticeTemplate" }, "$.notice", "RecordChangeNotice", "RecordChangeNotice"),
  RecordChangeNotice: recordOutcome(FAILED, { "outcome.$": "$.change" }, "ChangeNoticeEnded"),
  ChangeNoticeEnded: { Type: "Succeed" },
  [FAILED]: recordFailure("record-outcome", interview, "FailChangeNotice"),
  FailChangeNotice: failState("InterviewChangeNoticeFailed"),
};

export const interviewChangeNotice: Workflow = {
  file: "statemachines/interview-change-notice.asl.json",
  definition: {
    Comment: "Interview change notice: a cancellation or decline is told to the staff and, for a cancellation, to the candidate (urgent: quiet hours apply, the daily cap does not). Every error is caught into $.error and recorded before the execution fails.",
    StartAt: "NotifyStaffOfChange",
    // A week: the notice waits at most for the end of the candidate's quiet hours; a run still open after that is stuck.
    TimeoutSeconds: 7 * 24 * 3600,
    States: states,
  },
};
