// Local Step Functions: public surface for the local stack, benchmarks and tests.
export { LocalStepFunctions, HISTORY_EVENT_LIMIT } from "./engine.js";
export type { LocalStepFunctionsOptions } from "./engine.js";
export { createTaskDispatcher, invokeLocalLambda } from "./dispatcher.js";
export type { TaskDispatcherOptions, LocalLambdaInvocation } from "./dispatcher.js";
export { createStepFunctionsEmulator, createSfnEmulator, toAwsHistoryEvent } from "./sfn-endpoint.js";
export { InvalidDefinitionError } from "./asl.js";
export { SfnApiError, StatesError } from "./errors.js";
export type {
  ExecutionDescription,
  ExecutionHistoryEvent,
  ExecutionStatus,
  ExecutionSummary,
  JsonValue,
  LocalLambda,
  LocalLambdaContext,
  LogFn,
  TaskDispatcher,
  TaskInvocationContext,
} from "./types.js";
