import { ReEngagementStepEnv } from "../config/env.js";
import { systemClock } from "../core/shared/ports.js";
import { ReEngagementStepInput, runReEngagementStep } from "../core/re-engagement/re-engagement.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { offerStoreFrom } from "../adapters/dynamo-offer-store.js";
import { taskStoreFrom } from "../adapters/dynamo-task-store.js";
import { preferenceStoreFrom } from "../adapters/dynamo-preference-store.js";
import { secretsFrom } from "../adapters/secrets.js";
import { outreachFrom } from "./outreach-deps.js";
import { templateStoreFrom } from "../adapters/dynamo-template-store.js";
import { stepHandler } from "./lambda-handler.js";

export const handler = stepHandler({ name: "re-engagement-step", env: ReEngagementStepEnv, input: ReEngagementStepInput }, (input, { env }) =>
  runReEngagementStep(input, {
    store: storeFrom(env),
    offers: offerStoreFrom(env),
    tasks: taskStoreFrom(env),
    preferences: preferenceStoreFrom(env),
    outreach: outreachFrom(env),
    secrets: secretsFrom(env),
    clock: systemClock,
    config: { publicBaseUrl: env.PUBLIC_BASE_URL, smsSignature: env.SMS_SIGNATURE },
    templates: templateStoreFrom(env),
  }),
);
