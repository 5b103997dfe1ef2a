import { RecallJourneyStepEnv } from "../config/env.js";
import { systemClock } from "../core/shared/ports.js";
import { RecallStepInput, runRecallStep } from "../core/recall/recall-journey.js";
import { DEFAULT_LINK_TTL_DAYS, sendJourneyMessage } from "../core/outreach/send-message.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { talentStoreFrom } from "../adapters/dynamo-talent-store.js";
import { taskStoreFrom } from "../adapters/dynamo-task-store.js";
import { preferenceStoreFrom } from "../adapters/dynamo-preference-store.js";
import { emailSenderFrom } from "../adapters/ses-email-sender.js";
import { secretsFrom } from "../adapters/secrets.js";
import { smsSenderFrom } from "../adapters/sms-sender.js";
import { stepHandler } from "./lambda-handler.js";

export const handler = stepHandler({ name: "recall-journey-step", env: RecallJourneyStepEnv, input: RecallStepInput }, (input, { env }) => {
  const store = storeFrom(env);
  const email = emailSenderFrom(env);
  const preferences = preferenceStoreFrom(env);
  return runRecallStep(input, {
    store,
    talent: talentStoreFrom(env),
    tasks: taskStoreFrom(env),
    preferences,
    clock: systemClock,
    email,
    send: (message) =>
      sendJourneyMessage(message, { store, email, sms: smsSenderFrom(env), secrets: secretsFrom(env), clock: systemClock, preferences, config: { publicBaseUrl: env.PUBLIC_BASE_URL, linkTtlDays: DEFAULT_LINK_TTL_DAYS } }),
    config: { quietHours: { start: env.QUIET_HOURS_START, end: env.QUIET_HOURS_END }, publicBaseUrl: env.PUBLIC_BASE_URL, callTaskDueSeconds: env.RECALL_CALL_TASK_DUE_SECONDS },
  });
});
