// At-most-once email for the offer journey, the same way send-message.ts does it for the
// application journey: the message id comes from the idempotency key, and a conditional claim
// precedes the provider call, so a retried step finds the claim instead of sending twice.
import { derivedId } from "./ids.js";
import type { Clock, EmailSender, HirepathStore } from "./ports.js";
import { MESSAGE_TAG } from "./send-message.js";
import type { RenderedMessage } from "./offer-letter.js";

export interface OfferMail {
  idempotencyKey: string;
  candidateId: string;
  applicationId?: string;
  to: string;
  template: string;
  message: RenderedMessage;
  headers?: Record<string, string>;
}

export async function sendEmailOnce(mail: OfferMail, deps: { store: HirepathStore; email: EmailSender; clock: Clock }): Promise<{ messageId: string; duplicate: boolean }> {
  const { store } = deps;
  const messageId = derivedId("message", mail.idempotencyKey);
  const previous = await store.getMessage(messageId);
  if (previous && previous.status !== "failed") return { messageId, duplicate: true };
  const now = deps.clock.now().toISOString();
  if (previous) {
    if (!(await store.reclaimFailedMessage(messageId, now))) return { messageId, duplicate: true };
  } else {
    const claim = await store.claimMessage({
      messageId,
      idempotencyKey: mail.idempotencyKey,
      candidateId: mail.candidateId,
      ...(mail.applicationId ? { applicationId: mail.applicationId } : {}),
      channel: "email",
      template: mail.template,
      to: mail.to,
      status: "sending",
      createdAt: now,
    });
    if (!claim.claimed) return { messageId, duplicate: true };
  }
  let receipt;
  try {
    receipt = await deps.email.sendEmail({ to: mail.to, ...mail.message, headers: mail.headers ?? {}, tags: { [MESSAGE_TAG]: messageId } });
  } catch (error) {
    await store.markMessage(messageId, { status: "failed", failedAt: deps.clock.now().toISOString() });
    throw error;
  }
  await Promise.all([
    store.markMessage(messageId, { status: "sent", provider: receipt.provider, providerMessageId: receipt.providerMessageId, sentAt: deps.clock.now().toISOString() }),
    store.linkProviderMessage(receipt.provider, receipt.providerMessageId, messageId),
  ]);
  return { messageId, duplicate: false };
}
