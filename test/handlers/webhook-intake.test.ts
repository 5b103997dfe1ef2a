import { createHash, createHmac } from "node:crypto";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signGenericWebhook } from "../../lambdas/core/intake/webhook-signature.js";
import { encryptFeishuBody } from "../../lambdas/core/intake/feishu-webhook.js";
import { fixture, fixtureText } from "../fixtures/index.js";
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

function event(body: string, headers: Record<string, string>, source = "generic") {
  return {
    version: "2.0",
    routeKey: "POST /webhooks/{source}",
    rawPath: `/webhooks/${source}`,
    rawQueryString: "",
    headers: { "content-type": "application/json", ...headers },
    pathParameters: { source },
    requestContext: { http: { method: "POST", path: `/webhooks/${source}` }, routeKey: "POST /webhooks/{source}", requestId: "r" },
    body,
    isBase64Encoded: false,
  };
}
const now = () => String(Math.floor(Date.now() / 1000));
const ts = now();
/** Every item the handler wrote, whether by PutItem or inside a transaction. */
const writtenItems = () => [
  ...ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item!),
  ...ddb.commandCalls(TransactWriteCommand).flatMap((c) => (c.args[0].input.TransactItems ?? []).flatMap((t) => (t.Put ? [t.Put.Item!] : []))),
];

describe("webhook-intake handler", () => {
  it("accepts a signed application and starts the journey named after the application", async () => {
    const body = fixtureText("generic/application-created.json");
    const res = await handler(event(body, { "x-hirepath-signature": signGenericWebhook(body, secret, ts), "x-hirepath-delivery": "d-1", "x-hirepath-timestamp": ts }), lambdaContext);
    expect(res.statusCode).toBe(202);
    const start = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(start.name).toMatch(/^app-/);
    expect(JSON.parse(start.input!)).toMatchObject({ requisitionId: "req-sales-sh", config: { nudgeAfterSeconds: 3600 } });
  });

  it("answers 401 with a code and keeps the raw body as a dead letter when the signature is wrong", async () => {
    const body = fixtureText("generic/application-created.json");
    const res = await handler(event(body, { "x-hirepath-signature": signGenericWebhook(body, "wrong-secret-000000000", ts), "x-hirepath-delivery": "d-2", "x-hirepath-timestamp": ts }), lambdaContext);
    expect(res.statusCode).toBe(401);
    const problem = JSON.parse(res.body);
    expect(problem).toMatchObject({ code: "signature-mismatch", deadLetterId: expect.any(String) });
    const kept = writtenItems().find((i) => i.kind === "dead-letter");
    expect(kept).toMatchObject({ rawBody: body, code: "signature-mismatch", status: "open" });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it("answers 400 naming each bad field path", async () => {
    const body = JSON.stringify({ event: "application.created", candidate: { name: "x", email: "not-an-email" }, application: {} });
    const res = await handler(event(body, { "x-hirepath-signature": signGenericWebhook(body, secret, ts), "x-hirepath-delivery": "d-3", "x-hirepath-timestamp": ts }), lambdaContext);
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(JSON.parse(res.body).errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(["candidate.email", "application.requisitionId"]));
  });

  it("answers 401 for a stale timestamp", async () => {
    const body = fixtureText("generic/application-created.json");
    const stale = String(Math.floor(Date.now() / 1000) - 600);
    const res = await handler(event(body, { "x-hirepath-signature": signGenericWebhook(body, secret, stale), "x-hirepath-delivery": "d-4", "x-hirepath-timestamp": stale }), lambdaContext);
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body).code).toBe("timestamp-stale");
  });

  it("keeps the dead letter and answers 500 without internals when a dependency fails", async () => {
    sfn.on(StartExecutionCommand).rejects(new Error("boom: internal detail"));
    const body = fixtureText("generic/application-created.json");
    const res = await handler(event(body, { "x-hirepath-signature": signGenericWebhook(body, secret, ts), "x-hirepath-delivery": "d-5", "x-hirepath-timestamp": ts }), lambdaContext);
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain("internal detail");
    expect(writtenItems().some((i) => i.kind === "dead-letter")).toBe(true);
  });
});

describe("webhook-intake handler: sources that send ids only", () => {
  const items = writtenItems;
  const leverBody = (signatureToken: string) => {
    const body = fixture<{ token: string; triggeredAt: number; signature: string }>("lever/application-created.json");
    body.triggeredAt = Date.now();
    body.signature = createHmac("sha256", signatureToken).update(body.token + String(body.triggeredAt)).digest("hex");
    return JSON.stringify(body);
  };
  const feishuSigned = (body: string) => {
    const timestamp = now();
    const nonce = "n-1";
    return { "x-lark-request-timestamp": timestamp, "x-lark-request-nonce": nonce, "x-lark-signature": createHash("sha256").update(timestamp + nonce + TEST_SECRETS.webhookSecrets.feishu + body).digest("hex") };
  };
  const feishuEvent = () => {
    const plain = fixture<{ header: { token: string } }>("feishu/application-stage-changed.json");
    plain.header.token = TEST_SECRETS.webhookSecrets["feishu-verification-token"];
    return JSON.stringify(plain);
  };

  it("Lever: acknowledges a signed event with 200, keeps the raw payload, and starts no journey", async () => {
    const body = leverBody(TEST_SECRETS.webhookSecrets.lever);
    const res = await handler(event(body, {}, "lever"), lambdaContext);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ignored: true, event: "applicationCreated", externalIds: { opportunityId: "250d8f03-738a-4bba-a671-8a3d73477145" } });
    expect(items().find((i) => i.kind === "raw-payload")).toMatchObject({ source: "lever", body });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it("Lever: answers 401 signature-mismatch and keeps a dead letter for a wrong signature", async () => {
    const body = leverBody("not_the_lever_token_at_all_000");
    const res = await handler(event(body, {}, "lever"), lambdaContext);
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ code: "signature-mismatch", deadLetterId: expect.any(String) });
    expect(items().find((i) => i.kind === "dead-letter")).toMatchObject({ source: "lever", rawBody: body, code: "signature-mismatch" });
  });

  it("Feishu: echoes an encrypted url_verification challenge and nothing else", async () => {
    const challenge = JSON.stringify({ ...fixture("feishu/url-verification.json"), token: TEST_SECRETS.webhookSecrets["feishu-verification-token"] });
    const body = JSON.stringify({ encrypt: encryptFeishuBody(challenge, TEST_SECRETS.webhookSecrets.feishu) });
    const res = await handler(event(body, {}, "feishu"), lambdaContext);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: "ajls384kdjx98XX" });
    expect(items()).toHaveLength(0);
  });

  it("Feishu: decrypts a signed event and keeps its plaintext", async () => {
    const plain = feishuEvent();
    const body = JSON.stringify({ encrypt: encryptFeishuBody(plain, TEST_SECRETS.webhookSecrets.feishu) });
    const res = await handler(event(body, feishuSigned(body), "feishu"), lambdaContext);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ignored: true, deliveryId: "7d1e4b2a9c3f48e6b5a0c2d9e8f71634", event: "hire.application.stage_changed_v1" });
    expect(items().find((i) => i.kind === "raw-payload")).toMatchObject({ source: "feishu", body: plain });
  });

  it("Feishu: answers 401 timestamp-stale for an old request timestamp and keeps a dead letter", async () => {
    const body = feishuEvent();
    const headers = feishuSigned(body);
    const stale = String(Number(headers["x-lark-request-timestamp"]) - 900);
    headers["x-lark-request-timestamp"] = stale;
    headers["x-lark-signature"] = createHash("sha256").update(stale + headers["x-lark-request-nonce"] + TEST_SECRETS.webhookSecrets.feishu + body).digest("hex");
    const res = await handler(event(body, headers, "feishu"), lambdaContext);
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body).code).toBe("timestamp-stale");
    expect(items().find((i) => i.kind === "dead-letter")).toMatchObject({ source: "feishu", rawBody: body, code: "timestamp-stale" });
  });
});
