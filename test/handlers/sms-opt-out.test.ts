// Opt-outs at the SMS provider become the domain's UnsubscribedError (adapter), and inbound texts from
// the two-way SNS topic record an SMS unsubscribe or a reply (InboundSms handler, DynamoDB mocked).
import { PinpointClient, SendMessagesCommand } from "@aws-sdk/client-pinpoint";
import { ConflictException, PinpointSMSVoiceV2Client, SendTextMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EndUserMessagingSmsSender, PinpointSmsSender } from "../../lambdas/adapters/sms-sender.js";
import { TransientError, UnsubscribedError } from "../../lambdas/core/shared/errors.js";
import { keys } from "../../lambdas/core/shared/keys.js";
import { lambdaContext, stubHandlerEnv } from "./handler-env.js";

const smsV2 = mockClient(PinpointSMSVoiceV2Client);
const pinpoint = mockClient(PinpointClient);
const ddb = mockClient(DynamoDBDocumentClient);
const sms = { to: "+8613900001234", body: "【Hirepath】hello 回复TD退订", tags: { "hirepath-message-id": "m1" } };

describe("SMS sender adapters: a provider opt-out is UnsubscribedError", () => {
  beforeEach(() => {
    smsV2.reset();
    pinpoint.reset();
  });

  it("translates SendTextMessage's ConflictException DESTINATION_PHONE_NUMBER_OPTED_OUT into UnsubscribedError", async () => {
    smsV2.on(SendTextMessageCommand).rejects(
      new ConflictException({ message: "opted out", $metadata: { httpStatusCode: 400 }, Reason: "DESTINATION_PHONE_NUMBER_OPTED_OUT", ResourceType: "opt-out-list", ResourceId: "Default" }),
    );
    const sender = new EndUserMessagingSmsSender(new PinpointSMSVoiceV2Client({ region: "us-east-1" }), { originationIdentity: "pool-1", configurationSet: "hirepath-sms" });
    const error = await sender.sendSms(sms).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsubscribedError);
    expect((error as UnsubscribedError).name).toBe("UnsubscribedError");
  });

  it("leaves any other ConflictException as it is (not an opt-out, not retryable)", async () => {
    smsV2.on(SendTextMessageCommand).rejects(new ConflictException({ message: "no identity", $metadata: { httpStatusCode: 400 }, Reason: "NO_ORIGINATION_IDENTITIES_FOUND" }));
    const sender = new EndUserMessagingSmsSender(new PinpointSMSVoiceV2Client({ region: "us-east-1" }), { originationIdentity: "pool-1", configurationSet: "hirepath-sms" });
    const error = await sender.sendSms(sms).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictException);
    expect(error).not.toBeInstanceOf(UnsubscribedError);
    expect(error).not.toBeInstanceOf(TransientError);
  });

  it("translates Pinpoint's per-address DeliveryStatus OPT_OUT into UnsubscribedError", async () => {
    pinpoint.on(SendMessagesCommand).resolves({ MessageResponse: { ApplicationId: "app", Result: { [sms.to]: { DeliveryStatus: "OPT_OUT", StatusCode: 400, StatusMessage: "opted out" } } } });
    const sender = new PinpointSmsSender(new PinpointClient({ region: "us-east-1" }), { applicationId: "app", originationNumber: "+12065550100" });
    await expect(sender.sendSms(sms)).rejects.toBeInstanceOf(UnsubscribedError);
  });
});

describe("InboundSms handler (two-way SNS topic)", () => {
  let handler: (event: unknown, context: unknown) => Promise<{ results: string[] }>;
  beforeAll(async () => {
    stubHandlerEnv();
    ({ handler } = (await import("../../lambdas/handlers/inbound-sms.js")) as never);
  });
  beforeEach(() => {
    ddb.reset();
    const marker = keys.phoneMarker("+8613900001234");
    ddb.on(GetCommand).callsFake((input: { Key: { pk: string } }) => (input.Key.pk === marker.pk ? { Item: { ...marker, candidateId: "cand-1" } } : {}));
    ddb.on(PutCommand).resolves({});
    // A reply looks for an open recall to settle; this candidate has none.
    ddb.on(QueryCommand).resolves({ Items: [] });
  });

  const snsEvent = (body: string, keyword = "") => ({
    Records: [
      {
        EventSource: "aws:sns",
        Sns: {
          TopicArn: "arn:aws:sns:us-east-1:123456789012:hirepath-two-way-sms",
          MessageId: "sns-1",
          Message: JSON.stringify({ originationNumber: "+8613900001234", destinationNumber: "+12065550100", messageKeyword: keyword, messageBody: body, inboundMessageId: "in-1", previousPublishedMessageId: "out-1" }),
        },
      },
    ],
  });
  const puts = () => ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item as Record<string, unknown>);

  it.each(["STOP", "stop", "TD", "退订", "Unsubscribe please"])("records an SMS unsubscribe and a consent.unsubscribed event for %j", async (body) => {
    expect(await handler(snsEvent(body), lambdaContext)).toEqual({ results: ["opted-out"] });
    const items = puts();
    expect(items.find((i) => i.kind === "unsubscribe")).toMatchObject({ ...keys.unsubscribe("sms", "+8613900001234"), channel: "sms", candidateId: "cand-1" });
    expect(items.find((i) => i.kind === "timeline")).toMatchObject({ candidateId: "cand-1", type: "consent.unsubscribed", data: { channel: "sms", inboundMessageId: "in-1" } });
  });

  it("records any other text as a reply (which stops nurture), without unsubscribing", async () => {
    expect(await handler(snsEvent("好的，请问这个职位在哪里？"), lambdaContext)).toEqual({ results: ["replied"] });
    const items = puts();
    expect(items.some((i) => i.kind === "unsubscribe")).toBe(false);
    expect(items.find((i) => i.kind === "timeline")).toMatchObject({ type: "sms.replied", data: { channel: "sms", body: "好的，请问这个职位在哪里？", inReplyTo: "out-1" } });
  });

  it("keeps an opt-out from a number that belongs to no candidate, so it is honoured if they apply later", async () => {
    ddb.reset();
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    const event = snsEvent("STOP");
    event.Records[0]!.Sns.Message = event.Records[0]!.Sns.Message.replace("+8613900001234", "+8613900009999");
    expect(await handler(event, lambdaContext)).toEqual({ results: ["unknown-sender"] });
    expect(puts().map((i) => i.kind)).toEqual(["unsubscribe"]);
  });

  it("rejects an event that is not an SNS delivery", async () => {
    await expect(handler({ detail: {} }, lambdaContext)).rejects.toMatchObject({ name: "ValidationError" });
  });
});
