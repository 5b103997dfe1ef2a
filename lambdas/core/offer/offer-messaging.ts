// At-most-once messages for the offer and re-engagement journeys, the same way send-message.ts does
// it for the application journey: the message id comes from the idempotency key, and a conditional
// claim precedes the provider call, so a retried step finds the claim instead of sending twice.
import { derivedId } from "../shared/ids.js";
import type { Channel } from "../shared/model.js";
import type { Clock, EmailSender, HirepathStore, SendReceipt, SmsSender } from "../shared/ports.js";
import { MESSAGE_TAG } from "../outreach/send-message.js";
import type { RenderedMessage } from "./offer-letter.js";

interface Delivery {
  idempotencyKey: string;
  candidateId: string;
  applicationId?: string;
  to: string;
  template: string;
}

export interface OfferMail extends Delivery {
  message: RenderedMessage;
  headers?: Record<string, string>;
}

export interface OfferText extends Delivery {
  body: string;
}

async function deliverOnce(d: Delivery, channel: Channel, send: (tags: Record<string, string>) => Promise<SendReceipt>, deps: { store: HirepathStore; clock: Clock }) {
  const { store } = deps;
  const messageId = derivedId("message", d.idempotencyKey);
  const previous = await store.getMessage(messageId);
  if (previous && previous.status !== "failed") return { messageId, duplicate: true };
  const now = deps.clock.now().toISOString();
  if (previous) {
    if (!(await store.reclaimFailedMessage(messageId, now))) return { messageId, duplicate: true };
  } else {
    const claim = await store.claimMessage({
      messageId,
      idempotencyKey: d.idempotencyKey,
      candidateId: d.candidateId,
      ...(d.applicationId ? { applicationId: d.applicationId } : {}),
      channel,
      template: d.template,
      to: d.to,
      status: "sending",
      createdAt: now,
    });
    if (!claim.claimed) return { messageId, duplicate: true };
  }
  let receipt: SendReceipt;
  try {
    receipt = await send({ [MESSAGE_TAG]: messageId });
  } catch (error) {
    // The provider refused, so nothing went out: release the claim for a retry.
    await store.markMessage(messageId, { status: "failed", failedAt: deps.clock.now().toISOString() });
    throw error;
  }
  await Promise.all([
    store.markMessage(messageId, { status: "sent", provider: receipt.provider, providerMessageId: receipt.providerMessageId, sentAt: deps.clock.now().toISOString() }),
    store.linkProviderMessage(receipt.provider, receipt.providerMessageId, messageId),
  ]);
  return { messageId, duplicate: false };
}

export function sendEmailOnce(mail: OfferMail, deps: { store: HirepathStore; email: EmailSender; clock: Clock }): Promise<{ messageId: string; duplicate: boolean }> {
  return deliverOnce(mail, "email", (tags) => deps.email.sendEmail({ to: mail.to, ...mail.message, headers: mail.headers ?? {}, tags }), deps);
}

export function sendSmsOnce(text: OfferText, deps: { store: HirepathStore; sms: SmsSender; clock: Clock }): Promise<{ messageId: string; duplicate: boolean }> {
  return deliverOnce(text, "sms", (tags) => deps.sms.sendSms({ to: text.to, body: text.body, tags }), deps);
}
