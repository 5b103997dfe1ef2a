// The executive-priority SLA, as its README section describes it. Generates statemachines/interview-priority-sla.asl.json.
//
// One run per flag setting: at the deadline, unless an interview was scheduled for the application
// meanwhile (or the flag was set again, which starts its own run), alert the recruiter and the flagger.
import { choice, waitUntil, whenEquals } from "./builder.js";
import { applicationStep, interviewWorkflow } from "./interview-steps.js";

export const interviewPrioritySla = interviewWorkflow({
  name: "PrioritySla",
  comment: "Executive-priority SLA: at the flag's deadline, alert the recruiter and the flagger unless an interview was scheduled for the application.",
  startAt: "WaitForPriorityDeadline",
  // 60 days, as when this run shared the interview journey's machine: a deadline is weeks away at most.
  timeoutSeconds: 60 * 24 * 3600,
  recorder: "record-priority-outcome",
  states: (failed, outcome) => ({
    WaitForPriorityDeadline: waitUntil("$.mustInterviewBy", "CheckPrioritySla"),
    CheckPrioritySla: applicationStep(failed, "check-priority", { "flaggedAt.$": "$.flaggedAt" }, ["status"], "$.sla", "RoutePrioritySla"),
    RoutePrioritySla: choice(
      whenEquals("$.sla.status", [
        ["met", "RecordPrioritySlaMet"],
        ["superseded", "RecordPrioritySlaSuperseded"],
      ]),
      "AlertPrioritySlaBreach",
    ),
    AlertPrioritySlaBreach: applicationStep(failed, "alert-priority-breach", { "flaggedAt.$": "$.flaggedAt" }, ["alerted"], "$.slaAlert", "RecordPrioritySlaBreached"),
    RecordPrioritySlaMet: outcome("met"),
    RecordPrioritySlaSuperseded: outcome("superseded"),
    RecordPrioritySlaBreached: outcome("breached"),
  }),
});
