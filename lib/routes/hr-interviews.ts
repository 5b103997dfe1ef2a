// HR API rows for interviews: interviewers and availability, slots, scheduling (directly or by a
// self-scheduling link), changes, outcomes, priority flags, candidate updates (recruiter tasks are in the one inbox, hr-tasks.ts).
// Function: HrApi.
import { OPERATORS, READERS } from "../../lambdas/core/access/roles.js";
import { AvailabilityBody, InterviewerBody, SlotQuery, SuggestionQuery } from "../../lambdas/core/interview/interviewers.js";
import { CancelBody, OutcomeBody, RescheduleBody, ScheduleInterviewBody } from "../../lambdas/core/interview/interview-scheduling.js";
import { SchedulingLinkBody } from "../../lambdas/core/interview/scheduling-link.js";
import { PriorityFlagBody } from "../../lambdas/core/interview/priority-flags.js";
import { ReassuranceBody } from "../../lambdas/core/interview/staff-updates.js";
import { TeamChatBody } from "../../lambdas/core/outreach/chat-robots.js";
import { route } from "./route-spec.js";

const fn = "HrApi" as const;
const INTERVIEW_STAFF = [...OPERATORS, "hiring-manager"] as const;

export const hrInterviewRoutes = [
  route({ method: "GET", path: "/hr/interviewers", fn, auth: "jwt", roles: READERS, operationId: "listInterviewers", summary: "List interviewers", tags: ["Interviews"], responses: { 200: { description: "Every interviewer" } } }),
  route({ method: "PUT", path: "/hr/interviewers/{interviewerId}", fn, auth: "jwt", roles: OPERATORS, operationId: "putInterviewer", summary: "Create or change an interviewer", tags: ["Interviews"], body: { type: "json", schema: InterviewerBody }, responses: { 200: { description: "The interviewer" } } }),
  route({ method: "PUT", path: "/hr/interviewers/{interviewerId}/availability", fn, auth: "jwt", roles: READERS, operationId: "putAvailability", summary: "Publish availability", description: "Any signed-in staff member for the interviewer record with their own email; admins and recruiters for anyone.", tags: ["Interviews"], body: { type: "json", schema: AvailabilityBody }, responses: { 200: { description: "The interviewer" } } }),
  route({ method: "GET", path: "/hr/interviewers/{interviewerId}/slots", fn, auth: "jwt", roles: READERS, operationId: "listSlots", summary: "List free slots", tags: ["Interviews"], query: SlotQuery, responses: { 200: { description: "Free slots in the candidate's time zone" } } }),
  route({ method: "POST", path: "/hr/interviews", fn, auth: "jwt", roles: OPERATORS, operationId: "scheduleInterview", summary: "Schedule an interview", tags: ["Interviews"], body: { type: "json", schema: ScheduleInterviewBody }, responses: { 201: { description: "The interview; its journey sends the invitation" } } }),
  route({ method: "GET", path: "/hr/interviews/{candidateId}", fn, auth: "jwt", roles: READERS, operationId: "listInterviews", summary: "List a candidate's interviews", tags: ["Interviews"], responses: { 200: { description: "The interviews" } } }),
  route({ method: "POST", path: "/hr/interviews/{candidateId}/{interviewId}/reschedule", fn, auth: "jwt", roles: OPERATORS, operationId: "rescheduleInterview", summary: "Reschedule an interview", tags: ["Interviews"], body: { type: "json", schema: RescheduleBody }, responses: { 200: { description: "The interview at its new time" } } }),
  route({ method: "POST", path: "/hr/interviews/{candidateId}/{interviewId}/cancel", fn, auth: "jwt", roles: OPERATORS, operationId: "cancelInterview", summary: "Cancel an interview", tags: ["Interviews"], body: { type: "json", schema: CancelBody, optional: true }, responses: { 200: { description: "The cancelled interview" } } }),
  route({ method: "POST", path: "/hr/interviews/{candidateId}/{interviewId}/outcome", fn, auth: "jwt", roles: INTERVIEW_STAFF, operationId: "recordInterviewOutcome", summary: "Record an interview outcome", tags: ["Interviews"], body: { type: "json", schema: OutcomeBody }, responses: { 200: { description: "The interview with its outcome" } } }),
  route({ method: "POST", path: "/hr/interviews/{candidateId}/{applicationId}/scheduling-link", fn, auth: "jwt", roles: OPERATORS, operationId: "sendSchedulingLink", summary: "Send a self-scheduling link", tags: ["Interviews"], body: { type: "json", schema: SchedulingLinkBody }, responses: { 201: { description: "The link, its expiry and the execution sending it" } } }),
  route({ method: "PUT", path: "/hr/teams/{teamId}/chat-robots", fn, auth: "jwt", roles: ["admin"], operationId: "putTeamChatRobots", summary: "Configure a team's chat robots", description: "Robot URLs carry their credential, so only admins set them.", tags: ["Teams"], body: { type: "json", schema: TeamChatBody }, responses: { 200: { description: "The robots, without their credentials" } } }),
  route({ method: "POST", path: "/hr/candidates/{candidateId}/priority", fn, auth: "jwt", roles: ["admin", "executive", "hiring-manager"], operationId: "flagPriority", summary: "Flag a candidate as priority", tags: ["Interviews"], body: { type: "json", schema: PriorityFlagBody }, responses: { 201: { description: "The flag" } } }),
  route({ method: "GET", path: "/hr/priority-flags", fn, auth: "jwt", roles: READERS, operationId: "listPriorityFlags", summary: "List open priority flags", tags: ["Interviews"], responses: { 200: { description: "Open flags" } } }),
  route({ method: "POST", path: "/hr/candidates/{candidateId}/reassurance", fn, auth: "jwt", roles: INTERVIEW_STAFF, operationId: "postReassurance", summary: "Post a candidate update", description: "Shown in the candidate's portal: the interviewer has read the résumé, HR confirmed the materials.", tags: ["Interviews"], body: { type: "json", schema: ReassuranceBody }, responses: { 201: { description: "The update" } } }),
  route({ method: "GET", path: "/hr/candidates/{candidateId}/interviewer-suggestions", fn, auth: "jwt", roles: READERS, operationId: "suggestInterviewers", summary: "Suggest interviewers", tags: ["Interviews"], query: SuggestionQuery, responses: { 200: { description: "Interviewers whose tags match, and why" } } }),
] as const;
