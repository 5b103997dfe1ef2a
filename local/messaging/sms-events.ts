// SMS delivery events for local mode, shared by the End User Messaging (SendTextMessage) and the
// Pinpoint (SendMessages) emulators so the app's handler sees one format whichever API sent.
//
// Format: AWS End User Messaging SMS event data ("Messaging Events" / "Example event data": the
// JSON with eventType TEXT_SUCCESSFUL, TEXT_DELIVERED, ..., messageId, destinationPhoneNumber,
// messageStatus, context, ...), wrapped in the EventBridge envelope End User Messaging uses when
// it sends events to EventBridge ("Monitoring with EventBridge"):
//   source "aws.sms-voice", detail-type "Text Message Delivery Status Updated", resources [].
//
// Simulated outcomes, on numbers reserved for fiction (no real person is ever "texted"):
//   +1 NPA 555 0190-0199, the top of the North American fictional 555-01XX range, any area code:
//     ...0190 → TEXT_CARRIER_UNREACHABLE  ...0194 → TEXT_INVALID       ...0198 → TEXT_PROTECT_BLOCKED
//     ...0191 → TEXT_UNREACHABLE          ...0195 → TEXT_SPAM          ...0199 → TEXT_CARRIER_UNREACHABLE
//     ...0192 → TEXT_BLOCKED              ...0196 → TEXT_TTL_EXPIRED
//     ...0193 → TEXT_CARRIER_BLOCKED      ...0197 → TEXT_UNKNOWN
//   +86 numbers ending in 0000            → TEXT_CARRIER_UNREACHABLE
//   every other number                    → TEXT_SUCCESSFUL, then TEXT_DELIVERED
// The rest of 555-0100..0189 delivers normally on purpose: fixtures and AWS's own examples use
// those numbers (+1 206 555 0142, +1 206 555 0100) for the happy path.
import type { EventSink } from "../event-bus.js";
import { BackgroundTasks, delay, errorMessage, eventBridgeEnvelope } from "./event-publishing.js";
import type { OutboxMessage, OutboxStore } from "./outbox-store.js";

export const SMS_EVENT_SOURCE = "aws.sms-voice";
export const SMS_DETAIL_TYPE = "Text Message Delivery Status Updated";

/** SMS event types of AWS End User Messaging ("Event types for SMS, MMS, and voice"). */
export const SMS_EVENT_TYPES = [
  "TEXT_SUCCESSFUL",
  "TEXT_DELIVERED",
  "TEXT_QUEUED",
  "TEXT_PENDING",
  "TEXT_BLOCKED",
  "TEXT_TTL_EXPIRED",
  "TEXT_CARRIER_UNREACHABLE",
  "TEXT_INVALID",
  "TEXT_INVALID_MESSAGE",
  "TEXT_CARRIER_BLOCKED",
  "TEXT_UNREACHABLE",
  "TEXT_SPAM",
  "TEXT_UNKNOWN",
  "TEXT_PROTECT_BLOCKED",
] as const;

export type SmsEventType = (typeof SMS_EVENT_TYPES)[number];

export function isSmsEventType(value: unknown): value is SmsEventType {
  return typeof value === "string" && (SMS_EVENT_TYPES as readonly string[]).includes(value);
}

// AWS documents the wording for SUCCESSFUL and DELIVERED; the others are ours, in the same style.
const STATUS_DESCRIPTIONS: Record<SmsEventType, string> = {
  TEXT_SUCCESSFUL: "Message has been accepted by phone carrier",
  TEXT_DELIVERED: "Message has been accepted by phone",
  TEXT_QUEUED: "Message has been queued for delivery",
  TEXT_PENDING: "Message is in the process of being delivered",
  TEXT_BLOCKED: "Message has been blocked by the recipient's device or carrier",
  TEXT_TTL_EXPIRED: "Message could not be delivered before its time to live expired",
  TEXT_CARRIER_UNREACHABLE: "Phone carrier is currently unreachable",
  TEXT_INVALID: "Destination phone number is invalid",
  TEXT_INVALID_MESSAGE: "Message body is invalid",
  TEXT_CARRIER_BLOCKED: "Message has been blocked by phone carrier",
  TEXT_UNREACHABLE: "Phone is currently unreachable",
  TEXT_SPAM: "Message has been identified as spam by phone carrier",
  TEXT_UNKNOWN: "Message could not be delivered for an unknown reason",
  TEXT_PROTECT_BLOCKED: "Message has been blocked by a protect configuration",
};

const US_FAILURE_RANGE = /^\+1\d{3}555019(\d)$/;
const US_FAILURES: SmsEventType[] = [
  "TEXT_CARRIER_UNREACHABLE", // 0190
  "TEXT_UNREACHABLE",
  "TEXT_BLOCKED",
  "TEXT_CARRIER_BLOCKED",
  "TEXT_INVALID",
  "TEXT_SPAM",
  "TEXT_TTL_EXPIRED",
  "TEXT_UNKNOWN",
  "TEXT_PROTECT_BLOCKED",
  "TEXT_CARRIER_UNREACHABLE", // 0199
];
const CN_FAILURE = /^\+86\d*0000$/;

/** The events a send to `destination` produces, in order (see the table at the top of this file). */
export function simulatedSmsOutcome(destination: string): SmsEventType[] {
  const us = US_FAILURE_RANGE.exec(destination);
  if (us) return [US_FAILURES[Number(us[1])] ?? "TEXT_CARRIER_UNREACHABLE"];
  if (CN_FAILURE.test(destination)) return ["TEXT_CARRIER_UNREACHABLE"];
  return ["TEXT_SUCCESSFUL", "TEXT_DELIVERED"];
}

export const E164 = /^\+[1-9]\d{1,14}$/;

// GSM 03.38 basic character set; the extension table characters cost two septets each.
const GSM_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
const GSM_EXTENDED = new Set("^{}\\[~]|€\f");

/** How the body is encoded and how many message parts it takes (what the event's messageEncoding/totalMessageParts report). */
export function smsEncoding(body: string): { encoding: "GSM" | "UCS2"; parts: number } {
  let septets = 0;
  for (const ch of body) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_EXTENDED.has(ch)) septets += 2;
    else {
      // Any other character (e.g. Chinese) forces UCS-2: 70 UTF-16 units, or 67 per part when split.
      const units = body.length;
      return { encoding: "UCS2", parts: units <= 70 ? 1 : Math.ceil(units / 67) };
    }
  }
  return { encoding: "GSM", parts: septets <= 160 ? 1 : Math.ceil(septets / 153) };
}

const COUNTRY_CODES: [prefix: string, iso: string][] = [
  ["+852", "HK"],
  ["+853", "MO"],
  ["+886", "TW"],
  ["+86", "CN"],
  ["+81", "JP"],
  ["+82", "KR"],
  ["+65", "SG"],
  ["+61", "AU"],
  ["+44", "GB"],
  ["+49", "DE"],
  ["+33", "FR"],
  ["+91", "IN"],
  ["+1", "US"],
];

function isoCountry(phone: string): string | undefined {
  return COUNTRY_CODES.find(([prefix]) => phone.startsWith(prefix))?.[1];
}

/** The `detail` of one SMS event, in the field order of the AWS example. */
export function smsEventDetail(message: OutboxMessage, eventType: SmsEventType, at: number = Date.now()): Record<string, unknown> {
  const destination = message.to[0] ?? "";
  const { encoding, parts } = smsEncoding(message.text ?? "");
  const destinationCountry = isoCountry(destination);
  const originationCountry = isoCountry(message.from);
  return {
    eventType,
    eventVersion: "1.0",
    eventTimestamp: at,
    isFinal: eventType !== "TEXT_QUEUED" && eventType !== "TEXT_PENDING",
    originationPhoneNumber: message.from,
    destinationPhoneNumber: destination,
    ...(destinationCountry ? { isoCountryCode: destinationCountry } : {}),
    isInternationalSend: Boolean(originationCountry && destinationCountry && originationCountry !== destinationCountry),
    // MCC 001 / MNC 01 is the ITU test network: obviously not a real carrier.
    mcc: "001",
    mnc: "01",
    carrierName: "Hirepath Local Carrier",
    messageId: message.id,
    messageRequestTimestamp: Date.parse(message.time),
    messageEncoding: encoding,
    messageType: message.messageType ?? "TRANSACTIONAL",
    messageStatus: eventType.replace(/^TEXT_/, ""),
    messageStatusDescription: STATUS_DESCRIPTIONS[eventType],
    ...(Object.keys(message.tags).length ? { context: { ...message.tags } } : {}),
    totalMessageParts: parts,
    totalMessagePrice: 0,
    totalCarrierFee: 0,
  };
}

export interface SmsEventPublisherOptions {
  store: OutboxStore;
  sink: EventSink;
  /** Pause before each event of a message's sequence. Default 250 ms. */
  eventDelayMs?: number;
  log?: (line: string) => void;
  /** Share one tracker between emulators so a single drain() covers events that cause further sends. */
  tasks?: BackgroundTasks;
}

/** Publishes SMS events for messages already in the outbox, and records them there. */
export class SmsEventPublisher {
  private readonly store: OutboxStore;
  private readonly sink: EventSink;
  private readonly eventDelayMs: number;
  private readonly log: (line: string) => void;
  private readonly background: BackgroundTasks;

  constructor(options: SmsEventPublisherOptions) {
    this.store = options.store;
    this.sink = options.sink;
    this.eventDelayMs = options.eventDelayMs ?? 250;
    this.log = options.log ?? ((line) => console.error(line));
    this.background = options.tasks ?? new BackgroundTasks(this.log);
  }

  /** After the send has been answered: publish the simulated outcome for this message. */
  scheduleLifecycle(message: OutboxMessage): void {
    this.background.run(`SMS events for ${message.id}`, async () => {
      for (const eventType of simulatedSmsOutcome(message.to[0] ?? "")) {
        await delay(this.eventDelayMs);
        await this.publish(message.id, eventType);
      }
    });
  }

  /**
   * After a restart: publishes the rest of each SMS's simulated outcome that the last process died
   * before publishing (kill -9 between the send and its events), as the carrier would report anyway.
   * The first owed event (the carrier's acceptance, or its failure) is published before this resolves.
   */
  async resumeLifecycles(provider: OutboxMessage["provider"]): Promise<number> {
    let resumed = 0;
    for (const message of this.store.list({ channel: "sms" })) {
      if (message.provider !== provider) continue;
      const seen = new Set(message.events.map((e) => e.type));
      const missing = simulatedSmsOutcome(message.to[0] ?? "").filter((type) => !seen.has(type));
      if (missing.length === 0) continue;
      if (seen.size === 0) await this.publish(message.id, missing.shift()!);
      this.background.run(`SMS events for ${message.id} (resumed)`, async () => {
        for (const eventType of missing) {
          await delay(this.eventDelayMs);
          await this.publish(message.id, eventType);
        }
      });
      resumed++;
    }
    return resumed;
  }

  /** Publish one more status for a sent SMS (e.g. a delivery receipt simulated from the outbox page). */
  async publish(messageId: string, eventType: SmsEventType): Promise<void> {
    const message = this.store.get(messageId);
    if (!message || message.channel !== "sms") throw new Error(`Outbox has no SMS with id ${messageId}`);
    const detail = smsEventDetail(message, eventType);
    const event = eventBridgeEnvelope(SMS_EVENT_SOURCE, SMS_DETAIL_TYPE, detail);
    let sinkError: string | undefined;
    try {
      await this.sink(event);
    } catch (error) {
      sinkError = errorMessage(error);
      this.log(`[outbox] event handler failed on ${eventType} for ${messageId}: ${sinkError}`);
    }
    this.store.appendEvent(messageId, {
      type: eventType,
      time: new Date().toISOString(),
      detailType: SMS_DETAIL_TYPE,
      data: detail,
      ...(sinkError ? { sinkError } : {}),
    });
  }

  drain(): Promise<void> {
    return this.background.drain();
  }
}
