import { RecordOutcomeEnv } from "../config/env.js";
import { recordOutcome, RecordOutcomeInput } from "../core/intake/application-journey.js";
import { systemClock } from "../core/shared/ports.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { talentStoreFrom } from "../adapters/dynamo-talent-store.js";
import { stepHandler } from "./lambda-handler.js";

export const handler = stepHandler({ name: "record-outcome", env: RecordOutcomeEnv, input: RecordOutcomeInput }, (input, { env }) =>
  recordOutcome(input, { store: storeFrom(env), clock: systemClock, talent: talentStoreFrom(env) }),
);
