import { RecallJourneyStepEnv } from "../config/env.js";
import { systemClock } from "../core/shared/ports.js";
import { RecallStepInput, runRecallStep } from "../core/recall/recall-journey.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { talentStoreFrom } from "../adapters/dynamo-talent-store.js";
import { taskStoreFrom } from "../adapters/dynamo-task-store.js";
import { preferenceStoreFrom } from "../adapters/dynamo-preference-store.js";
import { outreachFrom } from "./outreach-deps.js";
import { stepHandler } from "./lambda-handler.js";

export const handler = stepHandler({ name: "recall-journey-step", env: RecallJourneyStepEnv, input: RecallStepInput }, (input, { env }) => {
  const preferences = preferenceStoreFrom(env);
  return runRecallStep(input, {
    store: storeFrom(env),
    talent: talentStoreFrom(env),
    tasks: taskStoreFrom(env),
    preferences,
    clock: systemClock,
    outreach: outreachFrom(env, { preferences }),
    config: { publicBaseUrl: env.PUBLIC_BASE_URL, callTaskDueSeconds: env.RECALL_CALL_TASK_DUE_SECONDS },
  });
});
