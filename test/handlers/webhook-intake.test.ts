import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signGenericWebhook } from "../../lambdas/core/webhook-signature.js";
import { fixtureText } from "../fixtures/index.js";
import { lambdaContext, stubHandlerEnv, TEST_SECRETS } from "./handler-env.js";

const secrets = mockClient(SecretsManagerClient);
const sfn = mockClient(SFNClient);
const ddb = mockClient(DynamoDBDocumentClient);
const secret = TEST_SECRETS.webhookSecrets.generic;

let handler: (e: unknown, c: unknown) => Promise<{ statusCode: number; body: string; headers: Record<string, string> }>;
beforeAll(async () => {
  stubHandlerEnv();
  ({ handler } = (await import("../../lambdas/handlers/webhook-intake.js")) as never);
});
beforeEach(() => {
  for (const m of [secrets, sfn, ddb]) m.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(TEST_SECRETS) });
  ddb.on(PutCommand).resolves({});
  ddb.on(GetCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  sfn.on(StartExecutionCommand).resolves({ executionArn: "arn:aws:states:us-east-1:123456789012:execution:j:app-1", startDate: new Date() });
});

function event(body: string, headers: Record<string, string>) {
  return {
    version: "2.0",
    routeKey: "POST /webhooks/{source}",
    rawPath: "/webhooks/generic",
    rawQueryString: "",
    headers: { "content-type": "application/json", ...headers },
    pathParameters: { source: "generic" },
    requestContext: { http: { method: "POST", path: "/webhooks/generic" }, routeKey: "POST /webhooks/{source}", requestId: "r" },
    body,
    isBase64Encoded: false,
  };
}
const now = () => String(Math.floor(Date.now() / 1000));

describe("webhook-intake handler", () => {
  it("accepts a signed application and starts the journey named after the application", async () => {
    const body = fixtureText("generic/application-created.json");
    const res = await handler(event(body, { "x-hirepath-signature": signGenericWebhook(body, secret), "x-hirepath-delivery": "d-1", "x-hirepath-timestamp": now() }), lambdaContext);
    expect(res.statusCode).toBe(202);
    const start = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(start.name).toMatch(/^app-/);
    expect(JSON.parse(start.input!)).toMatchObject({ requisitionId: "req-sales-sh", config: { nudgeAfterSeconds: 3600 } });
  });

  it("answers 401 with a code and keeps the raw body as a dead letter when the signature is wrong", async () => {
    const body = fixtureText("generic/application-created.json");
    const res = await handler(event(body, { "x-hirepath-signature": signGenericWebhook(body, "wrong-secret-000000000"), "x-hirepath-delivery": "d-2", "x-hirepath-timestamp": now() }), lambdaContext);
    expect(res.statusCode).toBe(401);
    const problem = JSON.parse(res.body);
    expect(problem).toMatchObject({ code: "signature-mismatch", deadLetterId: expect.any(String) });
    const kept = ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item!).find((i) => i.kind === "dead-letter");
    expect(kept).toMatchObject({ rawBody: body, code: "signature-mismatch", status: "open" });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it("answers 400 naming each bad field path", async () => {
    const body = JSON.stringify({ event: "application.created", candidate: { name: "x", email: "not-an-email" }, application: {} });
    const res = await handler(event(body, { "x-hirepath-signature": signGenericWebhook(body, secret), "x-hirepath-delivery": "d-3", "x-hirepath-timestamp": now() }), lambdaContext);
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(JSON.parse(res.body).errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(["candidate.email", "application.requisitionId"]));
  });

  it("answers 401 for a stale timestamp", async () => {
    const body = fixtureText("generic/application-created.json");
    const stale = String(Math.floor(Date.now() / 1000) - 600);
    const res = await handler(event(body, { "x-hirepath-signature": signGenericWebhook(body, secret), "x-hirepath-delivery": "d-4", "x-hirepath-timestamp": stale }), lambdaContext);
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body).code).toBe("timestamp-stale");
  });

  it("keeps the dead letter and answers 500 without internals when a dependency fails", async () => {
    sfn.on(StartExecutionCommand).rejects(new Error("boom: internal detail"));
    const body = fixtureText("generic/application-created.json");
    const res = await handler(event(body, { "x-hirepath-signature": signGenericWebhook(body, secret), "x-hirepath-delivery": "d-5", "x-hirepath-timestamp": now() }), lambdaContext);
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain("internal detail");
    expect(ddb.commandCalls(PutCommand).some((c) => c.args[0].input.Item?.kind === "dead-letter")).toBe(true);
  });
});
