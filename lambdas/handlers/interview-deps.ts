// Dependencies shared by the handlers that change interviews (HR API, public links).
import type { InterviewJourneyConfig } from "../config/env.js";
import type { SchedulingDeps } from "../core/interview/interview-scheduling.js";
import { systemClock } from "../core/shared/ports.js";
import type { RuntimeEnv } from "../adapters/client-config.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { interviewStoreFrom } from "../adapters/interview-store.js";
import { interviewJourneysFrom } from "../adapters/journey-starter.js";
import { taskStoreFrom } from "../adapters/dynamo-task-store.js";

export function schedulingDeps(env: RuntimeEnv & InterviewJourneyConfig & { TABLE_NAME: string }): SchedulingDeps {
  return {
    store: storeFrom(env),
    interviews: interviewStoreFrom(env),
    journeys: interviewJourneysFrom(env),
    tasks: taskStoreFrom(env),
    clock: systemClock,
    timing: {
      followUpAfterSeconds: env.INTERVIEW_FOLLOW_UP_SECONDS,
      taskDueSeconds: env.INTERVIEW_TASK_DUE_SECONDS,
      firstReminderBeforeSeconds: env.INTERVIEW_FIRST_REMINDER_BEFORE_SECONDS,
      secondReminderBeforeSeconds: env.INTERVIEW_SECOND_REMINDER_BEFORE_SECONDS,
      outcomeGraceSeconds: env.INTERVIEW_OUTCOME_GRACE_SECONDS,
    },
  };
}
