// TalentApi: the talent-pool API (rows in lib/routes/talent.ts). Each implementation calls one use case in core.
import { logCall } from "../../core/talent/calls.js";
import { listTasks } from "../../core/tasks/tasks.js";
import { ListTasksQuery } from "../../core/tasks/task-model.js";
import { mergeCandidates, recordTalentChange, reindexPool } from "../../core/talent/talent.js";
import { bestTimeStats, experimentWithResults, talentCandidateView } from "../../core/talent/talent-views.js";
import { assignArm } from "../../core/talent/experiments.js";
import { eraseCandidate, exportCandidate } from "../../core/privacy/erasure.js";
import { recordRecallOutcome, startRecall } from "../../core/recall/recall.js";
import type { talentRoutes } from "../../../lib/routes/talent.js";
import { json } from "../lambda-handler.js";
import type { RouteImplementations, RouteRequest } from "../http/router.js";
import type { TalentContext } from "./talent-context.js";

type LogCallRoute = (typeof talentRoutes)[3];

/** Shared with the console's call form. */
export async function logCallRoute({ params, body }: Pick<RouteRequest<LogCallRoute>, "params" | "body">, c: TalentContext) {
  const result = await logCall(params.candidateId, body, c.actor, c.callDeps());
  return json(result.duplicate ? 200 : 201, result);
}

export const talentApiRoutes: RouteImplementations<typeof talentRoutes, TalentContext> = {
  searchTalent: async ({ query }, c) => json(200, await c.deps.talent.search(query)),
  getTalentCandidate: async ({ params }, c) => json(200, await talentCandidateView(params.candidateId, c.deps)),
  recordTalentChange: async ({ params, body }, c) => json(201, await recordTalentChange(params.candidateId, body, c.actor, c.deps)),
  logCall: logCallRoute,
  exportCandidate: async ({ params }, c) => json(200, await exportCandidate(params.candidateId, c.erasureDeps())),
  eraseCandidate: async ({ params }, c) => json(200, await eraseCandidate(params.candidateId, c.actor, c.erasureDeps())),
  startRecall: async ({ params, body }, c) => {
    const started = await startRecall(params.candidateId, body, c.actor, c.recallDeps());
    return json(started.duplicate ? 200 : 201, started);
  },
  recordRecallOutcome: async ({ params, body }, c) => json(200, await recordRecallOutcome(params.candidateId, params.recallId, body, c.actor, c.deps)),
  mergeCandidates: async ({ body }, c) => json(200, await mergeCandidates(body.survivorId, body.duplicateId, c.actor, body.reason, c.deps)),
  reindexTalent: async ({ query }, c) => json(200, await reindexPool(query.limit, query.cursor, c.deps)),
  getBestTime: async ({ query }, c) => json(200, await bestTimeStats(query.roleFamily, c.env.BEST_TIME_MIN_ATTEMPTS, c.deps)),
  listCallTasks: async ({ query }, c) => json(200, await listTasks(ListTasksQuery.parse({ kind: "call", limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) }), c.deps)),
  putExperiment: async ({ params, body }, c) => json(200, await c.deps.talent.putExperiment(params.experimentId, body, c.deps.clock.now().toISOString())),
  getExperiment: async ({ params }, c) => json(200, await experimentWithResults(params.experimentId, c.deps)),
  assignExperimentArm: async ({ params, body }, c) => {
    const result = await assignArm(params.experimentId, body.candidateId, c.deps.talent, c.deps.clock.now().toISOString());
    return json(result.created ? 201 : 200, result);
  },
  recordExperimentResponse: async ({ params, body }, c) => {
    const arm = await c.deps.talent.respond(params.experimentId, body.candidateId, c.deps.clock.now().toISOString());
    return json(200, { counted: arm !== undefined, ...(arm ? { arm } : {}) });
  },
};
