// What every TalentApi route implementation gets: the env, the caller, the stores, masking, and the
// dependencies of the heavier use cases (calls with their follow-up message, recall, erasure).
import type { TalentApiEnv } from "../../config/env.js";
import { systemClock } from "../../core/shared/ports.js";
import { storeFrom } from "../../adapters/dynamo-store.js";
import { talentStoreFrom } from "../../adapters/dynamo-talent-store.js";
import { taskStoreFrom } from "../../adapters/dynamo-task-store.js";
import { preferenceStoreFrom } from "../../adapters/dynamo-preference-store.js";
import { personalDataTableFrom } from "../../adapters/dynamo-erasure.js";
import { fileStoreFrom } from "../../adapters/file-store.js";
import { localCopiesFrom } from "../../adapters/local-copies.js";
import { journeyStopperFrom } from "../../adapters/journey-stopper.js";
import { callFollowUpsFrom, recallJourneysFrom } from "../../adapters/journey-starter.js";
import { salaryVisible } from "../http/responses.js";
import type { Caller } from "../http/router.js";

export function talentContext(env: TalentApiEnv, caller: Caller) {
  const store = storeFrom(env);
  const talent = talentStoreFrom(env);
  const deps = { store, talent, tasks: taskStoreFrom(env), preferences: preferenceStoreFrom(env), clock: systemClock };
  return {
    env,
    caller,
    deps,
    actor: { sub: caller.sub, roles: caller.roles },
    salaryVisible: salaryVisible(caller, env.SALARY_VIEWER_ROLES),
    recallConfig: (maxCandidates: number) => ({ reasons: env.RECALL_REASONS.split(",").map((r) => r.trim()), minRating: env.RECALL_MIN_RATING, lookbackDays: env.RECALL_LOOKBACK_DAYS, maxCandidates }),
    callDeps: () => ({
      ...deps,
      followUps: callFollowUpsFrom(env),
      config: { minAttemptsForRecommendation: env.BEST_TIME_MIN_ATTEMPTS, defaultCallHour: 19 },
    }),
    recallDeps: () => ({ ...deps, journeys: recallJourneysFrom(env), config: { responseWaitSeconds: env.RECALL_RESPONSE_WAIT_SECONDS, nudgeWaitSeconds: env.RECALL_NUDGE_WAIT_SECONDS } }),
    erasureDeps: () => {
      const localCopies = localCopiesFrom(env);
      return { ...deps, table: personalDataTableFrom(env), files: fileStoreFrom(env), journeys: journeyStopperFrom(env), ...(localCopies ? { localCopies } : {}) };
    },
  };
}
export type TalentContext = ReturnType<typeof talentContext>;
