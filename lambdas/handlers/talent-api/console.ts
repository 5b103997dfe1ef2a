// TalentApi: the HR console's pages and sign-in (rows in lib/routes/console.ts). The router has verified
// the session and the role; each page reads through core and renders through pages/console-pages.ts.
import { findRecallCandidates } from "../../core/recall/recall.js";
import { bestTimeStats, experimentWithResults, talentCandidateView } from "../../core/talent/talent-views.js";
import { recordBulkTalentChange } from "../../core/talent/bulk-changes.js";
import { OPERATORS } from "../../core/access/roles.js";
import { interviewStoreFrom } from "../../adapters/interview-store.js";
import { offerStoreFrom } from "../../adapters/dynamo-offer-store.js";
import { taskStoreFrom } from "../../adapters/dynamo-task-store.js";
import { NotFoundError } from "../../core/shared/errors.js";
import { renderConsolePage, type ConsoleData } from "../../pages/console-pages.js";
import { modelPage, sessionView } from "../console-page-response.js";
import { consoleIdentityFrom } from "../../adapters/cognito-identity.js";
import { secretsFrom } from "../../adapters/secrets.js";
import type { consoleRoutes } from "../../../lib/routes/console.js";
import { json } from "../lambda-handler.js";
import { found } from "../http/responses.js";
import type { Caller, RouteImplementations } from "../http/router.js";
import type { HttpEvent } from "../lambda-handler.js";
import { consoleLocale } from "../console-session.js";
import { consoleSignIn } from "../console-sign-in.js";
import { logCallRoute } from "./talent.js";
import type { TalentContext } from "./talent-context.js";

/** A console page from its view model; the router's response middleware masks salaries in the model. */
function render(data: ConsoleData, event: HttpEvent, caller: Caller) {
  return modelPage(data, (model) => renderConsolePage(model, consoleLocale(event), sessionView(event, caller)));
}

function signIn(c: TalentContext) {
  const nowSeconds = () => Math.floor(c.deps.clock.now().getTime() / 1000);
  return consoleSignIn({ identity: consoleIdentityFrom(c.env), secrets: secretsFrom(c.env), publicBaseUrl: c.env.PUBLIC_BASE_URL, domainUrl: c.env.COGNITO_DOMAIN_URL, clientId: c.env.CONSOLE_CLIENT_ID, nowSeconds });
}

export const consolePageRoutes: RouteImplementations<typeof consoleRoutes, TalentContext> = {
  consoleLogin: async ({ event }, c) => signIn(c).login(event),
  consoleCallback: async ({ event }, c) => signIn(c).callback(event),
  consoleLogout: async (_, c) => signIn(c).logout(),
  consoleSearchPage: async ({ query: { lang: _, sort, ...query }, event, caller }, c) => {
    const [results, requisitions] = await Promise.all([c.deps.talent.search(query), c.deps.store.listRequisitions()]);
    return render({ page: "search", query, sort, results, requisitions }, event, caller);
  },
  consoleBulkTalentChange: async ({ body }, c) => json(200, await recordBulkTalentChange(body, c.actor, c.deps)),
  consoleCandidatePage: async ({ params, event, caller }, c) => {
    const interviewStore = interviewStoreFrom(c.env);
    const [view, requisitions, interviews, offers, interviewers, tasks] = await Promise.all([
      talentCandidateView(params.candidateId, c.deps),
      c.deps.store.listRequisitions(),
      interviewStore.listInterviews(params.candidateId),
      offerStoreFrom(c.env).listOffers(params.candidateId),
      interviewStore.listInterviewers(),
      // The candidate's open and escalated tasks, soonest due first (the inbox, filtered to them).
      taskStoreFrom(c.env).list({ candidateId: params.candidateId, limit: 20 }),
    ]);
    const work = { interviews, offers, tasks: tasks.items, interviewerNames: Object.fromEntries(interviewers.map((i) => [i.interviewerId, i.name])) };
    return render({ page: "candidate", view, salaryVisible: c.salaryVisible, requisitions, work, canEdit: caller.roles.some((r) => OPERATORS.includes(r)) }, event, caller);
  },
  consoleBestTimePage: async ({ query, event, caller }, c) => render({ page: "best-time", stats: await bestTimeStats(query.roleFamily, c.env.BEST_TIME_MIN_ATTEMPTS, c.deps) }, event, caller),
  consoleRecallPage: async ({ params, event, caller }, c) => {
    const requisition = found(await c.deps.store.getRequisition(params.requisitionId), `requisition ${params.requisitionId}`);
    const candidates = await findRecallCandidates(requisition, c.recallConfig(20), c.deps);
    return render({ page: "recall", requisition, candidates }, event, caller);
  },
  consoleExperimentsPage: async ({ event, caller }, c) => render({ page: "experiments", experiments: await c.deps.talent.listExperiments(), canDefine: caller.roles.some((r) => OPERATORS.includes(r)) }, event, caller),
  consoleExperimentPage: async ({ params, event, caller }, c) => render({ page: "experiment", ...(await experimentWithResults(params.experimentId, c.deps)), canDefine: caller.roles.some((r) => OPERATORS.includes(r)) }, event, caller),
  consoleSaveExperiment: async ({ params, body }, c) => json(200, await c.deps.talent.putExperiment(params.experimentId, body, c.deps.clock.now().toISOString())),
  consoleImportsPage: async ({ event, caller }) => render({ page: "imports" }, event, caller),
  consoleImportPage: async ({ params, event, caller }, c) => {
    const job = await c.deps.talent.getImportJob(params.importId);
    const rows = job ? await c.deps.talent.listImportRows(job.importId, 200, undefined, "rejected") : undefined;
    return render({ page: "imports", ...(job ? { job } : {}), ...(rows ? { rejectedRows: rows.items } : {}) }, event, caller);
  },
  consoleLogCall: logCallRoute,
  consoleNotFound: async ({ event }) => {
    throw new NotFoundError(`no console page at ${event.rawPath}`);
  },
};
