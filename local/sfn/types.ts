// Public shapes of the local Step Functions harness. Kept in one small module so the engine,
// the dispatcher, the JSON-protocol endpoint and the Scheduler emulation share them without
// importing each other's implementation.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The subset of the Lambda context object our handlers read. Extra fields mirror AWS's names. */
export interface LocalLambdaContext {
  functionName: string;
  awsRequestId: string;
  getRemainingTimeInMillis(): number;
  invokedFunctionArn: string;
  functionVersion?: string;
  memoryLimitInMB?: string;
  logGroupName?: string;
  logStreamName?: string;
  callbackWaitsForEmptyEventLoop?: boolean;
}

/**
 * A Lambda handler running in-process. Declared through a method signature on purpose: method
 * parameters are checked bivariantly, so handlers typed with richer events/contexts (e.g.
 * aws-lambda's `Context`) can be registered without casts; the dispatcher always passes the
 * context below (plus the optional LocalLambdaContext fields).
 */
export type LocalLambda = {
  handler(
    event: unknown,
    context: {
      functionName: string;
      awsRequestId: string;
      getRemainingTimeInMillis(): number;
      invokedFunctionArn: string;
    },
  ): Promise<unknown>;
}["handler"];

export interface TaskInvocationContext {
  executionArn: string;
  stateName: string;
  /** Real milliseconds the state allows the integration (its TimeoutSeconds), if known. */
  timeoutMs?: number;
}

/**
 * Runs the integration named by a Task state's Resource. It is the only way a Task reaches
 * anything: the engine never lets aws-local-stepfunctions call AWS itself.
 */
export interface TaskDispatcher {
  invoke(resource: string, input: unknown, ctx: TaskInvocationContext): Promise<unknown>;
}

export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

export interface ExecutionSummary {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
}

export interface ExecutionDescription extends ExecutionSummary {
  input: string;
  output?: string;
  error?: string;
  cause?: string;
}

/**
 * One entry of an execution's history, flattened. `type` uses AWS's HistoryEventType names
 * (TaskStateEntered, WaitStateExited, TaskScheduled, LambdaFunctionFailed, ExecutionSucceeded, ...);
 * the JSON endpoint turns it into AWS's nested `<x>EventDetails` shape.
 */
export interface ExecutionHistoryEvent {
  id: number;
  previousEventId: number;
  type: string;
  timestamp: Date;
  stateName?: string;
  /** JSON text, as AWS reports it. */
  input?: string;
  /** JSON text, as AWS reports it. */
  output?: string;
  error?: string;
  cause?: string;
  resource?: string;
  resourceType?: string;
  /** JSON text of the effective parameters sent to an integration. */
  parameters?: string;
  region?: string;
  index?: number;
  timeoutInSeconds?: number;
  heartbeatInSeconds?: number;
  roleArn?: string;
}

export type LogFn = (msg: string, fields?: Record<string, unknown>) => void;
