import { SendMessageEnv } from "../config/env.js";
import { systemClock } from "../core/shared/ports.js";
import { DEFAULT_LINK_TTL_DAYS, SendMessageInput, sendJourneyMessage } from "../core/outreach/send-message.js";
import { emailSenderFrom } from "../adapters/ses-email-sender.js";
import { secretsFrom } from "../adapters/secrets.js";
import { smsSenderFrom } from "../adapters/sms-sender.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { interviewStoreFrom } from "../adapters/interview-store.js";
import { stepHandler } from "./lambda-handler.js";

export const handler = stepHandler({ name: "send-message", env: SendMessageEnv, input: SendMessageInput }, (input, { env }) =>
  sendJourneyMessage(input, {
    store: storeFrom(env),
    email: emailSenderFrom(env),
    sms: smsSenderFrom(env),
    secrets: secretsFrom(env),
    clock: systemClock,
    config: { publicBaseUrl: env.PUBLIC_BASE_URL, linkTtlDays: DEFAULT_LINK_TTL_DAYS },
    interviews: interviewStoreFrom(env),
  }),
);
