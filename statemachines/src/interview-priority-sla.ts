// The executive-priority SLA, as its README section describes it. Generates statemachines/interview-priority-sla.asl.json.
//
// One run per flag setting: at the deadline, unless an interview was scheduled for the application
// meanwhile (or the flag was set again, which starts its own run), alert the recruiter and the flagger.
import { choice, lambdaStep, waitUntil, whenEquals, type State, type Workflow } from "./builder.js";
import { INTERVIEW_STEP, execution, failState, recordFailure } from "./interview-steps.js";

const FAILED = "RecordPrioritySlaFailure";
const application = { "candidateId.$": "$.candidateId", "applicationId.$": "$.applicationId" };

const priority = (op: string, extra: Record<string, string>, select: string[], into: string, next: string): State =>
  lambdaStep(INTERVIEW_STEP, { op, ...application, ...extra }, { select, into, next, onFailure: FAILED });
const priorityOutcome = (outcome: string): State => priority("record-priority-outcome", { outcome, ...execution }, ["outcome"], "$.recorded", "PrioritySlaEnded");

const states: Record<string, State> = {
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
  PrioritySlaEnded: { Type: "Succeed" },
  [FAILED]: recordFailure("record-priority-outcome", { "candidateId.$": "$.candidateId" }, "FailPrioritySla"),
  FailPrioritySla: failState("InterviewPrioritySlaFailed"),
};

export const interviewPrioritySla: Workflow = {
  file: "statemachines/interview-priority-sla.asl.json",
  definition: {
    Comment: "Executive-priority SLA: at the flag's deadline, alert the recruiter and the flagger unless an interview was scheduled for the application. Every error is caught into $.error and recorded before the execution fails.",
    StartAt: "WaitForPriorityDeadline",
    // 60 days, as when this run shared the interview journey's machine: a deadline is weeks away at most.
    TimeoutSeconds: 60 * 24 * 3600,
    States: states,
  },
};
