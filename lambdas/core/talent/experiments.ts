// Outreach experiments (SMS first vs call first, template A vs B, morning vs evening) per role
// family. Assignment is random (crypto) and recorded once per candidate with a conditional write,
// so asking again returns the same arm. A response counts once. Stopping refuses new assignments
// and keeps everything recorded; results show each arm's response rate and a significance test.
import { randomInt } from "node:crypto";
import * as z from "../shared/zod.js";
import { ConcurrentChangeError, NotFoundError } from "../shared/errors.js";
import { compareArms, type ExperimentVerdict } from "./ab-test.js";

export const ExperimentDefinition = z
  .object({
    name: z.string().trim().min(1).max(200),
    roleFamily: z.string().trim().min(1).max(60),
    /** Two arms, e.g. ["sms-first", "call-first"]. */
    arms: z.array(z.string().trim().min(1).max(60).regex(/^[a-z0-9-]+$/, "lowercase letters, digits and -")).length(2),
    status: z.enum(["running", "stopped"]).default("running"),
  })
  .strict();
export type ExperimentDefinition = z.infer<typeof ExperimentDefinition>;

export interface Experiment extends ExperimentDefinition {
  experimentId: string;
  assigned: Record<string, number>;
  responded: Record<string, number>;
  updatedAt: string;
}

export interface ExperimentStore {
  putExperiment(experimentId: string, definition: ExperimentDefinition, now: string): Promise<Experiment>;
  getExperiment(experimentId: string): Promise<Experiment | undefined>;
  /** Every experiment, for the console's list. */
  listExperiments(): Promise<Experiment[]>;
  /** Records the arm if the candidate has none yet; returns the arm that is recorded. */
  assign(experimentId: string, candidateId: string, arm: string, now: string): Promise<{ arm: string; created: boolean }>;
  /** Marks the candidate's assignment responded, once; returns its arm if this call marked it. */
  respond(experimentId: string, candidateId: string, now: string): Promise<string | undefined>;
}

export async function assignArm(experimentId: string, candidateId: string, store: ExperimentStore, now: string): Promise<{ arm: string; created: boolean }> {
  const experiment = await store.getExperiment(experimentId);
  if (!experiment) throw new NotFoundError(`experiment ${experimentId} not found`);
  if (experiment.status !== "running") throw new ConcurrentChangeError(`experiment ${experimentId} is stopped; no new assignments`, { code: "experiment-stopped" });
  return store.assign(experimentId, candidateId, experiment.arms[randomInt(experiment.arms.length)]!, now);
}

export function experimentResults(experiment: Experiment): ExperimentVerdict & { experimentId: string; status: string } {
  const [a, b] = experiment.arms as [string, string];
  const verdict = compareArms(
    { arm: a, assigned: experiment.assigned[a] ?? 0, responded: experiment.responded[a] ?? 0 },
    { arm: b, assigned: experiment.assigned[b] ?? 0, responded: experiment.responded[b] ?? 0 },
  );
  return { experimentId: experiment.experimentId, status: experiment.status, ...verdict };
}
