// HrApi: the console's workflow pages and their forms (rows in lib/routes/console.ts,
// consoleWorkflowRoutes). The router has verified the cookie session, its CSRF token on writes, and the
// roles; each route calls the same use case as its HR API twin.
import { saveRequisition } from "../../core/requisitions/requisitions.js";
import { requisitionPipeline } from "../../core/requisitions/pipeline.js";
import { overrideScreen } from "../../core/screening/screen-override.js";
import { setOfferPolicy } from "../../core/offer/offer-drafts.js";
import { recordTalentChange } from "../../core/talent/talent.js";
import { changePreferences } from "../../core/preferences/preferences.js";
import { OPERATORS } from "../../core/access/roles.js";
import { listTasks } from "../../core/tasks/tasks.js";
import { cancelTaskByHr, completeTask } from "../../core/tasks/complete-task.js";
import { tasksPage } from "../../pages/console/task-pages.js";
import { noShowReportPage } from "../../pages/console/report-pages.js";
import { hiringReportPage } from "../../pages/console/hiring-report-page.js";
import { settingsPage } from "../../pages/console/settings-page.js";
import { templateCatalog } from "../../core/outreach/template-catalog.js";
import { listTemplateSettings, previewTemplateText, templateSetting, DEFAULT_TEMPLATE_TEAM } from "../../core/outreach/template-overrides.js";
import type { TemplateName } from "../../core/outreach/templates.js";
import type { Locale } from "../../core/shared/model.js";
import { configureTeamChat, listTeamChats, LOCAL_CHAT_ROBOT_SECRET, testTeamChat } from "../../core/outreach/chat-robots.js";
import { chatTestDeps } from "../outreach-deps.js";
import { readHiringReport } from "../../core/requisitions/hiring-report.js";
import { noShowReport } from "../../core/interview/attendance.js";
import { scheduleInterview, slotsFor } from "../../core/interview/interview-scheduling.js";
import { sendingRulesSetting } from "../../core/outreach/sending-rules.js";
import { sendSchedulingLink } from "../../core/interview/scheduling-link.js";
import { draftOffer, offerReview, submitOffer } from "../../core/offer/offer-drafts.js";
import { offerProblems } from "../../core/offer/offer-readiness.js";
import { secretsFrom } from "../../adapters/secrets.js";
import { offerPage, schedulePage } from "../../pages/console/candidate-workflow-pages.js";
import { salaryVisible } from "../http/responses.js";
import { NotFoundError } from "../../core/shared/errors.js";
import { renderWithNonce } from "../../pages/console-pages.js";
import { boardPage, requisitionFormPage, requisitionsPage, applicantCount } from "../../pages/console/requisition-pages.js";
import { talentStoreFrom } from "../../adapters/dynamo-talent-store.js";
import type { consoleWorkflowRoutes } from "../../../lib/routes/console.js";
import { json } from "../lambda-handler.js";
import { found } from "../http/responses.js";
import type { RouteImplementations } from "../http/router.js";
import { consoleLocale } from "../console-session.js";
import { modelPage, sessionView } from "../console-page-response.js";
import type { HrContext } from "./hr-context.js";

const operates = (roles: readonly string[]) => roles.some((r) => OPERATORS.includes(r as never));

export const consoleWorkflowPageRoutes: RouteImplementations<typeof consoleWorkflowRoutes, HrContext> = {
  consoleRequisitionsPage: async ({ event, caller }, c) => {
    const talent = talentStoreFrom(c.env);
    const requisitions = await c.store.listRequisitions();
    const rows = await Promise.all(requisitions.map(async (requisition) => ({ requisition, ...applicantCount(await talent.search({ requisition: requisition.requisitionId, limit: 100 })) })));
    rows.sort((a, b) => (a.requisition.updatedAt < b.requisition.updatedAt ? 1 : -1));
    return modelPage(rows, (model) => renderWithNonce((nonce) => requisitionsPage(model, operates(caller.roles), consoleLocale(event), nonce, sessionView(event, caller))));
  },
  consoleNewRequisitionPage: async ({ event, caller }) => modelPage({}, (model) => renderWithNonce((nonce) => requisitionFormPage(model, consoleLocale(event), nonce, sessionView(event, caller)))),
  consoleEditRequisitionPage: async ({ params, event, caller }, c) => {
    const [requisition, offerPolicy] = await Promise.all([c.store.getRequisition(params.requisitionId), c.offers.getOfferPolicy(params.requisitionId)]);
    const existing = { requisition: found(requisition, `requisition ${params.requisitionId}`), ...(offerPolicy ? { offerPolicy } : {}) };
    return modelPage(existing, (model) => renderWithNonce((nonce) => requisitionFormPage(model, consoleLocale(event), nonce, sessionView(event, caller))));
  },
  consoleRequisitionBoardPage: async ({ params, event, caller }, c) => {
    const pipeline = await requisitionPipeline(params.requisitionId, { store: c.store, talent: talentStoreFrom(c.env) });
    return modelPage(pipeline, (model) => renderWithNonce((nonce) => boardPage(model, operates(caller.roles), consoleLocale(event), nonce, sessionView(event, caller))));
  },
  consoleSaveRequisition: async ({ params, body }, c) => {
    const requisition = await saveRequisition(params.requisitionId, body.requisition, c.requisitions());
    const offerPolicy = body.offerPolicy ? await setOfferPolicy(params.requisitionId, body.offerPolicy, c) : undefined;
    return json(200, { requisition, ...(offerPolicy ? { offerPolicy } : {}) });
  },
  consoleOverrideScreen: async ({ params, body, caller }, c) => json(200, await overrideScreen(params, body, caller.label, c.scheduling())),
  consoleRecordTalentChange: async ({ params, body, caller }, c) =>
    json(201, await recordTalentChange(params.candidateId, body, { sub: caller.label, roles: caller.roles }, { store: c.store, talent: talentStoreFrom(c.env), preferences: c.preferences, clock: c.clock })),
  consoleTasksPage: async ({ query, event, caller }, c) => {
    const page = await listTasks(query, c);
    const ids = [...new Set(page.items.map((t) => t.subject.candidateId))];
    const names = Object.fromEntries((await Promise.all(ids.map(async (id) => [id, (await c.store.getCandidate(id))?.name] as const))).filter((e): e is readonly [string, string] => Boolean(e[1])));
    const { kind, state, queue, assignee, candidateId, cursor } = query;
    const filter = { ...(kind ? { kind } : {}), ...(state ? { state } : {}), ...(queue ? { queue } : {}), ...(assignee ? { assignee } : {}), ...(candidateId ? { candidateId } : {}), ...(cursor ? { cursor } : {}) };
    const inbox = { tasks: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}), names, filter, now: c.clock.now().toISOString() };
    return modelPage(inbox, (model) => renderWithNonce((nonce) => tasksPage(model, operates(caller.roles), consoleLocale(event), nonce, sessionView(event, caller))));
  },
  consoleCompleteTask: async ({ params, body, caller }, c) => json(200, await completeTask(params.taskId, body, caller.label, c)),
  consoleCancelTask: async ({ params, body, caller }, c) => json(200, await cancelTaskByHr(params.taskId, body, caller.label, c)),
  consoleReportsPage: async ({ event, caller }, c) => {
    const report = noShowReport(await c.scheduling().interviews.attendanceCounts());
    return modelPage(report, (model) => renderWithNonce((nonce) => noShowReportPage(model, consoleLocale(event), nonce, sessionView(event, caller))));
  },
  consoleHiringReportPage: async ({ query, event, caller }, c) => {
    const report = await readHiringReport(query, c);
    return modelPage(report, (model) => renderWithNonce((nonce) => hiringReportPage(model, consoleLocale(event), nonce, sessionView(event, caller))));
  },
  consoleSettingsPage: async ({ query, event, caller }, c) => {
    const { teams } = await listTeamChats({ teams: c.scheduling().interviews });
    const data = {
      teams,
      ...(query.team ? { team: query.team } : {}),
      canEdit: caller.roles.includes("admin"),
      templates: await templateSettingsView(query, caller.roles.includes("admin"), c),
      sending: { setting: await sendingRulesSetting({ rules: c.store }), canEdit: caller.roles.includes("admin") },
      // Under `npm start` the robots reach only the loopback receiver; say where it is and what it signs with.
      ...(c.env.HIREPATH_RUNTIME === "local" ? { localChat: { baseUrl: c.env.PUBLIC_BASE_URL, secret: LOCAL_CHAT_ROBOT_SECRET } } : {}),
    };
    return modelPage(data, (model) => renderWithNonce((nonce) => settingsPage(model, consoleLocale(event), nonce, sessionView(event, caller))));
  },
  consoleSaveTeamChatRobots: async ({ params, body }, c) => json(200, await configureTeamChat(params.teamId, body, { teams: c.scheduling().interviews, clock: c.clock })),
  consoleTestTeamChatRobots: async ({ params, body, caller }, c) =>
    json(200, await testTeamChat(params.teamId, body ?? {}, caller.label, chatTestDeps(c.env, c.scheduling().interviews))),
  consoleSchedulePage: async ({ params, query, event, caller }, c) => {
    const s = c.scheduling();
    const [candidate, application, interviewers] = await Promise.all([c.store.getCandidate(params.candidateId), c.store.getApplication(params.candidateId, query.applicationId), s.interviews.listInterviewers()]);
    const who = found(candidate, `candidate ${params.candidateId}`);
    const app = found(application, `application ${query.applicationId}`);
    const chosen = interviewers.find((i) => i.interviewerId === (query.interviewerId ?? interviewers[0]?.interviewerId));
    if (query.interviewerId && !chosen) throw new NotFoundError(`interviewer ${query.interviewerId} not found`);
    const [slots, requisition] = await Promise.all([chosen ? slotsFor({ interviewerId: chosen.interviewerId, candidateId: who.candidateId, durationMinutes: query.durationMinutes, days: 14, limit: 40 }, s) : [], c.store.getRequisition(app.requisitionId)]);
    const data = { candidate: who, application: app, ...(requisition ? { requisition } : {}), interviewers, ...(chosen ? { chosen } : {}), slots, durationMinutes: query.durationMinutes, recruiterEmail: caller.email ?? caller.label, now: c.clock.now().toISOString() };
    return modelPage(data, (model) => renderWithNonce((nonce) => schedulePage(model, consoleLocale(event), nonce, sessionView(event, caller))));
  },
  consoleScheduleInterview: async ({ body, caller }, c) => json(201, await scheduleInterview(body, caller.label, c.scheduling())),
  consoleSendSchedulingLink: async ({ params, body, caller }, c) => json(201, await sendSchedulingLink(params, body, caller.label, { ...c.scheduling(), secrets: secretsFrom(c.env), publicBaseUrl: c.env.PUBLIC_BASE_URL })),
  consoleOfferPage: async ({ params, event, caller }, c) => {
    const [view, requisitions, existing] = await Promise.all([c.store.getCandidateView(params.candidateId), c.store.listRequisitions(), c.offers.getOffer(params.candidateId, params.offerId)]);
    const v = found(view, `candidate ${params.candidateId}`);
    const review = existing ? await offerReview(params, c) : undefined;
    const data = { candidate: v.candidate, offerId: params.offerId, applications: v.applications, requisitions, ...(review ? { review } : {}), emptyProblems: offerProblems({}, c.clock.now()), salaryVisible: salaryVisible(caller, c.env.SALARY_VIEWER_ROLES) };
    return modelPage(data, (model) => renderWithNonce((nonce) => offerPage(model, consoleLocale(event), nonce, sessionView(event, caller))));
  },
  consoleSaveOfferDraft: async ({ params, body }, c) => json(200, await draftOffer(params, body, c)),
  consoleSubmitOffer: async ({ params }, c) => json(202, await submitOffer(params, { ...c, offerJourneys: c.offerJourneys() })),
  consolePutPreferences: async ({ params, body, caller }, c) => json(200, await changePreferences(params.candidateId, body, { sub: caller.label }, c)),
};

/** The settings page's templates: the code's catalogue, a team's versions, and the one being edited with its preview. */
async function templateSettingsView(query: { tplTeam?: string; edit?: TemplateName; editLang?: Locale }, canEdit: boolean, c: HrContext) {
  const deps = c.templates();
  const teamId = query.tplTeam ?? DEFAULT_TEMPLATE_TEAM;
  const editing = query.edit ? await templateSetting(teamId, query.edit, query.editLang ?? "zh-CN", deps) : undefined;
  return {
    teamId,
    canEdit,
    catalog: templateCatalog(),
    overview: await listTemplateSettings(teamId, deps),
    ...(editing ? { editing: { ...editing, preview: previewTemplateText({ template: editing.template, locale: editing.locale, email: editing.email ?? editing.defaults.email, sms: editing.sms ?? editing.defaults.sms }, deps.config) } } : {}),
  };
}
