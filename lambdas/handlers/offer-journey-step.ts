import { OfferJourneyStepEnv } from "../config/env.js";
import { DEFAULT_OFFER_CONFIG, OfferStepInput, runOfferStep } from "../core/offer/offer-journey.js";
import { systemClock } from "../core/shared/ports.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { offerStoreFrom } from "../adapters/dynamo-offer-store.js";
import { taskStoreFrom } from "../adapters/dynamo-task-store.js";
import { preferenceStoreFrom } from "../adapters/dynamo-preference-store.js";
import { secretsFrom } from "../adapters/secrets.js";
import { taskCallbacksFrom } from "../adapters/sfn-task-callbacks.js";
import { reEngagementSchedulesFrom } from "../adapters/re-engagement-schedules.js";
import { outreachFrom } from "./outreach-deps.js";
import { stepHandler } from "./lambda-handler.js";

export const handler = stepHandler({ name: "offer-journey-step", env: OfferJourneyStepEnv, input: OfferStepInput }, (input, { env }) =>
  runOfferStep(input, {
    store: storeFrom(env),
    offers: offerStoreFrom(env),
    tasks: taskStoreFrom(env),
    preferences: preferenceStoreFrom(env),
    outreach: outreachFrom(env),
    callbacks: taskCallbacksFrom(env),
    secrets: secretsFrom(env),
    schedules: reEngagementSchedulesFrom(env),
    clock: systemClock,
    config: { ...DEFAULT_OFFER_CONFIG, publicBaseUrl: env.PUBLIC_BASE_URL },
  }),
);
