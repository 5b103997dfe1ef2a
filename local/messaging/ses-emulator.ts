// SES v2 stand-in for local mode. Speaks SES v2's REST-JSON protocol, so the real
// @aws-sdk/client-sesv2 pointed at AWS_ENDPOINT_URL_SESV2 works unchanged, records every email in
// the outbox, and publishes the events SES publishes through a configuration set's EventBridge
// event destination (source "aws.ses", detail-types "Email Sent", "Email Delivered", ...).
//
// Event shapes follow the SES Developer Guide, "Examples of event data that Amazon SES publishes"
// and "Contents of event data" (the same records SES sends to SNS/Firehose), wrapped in the
// EventBridge envelope described in "Monitoring SES events using Amazon EventBridge" (source
// aws.ses, resources = the configuration set ARN).
import { randomUUID } from "node:crypto";
import type { EventSink } from "../event-bus.js";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "../event-bus.js";
import { restJsonError, restJsonResult, type AwsRequest, type AwsResponse, type ServiceEmulator } from "../http/aws-protocol.js";
import { BackgroundTasks, delay, errorMessage, eventBridgeEnvelope } from "./event-publishing.js";
import { addressOf, decodeEncodedWords, domainOf, headerValue, parseMime, splitAddressList } from "./mime.js";
import type { NewAttachment, OutboxHeader, OutboxMessage, OutboxStore } from "./outbox-store.js";

export interface SesEmulatorOptions {
  store: OutboxStore;
  sink: EventSink;
  /** Configuration sets that "exist"; sending with any other name is a NotFoundException, as in SES. */
  configurationSets: string[];
  /** Where the outbox pages are served, e.g. http://localhost:3000; tracked links point there. */
  publicBaseUrl: string;
  /** Pause before each step of a message's event sequence (Send, then Delivery/Bounce, ...). Default 250 ms. */
  eventDelayMs?: number;
  log?: (line: string) => void;
  /** Share one tracker between emulators so a single drain() covers events that cause further sends. */
  tasks?: BackgroundTasks;
}

/** SES event type → EventBridge detail-type (SES "Monitoring SES events using Amazon EventBridge"). */
export const SES_DETAIL_TYPES = {
  Send: "Email Sent",
  Delivery: "Email Delivered",
  Bounce: "Email Bounced",
  Complaint: "Email Complaint Received",
  Reject: "Email Rejected",
  Open: "Email Opened",
  Click: "Email Clicked",
  DeliveryDelay: "Email Delivery Delayed",
  "Rendering Failure": "Email Rendering Failed",
  Subscription: "Email Subscribed",
} as const;

export type SesEventType = keyof typeof SES_DETAIL_TYPES;

/** The sub-object of `detail` each event type carries (SES "Contents of event data", top-level object). */
const DETAIL_KEYS: Record<SesEventType, string> = {
  Send: "send",
  Delivery: "delivery",
  Bounce: "bounce",
  Complaint: "complaint",
  Reject: "reject",
  Open: "open",
  Click: "click",
  DeliveryDelay: "deliveryDelay",
  "Rendering Failure": "failure",
  Subscription: "subscription",
};

export const SES_EVENT_SOURCE = "aws.ses";

/** Who opened or clicked, as the outbox page saw the request. */
export interface Viewer {
  ipAddress?: string;
  userAgent?: string;
}

const MAX_RECIPIENTS = 50; // SES: "a maximum of 50 recipients" per message
const TAG_PATTERN = /^[A-Za-z0-9_-]{1,256}$/; // SES v2 MessageTag Name/Value rules
const REPORTING_MTA = "outbox.hirepath.local";

class SesError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

// Request shapes (only the fields we read) of SES v2 SendEmail, as the SDK serializes them.
interface SendEmailBody {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  ReplyToAddresses?: string[];
  Content?: {
    Simple?: {
      Subject?: { Data?: string };
      Body?: { Text?: { Data?: string }; Html?: { Data?: string } };
      Headers?: { Name?: string; Value?: string }[];
      Attachments?: {
        RawContent?: string; // blob → base64 in JSON
        FileName?: string;
        ContentType?: string;
        ContentDisposition?: string;
        ContentId?: string;
      }[];
    };
    Raw?: { Data?: string };
    Template?: unknown;
  };
  EmailTags?: { Name?: string; Value?: string }[];
  ConfigurationSetName?: string;
  ListManagementOptions?: { ContactListName?: string; TopicName?: string };
}

/** What we know about an email once the request is understood, before it is stored. */
interface Draft {
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject?: string;
  html?: string;
  text?: string;
  /** Headers as SES would report them in the event's mail.headers. */
  headers: OutboxHeader[];
  attachments: NewAttachment[];
  raw?: Buffer;
  /** Date header of a raw message, for commonHeaders.date. */
  date?: string;
}

export class SesEmulator implements ServiceEmulator {
  readonly name = "SES v2";
  private readonly store: OutboxStore;
  private readonly sink: EventSink;
  private readonly configurationSets: Set<string>;
  private readonly publicBaseUrl: string;
  private readonly eventDelayMs: number;
  private readonly log: (line: string) => void;
  private readonly background: BackgroundTasks;

  constructor(options: SesEmulatorOptions) {
    this.store = options.store;
    this.sink = options.sink;
    this.configurationSets = new Set(options.configurationSets);
    this.publicBaseUrl = options.publicBaseUrl.replace(/\/+$/, "");
    this.eventDelayMs = options.eventDelayMs ?? 250;
    this.log = options.log ?? ((line) => console.error(line));
    this.background = options.tasks ?? new BackgroundTasks(this.log);
  }

  matches(req: AwsRequest): boolean {
    return req.path === "/v2/email" || req.path.startsWith("/v2/email/");
  }

  async handle(req: AwsRequest): Promise<AwsResponse> {
    try {
      if (req.method === "POST" && req.path === "/v2/email/outbound-emails") return this.sendEmail(parseBody(req));
      throw new SesError(400, "BadRequestException", `SES v2 operation ${req.method} ${req.path} is not emulated in Hirepath local mode (only SendEmail is).`);
    } catch (error) {
      if (error instanceof SesError) return restJsonError(error.status, error.type, error.message);
      throw error;
    }
  }

  /**
   * After a restart: publishes what SES would still have published for mail the last process
   * accepted but died before publishing about (kill -9 between the send and its events). On AWS the
   * events come whatever happens to our process; the send path's crash recovery relies on them.
   * Resolves once every owed Send event is published (the rest follow in the background), so a
   * send step resumed after this finds its evidence.
   */
  async resumeEvents(): Promise<number> {
    let resumed = 0;
    for (const message of this.store.list({ channel: "email" })) {
      if (message.provider !== "sesv2" || message.configurationSet === undefined) continue;
      const seen = new Set(message.events.map((e) => e.type));
      if (seen.has("Delivery") || seen.has("Bounce")) continue;
      const draft: Draft = { from: message.from, to: message.to, cc: message.cc, bcc: message.bcc, replyTo: message.replyTo, headers: message.headers, attachments: [], ...(message.subject !== undefined ? { subject: message.subject } : {}) };
      const mail = this.mailContext(message, draft);
      if (!seen.has("Send")) await this.publish(mail, "Send", {});
      this.background.run(`SES events for ${message.id} (resumed)`, () => this.publishLifecycle(mail, true));
      resumed++;
    }
    return resumed;
  }

  /** Wait until every event scheduled so far has been published (tests, shutdown). */
  drain(): Promise<void> {
    return this.background.drain();
  }

  // -------------------------------------------------------------------------------------------
  // SendEmail

  private sendEmail(body: SendEmailBody): AwsResponse {
    const content = body.Content;
    if (!content || (!content.Simple && !content.Raw && !content.Template)) {
      throw new SesError(400, "BadRequestException", "Content is required: specify Simple, Raw or Template content.");
    }
    if (content.Template) {
      throw new SesError(400, "BadRequestException", "Template content is not emulated in Hirepath local mode; send Simple or Raw content.");
    }
    const draft = content.Simple ? this.simpleDraft(body) : this.rawDraft(body);

    if (!draft.from) throw new SesError(400, "BadRequestException", "Missing required field FromEmailAddress (or a From header in the raw message).");
    const recipients = [...draft.to, ...draft.cc, ...draft.bcc];
    if (recipients.length === 0) throw new SesError(400, "BadRequestException", "Missing Destination: specify at least one To, Cc or Bcc address.");
    if (recipients.length > MAX_RECIPIENTS) throw new SesError(400, "BadRequestException", `Too many recipients (${recipients.length}); SES accepts at most ${MAX_RECIPIENTS} per message.`);
    for (const r of recipients) {
      if (!/^[^@\s]+@[^@\s]+$/.test(addressOf(r))) throw new SesError(400, "BadRequestException", `Illegal address: ${r}`);
    }

    // SES wants non-ASCII display names as RFC 2047 encoded-words (SendEmail "Destination" and
    // "FromEmailAddress" docs). Unsure whether SES refuses or mangles them, we warn rather than fail.
    const unencoded = [draft.from, ...recipients, ...draft.replyTo].filter((a) => /[^\x00-\x7f]/.test(a));
    if (unencoded.length) this.log(`[outbox] SES expects non-ASCII names MIME-encoded (=?UTF-8?B?...?=): ${unencoded.join(", ")}`);

    // An unknown configuration set is an error, not a silent send without events.
    const configurationSet = body.ConfigurationSetName;
    if (configurationSet !== undefined && !this.configurationSets.has(configurationSet)) {
      throw new SesError(404, "NotFoundException", `Configuration set <${configurationSet}> does not exist.`);
    }

    const tags: Record<string, string> = {};
    for (const tag of body.EmailTags ?? []) {
      if (!tag.Name || !TAG_PATTERN.test(tag.Name) || tag.Value === undefined || !TAG_PATTERN.test(tag.Value)) {
        throw new SesError(400, "BadRequestException", `Invalid EmailTag ${JSON.stringify(tag)}: names and values may contain only ASCII letters, digits, "_" and "-" (1-256 characters).`);
      }
      tags[tag.Name] = tag.Value;
    }

    const list = body.ListManagementOptions;
    if (list && !list.ContactListName) throw new SesError(400, "BadRequestException", "ListManagementOptions.ContactListName is required.");

    const message = this.store.add({
      id: newSesMessageId(),
      channel: "email",
      provider: "sesv2",
      from: decodeEncodedWords(draft.from),
      to: draft.to.map(decodeEncodedWords),
      cc: draft.cc.map(decodeEncodedWords),
      bcc: draft.bcc.map(decodeEncodedWords),
      replyTo: draft.replyTo.map(decodeEncodedWords),
      ...(draft.subject !== undefined ? { subject: draft.subject } : {}),
      ...(draft.html !== undefined ? { html: draft.html } : {}),
      ...(draft.text !== undefined ? { text: draft.text } : {}),
      headers: draft.headers,
      attachments: draft.attachments,
      tags,
      ...(configurationSet !== undefined ? { configurationSet } : {}),
      ...(list?.ContactListName ? { listManagement: { contactListName: list.ContactListName, ...(list.TopicName ? { topicName: list.TopicName } : {}) } } : {}),
      ...(draft.raw ? { raw: draft.raw } : {}),
    });

    // SES publishes events only for mail sent through a configuration set.
    if (configurationSet !== undefined) {
      const mail = this.mailContext(message, draft);
      this.background.run(`SES events for ${message.id}`, () => this.publishLifecycle(mail));
    }
    return restJsonResult({ MessageId: message.id });
  }

  private simpleDraft(body: SendEmailBody): Draft {
    const simple = body.Content!.Simple!;
    const to = body.Destination?.ToAddresses ?? [];
    const cc = body.Destination?.CcAddresses ?? [];
    const bcc = body.Destination?.BccAddresses ?? [];
    const replyTo = body.ReplyToAddresses ?? [];
    const from = body.FromEmailAddress ?? "";
    const subject = simple.Subject?.Data;
    if (subject === undefined) throw new SesError(400, "BadRequestException", "Content.Simple.Subject is required.");
    if (!simple.Body) throw new SesError(400, "BadRequestException", "Content.Simple.Body is required.");
    const html = simple.Body.Html?.Data;
    const text = simple.Body.Text?.Data;

    const attachments: NewAttachment[] = (simple.Attachments ?? []).map((a, i) => {
      if (!a.RawContent || !a.FileName) throw new SesError(400, "BadRequestException", `Attachment ${i + 1} needs RawContent and FileName.`);
      const disposition = a.ContentDisposition?.toUpperCase() === "INLINE" ? "inline" : "attachment";
      return {
        filename: a.FileName,
        contentType: a.ContentType ?? "application/octet-stream",
        disposition,
        ...(a.ContentId ? { contentId: a.ContentId } : {}),
        content: Buffer.from(a.RawContent, "base64"),
      };
    });

    // The headers SES builds for a Simple message (no Bcc: SES never writes it into the message).
    const contentType = attachments.length
      ? "multipart/mixed"
      : html !== undefined && text !== undefined
        ? "multipart/alternative"
        : html !== undefined
          ? "text/html; charset=UTF-8"
          : "text/plain; charset=UTF-8";
    const headers: OutboxHeader[] = [
      { name: "From", value: from },
      ...(replyTo.length ? [{ name: "Reply-To", value: replyTo.join(", ") }] : []),
      ...(to.length ? [{ name: "To", value: to.join(", ") }] : []),
      ...(cc.length ? [{ name: "Cc", value: cc.join(", ") }] : []),
      { name: "Subject", value: subject },
      { name: "MIME-Version", value: "1.0" },
      { name: "Content-Type", value: contentType },
      ...(simple.Headers ?? []).map((h) => {
        if (!h.Name || h.Value === undefined) throw new SesError(400, "BadRequestException", "Each Content.Simple.Headers entry needs Name and Value.");
        return { name: h.Name, value: h.Value };
      }),
    ];

    return {
      from,
      to,
      cc,
      bcc,
      replyTo,
      subject,
      ...(html !== undefined ? { html } : {}),
      ...(text !== undefined ? { text } : {}),
      headers,
      attachments,
    };
  }

  private rawDraft(body: SendEmailBody): Draft {
    const data = body.Content!.Raw!.Data;
    if (!data) throw new SesError(400, "BadRequestException", "Content.Raw.Data is required.");
    const raw = Buffer.from(data, "base64");
    const parsed = parseMime(raw);
    if (parsed.headers.length === 0) throw new SesError(400, "BadRequestException", "Content.Raw.Data is not a MIME message (no headers).");

    // Destination, when given, is the envelope and wins over the To/Cc/Bcc headers (as in SES).
    const destination = body.Destination;
    const hasDestination = Boolean(destination?.ToAddresses?.length || destination?.CcAddresses?.length || destination?.BccAddresses?.length);
    const rawHeader = (name: string) => splitAddressList(headerValue(parsed.headers, name) ?? "");
    return {
      from: body.FromEmailAddress ?? headerValue(parsed.headers, "from") ?? "",
      to: hasDestination ? (destination?.ToAddresses ?? []) : rawHeader("to"),
      cc: hasDestination ? (destination?.CcAddresses ?? []) : rawHeader("cc"),
      bcc: hasDestination ? (destination?.BccAddresses ?? []) : rawHeader("bcc"),
      replyTo: body.ReplyToAddresses ?? rawHeader("reply-to"),
      ...(parsed.subject !== undefined ? { subject: parsed.subject } : {}),
      ...(parsed.html !== undefined ? { html: parsed.html } : {}),
      ...(parsed.text !== undefined ? { text: parsed.text } : {}),
      // SES removes the Bcc header before sending, so it is not in the reported headers either.
      headers: parsed.headers.filter((h) => h.name.toLowerCase() !== "bcc"),
      attachments: parsed.attachments,
      raw,
      ...(parsed.date !== undefined ? { date: parsed.date } : {}),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Event publishing

  /** Everything needed to build `detail.mail` for this message's events. */
  private mailContext(message: OutboxMessage, draft: Draft): MailContext {
    return {
      messageId: message.id,
      configurationSet: message.configurationSet!,
      timestamp: message.time,
      source: draft.from,
      destination: [...draft.to, ...draft.cc, ...draft.bcc],
      headers: draft.headers,
      commonHeaders: {
        from: [draft.from],
        ...(draft.replyTo.length ? { replyTo: draft.replyTo } : {}),
        ...(draft.date !== undefined ? { date: draft.date } : {}),
        ...(draft.to.length ? { to: draft.to } : {}),
        ...(draft.cc.length ? { cc: draft.cc } : {}),
        messageId: message.id,
        ...(message.subject !== undefined ? { subject: message.subject } : {}),
      },
      emailTags: message.tags,
    };
  }

  /** Send, then per recipient Delivery or Bounce, then Complaint where the simulator says so. */
  private async publishLifecycle(mail: MailContext, sendPublished = false): Promise<void> {
    if (!sendPublished) {
      await delay(this.eventDelayMs);
      await this.publish(mail, "Send", {});
    }
    await delay(this.eventDelayMs);
    const sent = Date.parse(mail.timestamp);
    for (const recipient of mail.destination) {
      const outcome = simulatorOutcome(recipient);
      const now = new Date();
      if (outcome.kind === "bounce") {
        await this.publish(mail, "Bounce", {
          feedbackId: newFeedbackId(),
          bounceType: "Permanent",
          bounceSubType: outcome.subType,
          bouncedRecipients: [
            outcome.subType === "General"
              ? { emailAddress: addressOf(recipient), action: "failed", status: "5.1.1", diagnosticCode: "smtp; 550 5.1.1 user unknown" }
              : { emailAddress: addressOf(recipient) },
          ],
          timestamp: now.toISOString(),
          ...(outcome.subType === "General" ? { reportingMTA: `dsn; ${REPORTING_MTA}` } : {}),
        });
        continue;
      }
      await this.publish(mail, "Delivery", {
        timestamp: now.toISOString(),
        processingTimeMillis: Math.max(0, now.getTime() - sent),
        recipients: [addressOf(recipient)],
        smtpResponse: "250 2.6.0 Message received",
        reportingMTA: REPORTING_MTA,
      });
      if (outcome.kind === "complaint") {
        await delay(this.eventDelayMs);
        const at = new Date().toISOString();
        await this.publish(mail, "Complaint", {
          feedbackId: newFeedbackId(),
          complaintSubType: null,
          complainedRecipients: [{ emailAddress: addressOf(recipient) }],
          timestamp: at,
          userAgent: "Amazon SES Mailbox Simulator",
          complaintFeedbackType: "abuse",
          arrivalDate: at,
        });
      }
    }
  }

  private async publish(mail: MailContext, eventType: SesEventType, payload: Record<string, unknown>): Promise<void> {
    const detail = { eventType, mail: mailObject(mail, eventType), [DETAIL_KEYS[eventType]]: payload };
    const event = eventBridgeEnvelope(SES_EVENT_SOURCE, SES_DETAIL_TYPES[eventType], detail, [configurationSetArn(mail.configurationSet)]);
    let sinkError: string | undefined;
    try {
      await this.sink(event);
    } catch (error) {
      sinkError = errorMessage(error);
      this.log(`[outbox] event handler failed on SES ${eventType} for ${mail.messageId}: ${sinkError}`);
    }
    // Recorded once the handler has seen it, so "the outbox shows Delivery" implies "the app got it".
    this.store.appendEvent(mail.messageId, {
      type: eventType,
      time: new Date().toISOString(),
      detailType: event["detail-type"],
      data: payload,
      ...(sinkError ? { sinkError } : {}),
    });
  }

  // -------------------------------------------------------------------------------------------
  // Open and click tracking, driven by the outbox pages

  /**
   * A person opened the message (as SES's tracking pixel would report). SES tracks opens only
   * for HTML mail sent through a configuration set; returns whether an event was published.
   */
  recordOpen(messageId: string, viewer: Viewer = {}): boolean {
    const message = this.store.get(messageId);
    if (!message || message.provider !== "sesv2" || !message.configurationSet || message.html === undefined) return false;
    const mail = this.contextFromStored(message);
    this.background.run(`SES Open for ${messageId}`, () =>
      this.publish(mail, "Open", { ipAddress: viewer.ipAddress ?? "127.0.0.1", timestamp: new Date().toISOString(), userAgent: viewer.userAgent ?? "" }),
    );
    return true;
  }

  /** A person followed a tracked link. Returns whether an event was published (see recordOpen). */
  recordClick(messageId: string, link: string, linkTags: Record<string, string[]> = {}, viewer: Viewer = {}): boolean {
    const message = this.store.get(messageId);
    if (!message || message.provider !== "sesv2" || !message.configurationSet || message.html === undefined) return false;
    const mail = this.contextFromStored(message);
    this.background.run(`SES Click for ${messageId}`, () =>
      this.publish(mail, "Click", {
        ipAddress: viewer.ipAddress ?? "127.0.0.1",
        link,
        linkTags,
        timestamp: new Date().toISOString(),
        userAgent: viewer.userAgent ?? "",
      }),
    );
    return true;
  }

  /** The tracked URL SES-style click tracking would put in place of `link`. */
  clickUrl(messageId: string, link: string, sesTags?: string): string {
    const tags = sesTags ? `&tags=${encodeURIComponent(sesTags)}` : "";
    return `${this.publicBaseUrl}/outbox/click/${encodeURIComponent(messageId)}?u=${encodeURIComponent(link)}${tags}`;
  }

  /**
   * The message HTML with every http(s) link sent through clickUrl(), as SES rewrites links when
   * a configuration set tracks clicks. Honors SES's link attributes: `ses:tags="k:v;k2:v2"`
   * becomes the Click event's linkTags, `ses:no-track` leaves the link alone. Links open in a new
   * tab so the outbox (an iframe) stays put.
   */
  trackLinks(messageId: string, html: string): string {
    return html.replace(ANCHOR, (whole, attrText: string) => {
      const anchor = webAnchor(attrText);
      if (!anchor) return whole; // mailto:, tel:, #anchors are not tracked
      const keep = anchor.attrs.filter((a) => a.name !== "href" && a.name !== "target" && a.name !== "rel");
      const href = anchor.noTrack ? anchor.link : this.clickUrl(messageId, anchor.link, anchor.sesTags);
      return `<a${keep.map((a) => " " + a.raw).join("")} href="${escapeAttribute(href)}" target="_blank" rel="noopener">`;
    });
  }

  /** The http(s) links of the HTML, each with the tracked URL trackLinks() gives it (none for ses:no-track). */
  trackedLinks(messageId: string, html: string): { url: string; clickUrl?: string }[] {
    return [...html.matchAll(ANCHOR)].flatMap((m) => {
      const anchor = webAnchor(m[1] ?? "");
      if (!anchor) return [];
      return [{ url: anchor.link, ...(anchor.noTrack ? {} : { clickUrl: this.clickUrl(messageId, anchor.link, anchor.sesTags) }) }];
    });
  }

  private contextFromStored(message: OutboxMessage): MailContext {
    const from = headerValue(message.headers, "from") ?? message.from;
    const to = splitAddressList(headerValue(message.headers, "to") ?? "");
    const cc = splitAddressList(headerValue(message.headers, "cc") ?? "");
    const replyTo = splitAddressList(headerValue(message.headers, "reply-to") ?? "");
    const date = headerValue(message.headers, "date");
    return this.mailContext(message, {
      from,
      to: to.length ? to : message.to,
      cc: cc.length ? cc : message.cc,
      bcc: message.bcc,
      replyTo: replyTo.length ? replyTo : message.replyTo,
      headers: message.headers,
      attachments: [],
      ...(date !== undefined ? { date } : {}),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Event detail helpers

interface MailContext {
  messageId: string;
  configurationSet: string;
  timestamp: string;
  source: string;
  destination: string[];
  headers: OutboxHeader[];
  commonHeaders: Record<string, unknown>;
  emailTags: Record<string, string>;
}

/** `detail.mail`, in the field order of the SES examples. */
function mailObject(mail: MailContext, eventType: SesEventType): Record<string, unknown> {
  const tags: Record<string, string[]> = {
    "ses:operation": ["SendEmail"],
    "ses:configuration-set": [mail.configurationSet],
    "ses:source-ip": ["127.0.0.1"],
    "ses:from-domain": [domainOf(mail.source)],
    "ses:caller-identity": ["hirepath-local"],
  };
  // SES adds the sending IP once the message has left (see the Delivery example).
  if (eventType === "Delivery") tags["ses:outgoing-ip"] = ["127.0.0.1"];
  for (const [name, value] of Object.entries(mail.emailTags)) tags[name] = [value];
  return {
    timestamp: mail.timestamp,
    source: mail.source,
    sourceArn: `arn:aws:ses:${LOCAL_REGION}:${LOCAL_ACCOUNT}:identity/${domainOf(mail.source)}`,
    sendingAccountId: LOCAL_ACCOUNT,
    messageId: mail.messageId,
    destination: mail.destination,
    headersTruncated: false,
    headers: mail.headers.map((h) => ({ name: h.name, value: h.value })),
    commonHeaders: mail.commonHeaders,
    tags,
  };
}

function configurationSetArn(name: string): string {
  return `arn:aws:ses:${LOCAL_REGION}:${LOCAL_ACCOUNT}:configuration-set/${name}`;
}

type SimulatorOutcome = { kind: "delivery" } | { kind: "complaint" } | { kind: "bounce"; subType: "General" | "OnAccountSuppressionList" };

/**
 * SES mailbox simulator addresses (labels like bounce+test1@ are allowed, as in SES):
 * bounce@ → hard bounce, complaint@ → delivery then complaint, suppressionlist@ → bounce because
 * the address is on the suppression list, success@/ooto@ and every other address → delivery.
 */
export function simulatorOutcome(recipient: string): SimulatorOutcome {
  const address = addressOf(recipient).toLowerCase();
  const [local = "", domain = ""] = address.split("@");
  if (domain !== "simulator.amazonses.com") return { kind: "delivery" };
  switch (local.split("+")[0]) {
    case "bounce":
      return { kind: "bounce", subType: "General" };
    case "suppressionlist":
      return { kind: "bounce", subType: "OnAccountSuppressionList" };
    case "complaint":
      return { kind: "complaint" };
    default:
      return { kind: "delivery" };
  }
}

/** "Email Clicked" linkTags from an `ses:tags="k:v;k2:v2"` attribute value. */
export function parseLinkTags(sesTags: string | undefined): Record<string, string[]> {
  const tags: Record<string, string[]> = {};
  for (const pair of (sesTags ?? "").split(";")) {
    const colon = pair.indexOf(":");
    if (colon <= 0) continue;
    const name = pair.slice(0, colon).trim();
    const value = pair.slice(colon + 1).trim();
    if (name) (tags[name] ??= []).push(value);
  }
  return tags;
}

/** SES-style MessageId: 16 hex digits (a "0100" prefix and the send time), a UUID, "-000000". */
export function newSesMessageId(): string {
  return `0100${Date.now().toString(16).padStart(12, "0")}-${randomUUID()}-000000`;
}

function newFeedbackId(): string {
  return newSesMessageId();
}

function parseBody(req: AwsRequest): SendEmailBody {
  if (req.body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(req.body.toString("utf8"));
    if (parsed && typeof parsed === "object") return parsed as SendEmailBody;
  } catch {
    // fall through
  }
  throw new SesError(400, "BadRequestException", "The request body is not a JSON object.");
}

interface Attribute {
  name: string;
  value?: string;
  raw: string;
}

/** An <a ...> start tag; group 1 is its attribute text (quoted values may contain ">"). */
const ANCHOR = /<a\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;

/** The anchor's http(s) target and SES link attributes, or undefined if it is not a web link. */
function webAnchor(attrText: string): { attrs: Attribute[]; link: string; sesTags?: string; noTrack: boolean } | undefined {
  const attrs = parseAttributes(attrText);
  const href = attrs.find((a) => a.name === "href")?.value;
  if (!href) return undefined;
  const link = decodeHtmlEntities(href).trim();
  if (!/^https?:\/\//i.test(link)) return undefined;
  const sesTags = attrs.find((a) => a.name === "ses:tags")?.value;
  return { attrs, link, ...(sesTags !== undefined ? { sesTags } : {}), noTrack: attrs.some((a) => a.name === "ses:no-track") };
}

function parseAttributes(text: string): Attribute[] {
  const attrs: Attribute[] = [];
  for (const m of text.matchAll(/([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g)) {
    const value = m[2] ?? m[3] ?? m[4];
    attrs.push({ name: m[1]!.toLowerCase(), ...(value !== undefined ? { value } : {}), raw: m[0] });
  }
  return attrs;
}

function decodeHtmlEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|#39);/gi, (_, entity: string) => {
    const e = entity.toLowerCase();
    if (e.startsWith("#x")) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[e] ?? _;
  });
}

function escapeAttribute(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
