import * as z from "../core/shared/zod.js";
import { ScreenApplicationEnv } from "../config/env.js";
import { addToTalentPool, AddToPoolInput, PlanMessageInput, planApplicationMessage, runScreenStep, ScreenStepInput } from "../core/intake/application-journey.js";
import { systemClock } from "../core/shared/ports.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { talentStoreFrom } from "../adapters/dynamo-talent-store.js";
import { stepHandler } from "./lambda-handler.js";

// Steps of the application journey: screening, and (after the invite) adding the application to the
// talent pool. "plan-send" (a message's send time around the candidate's quiet hours) is what
// executions started before SendMessage's "send-unless-held" still call, so it stays.
// The pool and plan steps are told apart by their literal "step"; anything else is a screening payload.
const Input = z.union([AddToPoolInput, PlanMessageInput, ScreenStepInput]);

export const handler = stepHandler({ name: "screen-application", env: ScreenApplicationEnv, input: Input }, async (input, { env }): Promise<object> =>
  !("step" in input)
    ? runScreenStep(input, { store: storeFrom(env), clock: systemClock })
    : input.step === "plan-send"
      ? planApplicationMessage(input, { store: storeFrom(env), clock: systemClock })
      : addToTalentPool(input, { store: storeFrom(env), clock: systemClock, talent: talentStoreFrom(env) }),
);
