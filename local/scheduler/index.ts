// EventBridge Scheduler emulation for local mode: the durable scheduler and its REST-JSON endpoint.
export { LocalScheduler, SchedulerApiError } from "./scheduler.js";
export type { LocalSchedulerOptions, Schedule, ScheduleInput, ScheduleSummary, ScheduleTarget, SchedulerStepFunctions } from "./scheduler.js";
export { createSchedulerEmulator } from "./scheduler-endpoint.js";
export { parseAtExpression, formatScheduledTime } from "./at-expression.js";
