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
import { noShowReport } from "../../core/interview/attendance.js";
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
  consolePutPreferences: async ({ params, body, caller }, c) => json(200, await changePreferences(params.candidateId, body, { sub: caller.label }, c)),
};
