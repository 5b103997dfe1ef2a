import * as z from "../core/shared/zod.js";
import { ScreenApplicationEnv } from "../config/env.js";
import { addToTalentPool, AddToPoolInput, runScreenStep, ScreenStepInput } from "../core/intake/application-journey.js";
import { systemClock } from "../core/shared/ports.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { talentStoreFrom } from "../adapters/dynamo-talent-store.js";
import { stepHandler } from "./lambda-handler.js";

// Two steps of the application journey: screening, and (after the invite) adding the application to the talent pool.
// The pool step is told apart by its literal "step"; anything else is a screening payload.
const Input = z.union([AddToPoolInput, ScreenStepInput]);

export const handler = stepHandler({ name: "screen-application", env: ScreenApplicationEnv, input: Input }, async (input, { env }): Promise<object> =>
  "step" in input ? addToTalentPool(input, { store: storeFrom(env), clock: systemClock, talent: talentStoreFrom(env) }) : runScreenStep(input, { store: storeFrom(env), clock: systemClock }),
);
