// The workflows, each loaded from its ASL file with one definition-substitutions map that both
// CDK (DefinitionBody + definitionSubstitutions) and the local runner use.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { functionIds, type FunctionId } from "./function-catalogue.js";

export interface StateMachineSpec {
  readonly id: string;
  /** Path relative to the repo root. */
  readonly file: string;
  /** Functions the machine invokes (for explicit grants). */
  readonly invokes: readonly FunctionId[];
}

export const stateMachines = {
  ApplicationJourney: {
    id: "ApplicationJourney",
    file: "statemachines/application-journey.asl.json",
    invokes: ["ScreenApplication", "SendMessage", "CheckEngagement", "RecordOutcome"],
  },
  OfferJourney: {
    id: "OfferJourney",
    file: "statemachines/offer-journey.asl.json",
    invokes: ["OfferJourneyStep"],
  },
  ReEngagement: {
    id: "ReEngagement",
    file: "statemachines/re-engagement.asl.json",
    invokes: ["ReEngagementStep"],
  },
  InterviewJourney: {
    id: "InterviewJourney",
    file: "statemachines/interview-journey.asl.json",
    invokes: ["InterviewStep", "SendMessage"],
  },
  // The interview's other workflows: each its own machine, started by the use case that needs it.
  InterviewChangeNotice: {
    id: "InterviewChangeNotice",
    file: "statemachines/interview-change-notice.asl.json",
    invokes: ["InterviewStep", "SendMessage"],
  },
  InterviewPrioritySla: {
    id: "InterviewPrioritySla",
    file: "statemachines/interview-priority-sla.asl.json",
    invokes: ["InterviewStep"],
  },
  InterviewSchedulingLink: {
    id: "InterviewSchedulingLink",
    file: "statemachines/interview-scheduling-link.asl.json",
    invokes: ["InterviewStep", "SendMessage"],
  },
  TalentImport: {
    id: "TalentImport",
    file: "statemachines/talent-import.asl.json",
    invokes: ["TalentImportStep"],
  },
  RecallJourney: {
    id: "RecallJourney",
    file: "statemachines/recall-journey.asl.json",
    invokes: ["RecallJourneyStep"],
  },
  // Started by logCall: waits out the follow-up's hold, then sends it once.
  CallFollowUp: {
    id: "CallFollowUp",
    file: "statemachines/call-follow-up.asl.json",
    invokes: ["SendMessage"],
  },
} as const satisfies Record<string, StateMachineSpec>;

export type StateMachineId = keyof typeof stateMachines;

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export function readDefinition(id: StateMachineId): string {
  return readFileSync(new URL(`../${stateMachines[id].file}`, import.meta.url), "utf8");
}

/** `${ScreenApplicationFunctionArn}` → the ARN, for every function. */
export function definitionSubstitutions(functionArn: (id: FunctionId) => string): Record<string, string> {
  return Object.fromEntries(functionIds.map((id) => [`${id}FunctionArn`, functionArn(id)]));
}

/** What Step Functions does with definitionSubstitutions, for the local runner and tests. */
export function substitute(definition: string, substitutions: Record<string, string>): string {
  return definition.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const value = substitutions[name];
    if (value === undefined) throw new Error(`No definition substitution for \${${name}}`);
    return value;
  });
}
