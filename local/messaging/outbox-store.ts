// The local outbox: every email and SMS the app "sends" in local mode, with the events the
// emulators published about it. It is what a developer looks at (the /outbox pages) and what
// tests and scripts query instead of a real inbox or phone.
//
// Durability: an append-only ndjson log at <dataDir>/outbox/messages.ndjson, replayed on open.
// A line is either a message or an event for a message, so writing is a single append and a
// crash can at worst leave one torn last line (skipped on load). Attachment bytes and raw MIME
// are kept in files under <dataDir>/outbox/blobs/ so the log (and memory) stays small.
//
// Writes are synchronous on purpose: local mode sends a handful of messages, and a synchronous
// append means that once a send has returned its MessageId the message is on disk and visible,
// in order, with no write queue to reason about.
import { EventEmitter } from "node:events";
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { addressOf } from "./mime.js";

export type Channel = "email" | "sms";
export type Provider = "sesv2" | "sms-voice-v2" | "pinpoint";

export interface OutboxHeader {
  name: string;
  value: string;
}

export interface OutboxAttachment {
  /** Position in the message's attachment list; the download URL uses it. */
  index: number;
  filename: string;
  contentType: string;
  size: number;
  disposition: "attachment" | "inline";
  contentId?: string;
}

export interface OutboxEvent {
  /** SES eventType ("Send", "Delivery", "Bounce", "Open", ...) or SMS eventType ("TEXT_DELIVERED", ...). */
  type: string;
  time: string;
  /** The EventBridge detail-type it was published with. */
  detailType?: string;
  /** The event-specific part of `detail`: SES's delivery/bounce/click object, or the whole SMS detail. */
  data?: unknown;
  /** Set when the event sink (the app's handler) threw while handling this event. */
  sinkError?: string;
}

export interface OutboxMessage {
  /** The provider's MessageId, as returned to the sender. */
  id: string;
  channel: Channel;
  provider: Provider;
  /** ISO timestamp of the send. */
  time: string;
  /** Email From (display form, encoded-words decoded) or SMS origination identity. */
  from: string;
  /** Email recipients (display form) or the single destination phone number. */
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject?: string;
  html?: string;
  /** Plain-text email body, or the SMS message body. */
  text?: string;
  /** Email headers as sent (List-Unsubscribe, custom X- headers, ...). */
  headers: OutboxHeader[];
  attachments: OutboxAttachment[];
  /** SES EmailTags, or the SMS/Pinpoint Context map. */
  tags: Record<string, string>;
  configurationSet?: string;
  /** Pinpoint ApplicationId. */
  applicationId?: string;
  /** SMS MessageType (TRANSACTIONAL | PROMOTIONAL). */
  messageType?: string;
  /** SES ListManagementOptions. */
  listManagement?: { contactListName: string; topicName?: string };
  /** Whether the raw MIME (SES Content.Raw) is kept and downloadable. */
  hasRaw: boolean;
  events: OutboxEvent[];
}

export interface NewAttachment {
  filename: string;
  contentType: string;
  disposition?: "attachment" | "inline";
  contentId?: string;
  content: Buffer;
}

export interface NewOutboxMessage {
  id: string;
  channel: Channel;
  provider: Provider;
  time?: string;
  from: string;
  to: string[];
  cc?: string[];
  bcc?: string[];
  replyTo?: string[];
  subject?: string;
  html?: string;
  text?: string;
  headers?: OutboxHeader[];
  tags?: Record<string, string>;
  configurationSet?: string;
  applicationId?: string;
  messageType?: string;
  listManagement?: { contactListName: string; topicName?: string };
  attachments?: NewAttachment[];
  raw?: Buffer;
}

export interface ListFilter {
  /** An email address or phone number; matches To, Cc or Bcc, ignoring case, display names and phone punctuation. */
  to?: string;
  channel?: Channel;
  /** Only messages sent at or after this time. */
  since?: Date | string;
  /** At most this many (newest first). */
  limit?: number;
}

type LogRecord =
  | { type: "message"; message: Omit<OutboxMessage, "events"> }
  | { type: "event"; id: string; event: OutboxEvent };

export class OutboxStore {
  private readonly messages = new Map<string, OutboxMessage>();
  /** Send order; list() walks it backwards for newest-first without sorting. */
  private readonly order: OutboxMessage[] = [];
  /** Normalized recipient → that recipient's messages in send order. */
  private readonly byRecipient = new Map<string, OutboxMessage[]>();
  private readonly changes = new EventEmitter();
  private readonly logFile: string;
  private readonly blobDir: string;
  /** Lines of the log that could not be read on open (e.g. a torn last line after a crash). */
  readonly skippedLines: number;

  private constructor(readonly dir: string) {
    this.logFile = join(dir, "messages.ndjson");
    this.blobDir = join(dir, "blobs");
    this.changes.setMaxListeners(0); // every waitFor() listens; there is no leak to warn about
    this.skippedLines = this.replay();
  }

  /** Open (creating if needed) the outbox under <dataDir>/outbox and load what is there. */
  static async open(dataDir: string): Promise<OutboxStore> {
    const dir = join(dataDir, "outbox");
    mkdirSync(join(dir, "blobs"), { recursive: true });
    return new OutboxStore(dir);
  }

  private replay(): number {
    if (!existsSync(this.logFile)) return 0;
    let skipped = 0;
    for (const line of readFileSync(this.logFile, "utf8").split("\n")) {
      if (!line.trim()) continue;
      try {
        const record = JSON.parse(line) as LogRecord;
        if (record.type === "message") this.index({ ...record.message, events: [] });
        else if (record.type === "event") this.messages.get(record.id)?.events.push(record.event);
      } catch {
        skipped++;
      }
    }
    return skipped;
  }

  private index(message: OutboxMessage): void {
    this.messages.set(message.id, message);
    this.order.push(message);
    for (const r of new Set([...message.to, ...message.cc, ...message.bcc].map(normalizeRecipient))) {
      const list = this.byRecipient.get(r);
      if (list) list.push(message);
      else this.byRecipient.set(r, [message]);
    }
  }

  /** Whether one message passes a filter (limit aside): what list() applies, and waitFor can use per message. */
  matches(message: OutboxMessage, filter: ListFilter): boolean {
    if (filter.channel && message.channel !== filter.channel) return false;
    if (filter.since !== undefined && Date.parse(message.time) < new Date(filter.since).getTime()) return false;
    if (filter.to !== undefined) {
      const wanted = normalizeRecipient(filter.to);
      if (![...message.to, ...message.cc, ...message.bcc].some((r) => normalizeRecipient(r) === wanted)) return false;
    }
    return true;
  }

  private append(record: LogRecord): void {
    appendFileSync(this.logFile, JSON.stringify(record) + "\n");
  }

  /** Record a sent message. Returns the stored message (do not mutate it; use appendEvent). */
  add(input: NewOutboxMessage): OutboxMessage {
    if (this.messages.has(input.id)) throw new Error(`Outbox already has a message with id ${input.id}`);
    const blobs = join(this.blobDir, blobFolder(input.id));
    const attachments: OutboxAttachment[] = (input.attachments ?? []).map((a, index) => ({
      index,
      filename: a.filename,
      contentType: a.contentType,
      size: a.content.length,
      disposition: a.disposition ?? "attachment",
      ...(a.contentId ? { contentId: a.contentId } : {}),
    }));
    // Blobs first, log line last: a message in the log always has its bytes on disk.
    if (input.attachments?.length || input.raw) {
      mkdirSync(blobs, { recursive: true });
      input.attachments?.forEach((a, i) => writeFileSync(join(blobs, `attachment-${i}`), a.content));
      if (input.raw) writeFileSync(join(blobs, "raw.eml"), input.raw);
    }
    const { attachments: _bytes, raw, ...rest } = input;
    const stored: Omit<OutboxMessage, "events"> = {
      ...rest,
      time: input.time ?? new Date().toISOString(),
      cc: input.cc ?? [],
      bcc: input.bcc ?? [],
      replyTo: input.replyTo ?? [],
      headers: input.headers ?? [],
      tags: input.tags ?? {},
      attachments,
      hasRaw: raw !== undefined,
    };
    this.append({ type: "message", message: stored });
    const message: OutboxMessage = { ...stored, events: [] };
    this.index(message);
    this.changes.emit("change", message);
    return message;
  }

  /**
   * Erasure: removes every message that names the person (any trace in its addresses, subject,
   * bodies, headers, events or kept bytes) with its blobs, and rewrites the log without them, as
   * erasing a person removes what the outbox stands in for. Returns how many messages went.
   */
  eraseMentioning(traces: readonly string[]): number {
    const wanted = traces.filter((t) => t.length >= 3);
    if (!wanted.length) return 0;
    const blobsOf = (m: OutboxMessage) => join(this.blobDir, blobFolder(m.id));
    const mentions = (m: OutboxMessage) => {
      const text = JSON.stringify(m);
      if (wanted.some((t) => text.includes(t))) return true;
      const dir = blobsOf(m);
      if (!existsSync(dir)) return false;
      return readdirSync(dir).some((f) => {
        const bytes = readFileSync(join(dir, f));
        return wanted.some((t) => bytes.includes(Buffer.from(t, "utf8")));
      });
    };
    const gone = new Set(this.order.filter(mentions));
    if (!gone.size) return 0;
    const kept = this.order.filter((m) => !gone.has(m));
    // The new log first (written whole, then renamed over the old one), then memory, then the bytes.
    const lines = kept.flatMap(({ events, ...message }) => [{ type: "message", message }, ...events.map((event) => ({ type: "event", id: message.id, event }))].map((r) => JSON.stringify(r)));
    const next = `${this.logFile}.next`;
    writeFileSync(next, lines.length ? `${lines.join("\n")}\n` : "");
    renameSync(next, this.logFile);
    this.messages.clear();
    this.order.length = 0;
    this.byRecipient.clear();
    kept.forEach((m) => this.index(m));
    for (const m of gone) rmSync(blobsOf(m), { recursive: true, force: true });
    return gone.size;
  }

  /** Append an event to a message's history (as the emulators publish it). */
  appendEvent(id: string, event: OutboxEvent): OutboxEvent {
    const message = this.messages.get(id);
    if (!message) throw new Error(`Outbox has no message with id ${id}`);
    this.append({ type: "event", id, event });
    message.events.push(event);
    this.changes.emit("change", message);
    return event;
  }

  get(id: string): OutboxMessage | undefined {
    return this.messages.get(id);
  }

  /** Messages newest first, optionally filtered. */
  list(filter: ListFilter = {}): OutboxMessage[] {
    const since = filter.since === undefined ? undefined : new Date(filter.since).getTime();
    // A recipient filter reads that recipient's own list rather than scanning every message.
    const source = filter.to === undefined ? this.order : (this.byRecipient.get(normalizeRecipient(filter.to)) ?? []);
    const out: OutboxMessage[] = [];
    for (let i = source.length - 1; i >= 0; i--) {
      const m = source[i]!;
      if (filter.channel && m.channel !== filter.channel) continue;
      if (since !== undefined && Date.parse(m.time) < since) continue;
      out.push(m);
      if (filter.limit !== undefined && out.length >= filter.limit) break;
    }
    return out;
  }

  /** Total number of messages. */
  get size(): number {
    return this.order.length;
  }

  /**
   * Resolve with the newest message matching `predicate`, now or when one appears (a new message,
   * or a new event on an existing one: `m => m.events.some(e => e.type === "Delivery")` works).
   * Rejects after `timeoutMs`.
   */
  waitFor(
    predicate: (message: OutboxMessage) => boolean,
    options: { timeoutMs?: number; description?: string } = {},
  ): Promise<OutboxMessage> {
    const existing = this.order.findLast(predicate);
    if (existing) return Promise.resolve(existing);
    const timeoutMs = options.timeoutMs ?? 5_000;
    return new Promise((resolve, reject) => {
      const onChange = (message: OutboxMessage) => {
        if (!predicate(message)) return;
        cleanup();
        resolve(message);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for an outbox message${options.description ? `: ${options.description}` : ""}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.changes.off("change", onChange);
      };
      this.changes.on("change", onChange);
    });
  }

  /** Listen to every new message and new event. Returns an unsubscribe function. */
  onChange(listener: (message: OutboxMessage) => void): () => void {
    this.changes.on("change", listener);
    return () => this.changes.off("change", listener);
  }

  /** The bytes of attachment `index`, or undefined if there is no such attachment. */
  readAttachment(id: string, index: number): Buffer | undefined {
    const message = this.messages.get(id);
    if (!message || !Number.isInteger(index) || index < 0 || index >= message.attachments.length) return undefined;
    return readIfExists(join(this.blobDir, blobFolder(id), `attachment-${index}`));
  }

  /** The raw MIME of a message sent with SES Content.Raw. */
  readRaw(id: string): Buffer | undefined {
    const message = this.messages.get(id);
    if (!message?.hasRaw) return undefined;
    return readIfExists(join(this.blobDir, blobFolder(id), "raw.eml"));
  }
}

/** Comparable form of a recipient: the bare email address lower-cased, or a phone number's digits with its "+". */
export function normalizeRecipient(recipient: string): string {
  const trimmed = recipient.trim();
  if (/^\+?[\d\s().-]+$/.test(trimmed)) return trimmed.replace(/[^\d+]/g, "");
  return addressOf(trimmed).toLowerCase();
}

// Message ids come from the emulators, but stay safe as a folder name whatever they contain.
function blobFolder(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, "_");
}

function readIfExists(path: string): Buffer | undefined {
  return existsSync(path) ? readFileSync(path) : undefined;
}
