// IAM in the local stack: calls are authorized against the synthesized template's roles, through the
// real SDK clients and the real harness, and a denial looks like AWS's.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { createDocumentClient } from "../../lambdas/adapters/dynamo-store.js";
import { withLocalHooks } from "../../lambdas/adapters/client-config.js";
import { LOCAL_SCHEDULE_GROUP, LOCAL_SCHEDULER_ROLE_ARN, LOCAL_SECRET_ARN, LOCAL_TABLE, startLocalStack, type LocalStack } from "../../local/stack.js";
import { localIamEnabled, runAs, type Caller } from "../../local/iam/index.js";
import { requestsFor, type CallDescription } from "../../local/iam/requests.js";

const region = "us-east-1";
const credentials = { accessKeyId: "local", secretAccessKey: "local" };
const as = (id: Extract<Caller, { kind: "function" }>["id"]): Caller => ({ kind: "function", id });

let stack: LocalStack;
let closed = false;
beforeAll(async () => {
  stack = await startLocalStack({ dataDir: mkdtempSync(join(tmpdir(), "hirepath-iam-")), appPort: 0, seed: false, iam: true, iamEvidenceFile: null });
});
afterAll(async () => {
  if (!closed) await stack?.close();
});

const map = (call: CallDescription, issuer?: string) =>
  requestsFor(call, { model: stack.iam!.authorizer.model, issuingStateMachine: () => issuer, phoneNumberIds: {} });
const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:000000000000:${resource}`;

describe("IAM in the local stack", () => {
  it("is on by default, and HIREPATH_LOCAL_IAM=off turns it off", () => {
    expect(localIamEnabled({})).toBe(true);
    expect(localIamEnabled({ HIREPATH_LOCAL_IAM: "off" })).toBe(false);
    expect(stack.iam).toBeDefined();
  });

  it("answers a read-only function's write with DynamoDB's AccessDeniedException, and writes nothing", async () => {
    const doc = createDocumentClient({ endpoint: stack.dynamoEndpoint, region, credentials });
    const key = { pk: `IAMTEST#${Date.now()}`, sk: "x" };
    const denied = await runAs(as("CheckEngagement"), () => doc.send(new PutCommand({ TableName: LOCAL_TABLE, Item: key }))).catch((e: unknown) => e);
    expect(denied).toMatchObject({ name: "AccessDeniedException", $fault: "client", $metadata: { httpStatusCode: 400 } });
    expect((denied as Error).message).toMatch(/assumed-role\/CheckEngagementRole\w+\/local is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table\/hirepath-local/);
    const read = await runAs(as("CheckEngagement"), () => doc.send(new GetCommand({ TableName: LOCAL_TABLE, Key: key })));
    expect(read.Item).toBeUndefined();
  });

  it("denies Step Functions (JSON protocol) and SES v2 (REST protocol) calls the role lacks, in each client's own error", async () => {
    const sfn = withLocalHooks(new SFNClient({ endpoint: stack.awsEndpoint, region, credentials }));
    const started = await runAs(as("CheckEngagement"), () => sfn.send(new StartExecutionCommand({ stateMachineArn: stack.stateMachineArn("ApplicationJourney"), input: "{}" }))).catch((e: unknown) => e);
    expect(started).toMatchObject({ name: "AccessDeniedException", $metadata: { httpStatusCode: 400 } });
    expect(stack.engine.listExecutions({ stateMachineArn: stack.stateMachineArn("ApplicationJourney") })).toHaveLength(0);

    const ses = withLocalHooks(new SESv2Client({ endpoint: stack.awsEndpoint, region, credentials }));
    const email = { FromEmailAddress: "Hirepath <no-reply@hirepath.local>", Destination: { ToAddresses: ["a@example.com"] }, Content: { Simple: { Subject: { Data: "s" }, Body: { Text: { Data: "b" } } } } };
    const sent = await runAs(as("CheckEngagement"), () => ses.send(new SendEmailCommand(email))).catch((e: unknown) => e);
    expect(sent).toMatchObject({ name: "AccessDeniedException", $metadata: { httpStatusCode: 403 } });
  });

  it("authorizes a Query with IndexName against the index ARN, not the table's", () => {
    expect(map({ service: "DynamoDB", operation: "Query", input: { TableName: LOCAL_TABLE, IndexName: "byEmail" } })[0]).toEqual({
      action: "dynamodb:Query",
      resource: arn("dynamodb", "table/hirepath-local/index/byEmail"),
    });
  });

  it("adds kms:Decrypt on the customer-managed key for the table and the secret, via each service", () => {
    const key = stack.iam!.authorizer.model.keyOf[arn("dynamodb", "table/hirepath-local")];
    expect(key).toMatch(/^arn:aws:kms:/);
    expect(map({ service: "DynamoDB", operation: "GetItem", input: { TableName: LOCAL_TABLE } })).toContainEqual({
      action: "kms:Decrypt",
      resource: key,
      context: { "kms:ViaService": "dynamodb.us-east-1.amazonaws.com", "kms:CallerAccount": "000000000000" },
    });
    expect(map({ service: "SecretsManager", operation: "GetSecretValue", input: { SecretId: LOCAL_SECRET_ARN } })).toContainEqual(
      expect.objectContaining({ action: "kms:Decrypt", resource: key, context: expect.objectContaining({ "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" }) }),
    );
  });

  it("checks both SES ARNs, the identity and the configuration set", async () => {
    const call: CallDescription = { service: "SESv2", operation: "SendEmail", input: { FromEmailAddress: "Hirepath <no-reply@hirepath.local>", ConfigurationSetName: "hirepath-local" } };
    expect(map(call).map((r) => r.resource)).toEqual([arn("ses", "identity/hirepath.local"), arn("ses", "configuration-set/hirepath-local")]);
    await expect(stack.iam!.authorize(as("InterviewStep"), call)).resolves.toBeUndefined();
    // A configuration set the role does not name is denied even though the identity is granted.
    await expect(stack.iam!.authorize(as("InterviewStep"), { ...call, input: { ...call.input, ConfigurationSetName: "other" } })).rejects.toThrow(/ses:SendEmail on resource: .*configuration-set\/other/);
  });

  it("checks iam:PassRole for a schedule's role, only to Scheduler", async () => {
    const call: CallDescription = {
      service: "Scheduler",
      operation: "CreateSchedule",
      input: { Name: "reengage-c1", GroupName: LOCAL_SCHEDULE_GROUP, Target: { Arn: stack.stateMachineArn("ReEngagement"), RoleArn: LOCAL_SCHEDULER_ROLE_ARN } },
    };
    expect(map(call)).toContainEqual({ action: "iam:PassRole", resource: LOCAL_SCHEDULER_ROLE_ARN, context: { "iam:PassedToService": "scheduler.amazonaws.com" } });
    await expect(stack.iam!.authorize(as("HrApi"), call)).resolves.toBeUndefined();
    await expect(stack.iam!.authorize(as("SendMessage"), call)).rejects.toThrow(/scheduler:CreateSchedule/);
    const otherRole = { ...call, input: { ...call.input, Target: { Arn: stack.stateMachineArn("ReEngagement"), RoleArn: "arn:aws:iam::000000000000:role/admin" } } };
    await expect(stack.iam!.authorize(as("HrApi"), otherRole)).rejects.toThrow(/iam:PassRole on resource: arn:aws:iam::000000000000:role\/admin/);
  });

  it("authorizes task-token calls against the state machine that issued the token", async () => {
    const offer = stack.stateMachineArn("OfferJourney");
    const call: CallDescription = { service: "SFN", operation: "SendTaskSuccess", input: { taskToken: "t", output: "{}" } };
    expect(map(call, offer)).toEqual([{ action: "states:SendTaskSuccess", resource: offer }]);
    const issued = (machine: string) =>
      requestsFor(call, { model: stack.iam!.authorizer.model, issuingStateMachine: () => machine, phoneNumberIds: {} });
    expect(issued(offer)).toHaveLength(1);
    await expect(stack.iam!.authorizer.authorize(as("OfferLinks"), issued(offer))).resolves.toBeUndefined();
    await expect(stack.iam!.authorizer.authorize(as("OfferLinks"), issued(stack.stateMachineArn("InterviewJourney")))).rejects.toThrow(/states:SendTaskSuccess/);
  });

  it("checks a state machine's role before the harness invokes a Lambda: the task fails as Step Functions reports it", async () => {
    const name = stack.stateMachineArn("TalentImport").split(":").pop()!;
    const hrApi = "arn:aws:lambda:us-east-1:000000000000:function:hirepath-hr-api";
    stack.engine.registerStateMachine(name, { StartAt: "CallHrApi", States: { CallHrApi: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: hrApi, Payload: {} }, End: true } } });
    const before = stack.runtime.stats.HrApi.invocations;
    const { executionArn } = await stack.engine.startExecution({ stateMachineArn: stack.stateMachineArn("TalentImport"), input: "{}" });
    await expect.poll(() => stack.engine.describeExecution(executionArn).status).toBe("FAILED");
    const failed = stack.engine.describeExecution(executionArn);
    expect(failed.error).toBe("Lambda.AWSLambdaException");
    expect(failed.cause).toMatch(/not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:000000000000:function:hirepath-hr-api .*Status Code: 403; Error Code: AccessDeniedException/);
    expect(stack.runtime.stats.HrApi.invocations).toBe(before);
  });

  it("lets EventBridge rules and the SNS topic invoke only the functions whose Lambda permissions name them", async () => {
    const { authorizer } = stack.iam!;
    const [emailRule] = Object.entries(authorizer.model.ruleArnsByPattern).find(([pattern]) => pattern.includes("aws.ses"))!.slice(1) as [string];
    await expect(authorizer.authorizeServiceInvoke("events.amazonaws.com", "hirepath-message-events", emailRule)).resolves.toBe(true);
    await expect(authorizer.authorizeServiceInvoke("events.amazonaws.com", "hirepath-hr-api", emailRule)).resolves.toBe(false);
    await expect(authorizer.authorizeServiceInvoke("events.amazonaws.com", "hirepath-message-events", arn("events", "rule/someone-elses"))).resolves.toBe(false);
    const topic = authorizer.model.topicArns[0]!;
    await expect(authorizer.authorizeServiceInvoke("sns.amazonaws.com", "hirepath-inbound-sms", topic)).resolves.toBe(true);
    await expect(authorizer.authorizeServiceInvoke("sns.amazonaws.com", "hirepath-message-events", topic)).resolves.toBe(false);
  });

  it("refuses to let a call it cannot map pass unchecked", () => {
    expect(() => map({ service: "DynamoDB", operation: "DeleteTable", input: { TableName: LOCAL_TABLE } })).toThrow(/no IAM mapping for DynamoDB.DeleteTable/);
  });
});

describe("with the switch off", () => {
  it("lets the same denied write through (and says so at startup)", async () => {
    await stack.close();
    closed = true;
    const lines: string[] = [];
    const off = await startLocalStack({ dataDir: mkdtempSync(join(tmpdir(), "hirepath-iam-off-")), appPort: 0, seed: false, iam: false, iamEvidenceFile: null, log: (l) => lines.push(l) });
    try {
      expect(off.iam).toBeUndefined();
      expect(lines.join("\n")).toMatch(/IAM is OFF/);
      const doc = createDocumentClient({ endpoint: off.dynamoEndpoint, region, credentials });
      await expect(runAs(as("CheckEngagement"), () => doc.send(new PutCommand({ TableName: LOCAL_TABLE, Item: { pk: "IAMTEST#off", sk: "x" } })))).resolves.toBeDefined();
    } finally {
      await off.close();
    }
  });
});
