import { NotFoundException, SendMessagesCommand } from "@aws-sdk/client-pinpoint";
import { ResourceNotFoundException, SendTextMessageCommand, SendVoiceMessageCommand, ValidationException } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "../../local/event-bus.js";
import { simulatedSmsOutcome, smsEncoding } from "../../local/messaging/sms-events.js";
import { createHarness, eventsFor, PINPOINT_APP, SMS_CONFIG_SET, type Harness } from "./support.js";

// Field names of an SMS event, from AWS End User Messaging SMS "Example event data" (SMS example log)
// and the EventBridge examples in "Monitoring with EventBridge".
const SMS_DETAIL_FIELDS = [
  "eventType",
  "eventVersion",
  "eventTimestamp",
  "isFinal",
  "originationPhoneNumber",
  "destinationPhoneNumber",
  "isoCountryCode",
  "isInternationalSend",
  "mcc",
  "mnc",
  "carrierName",
  "messageId",
  "messageRequestTimestamp",
  "messageEncoding",
  "messageType",
  "messageStatus",
  "messageStatusDescription",
  "context",
  "totalMessageParts",
  "totalMessagePrice",
  "totalCarrierFee",
];

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const text = (overrides: Partial<ConstructorParameters<typeof SendTextMessageCommand>[0]> = {}) =>
  new SendTextMessageCommand({
    DestinationPhoneNumber: "+8613800138000",
    OriginationIdentity: "+12065550100",
    MessageBody: "【Hirepath】李雷您好，您的面试已确认：https://app.example/i/42",
    MessageType: "TRANSACTIONAL",
    ConfigurationSetName: SMS_CONFIG_SET,
    Context: { "hirepath-message-id": "01JSMS0000000000000000000" },
    ...overrides,
  });

describe("End User Messaging SendTextMessage", () => {
  it("returns a MessageId and records the text with its Context and configuration set", async () => {
    const out = await h.smsClient.send(text());
    expect(out.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.store.get(out.MessageId!)).toMatchObject({
      channel: "sms",
      provider: "sms-voice-v2",
      from: "+12065550100",
      to: ["+8613800138000"],
      text: "【Hirepath】李雷您好，您的面试已确认：https://app.example/i/42",
      tags: { "hirepath-message-id": "01JSMS0000000000000000000" },
      messageType: "TRANSACTIONAL",
      configurationSet: SMS_CONFIG_SET,
    });
  });

  it("publishes TEXT_SUCCESSFUL then TEXT_DELIVERED as End User Messaging sends them to EventBridge", async () => {
    const out = await h.smsClient.send(text());
    await h.drain();
    const events = eventsFor(h.events, out.MessageId!);
    expect(events.map((e) => e.detail["eventType"])).toEqual(["TEXT_SUCCESSFUL", "TEXT_DELIVERED"]);
    for (const event of events) {
      expect(event).toMatchObject({ version: "0", source: "aws.sms-voice", "detail-type": "Text Message Delivery Status Updated", account: LOCAL_ACCOUNT, region: LOCAL_REGION, resources: [] });
      expect(Object.keys(event.detail)).toEqual(SMS_DETAIL_FIELDS);
    }
    expect(events[1]!.detail).toMatchObject({
      eventVersion: "1.0",
      isFinal: true,
      messageId: out.MessageId,
      originationPhoneNumber: "+12065550100",
      destinationPhoneNumber: "+8613800138000",
      isoCountryCode: "CN",
      isInternationalSend: true,
      messageType: "TRANSACTIONAL",
      messageStatus: "DELIVERED",
      messageStatusDescription: "Message has been accepted by phone",
      messageEncoding: "UCS2",
      totalMessageParts: 1,
      context: { "hirepath-message-id": "01JSMS0000000000000000000" },
    });
    expect(typeof events[1]!.detail["eventTimestamp"]).toBe("number");
    expect(h.store.get(out.MessageId!)!.events.map((e) => e.type)).toEqual(["TEXT_SUCCESSFUL", "TEXT_DELIVERED"]);
  });

  it("simulates failures for +1 NPA 555-0190..0199 and +86 numbers ending in 0000, and delivers the rest of 555-01XX", async () => {
    const us = await h.smsClient.send(text({ DestinationPhoneNumber: "+12065550190" }));
    const cn = await h.smsClient.send(text({ DestinationPhoneNumber: "+8613900000000" }));
    const blocked = await h.smsClient.send(text({ DestinationPhoneNumber: "+12065550192" }));
    await h.drain();
    expect(eventsFor(h.events, us.MessageId!).map((e) => [e.detail["eventType"], e.detail["messageStatus"]])).toEqual([["TEXT_CARRIER_UNREACHABLE", "CARRIER_UNREACHABLE"]]);
    expect(eventsFor(h.events, cn.MessageId!).map((e) => e.detail["eventType"])).toEqual(["TEXT_CARRIER_UNREACHABLE"]);
    expect(eventsFor(h.events, blocked.MessageId!).map((e) => e.detail["eventType"])).toEqual(["TEXT_BLOCKED"]);
    expect(simulatedSmsOutcome("+12065550142")).toEqual(["TEXT_SUCCESSFUL", "TEXT_DELIVERED"]);
    expect(simulatedSmsOutcome("+8613800138000")).toEqual(["TEXT_SUCCESSFUL", "TEXT_DELIVERED"]);
    expect(simulatedSmsOutcome("+14155550199")).toEqual(["TEXT_CARRIER_UNREACHABLE"]);
  });

  it("rejects a number that is not E.164 with ValidationException", async () => {
    const error = await h.smsClient.send(text({ DestinationPhoneNumber: "13800138000" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).Reason).toBe("INVALID_PARAMETER");
    expect(h.store.size).toBe(0);
  });

  it("rejects an unknown configuration set with ResourceNotFoundException, and accepts a known one by ARN", async () => {
    const error = await h.smsClient.send(text({ ConfigurationSetName: "nope" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error).toMatchObject({ ResourceType: "configuration-set", ResourceId: "nope" });

    const arn = `arn:aws:sms-voice:${LOCAL_REGION}:${LOCAL_ACCOUNT}:configuration-set/${SMS_CONFIG_SET}`;
    const out = await h.smsClient.send(text({ ConfigurationSetName: arn }));
    expect(h.store.get(out.MessageId!)!.configurationSet).toBe(SMS_CONFIG_SET);
  });

  it("validates but neither records nor delivers a DryRun", async () => {
    const out = await h.smsClient.send(text({ DryRun: true }));
    await h.drain();
    expect(out.MessageId).toBeDefined();
    expect(h.store.size).toBe(0);
    expect(h.events).toEqual([]);
  });

  it("answers other SMS v2 operations with an error saying they are not emulated", async () => {
    const error = await h.smsClient
      .send(new SendVoiceMessageCommand({ DestinationPhoneNumber: "+8613800138000", OriginationIdentity: "+12065550100" }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toMatch(/not emulated/);
  });

  it("counts message parts like a carrier: GSM-7 for Latin text, UCS-2 for Chinese", () => {
    expect(smsEncoding("Your interview is confirmed")).toEqual({ encoding: "GSM", parts: 1 });
    expect(smsEncoding("x".repeat(161))).toEqual({ encoding: "GSM", parts: 2 });
    expect(smsEncoding("面".repeat(70))).toEqual({ encoding: "UCS2", parts: 1 });
    expect(smsEncoding("面".repeat(71))).toEqual({ encoding: "UCS2", parts: 2 });
  });
});

describe("Pinpoint SendMessages", () => {
  const pinpointSms = (address: string, applicationId = PINPOINT_APP) =>
    new SendMessagesCommand({
      ApplicationId: applicationId,
      MessageRequest: {
        Addresses: { [address]: { ChannelType: "SMS" } },
        Context: { "hirepath-message-id": "01JPINPOINT000000000000000" },
        MessageConfiguration: { SMSMessage: { Body: "Hirepath: 面试提醒", MessageType: "TRANSACTIONAL", OriginationNumber: "+12065550100" } },
      },
    });

  it("answers with Pinpoint's MessageResponse and records the text", async () => {
    const out = await h.pinpointClient.send(pinpointSms("+8613800138000"));
    const result = out.MessageResponse!.Result!["+8613800138000"]!;
    expect(out.MessageResponse).toEqual({
      ApplicationId: PINPOINT_APP,
      RequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      Result: {
        "+8613800138000": { DeliveryStatus: "SUCCESSFUL", MessageId: result.MessageId, StatusCode: 200, StatusMessage: `MessageId: ${result.MessageId}` },
      },
    });
    expect(h.store.get(result.MessageId!)).toMatchObject({
      channel: "sms",
      provider: "pinpoint",
      applicationId: PINPOINT_APP,
      from: "+12065550100",
      to: ["+8613800138000"],
      text: "Hirepath: 面试提醒",
      tags: { "hirepath-message-id": "01JPINPOINT000000000000000" },
    });
  });

  it("publishes the same delivery events as SendTextMessage, with the request Context", async () => {
    const out = await h.pinpointClient.send(pinpointSms("+8613800138000"));
    const id = out.MessageResponse!.Result!["+8613800138000"]!.MessageId!;
    await h.drain();
    const events = eventsFor(h.events, id);
    expect(events.map((e) => [e.source, e["detail-type"], e.detail["eventType"]])).toEqual([
      ["aws.sms-voice", "Text Message Delivery Status Updated", "TEXT_SUCCESSFUL"],
      ["aws.sms-voice", "Text Message Delivery Status Updated", "TEXT_DELIVERED"],
    ]);
    expect(events[1]!.detail["context"]).toEqual({ "hirepath-message-id": "01JPINPOINT000000000000000" });
  });

  it("rejects an unknown ApplicationId with NotFoundException", async () => {
    await expect(h.pinpointClient.send(pinpointSms("+8613800138000", "unknownapp"))).rejects.toBeInstanceOf(NotFoundException);
    expect(h.store.size).toBe(0);
  });

  it("reports an invalid address per address in Result, as Pinpoint does", async () => {
    const out = await h.pinpointClient.send(pinpointSms("13800138000"));
    expect(out.MessageResponse!.Result!["13800138000"]).toMatchObject({ DeliveryStatus: "PERMANENT_FAILURE", StatusCode: 400 });
    expect(h.store.size).toBe(0);
  });
});
