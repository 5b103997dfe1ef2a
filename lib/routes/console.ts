// HR console rows: server-rendered pages (zh-CN/en) for the same Cognito users, signed in through managed
// login with a cookie session. Function: TalentApi (the import form posts to TalentFiles).
import { CALLBACK_PATH, LOGIN_PATH, LOGOUT_PATH } from "../../lambdas/core/access/console-login.js";
import { OPERATORS, READERS } from "../../lambdas/core/access/roles.js";
import * as z from "../../lambdas/core/shared/zod.js";
import { SearchQuery } from "../../lambdas/core/talent/talent-search.js";
import { LogCallInput } from "../../lambdas/core/talent/calls.js";
import { BestTimeQuery } from "../../lambdas/core/talent/talent-views.js";
import { BulkTalentChangeBody } from "../../lambdas/core/talent/bulk-changes.js";
import { ExperimentDefinition } from "../../lambdas/core/talent/experiments.js";
import { SEARCH_SORTS } from "../../lambdas/pages/console/search-sort.js";
import { RequisitionForm } from "../../lambdas/core/requisitions/requisitions.js";
import { ScreenOverrideBody } from "../../lambdas/core/screening/screen-override.js";
import { TalentChange } from "../../lambdas/core/talent/talent.js";
import { PreferencesChange } from "../../lambdas/core/preferences/preferences-model.js";
import { CancelTaskBody, CloseTaskBody, ListTasksQuery } from "../../lambdas/core/tasks/task-model.js";
import { ScheduleInterviewBody } from "../../lambdas/core/interview/interview-scheduling.js";
import { SchedulingLinkBody } from "../../lambdas/core/interview/scheduling-link.js";
import { OfferDraftBody } from "../../lambdas/core/offer/offer-drafts.js";
import { HiringReportQuery } from "../../lambdas/core/requisitions/hiring-report.js";
import { TeamChatBody, TeamChatTestBody } from "../../lambdas/core/outreach/chat-robots.js";
import { TeamParams } from "./hr-interviews.js";
import { TemplateTeamId } from "../../lambdas/core/outreach/template-overrides.js";
import { EDITABLE_TEMPLATES } from "../../lambdas/core/outreach/template-text.js";
import { Locale } from "../../lambdas/core/shared/model.js";
import { route } from "./route-spec.js";

const fn = "TalentApi" as const;
const page = (description: string) => ({ 200: { description, contentType: "text/html" } });
const redirect = { 302: { description: "Redirect", contentType: "text/html" } };
const ExperimentParams = z.object({ experimentId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "lowercase letters, digits and -, 2 to 63 characters") });
const Lang = z.object({ lang: z.enum(["zh-CN", "en"]).optional() });
const SearchPageQuery = SearchQuery.extend({ ...Lang.shape, sort: z.enum(SEARCH_SORTS).default("recent") });

export const consoleRoutes = [
  route({ method: "GET", path: LOGIN_PATH, fn, auth: "public", operationId: "consoleLogin", summary: "Sign in to the console", description: "Redirects to Cognito managed login (authorization code with PKCE).", tags: ["Console"], responses: redirect }),
  route({ method: "GET", path: CALLBACK_PATH, fn, auth: "public", operationId: "consoleCallback", summary: "Finish signing in", description: "Managed login's redirect back: exchanges the code and sets the session cookie.", tags: ["Console"], problems: ["sign-in-expired", "sign-in-refused", "unauthenticated"], responses: redirect }),
  route({ method: "GET", path: LOGOUT_PATH, fn, auth: "public", operationId: "consoleLogout", summary: "Sign out", tags: ["Console"], responses: redirect }),
  route({ method: "GET", path: "/hr/console/search", fn, auth: "console-session", roles: READERS, operationId: "consoleSearchPage", summary: "Search page", tags: ["Console"], query: SearchPageQuery, responses: page("The search page: results sortable, selectable in bulk") }),
  route({ method: "POST", path: "/hr/console/talent/bulk-changes", fn, auth: "console-session", roles: OPERATORS, operationId: "consoleBulkTalentChange", summary: "Tag or set the status of many people", description: "The search page's bulk action: each person gets the ordinary talent change and timeline event; `batchKey` makes a retry land once.", tags: ["Console"], body: { type: "json", schema: BulkTalentChangeBody }, responses: { 200: { description: "How many changed, and who could not be" } } }),
  route({ method: "GET", path: "/hr/console/candidates/{candidateId}", fn, auth: "console-session", roles: READERS, operationId: "consoleCandidatePage", summary: "Candidate page", tags: ["Console"], query: Lang, responses: page("The candidate's page") }),
  route({ method: "GET", path: "/hr/console/best-time", fn, auth: "console-session", roles: READERS, operationId: "consoleBestTimePage", summary: "Best-time page", tags: ["Console"], query: BestTimeQuery.extend(Lang.shape), responses: page("The best-time page") }),
  route({ method: "GET", path: "/hr/console/recall/{requisitionId}", fn, auth: "console-session", roles: READERS, operationId: "consoleRecallPage", summary: "Recall page", tags: ["Console"], query: Lang, responses: page("Past candidates who may fit the requisition now") }),
  route({ method: "GET", path: "/hr/console/experiments", fn, auth: "console-session", roles: READERS, operationId: "consoleExperimentsPage", summary: "Experiments page", tags: ["Console"], query: Lang, responses: page("Every outreach experiment") }),
  route({ method: "GET", path: "/hr/console/experiments/{experimentId}", fn, auth: "console-session", roles: READERS, operationId: "consoleExperimentPage", summary: "Experiment page", tags: ["Console"], query: Lang, responses: page("The experiment and its verdict") }),
  route({ method: "PUT", path: "/hr/console/experiments/{experimentId}", fn, auth: "console-session", roles: OPERATORS, operationId: "consoleSaveExperiment", summary: "Define, stop or restart an experiment from the console", description: "The experiments page's form and the experiment page's stop/restart button: the same definition and checks as PUT /hr/talent/experiments/{experimentId}. Saving an existing id replaces its definition and keeps its assignments.", tags: ["Console"], params: ExperimentParams, body: { type: "json", schema: ExperimentDefinition }, responses: { 200: { description: "The experiment" } } }),
  route({ method: "GET", path: "/hr/console/imports", fn, auth: "console-session", roles: READERS, operationId: "consoleImportsPage", summary: "Imports page", tags: ["Console"], query: Lang, responses: page("The import form") }),
  route({ method: "GET", path: "/hr/console/imports/{importId}", fn, auth: "console-session", roles: READERS, operationId: "consoleImportPage", summary: "Import page", tags: ["Console"], query: Lang, responses: page("The import's progress and rejected rows") }),
  route({ method: "POST", path: "/hr/console/candidates/{candidateId}/calls", fn, auth: "console-session", roles: OPERATORS, operationId: "consoleLogCall", summary: "Log a call from the console", description: "The candidate page's call form: the same as POST /hr/talent/candidates/{candidateId}/calls, with the session cookie and its CSRF token.", tags: ["Console"], body: { type: "json", schema: LogCallInput }, responses: { 201: { description: "The attempt" }, 200: { description: "The same attemptKey again: nothing new" } } }),
  // Any other console address: a "page not found" page in the viewer's language, behind the same sign-in.
  route({ method: "GET", path: "/hr/console/{proxy+}", fn, auth: "console-session", roles: "signed-in", operationId: "consoleNotFound", summary: "Unknown console page", tags: ["Console"], query: Lang, responses: { 404: { description: "The not-found page", contentType: "text/html" } } }),
] as const;

// The console's workflow pages: requisitions and their pipeline boards. Served by HrApi, which holds the
// requisition, screening and offer use cases; the same cookie session and roles as every console page.
const hrFn = "HrApi" as const;
const RequisitionParams = z.object({ requisitionId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "lowercase letters, digits and -, 2 to 63 characters") });

const SchedulePageQuery = Lang.extend({ applicationId: z.string().min(1), interviewerId: z.string().min(1).optional(), durationMinutes: z.coerce.number().int().min(15).max(480).default(60) });

export const consoleWorkflowRoutes = [
  route({ method: "GET", path: "/hr/console/requisitions", fn: hrFn, auth: "console-session", roles: READERS, operationId: "consoleRequisitionsPage", summary: "Requisitions page", tags: ["Console"], query: Lang, responses: page("Every requisition with its pipeline counts") }),
  route({ method: "GET", path: "/hr/console/requisitions/new", fn: hrFn, auth: "console-session", roles: OPERATORS, operationId: "consoleNewRequisitionPage", summary: "New requisition form", tags: ["Console"], query: Lang, responses: page("The requisition form, empty") }),
  route({ method: "GET", path: "/hr/console/requisitions/{requisitionId}", fn: hrFn, auth: "console-session", roles: READERS, operationId: "consoleRequisitionBoardPage", summary: "Pipeline board", description: "The requisition's applicants by stage, with counts and HR's actions.", tags: ["Console"], query: Lang, responses: page("The pipeline board") }),
  route({ method: "GET", path: "/hr/console/requisitions/{requisitionId}/edit", fn: hrFn, auth: "console-session", roles: OPERATORS, operationId: "consoleEditRequisitionPage", summary: "Edit requisition form", tags: ["Console"], query: Lang, responses: page("The requisition form with its offer policy") }),
  route({ method: "PUT", path: "/hr/console/requisitions/{requisitionId}", fn: hrFn, auth: "console-session", roles: OPERATORS, operationId: "consoleSaveRequisition", summary: "Save a requisition from the console", description: "The requisition form: the same as PUT /hr/requisitions/{requisitionId} and, when given, PUT …/offer-policy, with the session cookie and its CSRF token.", tags: ["Console"], params: RequisitionParams, body: { type: "json", schema: RequisitionForm }, responses: { 200: { description: "The requisition and its offer policy" } } }),
  route({ method: "POST", path: "/hr/console/applications/{candidateId}/{applicationId}/screen-override", fn: hrFn, auth: "console-session", roles: OPERATORS, operationId: "consoleOverrideScreen", summary: "Override a screen from the board", description: "The same as POST /hr/applications/{candidateId}/{applicationId}/screen-override.", tags: ["Console"], body: { type: "json", schema: ScreenOverrideBody }, responses: { 200: { description: "The application with HR's decision" } } }),
  route({
    method: "POST",
    path: "/hr/console/candidates/{candidateId}/changes",
    fn: hrFn,
    auth: "console-session",
    roles: READERS,
    roleRule: { describe: "evaluation and note: every HR role; other changes: admin, recruiter", rolesFor: (change: TalentChange) => (change.type === "evaluation" || change.type === "note" ? READERS : OPERATORS) },
    operationId: "consoleRecordTalentChange",
    summary: "Advance, reject or evaluate from the board",
    description: "The same as POST /hr/talent/candidates/{candidateId}/changes (a stage, a rejection with its reason, an evaluation).",
    tags: ["Console"],
    body: { type: "json", schema: TalentChange },
    responses: { 201: { description: "The timeline event and the record after it" } },
  }),
  route({ method: "GET", path: "/hr/console/tasks", fn: hrFn, auth: "console-session", roles: READERS, operationId: "consoleTasksPage", summary: "Task inbox page", description: "Every kind of task in one inbox, soonest due first: filtered by kind, state, queue and assignee, paged, closed in place.", tags: ["Console"], query: ListTasksQuery.extend(Lang.shape), responses: page("The task inbox") }),
  route({ method: "POST", path: "/hr/console/tasks/{taskId}/done", fn: hrFn, auth: "console-session", roles: OPERATORS, operationId: "consoleCompleteTask", summary: "Close a task as done from the inbox", description: "The same as POST /hr/tasks/{taskId}/done, with the session cookie and its CSRF token.", tags: ["Console"], body: { type: "json", schema: CloseTaskBody, optional: true }, responses: { 200: { description: "The closed task" }, 409: { description: "Already closed: the problem's `task` is the task as it is now" } } }),
  route({ method: "POST", path: "/hr/console/tasks/{taskId}/cancel", fn: hrFn, auth: "console-session", roles: OPERATORS, operationId: "consoleCancelTask", summary: "Cancel a task from the inbox", description: "The same as POST /hr/tasks/{taskId}/cancel.", tags: ["Console"], body: { type: "json", schema: CancelTaskBody }, responses: { 200: { description: "The cancelled task" }, 409: { description: "Already closed: the problem's `task` is the task as it is now" } } }),
  route({ method: "GET", path: "/hr/console/reports", fn: hrFn, auth: "console-session", roles: READERS, operationId: "consoleReportsPage", summary: "No-show report page", description: "Interview no-show rates by weekday × hour (the candidate's local time), by invitation channel and by whether it was opened, with counts and Wilson 95% intervals; the same rates order self-scheduling slots.", tags: ["Console"], query: Lang, responses: page("The no-show report") }),
  route({ method: "GET", path: "/hr/console/reports/hiring", fn: hrFn, auth: "console-session", roles: READERS, operationId: "consoleHiringReportPage", summary: "Hiring report page", description: "The funnel by requisition and source, time in stage (with the people waiting longest), and offer acceptance; every rate with its count and Wilson 95% interval, small samples marked. The same numbers as GET /hr/reports/hiring.", tags: ["Console"], query: HiringReportQuery.extend(Lang.shape), responses: page("The hiring report") }),
  route({ method: "GET", path: "/hr/console/settings", fn: hrFn, auth: "console-session", roles: READERS, operationId: "consoleSettingsPage", summary: "Settings page", description: "Team chat robots (admins add, change and test them), the message templates with their variables and a preview in each language, and the quiet hours and daily message cap in force.", tags: ["Console"], query: Lang.extend({ team: TeamParams.shape.teamId.optional(), tplTeam: TemplateTeamId.optional(), edit: z.enum(EDITABLE_TEMPLATES).optional(), editLang: Locale.optional() }), responses: page("The settings page") }),
  route({ method: "PUT", path: "/hr/console/teams/{teamId}/chat-robots", fn: hrFn, auth: "console-session", roles: ["admin"], operationId: "consoleSaveTeamChatRobots", summary: "Save a team's chat robots from the settings page", description: "The same as PUT /hr/teams/{teamId}/chat-robots, with the session cookie and its CSRF token.", tags: ["Console"], params: TeamParams, body: { type: "json", schema: TeamChatBody }, responses: { 200: { description: "The robots, without their credentials" } } }),
  route({ method: "POST", path: "/hr/console/teams/{teamId}/chat-robots/test", fn: hrFn, auth: "console-session", roles: ["admin"], operationId: "consoleTestTeamChatRobots", summary: "Send a test message from the settings page", description: "The same as POST /hr/teams/{teamId}/chat-robots/test: the robots in the form, saved or not.", tags: ["Console"], params: TeamParams, body: { type: "json", schema: TeamChatTestBody, optional: true }, responses: { 200: { description: "Each robot's result" } } }),
  route({ method: "GET", path: "/hr/console/candidates/{candidateId}/schedule", fn: hrFn, auth: "console-session", roles: OPERATORS, operationId: "consoleSchedulePage", summary: "Scheduling page", description: "An interviewer's published availability and free slots in the candidate's zone; book one, or send a self-scheduling link.", tags: ["Console"], query: SchedulePageQuery, responses: page("The scheduling page") }),
  route({ method: "POST", path: "/hr/console/interviews", fn: hrFn, auth: "console-session", roles: OPERATORS, operationId: "consoleScheduleInterview", summary: "Schedule an interview from the console", description: "The same as POST /hr/interviews, with the session cookie and its CSRF token.", tags: ["Console"], body: { type: "json", schema: ScheduleInterviewBody }, problems: ["slot-taken"], responses: { 201: { description: "The interview; its journey sends the invitation" } } }),
  route({ method: "POST", path: "/hr/console/candidates/{candidateId}/applications/{applicationId}/scheduling-link", fn: hrFn, auth: "console-session", roles: OPERATORS, operationId: "consoleSendSchedulingLink", summary: "Send a self-scheduling link from the console", description: "The same as POST /hr/interviews/{candidateId}/{applicationId}/scheduling-link.", tags: ["Console"], body: { type: "json", schema: SchedulingLinkBody }, responses: { 201: { description: "The link, its expiry and the execution sending it" } } }),
  route({ method: "GET", path: "/hr/console/candidates/{candidateId}/offers/{offerId}", fn: hrFn, auth: "console-session", roles: READERS, operationId: "consoleOfferPage", summary: "Offer page", description: "Draft an offer with live completeness feedback (the API's own checks), submit it, then follow the approvals, the candidate's answer and the drop-off risk with its factors. A new offer id opens an empty draft form.", tags: ["Console"], query: Lang, responses: page("The offer page") }),
  route({ method: "PUT", path: "/hr/console/candidates/{candidateId}/offers/{offerId}", fn: hrFn, auth: "console-session", roles: OPERATORS, operationId: "consoleSaveOfferDraft", summary: "Save an offer draft from the console", description: "The same as PUT /hr/candidates/{candidateId}/offers/{offerId}: the draft and every part still missing or ambiguous.", tags: ["Console"], body: { type: "json", schema: OfferDraftBody }, responses: { 200: { description: "The draft and its problems" } } }),
  route({ method: "POST", path: "/hr/console/candidates/{candidateId}/offers/{offerId}/submit", fn: hrFn, auth: "console-session", roles: OPERATORS, operationId: "consoleSubmitOffer", summary: "Submit an offer from the console", description: "The same as POST /hr/candidates/{candidateId}/offers/{offerId}/submit.", tags: ["Console"], problems: ["offer-incomplete", "offer-policy-missing"], responses: { 202: { description: "The journey started" } } }),
  route({ method: "PUT", path: "/hr/console/candidates/{candidateId}/preferences", fn: hrFn, auth: "console-session", roles: OPERATORS, operationId: "consolePutPreferences", summary: "Change preferences and consents from the candidate page", description: "The same as PUT /hr/candidates/{candidateId}/preferences; `expectedVersion` turns a concurrent edit into 409.", tags: ["Console"], body: { type: "json", schema: PreferencesChange }, responses: { 200: { description: "The record after the change" } } }),
] as const;
