import { CheckEngagementEnv } from "../config/env.js";
import { checkEngagement, CheckEngagementInput } from "../core/intake/application-journey.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { stepHandler } from "./lambda-handler.js";

export const handler = stepHandler({ name: "check-engagement", env: CheckEngagementEnv, input: CheckEngagementInput }, (input, { env }) =>
  checkEngagement(input, { store: storeFrom(env) }),
);
