// The interview journey, as its README diagram draws it. Generates statemachines/interview-journey.asl.json.
//
// One execution per interview version: the invitation and its follow-up, the reminders, the outcome.
// The interview's other workflows are machines of their own (interview-change-notice,
// interview-priority-sla, interview-scheduling-link), each started by the use case that needs it.
// They used to share this file behind a router on `kind`; as child executions of a parent
// (startExecution.sync:2) they would still need that router and would add a parent execution, and
// its transitions, to every run, while returning nothing the parent uses. Each caller already knows
// which workflow it starts, so each is a top-level machine and this file is the journey alone.
import { choice, waitFor, waitUntil, whenEquals, whenFalse, whenTrue, type State, type Workflow } from "./builder.js";
import { execution, failState, interview, planMessage as plan, recordFailure, recordOutcome as record, send as sendBy, step as stepOf } from "./interview-steps.js";

const FAILED = "RecordInterviewJourneyFailure";

const step = (op: string, extra: Record<string, string | boolean | never[]>, select: string[] | undefined, into: string | null, next: string): State => stepOf(FAILED, op, extra, select, into, next);
const send = (purpose: string, channelPath: string, template: { template: string } | { "template.$": string }, into: string, next: string, unreachable: string): State =>
  sendBy(FAILED, purpose, channelPath, template, into, next, unreachable);
const planMessage = (extra: Record<string, string | boolean>, into: string, next: string): State => plan(FAILED, extra, into, next);

const checkResponse = (messageIds: string | never[], next: string): State =>
  step("check-response", typeof messageIds === "string" ? { "messageIds.$": messageIds } : { messageIds }, ["state", "outcome"], "$.response", next);

/** The interview changed under the journey: it ends, recording why. */
const ENDED: Array<[string, string]> = [
  ["superseded", "RecordRescheduled"],
  ["cancelled", "RecordCancelled"],
  ["declined", "RecordDeclined"],
];
const routeEnded = (path: string) => whenEquals(path, ENDED);

const recordOutcome = (outcome: { outcome: string }): State => record(FAILED, outcome, "InterviewJourneyEnded");

const createTask = (type: string, into: string, next: string): State =>
  step("create-task", { "applicationId.$": "$.applicationId", type, "dueInSeconds.$": "$.config.taskDueSeconds", ...execution }, ["taskId", "dueAt"], into, next);

const checkTask = (taskPath: string, next: string): State => step("check-task", { "taskId.$": taskPath }, ["taskDone", "state"], "$.taskCheck", next);
const escalateTask = (taskPath: string, next: string): State => step("escalate-task", { "taskId.$": taskPath }, ["escalated"], "$.escalation", next);

/** Plan a reminder `beforeSeconds` ahead of the interview, wait for it, check nothing changed, send it. */
function reminder(name: "DayBefore" | "HoursBefore", beforeSecondsPath: string, purpose: string, template: string, after: string): Record<string, State> {
  return {
    [`Plan${name}Reminder`]: step("plan-reminder", { "beforeSeconds.$": beforeSecondsPath, "policy.$": "$.config.policy" }, ["sendAt", "send", "channel", "state"], "$.reminderPlan", `Route${name}ReminderPlan`),
    [`Route${name}ReminderPlan`]: choice([...routeEnded("$.reminderPlan.state"), whenFalse("$.reminderPlan.send", after)], `WaitFor${name}Reminder`),
    [`WaitFor${name}Reminder`]: waitUntil("$.reminderPlan.sendAt", `CheckBefore${name}Reminder`),
    [`CheckBefore${name}Reminder`]: checkResponse([], `RouteBefore${name}Reminder`),
    [`RouteBefore${name}Reminder`]: choice(routeEnded("$.response.state"), `Send${name}Reminder`),
    [`Send${name}Reminder`]: send(purpose, "$.reminderPlan.channel", { template }, "$.reminder", after, after),
  };
}

/** What the interviewer (or the recruiter's task) recorded; otherwise whether the interview changed. */
const outcomeRules = [
  ...whenEquals("$.response.outcome", [
    ["attended", "RecordAttended"],
    ["no-show", "PlanNoShowReachOut"],
  ]),
  ...routeEnded("$.response.state"),
];

const states: Record<string, State> = {
  // Invitation: tell the staff, plan within quiet hours and the daily cap, send by the preferred channel.
  NotifyStaffOfSchedule: step("notify-staff", { "change.$": "$.change", ...execution }, ["notified", "failed"], "$.staffNotice", "PlanInvitation"),
  PlanInvitation: planMessage({ channel: "preferred" }, "$.invitationPlan", "RouteInvitationPlan"),
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
  PlanSecondReminder: planMessage({ channel: "other", "previousChannel.$": "$.invitation.channel" }, "$.followUpPlan", "WaitForSecondReminderSendTime"),
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
  PlanNoShowReachOut: planMessage({ channel: "preferred" }, "$.noShowPlan", "WaitForNoShowReachOutSendTime"),
  WaitForNoShowReachOutSendTime: waitUntil("$.noShowPlan.sendAt", "SendNoShowReachOut"),
  SendNoShowReachOut: send("no-show", "$.noShowPlan.channel", { template: "interview-no-show" }, "$.noShowMessage", "CreateReachOutTask", "CreateReachOutTask"),
  CreateReachOutTask: createTask("reach-out-after-no-show", "$.reachOutTask", "RecordNoShow"),

  RecordAttended: recordOutcome({ outcome: "attended" }),
  RecordNoShow: recordOutcome({ outcome: "no-show" }),
  RecordRescheduled: recordOutcome({ outcome: "rescheduled" }),
  RecordCancelled: recordOutcome({ outcome: "cancelled" }),
  RecordDeclined: recordOutcome({ outcome: "declined" }),
  RecordOutcomeUnrecorded: recordOutcome({ outcome: "unrecorded" }),

  InterviewJourneyEnded: { Type: "Succeed" },
  [FAILED]: recordFailure("record-outcome", interview, "FailInterviewJourney"),
  FailInterviewJourney: failState("InterviewJourneyFailed"),
};

export const interviewJourney: Workflow = {
  file: "statemachines/interview-journey.asl.json",
  definition: {
    Comment:
      "Interview journey: invitation by the preferred channel within quiet hours and the daily cap; a second reminder by the other channel if not opened or confirmed; a recruiter task, escalated to their manager when overdue; reminders 24 h and 2 h before; the outcome, with a reach-out-once path after a no-show. A reschedule starts a new execution (the old one ends 'rescheduled'); a cancellation or decline ends it at its next check and starts the change notice (interview-change-notice). Every error is caught into $.error and recorded before the execution fails.",
    StartAt: "NotifyStaffOfSchedule",
    // 60 days: an interview is at most weeks away; a run still open after that is stuck.
    TimeoutSeconds: 60 * 24 * 3600,
    States: states,
  },
};
