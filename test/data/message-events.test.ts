// Provider events recorded against our messages, with the real store on dynalite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient, DynamoHirepathStore } from "../../lambdas/adapters/dynamo-store.js";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { normalizeMessageEvent, recordMessageEvent } from "../../lambdas/core/outreach/message-events.js";
import { systemClock } from "../../lambdas/core/shared/ports.js";
import { ensureTable, startDynalite, type LocalDynamo } from "../../local/aws/dynamodb.js";
import { fixture } from "../fixtures/index.js";

let dynamo: LocalDynamo;
let store: DynamoHirepathStore;
beforeAll(async () => {
  dynamo = await startDynalite(undefined);
  const config = { endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } };
  await ensureTable(new DynamoDBClient(config), "events-test");
  store = new DynamoHirepathStore(createDocumentClient(config), "events-test");
  await store.findOrCreateCandidate("c1", { name: "王小明", emailNorm: "events@example.com", locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "email", source: "generic" }, "2026-11-21T09:00:00Z");
});
afterAll(async () => dynamo.close());

const message = (messageId: string, channel: "email" | "sms") => ({
  messageId, idempotencyKey: messageId, candidateId: "c1", applicationId: "a1", channel, template: "interview-invite", to: "x", status: "sent" as const, createdAt: "t",
});

describe("message events", () => {
  it("reads an SES Open event's tag, time and type", () => {
    const event = fixture("ses/open.json") as never;
    expect(normalizeMessageEvent(event)).toMatchObject({ provider: "sesv2", messageId: "REPLACED_IN_TEST", field: "openedAt", kind: "Open", at: "2026-11-21T10:04:59.000Z" });
  });

  it("records the first open on the message and the timeline, and ignores a second", async () => {
    await store.claimMessage(message("m-open", "email"));
    const event = fixture<{ detail: { mail: { tags: Record<string, string[]> } } }>("ses/open.json");
    event.detail.mail.tags["hirepath-message-id"] = ["m-open"];
    expect(await recordMessageEvent(event as never, { store, clock: systemClock })).toBe("recorded");
    expect(await recordMessageEvent(event as never, { store, clock: systemClock })).toBe("duplicate");
    expect((await store.getMessage("m-open"))?.openedAt).toBe("2026-11-21T10:04:59.000Z");
    const view = await store.getCandidateView("c1");
    expect(view?.timeline.filter((e) => e.type === "message.opened")).toHaveLength(1);
  });

  it("falls back to the provider message id when an SMS event carries no context", async () => {
    await store.claimMessage(message("m-sms", "sms"));
    await store.linkProviderMessage("sms-voice-v2", "sms-fixture-provider-id", "m-sms");
    expect(await recordMessageEvent(fixture("sms/delivered.json") as never, { store, clock: systemClock })).toBe("recorded");
    expect((await store.getMessage("m-sms"))?.deliveredAt).toBe(new Date(1795255560000).toISOString());
  });

  it("says unknown-message for an event about mail we never sent, without failing", async () => {
    const event = fixture<{ detail: { mail: { tags: Record<string, string[]>; messageId: string } } }>("ses/open.json");
    event.detail.mail.tags["hirepath-message-id"] = ["never-sent"];
    expect(await recordMessageEvent(event as never, { store, clock: systemClock })).toBe("unknown-message");
  });

  it("records SES's Send event as evidence on a message whose send was interrupted, with the provider's id, and no timeline event", async () => {
    await store.claimMessage({ ...message("m-send", "email"), status: "sending" });
    const event = fixture<{ detail: { eventType: string; mail: { tags: Record<string, string[]>; messageId: string } } }>("ses/open.json");
    event.detail.eventType = "Send";
    event.detail.mail.tags["hirepath-message-id"] = ["m-send"];
    event.detail.mail.messageId = "ses-send-evidence-1";
    expect(await recordMessageEvent(event as never, { store, clock: systemClock })).toBe("recorded");
    expect(await store.getMessage("m-send")).toMatchObject({ status: "sending", acceptedAt: expect.any(String), provider: "sesv2", providerMessageId: event.detail.mail.messageId });
    expect(await store.findMessageByProviderId("sesv2", event.detail.mail.messageId)).toBe("m-send");
    const view = await store.getCandidateView("c1");
    expect(view?.timeline.filter((e) => e.data?.messageId === "m-send")).toEqual([]);
  });

  it("ignores events that change nothing for the journey, such as a delivery delay", async () => {
    const event = fixture<{ detail: { eventType: string } }>("ses/open.json");
    event.detail.eventType = "DeliveryDelay";
    expect(await recordMessageEvent(event as never, { store, clock: systemClock })).toBe("ignored");
  });
});
