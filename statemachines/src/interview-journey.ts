// The interview journey, as its README diagram draws it. Generates statemachines/interview-journey.asl.json.
//
// One execution per interview version: the invitation and its follow-up, the reminders, the outcome.
// The interview's other workflows are machines of their own (interview-change-notice,
// interview-priority-sla, interview-scheduling-link), each started by the use case that needs it.
// They used to share this file behind a router on `kind`; as child executions of a parent
// (startExecution.sync:2) they would still need that router and would add a parent execution, and
// its transitions, to every run, while returning nothing the parent uses. Each caller already knows
// which workflow it starts, so each is a top-level machine and this file is the journey alone.
//
// JSONata: the first step keeps the execution input in variables ($interview, $messageRef, $config,
// ...), every step reads them and keeps its answer with Assign, and a route is one Condition. Every
// ending goes through one RecordOutcome step; the route that ends the journey sets $outcome.
import { UNREACHABLE, type State, type Workflow } from "./builder.js";
import { INTERVIEW_STEP, SEND_MESSAGE, failState } from "./interview-steps.js";
import { decide, invoke, object, text, waitSeconds, waitUntil, when, type Rule } from "./jsonata.js";

const FAILED = "RecordInterviewJourneyFailure";
const ANSWER = "$states.result.Payload";

/** An InterviewStep operation on this interview version; its answer is kept in `into` (`also`: more variables to set). */
const step = (op: string, extra: Record<string, string>, into: string, next: string, also: Record<string, string> = {}): State =>
  invoke(INTERVIEW_STEP, `$merge([$interview, ${object({ op: text(op), ...extra })}])`, { assign: { [into]: ANSWER, ...also }, next, onFailure: FAILED });

/** A message by SendMessage, sent once per execution and purpose (the idempotency key); an unreachable person goes to `unreachable`. */
const send = (purpose: string, channel: string, template: string, into: string, next: string, unreachable: string): State =>
  invoke(SEND_MESSAGE, `$merge([$messageRef, ${object({ channel, template, idempotencyKey: `$states.context.Execution.Name & '#${purpose}'` })}])`, {
    assign: { [into]: ANSWER },
    next,
    routes: [{ errors: UNREACHABLE, to: unreachable }],
    onFailure: FAILED,
  });

/** When and by which channel a candidate message may go (quiet hours, the daily cap), and whether the interview still stands. */
/** Plans the message its send step sends as `purpose` (the hold on the timeline is named by it, once per execution). */
const planMessage = (purpose: string, extra: Record<string, string>, into: string, next: string): State =>
  step("plan-message", { ...extra, purpose: text(purpose), executionId: "$states.context.Execution.Name" }, into, next);
const checkResponse = (messageIds: string, next: string): State => step("check-response", { messageIds }, "response", next);
const createTask = (type: string, into: string, next: string, also?: Record<string, string>): State =>
  step("create-task", { applicationId: "$applicationId", type: text(type), dueInSeconds: "$config.taskDueSeconds", executionId: "$states.context.Execution.Name" }, into, next, also);
const checkTask = (task: string, next: string): State => step("check-task", { taskId: `${task}.taskId` }, "taskCheck", next);
const escalateTask = (task: string, next: string, also?: Record<string, string>): State => step("escalate-task", { taskId: `${task}.taskId` }, "escalation", next, also);

/** The interview changed under the journey (a reschedule supersedes this version): it ends, recording why. */
const routeEnded = (state: string): Rule[] => [
  when(`${state} in ['superseded', 'cancelled', 'declined']`, "RecordOutcome", { outcome: `${state} = 'superseded' ? 'rescheduled' : ${state}` }),
];
const confirmed = when("$response.state = 'confirmed'", "PlanDayBeforeReminder");

/** Plan a reminder `beforeSeconds` ahead of the interview, wait for it, check nothing changed, send it. */
function reminder(name: "DayBefore" | "HoursBefore", beforeSeconds: string, purpose: string, template: string, after: string): Record<string, State> {
  return {
    [`Plan${name}Reminder`]: step("plan-reminder", { beforeSeconds, purpose: text(purpose), executionId: "$states.context.Execution.Name" }, "reminderPlan", `Route${name}ReminderPlan`),
    [`Route${name}ReminderPlan`]: decide([...routeEnded("$reminderPlan.state"), when("$reminderPlan.send = false", after)], `WaitFor${name}Reminder`),
    [`WaitFor${name}Reminder`]: waitUntil("$reminderPlan.sendAt", `CheckBefore${name}Reminder`),
    [`CheckBefore${name}Reminder`]: checkResponse("[]", `RouteBefore${name}Reminder`),
    [`RouteBefore${name}Reminder`]: decide(routeEnded("$response.state"), `Send${name}Reminder`),
    [`Send${name}Reminder`]: send(purpose, "$reminderPlan.channel", text(template), "reminder", after, after),
  };
}

/** What the interviewer (or the recruiter's task) recorded; otherwise whether the interview changed. */
const outcomeRules = [when("$response.outcome = 'attended'", "RecordOutcome", { outcome: text("attended") }), when("$response.outcome = 'no-show'", "PlanNoShowReachOut"), ...routeEnded("$response.state")];

const states: Record<string, State> = {
  // Invitation: tell the staff, plan within quiet hours and the daily cap, send by the preferred channel.
  NotifyStaffOfSchedule: invoke(
    INTERVIEW_STEP,
    "$states.input.{'op': 'notify-staff', 'candidateId': candidateId, 'interviewId': interviewId, 'version': version, 'change': change, 'executionId': $states.context.Execution.Name}",
    {
      assign: {
        interview: "$states.input.{'candidateId': candidateId, 'interviewId': interviewId, 'version': version}",
        messageRef: "$states.input.{'candidateId': candidateId, 'applicationId': applicationId, 'interviewId': interviewId}",
        applicationId: "$states.input.applicationId",
        invitationTemplate: "$states.input.invitationTemplate",
        config: "$states.input.config",
      },
      next: "PlanInvitation",
      onFailure: FAILED,
    },
  ),
  PlanInvitation: planMessage("invitation", { channel: text("preferred") }, "invitationPlan", "RouteInvitationPlan"),
  RouteInvitationPlan: decide(routeEnded("$invitationPlan.state"), "WaitForInvitationSendTime"),
  // A held invitation may be moot by the time its hold ends (HR moved or cancelled the interview,
  // the candidate declined): look again before sending. One sent at once needs no second look.
  WaitForInvitationSendTime: waitUntil("$invitationPlan.sendAt", "RouteAfterInvitationHold"),
  RouteAfterInvitationHold: decide([when("$invitationPlan.reason = 'now'", "SendInvitation")], "CheckBeforeInvitation"),
  CheckBeforeInvitation: checkResponse("[]", "RouteBeforeInvitation"),
  RouteBeforeInvitation: decide(routeEnded("$response.state"), "SendInvitation"),
  SendInvitation: send("invitation", "$invitationPlan.channel", "$invitationTemplate", "invitation", "WaitForInvitationResponse", "CreateCallCandidateTask"),

  // Not opened or confirmed after the follow-up delay: a second reminder by the other channel.
  WaitForInvitationResponse: waitSeconds("$config.followUpAfterSeconds", "CheckInvitationResponse"),
  CheckInvitationResponse: checkResponse("[$invitation.messageId]", "RouteInvitationResponse"),
  RouteInvitationResponse: decide([confirmed, when("$response.state = 'engaged'", "WaitForConfirmation"), ...routeEnded("$response.state")], "PlanSecondReminder"),
  PlanSecondReminder: planMessage("follow-up", { channel: text("other"), previousChannel: "$invitation.channel" }, "followUpPlan", "WaitForSecondReminderSendTime"),
  WaitForSecondReminderSendTime: waitUntil("$followUpPlan.sendAt", "CheckBeforeSecondReminder"),
  CheckBeforeSecondReminder: checkResponse("[$invitation.messageId]", "RouteBeforeSecondReminder"),
  RouteBeforeSecondReminder: decide([confirmed, ...routeEnded("$response.state")], "SendSecondReminder"),
  SendSecondReminder: send("follow-up", "$followUpPlan.channel", text("interview-follow-up"), "followUp", "WaitForConfirmation", "CreateCallCandidateTask"),

  // Still unconfirmed: a recruiter task to call, escalated to their manager when overdue.
  WaitForConfirmation: waitSeconds("$config.followUpAfterSeconds", "CheckConfirmation"),
  CheckConfirmation: checkResponse("[]", "RouteConfirmation"),
  RouteConfirmation: decide([confirmed, ...routeEnded("$response.state")], "CreateCallCandidateTask"),
  CreateCallCandidateTask: createTask("call-candidate", "task", "WaitForCallTaskDeadline"),
  WaitForCallTaskDeadline: waitUntil("$task.dueAt", "CheckCallTask"),
  CheckCallTask: checkTask("$task", "RouteCallTask"),
  RouteCallTask: decide([...routeEnded("$taskCheck.state"), when("$taskCheck.state = 'confirmed' or $taskCheck.taskDone = true", "PlanDayBeforeReminder")], "EscalateCallTask"),
  EscalateCallTask: escalateTask("$task", "PlanDayBeforeReminder"),

  // Reminders 24 h and 2 h before.
  ...reminder("DayBefore", "$config.firstReminderBeforeSeconds", "reminder-1", "interview-reminder-24h", "PlanHoursBeforeReminder"),
  ...reminder("HoursBefore", "$config.secondReminderBeforeSeconds", "reminder-2", "interview-reminder-2h", "PlanOutcomeCheck"),

  // The outcome: attended, or a no-show with one reach-out, or a recruiter task to record it.
  PlanOutcomeCheck: step("plan-outcome-check", { graceSeconds: "$config.outcomeGraceSeconds" }, "outcomePlan", "WaitForInterviewToEnd"),
  WaitForInterviewToEnd: waitUntil("$outcomePlan.checkAt", "CheckInterviewOutcome"),
  CheckInterviewOutcome: checkResponse("[]", "RouteInterviewOutcome"),
  RouteInterviewOutcome: decide(outcomeRules, "CreateRecordOutcomeTask"),
  CreateRecordOutcomeTask: createTask("record-outcome", "outcomeTask", "WaitForRecordOutcomeTaskDeadline"),
  WaitForRecordOutcomeTaskDeadline: waitUntil("$outcomeTask.dueAt", "CheckRecordedOutcome"),
  CheckRecordedOutcome: checkResponse("[]", "RouteRecordedOutcome"),
  RouteRecordedOutcome: decide(outcomeRules, "EscalateRecordOutcomeTask"),
  EscalateRecordOutcomeTask: escalateTask("$outcomeTask", "RecordOutcome", { outcome: text("unrecorded") }),
  PlanNoShowReachOut: planMessage("no-show", { channel: text("preferred") }, "noShowPlan", "WaitForNoShowReachOutSendTime"),
  // The reach-out may wait out the candidate's night: look again before sending. Moved, cancelled,
  // corrected to attended, or reached by phone meanwhile: nothing is sent (the step says why on the
  // timeline) and no reach-out task is opened.
  WaitForNoShowReachOutSendTime: waitUntil("$noShowPlan.sendAt", "CheckBeforeNoShowReachOut"),
  CheckBeforeNoShowReachOut: step("check-no-show-reach-out", { executionId: "$states.context.Execution.Name", purpose: text("no-show") }, "noShowCheck", "RouteBeforeNoShowReachOut"),
  RouteBeforeNoShowReachOut: decide(
    [...routeEnded("$noShowCheck.state"), when("$noShowCheck.outcome = 'attended'", "RecordOutcome", { outcome: text("attended") }), when("$noShowCheck.send = false", "RecordOutcome", { outcome: text("no-show") })],
    "SendNoShowReachOut",
  ),
  SendNoShowReachOut: send("no-show", "$noShowPlan.channel", text("interview-no-show"), "noShowMessage", "CreateReachOutTask", "CreateReachOutTask"),
  CreateReachOutTask: createTask("reach-out-after-no-show", "reachOutTask", "RecordOutcome", { outcome: text("no-show") }),

  // attended, no-show, unrecorded, or rescheduled / cancelled / declined: set by the route that ended the journey.
  RecordOutcome: step("record-outcome", { applicationId: "$applicationId", executionId: "$states.context.Execution.Name", outcome: "$outcome" }, "recorded", "InterviewJourneyEnded"),

  InterviewJourneyEnded: { Type: "Succeed" },
  // Reads the execution input, not variables: the first step may be the one that failed, before any were set.
  [FAILED]: invoke(
    INTERVIEW_STEP,
    "$states.context.Execution.Input.{'op': 'record-outcome', 'candidateId': candidateId, 'interviewId': interviewId, 'version': version, 'applicationId': applicationId, 'outcome': 'failed', 'executionId': $states.context.Execution.Name, 'error': $error}",
    { next: "FailInterviewJourney" },
  ),
  FailInterviewJourney: failState("InterviewJourneyFailed"),
};

export const interviewJourney: Workflow = {
  file: "statemachines/interview-journey.asl.json",
  definition: {
    Comment:
      "Interview journey: invitation by the preferred channel within quiet hours and the daily cap; a second reminder by the other channel if not opened or confirmed; a recruiter task, escalated to their manager when overdue; reminders 24 h and 2 h before; the outcome, with a reach-out-once path after a no-show. A reschedule starts a new execution (the old one ends 'rescheduled'); a cancellation or decline ends it at its next check and starts the change notice (interview-change-notice). Every error is caught into $error and recorded before the execution fails.",
    QueryLanguage: "JSONata",
    StartAt: "NotifyStaffOfSchedule",
    // 60 days: an interview is at most weeks away; a run still open after that is stuck.
    TimeoutSeconds: 60 * 24 * 3600,
    States: states,
  },
};
