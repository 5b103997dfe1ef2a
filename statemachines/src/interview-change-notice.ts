// The change notice, as its README section describes it. Generates statemachines/interview-change-notice.asl.json.
//
// A cancellation (HR) or a decline (the candidate) starts one short run: tell the staff and, for a
// cancellation, the candidate. Urgent: quiet hours still apply, the daily cap does not.
import { choice, waitUntil, whenEquals } from "./builder.js";
import { execution, interview, interviewWorkflow, planMessage, recordOutcome, send, step } from "./interview-steps.js";

export const interviewChangeNotice = interviewWorkflow({
  name: "ChangeNotice",
  comment: "Interview change notice: a cancellation or decline is told to the staff and, for a cancellation, to the candidate (urgent: quiet hours apply, the daily cap does not).",
  startAt: "NotifyStaffOfChange",
  // A week: the notice waits at most for the end of the candidate's quiet hours; a run still open after that is stuck.
  timeoutSeconds: 7 * 24 * 3600,
  recorder: "record-outcome",
  ref: interview,
  states: (failed) => ({
    NotifyStaffOfChange: step(failed, "notify-staff", { "change.$": "$.change", ...execution }, ["notified", "failed"], "$.staffNotice", "RouteChangeNotice"),
    // A decline came from the candidate: only the staff hear of it.
    RouteChangeNotice: choice(whenEquals("$.noticeTemplate", [["none", "RecordChangeNotice"]]), "PlanChangeNotice"),
    PlanChangeNotice: planMessage(failed, "notice", { channel: "preferred", urgent: true }, "$.noticePlan", "WaitForChangeNoticeSendTime"),
    WaitForChangeNoticeSendTime: waitUntil("$.noticePlan.sendAt", "SendChangeNotice"),
    SendChangeNotice: send(failed, "notice", "$.noticePlan.channel", { "template.$": "$.noticeTemplate" }, "$.notice", "RecordChangeNotice", "RecordChangeNotice"),
    // About the interview (the shared outcome step records for the application).
    RecordChangeNotice: recordOutcome(failed, { "outcome.$": "$.change" }, "ChangeNoticeEnded"),
  }),
});
