// HR API: candidates, requisitions, dead letters, consent and re-engagement (rows in
// lib/routes/hr-candidates.ts). Each implementation calls one use case in core.
import { readHiringReport } from "../../core/requisitions/hiring-report.js";
import { listDeadLetters, replayDeadLetter } from "../../core/intake/dead-letter-replay.js";
import { saveRequisition } from "../../core/requisitions/requisitions.js";
import { overrideScreen } from "../../core/screening/screen-override.js";
import { cancelReEngagement } from "../../core/re-engagement/re-engagement.js";
import { getReEngagementPlan, recordReEngagementConsent, replanReEngagement } from "../../core/re-engagement/re-engagement-plans.js";
import { changePreferences, readPreferences } from "../../core/preferences/preferences.js";
import { recordPolicyChange } from "../../core/offer/offer-tasks.js";
import { readCandidateWithHolds } from "../../core/outreach/held-messages.js";
import type { hrCandidateRoutes } from "../../../lib/routes/hr-candidates.js";
import { json, problemResponse } from "../lambda-handler.js";
import { found } from "../http/responses.js";
import type { RouteImplementations } from "../http/router.js";
import type { HrContext } from "./hr-context.js";

export const candidateRoutes: RouteImplementations<typeof hrCandidateRoutes, HrContext> = {
  getMe: async ({ caller }) => json(200, { sub: caller.sub, email: caller.email, roles: caller.roles }),
  listCandidates: async ({ query }, c) => json(200, await c.store.listCandidates(query.limit, query.cursor)),
  getCandidate: async ({ params }, c) => json(200, found(await readCandidateWithHolds(params.candidateId, c), `candidate ${params.candidateId}`)),
  getApplication: async ({ params }, c) => json(200, found(await c.store.getApplication(params.candidateId, params.applicationId), `application ${params.applicationId}`)),
  overrideScreen: async ({ params, body, caller }, c) => json(200, await overrideScreen(params, body, caller.label, c.scheduling())),
  listRequisitions: async (_, c) => json(200, { items: await c.store.listRequisitions() }),
  getHiringReport: async ({ query }, c) => json(200, await readHiringReport(query, c)),
  putRequisition: async ({ params, body }, c) => json(200, await saveRequisition(params.requisitionId, body, c.requisitions())),
  listDeadLetters: async ({ query }, c) => json(200, await listDeadLetters(query.limit, query.cursor, c)),
  replayDeadLetter: async ({ params }, c) => {
    const outcome = await replayDeadLetter(params.deadLetterId, c.webhooks());
    if (outcome.replayed) return json(200, { deadLetterId: outcome.deadLetterId, status: "replayed", result: outcome.result });
    // The dead letter stays open: the cause is not fixed yet.
    return problemResponse({ ...outcome.problem, deadLetterId: outcome.deadLetterId, replayed: false });
  },
  getPreferences: async ({ params }, c) => json(200, await readPreferences(params.candidateId, c)),
  putPreferences: async ({ params, body, caller }, c) => json(200, await changePreferences(params.candidateId, body, { sub: caller.label }, c)),
  putConsent: async ({ params, body, caller }, c) => json(200, await recordReEngagementConsent(params.candidateId, body, caller.label, c)),
  getReEngagement: async ({ params }, c) => json(200, await getReEngagementPlan(params.candidateId, c.plans())),
  putReEngagement: async ({ params, body }, c) => json(200, await replanReEngagement(params.candidateId, body, c.plans())),
  cancelReEngagement: async ({ params }, c) => json(200, await cancelReEngagement(params.candidateId, c.plans())),
  recordPolicyChange: async ({ body }, c) => json(201, await recordPolicyChange(body, c.plans())),
};
