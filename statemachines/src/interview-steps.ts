// The InterviewStep and SendMessage calls the interview's workflows share (the journey, the change
// notice, the priority SLA and the scheduling-link message). Each workflow passes its own failure
// recorder, so a failed step is recorded by the machine it happened in.
import { UNREACHABLE, lambdaStep, type State, type Workflow } from "./builder.js";

export const INTERVIEW_STEP = "${InterviewStepFunctionArn}";
export const SEND_MESSAGE = "${SendMessageFunctionArn}";

type Payload = Record<string, string | boolean | never[]>;
type Routes = Array<{ errors: string[]; to: string }>;

export const interview = { "candidateId.$": "$.candidateId", "interviewId.$": "$.interviewId", "version.$": "$.version" };
export const execution = { "executionId.$": "$$.Execution.Name" };
/** The application a run is about, for the workflows that start before any interview exists (priority SLA, scheduling link). */
export const application = { "candidateId.$": "$.candidateId", "applicationId.$": "$.applicationId" };

/** An InterviewStep operation on this interview version. */
export const step = (failed: string, op: string, extra: Payload, select: string[] | undefined, into: string | null, next: string, routes?: Routes): State =>
  lambdaStep(INTERVIEW_STEP, { op, ...interview, ...extra }, { select, into, next, routes, onFailure: failed });

/** An InterviewStep operation on the application (no interview yet). */
export const applicationStep = (failed: string, op: string, extra: Payload, select: string[], into: string, next: string): State =>
  lambdaStep(INTERVIEW_STEP, { op, ...application, ...extra }, { select, into, next, onFailure: failed });

/** Records how this run ended for the application (`op` is the workflow's recorder), then goes to `next`. */
export const recordApplicationOutcome = (failed: string, op: string, outcome: string, next: string): State =>
  applicationStep(failed, op, { outcome, ...execution }, ["outcome"], "$.recorded", next);

/** A message by SendMessage, sent once per execution and purpose (the idempotency key); an unreachable person goes to `unreachable`. */
export const send = (failed: string, purpose: string, channelPath: string, template: { template: string } | { "template.$": string }, into: string, next: string, unreachable: string): State =>
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
    { select: ["messageId", "channel", "status"], into, next, routes: [{ errors: UNREACHABLE, to: unreachable }], onFailure: failed },
  );

/** When and by which channel a candidate message may go (quiet hours, the daily cap), and whether the interview still stands. */
/** `purpose` names the send it plans (the hold on the timeline is named by it, once per execution). */
export const planMessage = (failed: string, purpose: string, extra: Record<string, string | boolean>, into: string, next: string): State =>
  step(failed, "plan-message", { ...extra, purpose, ...execution }, ["sendAt", "channel", "reason", "state"], into, next);

/** Records how this execution ended for the interview version, then goes to `next`. */
export const recordOutcome = (failed: string, outcome: { outcome: string } | { "outcome.$": string }, next: string): State =>
  step(failed, "record-outcome", { "applicationId.$": "$.applicationId", ...execution, ...outcome }, ["outcome"], "$.recorded", next);

/** The failure recorder: records the error on the candidate's timeline, then fails the execution (it has no catch-all, so it cannot loop). */
export const recordFailure = (op: string, ref: Record<string, string>, next: string): State =>
  lambdaStep(INTERVIEW_STEP, { op, ...ref, "applicationId.$": "$.applicationId", outcome: "failed", ...execution, "error.$": "$.error" }, { into: null, next });

/** Where every workflow of the interview ends when a step failed after its retries. */
export const failState = (error: string): State => ({ Type: "Fail", Error: error, Cause: "A step failed after its retries; the error is recorded on the candidate's timeline." });

/**
 * One of the interview's short workflows (change notice, priority SLA, scheduling link), in
 * statemachines/interview-<name in kebab case>.asl.json. `name` also names the ending every one of
 * them shares: `<name>Ended` when it went through, and the failure tail: `Record<name>Failure` records
 * the error with the `recorder` operation on the candidate's timeline (about `ref`, default the
 * candidate), then `Fail<name>` fails the run with `Interview<name>Failed`. `states` gets the
 * recorder's name (the catch-all target of its steps) and `outcome`, the step that records how the
 * run ended for the application and goes to `<name>Ended`.
 */
export function interviewWorkflow(w: {
  name: string;
  comment: string;
  startAt: string;
  /** The run's own bound: the longest wait it has, with room. */
  timeoutSeconds: number;
  recorder: string;
  ref?: Record<string, string>;
  states: (failed: string, outcome: (outcome: string) => State) => Record<string, State>;
}): Workflow {
  const failed = `Record${w.name}Failure`;
  const fail = `Fail${w.name}`;
  const ended = `${w.name}Ended`;
  const file = `statemachines/interview-${w.name.replace(/[A-Z]/g, (c, i: number) => (i ? "-" : "") + c.toLowerCase())}.asl.json`;
  const states = w.states(failed, (outcome) => recordApplicationOutcome(failed, w.recorder, outcome, ended));
  return {
    file,
    definition: {
      Comment: `${w.comment} Every error is caught into $.error and recorded before the execution fails.`,
      StartAt: w.startAt,
      TimeoutSeconds: w.timeoutSeconds,
      States: { ...states, [ended]: { Type: "Succeed" }, [failed]: recordFailure(w.recorder, w.ref ?? { "candidateId.$": "$.candidateId" }, fail), [fail]: failState(`Interview${w.name}Failed`) },
    },
  };
}
