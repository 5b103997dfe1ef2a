// The interview journey, as its README diagram draws it. Generates statemachines/interview-journey.asl.json.
//
// One execution per interview version. The default kind is the notice-and-follow-up journey;
// three short side workflows share the file behind RouteJourneyKind (a change notice, the
// executive-priority SLA, and the self-scheduling link message).
import { UNREACHABLE, choice, lambdaStep, waitFor, waitUntil, whenEquals, whenFalse, whenTrue, type State, type Workflow } from "./builder.js";

const INTERVIEW_STEP = "${InterviewStepFunctionArn}";
const SEND_MESSAGE = "${SendMessageFunctionArn}";
const FAILED = "RecordInterviewJourneyFailure";

const interview = { "candidateId.$": "$.candidateId", "interviewId.$": "$.interviewId", "version.$": "$.version" };
const execution = { "executionId.$": "$$.Execution.Name" };

/** An InterviewStep operation on this interview version. */
const step = (op: string, extra: Record<string, string | boolean | never[]>, select: string[] | undefined, into: string | null, next: string, routes?: Array<{ errors: string[]; to: string }>): State =>
  lambdaStep(INTERVIEW_STEP, { op, ...interview, ...extra }, { select, into, next, routes, onFailure: FAILED });

/** A message by SendMessage, sent once per execution and purpose (the idempotency key); an unreachable person goes to `unreachable`. */
const send = (purpose: string, channelPath: string, template: { template: string } | { "template.$": string }, into: string, next: string, unreachable: string): State =>
  lambdaStep(
    SEND_MESSAGE,
    {
      "candidateId.$": "$.candidateId",
      "applicationId.$": "$.applicationId",
      "interviewId.$": "$.interviewId",
      "channel.$": channelPath,
      "idempotencyKey.$": `States.Format('{}#${purpose}', $$.Execution.Name)`,
      ...template,
    },
    { select: ["messageId", "channel", "status"], into, next, routes: [{ errors: UNREACHABLE, to: unreachable }], onFailure: FAILED },
  );

/** Plans the message its send step sends as `purpose` (the hold on the timeline is named by it, once per execution). */
const planMessage = (purpose: string, extra: Record<string, string | boolean>, into: string, next: string): State =>
  step("plan-message", { ...extra, purpose, ...execution, "policy.$": "$.config.policy" }, ["sendAt", "channel", "reason", "state"], into, next);

const checkResponse = (messageIds: string | never[], next: string): State =>
  step("check-response", typeof messageIds === "string" ? { "messageIds.$": messageIds } : { messageIds }, ["state", "outcome"], "$.response", next);

/** The interview changed under the journey: it ends, recording why. */
const ENDED: Array<[string, string]> = [
  ["superseded", "RecordRescheduled"],
  ["cancelled", "RecordCancelled"],
  ["declined", "RecordDeclined"],
];
const routeEnded = (path: string) => whenEquals(path, ENDED);

const recordOutcome = (outcome: { outcome: string } | { "outcome.$": string }): State =>
  step("record-outcome", { "applicationId.$": "$.applicationId", ...execution, ...outcome }, ["outcome"], "$.recorded", "InterviewJourneyEnded");

const createTask = (type: string, into: string, next: string): State =>
  step("create-task", { "applicationId.$": "$.applicationId", type, "dueInSeconds.$": "$.config.taskDueSeconds", ...execution }, ["taskId", "dueAt"], into, next);

const checkTask = (taskPath: string, next: string): State => step("check-task", { "taskId.$": taskPath }, ["taskDone", "state"], "$.taskCheck", next);
const escalateTask = (taskPath: string, next: string): State => step("escalate-task", { "taskId.$": taskPath }, ["escalated"], "$.escalation", next);

/** Plan a reminder `beforeSeconds` ahead of the interview, wait for it, check nothing changed, send it. */
function reminder(name: "DayBefore" | "HoursBefore", beforeSecondsPath: string, purpose: string, template: string, after: string): Record<string, State> {
  return {
    [`Plan${name}Reminder`]: step("plan-reminder", { "beforeSeconds.$": beforeSecondsPath, purpose, ...execution, "policy.$": "$.config.policy" }, ["sendAt", "send", "channel", "state"], "$.reminderPlan", `Route${name}ReminderPlan`),
    [`Route${name}ReminderPlan`]: choice([...routeEnded("$.reminderPlan.state"), whenFalse("$.reminderPlan.send", after)], `WaitFor${name}Reminder`),
    [`WaitFor${name}Reminder`]: waitUntil("$.reminderPlan.sendAt", `CheckBefore${name}Reminder`),
    [`CheckBefore${name}Reminder`]: checkResponse([], `RouteBefore${name}Reminder`),
    [`RouteBefore${name}Reminder`]: choice(routeEnded("$.response.state"), `Send${name}Reminder`),
    [`Send${name}Reminder`]: send(purpose, "$.reminderPlan.channel", { template }, "$.reminder", after, after),
  };
}

const priority = (op: string, extra: Record<string, string>, select: string[] | undefined, into: string | null, next: string): State =>
  lambdaStep(INTERVIEW_STEP, { op, "candidateId.$": "$.candidateId", "applicationId.$": "$.applicationId", ...extra }, { select, into, next, onFailure: "RecordPrioritySlaFailure" });
const priorityOutcome = (outcome: string): State => priority("record-priority-outcome", { outcome, ...execution }, ["outcome"], "$.recorded", "InterviewJourneyEnded");

const linkOutcome = (outcome: string): State =>
  lambdaStep(INTERVIEW_STEP, { op: "record-link-outcome", "candidateId.$": "$.candidateId", "applicationId.$": "$.applicationId", outcome, ...execution }, { select: ["outcome"], into: "$.recorded", next: "InterviewJourneyEnded", onFailure: "RecordSchedulingLinkFailure" });

/** What the interviewer (or the recruiter's task) recorded; otherwise whether the interview changed. */
const outcomeRules = [
  ...whenEquals("$.response.outcome", [
    ["attended", "RecordAttended"],
    ["no-show", "PlanNoShowReachOut"],
  ]),
  ...routeEnded("$.response.state"),
];

const states: Record<string, State> = {
  RouteJourneyKind: choice(
    whenEquals("$.kind", [
      ["notice", "NotifyStaffOfChange"],
      ["priority", "WaitForPriorityDeadline"],
      ["scheduling-link", "PlanSchedulingLinkMessage"],
    ]),
    "NotifyStaffOfSchedule",
  ),

  // Invitation: tell the staff, plan within quiet hours and the daily cap, send by the preferred channel.
  NotifyStaffOfSchedule: step("notify-staff", { "change.$": "$.change", ...execution }, ["notified", "failed"], "$.staffNotice", "PlanInvitation"),
  PlanInvitation: planMessage("invitation", { channel: "preferred" }, "$.invitationPlan", "RouteInvitationPlan"),
  RouteInvitationPlan: choice(routeEnded("$.invitationPlan.state"), "WaitForInvitationSendTime"),
  WaitForInvitationSendTime: waitUntil("$.invitationPlan.sendAt", "SendInvitation"),
  SendInvitation: send("invitation", "$.invitationPlan.channel", { "template.$": "$.invitationTemplate" }, "$.invitation", "WaitForInvitationResponse", "CreateCallCandidateTask"),

  // Not opened or confirmed after the follow-up delay: a second reminder by the other channel.
  WaitForInvitationResponse: waitFor("$.config.followUpAfterSeconds", "CheckInvitationResponse"),
  CheckInvitationResponse: checkResponse("States.Array($.invitation.messageId)", "RouteInvitationResponse"),
  RouteInvitationResponse: choice(
    whenEquals("$.response.state", [
      ["confirmed", "PlanDayBeforeReminder"],
      ["engaged", "WaitForConfirmation"],
      ["superseded", "RecordRescheduled"],
      ["cancelled", "RecordCancelled"],
      ["declined", "RecordDeclined"],
    ]),
    "PlanSecondReminder",
  ),
  PlanSecondReminder: planMessage("follow-up", { channel: "other", "previousChannel.$": "$.invitation.channel" }, "$.followUpPlan", "WaitForSecondReminderSendTime"),
  WaitForSecondReminderSendTime: waitUntil("$.followUpPlan.sendAt", "CheckBeforeSecondReminder"),
  CheckBeforeSecondReminder: checkResponse("States.Array($.invitation.messageId)", "RouteBeforeSecondReminder"),
  RouteBeforeSecondReminder: choice(whenEquals("$.response.state", [["confirmed", "PlanDayBeforeReminder"], ...ENDED]), "SendSecondReminder"),
  SendSecondReminder: send("follow-up", "$.followUpPlan.channel", { template: "interview-follow-up" }, "$.followUp", "WaitForConfirmation", "CreateCallCandidateTask"),

  // Still unconfirmed: a recruiter task to call, escalated to their manager when overdue.
  WaitForConfirmation: waitFor("$.config.followUpAfterSeconds", "CheckConfirmation"),
  CheckConfirmation: checkResponse([], "RouteConfirmation"),
  RouteConfirmation: choice(whenEquals("$.response.state", [["confirmed", "PlanDayBeforeReminder"], ...ENDED]), "CreateCallCandidateTask"),
  CreateCallCandidateTask: createTask("call-candidate", "$.task", "WaitForCallTaskDeadline"),
  WaitForCallTaskDeadline: waitUntil("$.task.dueAt", "CheckCallTask"),
  CheckCallTask: checkTask("$.task.taskId", "RouteCallTask"),
  RouteCallTask: choice([...whenEquals("$.taskCheck.state", [...ENDED, ["confirmed", "PlanDayBeforeReminder"]]), whenTrue("$.taskCheck.taskDone", "PlanDayBeforeReminder")], "EscalateCallTask"),
  EscalateCallTask: escalateTask("$.task.taskId", "PlanDayBeforeReminder"),

  // Reminders 24 h and 2 h before.
  ...reminder("DayBefore", "$.config.firstReminderBeforeSeconds", "reminder-1", "interview-reminder-24h", "PlanHoursBeforeReminder"),
  ...reminder("HoursBefore", "$.config.secondReminderBeforeSeconds", "reminder-2", "interview-reminder-2h", "PlanOutcomeCheck"),

  // The outcome: attended, or a no-show with one reach-out, or a recruiter task to record it.
  PlanOutcomeCheck: step("plan-outcome-check", { "graceSeconds.$": "$.config.outcomeGraceSeconds" }, ["checkAt"], "$.outcomePlan", "WaitForInterviewToEnd"),
  WaitForInterviewToEnd: waitUntil("$.outcomePlan.checkAt", "CheckInterviewOutcome"),
  CheckInterviewOutcome: checkResponse([], "RouteInterviewOutcome"),
  RouteInterviewOutcome: choice(outcomeRules, "CreateRecordOutcomeTask"),
  CreateRecordOutcomeTask: createTask("record-outcome", "$.outcomeTask", "WaitForRecordOutcomeTaskDeadline"),
  WaitForRecordOutcomeTaskDeadline: waitUntil("$.outcomeTask.dueAt", "CheckRecordedOutcome"),
  CheckRecordedOutcome: checkResponse([], "RouteRecordedOutcome"),
  RouteRecordedOutcome: choice(outcomeRules, "EscalateRecordOutcomeTask"),
  EscalateRecordOutcomeTask: escalateTask("$.outcomeTask.taskId", "RecordOutcomeUnrecorded"),
  PlanNoShowReachOut: planMessage("no-show", { channel: "preferred" }, "$.noShowPlan", "WaitForNoShowReachOutSendTime"),
  WaitForNoShowReachOutSendTime: waitUntil("$.noShowPlan.sendAt", "SendNoShowReachOut"),
  SendNoShowReachOut: send("no-show", "$.noShowPlan.channel", { template: "interview-no-show" }, "$.noShowMessage", "CreateReachOutTask", "CreateReachOutTask"),
  CreateReachOutTask: createTask("reach-out-after-no-show", "$.reachOutTask", "RecordNoShow"),

  // Side workflow: a cancellation, decline or reschedule notice.
  NotifyStaffOfChange: step("notify-staff", { "change.$": "$.change", ...execution }, ["notified", "failed"], "$.staffNotice", "RouteChangeNotice"),
  RouteChangeNotice: choice(whenEquals("$.noticeTemplate", [["none", "RecordChangeNotice"]]), "PlanChangeNotice"),
  PlanChangeNotice: planMessage("notice", { channel: "preferred", urgent: true }, "$.noticePlan", "WaitForChangeNoticeSendTime"),
  WaitForChangeNoticeSendTime: waitUntil("$.noticePlan.sendAt", "SendChangeNotice"),
  SendChangeNotice: send("notice", "$.noticePlan.channel", { "template.$": "$.noticeTemplate" }, "$.notice", "RecordChangeNotice", "RecordChangeNotice"),
  RecordChangeNotice: recordOutcome({ "outcome.$": "$.change" }),

  RecordAttended: recordOutcome({ outcome: "attended" }),
  RecordNoShow: recordOutcome({ outcome: "no-show" }),
  RecordRescheduled: recordOutcome({ outcome: "rescheduled" }),
  RecordCancelled: recordOutcome({ outcome: "cancelled" }),
  RecordDeclined: recordOutcome({ outcome: "declined" }),
  RecordOutcomeUnrecorded: recordOutcome({ outcome: "unrecorded" }),

  // Side workflow: the executive-priority SLA.
  WaitForPriorityDeadline: waitUntil("$.mustInterviewBy", "CheckPrioritySla"),
  CheckPrioritySla: priority("check-priority", { "flaggedAt.$": "$.flaggedAt" }, ["status"], "$.sla", "RoutePrioritySla"),
  RoutePrioritySla: choice(
    whenEquals("$.sla.status", [
      ["met", "RecordPrioritySlaMet"],
      ["superseded", "RecordPrioritySlaSuperseded"],
    ]),
    "AlertPrioritySlaBreach",
  ),
  AlertPrioritySlaBreach: priority("alert-priority-breach", { "flaggedAt.$": "$.flaggedAt" }, ["alerted"], "$.slaAlert", "RecordPrioritySlaBreached"),
  RecordPrioritySlaMet: priorityOutcome("met"),
  RecordPrioritySlaSuperseded: priorityOutcome("superseded"),
  RecordPrioritySlaBreached: priorityOutcome("breached"),
  RecordPrioritySlaFailure: lambdaStep(
    INTERVIEW_STEP,
    { op: "record-priority-outcome", "candidateId.$": "$.candidateId", "applicationId.$": "$.applicationId", outcome: "failed", ...execution, "error.$": "$.error" },
    { into: null, next: "FailInterviewJourney" },
  ),

  // Side workflow: the self-scheduling link message.
  PlanSchedulingLinkMessage: lambdaStep(
    INTERVIEW_STEP,
    { op: "plan-candidate-message", "candidateId.$": "$.candidateId", "applicationId.$": "$.applicationId", ...execution, "policy.$": "$.config.policy" },
    { select: ["sendAt", "channel"], into: "$.linkPlan", next: "WaitForSchedulingLinkSendTime", onFailure: "RecordSchedulingLinkFailure" },
  ),
  WaitForSchedulingLinkSendTime: waitUntil("$.linkPlan.sendAt", "SendSchedulingLink"),
  SendSchedulingLink: lambdaStep(
    SEND_MESSAGE,
    {
      "candidateId.$": "$.candidateId",
      "applicationId.$": "$.applicationId",
      template: "interview-self-schedule",
      "channel.$": "$.linkPlan.channel",
      "actionUrl.$": "$.actionUrl",
      "idempotencyKey.$": "States.Format('{}#scheduling-link', $$.Execution.Name)",
    },
    { select: ["messageId", "channel", "status"], into: "$.linkMessage", next: "RecordSchedulingLinkSent", routes: [{ errors: UNREACHABLE, to: "RecordSchedulingLinkUndeliverable" }], onFailure: "RecordSchedulingLinkFailure" },
  ),
  RecordSchedulingLinkSent: linkOutcome("sent"),
  RecordSchedulingLinkUndeliverable: linkOutcome("unreachable"),
  RecordSchedulingLinkFailure: lambdaStep(
    INTERVIEW_STEP,
    { op: "record-link-outcome", "candidateId.$": "$.candidateId", "applicationId.$": "$.applicationId", outcome: "failed", ...execution, "error.$": "$.error" },
    { into: null, next: "FailInterviewJourney" },
  ),

  InterviewJourneyEnded: { Type: "Succeed" },
  RecordInterviewJourneyFailure: lambdaStep(
    INTERVIEW_STEP,
    { op: "record-outcome", ...interview, "applicationId.$": "$.applicationId", outcome: "failed", ...execution, "error.$": "$.error" },
    { into: null, next: "FailInterviewJourney" },
  ),
  FailInterviewJourney: { Type: "Fail", Error: "InterviewJourneyFailed", Cause: "A step failed after its retries; the error is recorded on the candidate's timeline." },
};

export const interviewJourney: Workflow = {
  file: "statemachines/interview-journey.asl.json",
  definition: {
    Comment:
      "Interview journey (notice and follow-up), plus the executive-priority SLA run (kind priority) and the self-scheduling link message (kind scheduling-link): invitation by the preferred channel within quiet hours and the daily cap; a second reminder by the other channel if not opened or confirmed; a recruiter task, escalated to their manager when overdue; reminders 24 h and 2 h before; the outcome, with a reach-out-once path after a no-show. A reschedule starts a new execution (the old one ends 'rescheduled'); cancellations and declines run the notice branch. Every error is caught into $.error and recorded before the execution fails.",
    StartAt: "RouteJourneyKind",
    // 60 days: an interview is at most weeks away; a run still open after that is stuck.
    TimeoutSeconds: 60 * 24 * 3600,
    States: states,
  },
};
