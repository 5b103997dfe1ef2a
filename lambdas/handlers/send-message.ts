import * as z from "../core/shared/zod.js";
import { SendMessageEnv } from "../config/env.js";
import { SendMessageInput } from "../core/outreach/send-message.js";
import { sendApplicationMessageUnlessHeld, SendUnlessHeldInput } from "../core/intake/application-journey.js";
import { systemClock } from "../core/shared/ports.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { interviewStoreFrom } from "../adapters/interview-store.js";
import { preferenceStoreFrom } from "../adapters/dynamo-preference-store.js";
import { outreachFrom } from "./outreach-deps.js";
import { stepHandler } from "./lambda-handler.js";

// A templated message, sent once. With step "send-unless-held" (the application journey), planned
// around the candidate's quiet hours first and sent in the same call when nothing holds it.
const Input = z.union([SendUnlessHeldInput, SendMessageInput]);

export const handler = stepHandler({ name: "send-message", env: SendMessageEnv, input: Input }, (input, { env }): Promise<object> => {
  const outreach = outreachFrom(env, { interviews: interviewStoreFrom(env), preferences: preferenceStoreFrom(env) });
  return "step" in input ? sendApplicationMessageUnlessHeld(input, { store: storeFrom(env), clock: systemClock, outreach }) : outreach.sendTemplated(input);
});
