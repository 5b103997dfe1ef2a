// Executive priority: "must interview by <time>". The flag shows to every recruiter (openTasks GSI,
// soonest deadline first) and starts an SLA run of the interview machine that, at the deadline,
// alerts the recruiter and the flagger unless an interview was scheduled. The flag, its deadline,
// who set it and when the interview was scheduled all go on the candidate's timeline (the audit trail).
import * as z from "../shared/zod.js";
import { NotFoundError, ValidationError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import type { InterviewStore, InterviewWorkflows } from "./interview-ports.js";
import type { PriorityFlag } from "../shared/model.js";
import type { Clock, HirepathStore } from "../shared/ports.js";
import type { Outreach } from "../outreach/outreach.js";
import type { ChatDelivery } from "../outreach/staff-alerts.js";

export const PriorityFlagBody = z
  .object({
    applicationId: z.string().min(1),
    mustInterviewBy: z.iso.datetime({ offset: true }),
    recruiterEmail: z.email(),
    teamId: z.string().min(1).optional(),
    note: z.string().max(500).optional(),
  })
  .strict();
export type PriorityFlagBody = z.infer<typeof PriorityFlagBody>;

export async function flagCandidate(
  candidateId: string,
  body: PriorityFlagBody,
  actor: { email: string; role: string },
  deps: { store: HirepathStore; interviews: InterviewStore; journeys: Pick<InterviewWorkflows, "prioritySla">; clock: Clock },
): Promise<PriorityFlag> {
  const now = deps.clock.now();
  const deadline = new Date(body.mustInterviewBy);
  if (deadline.getTime() <= now.getTime()) throw new ValidationError("the deadline must be in the future", [{ path: "mustInterviewBy", message: "must be in the future", code: "too_small" }]);
  if (!(await deps.store.getApplication(candidateId, body.applicationId))) throw new NotFoundError(`application ${body.applicationId} not found`);
  const flag: PriorityFlag = {
    candidateId,
    applicationId: body.applicationId,
    mustInterviewBy: deadline.toISOString(),
    flaggedBy: actor.email,
    flaggedByRole: actor.role,
    flaggedAt: now.toISOString(),
    recruiterEmail: body.recruiterEmail,
    ...(body.teamId ? { teamId: body.teamId } : {}),
    ...(body.note ? { note: body.note } : {}),
    status: "open",
  };
  await deps.interviews.putPriorityFlag(flag);
  // One SLA run per flag setting: a new deadline is a new run; the old one finds the flag changed.
  const executionArn = await deps.journeys.prioritySla.startJourney(`priority-${derivedId("priority", candidateId, body.applicationId, flag.flaggedAt)}`, {
    candidateId,
    applicationId: body.applicationId,
    mustInterviewBy: flag.mustInterviewBy,
    flaggedAt: flag.flaggedAt,
  });
  await deps.interviews.putPriorityFlag({ ...flag, executionArn });
  await deps.store.addTimelineEvent({
    eventId: derivedId("priority.flagged", candidateId, body.applicationId, flag.flaggedAt),
    candidateId,
    applicationId: body.applicationId,
    at: flag.flaggedAt,
    type: "priority.flagged",
    summary: `Flagged by ${actor.email} (${actor.role}): must interview by ${flag.mustInterviewBy}`,
    data: { mustInterviewBy: flag.mustInterviewBy, flaggedBy: actor.email, role: actor.role, recruiterEmail: body.recruiterEmail, ...(body.note ? { note: body.note } : {}) },
  });
  return { ...flag, executionArn };
}

/**
 * Called when an interview is scheduled for the application: closes the flag and notes when, with
 * its event in the same transaction. `at` is the booking's time, so a retried booking writes the same.
 */
export async function notePriorityScheduled(candidateId: string, applicationId: string, interviewId: string, deps: { store: HirepathStore; interviews: InterviewStore; clock: Clock }, at = deps.clock.now().toISOString()): Promise<void> {
  const flag = await deps.interviews.getPriorityFlag(candidateId, applicationId);
  if (!flag || flag.interviewScheduledAt) return;
  const late = Date.parse(at) > Date.parse(flag.mustInterviewBy);
  const record = {
    eventId: derivedId("priority.scheduled", candidateId, applicationId),
    candidateId,
    applicationId,
    at,
    type: "priority.scheduled",
    summary: `Flagged candidate's interview scheduled ${late ? "after" : "before"} the deadline ${flag.mustInterviewBy}`,
    data: { interviewId, mustInterviewBy: flag.mustInterviewBy, flaggedBy: flag.flaggedBy, late },
  };
  if (await deps.interviews.closePriorityFlag(candidateId, applicationId, { status: "scheduled", interviewScheduledAt: at, interviewId }, [record])) return;
  // Scheduled after a breach: the flag stays breached, but when it was scheduled is still recorded.
  await deps.interviews.noteLateScheduling(candidateId, applicationId, { interviewScheduledAt: at, interviewId }, [record]);
}

export const PriorityStepInput = z.discriminatedUnion("op", [
  z.object({ op: z.literal("check-priority"), candidateId: z.string().min(1), applicationId: z.string().min(1), flaggedAt: z.string().min(1) }),
  z.object({ op: z.literal("alert-priority-breach"), candidateId: z.string().min(1), applicationId: z.string().min(1), flaggedAt: z.string().min(1) }),
  z.object({
    op: z.literal("record-priority-outcome"),
    candidateId: z.string().min(1),
    applicationId: z.string().min(1),
    outcome: z.enum(["met", "breached", "superseded", "failed"]),
    executionId: z.string().min(1),
    error: z.object({ Error: z.string(), Cause: z.string().optional() }).optional(),
  }),
]);
export type PriorityStepInput = z.infer<typeof PriorityStepInput>;

export async function runPriorityStep(
  input: PriorityStepInput,
  deps: { store: HirepathStore; interviews: InterviewStore; outreach: Outreach; clock: Clock; chatFor?: (teamId: string) => Promise<ChatDelivery> },
): Promise<Record<string, unknown>> {
  const now = deps.clock.now().toISOString();
  if (input.op === "record-priority-outcome") {
    await deps.store.addTimelineEvent({
      eventId: derivedId("priority.outcome", input.executionId, input.outcome),
      candidateId: input.candidateId,
      applicationId: input.applicationId,
      at: now,
      type: "priority.outcome",
      summary: `Priority SLA ${input.outcome}${input.error ? `: ${input.error.Error}` : ""}`,
      data: { outcome: input.outcome, ...(input.error ? { error: input.error } : {}) },
    });
    return { outcome: input.outcome };
  }
  const flag = await deps.interviews.getPriorityFlag(input.candidateId, input.applicationId);
  if (!flag) throw new NotFoundError(`no priority flag on ${input.applicationId}`);
  // A newer flag (another deadline) has its own run.
  if (flag.flaggedAt !== input.flaggedAt) return { status: "superseded" };
  if (input.op === "check-priority") return { status: flag.interviewScheduledAt ? "met" : "breached" };

  const candidate = await deps.store.getCandidate(input.candidateId);
  await deps.interviews.closePriorityFlag(input.candidateId, input.applicationId, { status: "breached", breachedAt: now });
  const alerts = await deps.outreach.alertStaff(
    {
      key: `priority-breach#${input.candidateId}#${input.applicationId}#${flag.flaggedAt}`,
      candidateId: input.candidateId,
      applicationId: input.applicationId,
      to: [flag.recruiterEmail, flag.flaggedBy],
      subject: `[Hirepath] 优先候选人未按时安排面试 / Priority SLA missed: ${candidate?.name ?? input.candidateId}`,
      text: `${flag.flaggedBy}（${flag.flaggedByRole}）要求在 ${flag.mustInterviewBy} 前面试，至今未安排。\n${flag.flaggedBy} (${flag.flaggedByRole}) asked for an interview by ${flag.mustInterviewBy}; none is scheduled.${flag.note ? `\n${flag.note}` : ""}`,
    },
    flag.teamId && deps.chatFor ? await deps.chatFor(flag.teamId) : undefined,
  );
  await deps.store.addTimelineEvent({
    eventId: derivedId("priority.sla-breached", input.candidateId, input.applicationId, flag.flaggedAt),
    candidateId: input.candidateId,
    applicationId: input.applicationId,
    at: now,
    type: "priority.sla-breached",
    summary: `No interview by ${flag.mustInterviewBy}: alerted ${flag.recruiterEmail} and ${flag.flaggedBy}`,
    data: { mustInterviewBy: flag.mustInterviewBy, deliveries: alerts },
  });
  return { alerted: alerts.filter((a) => a.status === "sent").length };
}
