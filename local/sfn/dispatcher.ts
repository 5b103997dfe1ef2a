// createTaskDispatcher: runs the integration named by a Task state's Resource, in-process and
// with AWS's request/response shapes. Nothing here reaches the network except through the SDK
// clients the caller hands in (pointed at local emulators such as dynalite). A resource with no
// local integration is an error that fails the execution - never a call.
import { randomUUID } from "node:crypto";
import { crc32 } from "node:zlib";
import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { StatesError, harnessRuntimeError, lambdaFunctionError } from "./errors.js";
import type { JsonValue, LocalLambda, LogFn, TaskDispatcher, TaskInvocationContext } from "./types.js";

export type { TaskDispatcher, LocalLambda } from "./types.js";

export interface TaskDispatcherOptions {
  /** Local Lambda handlers by function name. */
  lambdas: Record<string, LocalLambda>;
  /**
   * Asynchronous invocation (InvocationType Event) by function name, as Lambda's event queue runs it:
   * queued for an environment, a function error retried twice. Absent: the handler above, unretried.
   */
  asyncLambdas?: (name: string) => ((event: unknown) => Promise<unknown>) | undefined;
  region: string;
  accountId: string;
  /** @aws-sdk v3 clients by lower-case service id as written in `aws-sdk:<service>:<action>` (e.g. "dynamodb"). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  sdkClients?: Record<string, any>;
  /**
   * Where to find `<Action>Command` classes for an aws-sdk service, when the package is not
   * `@aws-sdk/client-<service>` (see SDK_PACKAGES for the built-in exceptions).
   */
  sdkModules?: Record<string, Record<string, unknown>>;
  /** Reported by context.getRemainingTimeInMillis() when the state sets no TimeoutSeconds. Default 900 s (Lambda's maximum). */
  defaultLambdaTimeoutMs?: number;
  log?: LogFn;
}

/** Service ids whose SDK v3 package name differs from the id. */
const SDK_PACKAGES: Record<string, string> = {
  pinpointsmsvoicev2: "pinpoint-sms-voice-v2",
  stepfunctions: "sfn",
  states: "sfn",
  eventbridge: "eventbridge",
  cloudwatchlogs: "cloudwatch-logs",
};

/**
 * Prefix of aws-sdk integration error names: `<ServiceName>.<ErrorName>`, PascalCase. Step
 * Functions spells a few services its own way (DynamoDb, Sfn); otherwise the SDK service id
 * without spaces is used.
 */
const SDK_ERROR_PREFIX: Record<string, string> = { dynamodb: "DynamoDb", sfn: "Sfn", stepfunctions: "Sfn", states: "Sfn" };

const DYNAMODB_COMMANDS = {
  getItem: GetItemCommand,
  putItem: PutItemCommand,
  updateItem: UpdateItemCommand,
  deleteItem: DeleteItemCommand,
} as const;

const LAMBDA_ARN = /^arn:aws:lambda:([^:]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9$_-]+))?$/;
const PARTIAL_LAMBDA_ARN = /^(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9$_-]+))?$/;
const FUNCTION_NAME = /^([A-Za-z0-9_-]+)(?::([A-Za-z0-9$_-]+))?$/;

/** Converts SDK output (Uint8Array, Date, ...) into the JSON a state receives. */
function toJson(value: unknown): JsonValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value) || value instanceof Set) return [...value].map(toJson);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toJson(v)]));
  if (typeof value === "object") {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJson(v);
    return out;
  }
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return null;
}

/** JSON round trip, as the Lambda Invoke API serialises payloads both ways. */
function serialise(value: unknown): JsonValue {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as JsonValue);
}

function httpDate(): string {
  return new Date().toUTCString();
}

function traceId(): string {
  return `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replace(/-/g, "").slice(0, 24)};Sampled=0`;
}

export interface LocalLambdaInvocation {
  requestId: string;
  result: JsonValue;
}

/**
 * Invokes a local Lambda handler the way the Lambda service would: the event is the JSON of the
 * payload, the result is JSON-serialised, and a thrown error becomes AWS's
 * `{errorMessage, errorType, trace}` shape (see lambdaFunctionError).
 */
export async function invokeLocalLambda(
  handler: LocalLambda,
  functionName: string,
  invokedFunctionArn: string,
  payload: unknown,
  timeoutMs: number,
): Promise<LocalLambdaInvocation> {
  const requestId = randomUUID();
  // Compute time is real time (performance.now()); the local stack's Date reads journey time.
  const deadline = performance.now() + timeoutMs;
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, "/");
  const context = {
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn,
    memoryLimitInMB: "128",
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${day}/[$LATEST]${requestId.replace(/-/g, "")}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - performance.now()),
  };
  let result: unknown;
  try {
    result = await handler(serialise(payload), context);
  } catch (err) {
    // The Invoke API refused the call (a throttle): Step Functions names it Lambda.<Error>, which the
    // journeys' Retry covers. Anything else is the function's own error.
    const e = err as { lambdaServiceError?: boolean; name?: string; message?: string; statusCode?: number };
    if (e.lambdaServiceError) {
      throw new StatesError(`Lambda.${e.name}`, `${e.message} (Service: AWSLambda; Status Code: ${e.statusCode ?? 500}; Error Code: ${e.name}; Request ID: ${randomUUID()}; Proxy: null)`);
    }
    throw lambdaFunctionError(err);
  }
  return { requestId, result: serialise(result) };
}

export function createTaskDispatcher(options: TaskDispatcherOptions): TaskDispatcher {
  const { lambdas, region, accountId } = options;
  const sdkClients = options.sdkClients ?? {};
  const defaultTimeoutMs = options.defaultLambdaTimeoutMs ?? 900_000;
  const log = options.log ?? (() => {});

  const unsupported = (resource: string, ctx: TaskInvocationContext, why: string): StatesError =>
    harnessRuntimeError(
      `Local harness: Task state '${ctx.stateName}' uses resource '${resource}': ${why}. ` +
        "Supported locally: Lambda function ARNs, arn:aws:states:::lambda:invoke[.waitForTaskToken], " +
        "arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem, arn:aws:states:::aws-sdk:<service>:<action> for services given in sdkClients.",
    );

  /** Resolves a FunctionName (name, name:qualifier, full or partial ARN) to a local handler. */
  const resolveFunction = (functionName: string, resource: string, ctx: TaskInvocationContext) => {
    let name: string | undefined;
    let qualifier: string | undefined;
    let fnRegion = region;
    let fnAccount = accountId;
    const full = LAMBDA_ARN.exec(functionName);
    const partial = PARTIAL_LAMBDA_ARN.exec(functionName);
    const plain = FUNCTION_NAME.exec(functionName);
    if (full) [, fnRegion = region, fnAccount = accountId, name, qualifier] = full;
    else if (partial) [, fnAccount = accountId, name, qualifier] = partial;
    else if (plain) [, name, qualifier] = plain;
    if (!name) throw unsupported(resource, ctx, `'${functionName}' is not a valid Lambda function name or ARN`);
    if (fnRegion !== region || fnAccount !== accountId) {
      throw unsupported(resource, ctx, `function '${functionName}' is outside the local account/region (${accountId}/${region})`);
    }
    const handler = Object.prototype.hasOwnProperty.call(lambdas, name) ? lambdas[name] : undefined;
    if (!handler) throw unsupported(resource, ctx, `no local Lambda handler named '${name}' (known: ${Object.keys(lambdas).join(", ") || "none"})`);
    const arn = `arn:aws:lambda:${region}:${accountId}:function:${name}${qualifier ? `:${qualifier}` : ""}`;
    return { name, qualifier, arn, handler };
  };

  /** arn:aws:states:::lambda:invoke - AWS wraps the function's result in the Invoke API response. */
  const lambdaInvoke = async (resource: string, input: unknown, ctx: TaskInvocationContext): Promise<JsonValue> => {
    const params = (input ?? {}) as Record<string, unknown>;
    if (typeof params["FunctionName"] !== "string") throw unsupported(resource, ctx, "Parameters.FunctionName is missing");
    const fn = resolveFunction(params["FunctionName"], resource, ctx);
    const invocationType = (params["InvocationType"] as string | undefined) ?? "RequestResponse";
    const payload = "Payload" in params ? params["Payload"] : {};
    const executedVersion = fn.qualifier && /^\d+$/.test(fn.qualifier) ? fn.qualifier : "$LATEST";
    let statusCode = 200;
    let result: JsonValue = "";
    let requestId: string = randomUUID();
    if (invocationType === "Event") {
      statusCode = 202;
      // Accepted at once; the state goes on while the event queue runs (and retries) the function.
      const queued = options.asyncLambdas?.(fn.name);
      (queued ? queued(payload) : invokeLocalLambda(fn.handler, fn.name, fn.arn, payload, defaultTimeoutMs)).catch((err: unknown) =>
        log("lambda: asynchronous invocation failed", { functionName: fn.name, error: (err as Error).name, cause: (err as Error).message }),
      );
    } else if (invocationType === "DryRun") {
      statusCode = 204;
    } else {
      const out = await invokeLocalLambda(fn.handler, fn.name, fn.arn, payload, ctx.timeoutMs ?? defaultTimeoutMs);
      result = out.result;
      requestId = out.requestId;
    }
    const length = String(Buffer.byteLength(JSON.stringify(result)));
    const date = httpDate();
    const trace = traceId();
    const headers: Record<string, string> = {
      Connection: "keep-alive",
      "Content-Length": length,
      "Content-Type": "application/json",
      Date: date,
      "X-Amz-Executed-Version": executedVersion,
      "x-amzn-Remapped-Content-Length": "0",
      "x-amzn-RequestId": requestId,
      "X-Amzn-Trace-Id": trace,
    };
    return {
      ExecutedVersion: executedVersion,
      Payload: result,
      SdkHttpMetadata: {
        AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
        HttpHeaders: headers,
        HttpStatusCode: statusCode,
      },
      SdkResponseMetadata: { RequestId: requestId },
      StatusCode: statusCode,
    };
  };

  /** Optimized DynamoDB integration: the API response plus the Java-SDK style metadata AWS adds. */
  const dynamodb = async (action: keyof typeof DYNAMODB_COMMANDS, resource: string, input: unknown, ctx: TaskInvocationContext): Promise<JsonValue> => {
    const client = sdkClients["dynamodb"];
    if (!client) throw unsupported(resource, ctx, "no 'dynamodb' client was given in sdkClients");
    const Command = DYNAMODB_COMMANDS[action] as unknown as new (input: unknown) => unknown;
    let out: Record<string, unknown>;
    try {
      out = (await client.send(new Command(input))) as Record<string, unknown>;
    } catch (err) {
      const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
      if (e.$metadata?.httpStatusCode) {
        throw new StatesError(
          `DynamoDB.${e.name}`,
          `${e.message} (Service: AmazonDynamoDBv2; Status Code: ${e.$metadata.httpStatusCode}; Error Code: ${e.name}; Request ID: ${e.$metadata.requestId ?? ""}; Proxy: null)`,
        );
      }
      throw new StatesError("DynamoDB.AmazonDynamoDBException", String(e.message ?? err));
    }
    const { $metadata, ...rest } = out as { $metadata?: { requestId?: string; httpStatusCode?: number } };
    const body = toJson(rest) as Record<string, JsonValue>;
    const text = JSON.stringify(body);
    const requestId = $metadata?.requestId ?? randomUUID();
    const headers: Record<string, string> = {
      Connection: "keep-alive",
      "Content-Length": String(Buffer.byteLength(text)),
      "Content-Type": "application/x-amz-json-1.0",
      Date: httpDate(),
      Server: "Server",
      "x-amz-crc32": String(crc32(text)),
      "x-amzn-RequestId": requestId,
    };
    return {
      ...body,
      SdkHttpMetadata: {
        AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
        HttpHeaders: headers,
        HttpStatusCode: $metadata?.httpStatusCode ?? 200,
      },
      SdkResponseMetadata: { RequestId: requestId },
    };
  };

  /** AWS SDK integration: `<action>` -> `<Action>Command` of the service's SDK v3 package. */
  const awsSdk = async (service: string, action: string, resource: string, input: unknown, ctx: TaskInvocationContext): Promise<JsonValue> => {
    const client = sdkClients[service];
    if (!client) throw unsupported(resource, ctx, `no '${service}' client was given in sdkClients`);
    const commandName = `${action.charAt(0).toUpperCase()}${action.slice(1)}Command`;
    let commands = options.sdkModules?.[service];
    if (!commands) {
      const pkg = `@aws-sdk/client-${SDK_PACKAGES[service] ?? service}`;
      try {
        commands = (await import(pkg)) as Record<string, unknown>;
      } catch {
        throw unsupported(resource, ctx, `the SDK package ${pkg} cannot be loaded (pass sdkModules.${service})`);
      }
    }
    const Command = commands[commandName] as (new (input: unknown) => unknown) | undefined;
    if (typeof Command !== "function") throw unsupported(resource, ctx, `the ${service} SDK has no ${commandName}`);
    try {
      const { $metadata: _ignored, ...rest } = (await client.send(new Command(input ?? {}))) as Record<string, unknown>;
      return toJson(rest);
    } catch (err) {
      const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
      const serviceId = (client as { config?: { serviceId?: unknown } }).config?.serviceId;
      const prefix = SDK_ERROR_PREFIX[service] ?? (typeof serviceId === "string" ? serviceId.replace(/\s+/g, "") : service.charAt(0).toUpperCase() + service.slice(1));
      if (e.$metadata?.httpStatusCode) {
        const name = e.name && e.name !== "Error" ? e.name : prefix;
        const errorName = `${prefix}.${name.endsWith("Exception") ? name : `${name}Exception`}`;
        throw new StatesError(errorName, `${e.message} (Service: ${prefix}, Status Code: ${e.$metadata.httpStatusCode}, Request ID: ${e.$metadata.requestId ?? ""})`);
      }
      throw new StatesError(`${prefix}.SdkClientException`, String(e.message ?? err));
    }
  };

  return {
    async invoke(resource: string, input: unknown, ctx: TaskInvocationContext): Promise<unknown> {
      // The callback pattern only changes how the engine waits; the call itself is the same.
      const base = resource.endsWith(".waitForTaskToken") ? resource.slice(0, -".waitForTaskToken".length) : resource;
      if (base.startsWith("arn:aws:lambda:")) {
        if (base !== resource) throw unsupported(resource, ctx, "a Lambda function ARN has no .waitForTaskToken form (use arn:aws:states:::lambda:invoke.waitForTaskToken)");
        const fn = resolveFunction(base, resource, ctx);
        const out = await invokeLocalLambda(fn.handler, fn.name, fn.arn, input, ctx.timeoutMs ?? defaultTimeoutMs);
        return out.result;
      }
      if (base === "arn:aws:states:::lambda:invoke") return lambdaInvoke(resource, input, ctx);
      const ddb = /^arn:aws:states:::dynamodb:(getItem|putItem|updateItem|deleteItem)$/.exec(base);
      if (ddb) {
        if (base !== resource) throw unsupported(resource, ctx, "the optimized DynamoDB integration has no .waitForTaskToken form");
        return dynamodb(ddb[1] as keyof typeof DYNAMODB_COMMANDS, resource, input, ctx);
      }
      const sdk = /^arn:aws:states:::aws-sdk:([a-z0-9]+):([a-zA-Z0-9]+)$/.exec(base);
      if (sdk) return awsSdk(sdk[1] ?? "", sdk[2] ?? "", resource, input, ctx);
      throw unsupported(resource, ctx, "there is no local integration for it");
    },
  };
}
