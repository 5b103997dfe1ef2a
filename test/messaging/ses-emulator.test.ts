import { BadRequestException, GetAccountCommand, NotFoundException, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "../../local/event-bus.js";
import { base64Lines, CONFIG_SET, createHarness, eventsFor, mime, quotedPrintable, type Harness } from "./support.js";

// Field names of the SES event records, from the SES Developer Guide "Examples of event data that
// Amazon SES publishes to Amazon SNS" (Bounce, Complaint, Delivery, Send records) and "Contents of
// event data that Amazon SES publishes" (complaintSubType).
const MAIL_FIELDS = ["timestamp", "source", "sourceArn", "sendingAccountId", "messageId", "destination", "headersTruncated", "headers", "commonHeaders", "tags"];
const DELIVERY_FIELDS = ["timestamp", "processingTimeMillis", "recipients", "smtpResponse", "reportingMTA"];
const BOUNCE_FIELDS = ["bounceType", "bounceSubType", "bouncedRecipients", "timestamp", "feedbackId", "reportingMTA"];
const COMPLAINT_FIELDS = ["complainedRecipients", "timestamp", "feedbackId", "complaintSubType", "userAgent", "complaintFeedbackType", "arrivalDate"];
const ENVELOPE_FIELDS = ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"];

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

function simpleEmail(overrides: Partial<ConstructorParameters<typeof SendEmailCommand>[0]> = {}) {
  return new SendEmailCommand({
    FromEmailAddress: "Hirepath <noreply@hirepath.example>",
    Destination: { ToAddresses: ["Li Lei <candidate@example.com>"] },
    ConfigurationSetName: CONFIG_SET,
    EmailTags: [
      { Name: "hirepath-message-id", Value: "01JABCDEF0123456789ABCDEFG" },
      { Name: "template", Value: "interview-invite" },
    ],
    Content: {
      Simple: {
        Subject: { Data: "面试邀请 Interview invitation", Charset: "UTF-8" },
        Body: {
          Html: { Data: '<p>您好 <a href="https://app.example/portal?t=1&amp;x=2">Open portal</a></p>', Charset: "UTF-8" },
          Text: { Data: "您好 https://app.example/portal?t=1&x=2", Charset: "UTF-8" },
        },
        Headers: [
          { Name: "List-Unsubscribe", Value: "<https://app.example/unsubscribe?t=abc>" },
          { Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click" },
        ],
      },
    },
    ...overrides,
  });
}

describe("SES v2 SendEmail with Simple content", () => {
  it("returns an SES-style MessageId and records the email with its tags, configuration set and headers", async () => {
    const out = await h.sesClient.send(simpleEmail());
    expect(out.MessageId).toMatch(/^[0-9a-f]{16}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-000000$/);

    const message = h.store.get(out.MessageId!)!;
    expect(message).toMatchObject({
      channel: "email",
      provider: "sesv2",
      from: "Hirepath <noreply@hirepath.example>",
      to: ["Li Lei <candidate@example.com>"],
      subject: "面试邀请 Interview invitation",
      text: "您好 https://app.example/portal?t=1&x=2",
      configurationSet: CONFIG_SET,
      tags: { "hirepath-message-id": "01JABCDEF0123456789ABCDEFG", template: "interview-invite" },
    });
    expect(message.html).toContain("Open portal");
    expect(message.headers).toContainEqual({ name: "List-Unsubscribe", value: "<https://app.example/unsubscribe?t=abc>" });
    expect(message.headers).toContainEqual({ name: "Content-Type", value: "multipart/alternative" });
  });

  it("records Simple attachments with their bytes", async () => {
    const pdf = Buffer.from("%PDF-1.4 offer letter");
    const out = await h.sesClient.send(
      simpleEmail({
        Content: {
          Simple: {
            Subject: { Data: "Offer" },
            Body: { Text: { Data: "Attached." } },
            Attachments: [{ FileName: "录用通知.pdf", ContentType: "application/pdf", RawContent: pdf }],
          },
        },
      }),
    );
    const message = h.store.get(out.MessageId!)!;
    expect(message.attachments).toEqual([{ index: 0, filename: "录用通知.pdf", contentType: "application/pdf", size: pdf.length, disposition: "attachment" }]);
    expect(h.store.readAttachment(out.MessageId!, 0)).toEqual(pdf);
  });
});

describe("SES v2 SendEmail with Raw content", () => {
  it("extracts a zh-CN encoded-word subject, quoted-printable bodies, headers and a base64 attachment", async () => {
    const subject = "面试邀请：高级后端工程师（上海）";
    const bytes = Buffer.from(subject, "utf8");
    // Two encoded-words that split the UTF-8 bytes mid-character, as some encoders do.
    const words = [bytes.subarray(0, 10), bytes.subarray(10)].map((b) => `=?UTF-8?B?${b.toString("base64")}?=`);
    const resume = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x80]); // binary-ish bytes
    const raw = mime([
      `From: =?UTF-8?B?${Buffer.from("招聘团队").toString("base64")}?= <hr@hirepath.example>`,
      "To: candidate@example.com, =?UTF-8?Q?=E6=9D=8E=E9=9B=B7?= <lilei@example.com>",
      `Subject: ${words[0]}`,
      ` ${words[1]}`,
      "MIME-Version: 1.0",
      "List-Unsubscribe: <https://app.example/unsubscribe?t=raw>",
      "X-Hirepath-Template: interview-invite",
      'Content-Type: multipart/mixed; boundary="outer"',
      "",
      "This is a multi-part message in MIME format.",
      "--outer",
      'Content-Type: multipart/alternative; boundary="inner"',
      "",
      "--inner",
      "Content-Type: text/plain; charset=UTF-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      quotedPrintable("李雷您好，请点击链接确认面试时间：https://app.example/confirm?id=42"),
      "--inner",
      "Content-Type: text/html; charset=UTF-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      quotedPrintable('<p>李雷您好，<a href="https://app.example/confirm?id=42">确认面试</a></p>'),
      "--inner--",
      "--outer",
      "Content-Type: application/pdf; name=resume.pdf",
      "Content-Disposition: attachment; filename*=UTF-8''%E7%AE%80%E5%8E%86.pdf",
      "Content-Transfer-Encoding: base64",
      "",
      base64Lines(resume),
      "--outer--",
      "",
    ]);

    const out = await h.sesClient.send(
      new SendEmailCommand({
        ConfigurationSetName: CONFIG_SET,
        EmailTags: [{ Name: "hirepath-message-id", Value: "raw-1" }],
        Content: { Raw: { Data: raw } },
      }),
    );

    const message = h.store.get(out.MessageId!)!;
    expect(message.subject).toBe(subject);
    expect(message.from).toBe("招聘团队 <hr@hirepath.example>");
    expect(message.to).toEqual(["candidate@example.com", "李雷 <lilei@example.com>"]);
    expect(message.text).toBe("李雷您好，请点击链接确认面试时间：https://app.example/confirm?id=42");
    expect(message.html).toBe('<p>李雷您好，<a href="https://app.example/confirm?id=42">确认面试</a></p>');
    expect(message.headers).toContainEqual({ name: "List-Unsubscribe", value: "<https://app.example/unsubscribe?t=raw>" });
    expect(message.tags).toEqual({ "hirepath-message-id": "raw-1" });
    expect(message.configurationSet).toBe(CONFIG_SET);
    expect(message.attachments).toEqual([{ index: 0, filename: "简历.pdf", contentType: "application/pdf", size: resume.length, disposition: "attachment" }]);
    expect(h.store.readAttachment(message.id, 0)).toEqual(resume);
    expect(h.store.readRaw(message.id)).toEqual(raw);
  });

  it("uses Destination over the raw To header, and drops the Bcc header from what it reports", async () => {
    const raw = mime(["From: hr@hirepath.example", "To: header@example.com", "Bcc: hidden@example.com", "Subject: hi", "", "body"]);
    const out = await h.sesClient.send(
      new SendEmailCommand({ Destination: { ToAddresses: ["envelope@example.com"] }, ConfigurationSetName: CONFIG_SET, Content: { Raw: { Data: raw } } }),
    );
    const message = h.store.get(out.MessageId!)!;
    expect(message.to).toEqual(["envelope@example.com"]);
    expect(message.text).toBe("body");
    expect(message.headers.map((x) => x.name)).not.toContain("Bcc");
  });
});

describe("SES v2 validation", () => {
  it("rejects an unknown configuration set with NotFoundException and records nothing", async () => {
    const error = await h.sesClient.send(simpleEmail({ ConfigurationSetName: "no-such-set" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundException);
    expect((error as Error).message).toContain("no-such-set");
    expect(h.store.size).toBe(0);
  });

  it("rejects a missing destination or sender with BadRequestException", async () => {
    await expect(h.sesClient.send(simpleEmail({ Destination: { ToAddresses: [] } }))).rejects.toBeInstanceOf(BadRequestException);
    await expect(h.sesClient.send(simpleEmail({ FromEmailAddress: undefined }))).rejects.toBeInstanceOf(BadRequestException);
    expect(h.store.size).toBe(0);
  });

  it("rejects EmailTags SES would refuse (only letters, digits, _ and -)", async () => {
    await expect(h.sesClient.send(simpleEmail({ EmailTags: [{ Name: "template", Value: "offer.v1" }] }))).rejects.toBeInstanceOf(BadRequestException);
  });

  it("answers other SES v2 operations with an error saying they are not emulated", async () => {
    const error = await h.sesClient.send(new GetAccountCommand({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as Error).message).toMatch(/not emulated/);
  });
});

describe("SES events through the configuration set's EventBridge destination", () => {
  it("publishes Send then Delivery in the EventBridge envelope with SES's event data", async () => {
    const out = await h.sesClient.send(simpleEmail());
    await h.drain();
    const [send, delivery, ...rest] = eventsFor(h.events, out.MessageId!);
    expect(rest).toEqual([]);

    for (const event of [send!, delivery!]) {
      expect(Object.keys(event)).toEqual(ENVELOPE_FIELDS);
      expect(event).toMatchObject({
        version: "0",
        source: "aws.ses",
        account: LOCAL_ACCOUNT,
        region: LOCAL_REGION,
        resources: [`arn:aws:ses:${LOCAL_REGION}:${LOCAL_ACCOUNT}:configuration-set/${CONFIG_SET}`],
      });
      expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(Object.keys(event.detail["mail"])).toEqual(MAIL_FIELDS);
    }
    expect(send!["detail-type"]).toBe("Email Sent");
    expect(send!.detail).toMatchObject({ eventType: "Send", send: {} });
    expect(delivery!["detail-type"]).toBe("Email Delivered");
    expect(delivery!.detail["eventType"]).toBe("Delivery");
    expect(Object.keys(delivery!.detail["delivery"])).toEqual(DELIVERY_FIELDS);
    expect(delivery!.detail["delivery"].recipients).toEqual(["candidate@example.com"]);

    const mail = delivery!.detail["mail"];
    expect(mail).toMatchObject({
      messageId: out.MessageId,
      source: "Hirepath <noreply@hirepath.example>",
      sourceArn: `arn:aws:ses:${LOCAL_REGION}:${LOCAL_ACCOUNT}:identity/hirepath.example`,
      sendingAccountId: LOCAL_ACCOUNT,
      destination: ["Li Lei <candidate@example.com>"],
      headersTruncated: false,
      commonHeaders: { from: ["Hirepath <noreply@hirepath.example>"], to: ["Li Lei <candidate@example.com>"], messageId: out.MessageId, subject: "面试邀请 Interview invitation" },
    });
    expect(mail.headers).toContainEqual({ name: "List-Unsubscribe", value: "<https://app.example/unsubscribe?t=abc>" });
    // Tags are arrays of strings: SES's own plus every EmailTag.
    expect(mail.tags).toMatchObject({
      "ses:configuration-set": [CONFIG_SET],
      "ses:from-domain": ["hirepath.example"],
      "ses:outgoing-ip": ["127.0.0.1"],
      "hirepath-message-id": ["01JABCDEF0123456789ABCDEFG"],
      template: ["interview-invite"],
    });
    expect(send!.detail["mail"].tags["ses:outgoing-ip"]).toBeUndefined();

    // The outbox keeps the history in emission order.
    expect(h.store.get(out.MessageId!)!.events.map((e) => [e.type, e.detailType])).toEqual([
      ["Send", "Email Sent"],
      ["Delivery", "Email Delivered"],
    ]);
  });

  it("turns bounce@simulator.amazonses.com into a permanent Bounce", async () => {
    const out = await h.sesClient.send(simpleEmail({ Destination: { ToAddresses: ["bounce@simulator.amazonses.com"] } }));
    await h.drain();
    const events = eventsFor(h.events, out.MessageId!);
    expect(events.map((e) => e["detail-type"])).toEqual(["Email Sent", "Email Bounced"]);
    const bounce = events[1]!.detail["bounce"];
    expect(Object.keys(bounce)).toEqual(expect.arrayContaining(BOUNCE_FIELDS));
    expect(bounce).toMatchObject({
      bounceType: "Permanent",
      bounceSubType: "General",
      bouncedRecipients: [{ emailAddress: "bounce@simulator.amazonses.com", action: "failed", status: "5.1.1", diagnosticCode: "smtp; 550 5.1.1 user unknown" }],
    });
  });

  it("turns complaint@simulator.amazonses.com into a Delivery followed by a Complaint", async () => {
    const out = await h.sesClient.send(simpleEmail({ Destination: { ToAddresses: ["complaint+label@simulator.amazonses.com"] } }));
    await h.drain();
    const events = eventsFor(h.events, out.MessageId!);
    expect(events.map((e) => e["detail-type"])).toEqual(["Email Sent", "Email Delivered", "Email Complaint Received"]);
    const complaint = events[2]!.detail["complaint"];
    expect(Object.keys(complaint).sort()).toEqual([...COMPLAINT_FIELDS].sort());
    expect(complaint).toMatchObject({ complainedRecipients: [{ emailAddress: "complaint+label@simulator.amazonses.com" }], complaintFeedbackType: "abuse" });
  });

  it("publishes one Delivery or Bounce per recipient", async () => {
    const out = await h.sesClient.send(
      simpleEmail({ Destination: { ToAddresses: ["success@simulator.amazonses.com"], CcAddresses: ["bounce@simulator.amazonses.com"], BccAddresses: ["hr@example.com"] } }),
    );
    await h.drain();
    expect(eventsFor(h.events, out.MessageId!).map((e) => e.detail["eventType"])).toEqual(["Send", "Delivery", "Bounce", "Delivery"]);
    // Bcc recipients are in mail.destination but never in the headers.
    const mail = eventsFor(h.events, out.MessageId!)[0]!.detail["mail"];
    expect(mail.destination).toEqual(["success@simulator.amazonses.com", "bounce@simulator.amazonses.com", "hr@example.com"]);
    expect(JSON.stringify(mail.headers)).not.toContain("hr@example.com");
  });

  it("publishes nothing for mail sent without a configuration set", async () => {
    const out = await h.sesClient.send(simpleEmail({ ConfigurationSetName: undefined }));
    await h.drain();
    expect(h.events).toEqual([]);
    expect(h.store.get(out.MessageId!)!.events).toEqual([]);
  });

  it("answers the send before the event handler runs, and survives a handler that throws", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    h.onEvent(async (event) => {
      await gate;
      if (event["detail-type"] === "Email Delivered") throw new Error("handler exploded");
    });
    const out = await h.sesClient.send(simpleEmail());
    expect(out.MessageId).toBeDefined(); // resolved while the handler is still blocked
    expect(h.store.get(out.MessageId!)!.events).toEqual([]);

    release();
    const message = await h.store.waitFor((m) => m.id === out.MessageId && m.events.length === 2);
    expect(message.events[0]!.sinkError).toBeUndefined();
    expect(message.events[1]!.sinkError).toBe("handler exploded");
  });
});
