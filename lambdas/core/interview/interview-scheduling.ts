// Scheduling, rescheduling, cancelling and answering interviews. Each change is one transaction
// (the interview, conditional on the version read, its calendar entry, a claim on each slot cell
// it covers, its timeline events), so an interviewer's time is booked once however many bookings
// race for it, and then handed to a journey execution, which does all the messaging with its
// retries and idempotency: a handler never sends a message itself. Every path checks the past,
// availability and quiet hours; HR may override the last two, saying why, and that is audited.
import * as z from "../shared/zod.js";
import { ConcurrentChangeError, NotFoundError, ValidationError } from "../shared/errors.js";
import { derivedId, newId } from "../shared/ids.js";
import type { InterviewStore, InterviewWorkflows } from "./interview-ports.js";
import { computeSlots, withinAvailability, withinWakingHours, type Slot } from "./interview-slots.js";
import { orderByAttendance, settleOutcome } from "./attendance.js";
import { InterviewMode, LocalizedText, type Interview, type TimelineEvent } from "../shared/model.js";
import type { Clock, HirepathStore } from "../shared/ports.js";
import { notePriorityScheduled } from "./priority-flags.js";
import { cancelTasksAbout } from "../tasks/tasks.js";
import type { TaskStore } from "../tasks/task-ports.js";
import type { QuietHours } from "../outreach/quiet-hours.js";
import { sendingRulesInForce } from "../outreach/sending-rules.js";

export interface InterviewTiming {
  followUpAfterSeconds: number;
  taskDueSeconds: number;
  firstReminderBeforeSeconds: number;
  secondReminderBeforeSeconds: number;
  outcomeGraceSeconds: number;
}

export interface SchedulingDeps {
  store: HirepathStore;
  interviews: InterviewStore;
  journeys: InterviewWorkflows;
  clock: Clock;
  timing: InterviewTiming;
  /** The inbox: a cancelled interview's open tasks are cancelled with it. */
  tasks?: TaskStore;
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
    /** HR books outside the interviewer's availability or the candidate's quiet hours on purpose, saying why (audited). */
    override: z.boolean().default(false),
    overrideReason: z.string().trim().min(3).max(500).optional(),
  })
  .strict()
  .refine((b) => (b.mode === "onsite" ? Boolean(b.location) : Boolean(b.videoUrl)), { message: "an onsite interview needs location; a video interview needs videoUrl", path: ["mode"] })
  .refine((b) => !b.override || Boolean(b.overrideReason), { message: "an override needs overrideReason", path: ["overrideReason"] });
export type ScheduleInterviewBody = z.infer<typeof ScheduleInterviewBody>;

export const RescheduleBody = z
  .object({ startsAt: z.iso.datetime({ offset: true }), expectedVersion: z.number().int().positive().optional(), override: z.boolean().default(false), overrideReason: z.string().trim().min(3).max(500).optional() })
  .strict()
  .refine((b) => !b.override || Boolean(b.overrideReason), { message: "an override needs overrideReason", path: ["overrideReason"] });
export const CancelBody = z.object({ reason: z.string().max(500).optional() }).strict();
export const OutcomeBody = z.object({ outcome: z.enum(["attended", "no-show"]) }).strict();

function executionInput(interview: Interview, timing: InterviewTiming, change: "scheduled" | "rescheduled" | "cancelled" | "declined") {
  return {
    candidateId: interview.candidateId,
    applicationId: interview.applicationId,
    interviewId: interview.interviewId,
    version: interview.version,
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
    },
  };
}

/** Another booking holds part of the time asked for (the loser of two bookings at once). 409, with the open slots. */
export class SlotUnavailableError extends ConcurrentChangeError {
  constructor(
    message: string,
    readonly problemExtras: { slots: Slot[] } = { slots: [] },
  ) {
    super(message, { code: "slot-taken" });
  }
}

/** A time that cannot be booked (past, outside availability, quiet hours). 400 with the field, and the open slots. */
export class UnbookableTimeError extends ValidationError {
  constructor(
    message: string,
    issues: ReadonlyArray<{ path: string; message: string; code: string }>,
    readonly problemExtras: { slots: Slot[] } = { slots: [] },
  ) {
    super(message, issues);
  }
}

/** The slots a refused booking offers instead: what the API's 409 and 400 carry. */
async function openSlots(deps: SchedulingDeps, interviewerId: string, candidateId: string, durationMinutes: number): Promise<Slot[]> {
  return slotsFor({ interviewerId, candidateId, durationMinutes, days: 14, limit: 30 }, deps).catch(() => []);
}

/** Why a time cannot be booked: in the past, outside availability, or in the candidate's quiet hours. */
export function bookingIssues(
  range: { startsAt: string; endsAt: string },
  ctx: { now: Date; availability: readonly { startsAt: string; endsAt: string }[]; candidateTimeZone: string; quietHours: QuietHours | null; override: boolean },
): Array<{ path: string; message: string; code: string }> {
  if (Date.parse(range.startsAt) <= ctx.now.getTime()) return [{ path: "startsAt", message: "must be in the future", code: "in-the-past" }];
  if (ctx.override) return [];
  const issues: Array<{ path: string; message: string; code: string }> = [];
  if (!withinAvailability(range, ctx.availability)) {
    issues.push({ path: "startsAt", message: "outside the interviewer's availability (HR may book it with override: true and an overrideReason)", code: "outside-availability" });
  }
  if (ctx.quietHours && !withinWakingHours(new Date(range.startsAt), new Date(range.endsAt), ctx.candidateTimeZone, ctx.quietHours)) {
    issues.push({ path: "startsAt", message: `inside the candidate's quiet hours (${ctx.quietHours.start}–${ctx.quietHours.end} in ${ctx.candidateTimeZone})`, code: "quiet-hours" });
  }
  return issues;
}

function event(deps: SchedulingDeps, interview: Interview, type: string, summary: string, data: Record<string, unknown>, idParts: string[], at: string): TimelineEvent {
  return {
    eventId: derivedId(type, interview.interviewId, ...idParts),
    candidateId: interview.candidateId,
    applicationId: interview.applicationId,
    at,
    type,
    summary,
    data: { interviewId: interview.interviewId, version: interview.version, ...data },
  };
}

/** HR's explicit override of availability or quiet hours: who, why, and what it overrode, on the timeline. */
function overrideEvent(deps: SchedulingDeps, interview: Interview, actor: string, reason: string, overridden: string[], at: string): TimelineEvent {
  return event(deps, interview, "interview.availability-overridden", `${actor} booked ${interview.startsAt} outside ${overridden.join(" and ")}: ${reason}`, { by: actor, reason, overridden, startsAt: interview.startsAt }, [String(interview.version)], at);
}

async function checkBookable(deps: SchedulingDeps, interviewer: { interviewerId: string; availability: readonly { startsAt: string; endsAt: string }[] }, candidateId: string, range: { startsAt: string; endsAt: string }, override: boolean) {
  const candidate = await deps.store.getCandidate(candidateId);
  if (!candidate) throw new NotFoundError(`candidate ${candidateId} not found`);
  // The quiet hours in force now (HR's sending rules): a time the candidate will not be messaged is not one to book them for.
  const { quietHours } = await sendingRulesInForce(deps.store);
  const ctx = { now: deps.clock.now(), availability: interviewer.availability, candidateTimeZone: candidate.timeZone, quietHours };
  const issues = bookingIssues(range, { ...ctx, override });
  if (issues.length) {
    const slots = await openSlots(deps, interviewer.interviewerId, candidateId, (Date.parse(range.endsAt) - Date.parse(range.startsAt)) / 60_000);
    throw new UnbookableTimeError(`${range.startsAt} cannot be booked: ${issues.map((i) => i.message).join("; ")}`, issues, { slots });
  }
  // What an override actually overrode, for the audit.
  return bookingIssues(range, { ...ctx, override: false }).map((i) => (i.code === "quiet-hours" ? "the candidate's quiet hours" : "the interviewer's availability"));
}

export interface BookingOptions {
  /** The interview's id; by default derived from what is booked, so the same booking twice is one. */
  interviewId?: string;
  /** A single-use link's nonce, used up in the booking's own transaction. */
  linkNonce?: string;
  /** Booked by the candidate: the time they picked is confirmed. */
  confirmed?: boolean;
}

export async function scheduleInterview(body: ScheduleInterviewBody, actor: string, deps: SchedulingDeps, options: BookingOptions = {}): Promise<Interview> {
  const [application, interviewer] = await Promise.all([deps.store.getApplication(body.candidateId, body.applicationId), deps.interviews.getInterviewer(body.interviewerId)]);
  if (!application) throw new NotFoundError(`application ${body.applicationId} not found`);
  if (!interviewer) throw new NotFoundError(`interviewer ${body.interviewerId} not found`);
  const startsAt = new Date(body.startsAt);
  const endsAt = new Date(startsAt.getTime() + body.durationMinutes * 60_000);
  const range = { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
  let interviewId = options.interviewId ?? derivedId("interview", body.candidateId, body.applicationId, body.interviewerId, range.startsAt);
  const earlier = await deps.interviews.getInterview(body.candidateId, interviewId);
  // The same booking again (a retry, or the same request twice at once): finish it, whatever the clock says now.
  if (earlier && sameBooking(earlier, body, range)) return finishBooking(earlier, deps);
  // That id names an interview since moved or ended: this is a new booking of the old time.
  if (earlier) interviewId = newId(deps.clock.now().getTime());
  const overridden = await checkBookable(deps, interviewer, body.candidateId, range, body.override);
  const now = deps.clock.now().toISOString();
  const interview: Interview = {
    interviewId,
    candidateId: body.candidateId,
    applicationId: body.applicationId,
    interviewerId: body.interviewerId,
    ...range,
    mode: body.mode,
    ...(body.location ? { location: body.location } : {}),
    ...(body.mapUrl ? { mapUrl: body.mapUrl } : {}),
    ...(body.videoUrl ? { videoUrl: body.videoUrl } : {}),
    whatToBring: body.whatToBring,
    status: options.confirmed ? "confirmed" : "scheduled",
    ...(options.confirmed ? { confirmedAt: now } : {}),
    version: 1,
    recruiterEmail: body.recruiterEmail,
    ...(body.managerEmail ? { managerEmail: body.managerEmail } : {}),
    ...(body.teamId ? { teamId: body.teamId } : {}),
    createdBy: actor,
    createdAt: now,
    updatedAt: now,
  };
  const record = [
    event(deps, interview, "interview.scheduled", `Interview scheduled for ${interview.startsAt} by ${actor}`, { startsAt: interview.startsAt, by: actor }, ["1"], now),
    ...(options.confirmed ? [event(deps, interview, "interview.confirmed", `Candidate confirmed the interview at ${interview.startsAt}`, {}, ["1"], now)] : []),
    ...(body.override && overridden.length ? [overrideEvent(deps, interview, actor, body.overrideReason ?? "", overridden, now)] : []),
  ];
  const booked = await deps.interviews.bookInterview(interview, record, options.linkNonce ? { nonce: options.linkNonce, at: now, purpose: "schedule" } : undefined);
  if (!booked.ok) {
    if (booked.reason === "exists") {
      const stored = await deps.interviews.getInterview(interview.candidateId, interview.interviewId);
      if (stored && sameBooking(stored, body, range)) return finishBooking(stored, deps);
      throw new ConcurrentChangeError(`interview ${interview.interviewId} changed while booking; try again`);
    }
    if (booked.reason === "link-used") throw new ConcurrentChangeError("this booking link has already been used", { code: "link-used" });
    throw new SlotUnavailableError(`interviewer ${body.interviewerId} is already booked between ${range.startsAt} and ${range.endsAt}`, { slots: await openSlots(deps, body.interviewerId, body.candidateId, body.durationMinutes) });
  }
  return finishBooking(interview, deps);
}

function sameBooking(stored: Interview, body: { candidateId: string; applicationId: string; interviewerId: string }, range: { startsAt: string; endsAt: string }): boolean {
  return stored.version === 1 && stored.candidateId === body.candidateId && stored.applicationId === body.applicationId && stored.interviewerId === body.interviewerId && stored.startsAt === range.startsAt && stored.endsAt === range.endsAt && stored.status !== "cancelled" && stored.status !== "declined";
}

/**
 * What follows a booking's transaction, each step idempotent: the journey (named by interview and
 * version, with input derived from the interview), its ARN on the interview, the priority flag.
 */
async function finishBooking(interview: Interview, deps: SchedulingDeps): Promise<Interview> {
  const executionArn = await deps.journeys.journey.startJourney(`${interview.interviewId}-v${interview.version}`, executionInput(interview, deps.timing, interview.version === 1 ? "scheduled" : "rescheduled"));
  if (interview.executionArn !== executionArn) await deps.interviews.updateInterview(interview.candidateId, interview.interviewId, interview.version, { executionArn });
  if (interview.version === 1) await notePriorityScheduled(interview.candidateId, interview.applicationId, interview.interviewId, deps, interview.createdAt);
  return { ...interview, executionArn };
}

export async function rescheduleInterview(
  ref: { candidateId: string; interviewId: string; expectedVersion?: number },
  to: { startsAt: string; override?: boolean; overrideReason?: string },
  by: { actor: string; side: "candidate" | "hr" },
  deps: SchedulingDeps,
): Promise<Interview> {
  const current = await deps.interviews.getInterview(ref.candidateId, ref.interviewId);
  if (!current) throw new NotFoundError(`interview ${ref.interviewId} not found`);
  const startsAt = new Date(to.startsAt);
  const endsAt = new Date(startsAt.getTime() + (Date.parse(current.endsAt) - Date.parse(current.startsAt)));
  const range = { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
  // A retry of a move that went through (already at that time, one version on): finish it.
  const retried = current.startsAt === range.startsAt && current.version > 1 && (ref.expectedVersion === undefined || current.version === ref.expectedVersion + 1);
  if (retried && current.status !== "cancelled" && current.status !== "declined" && !current.outcome) return finishBooking(current, deps);
  if (ref.expectedVersion !== undefined && ref.expectedVersion !== current.version) throw new ConcurrentChangeError("this interview has changed since the link was sent");
  if (current.status === "cancelled" || current.status === "declined" || current.outcome) throw new ConcurrentChangeError(`interview ${ref.interviewId} is ${current.outcome ?? current.status}`);
  const interviewer = await deps.interviews.getInterviewer(current.interviewerId);
  const override = by.side === "hr" && to.override === true;
  const overridden = await checkBookable(deps, { interviewerId: current.interviewerId, availability: interviewer?.availability ?? [] }, current.candidateId, range, override);
  const version = current.version + 1;
  const now = deps.clock.now().toISOString();
  const patch = {
    ...range,
    version,
    // A candidate who picks the new time has confirmed it; a time HR picks still needs their yes.
    status: by.side === "candidate" ? ("confirmed" as const) : ("scheduled" as const),
    updatedAt: now,
    ...(by.side === "candidate" ? { confirmedAt: now } : {}),
  };
  const moved = { ...current, ...patch } as Interview;
  const record = [
    event(deps, moved, "interview.rescheduled", `Interview moved from ${current.startsAt} to ${moved.startsAt} by ${by.side} (${by.actor})`, { from: current.startsAt, to: moved.startsAt, by: by.actor, side: by.side }, [String(version)], now),
    ...(override && overridden.length ? [overrideEvent(deps, moved, by.actor, to.overrideReason ?? "", overridden, now)] : []),
  ];
  const outcome = await deps.interviews.moveInterview(current, patch, record);
  if (!outcome.ok) {
    if (outcome.reason === "slot-taken") {
      const slots = await openSlots(deps, current.interviewerId, current.candidateId, (Date.parse(range.endsAt) - Date.parse(range.startsAt)) / 60_000);
      throw new SlotUnavailableError(`interviewer already has an interview between ${range.startsAt} and ${range.endsAt}`, { slots });
    }
    throw new ConcurrentChangeError("the interview changed while rescheduling; try again");
  }
  return finishBooking(moved, deps);
}

export async function cancelInterview(ref: { candidateId: string; interviewId: string }, by: { actor: string; side: "candidate" | "hr"; reason?: string }, deps: SchedulingDeps): Promise<Interview> {
  const current = await deps.interviews.getInterview(ref.candidateId, ref.interviewId);
  if (!current) throw new NotFoundError(`interview ${ref.interviewId} not found`);
  const status = by.side === "candidate" ? "declined" : "cancelled";
  const change = by.side === "candidate" ? "declined" : "cancelled";
  // Already done: the same request twice changes nothing, but makes sure the notice and the task cancellations went out.
  if (current.status === status) return startNotice(current, change, by.actor, deps);
  if (current.status === "cancelled" || current.status === "declined" || current.outcome) throw new ConcurrentChangeError(`interview ${ref.interviewId} is already ${current.outcome ?? current.status}`);
  const now = deps.clock.now().toISOString();
  const patch: Partial<Interview> = by.side === "candidate" ? { status, declinedAt: now, updatedAt: now } : { status, cancelledAt: now, updatedAt: now };
  const changed = { ...current, ...patch } as Interview;
  const record = [event(deps, changed, `interview.${change}`, `Interview ${change} by ${by.side} (${by.actor})${by.reason ? `: ${by.reason}` : ""}`, { by: by.actor, side: by.side, ...(by.reason ? { reason: by.reason } : {}) }, [String(changed.version)], now)];
  if (!(await deps.interviews.releaseInterview(current, patch, record)).ok) throw new ConcurrentChangeError("the interview changed; try again");
  return startNotice(changed, change, by.actor, deps);
}

async function startNotice(interview: Interview, change: "cancelled" | "declined", actor: string, deps: SchedulingDeps): Promise<Interview> {
  await deps.journeys.changeNotice.startJourney(`${interview.interviewId}-v${interview.version}-${change}`, executionInput(interview, deps.timing, change));
  // The recruiter's tasks about this interview (call the candidate, record the outcome) are moot now.
  const changedAt = interview.cancelledAt ?? interview.declinedAt ?? interview.updatedAt;
  if (deps.tasks) await cancelTasksAbout(interview.candidateId, (t) => t.subject.interviewId === interview.interviewId, { note: `interview ${change}`, by: actor, openedBefore: changedAt }, { tasks: deps.tasks, clock: deps.clock });
  return interview;
}

export async function confirmInterview(ref: { candidateId: string; interviewId: string; version: number }, deps: Pick<SchedulingDeps, "store" | "interviews" | "clock">): Promise<Interview> {
  const current = await deps.interviews.getInterview(ref.candidateId, ref.interviewId);
  if (!current) throw new NotFoundError(`interview ${ref.interviewId} not found`);
  if (current.version !== ref.version) throw new ConcurrentChangeError("this interview has been moved; use the newest message");
  if (current.status === "confirmed") return current;
  if (current.status !== "scheduled") throw new ConcurrentChangeError(`interview is ${current.status}`);
  const now = deps.clock.now().toISOString();
  const confirmed = { ...current, status: "confirmed" as const, confirmedAt: now };
  const record = {
    eventId: derivedId("interview.confirmed", current.interviewId, String(current.version)),
    candidateId: current.candidateId,
    applicationId: current.applicationId,
    at: now,
    type: "interview.confirmed",
    summary: `Candidate confirmed the interview at ${current.startsAt}`,
    data: { interviewId: current.interviewId, version: current.version },
  };
  if (!(await deps.interviews.updateInterview(ref.candidateId, ref.interviewId, current.version, { status: "confirmed", confirmedAt: now, updatedAt: now }, [record]))) throw new ConcurrentChangeError("the interview changed; try again");
  return confirmed;
}

export async function recordInterviewOutcome(ref: { candidateId: string; interviewId: string }, outcome: "attended" | "no-show", actor: string, deps: Pick<SchedulingDeps, "store" | "interviews" | "clock">): Promise<Interview> {
  const current = await deps.interviews.getInterview(ref.candidateId, ref.interviewId);
  if (!current) throw new NotFoundError(`interview ${ref.interviewId} not found`);
  if (current.outcome === outcome) return current;
  if (current.outcome) throw new ConcurrentChangeError(`outcome already recorded as ${current.outcome}`);
  if (current.status === "cancelled" || current.status === "declined") throw new ConcurrentChangeError(`interview is ${current.status}`);
  const now = deps.clock.now().toISOString();
  const record = {
    eventId: derivedId("interview.outcome-recorded", current.interviewId),
    candidateId: current.candidateId,
    applicationId: current.applicationId,
    at: now,
    type: "interview.outcome-recorded",
    summary: `Interview outcome recorded by ${actor}: ${outcome}`,
    data: { interviewId: current.interviewId, outcome, by: actor },
  };
  if (!(await settleOutcome(current, outcome, now, [record], deps))) throw new ConcurrentChangeError("the interview changed; try again");
  return { ...current, outcome, outcomeAt: now };
}

/**
 * Free slots in the candidate's zone. In time order for HR; `order: "attendance"` (what candidates are
 * offered) puts the slots whose weekday × hour has the lowest no-show rate first (attendance.ts).
 */
export async function slotsFor(args: { interviewerId: string; candidateId: string; durationMinutes: number; days: number; limit?: number; order?: "time" | "attendance" }, deps: Pick<SchedulingDeps, "store" | "interviews" | "clock">): Promise<Slot[]> {
  const [interviewer, candidate] = await Promise.all([deps.interviews.getInterviewer(args.interviewerId), deps.store.getCandidate(args.candidateId)]);
  if (!interviewer) throw new NotFoundError(`interviewer ${args.interviewerId} not found`);
  if (!candidate) throw new NotFoundError(`candidate ${args.candidateId} not found`);
  const now = deps.clock.now();
  // At least two hours' notice: a slot starting in ten minutes is not one a candidate can make.
  const notBefore = new Date(now.getTime() + 2 * 3600_000);
  const until = new Date(now.getTime() + args.days * 86_400_000).toISOString();
  const [busy, rules] = await Promise.all([deps.interviews.busyTimes(args.interviewerId, notBefore.toISOString(), until), sendingRulesInForce(deps.store)]);
  const byAttendance = args.order === "attendance";
  const slots = computeSlots({
    interviewerId: args.interviewerId,
    availability: interviewer.availability.filter((a) => a.startsAt < until),
    busy,
    durationMinutes: args.durationMinutes,
    candidateTimeZone: candidate.timeZone,
    candidateQuietHours: rules.quietHours,
    notBefore,
    ...(args.limit && !byAttendance ? { limit: args.limit } : {}),
  });
  if (!byAttendance) return slots;
  const ordered = orderByAttendance(slots, await deps.interviews.attendanceCounts(), candidate.timeZone);
  return args.limit ? ordered.slice(0, args.limit) : ordered;
}
