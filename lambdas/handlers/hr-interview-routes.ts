// The HR API's interview routes: interviewers and their availability, slots, scheduling (directly or
// by a signed self-scheduling link), rescheduling, cancelling, outcomes and recruiter tasks.
import * as z from "../core/shared/zod.js";
import type { HrApiEnv } from "../config/env.js";
import { NotFoundError } from "../core/shared/errors.js";
import { newId } from "../core/shared/ids.js";
import { cancelInterview, recordInterviewOutcome, rescheduleInterview, ScheduleInterviewBody, scheduleInterview, slotsFor } from "../core/interview/interview-scheduling.js";
import { Interviewer, InterviewMode, LocalizedText, TimeRange, type Role } from "../core/shared/model.js";
import { OPERATORS, READERS, requireRole } from "../core/access/roles.js";
import { linkUrl, signLink } from "../core/shared/signed-links.js";
import { ChatRobot } from "../core/outreach/chat-robots.js";
import { flagCandidate, PriorityFlagBody } from "../core/interview/priority-flags.js";
import { suggestInterviewers } from "../core/interview/interviewer-matching.js";
import { REASSURANCE_KINDS } from "../pages/interview-portal.js";
import { derivedId } from "../core/shared/ids.js";
import { overrideScreen, ScreenOverrideBody } from "../core/screening/screen-override.js";
import { secretsFrom } from "../adapters/secrets.js";
import { json, type HttpEvent, type Route } from "./lambda-handler.js";
import { schedulingDeps } from "./interview-deps.js";
import { parseJsonBody as parseJson, parseWith } from "./http-input.js";

const AvailabilityBody = z.object({ availability: z.array(TimeRange) }).strict();

const InterviewerBody = z
  .object({
    name: z.string().min(1),
    email: z.email(),
    title: LocalizedText.default({}),
    background: LocalizedText.default({}),
    tags: z.array(z.string().min(1)).default([]),
    availability: z.array(TimeRange).default([]),
  })
  .strict();
const SlotQuery = z.object({ candidateId: z.string().min(1), durationMinutes: z.coerce.number().int().min(15).max(480).default(60), days: z.coerce.number().int().min(1).max(60).default(14), limit: z.coerce.number().int().min(1).max(200).default(50) });
const RescheduleBody = z
  .object({ startsAt: z.iso.datetime({ offset: true }), expectedVersion: z.number().int().positive().optional(), override: z.boolean().default(false), overrideReason: z.string().trim().min(3).max(500).optional() })
  .strict()
  .refine((b) => !b.override || Boolean(b.overrideReason), { message: "an override needs overrideReason", path: ["overrideReason"] });
const CancelBody = z.object({ reason: z.string().max(500).optional() }).strict();
const TeamChatBody = z.object({ robots: z.array(ChatRobot).max(10) }).strict();
const SuggestionQuery = z.object({ applicationId: z.string().min(1), tags: z.string().optional(), limit: z.coerce.number().int().min(1).max(20).default(5) });
const ReassuranceBody = z.object({ applicationId: z.string().min(1), kind: z.enum(REASSURANCE_KINDS) }).strict();
const OutcomeBody = z.object({ outcome: z.enum(["attended", "no-show"]) }).strict();
const SchedulingLinkBody = z
  .object({
    interviewerId: z.string().min(1),
    durationMinutes: z.number().int().min(15).max(480).default(60),
    mode: InterviewMode,
    location: z.string().min(1).optional(),
    videoUrl: z.url().optional(),
    whatToBring: LocalizedText.default({}),
    recruiterEmail: z.email(),
    managerEmail: z.email().optional(),
    teamId: z.string().min(1).optional(),
    validDays: z.number().int().min(1).max(30).default(7),
  })
  .strict();

/** The self-scheduling offer travels inside the signed link, so the public route needs no extra lookup. */
export const SchedulingOffer = SchedulingLinkBody.omit({ validDays: true });

export function interviewRoutes(env: HrApiEnv, event: HttpEvent, roles: Role[], claims: Record<string, unknown> | undefined): Record<string, Route> {
  const p = event.pathParameters ?? {};
  const actor = String(claims?.email ?? claims?.sub ?? "hr");
  const deps = () => schedulingDeps(env);
  return {
    "GET /hr/interviewers": async () => {
      requireRole(roles, READERS, "listing interviewers");
      return json(200, { items: await deps().interviews.listInterviewers() });
    },
    "PUT /hr/interviewers/{interviewerId}": async () => {
      requireRole(roles, OPERATORS, "changing an interviewer");
      const body = parseWith(InterviewerBody, parseJson(event));
      const interviewer = Interviewer.parse({ ...body, interviewerId: p.interviewerId, updatedAt: deps().clock.now().toISOString() });
      await deps().interviews.putInterviewer(interviewer);
      return json(200, interviewer);
    },
    // Interviewers publish their own availability: any signed-in staff member for the interviewer
    // record carrying their own email; admins and recruiters for anyone.
    "PUT /hr/interviewers/{interviewerId}/availability": async () => {
      requireRole(roles, READERS, "publishing availability");
      const body = parseWith(AvailabilityBody, parseJson(event));
      const existing = await deps().interviews.getInterviewer(p.interviewerId!);
      if (!existing) throw new NotFoundError(`interviewer ${p.interviewerId} not found`);
      const own = typeof claims?.email === "string" && claims.email.toLowerCase() === existing.email.toLowerCase();
      if (!own) requireRole(roles, OPERATORS, "publishing another interviewer's availability");
      const interviewer = Interviewer.parse({ ...existing, availability: body.availability, updatedAt: deps().clock.now().toISOString() });
      await deps().interviews.putInterviewer(interviewer);
      return json(200, interviewer);
    },
    "GET /hr/interviewers/{interviewerId}/slots": async () => {
      requireRole(roles, READERS, "reading slots");
      const q = parseWith(SlotQuery, event.queryStringParameters ?? {});
      return json(200, { items: await slotsFor({ interviewerId: p.interviewerId!, ...q }, deps()) });
    },
    "POST /hr/interviews": async () => {
      requireRole(roles, OPERATORS, "scheduling an interview");
      const body = parseWith(ScheduleInterviewBody, parseJson(event));
      return json(201, await scheduleInterview(body, actor, deps()));
    },
    "GET /hr/interviews/{candidateId}": async () => {
      requireRole(roles, READERS, "reading interviews");
      return json(200, { items: await deps().interviews.listInterviews(p.candidateId!) });
    },
    "POST /hr/interviews/{candidateId}/{interviewId}/reschedule": async () => {
      requireRole(roles, OPERATORS, "rescheduling an interview");
      const body = parseWith(RescheduleBody, parseJson(event));
      const ref = { candidateId: p.candidateId!, interviewId: p.interviewId!, ...(body.expectedVersion ? { expectedVersion: body.expectedVersion } : {}) };
      return json(200, await rescheduleInterview(ref, { startsAt: body.startsAt, override: body.override, ...(body.overrideReason ? { overrideReason: body.overrideReason } : {}) }, { actor, side: "hr" }, deps()));
    },
    "POST /hr/interviews/{candidateId}/{interviewId}/cancel": async () => {
      requireRole(roles, OPERATORS, "cancelling an interview");
      const body = parseWith(CancelBody, event.body ? parseJson(event) : {});
      return json(200, await cancelInterview({ candidateId: p.candidateId!, interviewId: p.interviewId! }, { actor, side: "hr", ...(body.reason ? { reason: body.reason } : {}) }, deps()));
    },
    "POST /hr/interviews/{candidateId}/{interviewId}/outcome": async () => {
      requireRole(roles, [...OPERATORS, "hiring-manager"], "recording an interview outcome");
      const body = parseWith(OutcomeBody, parseJson(event));
      return json(200, await recordInterviewOutcome({ candidateId: p.candidateId!, interviewId: p.interviewId! }, body.outcome, actor, deps()));
    },
    "POST /hr/interviews/{candidateId}/{applicationId}/scheduling-link": async () => {
      requireRole(roles, OPERATORS, "sending a scheduling link");
      const body = parseWith(SchedulingLinkBody, parseJson(event));
      const d = deps();
      const application = await d.store.getApplication(p.candidateId!, p.applicationId!);
      if (!application) throw new NotFoundError(`application ${p.applicationId} not found`);
      if (!(await d.interviews.getInterviewer(body.interviewerId))) throw new NotFoundError(`interviewer ${body.interviewerId} not found`);
      const { validDays, ...offer } = body;
      const exp = Math.floor(d.clock.now().getTime() / 1000) + validDays * 86_400;
      const key = await secretsFrom(env).linkSigningKey();
      // The nonce makes the link single-use: the first booking claims it.
      const token = signLink({ p: "schedule", c: p.candidateId!, a: p.applicationId!, n: newId(), exp, o: Buffer.from(JSON.stringify(offer)).toString("base64url") }, key);
      const url = linkUrl(env.PUBLIC_BASE_URL, token);
      // The link goes to the candidate through the interview machine, so quiet hours, the daily cap
      // and send-once apply to it like to every other candidate message.
      const executionArn = await d.journeys.startJourney(`link-${derivedId("scheduling-link", token)}`, {
        kind: "scheduling-link",
        candidateId: p.candidateId!,
        applicationId: p.applicationId!,
        actionUrl: url,
        config: { policy: { quietHours: d.timing.quietHours, dailyCap: d.timing.dailyCap } },
      });
      await d.store.addTimelineEvent({
        eventId: derivedId("scheduling-link-created", token),
        candidateId: p.candidateId!,
        applicationId: p.applicationId!,
        at: d.clock.now().toISOString(),
        type: "interview.scheduling-link-created",
        summary: `Self-scheduling link sent by ${actor} (interviewer ${body.interviewerId}, valid ${validDays} days)`,
        data: { interviewerId: body.interviewerId, expiresAt: new Date(exp * 1000).toISOString(), by: actor, executionArn },
      });
      return json(201, { url, expiresAt: new Date(exp * 1000).toISOString(), executionArn });
    },
    "PUT /hr/teams/{teamId}/chat-robots": async () => {
      // Robot URLs carry their credential (key / access_token), so only admins may set or change them.
      requireRole(roles, ["admin"], "configuring a team's chat robots");
      const body = parseWith(TeamChatBody, parseJson(event));
      await deps().interviews.putTeamChat(p.teamId!, body.robots, deps().clock.now().toISOString());
      return json(200, { teamId: p.teamId, robots: body.robots.map((r) => ({ kind: r.kind, host: new URL(r.webhookUrl).host, signed: "secret" in r && Boolean(r.secret) })) });
    },
    "POST /hr/candidates/{candidateId}/priority": async () => {
      requireRole(roles, ["admin", "executive", "hiring-manager"], "flagging a candidate as priority");
      const body = parseWith(PriorityFlagBody, parseJson(event));
      const role = roles.find((r) => r === "executive" || r === "hiring-manager") ?? roles[0] ?? "admin";
      return json(201, await flagCandidate(p.candidateId!, body, { email: actor, role }, deps()));
    },
    "GET /hr/priority-flags": async () => {
      requireRole(roles, READERS, "reading priority flags");
      return json(200, { items: await deps().interviews.listOpenPriorityFlags(100) });
    },
    "GET /hr/candidates/{candidateId}/interviewer-suggestions": async () => {
      requireRole(roles, READERS, "suggesting interviewers");
      const q = parseWith(SuggestionQuery, event.queryStringParameters ?? {});
      const d = deps();
      const application = await d.store.getApplication(p.candidateId!, q.applicationId);
      if (!application) throw new NotFoundError(`application ${q.applicationId} not found`);
      const requisition = await d.store.getRequisition(application.requisitionId);
      const text = [application.resumeText ?? "", requisition?.title ?? "", ...(requisition?.screening.requiredKeywords ?? []), application.location ?? ""].join("\n");
      const extra = (q.tags ?? "").split(",").map((t) => t.trim()).filter(Boolean);
      return json(200, { items: suggestInterviewers(text, extra, await d.interviews.listInterviewers(), q.limit) });
    },
    "POST /hr/candidates/{candidateId}/reassurance": async () => {
      // "The interviewer has read your résumé", "HR confirmed your materials": shown in the portal.
      requireRole(roles, [...OPERATORS, "hiring-manager"], "posting a candidate update");
      const body = parseWith(ReassuranceBody, parseJson(event));
      const d = deps();
      if (!(await d.store.getApplication(p.candidateId!, body.applicationId))) throw new NotFoundError(`application ${body.applicationId} not found`);
      const at = d.clock.now().toISOString();
      await d.store.addTimelineEvent({
        eventId: derivedId("reassurance", p.candidateId!, body.applicationId, body.kind),
        candidateId: p.candidateId!,
        applicationId: body.applicationId,
        at,
        type: "candidate.reassurance",
        summary: `Candidate told: ${body.kind} (by ${actor})`,
        data: { kind: body.kind, by: actor },
      });
      return json(201, { kind: body.kind, at });
    },
    "POST /hr/applications/{candidateId}/{applicationId}/screen-override": async () => {
      requireRole(roles, OPERATORS, "overriding a screen decision");
      const body = parseWith(ScreenOverrideBody, parseJson(event));
      return json(200, await overrideScreen({ candidateId: p.candidateId!, applicationId: p.applicationId! }, body, actor, deps()));
    },
    "GET /hr/tasks": async () => {
      requireRole(roles, READERS, "reading tasks");
      return json(200, { items: await deps().interviews.listOpenTasks(100) });
    },
    "POST /hr/tasks/{taskId}/complete": async () => {
      requireRole(roles, OPERATORS, "completing a task");
      const d = deps();
      const task = await d.interviews.getTask(p.taskId!);
      if (!task) throw new NotFoundError(`task ${p.taskId} not found`);
      const now = d.clock.now().toISOString();
      const changed = await d.interviews.completeTask(task.taskId, actor, now);
      if (changed) {
        await d.store.addTimelineEvent({
          eventId: `task-done-${task.taskId}`,
          candidateId: task.candidateId,
          ...(task.applicationId ? { applicationId: task.applicationId } : {}),
          at: now,
          type: "task.done",
          summary: `${task.title} — done by ${actor}`,
          data: { taskId: task.taskId, by: actor },
        });
      }
      return json(200, { ...task, status: "done", ...(changed ? { doneAt: now, doneBy: actor } : {}) });
    },
  };
}
