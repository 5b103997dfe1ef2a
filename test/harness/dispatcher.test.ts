import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTaskDispatcher } from "../../local/sfn/dispatcher.js";
import type { TaskDispatcher } from "../../local/sfn/types.js";
import { ACCOUNT, CREDENTIALS, OfferExpiredError, REGION, lambdaArn } from "./helpers.js";

const ctx = { executionArn: "arn:aws:states:us-east-1:000000000000:execution:m:e", stateName: "S" };

let ddbServer: Server;
let ddb: DynamoDBClient;
let dispatcher: TaskDispatcher;
const seenContexts: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  // dynalite ships no types; load it untyped.
  const dynalite = ((await import("dynalite" as string)) as { default: (o: object) => Server }).default;
  ddbServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => ddbServer.listen(0, "127.0.0.1", resolve));
  const { port } = ddbServer.address() as AddressInfo;
  ddb = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: REGION, credentials: CREDENTIALS });
  await ddb.send(
    new CreateTableCommand({
      TableName: "candidates",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    }),
  );
  dispatcher = createTaskDispatcher({
    region: REGION,
    accountId: ACCOUNT,
    sdkClients: { dynamodb: ddb },
    lambdas: {
      greet: async (event, context) => {
        seenContexts.push({ ...context, remaining: context.getRemainingTimeInMillis() });
        return { greeting: `hello ${(event as { name: string }).name}`, at: new Date(0) };
      },
      nothing: async () => undefined,
      expire: async () => {
        throw new OfferExpiredError("offer 42 expired");
      },
    },
  });
});

afterAll(async () => {
  ddb.destroy();
  await new Promise<void>((resolve) => ddbServer.close(() => resolve()));
});

describe("Lambda function ARN resources", () => {
  it("returns the handler's JSON-serialised result as the task result", async () => {
    const out = await dispatcher.invoke(lambdaArn("greet"), { name: "Ada" }, { ...ctx, timeoutMs: 30_000 });
    expect(out).toEqual({ greeting: "hello Ada", at: "1970-01-01T00:00:00.000Z" });
    const c = seenContexts.at(-1)!;
    expect(c["functionName"]).toBe("greet");
    expect(c["invokedFunctionArn"]).toBe(lambdaArn("greet"));
    expect(c["awsRequestId"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(c["remaining"]).toBeGreaterThan(29_000);
  });

  it("reports a thrown error the way AWS does: Error = errorType, Cause = {errorMessage, errorType, trace} JSON", async () => {
    const err = (await dispatcher.invoke(lambdaArn("expire"), {}, ctx).catch((e: unknown) => e)) as Error;
    expect(err.name).toBe("OfferExpiredError");
    const cause = JSON.parse(err.message) as { errorMessage: string; errorType: string; trace: string[] };
    expect(cause.errorType).toBe("OfferExpiredError");
    expect(cause.errorMessage).toBe("offer 42 expired");
    expect(Array.isArray(cause.trace)).toBe(true);
    expect(cause.trace[0]).toContain("OfferExpiredError: offer 42 expired");
  });
});

describe("arn:aws:states:::lambda:invoke", () => {
  it("wraps the handler result in the Invoke API response shape", async () => {
    const out = (await dispatcher.invoke("arn:aws:states:::lambda:invoke", { FunctionName: "greet", Payload: { name: "Grace" } }, ctx)) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(["ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"]);
    expect(out["ExecutedVersion"]).toBe("$LATEST");
    expect(out["StatusCode"]).toBe(200);
    expect(out["Payload"]).toEqual({ greeting: "hello Grace", at: "1970-01-01T00:00:00.000Z" });
    const meta = out["SdkHttpMetadata"] as { HttpStatusCode: number; HttpHeaders: Record<string, string>; AllHttpHeaders: Record<string, string[]> };
    expect(meta.HttpStatusCode).toBe(200);
    expect(meta.HttpHeaders["Content-Type"]).toBe("application/json");
    expect(meta.AllHttpHeaders["X-Amz-Executed-Version"]).toEqual(["$LATEST"]);
    expect((out["SdkResponseMetadata"] as { RequestId: string }).RequestId).toBe(meta.HttpHeaders["x-amzn-RequestId"]);
  });

  it("accepts a function ARN or partial ARN as FunctionName and a null result as Payload null", async () => {
    const full = (await dispatcher.invoke("arn:aws:states:::lambda:invoke", { FunctionName: lambdaArn("nothing"), Payload: {} }, ctx)) as Record<string, unknown>;
    expect(full["Payload"]).toBeNull();
    const partial = (await dispatcher.invoke("arn:aws:states:::lambda:invoke", { FunctionName: `${ACCOUNT}:function:greet`, Payload: { name: "x" } }, ctx)) as Record<string, unknown>;
    expect(partial["Payload"]).toMatchObject({ greeting: "hello x" });
  });

  it("answers an Event invocation with StatusCode 202 and an empty Payload", async () => {
    const out = (await dispatcher.invoke("arn:aws:states:::lambda:invoke", { FunctionName: "greet", InvocationType: "Event", Payload: { name: "later" } }, ctx)) as Record<string, unknown>;
    expect(out["StatusCode"]).toBe(202);
    expect(out["Payload"]).toBe("");
  });

  it("hands an Event invocation to Lambda's event queue when there is one, and answers 202 without waiting for it", async () => {
    let release!: () => void;
    const queued: unknown[] = [];
    const withQueue = createTaskDispatcher({
      region: REGION,
      accountId: ACCOUNT,
      lambdas: { greet: async () => ({ greeting: "synchronous path" }) },
      asyncLambdas: (name) => (name === "greet" ? async (event) => (queued.push(event), new Promise<void>((r) => (release = r))) : undefined),
    });
    const out = (await withQueue.invoke("arn:aws:states:::lambda:invoke", { FunctionName: "greet", InvocationType: "Event", Payload: { name: "later" } }, ctx)) as Record<string, unknown>;
    expect(out["StatusCode"]).toBe(202);
    expect(queued).toEqual([{ name: "later" }]); // still running: the state did not wait for it
    release();
  });

  it("surfaces a function error with the function's error name and AWS-shaped Cause", async () => {
    const err = (await dispatcher.invoke("arn:aws:states:::lambda:invoke", { FunctionName: "expire", Payload: {} }, ctx).catch((e: unknown) => e)) as Error;
    expect(err.name).toBe("OfferExpiredError");
    expect(JSON.parse(err.message)).toMatchObject({ errorType: "OfferExpiredError", errorMessage: "offer 42 expired" });
  });
});

describe("arn:aws:states:::dynamodb:* (optimized integration)", () => {
  it("puts, gets, updates and deletes items with the API's PascalCase shapes plus SDK metadata", async () => {
    const put = (await dispatcher.invoke("arn:aws:states:::dynamodb:putItem", { TableName: "candidates", Item: { pk: { S: "c1" }, stage: { S: "applied" } } }, ctx)) as Record<string, unknown>;
    expect(put["SdkHttpMetadata"]).toMatchObject({ HttpStatusCode: 200 });
    expect(put["SdkResponseMetadata"]).toHaveProperty("RequestId");

    const got = (await dispatcher.invoke("arn:aws:states:::dynamodb:getItem", { TableName: "candidates", Key: { pk: { S: "c1" } } }, ctx)) as Record<string, unknown>;
    expect(got["Item"]).toEqual({ pk: { S: "c1" }, stage: { S: "applied" } });

    const updated = (await dispatcher.invoke(
      "arn:aws:states:::dynamodb:updateItem",
      { TableName: "candidates", Key: { pk: { S: "c1" } }, UpdateExpression: "SET stage = :s", ExpressionAttributeValues: { ":s": { S: "offer" } }, ReturnValues: "ALL_NEW" },
      ctx,
    )) as Record<string, unknown>;
    expect(updated["Attributes"]).toEqual({ pk: { S: "c1" }, stage: { S: "offer" } });

    await dispatcher.invoke("arn:aws:states:::dynamodb:deleteItem", { TableName: "candidates", Key: { pk: { S: "c1" } } }, ctx);
    const gone = (await dispatcher.invoke("arn:aws:states:::dynamodb:getItem", { TableName: "candidates", Key: { pk: { S: "c1" } } }, ctx)) as Record<string, unknown>;
    expect(gone["Item"]).toBeUndefined();
  });

  it("names service errors DynamoDB.<ErrorCode> with the Java-SDK style cause", async () => {
    const err = (await dispatcher
      .invoke("arn:aws:states:::dynamodb:putItem", { TableName: "candidates", Item: { pk: { S: "c2" } }, ConditionExpression: "attribute_exists(pk)" }, ctx)
      .catch((e: unknown) => e)) as Error;
    expect(err.name).toBe("DynamoDB.ConditionalCheckFailedException");
    expect(err.message).toMatch(/\(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: .*; Proxy: null\)$/);
  });
});

describe("arn:aws:states:::aws-sdk:<service>:<action>", () => {
  it("calls <Action>Command on the given client and returns the plain API response", async () => {
    await dispatcher.invoke("arn:aws:states:::aws-sdk:dynamodb:putItem", { TableName: "candidates", Item: { pk: { S: "c3" } } }, ctx);
    const got = (await dispatcher.invoke("arn:aws:states:::aws-sdk:dynamodb:getItem", { TableName: "candidates", Key: { pk: { S: "c3" } } }, ctx)) as Record<string, unknown>;
    expect(got).toEqual({ Item: { pk: { S: "c3" } } });
    const table = (await dispatcher.invoke("arn:aws:states:::aws-sdk:dynamodb:describeTable", { TableName: "candidates" }, ctx)) as { Table: { CreationDateTime: unknown } };
    expect(typeof table.Table.CreationDateTime).toBe("string");
  });

  it("names SDK errors <Service>.<Name>Exception, Step Functions style", async () => {
    const err = (await dispatcher
      .invoke("arn:aws:states:::aws-sdk:dynamodb:putItem", { TableName: "candidates", Item: { pk: { S: "c4" } }, ConditionExpression: "attribute_exists(pk)" }, ctx)
      .catch((e: unknown) => e)) as Error;
    expect(err.name).toBe("DynamoDb.ConditionalCheckFailedException");
    expect(err.message).toMatch(/\(Service: DynamoDb, Status Code: 400, Request ID: /);
  });
});

describe("resources without a local integration", () => {
  it.each([
    ["an SQS integration", "arn:aws:states:::sqs:sendMessage", { QueueUrl: "q", MessageBody: "m" }, /sqs:sendMessage.*no local integration/],
    ["an unknown Lambda function", lambdaArn("nope"), {}, /no local Lambda handler named 'nope'/],
    ["a Lambda in another account", "arn:aws:lambda:us-east-1:111111111111:function:greet", {}, /outside the local account/],
    ["lambda:invoke of an unknown function", "arn:aws:states:::lambda:invoke", { FunctionName: "ghost", Payload: {} }, /no local Lambda handler named 'ghost'/],
    ["an aws-sdk service without a client", "arn:aws:states:::aws-sdk:s3:getObject", { Bucket: "b", Key: "k" }, /no 's3' client/],
    ["an activity", "arn:aws:states:us-east-1:000000000000:activity:review", {}, /no local integration/],
    ["a nested execution", "arn:aws:states:::states:startExecution.sync", {}, /no local integration/],
  ])("rejects %s with an error naming the resource, without calling anything", async (_label, resource, input, pattern) => {
    const err = (await dispatcher.invoke(resource, input, ctx).catch((e: unknown) => e)) as Error & { isCatchable: boolean };
    expect(err.name).toBe("States.Runtime");
    expect(err.message).toContain(resource);
    expect(err.message).toMatch(pattern);
    expect(err.isCatchable).toBe(false);
  });
});
