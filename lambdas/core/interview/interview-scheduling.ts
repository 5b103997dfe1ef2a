// Scheduling, rescheduling, cancelling and answering interviews. Each change is written once (the
// interview item, conditional on the version read) and then handed to a journey execution, which
// does all the messaging with its retries and idempotency: a handler never sends a message itself.
import * as z from "../shared/zod.js";
import { ConcurrentChangeError, NotFoundError, ValidationError } from "../shared/errors.js";
import { derivedId, newId } from "../shared/ids.js";
import type { InterviewStore } from "./interview-ports.js";
import { computeSlots, type Slot } from "./interview-slots.js";
import { InterviewMode, LocalizedText, type Interview } from "../shared/model.js";
import type { Clock, HirepathStore, JourneyStarter } from "../shared/ports.js";
import { notePriorityScheduled } from "./priority-flags.js";

export interface InterviewTiming {
  followUpAfterSeconds: number;
  taskDueSeconds: number;
  firstReminderBeforeSeconds: number;
  secondReminderBeforeSeconds: number;
  outcomeGraceSeconds: number;
  quietHours: { start: string; end: string };
  dailyCap: number;
}

export interface SchedulingDeps {
  store: HirepathStore;
  interviews: InterviewStore;
  journeys: JourneyStarter;
  clock: Clock;
  timing: InterviewTiming;
}

export const ScheduleInterviewBody = z
  .object({
    candidateId: z.string().min(1),
    applicationId: z.string().min(1),
    interviewerId: z.string().min(1),
    startsAt: z.iso.datetime({ offset: true }),
    durationMinutes: z.number().int().min(15).max(480).default(60),
    mode: InterviewMode,
    location: z.string().min(1).optional(),
    mapUrl: z.url().optional(),
    videoUrl: z.url().optional(),
    whatToBring: LocalizedText.default({}),
    recruiterEmail: z.email(),
    managerEmail: z.email().optional(),
    teamId: z.string().min(1).optional(),
  })
  .strict()
  .refine((b) => (b.mode === "onsite" ? Boolean(b.location) : Boolean(b.videoUrl)), { message: "an onsite interview needs location; a video interview needs videoUrl", path: ["mode"] });
export type ScheduleInterviewBody = z.infer<typeof ScheduleInterviewBody>;

export const RescheduleBody = z.object({ startsAt: z.iso.datetime({ offset: true }), expectedVersion: z.number().int().positive().optional() }).strict();
export const CancelBody = z.object({ reason: z.string().max(500).optional() }).strict();
export const OutcomeBody = z.object({ outcome: z.enum(["attended", "no-show"]) }).strict();

function executionInput(interview: Interview, timing: InterviewTiming, kind: "invitation" | "notice", change: "scheduled" | "rescheduled" | "cancelled" | "declined") {
  return {
    candidateId: interview.candidateId,
    applicationId: interview.applicationId,
    interviewId: interview.interviewId,
    version: interview.version,
    kind,
    change,
    invitationTemplate: change === "rescheduled" ? "interview-rescheduled" : "interview-scheduled",
    // A cancellation by HR is told to the candidate; a decline came from the candidate, so only staff hear of it.
    noticeTemplate: change === "cancelled" ? "interview-cancelled" : "none",
    config: {
      followUpAfterSeconds: timing.followUpAfterSeconds,
      taskDueSeconds: timing.taskDueSeconds,
      firstReminderBeforeSeconds: timing.firstReminderBeforeSeconds,
      secondReminderBeforeSeconds: timing.secondReminderBeforeSeconds,
      outcomeGraceSeconds: timing.outcomeGraceSeconds,
      policy: { quietHours: timing.quietHours, dailyCap: timing.dailyCap },
    },
  };
}

async function assertFree(deps: SchedulingDeps, interviewerId: string, startsAt: string, endsAt: string): Promise<void> {
  const busy = await deps.interviews.busyTimes(interviewerId, startsAt, endsAt);
  if (busy.length > 0) throw new ConcurrentChangeError(`interviewer ${interviewerId} already has an interview between ${startsAt} and ${endsAt}`);
}

async function timeline(deps: SchedulingDeps, interview: Interview, type: string, summary: string, data: Record<string, unknown>, idParts: string[]) {
  await deps.store.addTimelineEvent({
    eventId: derivedId(type, interview.interviewId, ...idParts),
    candidateId: interview.candidateId,
    applicationId: interview.applicationId,
    at: deps.clock.now().toISOString(),
    type,
    summary,
    data: { interviewId: interview.interviewId, version: interview.version, ...data },
  });
}

export async function scheduleInterview(body: ScheduleInterviewBody, actor: string, deps: SchedulingDeps, interviewId: string = newId()): Promise<Interview> {
  const [application, interviewer] = await Promise.all([deps.store.getApplication(body.candidateId, body.applicationId), deps.interviews.getInterviewer(body.interviewerId)]);
  if (!application) throw new NotFoundError(`application ${body.applicationId} not found`);
  if (!interviewer) throw new NotFoundError(`interviewer ${body.interviewerId} not found`);
  const startsAt = new Date(body.startsAt);
  if (startsAt.getTime() <= deps.clock.now().getTime()) throw new ValidationError("the interview must be in the future", [{ path: "startsAt", message: "must be in the future", code: "too_small" }]);
  const endsAt = new Date(startsAt.getTime() + body.durationMinutes * 60_000);
  await assertFree(deps, body.interviewerId, startsAt.toISOString(), endsAt.toISOString());
  const now = deps.clock.now().toISOString();
  const interview = await deps.interviews.createInterview({
    interviewId,
    candidateId: body.candidateId,
    applicationId: body.applicationId,
    interviewerId: body.interviewerId,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    mode: body.mode,
    ...(body.location ? { location: body.location } : {}),
    ...(body.mapUrl ? { mapUrl: body.mapUrl } : {}),
    ...(body.videoUrl ? { videoUrl: body.videoUrl } : {}),
    whatToBring: body.whatToBring,
    status: "scheduled",
    version: 1,
    recruiterEmail: body.recruiterEmail,
    ...(body.managerEmail ? { managerEmail: body.managerEmail } : {}),
    ...(body.teamId ? { teamId: body.teamId } : {}),
    createdBy: actor,
    createdAt: now,
    updatedAt: now,
  });
  const executionArn = await deps.journeys.startJourney(`${interview.interviewId}-v1`, executionInput(interview, deps.timing, "invitation", "scheduled"));
  await deps.interviews.updateInterview(interview.candidateId, interview.interviewId, interview.version, { executionArn });
  await timeline(deps, interview, "interview.scheduled", `Interview scheduled for ${interview.startsAt} by ${actor}`, { startsAt: interview.startsAt, by: actor, executionArn }, ["1"]);
  await notePriorityScheduled(interview.candidateId, interview.applicationId, interview.interviewId, deps);
  return { ...interview, executionArn };
}

export async function rescheduleInterview(
  ref: { candidateId: string; interviewId: string; expectedVersion?: number },
  to: { startsAt: string },
  by: { actor: string; side: "candidate" | "hr" },
  deps: SchedulingDeps,
): Promise<Interview> {
  const current = await deps.interviews.getInterview(ref.candidateId, ref.interviewId);
  if (!current) throw new NotFoundError(`interview ${ref.interviewId} not found`);
  if (ref.expectedVersion !== undefined && ref.expectedVersion !== current.version) throw new ConcurrentChangeError("this interview has changed since the link was sent");
  if (current.status === "cancelled" || current.outcome) throw new ConcurrentChangeError(`interview ${ref.interviewId} is ${current.outcome ?? current.status}`);
  const startsAt = new Date(to.startsAt);
  if (startsAt.getTime() <= deps.clock.now().getTime()) throw new ValidationError("the new time must be in the future", [{ path: "startsAt", message: "must be in the future", code: "too_small" }]);
  const endsAt = new Date(startsAt.getTime() + (Date.parse(current.endsAt) - Date.parse(current.startsAt)));
  // Free the old slot first so moving within overlapping time is allowed, then check the new one.
  const busy = (await deps.interviews.busyTimes(current.interviewerId, startsAt.toISOString(), endsAt.toISOString())).filter((b) => b.startsAt !== current.startsAt);
  if (busy.length > 0) throw new ConcurrentChangeError(`interviewer already has an interview at ${startsAt.toISOString()}`);
  const version = current.version + 1;
  const now = deps.clock.now().toISOString();
  const patch: Partial<Interview> = {
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    version,
    // A candidate who picks the new time has confirmed it; a time HR picks still needs their yes.
    status: by.side === "candidate" ? "confirmed" : "scheduled",
    updatedAt: now,
    ...(by.side === "candidate" ? { confirmedAt: now } : {}),
  };
  if (!(await deps.interviews.updateInterview(ref.candidateId, ref.interviewId, current.version, patch))) throw new ConcurrentChangeError("the interview changed while rescheduling; try again");
  await deps.interviews.moveCalendarEntry(current.interviewerId, current.interviewId, current, { startsAt: patch.startsAt!, endsAt: patch.endsAt! });
  const moved = { ...current, ...patch } as Interview;
  const executionArn = await deps.journeys.startJourney(`${moved.interviewId}-v${version}`, executionInput(moved, deps.timing, "invitation", "rescheduled"));
  await deps.interviews.updateInterview(ref.candidateId, ref.interviewId, version, { executionArn });
  await timeline(deps, moved, "interview.rescheduled", `Interview moved from ${current.startsAt} to ${moved.startsAt} by ${by.side} (${by.actor})`, { from: current.startsAt, to: moved.startsAt, by: by.actor, side: by.side }, [String(version)]);
  return { ...moved, executionArn };
}

export async function cancelInterview(ref: { candidateId: string; interviewId: string }, by: { actor: string; side: "candidate" | "hr"; reason?: string }, deps: SchedulingDeps): Promise<Interview> {
  const current = await deps.interviews.getInterview(ref.candidateId, ref.interviewId);
  if (!current) throw new NotFoundError(`interview ${ref.interviewId} not found`);
  const status = by.side === "candidate" ? "declined" : "cancelled";
  if (current.status === status) return current; // already done: the same request twice changes nothing
  if (current.status === "cancelled" || current.status === "declined" || current.outcome) throw new ConcurrentChangeError(`interview ${ref.interviewId} is already ${current.outcome ?? current.status}`);
  const now = deps.clock.now().toISOString();
  const patch: Partial<Interview> = by.side === "candidate" ? { status, declinedAt: now, updatedAt: now } : { status, cancelledAt: now, updatedAt: now };
  if (!(await deps.interviews.updateInterview(ref.candidateId, ref.interviewId, current.version, patch))) throw new ConcurrentChangeError("the interview changed; try again");
  await deps.interviews.moveCalendarEntry(current.interviewerId, current.interviewId, current, undefined);
  const changed = { ...current, ...patch } as Interview;
  const change = by.side === "candidate" ? "declined" : "cancelled";
  await deps.journeys.startJourney(`${changed.interviewId}-v${changed.version}-${change}`, executionInput(changed, deps.timing, "notice", change));
  await timeline(deps, changed, `interview.${change}`, `Interview ${change} by ${by.side} (${by.actor})${by.reason ? `: ${by.reason}` : ""}`, { by: by.actor, side: by.side, ...(by.reason ? { reason: by.reason } : {}) }, [String(changed.version)]);
  return changed;
}

export async function confirmInterview(ref: { candidateId: string; interviewId: string; version: number }, deps: Pick<SchedulingDeps, "store" | "interviews" | "clock">): Promise<Interview> {
  const current = await deps.interviews.getInterview(ref.candidateId, ref.interviewId);
  if (!current) throw new NotFoundError(`interview ${ref.interviewId} not found`);
  if (current.version !== ref.version) throw new ConcurrentChangeError("this interview has been moved; use the newest message");
  if (current.status === "confirmed") return current;
  if (current.status !== "scheduled") throw new ConcurrentChangeError(`interview is ${current.status}`);
  const now = deps.clock.now().toISOString();
  if (!(await deps.interviews.updateInterview(ref.candidateId, ref.interviewId, current.version, { status: "confirmed", confirmedAt: now, updatedAt: now }))) throw new ConcurrentChangeError("the interview changed; try again");
  const confirmed = { ...current, status: "confirmed" as const, confirmedAt: now };
  await deps.store.addTimelineEvent({
    eventId: derivedId("interview.confirmed", current.interviewId, String(current.version)),
    candidateId: current.candidateId,
    applicationId: current.applicationId,
    at: now,
    type: "interview.confirmed",
    summary: `Candidate confirmed the interview at ${current.startsAt}`,
    data: { interviewId: current.interviewId, version: current.version },
  });
  return confirmed;
}

export async function recordInterviewOutcome(ref: { candidateId: string; interviewId: string }, outcome: "attended" | "no-show", actor: string, deps: Pick<SchedulingDeps, "store" | "interviews" | "clock">): Promise<Interview> {
  const current = await deps.interviews.getInterview(ref.candidateId, ref.interviewId);
  if (!current) throw new NotFoundError(`interview ${ref.interviewId} not found`);
  if (current.outcome === outcome) return current;
  if (current.outcome) throw new ConcurrentChangeError(`outcome already recorded as ${current.outcome}`);
  if (current.status === "cancelled" || current.status === "declined") throw new ConcurrentChangeError(`interview is ${current.status}`);
  const now = deps.clock.now().toISOString();
  if (!(await deps.interviews.updateInterview(ref.candidateId, ref.interviewId, current.version, { outcome, outcomeAt: now, updatedAt: now }))) throw new ConcurrentChangeError("the interview changed; try again");
  await deps.store.addTimelineEvent({
    eventId: derivedId("interview.outcome-recorded", current.interviewId),
    candidateId: current.candidateId,
    applicationId: current.applicationId,
    at: now,
    type: "interview.outcome-recorded",
    summary: `Interview outcome recorded by ${actor}: ${outcome}`,
    data: { interviewId: current.interviewId, outcome, by: actor },
  });
  return { ...current, outcome, outcomeAt: now };
}

export async function slotsFor(args: { interviewerId: string; candidateId: string; durationMinutes: number; days: number; limit?: number }, deps: Pick<SchedulingDeps, "store" | "interviews" | "clock">): Promise<Slot[]> {
  const [interviewer, candidate] = await Promise.all([deps.interviews.getInterviewer(args.interviewerId), deps.store.getCandidate(args.candidateId)]);
  if (!interviewer) throw new NotFoundError(`interviewer ${args.interviewerId} not found`);
  if (!candidate) throw new NotFoundError(`candidate ${args.candidateId} not found`);
  const now = deps.clock.now();
  // At least two hours' notice: a slot starting in ten minutes is not one a candidate can make.
  const notBefore = new Date(now.getTime() + 2 * 3600_000);
  const until = new Date(now.getTime() + args.days * 86_400_000).toISOString();
  const busy = await deps.interviews.busyTimes(args.interviewerId, notBefore.toISOString(), until);
  return computeSlots({
    interviewerId: args.interviewerId,
    availability: interviewer.availability.filter((a) => a.startsAt < until),
    busy,
    durationMinutes: args.durationMinutes,
    candidateTimeZone: candidate.timeZone,
    notBefore,
    ...(args.limit ? { limit: args.limit } : {}),
  });
}
