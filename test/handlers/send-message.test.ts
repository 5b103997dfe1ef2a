import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { keys } from "../../lambdas/core/shared/keys.js";
import { derivedId } from "../../lambdas/core/shared/ids.js";
import { lambdaContext, stubHandlerEnv, TEST_SECRETS } from "./handler-env.js";

const ses = mockClient(SESv2Client);
const sms = mockClient(PinpointSMSVoiceV2Client);
const secrets = mockClient(SecretsManagerClient);
const ddb = mockClient(DynamoDBDocumentClient);

const candidate = { ...keys.candidateProfile("c1"), kind: "candidate", candidateId: "c1", name: "Alex", emailNorm: "alex@example.com", phoneE164: "+12065550142", locale: "en", timeZone: "UTC", preferredChannel: "email", source: "generic", createdAt: "t", updatedAt: "t" };
const input = { candidateId: "c1", template: "interview-invite", channel: "email", idempotencyKey: "exec-1#invite" };
const messageId = derivedId("message", "exec-1#invite");

let handler: (e: unknown, c: unknown) => Promise<{ messageId: string; status: string; channel: string; duplicate: boolean }>;
beforeAll(async () => {
  stubHandlerEnv();
  // The mocked table never receives a provider event: no point waiting for one.
  process.env.SEND_EVIDENCE_WAIT_SECONDS = "0";
  ({ handler } = (await import("../../lambdas/handlers/send-message.js")) as never);
});

beforeEach(() => {
  for (const m of [ses, sms, secrets, ddb]) m.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(TEST_SECRETS) });
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: keys.candidateProfile("c1") }).resolves({ Item: candidate });
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  // A failed send's timeline event moves the derived talent status (the stores' follower): its record and search entries.
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(BatchWriteCommand).resolves({});
  // The candidate's view (no earlier failures on the timeline).
  ddb.on(QueryCommand).resolves({ Items: [candidate] });
  ses.on(SendEmailCommand).resolves({ MessageId: "ses-1" });
  sms.on(SendTextMessageCommand).resolves({ MessageId: "sms-1" });
});

describe("send-message handler", () => {
  it("sends the invite by email with our message tag, configuration set and one-click unsubscribe", async () => {
    const result = await handler(input, lambdaContext);
    expect(result).toEqual({ messageId, channel: "email", status: "sent", duplicate: false });
    const sent = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(sent.ConfigurationSetName).toBe("hirepath");
    expect(sent.EmailTags).toEqual([{ Name: "hirepath-message-id", Value: messageId }]);
    expect(sent.Content?.Simple?.Headers?.map((h) => h.Name)).toEqual(["List-Unsubscribe", "List-Unsubscribe-Post"]);
    expect(sent.Content?.Simple?.Body?.Html?.Data).toContain("https://api.example.com/l/");
  });

  it("does not send again when the step is retried after a successful send", async () => {
    ddb.on(GetCommand, { Key: keys.message(messageId) }).resolves({ Item: { ...keys.message(messageId), kind: "message", messageId, idempotencyKey: "exec-1#invite", candidateId: "c1", channel: "email", template: "interview-invite", to: "alex@example.com", status: "sent", createdAt: "t" } });
    const result = await handler(input, lambdaContext);
    expect(result).toMatchObject({ status: "sent", duplicate: true });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it("sends nothing when an earlier attempt died mid-send but the provider's Send event shows it went out, and says so", async () => {
    const claim = { ...keys.message(messageId), kind: "message", messageId, idempotencyKey: "exec-1#invite", candidateId: "c1", channel: "email", template: "interview-invite", to: "alex@example.com", status: "sending", attempt: 1, createdAt: "t" };
    ddb.on(GetCommand, { Key: keys.message(messageId) }).resolves({ Item: { ...claim, acceptedAt: "2026-11-21T10:00:00.000Z", provider: "sesv2", providerMessageId: "ses-0" } });
    expect(await handler(input, lambdaContext)).toMatchObject({ status: "sent", duplicate: true, recovery: "provider-confirmed" });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it("sends again, once, when an earlier attempt died mid-send and the provider has no record of it", async () => {
    const claim = { ...keys.message(messageId), kind: "message", messageId, idempotencyKey: "exec-1#invite", candidateId: "c1", channel: "email", template: "interview-invite", to: "alex@example.com", status: "sending", attempt: 1, createdAt: "t" };
    ddb.on(GetCommand, { Key: keys.message(messageId) }).resolves({ Item: claim });
    expect(await handler(input, lambdaContext)).toMatchObject({ status: "sent", duplicate: false, recovery: "resent" });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    // The take-over names the attempt it read, so a second retry that read the same claim loses.
    const takeOver = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input).find((i) => String(i.ConditionExpression).includes("#attempt = :expected"));
    expect(takeOver?.ExpressionAttributeValues).toMatchObject({ ":expected": 1, ":from": "sending" });
  });

  it("falls back to SMS when the candidate has no email", async () => {
    ddb.on(GetCommand, { Key: keys.candidateProfile("c1") }).resolves({ Item: { ...candidate, emailNorm: undefined } });
    expect(await handler(input, lambdaContext)).toMatchObject({ channel: "sms", status: "sent" });
    expect(sms.commandCalls(SendTextMessageCommand)[0]!.args[0].input).toMatchObject({ DestinationPhoneNumber: "+12065550142", Context: { "hirepath-message-id": messageId } });
  });

  it("turns SES throttling into TransientError, which the ASL retries, and releases the claim", async () => {
    ses.on(SendEmailCommand).rejects(Object.assign(new Error("slow down"), { name: "TooManyRequestsException", $metadata: { httpStatusCode: 429 } }));
    await expect(handler(input, lambdaContext)).rejects.toMatchObject({ name: "TransientError" });
    const marks = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input.ExpressionAttributeValues);
    expect(marks.some((v) => Object.values(v ?? {}).includes("failed"))).toBe(true);
  });

  it("rejects input without an idempotency key, naming the field", async () => {
    await expect(handler({ ...input, idempotencyKey: undefined }, lambdaContext)).rejects.toMatchObject({ name: "ValidationError", message: expect.stringContaining("idempotencyKey") });
  });
});
