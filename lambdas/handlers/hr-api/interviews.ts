// HR API: interviewers, slots, scheduling, changes, outcomes, priority flags, candidate updates and
// recruiter tasks (rows in lib/routes/hr-interviews.ts).
import { cancelInterview, recordInterviewOutcome, rescheduleInterview, scheduleInterview, slotsFor } from "../../core/interview/interview-scheduling.js";
import { publishAvailability, saveInterviewer, suggestForApplication } from "../../core/interview/interviewers.js";
import { sendSchedulingLink } from "../../core/interview/scheduling-link.js";
import { noShowReport } from "../../core/interview/attendance.js";
import { flagCandidate } from "../../core/interview/priority-flags.js";
import { postReassurance } from "../../core/interview/staff-updates.js";
import { configureTeamChat, listTeamChats, testTeamChat } from "../../core/outreach/chat-robots.js";
import { chatTestDeps } from "../outreach-deps.js";
import { secretsFrom } from "../../adapters/secrets.js";
import type { hrInterviewRoutes } from "../../../lib/routes/hr-interviews.js";
import { json } from "../lambda-handler.js";
import type { RouteImplementations } from "../http/router.js";
import type { HrContext } from "./hr-context.js";

export const interviewRoutes: RouteImplementations<typeof hrInterviewRoutes, HrContext> = {
  listInterviewers: async (_, c) => json(200, { items: await c.scheduling().interviews.listInterviewers() }),
  putInterviewer: async ({ params, body }, c) => json(200, await saveInterviewer(params.interviewerId, body, c.scheduling())),
  putAvailability: async ({ params, body, caller }, c) => json(200, await publishAvailability(params.interviewerId, body, caller, c.scheduling())),
  getNoShowReport: async (_, c) => json(200, noShowReport(await c.scheduling().interviews.attendanceCounts())),
  listSlots: async ({ params, query }, c) => json(200, { items: await slotsFor({ interviewerId: params.interviewerId, ...query }, c.scheduling()) }),
  scheduleInterview: async ({ body, caller }, c) => json(201, await scheduleInterview(body, caller.label, c.scheduling())),
  listInterviews: async ({ params }, c) => json(200, { items: await c.scheduling().interviews.listInterviews(params.candidateId) }),
  rescheduleInterview: async ({ params, body, caller }, c) => {
    const ref = { ...params, ...(body.expectedVersion ? { expectedVersion: body.expectedVersion } : {}) };
    return json(200, await rescheduleInterview(ref, { startsAt: body.startsAt, override: body.override, ...(body.overrideReason ? { overrideReason: body.overrideReason } : {}) }, { actor: caller.label, side: "hr" }, c.scheduling()));
  },
  cancelInterview: async ({ params, body, caller }, c) => json(200, await cancelInterview(params, { actor: caller.label, side: "hr", ...(body.reason ? { reason: body.reason } : {}) }, c.scheduling())),
  recordInterviewOutcome: async ({ params, body, caller }, c) => json(200, await recordInterviewOutcome(params, body.outcome, caller.label, c.scheduling())),
  sendSchedulingLink: async ({ params, body, caller }, c) => json(201, await sendSchedulingLink(params, body, caller.label, { ...c.scheduling(), secrets: secretsFrom(c.env), publicBaseUrl: c.env.PUBLIC_BASE_URL })),
  putTeamChatRobots: async ({ params, body }, c) => json(200, await configureTeamChat(params.teamId, body, { teams: c.scheduling().interviews, clock: c.clock })),
  listTeamChatRobots: async (_, c) => json(200, await listTeamChats({ teams: c.scheduling().interviews })),
  testTeamChatRobots: async ({ params, body, caller }, c) => json(200, await testTeamChat(params.teamId, body ?? {}, caller.label, chatTestDeps(c.env, c.scheduling().interviews))),
  flagPriority: async ({ params, body, caller }, c) => {
    const role = caller.roles.find((r) => r === "executive" || r === "hiring-manager") ?? caller.roles[0] ?? "admin";
    return json(201, await flagCandidate(params.candidateId, body, { email: caller.label, role }, c.scheduling()));
  },
  listPriorityFlags: async (_, c) => json(200, { items: await c.scheduling().interviews.listOpenPriorityFlags(100) }),
  postReassurance: async ({ params, body, caller }, c) => json(201, await postReassurance(params.candidateId, body, caller.label, c.scheduling())),
  suggestInterviewers: async ({ params, query }, c) => json(200, { items: await suggestForApplication(params.candidateId, query, c.scheduling()) }),
};
