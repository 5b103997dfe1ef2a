// What every HR API route implementation gets: the env, the caller, and the adapters, built lazily
// (each factory returns the container's one instance).
import type { HrApiEnv } from "../../config/env.js";
import { systemClock } from "../../core/shared/ports.js";
import { storeFrom } from "../../adapters/dynamo-store.js";
import { offerStoreFrom } from "../../adapters/dynamo-offer-store.js";
import { hiringPathStoreFrom } from "../../adapters/dynamo-hiring-paths.js";
import { talentStoreFrom } from "../../adapters/dynamo-talent-store.js";
import { taskStoreFrom } from "../../adapters/dynamo-task-store.js";
import { preferenceStoreFrom } from "../../adapters/dynamo-preference-store.js";
import { templateStoreFrom } from "../../adapters/dynamo-template-store.js";
import { secretsFrom } from "../../adapters/secrets.js";
import { journeysFrom } from "../../adapters/journey-starter.js";
import { reEngagementSchedulesFrom } from "../../adapters/re-engagement-schedules.js";
import { outreachFrom } from "../outreach-deps.js";
import { schedulingDeps } from "../interview-deps.js";
import { parsePhoneRegions } from "../../core/intake/intake.js";
import { fileStoreFrom } from "../../adapters/file-store.js";
import type { Caller } from "../http/router.js";

export function hrContext(env: HrApiEnv, caller: Caller) {
  const store = storeFrom(env);
  const offers = offerStoreFrom(env);
  const preferences = preferenceStoreFrom(env);
  return {
    env,
    caller,
    clock: systemClock,
    store,
    offers,
    preferences,
    hiringPaths: hiringPathStoreFrom(env),
    tasks: taskStoreFrom(env),
    scheduling: () => schedulingDeps(env),
    templates: () => ({ templates: templateStoreFrom(env), clock: systemClock, config: { publicBaseUrl: env.PUBLIC_BASE_URL, smsSignature: env.SMS_SIGNATURE } }),
    plans: () => ({ store, offers, preferences, schedules: reEngagementSchedulesFrom(env), clock: systemClock }),
    offerJourneys: () => journeysFrom({ ...env, JOURNEY_STATE_MACHINE_ARN: env.OFFER_STATE_MACHINE_ARN }),
    webhooks: () => ({
      store,
      journeys: journeysFrom(env),
      secrets: secretsFrom(env),
      clock: systemClock,
      config: { nudgeAfterSeconds: env.NUDGE_AFTER_SECONDS, phoneRegions: parsePhoneRegions(env.PHONE_REGIONS) },
      acceptGenericV1: env.WEBHOOK_GENERIC_V1 === "accept",
      talent: talentStoreFrom(env),
      files: () => fileStoreFrom(env),
    }),
    requisitions: () => ({
      store,
      talent: talentStoreFrom(env),
      preferences,
      clock: systemClock,
      outreach: outreachFrom(env),
      secrets: secretsFrom(env),
      consoleUrl: env.PUBLIC_BASE_URL,
      recall: { reasons: env.RECALL_REASONS.split(",").map((r) => r.trim()), minRating: env.RECALL_MIN_RATING, lookbackDays: env.RECALL_LOOKBACK_DAYS },
    }),
  };
}
export type HrContext = ReturnType<typeof hrContext>;
