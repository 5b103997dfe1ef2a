// The interview journey's steps (statemachines/interview-journey.asl.json). The machine decides the
// order; each step here reads the current interview, decides one small thing and records it. Every
// step is idempotent (ids derive from the execution and step), because Step Functions may repeat any.
import { settleOutcome } from "./attendance.js";
import * as z from "../shared/zod.js";
import { NotFoundError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import type { InterviewStore } from "./interview-ports.js";
import type { Candidate, Channel, Interview, StaffTaskKind } from "../shared/model.js";
import type { PreferenceStore } from "../preferences/preferences-ports.js";
import { effectivePreferences, statedMessageChannel } from "../preferences/preferences.js";
import { StaffTaskKind as StaffTaskKindSchema } from "../shared/model.js";
import type { Clock, HirepathStore } from "../shared/ports.js";
import { planSend } from "../outreach/quiet-hours.js";
import { sendingRulesInForce, type RulesInForce } from "../outreach/sending-rules.js";
import { planHeldMessage, recordNotSent, type HeldPlan, type HoldRequest } from "../outreach/held-messages.js";
import { messageIdFor } from "../outreach/send-once.js";
import type { ChatDelivery } from "../outreach/staff-alerts.js";
import type { Outreach } from "../outreach/outreach.js";
import { escalateTask, openTask, recordTaskAlerts } from "../tasks/tasks.js";
import type { TaskStore } from "../tasks/task-ports.js";
import { formatInZone } from "../shared/zoned-time.js";

export interface InterviewStepDeps {
  store: HirepathStore;
  interviews: InterviewStore;
  tasks: TaskStore;
  outreach: Outreach;
  clock: Clock;
  /** The team's chat robots, when the interview names a team. */
  chatFor?: (teamId: string) => Promise<ChatDelivery>;
  /** The one preference record: a channel HR or the candidate stated wins over the job board's. */
  preferences?: PreferenceStore;
  /** The hiring team's zone (STAFF_TIME_ZONE): staff emails show times in it, named. Default Asia/Shanghai. */
  staffTimeZone?: string;
}

const DEFAULT_STAFF_TIME_ZONE = "Asia/Shanghai";

function staffZone(deps: InterviewStepDeps): string {
  return deps.staffTimeZone ?? DEFAULT_STAFF_TIME_ZONE;
}

/** The interview's team chat robots, if it names a team that has any. */
async function teamChat(deps: InterviewStepDeps, interview: Interview): Promise<ChatDelivery | undefined> {
  return interview.teamId && deps.chatFor ? deps.chatFor(interview.teamId) : undefined;
}

/**
 * Executions started before the sending rules were HR's setting carry the rules of their start in the
 * step input (`policy`). Accepted so they run on, and ignored: every plan uses the rules in force when it
 * is made (core/outreach/sending-rules.ts).
 */
const LegacyPolicy = z.unknown().optional();

const Ref = { candidateId: z.string().min(1), interviewId: z.string().min(1), version: z.number().int().positive() };

export const InterviewStepInput = z.discriminatedUnion("op", [
  z.object({
    op: z.literal("plan-message"),
    ...Ref,
    channel: z.enum(["preferred", "other"]),
    previousChannel: z.enum(["email", "sms"]).optional(),
    /** A cancellation must reach the candidate before they travel: quiet hours still apply, the daily cap does not. */
    urgent: z.boolean().default(false),
    /** Which message (the send step's purpose): names the hold on the timeline, once per execution and message. */
    purpose: z.string().min(1).default("message"),
    executionId: z.string().min(1).optional(),
    policy: LegacyPolicy }),
  z.object({
    op: z.literal("plan-reminder"),
    ...Ref,
    beforeSeconds: z.number().int().positive(),
    purpose: z.string().min(1).default("reminder"),
    executionId: z.string().min(1).optional(),
    policy: LegacyPolicy,
  }),
  z.object({ op: z.literal("plan-outcome-check"), ...Ref, graceSeconds: z.number().int().nonnegative() }),
  z.object({ op: z.literal("check-response"), ...Ref, messageIds: z.array(z.string()).default([]) }),
  /** After the no-show reach-out's wait: does it still stand (the send step's key names its hold). */
  z.object({ op: z.literal("check-no-show-reach-out"), ...Ref, executionId: z.string().min(1), purpose: z.string().min(1).default("no-show") }),
  z.object({ op: z.literal("create-task"), ...Ref, applicationId: z.string().min(1), type: StaffTaskKindSchema, dueInSeconds: z.number().int().positive(), executionId: z.string().min(1) }),
  z.object({ op: z.literal("check-task"), ...Ref, taskId: z.string().min(1) }),
  z.object({ op: z.literal("escalate-task"), ...Ref, taskId: z.string().min(1) }),
  z.object({ op: z.literal("notify-staff"), ...Ref, change: z.enum(["scheduled", "rescheduled", "cancelled", "declined"]), executionId: z.string().min(1) }),
  z.object({
    op: z.literal("record-outcome"),
    ...Ref,
    applicationId: z.string().min(1),
    outcome: z.enum(["attended", "no-show", "rescheduled", "cancelled", "declined", "unrecorded", "failed"]),
    executionId: z.string().min(1),
    error: z.object({ Error: z.string(), Cause: z.string().optional() }).optional(),
  }),
]);
export type InterviewStepInput = z.infer<typeof InterviewStepInput>;

/** Where the interview stands for this execution's version. */
export type InterviewState = "pending" | "engaged" | "confirmed" | "declined" | "cancelled" | "superseded";

async function load(deps: InterviewStepDeps, candidateId: string, interviewId: string): Promise<Interview> {
  const interview = await deps.interviews.getInterview(candidateId, interviewId);
  if (!interview) throw new NotFoundError(`interview ${interviewId} not found`);
  return interview;
}

function baseState(interview: Interview, version: number): Exclude<InterviewState, "pending" | "engaged"> | undefined {
  // A reschedule bumps the version and starts a new execution; this one must not send anything more.
  if (interview.version !== version) return "superseded";
  if (interview.status === "cancelled") return "cancelled";
  if (interview.status === "declined") return "declined";
  if (interview.status === "confirmed") return "confirmed";
  return undefined;
}

const other = (c: Channel): Channel => (c === "email" ? "sms" : "email");

/** The channel to try first: the one stated in the preference record, else the profile's (the job board's). */
async function preferredChannel(candidate: Candidate, deps: InterviewStepDeps, now: Date): Promise<Channel> {
  const record = await deps.preferences?.getPreferences(candidate.candidateId);
  return statedMessageChannel(effectivePreferences(candidate, record, now)) ?? candidate.preferredChannel;
}

/** How a held message is named on the timeline, by the send step's purpose. */
const MESSAGE_WORDS: Record<string, string> = {
  invitation: "Interview invitation",
  "follow-up": "Interview follow-up",
  "reminder-1": "Day-before interview reminder",
  "reminder-2": "Interview reminder (hours before)",
  "no-show": "No-show reach-out",
  notice: "Interview change notice",
};
/** Call outcomes in which the candidate was on the line. */
const CONTACTED_BY_CALL = new Set(["reached", "call-back"]);
const words = (purpose: string) => MESSAGE_WORDS[purpose] ?? `Interview message (${purpose})`;
/** One hold event per execution and message, however often the step runs. */
const holdKey = (input: { interviewId: string; version: number; purpose: string; executionId?: string | undefined }) =>
  derivedId("interview-hold", input.executionId ?? `${input.interviewId}-v${input.version}`, input.purpose);

/**
 * When a recruiter task falls due: after its delay, but a call to confirm the interview never after
 * the interview has started (an interview booked at short notice would otherwise get its call task
 * due when it is over), and never before now.
 */
function taskDueAt(type: StaffTaskKind, now: Date, dueInSeconds: number, interview: Interview): string {
  const due = now.getTime() + dueInSeconds * 1000;
  if (type !== "call-candidate") return new Date(due).toISOString();
  return new Date(Math.max(now.getTime(), Math.min(due, Date.parse(interview.startsAt)))).toISOString();
}

/**
 * Why the daily cap must not hold this interview message (recorded on the timeline when it would
 * have): the answer to the candidate's own action, or news of a change they must have in time.
 */
function capExemption(interview: Interview, urgent: boolean): string | undefined {
  if (interview.status === "cancelled") return "it tells the candidate their interview was cancelled";
  // Confirmed before its invitation went out: the candidate booked (or moved) it themselves.
  if (interview.status === "confirmed") return "it confirms the candidate's own booking";
  return urgent ? "it tells the candidate about a change to their interview" : undefined;
}

/** A superseded, cancelled or declined interview ends the journey: its messages are not sent. */
const endsJourney = (state: InterviewState): boolean => state === "superseded" || state === "cancelled" || state === "declined";

type MessageRef = { candidateId: string; interviewId: string; version: number; purpose: string; executionId?: string | undefined };

async function loadForMessage(deps: InterviewStepDeps, input: MessageRef): Promise<{ interview: Interview; candidate: Candidate }> {
  const [interview, candidate] = await Promise.all([load(deps, input.candidateId, input.interviewId), deps.store.getCandidate(input.candidateId)]);
  if (!candidate) throw new NotFoundError(`candidate ${input.candidateId} not found`);
  return { interview, candidate };
}

/**
 * The hold request of an interview message: named by its purpose, in the candidate's zone, under
 * the sending rules in force now, and never held by the cap past the interview itself.
 */
function heldMessageInput(input: MessageRef, interview: Interview, candidate: Candidate, extra: Pick<HoldRequest, "notBefore" | "capExemptBecause" | "rules">, notice = false): HoldRequest {
  const about = { interviewId: input.interviewId };
  return {
    holdKey: holdKey(input),
    // The send step's key (statemachines/src: "<execution>#<purpose>"): its message.sent ends the hold.
    ...(input.executionId ? { executionId: input.executionId, messageKey: `${input.executionId}#${input.purpose}` } : {}),
    // A move to a newer version supersedes this execution's messages; a cancellation or decline ends
    // them too, except the change notice, which is about that very cancellation.
    endsOn: [
      { type: "interview.rescheduled", match: about, versionAbove: input.version },
      ...(notice ? [] : [{ type: "interview.cancelled", match: about }, { type: "interview.declined", match: about }]),
    ],
    candidateId: input.candidateId,
    applicationId: interview.applicationId,
    what: words(input.purpose),
    timeZone: candidate.timeZone,
    mustArriveBefore: new Date(interview.startsAt),
    ...extra,
  };
}

/** What a planning step answers the machine: when, by which channel, why, and where the interview stands. */
const planAnswer = (plan: HeldPlan, channel: Channel, state: InterviewState) => ({
  sendAt: plan.sendAt.toISOString(),
  channel,
  reason: plan.reason,
  state,
  ...(plan.capExempt ? { capExempt: plan.capExempt } : {}),
});

const staffCopy: Record<StaffTaskKind, { title: (name: string) => string }> = {
  "call-candidate": { title: (n) => `请致电候选人确认面试 / Call the candidate to confirm the interview: ${n}` },
  "record-outcome": { title: (n) => `请记录面试结果 / Record the interview outcome: ${n}` },
  "reach-out-after-no-show": { title: (n) => `候选人未到场，请联系一次 / No-show: reach out once to ${n}` },
};

export async function runInterviewStep(input: InterviewStepInput, deps: InterviewStepDeps): Promise<Record<string, unknown>> {
  const now = deps.clock.now();
  switch (input.op) {
    case "plan-message": {
      const { interview, candidate } = await loadForMessage(deps, input);
      const preferred = await preferredChannel(candidate, deps, now);
      const channel = input.channel === "preferred" ? preferred : other(input.previousChannel ?? preferred);
      const state = baseState(interview, input.version) ?? "pending";
      // A journey that ends here sends nothing: no hold to show. A change notice (urgent) is sent
      // because the interview was cancelled or declined, so only a newer version ends it.
      if (input.urgent ? state === "superseded" : endsJourney(state)) return { sendAt: now.toISOString(), channel, reason: "now", state };
      const exempt = capExemption(interview, input.urgent);
      const plan = await planHeldMessage(heldMessageInput(input, interview, candidate, exempt ? { capExemptBecause: exempt } : {}, input.urgent), deps);
      return planAnswer(plan, channel, state);
    }

    case "plan-reminder": {
      const { interview, candidate } = await loadForMessage(deps, input);
      const channel = await preferredChannel(candidate, deps, now);
      const startsAt = Date.parse(interview.startsAt);
      const due = startsAt - input.beforeSeconds * 1000;
      const target = new Date(Math.max(due, now.getTime()));
      // A reminder whose moment has passed (the interview was booked later than that) or that quiet
      // hours would push past the start is skipped: the invitation already told them. The daily cap
      // never pushes it past the start (it is exempt then, and the timeline says so).
      const rules: RulesInForce = await sendingRulesInForce(deps.store);
      const quietOnly = planSend({ now: target, timeZone: candidate.timeZone, quietHours: rules.quietHours, dailyCap: Number.MAX_SAFE_INTEGER, sentAt: [] });
      const state = baseState(interview, input.version) ?? "pending";
      const send = due >= now.getTime() - 60_000 && quietOnly.sendAt.getTime() < startsAt && !endsJourney(state);
      if (!send) return { sendAt: quietOnly.sendAt.toISOString(), send, channel, reason: quietOnly.reason, state };
      const plan = await planHeldMessage(heldMessageInput(input, interview, candidate, { notBefore: target, rules }), deps);
      return { ...planAnswer(plan, channel, state), send };
    }

    case "plan-outcome-check": {
      const interview = await load(deps, input.candidateId, input.interviewId);
      const checkAt = new Date(Math.max(Date.parse(interview.endsAt) + input.graceSeconds * 1000, now.getTime()));
      return { checkAt: checkAt.toISOString() };
    }

    case "check-response": {
      const interview = await load(deps, input.candidateId, input.interviewId);
      const state = baseState(interview, input.version);
      if (state) return { state, outcome: interview.outcome ?? "none" };
      const messages = await Promise.all(input.messageIds.map((id) => deps.store.getMessage(id)));
      const engaged = Boolean(interview.linkOpenedAt) || messages.some((m) => m && (m.openedAt || m.clickedAt));
      return { state: engaged ? "engaged" : "pending", outcome: interview.outcome ?? "none" };
    }

    case "check-no-show-reach-out": {
      // The reach-out may have waited out the candidate's night. Meanwhile HR may have moved or
      // cancelled the interview, corrected the outcome to attended, or reached the candidate by
      // phone: then it is moot, and the timeline says why instead of the candidate getting it.
      const interview = await load(deps, input.candidateId, input.interviewId);
      const state = baseState(interview, input.version);
      const outcome = interview.outcome ?? "none";
      let why: string | undefined;
      if (state && state !== "confirmed") why = state === "superseded" ? "the interview was rescheduled" : `the interview was ${state}`;
      else if (outcome !== "no-show") why = `the outcome is now ${outcome}`;
      const timeline = (await deps.store.getCandidateView(input.candidateId))?.timeline ?? [];
      if (!why) {
        const since = interview.outcomeAt ?? interview.endsAt;
        const call = timeline.find((e) => e.type === "talent.call" && e.at >= since && CONTACTED_BY_CALL.has(String(e.data?.outcome)));
        if (call) why = `a call reached the candidate (${call.summary}, ${call.at})`;
      }
      if (!why) return { send: true, state: state ?? "pending", outcome };
      const messageId = messageIdFor({ idempotencyKey: `${input.executionId}#${input.purpose}` });
      await recordNotSent({ candidateId: input.candidateId, applicationId: interview.applicationId, messageId, what: words(input.purpose) }, why, deps, timeline);
      return { send: false, state: state ?? "pending", outcome, why };
    }

    case "create-task": {
      const [interview, candidate] = await Promise.all([load(deps, input.candidateId, input.interviewId), deps.store.getCandidate(input.candidateId)]);
      const name = candidate?.name ?? input.candidateId;
      // The execution and the situation are the task's identity: a repeated step opens nothing new.
      const { task } = await openTask(
        {
          kind: "interview",
          type: input.type,
          subject: { candidateId: input.candidateId, applicationId: input.applicationId, interviewId: input.interviewId },
          title: staffCopy[input.type].title(name),
          assignee: interview.recruiterEmail,
          dueAt: taskDueAt(input.type, now, input.dueInSeconds, interview),
          // The journey escalates at the due time (check-task, escalate-task): to the manager, else the recruiter again.
          escalation: { afterDueSeconds: 0, to: interview.managerEmail ? [interview.managerEmail] : [] },
          idempotencyKey: `${input.executionId}#${input.type}`,
        },
        deps,
      );
      const taskId = task.taskId;
      if (task.alerts.length === 0) {
        const alerts = await deps.outreach.alertStaff(
          {
            key: `task#${taskId}`,
            candidateId: input.candidateId,
            applicationId: input.applicationId,
            to: [interview.recruiterEmail],
            subject: `[Hirepath] ${task.title}`,
            text: `${task.title}\n截止 / Due: ${formatInZone(task.dueAt, staffZone(deps))}\n面试 / Interview: ${formatInZone(interview.startsAt, staffZone(deps))} (${interview.interviewId})\n候选人 / Candidate: ${candidate?.name ?? ""} ${candidate?.phoneE164 ?? ""} ${candidate?.emailNorm ?? ""}`,
          },
          await teamChat(deps, interview),
        );
        await recordTaskAlerts(taskId, alerts, deps);
      }
      await deps.store.addTimelineEvent({
        eventId: derivedId("task-created", taskId),
        candidateId: input.candidateId,
        applicationId: input.applicationId,
        at: now.toISOString(),
        type: "task.created",
        summary: task.title,
        data: { taskId, type: input.type, assignee: task.assignee, dueAt: task.dueAt, interviewId: input.interviewId },
      });
      return { taskId, dueAt: task.dueAt };
    }

    case "check-task": {
      const [interview, task] = await Promise.all([load(deps, input.candidateId, input.interviewId), deps.tasks.getTask(input.taskId)]);
      if (!task) throw new NotFoundError(`task ${input.taskId} not found`);
      // A cancelled task needs no escalation either: nobody is to do it any more.
      return { taskDone: task.state === "done" || task.state === "cancelled", state: baseState(interview, input.version) ?? "pending" };
    }

    case "escalate-task": {
      const [interview, task, candidate] = await Promise.all([load(deps, input.candidateId, input.interviewId), deps.tasks.getTask(input.taskId), deps.store.getCandidate(input.candidateId)]);
      if (!task) throw new NotFoundError(`task ${input.taskId} not found`);
      if (task.state === "done" || task.state === "cancelled") return { escalated: false };
      // The task's escalation rule says who is told; the assignee hears it again either way.
      const to = [...new Set([...(task.escalation?.to ?? []), task.assignee ?? interview.recruiterEmail])];
      const alerts = await deps.outreach.alertStaff(
        {
          key: `escalation#${task.taskId}`,
          candidateId: input.candidateId,
          applicationId: interview.applicationId,
          to,
          subject: `[Hirepath] 升级：任务逾期 / Escalation: overdue task — ${candidate?.name ?? ""}`,
          text: `${task.title}\n负责人 / Assignee: ${task.assignee}\n截止 / Due: ${formatInZone(task.dueAt, staffZone(deps))}（已逾期 / overdue）\n${interview.managerEmail ? "" : "未配置上级，已提醒负责人 / No manager configured; the assignee was alerted again\n"}`,
        },
        await teamChat(deps, interview),
      );
      await escalateTask(task.taskId, deps);
      await recordTaskAlerts(task.taskId, alerts, deps);
      await deps.store.addTimelineEvent({
        eventId: derivedId("task-escalated", task.taskId),
        candidateId: input.candidateId,
        applicationId: interview.applicationId,
        at: now.toISOString(),
        type: "task.escalated",
        summary: `Overdue task escalated to ${to.join(", ")}`,
        data: { taskId: task.taskId, to, failedDeliveries: alerts.filter((a) => a.status === "failed").length },
      });
      return { escalated: true };
    }

    case "notify-staff": {
      const [interview, candidate] = await Promise.all([load(deps, input.candidateId, input.interviewId), deps.store.getCandidate(input.candidateId)]);
      const interviewer = await deps.interviews.getInterviewer(interview.interviewerId);
      const to = [interview.recruiterEmail, ...(interviewer ? [interviewer.email] : [])];
      const words = { scheduled: "面试已安排 / Interview scheduled", rescheduled: "面试已改期 / Interview rescheduled", cancelled: "面试已取消 / Interview cancelled", declined: "候选人无法参加 / Candidate declined" }[input.change];
      const alerts = await deps.outreach.alertStaff(
        {
          key: `notify#${input.executionId}#${input.change}`,
          candidateId: input.candidateId,
          applicationId: interview.applicationId,
          to,
          subject: `[Hirepath] ${words}: ${candidate?.name ?? ""}`,
          text: `${words}\n候选人 / Candidate: ${candidate?.name ?? ""}\n时间 / When: ${formatInZone(interview.startsAt, interviewer?.timeZone ?? staffZone(deps))} – ${formatInZone(interview.endsAt, interviewer?.timeZone ?? staffZone(deps))}\n${interview.mode === "video" ? interview.videoUrl ?? "" : interview.location ?? ""}`,
        },
        await teamChat(deps, interview),
      );
      await deps.store.addTimelineEvent({
        eventId: derivedId("staff-notified", input.executionId, input.change),
        candidateId: input.candidateId,
        applicationId: interview.applicationId,
        at: now.toISOString(),
        type: "staff.notified",
        summary: `${words} → ${to.join(", ")}`,
        data: { change: input.change, deliveries: alerts },
      });
      return { notified: alerts.filter((a) => a.status === "sent").length, failed: alerts.filter((a) => a.status === "failed").length };
    }

    case "record-outcome": {
      // Recording a failure must not fail on the very record that broke the step (a corrupt interview).
      const interview = await load(deps, input.candidateId, input.interviewId).catch((error: unknown) => {
        if (input.outcome === "failed") return undefined;
        throw error;
      });
      // Only this version's own ending writes the interview's outcome; a superseded run just notes it.
      const settled = input.outcome === "attended" || input.outcome === "no-show" ? input.outcome : undefined;
      if (settled && interview && interview.version === input.version && !interview.outcome) {
        await settleOutcome(interview, settled, now.toISOString(), [], deps);
      }
      await deps.store.addTimelineEvent({
        eventId: derivedId("interview-outcome", input.executionId, input.outcome),
        candidateId: input.candidateId,
        applicationId: input.applicationId,
        at: now.toISOString(),
        type: "interview.outcome",
        summary: input.error ? `Interview journey ${input.outcome}: ${input.error.Error}` : `Interview outcome: ${input.outcome}`,
        data: { interviewId: input.interviewId, version: input.version, outcome: input.outcome, ...(input.error ? { error: input.error } : {}) },
      });
      return { outcome: input.outcome };
    }
  }
}
