// The Step Functions API over AWS's JSON protocol (awsJson1_0, `X-Amz-Target:
// AWSStepFunctions.<Operation>`), so the real @aws-sdk/client-sfn pointed at the local endpoint
// works unchanged. Timestamps are epoch seconds, as the JSON protocol encodes them; errors carry
// the exception name in `__type`.
import { awsJsonError, awsJsonResult, jsonTarget, parseJsonBody, type AwsRequest, type AwsResponse, type ServiceEmulator } from "../http/aws-protocol.js";
import type { LocalStepFunctions } from "./engine.js";
import { SfnApiError } from "./errors.js";
import type { ExecutionHistoryEvent, ExecutionStatus } from "./types.js";

const TARGET_PREFIX = "AWSStepFunctions";
const STATUSES = new Set<ExecutionStatus>(["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"]);

type Body = Record<string, unknown>;

const epochSeconds = (d: Date): number => d.getTime() / 1000;

function requireString(body: Body, field: string): string {
  const v = body[field];
  if (typeof v !== "string" || v.length === 0) throw new SfnApiError("ValidationException", `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  return v;
}

/** Opaque pagination token: the offset of the next item. */
function page<T>(items: T[], body: Body, defaultSize: number): { items: T[]; nextToken?: string } {
  const max = typeof body["maxResults"] === "number" && body["maxResults"] > 0 ? Math.min(body["maxResults"], 1000) : defaultSize;
  let offset = 0;
  if (typeof body["nextToken"] === "string") {
    const parsed = Number(Buffer.from(body["nextToken"], "base64url").toString("utf8"));
    if (!Number.isInteger(parsed) || parsed < 0) throw new SfnApiError("InvalidToken", "Invalid Token: 'the nextToken is not valid'");
    offset = parsed;
  }
  const slice = items.slice(offset, offset + max);
  const next = offset + max < items.length ? Buffer.from(String(offset + max)).toString("base64url") : undefined;
  return next ? { items: slice, nextToken: next } : { items: slice };
}

/** Engine history event -> AWS HistoryEvent with its `<type>EventDetails` member. */
export function toAwsHistoryEvent(e: ExecutionHistoryEvent, includeData = true): Record<string, unknown> {
  const data = (key: "input" | "output", value: string | undefined): Record<string, unknown> =>
    value === undefined || !includeData ? {} : { [key]: value, [`${key}Details`]: { truncated: false } };
  const errorCause = (): Record<string, unknown> => ({
    ...(e.error !== undefined ? { error: e.error } : {}),
    ...(e.cause !== undefined ? { cause: e.cause } : {}),
  });
  const resource = { resourceType: e.resourceType, resource: e.resource };
  let details: [string, Record<string, unknown>] | undefined;
  switch (e.type) {
    case "ExecutionStarted":
      details = ["executionStartedEventDetails", { ...data("input", e.input), roleArn: e.roleArn }];
      break;
    case "ExecutionSucceeded":
      details = ["executionSucceededEventDetails", data("output", e.output)];
      break;
    case "ExecutionFailed":
      details = ["executionFailedEventDetails", errorCause()];
      break;
    case "ExecutionAborted":
      details = ["executionAbortedEventDetails", errorCause()];
      break;
    case "ExecutionTimedOut":
      details = ["executionTimedOutEventDetails", errorCause()];
      break;
    case "TaskScheduled":
      details = [
        "taskScheduledEventDetails",
        {
          ...resource,
          region: e.region,
          parameters: includeData ? e.parameters : undefined,
          ...(e.timeoutInSeconds !== undefined ? { timeoutInSeconds: e.timeoutInSeconds } : {}),
          ...(e.heartbeatInSeconds !== undefined ? { heartbeatInSeconds: e.heartbeatInSeconds } : {}),
        },
      ];
      break;
    case "TaskStarted":
      details = ["taskStartedEventDetails", resource];
      break;
    case "TaskSubmitted":
      details = ["taskSubmittedEventDetails", { ...resource, ...data("output", e.output) }];
      break;
    case "TaskSucceeded":
      details = ["taskSucceededEventDetails", { ...resource, ...data("output", e.output) }];
      break;
    case "TaskFailed":
      details = ["taskFailedEventDetails", { ...resource, ...errorCause() }];
      break;
    case "TaskTimedOut":
      details = ["taskTimedOutEventDetails", { ...resource, ...errorCause() }];
      break;
    case "LambdaFunctionScheduled":
      details = [
        "lambdaFunctionScheduledEventDetails",
        { resource: e.resource, ...data("input", e.input), ...(e.timeoutInSeconds !== undefined ? { timeoutInSeconds: e.timeoutInSeconds } : {}) },
      ];
      break;
    case "LambdaFunctionSucceeded":
      details = ["lambdaFunctionSucceededEventDetails", data("output", e.output)];
      break;
    case "LambdaFunctionFailed":
      details = ["lambdaFunctionFailedEventDetails", errorCause()];
      break;
    case "LambdaFunctionTimedOut":
      details = ["lambdaFunctionTimedOutEventDetails", errorCause()];
      break;
    case "MapIterationStarted":
    case "MapIterationSucceeded":
    case "MapIterationFailed":
    case "MapIterationAborted": {
      const key = `${e.type.charAt(0).toLowerCase()}${e.type.slice(1)}EventDetails`;
      details = [key, { name: e.stateName, index: e.index }];
      break;
    }
    default:
      if (e.type.endsWith("StateEntered")) details = ["stateEnteredEventDetails", { name: e.stateName, ...data("input", e.input) }];
      else if (e.type.endsWith("StateExited")) details = ["stateExitedEventDetails", { name: e.stateName, ...data("output", e.output) }];
  }
  return {
    timestamp: epochSeconds(e.timestamp),
    type: e.type,
    id: e.id,
    previousEventId: e.previousEventId,
    ...(details ? { [details[0]]: JSON.parse(JSON.stringify(details[1])) as unknown } : {}),
  };
}

export function createStepFunctionsEmulator(engine: LocalStepFunctions): ServiceEmulator {
  const operations: Record<string, (body: Body) => Promise<unknown> | unknown> = {
    async StartExecution(body) {
      const { executionArn, startDate } = await engine.startExecution({
        stateMachineArn: requireString(body, "stateMachineArn"),
        ...(typeof body["name"] === "string" ? { name: body["name"] } : {}),
        ...(typeof body["input"] === "string" ? { input: body["input"] } : {}),
      });
      return { executionArn, startDate: epochSeconds(startDate) };
    },

    DescribeExecution(body) {
      const d = engine.describeExecution(requireString(body, "executionArn"));
      return {
        executionArn: d.executionArn,
        stateMachineArn: d.stateMachineArn,
        name: d.name,
        status: d.status,
        startDate: epochSeconds(d.startDate),
        ...(d.stopDate ? { stopDate: epochSeconds(d.stopDate) } : {}),
        input: d.input,
        inputDetails: { included: true },
        ...(d.output !== undefined ? { output: d.output, outputDetails: { included: true } } : {}),
        ...(d.error !== undefined ? { error: d.error } : {}),
        ...(d.cause !== undefined ? { cause: d.cause } : {}),
        redriveCount: 0,
      };
    },

    ListExecutions(body) {
      const stateMachineArn = requireString(body, "stateMachineArn");
      if (!engine.knowsStateMachine(stateMachineArn)) throw new SfnApiError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${stateMachineArn}'`);
      const status = body["statusFilter"];
      if (status !== undefined && !STATUSES.has(status as ExecutionStatus)) {
        throw new SfnApiError("ValidationException", `1 validation error detected: Value '${String(status)}' at 'statusFilter' failed to satisfy constraint`);
      }
      const all = engine.listExecutions({ stateMachineArn, ...(status ? { statusFilter: status as ExecutionStatus } : {}) });
      const { items, nextToken } = page(all, body, 100);
      return {
        executions: items.map((x) => ({
          executionArn: x.executionArn,
          stateMachineArn: x.stateMachineArn,
          name: x.name,
          status: x.status,
          startDate: epochSeconds(x.startDate),
          ...(x.stopDate ? { stopDate: epochSeconds(x.stopDate) } : {}),
        })),
        ...(nextToken ? { nextToken } : {}),
      };
    },

    GetExecutionHistory(body) {
      const events = engine.getExecutionHistory(requireString(body, "executionArn"));
      if (body["reverseOrder"] === true) events.reverse();
      const includeData = body["includeExecutionData"] !== false;
      const { items, nextToken } = page(events, body, 100);
      return { events: items.map((e) => toAwsHistoryEvent(e, includeData)), ...(nextToken ? { nextToken } : {}) };
    },

    StopExecution(body) {
      const { stopDate } = engine.stopExecution(
        requireString(body, "executionArn"),
        typeof body["error"] === "string" ? body["error"] : undefined,
        typeof body["cause"] === "string" ? body["cause"] : undefined,
      );
      return { stopDate: epochSeconds(stopDate) };
    },

    SendTaskSuccess(body) {
      engine.sendTaskSuccess(requireString(body, "taskToken"), requireString(body, "output"));
      return {};
    },

    SendTaskFailure(body) {
      engine.sendTaskFailure(
        requireString(body, "taskToken"),
        typeof body["error"] === "string" ? body["error"] : undefined,
        typeof body["cause"] === "string" ? body["cause"] : undefined,
      );
      return {};
    },

    SendTaskHeartbeat(body) {
      engine.sendTaskHeartbeat(requireString(body, "taskToken"));
      return {};
    },
  };

  return {
    name: "Step Functions",
    matches(req: AwsRequest): boolean {
      return jsonTarget(req)?.prefix === TARGET_PREFIX;
    },
    async handle(req: AwsRequest): Promise<AwsResponse> {
      const target = jsonTarget(req);
      const op = target ? operations[target.operation] : undefined;
      if (!target || !op) {
        return awsJsonError(400, "UnknownOperationException", `Operation ${target?.operation ?? "(none)"} is not supported by the local Step Functions emulator`);
      }
      let body: Body;
      try {
        body = parseJsonBody<Body>(req);
      } catch {
        return awsJsonError(400, "SerializationException", "The request body is not valid JSON");
      }
      try {
        return awsJsonResult(await op(body));
      } catch (err) {
        if (err instanceof SfnApiError) return awsJsonError(err.status, err.code, err.message);
        return awsJsonError(500, "InternalServerError", (err as Error).message ?? String(err));
      }
    },
  };
}

/** Alias used by the local stack wiring. */
export const createSfnEmulator = createStepFunctionsEmulator;
