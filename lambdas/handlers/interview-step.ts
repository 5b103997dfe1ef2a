import { InterviewStepEnv } from "../config/env.js";
import { InterviewStepInput, runInterviewStep } from "../core/interview-journey.js";
import { systemClock } from "../core/ports.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { interviewStoreFrom } from "../adapters/interview-store.js";
import { emailSenderFrom } from "../adapters/ses-email-sender.js";
import { chatDeliveryFor } from "../adapters/chat-robot-sender.js";
import { stepHandler } from "./lambda-handler.js";

export const handler = stepHandler({ name: "interview-step", env: InterviewStepEnv, input: InterviewStepInput }, (input, { env }) =>
  runInterviewStep(input, {
    store: storeFrom(env),
    interviews: interviewStoreFrom(env),
    email: emailSenderFrom(env),
    clock: systemClock,
    chatFor: async (teamId) => chatDeliveryFor(await interviewStoreFrom(env).getTeamChat(teamId), interviewStoreFrom(env), env.HIREPATH_RUNTIME),
  }),
);
