// The one place a message is handed to a provider. Every email, SMS and staff email goes through
// sendOnce: claim → send → record → timeline, and on a provider error, failure marking. The id
// derives from the caller's idempotency key, so a retried step or a duplicate invocation finds the
// claim instead of sending again.
//
// Effectively once: the id travels with the message (SES message tag, SMS context), and the
// provider's Send and Delivery events are recorded against it (message-events.ts). A retry that
// finds a claim still "sending" (the attempt before it died between the provider call and the
// record) waits a bounded time for that evidence. With evidence it records the message as sent and
// does not send again; without it, it takes the claim over (one retry only, by attempt number) and
// sends again. The record and the timeline say which of the two happened. The remaining window (the
// provider took the message but its Send event takes longer than the wait) is in the README.
import { TransientError, UnsubscribedError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import type { Channel, MessageRecord } from "../shared/model.js";
import type { Clock, HirepathStore, SendReceipt } from "../shared/ports.js";

/** SES tag / SMS context key that ties provider events back to our message. */
export const MESSAGE_TAG = "hirepath-message-id";

/** Timeline types the send path writes. The status stream reads message.failed (see NOTES/README). */
export const MESSAGE_EVENTS = {
  sent: "message.sent",
  failed: "message.failed",
  recovered: "message.recovered",
  /** A staff email that could not be sent; not evidence about the candidate's reachability. */
  staffFailed: "staff-message.failed",
} as const;

export interface MessageEnvelope {
  /** The caller's idempotency key: the same key is the same message, on every retry. */
  idempotencyKey: string;
  /** Which id family (message, staff-alert, recall-brief …); part of the derived id. */
  idPrefix?: string;
  candidateId: string;
  applicationId?: string;
  /** Candidate messages go on the candidate's timeline; staff messages only when they fail. */
  audience: "candidate" | "staff";
  channel: Channel;
  to: string;
  template: string;
  /** Extra data for the message.sent event (interview id, which preferences were used …). */
  data?: Record<string, unknown>;
  /** Kept on the claim (a templated message's input), for a fallback after a delivery failure. */
  request?: Record<string, unknown>;
  /** Runs once the message is known to have gone out (first time or on a repairing retry); must be idempotent. */
  afterSent?: (sentAt: string) => Promise<unknown>;
}

export type Transmit = (tags: Record<string, string>) => Promise<SendReceipt>;

/** How long a retry waits for the provider's evidence about an interrupted send. */
export interface EvidenceWait {
  /** Total wait. */
  waitMs: number;
  /** Pause between looks at the message record. */
  pollMs: number;
}

/** Transient provider errors are retried in-process this many times, with exponential backoff. */
export interface TransientRetry {
  attempts: number;
  backoffMs: number;
  /** Staff alerts try every error a few times: their failures are recorded on the task, not retried by a workflow. */
  everyError?: boolean;
}

export interface SendOnceDeps {
  store: HirepathStore;
  clock: Clock;
  evidence?: EvidenceWait;
  retry?: TransientRetry;
  /** Pauses (evidence polling, backoff). Tests pass one that does not wait on the wall clock. */
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_EVIDENCE_WAIT: EvidenceWait = { waitMs: 20_000, pollMs: 500 };
export const DEFAULT_TRANSIENT_RETRY: TransientRetry = { attempts: 3, backoffMs: 200 };
const realSleep = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

export type SendOnceResult =
  | { outcome: "sent"; messageId: string; record: MessageRecord; duplicate: boolean; attempts: number; recovery?: "provider-confirmed" | "resent" }
  /** A record from before effectively-once sends ("unconfirmed"): left as it is, never sent again. */
  | { outcome: "in-doubt"; messageId: string; record: MessageRecord }
  | { outcome: "failed"; messageId: string; record: MessageRecord; error: Error; permanent: boolean; attempts: number };

/** Thrown by a transmit that failed before calling the provider (composing the message). */
export class NotSentError extends Error {
  constructor(override readonly cause: unknown) {
    super(`not sent: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = "NotSentError";
  }
}

export const messageIdFor = (envelope: Pick<MessageEnvelope, "idPrefix" | "idempotencyKey">) => derivedId(envelope.idPrefix ?? "message", envelope.idempotencyKey);

/** Whether trying the same channel again can help. Opt-outs, bounces and refused requests cannot. */
export function isPermanentFailure(error: unknown): boolean {
  return !(error instanceof TransientError);
}

function hasEvidence(record: MessageRecord): boolean {
  return record.status === "sent" || Boolean(record.acceptedAt || record.deliveredAt || record.bouncedAt || record.failedAt || record.providerMessageId);
}

export async function sendOnce(envelope: MessageEnvelope, transmit: Transmit, deps: SendOnceDeps): Promise<SendOnceResult> {
  const { store, clock } = deps;
  const messageId = messageIdFor(envelope);
  let recovery: "provider-confirmed" | "resent" | undefined;

  let current = await store.getMessage(messageId);
  if (!current) {
    const claim = await store.claimMessage({
      ...recordOf(envelope, messageId, clock.now().toISOString()),
      attempt: 1,
      ...(envelope.request ? { request: envelope.request } : {}),
    });
    current = claim.claimed ? undefined : claim.record;
  }

  if (current) {
    if (current.status === "sent") return finishSent(envelope, current, { duplicate: true, attempts: 0 }, deps);
    if (current.status === "unconfirmed") return { outcome: "in-doubt", messageId, record: current };
    if (current.status === "sending") {
      // Another attempt claimed it and never recorded the outcome: it died, or it is still running.
      const settled = await awaitEvidence(messageId, deps);
      if (settled && hasEvidence(settled)) {
        if (settled.status === "sent") return finishSent(envelope, settled, { duplicate: true, attempts: 0 }, deps);
        return finishSent(envelope, settled, { duplicate: true, attempts: 0, recovery: "provider-confirmed" }, deps);
      }
      const latest = settled ?? current;
      if (latest.status === "failed") {
        if (!(await store.reclaimFailedMessage(messageId, clock.now().toISOString()))) return sendOnce(envelope, transmit, deps);
      } else if (!(await store.takeOverMessage(messageId, latest.attempt, clock.now().toISOString()))) {
        // Another retry took it over first: it sends; this one reports what that one did.
        return sendOnce(envelope, transmit, deps);
      }
      recovery = "resent";
    } else if (!(await store.reclaimFailedMessage(messageId, clock.now().toISOString()))) {
      // failed, but another retry re-claimed it first
      return sendOnce(envelope, transmit, deps);
    }
  }

  const retry = deps.retry ?? DEFAULT_TRANSIENT_RETRY;
  const sleep = deps.sleep ?? realSleep;
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      const receipt = await transmit({ [MESSAGE_TAG]: messageId });
      const sentAt = clock.now().toISOString();
      const record: MessageRecord = {
        ...((await store.getMessage(messageId)) ?? recordOf(envelope, messageId, sentAt)),
        status: "sent",
        provider: receipt.provider,
        providerMessageId: receipt.providerMessageId,
        sentAt,
        ...(recovery ? { recovery } : {}),
      };
      await store.markMessage(messageId, { status: "sent", provider: receipt.provider, providerMessageId: receipt.providerMessageId, sentAt, ...(recovery ? { recovery } : {}) });
      return finishSent(envelope, record, { duplicate: false, attempts, ...(recovery ? { recovery } : {}) }, deps);
    } catch (error) {
      if (error instanceof NotSentError) {
        // Our side failed before the provider was called (a template, a missing interview): release
        // the claim for a retry, but it says nothing about the person's address.
        await store.markMessage(messageId, { status: "failed", failedAt: clock.now().toISOString() });
        throw error.cause;
      }
      const permanent = isPermanentFailure(error);
      if ((!permanent || retry.everyError) && attempts < retry.attempts) {
        await sleep(retry.backoffMs * 2 ** (attempts - 1));
        continue;
      }
      return markFailed(envelope, messageId, error as Error, permanent, attempts, deps);
    }
  }
}

/** Polls the record until it shows evidence, or the wait is over. Counted polls: no clock reading. */
async function awaitEvidence(messageId: string, deps: SendOnceDeps): Promise<MessageRecord | undefined> {
  const wait = deps.evidence ?? DEFAULT_EVIDENCE_WAIT;
  const sleep = deps.sleep ?? realSleep;
  const polls = Math.ceil(wait.waitMs / Math.max(1, wait.pollMs));
  let record = await deps.store.getMessage(messageId);
  for (let i = 0; i < polls && record && record.status === "sending" && !hasEvidence(record); i++) {
    await sleep(wait.pollMs);
    record = await deps.store.getMessage(messageId);
  }
  return record;
}

/**
 * Everything that follows a send, written so that a retry after a crash completes what is missing:
 * the record, the provider link, the caller's follow-up and the timeline event are all idempotent.
 */
async function finishSent(
  envelope: MessageEnvelope,
  found: MessageRecord,
  how: { duplicate: boolean; attempts: number; recovery?: "provider-confirmed" | "resent" },
  deps: SendOnceDeps,
): Promise<SendOnceResult> {
  const { store } = deps;
  const sentAt = found.sentAt ?? found.acceptedAt ?? deps.clock.now().toISOString();
  let record = found;
  if (how.recovery === "provider-confirmed" && found.status !== "sent") {
    record = { ...found, status: "sent", sentAt, recovery: "provider-confirmed" };
    await store.markMessage(found.messageId, { status: "sent", sentAt, recovery: "provider-confirmed" });
  }
  const recovery = how.recovery ?? record.recovery;
  if (record.provider && record.providerMessageId) await store.linkProviderMessage(record.provider, record.providerMessageId, record.messageId);
  await envelope.afterSent?.(sentAt);
  if (envelope.audience === "candidate") {
    if (recovery) {
      await store.addTimelineEvent({
        eventId: derivedId("message-recovered", record.messageId),
        candidateId: record.candidateId,
        ...(record.applicationId ? { applicationId: record.applicationId } : {}),
        at: sentAt,
        type: MESSAGE_EVENTS.recovered,
        summary:
          recovery === "provider-confirmed"
            ? `${record.template}: the send was interrupted; the provider's record shows it went out, so it was not sent again`
            : `${record.template}: the send was interrupted and the provider had no record of it, so it was sent again`,
        data: { messageId: record.messageId, channel: record.channel, template: record.template, recovery },
      });
    }
    await store.addTimelineEvent({
      eventId: derivedId("message-sent", record.messageId),
      candidateId: record.candidateId,
      ...(record.applicationId ? { applicationId: record.applicationId } : {}),
      at: sentAt,
      type: MESSAGE_EVENTS.sent,
      summary: `${record.template} sent by ${record.channel} to ${record.to}`,
      data: { messageId: record.messageId, channel: record.channel, template: record.template, ...(record.provider ? { provider: record.provider } : {}), ...(recovery ? { recovery } : {}), ...envelope.data },
    });
  }
  return { outcome: "sent", messageId: record.messageId, record, duplicate: how.duplicate, attempts: how.attempts, ...(recovery ? { recovery } : {}) };
}

async function markFailed(envelope: MessageEnvelope, messageId: string, error: Error, permanent: boolean, attempts: number, deps: SendOnceDeps): Promise<SendOnceResult> {
  const { store, clock } = deps;
  const at = clock.now().toISOString();
  const reason = `${error.name}: ${error.message}`.slice(0, 500);
  // Released for a later retry (a failed claim can be re-claimed), and visible: HR sees it on the timeline.
  await store.markMessage(messageId, { status: "failed", failedAt: at, failure: { reason, permanent, at } });
  // The provider's opt-out list has the number (a STOP we never saw): remember it, so the next
  // message to this person takes the other channel instead of failing again.
  if (error instanceof UnsubscribedError && envelope.channel === "sms" && envelope.audience === "candidate") await store.unsubscribe("sms", envelope.to, at, envelope.candidateId);
  if (!envelope.candidateId.startsWith("requisition:")) {
    await store.addTimelineEvent({
      // One event per message, channel and kind, however many retries failed the same way.
      eventId: derivedId("message-failed", messageId, envelope.channel, permanent ? "permanent" : "transient"),
      candidateId: envelope.candidateId,
      ...(envelope.applicationId ? { applicationId: envelope.applicationId } : {}),
      at,
      type: envelope.audience === "candidate" ? MESSAGE_EVENTS.failed : MESSAGE_EVENTS.staffFailed,
      summary: `${envelope.template} could not be sent by ${envelope.channel} to ${envelope.to}${permanent ? "" : " (provider unavailable, retrying)"}: ${reason}`,
      data: { messageId, channel: envelope.channel, template: envelope.template, permanent, reason: failureKind(error), attempts },
    });
  }
  const record = (await store.getMessage(messageId)) ?? { ...recordOf(envelope, messageId, at), status: "failed" as const };
  return { outcome: "failed", messageId, record, error, permanent, attempts };
}

function recordOf(envelope: MessageEnvelope, messageId: string, at: string): MessageRecord {
  return {
    messageId,
    idempotencyKey: envelope.idempotencyKey,
    candidateId: envelope.candidateId,
    ...(envelope.applicationId ? { applicationId: envelope.applicationId } : {}),
    channel: envelope.channel,
    template: envelope.template,
    to: envelope.to,
    status: "sending",
    createdAt: at,
  };
}

/** A short, stable word for why, for status counts and HR filters. */
export function failureKind(error: unknown): "opted-out" | "provider-unavailable" | "refused" {
  if (error instanceof UnsubscribedError) return "opted-out";
  if (error instanceof TransientError) return "provider-unavailable";
  return "refused";
}
