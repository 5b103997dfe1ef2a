import { ScreenApplicationEnv } from "../config/env.js";
import { runScreenStep, ScreenStepInput } from "../core/journey-steps.js";
import { systemClock } from "../core/ports.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { talentStoreFrom } from "../adapters/dynamo-talent-store.js";
import { stepHandler } from "./lambda-handler.js";

export const handler = stepHandler({ name: "screen-application", env: ScreenApplicationEnv, input: ScreenStepInput }, (input, { env }) =>
  runScreenStep(input, { store: storeFrom(env), clock: systemClock, talent: talentStoreFrom(env) }),
);
