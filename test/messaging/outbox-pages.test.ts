import { SendEmailCommand } from "@aws-sdk/client-sesv2";
import { SendTextMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOutboxPages } from "../../local/messaging/outbox-pages.js";
import { CONFIG_SET, createHarness, mime, SMS_CONFIG_SET, type Harness } from "./support.js";

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ withPages: true });
});
afterEach(async () => {
  await h.close();
});

const HTML = [
  "<h1>面试邀请</h1>",
  '<p><a href="https://app.example/approve?token=abc&amp;step=2" ses:tags="action:approve;campaign:interview">同意 Approve</a></p>',
  '<p><a href="https://app.example/untracked" ses:no-track>Untracked</a> <a href="mailto:hr@hirepath.example">Mail us</a></p>',
  '<p><img src="cid:logo@hirepath" alt="logo"></p>',
].join("");

async function sendEmail({ subject = "面试邀请 <script>alert(1)</script>", configurationSet = CONFIG_SET as string | null } = {}): Promise<string> {
  const out = await h.sesClient.send(
    new SendEmailCommand({
      FromEmailAddress: "Hirepath <noreply@hirepath.example>",
      Destination: { ToAddresses: ["candidate@example.com"] },
      ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
      EmailTags: [{ Name: "hirepath-message-id", Value: "msg-1" }],
      Content: {
        Simple: {
          Subject: { Data: subject },
          Body: { Html: { Data: HTML }, Text: { Data: "Approve: https://app.example/approve?token=abc&step=2" } },
          Attachments: [
            { FileName: "logo.png", ContentType: "image/png", ContentDisposition: "INLINE", ContentId: "logo@hirepath", RawContent: Buffer.from([0x89, 0x50]) },
            { FileName: "职位说明.pdf", ContentType: "application/pdf", RawContent: Buffer.from("%PDF job description") },
          ],
        },
      },
    }),
  );
  await h.drain(); // Send + Delivery are in before the test looks at events
  return out.MessageId!;
}

const get = (path: string, init: RequestInit = {}) => fetch(`${h.server.url}${path}`, { redirect: "manual", ...init });

/** The srcdoc attribute of the email iframe, unescaped back to the HTML it shows. */
function srcdocOf(page: string): string {
  const attr = /<iframe[^>]*srcdoc="([^"]*)"/.exec(page)?.[1] ?? "";
  return attr.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

describe("outbox list page", () => {
  it("lists emails and texts newest first, as UTF-8, auto-refreshing, with everything escaped", async () => {
    await sendEmail();
    await h.smsClient.send(new SendTextMessageCommand({ DestinationPhoneNumber: "+8613800138000", MessageBody: "短信 <b>bold</b>", ConfigurationSetName: SMS_CONFIG_SET }));

    const res = await get("/outbox");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const page = await res.text();
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toMatch(/<meta http-equiv="refresh" content="\d+">/);
    expect(page).toContain("面试邀请 &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).not.toContain("<script>");
    expect(page).toContain("短信 &lt;b&gt;bold&lt;/b&gt;");
    expect(page.indexOf("短信 &lt;b&gt;")).toBeLessThan(page.indexOf("面试邀请 &lt;script&gt;")); // newest first
  });

  it("filters by recipient and channel, and can pause the refresh", async () => {
    await sendEmail();
    const page = await (await get("/outbox?to=nobody%40example.com&channel=email&refresh=0")).text();
    expect(page).toContain("No messages match this filter");
    expect(page).not.toContain('http-equiv="refresh"');
  });
});

describe("outbox message page", () => {
  it("renders the email HTML in a sandboxed iframe with links tracked, plus tags, configuration set, attachments and events", async () => {
    const id = await sendEmail();
    const page = await (await get(`/outbox/messages/${id}`)).text();

    expect(page).toMatch(/<iframe[^>]*sandbox="allow-popups allow-popups-to-escape-sandbox"/);
    const shown = srcdocOf(page);
    const approve = `${h.server.url}/outbox/click/${encodeURIComponent(id)}?u=${encodeURIComponent("https://app.example/approve?token=abc&step=2")}&tags=${encodeURIComponent("action:approve;campaign:interview")}`;
    expect(shown).toContain(`href="${approve.replace(/&/g, "&amp;")}"`);
    expect(shown).toContain('href="https://app.example/untracked"'); // ses:no-track
    expect(shown).toContain('href="mailto:hr@hirepath.example"');
    expect(shown).toContain(`src="/outbox/messages/${id}/attachments/0"`); // cid: image

    expect(page).toContain("面试邀请 &lt;script&gt;");
    expect(page).toContain(CONFIG_SET);
    expect(page).toContain("hirepath-message-id=msg-1");
    expect(page).toContain(`href="/outbox/messages/${id}/attachments/1">职位说明.pdf</a>`);
    expect(page).toContain("Email Delivered");
  });

  it("publishes an SES Open event for each view (and none from the JSON API)", async () => {
    const id = await sendEmail();
    await get(`/outbox/messages/${id}`, { headers: { "user-agent": "OutboxTest/1.0" } });
    await get(`/outbox/messages/${id}`);
    await get(`/outbox/api/messages/${id}`);
    await h.drain();

    const opens = h.events.filter((e) => e["detail-type"] === "Email Opened");
    expect(opens).toHaveLength(2);
    expect(opens[0]!.detail).toMatchObject({ eventType: "Open", mail: { messageId: id, tags: { "hirepath-message-id": ["msg-1"] } } });
    const open = (opens[0]!.detail as { open: Record<string, unknown> }).open;
    expect(Object.keys(open)).toEqual(["ipAddress", "timestamp", "userAgent"]);
    expect(open).toMatchObject({ ipAddress: "127.0.0.1", userAgent: "OutboxTest/1.0" });
  });

  it("publishes nothing on view when the email went out without a configuration set", async () => {
    const id = await sendEmail({ subject: "plain", configurationSet: null });
    const page = await (await get(`/outbox/messages/${id}`)).text();
    await h.drain();
    expect(page).toContain("SES publishes no events");
    expect(h.events).toEqual([]);
  });

  it("shows an SMS and publishes a simulated delivery receipt from the form", async () => {
    const out = await h.smsClient.send(new SendTextMessageCommand({ DestinationPhoneNumber: "+8613800138000", MessageBody: "您好", Context: { k: "v" } }));
    await h.drain();
    const page = await (await get(`/outbox/messages/${out.MessageId}`)).text();
    expect(page).toContain("您好");
    expect(page).toContain("TEXT_DELIVERED");

    const res = await get(`/outbox/api/messages/${out.MessageId}/sms-events`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "eventType=TEXT_BLOCKED",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/outbox/messages/${out.MessageId}`);
    expect(h.events.at(-1)!.detail).toMatchObject({ eventType: "TEXT_BLOCKED", messageId: out.MessageId, context: { k: "v" } });

    const bad = await get(`/outbox/api/messages/${out.MessageId}/sms-events`, { method: "POST", body: JSON.stringify({ eventType: "NOPE" }) });
    expect(bad.status).toBe(400);
  });
});

describe("tracked links", () => {
  it("publish an SES Click with link and linkTags, then redirect to the real URL", async () => {
    const id = await sendEmail();
    const link = "https://app.example/approve?token=abc&step=2";
    const res = await get(`/outbox/click/${id}?u=${encodeURIComponent(link)}&tags=${encodeURIComponent("action:approve;campaign:interview")}`, {
      headers: { "user-agent": "Clicker/2.0" },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(link);

    const clicked = await h.store.waitFor((m) => m.id === id && m.events.some((e) => e.type === "Click"));
    expect(clicked.events.at(-1)!.detailType).toBe("Email Clicked");
    const event = h.events.find((e) => e["detail-type"] === "Email Clicked")!;
    const click = (event.detail as { click: Record<string, unknown> }).click;
    expect(Object.keys(click)).toEqual(["ipAddress", "link", "linkTags", "timestamp", "userAgent"]);
    expect(click).toMatchObject({ link, linkTags: { action: ["approve"], campaign: ["interview"] }, userAgent: "Clicker/2.0" });
    expect(event.source).toBe("aws.ses");
  });

  it("refuse to redirect anywhere but http(s)", async () => {
    const id = await sendEmail();
    const res = await get(`/outbox/click/${id}?u=${encodeURIComponent("javascript:alert(1)")}`);
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain("<script");
  });
});

describe("outbox JSON API and downloads", () => {
  it("lists messages filtered by recipient, channel and time, and returns one message with its links", async () => {
    const before = new Date().toISOString();
    const id = await sendEmail();
    await h.smsClient.send(new SendTextMessageCommand({ DestinationPhoneNumber: "+8613800138000", MessageBody: "hi" }));

    const all = (await (await get("/outbox/api/messages")).json()) as { count: number; messages: { id: string }[] };
    expect(all.count).toBe(2);
    const emails = (await (await get(`/outbox/api/messages?to=CANDIDATE@example.com&channel=email&since=${encodeURIComponent(before)}`)).json()) as {
      messages: { id: string }[];
    };
    expect(emails.messages.map((m) => m.id)).toEqual([id]);
    expect((await get("/outbox/api/messages?channel=fax")).status).toBe(400);

    const one = (await (await get(`/outbox/api/messages/${id}`)).json()) as Record<string, any>;
    expect(one).toMatchObject({ id, subject: "面试邀请 <script>alert(1)</script>", configurationSet: CONFIG_SET, tags: { "hirepath-message-id": "msg-1" } });
    expect(one["events"].map((e: { type: string }) => e.type)).toEqual(["Send", "Delivery"]);
    expect(one["links"]).toEqual([
      {
        url: "https://app.example/approve?token=abc&step=2",
        clickUrl: `${h.server.url}/outbox/click/${encodeURIComponent(id)}?u=${encodeURIComponent("https://app.example/approve?token=abc&step=2")}&tags=${encodeURIComponent("action:approve;campaign:interview")}`,
      },
      { url: "https://app.example/untracked" }, // ses:no-track
    ]);
    expect(one["attachments"][1]).toMatchObject({ filename: "职位说明.pdf", url: `/outbox/messages/${id}/attachments/1` });
    expect((await get("/outbox/api/messages/nope")).status).toBe(404);
  });

  it("long-polls with ?wait until a matching message arrives", async () => {
    const pending = get("/outbox/api/messages?to=late@example.com&wait=5000").then((r) => r.json() as Promise<{ count: number }>);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await h.sesClient.send(new SendEmailCommand({ FromEmailAddress: "a@hirepath.example", Destination: { ToAddresses: ["late@example.com"] }, Content: { Simple: { Subject: { Data: "late" }, Body: { Text: { Data: "x" } } } } }));
    expect((await pending).count).toBe(1);
  });

  it("downloads attachments and raw messages as attachments, with UTF-8 file names", async () => {
    const id = await sendEmail();
    const res = await get(`/outbox/messages/${id}/attachments/1`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent("职位说明.pdf")}`);
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe("%PDF job description");
    expect((await get(`/outbox/messages/${id}/attachments/9`)).status).toBe(404);

    const raw = mime(["From: a@hirepath.example", "To: b@example.com", "Subject: raw", "", "raw body"]);
    const out = await h.sesClient.send(new SendEmailCommand({ Content: { Raw: { Data: raw } } }));
    const eml = await get(`/outbox/messages/${out.MessageId}/raw`);
    expect(eml.headers.get("content-type")).toBe("message/rfc822");
    expect(Buffer.from(await eml.arrayBuffer())).toEqual(raw);
  });

  it("leaves paths outside /outbox to the rest of the app", async () => {
    const pages = createOutboxPages({ store: h.store });
    const untouched = { headersSent: false } as unknown as ServerResponse;
    expect(await pages({ url: "/api/candidates", method: "GET", headers: {} } as IncomingMessage, untouched)).toBe(false);
    expect(await pages({ url: "/outboxes", method: "GET", headers: {} } as IncomingMessage, untouched)).toBe(false);
    expect((await get("/outbox/nothing-here")).status).toBe(404);
    expect((await get("/outbox/messages/%E0%A4%A")).status).toBe(404); // malformed escape: not a 500
  });
});
