import { InterviewStepEnv } from "../config/env.js";
import { InterviewStepInput, runInterviewStep } from "../core/interview/interview-journey.js";
import { PriorityStepInput, runPriorityStep } from "../core/interview/priority-flags.js";
import { runSchedulingLinkStep, SchedulingLinkStepInput } from "../core/interview/scheduling-link-steps.js";
import * as z from "../core/shared/zod.js";
import { systemClock } from "../core/shared/ports.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { interviewStoreFrom } from "../adapters/interview-store.js";
import { preferenceStoreFrom } from "../adapters/dynamo-preference-store.js";
import { outreachFrom } from "./outreach-deps.js";
import { taskStoreFrom } from "../adapters/dynamo-task-store.js";
import { chatDeliveryFor } from "../adapters/chat-robot-sender.js";
import { stepHandler } from "./lambda-handler.js";

// The interview machine's steps and its priority-SLA branch share one function (one cold start, one role).
const Input = z.union([InterviewStepInput, PriorityStepInput, SchedulingLinkStepInput]);

export const handler = stepHandler({ name: "interview-step", env: InterviewStepEnv, input: Input }, (input, { env }) => {
  const interviews = interviewStoreFrom(env);
  const deps = {
    store: storeFrom(env),
    interviews,
    outreach: outreachFrom(env),
    tasks: taskStoreFrom(env),
    clock: systemClock,
    preferences: preferenceStoreFrom(env),
    staffTimeZone: env.STAFF_TIME_ZONE,
    chatFor: async (teamId: string) => chatDeliveryFor(await interviews.getTeamChat(teamId), interviews, env.HIREPATH_RUNTIME),
  };
  if (input.op === "plan-candidate-message" || input.op === "record-link-outcome") return runSchedulingLinkStep(input, deps);
  if (input.op === "check-priority" || input.op === "alert-priority-breach" || input.op === "record-priority-outcome") return runPriorityStep(input, deps);
  return runInterviewStep(input, deps);
});
