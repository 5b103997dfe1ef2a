import { SendMessageEnv } from "../config/env.js";
import { SendMessageInput } from "../core/outreach/send-message.js";
import { interviewStoreFrom } from "../adapters/interview-store.js";
import { preferenceStoreFrom } from "../adapters/dynamo-preference-store.js";
import { outreachFrom } from "./outreach-deps.js";
import { stepHandler } from "./lambda-handler.js";

export const handler = stepHandler({ name: "send-message", env: SendMessageEnv, input: SendMessageInput }, (input, { env }) =>
  outreachFrom(env, { interviews: interviewStoreFrom(env), preferences: preferenceStoreFrom(env) }).sendTemplated(input),
);
