// Steps of the interview-scheduling-link machine (statemachines/interview-scheduling-link.asl.json): send the candidate their signed,
// single-use self-scheduling link by their preferred channel, within quiet hours and the daily cap.
import * as z from "../shared/zod.js";
import { NotFoundError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import type { Clock, HirepathStore } from "../shared/ports.js";
import { planHeldMessage } from "../outreach/held-messages.js";

export const SchedulingLinkStepInput = z.discriminatedUnion("op", [
  z.object({
    op: z.literal("plan-candidate-message"),
    candidateId: z.string().min(1),
    applicationId: z.string().min(1).optional(),
    /** Names the hold on the timeline once per execution. */
    executionId: z.string().min(1).optional(),
    /** Carried by executions started before the sending rules were HR's setting; ignored (the rules in force at plan time apply). */
    policy: z.unknown().optional(),
  }),
  z.object({
    op: z.literal("record-link-outcome"),
    candidateId: z.string().min(1),
    applicationId: z.string().min(1),
    outcome: z.enum(["sent", "unreachable", "failed"]),
    executionId: z.string().min(1),
    error: z.object({ Error: z.string(), Cause: z.string().optional() }).optional(),
  }),
]);
export type SchedulingLinkStepInput = z.infer<typeof SchedulingLinkStepInput>;

export async function runSchedulingLinkStep(input: SchedulingLinkStepInput, deps: { store: HirepathStore; clock: Clock }): Promise<Record<string, unknown>> {
  const now = deps.clock.now();
  if (input.op === "plan-candidate-message") {
    const view = await deps.store.getCandidateView(input.candidateId);
    if (!view) throw new NotFoundError(`candidate ${input.candidateId} not found`);
    const plan = await planHeldMessage(
      {
        holdKey: derivedId("scheduling-link-hold", input.executionId ?? `${input.candidateId}-${now.toISOString().slice(0, 10)}`),
        candidateId: input.candidateId,
        ...(input.applicationId ? { applicationId: input.applicationId } : {}),
        what: "Self-scheduling link",
        timeZone: view.candidate.timeZone,
      },
      deps,
    );
    return { sendAt: plan.sendAt.toISOString(), channel: view.candidate.preferredChannel, reason: plan.reason };
  }
  await deps.store.addTimelineEvent({
    eventId: derivedId("scheduling-link", input.executionId, input.outcome),
    candidateId: input.candidateId,
    applicationId: input.applicationId,
    at: now.toISOString(),
    type: "interview.scheduling-link",
    summary: `Self-scheduling link ${input.outcome}${input.error ? `: ${input.error.Error}` : ""}`,
    data: { outcome: input.outcome, ...(input.error ? { error: input.error } : {}) },
  });
  return { outcome: input.outcome };
}
