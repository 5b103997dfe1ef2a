// The SMS emulators' opt-out list and two-way SMS, through the real SDK clients and the outbox API:
// STOP (and AWS's other opt-out keywords, plus a custom one) puts the number on the list and is
// published as the two-way inbound JSON; then SendTextMessage refuses as AWS does and Pinpoint
// reports OPT_OUT for the address. The list survives a restart.
import { PinpointClient, SendMessagesCommand } from "@aws-sdk/client-pinpoint";
import { ConflictException, PinpointSMSVoiceV2Client, SendTextMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOutboxPages } from "../../local/messaging/outbox-pages.js";
import { OutboxStore } from "../../local/messaging/outbox-store.js";
import { PinpointEmulator } from "../../local/messaging/pinpoint-emulator.js";
import { SmsEmulator } from "../../local/messaging/sms-emulator.js";
import { optOutKeywordOf, SmsOptOutList, type TwoWayInboundMessage } from "../../local/messaging/sms-two-way.js";
import { PINPOINT_APP, SMS_CONFIG_SET, startServer, type TestServer } from "./support.js";

const client = (url: string) => ({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });
const CANDIDATE = "+8613900001234";
const OUR_NUMBER = "+12065550100";

let dataDir: string;
let server: TestServer;
let sms: SmsEmulator;
let inbound: TwoWayInboundMessage[];
let smsClient: PinpointSMSVoiceV2Client;
let pinpointClient: PinpointClient;

async function boot() {
  const store = await OutboxStore.open(dataDir);
  const optOuts = SmsOptOutList.open(dataDir);
  sms = new SmsEmulator({ store, sink: async () => undefined, configurationSets: [SMS_CONFIG_SET], eventDelayMs: 0, log: () => undefined, optOuts, customOptOutKeywords: ["退订"], inboundSink: async (m) => void inbound.push(m) });
  const pinpoint = new PinpointEmulator({ store, sink: async () => undefined, applicationIds: [PINPOINT_APP], eventDelayMs: 0, log: () => undefined, optOuts });
  server = await startServer([sms, pinpoint], createOutboxPages({ store, sms, pinpoint }));
  smsClient = new PinpointSMSVoiceV2Client(client(server.url));
  pinpointClient = new PinpointClient(client(server.url));
  return store;
}

async function shutdown() {
  await sms.drain();
  smsClient.destroy();
  pinpointClient.destroy();
  await server.close();
}

const send = (to = CANDIDATE) => smsClient.send(new SendTextMessageCommand({ DestinationPhoneNumber: to, OriginationIdentity: OUR_NUMBER, MessageBody: "Reply STOP to opt out", ConfigurationSetName: SMS_CONFIG_SET }));
const reply = async (body: string, from = CANDIDATE) => {
  const res = await fetch(`${server.url}/outbox/api/sms/inbound`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ from, body }) });
  return { status: res.status, json: (await res.json()) as { message: TwoWayInboundMessage; optedOut: boolean } };
};

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "hirepath-sms-optout-"));
  inbound = [];
  await boot();
});
afterEach(async () => {
  await shutdown();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("SMS opt-out keywords", () => {
  it("recognises AWS's required keywords case-insensitively, at the start of the message, plus custom ones", () => {
    for (const body of ["STOP", "stop", " Stop please", "TD", "td", "UNSUBSCRIBE", "OPT-OUT", "arret"]) expect(optOutKeywordOf(body), body).toBeTruthy();
    expect(optOutKeywordOf("退订")).toBeUndefined();
    expect(optOutKeywordOf("退订", ["退订"])).toBe("退订");
    expect(optOutKeywordOf("please stop")).toBeUndefined();
    expect(optOutKeywordOf("好的，谢谢")).toBeUndefined();
  });
});

describe("two-way SMS and the opt-out list", () => {
  it("a STOP reply opts the number out and is published as End User Messaging's two-way JSON, naming the text it answers", async () => {
    const sent = await send();
    const { status, json } = await reply("STOP");
    expect(status).toBe(200);
    expect(json.optedOut).toBe(true);
    expect(inbound).toEqual([
      { originationNumber: CANDIDATE, destinationNumber: OUR_NUMBER, messageKeyword: "STOP", messageBody: "STOP", inboundMessageId: expect.any(String), previousPublishedMessageId: sent.MessageId },
    ]);
  });

  it("then SendTextMessage fails with ConflictException, Reason DESTINATION_PHONE_NUMBER_OPTED_OUT, and nothing reaches the outbox", async () => {
    await reply("td");
    const before = (await fetch(`${server.url}/outbox/api/messages?to=${encodeURIComponent(CANDIDATE)}`).then((r) => r.json())) as { count: number };
    const error = await send().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictException);
    expect(error).toMatchObject({ name: "ConflictException", Reason: "DESTINATION_PHONE_NUMBER_OPTED_OUT", $metadata: { httpStatusCode: 400 } });
    const after = (await fetch(`${server.url}/outbox/api/messages?to=${encodeURIComponent(CANDIDATE)}`).then((r) => r.json())) as { count: number };
    expect(after.count).toBe(before.count);
    // Other numbers are unaffected.
    await expect(send("+8613900005678")).resolves.toMatchObject({ MessageId: expect.any(String) });
  });

  it("and Pinpoint SendMessages answers 200 with DeliveryStatus OPT_OUT for that address only", async () => {
    await reply("退订");
    const out = await pinpointClient.send(
      new SendMessagesCommand({
        ApplicationId: PINPOINT_APP,
        MessageRequest: { Addresses: { [CANDIDATE]: { ChannelType: "SMS" }, "+8613900005678": { ChannelType: "SMS" } }, MessageConfiguration: { SMSMessage: { Body: "hi", MessageType: "TRANSACTIONAL" } } },
      }),
    );
    expect(out.MessageResponse?.Result?.[CANDIDATE]).toMatchObject({ DeliveryStatus: "OPT_OUT" });
    expect(out.MessageResponse?.Result?.["+8613900005678"]).toMatchObject({ DeliveryStatus: "SUCCESSFUL" });
  });

  it("a reply without a keyword is published but opts nobody out", async () => {
    const { json } = await reply("好的，什么时候方便通话？");
    expect(json.optedOut).toBe(false);
    expect(inbound[0]).toMatchObject({ messageBody: "好的，什么时候方便通话？", messageKeyword: "好的，什么时候方便通话？" });
    await expect(send()).resolves.toMatchObject({ MessageId: expect.any(String) });
  });

  it("keeps the opt-out list across a restart", async () => {
    await reply("STOP");
    await shutdown();
    await boot();
    await expect(send()).rejects.toMatchObject({ Reason: "DESTINATION_PHONE_NUMBER_OPTED_OUT" });
  });

  it("rejects a bad inbound request, and the SMS page offers the reply form", async () => {
    expect((await reply("STOP", "13900001234")).status).toBe(400);
    const sent = await send();
    const page = await (await fetch(`${server.url}/outbox/messages/${sent.MessageId}`)).text();
    expect(page).toContain('action="/outbox/api/sms/inbound"');
    expect(page).toContain(`value="${CANDIDATE}"`);
    // The form posts back to the message page.
    const res = await fetch(`${server.url}/outbox/api/sms/inbound`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ from: CANDIDATE, to: OUR_NUMBER, body: "STOP", back: `/outbox/messages/${sent.MessageId}` }).toString(),
    });
    expect(res.status).toBe(303);
    expect(await (await fetch(`${server.url}/outbox/messages/${sent.MessageId}`)).text()).toContain("it is on the list now");
  });
});
