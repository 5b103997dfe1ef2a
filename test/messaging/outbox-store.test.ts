import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OutboxStore, type NewOutboxMessage } from "../../local/messaging/outbox-store.js";

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "hirepath-outbox-store-"));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const email = (id: string, overrides: Partial<NewOutboxMessage> = {}): NewOutboxMessage => ({
  id,
  channel: "email",
  provider: "sesv2",
  from: "Hirepath <noreply@hirepath.example>",
  to: ["Li Lei <LiLei@Example.com>"],
  subject: `subject ${id}`,
  html: "<p>hi</p>",
  tags: { "hirepath-message-id": id },
  configurationSet: "set",
  ...overrides,
});

const sms = (id: string, to: string): NewOutboxMessage => ({ id, channel: "sms", provider: "sms-voice-v2", from: "+12065550100", to: [to], text: "hello" });

describe("OutboxStore", () => {
  it("survives a restart: messages, events and attachment bytes are read back from disk", async () => {
    const store = await OutboxStore.open(dataDir);
    const pdf = Buffer.from([0, 1, 2, 250, 255]);
    store.add(email("m1", { attachments: [{ filename: "简历.pdf", contentType: "application/pdf", content: pdf }], raw: Buffer.from("Subject: x\r\n\r\nbody") }));
    store.appendEvent("m1", { type: "Send", time: "2025-01-01T00:00:01.000Z", detailType: "Email Sent", data: {} });
    store.appendEvent("m1", { type: "Delivery", time: "2025-01-01T00:00:02.000Z", detailType: "Email Delivered", data: { recipients: ["lilei@example.com"] } });
    store.add(sms("s1", "+8613800138000"));

    const reopened = await OutboxStore.open(dataDir);
    expect(reopened.size).toBe(2);
    expect(reopened.get("m1")).toEqual(store.get("m1"));
    expect(reopened.get("m1")!.events.map((e) => e.type)).toEqual(["Send", "Delivery"]);
    expect(reopened.readAttachment("m1", 0)).toEqual(pdf);
    expect(reopened.readRaw("m1")!.toString()).toBe("Subject: x\r\n\r\nbody");
    expect(reopened.list().map((m) => m.id)).toEqual(["s1", "m1"]);
  });

  it("skips a torn last line left by a crash instead of refusing to open", async () => {
    const store = await OutboxStore.open(dataDir);
    store.add(email("m1"));
    appendFileSync(join(dataDir, "outbox", "messages.ndjson"), '{"type":"event","id":"m1","ev');
    const reopened = await OutboxStore.open(dataDir);
    expect(reopened.skippedLines).toBe(1);
    expect(reopened.get("m1")!.events).toEqual([]);
  });

  it("lists newest first and filters by recipient, channel and time", async () => {
    const store = await OutboxStore.open(dataDir);
    store.add(email("old", { time: "2025-01-01T00:00:00.000Z" }));
    store.add(sms("text", "+86 138-0013-8000"));
    store.add(email("cc", { to: ["someone@example.com"], cc: ["lilei@example.com"] }));

    expect(store.list().map((m) => m.id)).toEqual(["cc", "text", "old"]);
    // Recipient match ignores display names and case (email) or punctuation (phone).
    expect(store.list({ to: "LILEI@example.com" }).map((m) => m.id)).toEqual(["cc", "old"]);
    expect(store.list({ to: "+8613800138000" }).map((m) => m.id)).toEqual(["text"]);
    expect(store.list({ channel: "sms" }).map((m) => m.id)).toEqual(["text"]);
    expect(store.list({ since: "2025-06-01T00:00:00Z" }).map((m) => m.id)).toEqual(["cc", "text"]);
    expect(store.list({ limit: 1 }).map((m) => m.id)).toEqual(["cc"]);
  });

  it("refuses an event for a message it does not have, and a duplicate id", async () => {
    const store = await OutboxStore.open(dataDir);
    store.add(email("m1"));
    expect(() => store.add(email("m1"))).toThrow(/already/);
    expect(() => store.appendEvent("nope", { type: "Send", time: new Date().toISOString() })).toThrow(/no message/);
  });

  it("waitFor resolves when a matching message or event arrives later", async () => {
    const store = await OutboxStore.open(dataDir);
    const delivered = store.waitFor((m) => m.to.includes("Li Lei <LiLei@Example.com>") && m.events.some((e) => e.type === "Delivery"));
    store.add(email("m1"));
    setImmediate(() => store.appendEvent("m1", { type: "Delivery", time: new Date().toISOString() }));
    expect((await delivered).id).toBe("m1");
    // Already there: resolves at once.
    expect((await store.waitFor((m) => m.id === "m1")).id).toBe("m1");
  });

  it("waitFor rejects after its timeout, naming what it waited for", async () => {
    const store = await OutboxStore.open(dataDir);
    await expect(store.waitFor(() => false, { timeoutMs: 20, description: "an email to nobody" })).rejects.toThrow(/20 ms.*an email to nobody/);
  });
});
