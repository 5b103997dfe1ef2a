// Delivery, bounce, complaint, open and click events from SES (configuration-set event destination
// on EventBridge) and from End User Messaging SMS, recorded against our message. Events are matched
// by our message tag; when a provider drops tags we fall back to its message id.
import * as z from "../shared/zod.js";
import { derivedId } from "../shared/ids.js";
import type { Clock, EngagementField, HirepathStore } from "../shared/ports.js";
import type { MessageRecord } from "../shared/model.js";
import type { TaskStore } from "../tasks/task-ports.js";
import { reportLostMessage } from "./lost-messages.js";
import { MESSAGE_TAG } from "./send-once.js";

const SesEventDetail = z.object({
  eventType: z.string(),
  mail: z.object({
    messageId: z.string(),
    timestamp: z.string().optional(),
    tags: z.record(z.string(), z.array(z.string())).optional(),
  }),
  delivery: z.object({ timestamp: z.string() }).partial().optional(),
  open: z.object({ timestamp: z.string() }).partial().optional(),
  click: z.object({ timestamp: z.string(), link: z.string() }).partial().optional(),
  bounce: z.object({ timestamp: z.string(), bounceType: z.string() }).partial().optional(),
  complaint: z.object({ timestamp: z.string() }).partial().optional(),
});

const SmsEventDetail = z.object({
  eventType: z.string(),
  messageId: z.string(),
  eventTimestamp: z.union([z.number(), z.string()]).optional(),
  messageStatus: z.string().optional(),
  messageStatusDescription: z.string().optional(),
  context: z.record(z.string(), z.string()).optional(),
});

export const MessageEventEnvelope = z.object({
  source: z.string(),
  "detail-type": z.string(),
  time: z.string().optional(),
  detail: z.unknown(),
});

/** Why a message failed after it was sent, and whether that address is done for (no message goes there again). */
export interface DeliveryFailure {
  reason: string;
  permanent: boolean;
}

/**
 * SES: a Permanent bounce (no such mailbox) is for good, a Transient one (mailbox full) is not.
 * SMS: an invalid, unreachable or blocked number and an unreachable carrier are for good; spam
 * filtering, an expired TTL or an unknown error may pass next time.
 */
export function deliveryFailure(event: NormalizedMessageEvent): DeliveryFailure | undefined {
  if (event.field !== "bouncedAt" && event.field !== "failedAt") return undefined;
  if (event.provider === "sesv2") {
    if (event.kind === "Bounce") return { reason: "bounced", permanent: event.detail !== "Transient" && event.detail !== "Undetermined" };
    return { reason: "refused", permanent: true };
  }
  const sms: Record<string, DeliveryFailure> = {
    TEXT_CARRIER_UNREACHABLE: { reason: "carrier-unreachable", permanent: true },
    TEXT_UNREACHABLE: { reason: "unreachable", permanent: true },
    TEXT_INVALID: { reason: "invalid-number", permanent: true },
    TEXT_BLOCKED: { reason: "blocked", permanent: true },
    TEXT_PROTECT_BLOCKED: { reason: "blocked", permanent: true },
    TEXT_CARRIER_BLOCKED: { reason: "carrier-blocked", permanent: false },
    TEXT_SPAM: { reason: "spam", permanent: false },
    TEXT_TTL_EXPIRED: { reason: "expired", permanent: false },
    TEXT_INVALID_MESSAGE: { reason: "invalid-message", permanent: false },
  };
  return sms[event.kind] ?? { reason: "unknown", permanent: false };
}

export interface NormalizedMessageEvent {
  provider: "sesv2" | "sms-voice-v2";
  providerMessageId: string;
  messageId?: string;
  field?: EngagementField;
  kind: string;
  at: string;
  detail?: string;
}

const sesField: Record<string, EngagementField | undefined> = {
  // SES took the message: the evidence a retry of an interrupted send waits for (send-once.ts).
  Send: "acceptedAt",
  Delivery: "deliveredAt",
  Open: "openedAt",
  Click: "clickedAt",
  Bounce: "bouncedAt",
  Complaint: "complainedAt",
  Reject: "failedAt",
  RenderingFailure: "failedAt",
};

/** End User Messaging SMS event types: delivered, or one of the terminal failures. */
function smsField(eventType: string): EngagementField | undefined {
  if (eventType === "TEXT_DELIVERED") return "deliveredAt";
  // The carrier has it or will: the evidence a retry of an interrupted send waits for (send-once.ts).
  if (eventType === "TEXT_SUCCESSFUL" || eventType === "TEXT_QUEUED" || eventType === "TEXT_PENDING") return "acceptedAt";
  if (eventType.startsWith("TEXT_")) return "failedAt";
  return undefined;
}

export function normalizeMessageEvent(event: z.infer<typeof MessageEventEnvelope>): NormalizedMessageEvent | undefined {
  if (event.source === "aws.ses") {
    const d = SesEventDetail.parse(event.detail);
    const sub = d.delivery ?? d.open ?? d.click ?? d.bounce ?? d.complaint;
    const field = sesField[d.eventType];
    return {
      provider: "sesv2",
      providerMessageId: d.mail.messageId,
      ...(d.mail.tags?.[MESSAGE_TAG]?.[0] ? { messageId: d.mail.tags[MESSAGE_TAG][0] } : {}),
      ...(field ? { field } : {}),
      kind: d.eventType,
      at: sub?.timestamp ?? event.time ?? d.mail.timestamp ?? new Date(0).toISOString(),
      ...(d.click?.link ? { detail: d.click.link } : d.bounce?.bounceType ? { detail: d.bounce.bounceType } : {}),
    };
  }
  const sms = SmsEventDetail.safeParse(event.detail);
  if (sms.success && sms.data.eventType.startsWith("TEXT_")) {
    const d = sms.data;
    const field = smsField(d.eventType);
    const ts = d.eventTimestamp === undefined ? event.time : new Date(Number(d.eventTimestamp)).toISOString();
    return {
      provider: "sms-voice-v2",
      providerMessageId: d.messageId,
      ...(d.context?.[MESSAGE_TAG] ? { messageId: d.context[MESSAGE_TAG] } : {}),
      ...(field ? { field } : {}),
      kind: d.eventType,
      at: ts ?? new Date(0).toISOString(),
      ...(d.messageStatusDescription ? { detail: d.messageStatusDescription } : {}),
    };
  }
  return undefined;
}

export type RecordEventResult = "recorded" | "duplicate" | "ignored" | "unknown-message";

export interface MessageEventDeps {
  store: HirepathStore;
  clock: Clock;
  /**
   * Sends a message that failed for good by the other channel (outreach's fallback). `skipped` says
   * why it could not (no other channel, or that failed too): the message is then lost.
   */
  fallback?: (messageId: string, reason: string) => Promise<{ skipped: string } | object>;
  /** Where a lost message becomes HR's task; absent: only recorded on the timeline. */
  tasks?: TaskStore;
}

/** A permanent failure: the other channel, or (when there is none) a task for HR. Safe to repeat. */
async function afterPermanentFailure(message: MessageRecord, failure: DeliveryFailure, deps: MessageEventDeps): Promise<void> {
  const outcome = deps.fallback ? await deps.fallback(message.messageId, failure.reason) : { skipped: "no fallback is configured" };
  if ("skipped" in outcome && deps.tasks) {
    await reportLostMessage(message, failure, `${message.template} by ${message.channel} failed for good (${failure.reason}); ${outcome.skipped}.`, { tasks: deps.tasks, clock: deps.clock });
  }
}

export async function recordMessageEvent(event: z.infer<typeof MessageEventEnvelope>, deps: MessageEventDeps): Promise<RecordEventResult> {
  const normalized = normalizeMessageEvent(event);
  if (!normalized || !normalized.field) return "ignored";
  const messageId =
    normalized.messageId ?? (await deps.store.findMessageByProviderId(normalized.provider, normalized.providerMessageId));
  if (!messageId) return "unknown-message";
  const message = await deps.store.getMessage(messageId);
  if (!message) return "unknown-message";
  // The provider's id, for a send whose own record of the receipt was lost in a crash.
  if (!message.providerMessageId) {
    await deps.store.markMessage(messageId, { provider: normalized.provider, providerMessageId: normalized.providerMessageId });
    await deps.store.linkProviderMessage(normalized.provider, normalized.providerMessageId, messageId);
  }
  const failure = deliveryFailure(normalized);
  // First event of each kind wins; SES sends an Open per view and a Click per click.
  const first = await deps.store.recordMessageEvent(messageId, normalized.field, normalized.at);
  if (!first) {
    // A redelivered failure event whose first handling died before the fallback: finish it.
    if (failure?.permanent) await afterPermanentFailure(message, failure, deps);
    return "duplicate";
  }
  // Acceptance is evidence for the send path, not news for the timeline (message.sent says it).
  if (normalized.field === "acceptedAt") return "recorded";
  if (failure) await deps.store.markMessage(messageId, { failure: { ...failure, at: normalized.at } });
  await deps.store.addTimelineEvent({
    eventId: derivedId("message-event", messageId, normalized.field),
    candidateId: message.candidateId,
    ...(message.applicationId ? { applicationId: message.applicationId } : {}),
    at: normalized.at,
    type: `message.${normalized.field.replace(/At$/, "")}`,
    summary: `${message.template} (${message.channel}) ${normalized.kind}${normalized.detail ? `: ${normalized.detail}` : ""}`,
    data: { messageId, kind: normalized.kind, provider: normalized.provider, channel: message.channel, template: message.template, ...(failure ? failure : {}) },
  });
  if (failure?.permanent) await afterPermanentFailure(message, failure, deps);
  return "recorded";
}
