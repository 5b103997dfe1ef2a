// What staff record around an interview beyond the booking itself: a reassuring update the candidate sees
// in the portal ("the interviewer has read your résumé"). Recruiter tasks are closed in the one inbox (core/tasks).
import * as z from "../shared/zod.js";
import { NotFoundError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import type { SchedulingDeps } from "./interview-scheduling.js";

export const REASSURANCE_KINDS = ["resume-read", "materials-confirmed"] as const;
export type ReassuranceKind = (typeof REASSURANCE_KINDS)[number];

export const ReassuranceBody = z.object({ applicationId: z.string().min(1), kind: z.enum(REASSURANCE_KINDS) }).strict();
export type ReassuranceBody = z.infer<typeof ReassuranceBody>;

type Deps = Pick<SchedulingDeps, "store" | "interviews" | "clock">;

export async function postReassurance(candidateId: string, body: ReassuranceBody, actor: string, deps: Deps) {
  if (!(await deps.store.getApplication(candidateId, body.applicationId))) throw new NotFoundError(`application ${body.applicationId} not found`);
  const at = deps.clock.now().toISOString();
  await deps.store.addTimelineEvent({
    eventId: derivedId("reassurance", candidateId, body.applicationId, body.kind),
    candidateId,
    applicationId: body.applicationId,
    at,
    type: "candidate.reassurance",
    summary: `Candidate told: ${body.kind} (by ${actor})`,
    data: { kind: body.kind, by: actor },
  });
  return { kind: body.kind, at };
}
