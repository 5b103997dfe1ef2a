// Texts candidates send back to our number (End User Messaging two-way SMS). An opt-out keyword
// (STOP, TD, 退订, …) records an SMS unsubscribe on our side, so every later send skips SMS even if
// the provider's own opt-out list is changed or the origination number is swapped; anything else
// is a reply, which stops re-engagement nurture like any other candidate response.
//
// AWS publishes each inbound text to the number's SNS topic as this JSON:
// https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms-payload.html
import * as z from "../shared/zod.js";
import { derivedId } from "../shared/ids.js";
import type { Clock, HirepathStore } from "../shared/ports.js";

export const TwoWayInboundMessage = z.object({
  originationNumber: z.string().regex(/^\+[1-9]\d{1,14}$/),
  destinationNumber: z.string().min(1),
  messageKeyword: z.string().default(""),
  messageBody: z.string(),
  inboundMessageId: z.string().min(1),
  previousPublishedMessageId: z.string().default(""),
});
export type TwoWayInboundMessage = z.infer<typeof TwoWayInboundMessage>;

/** The SNS → Lambda event; each record's Message is the JSON above. */
export const SnsInboundSmsEvent = z.object({
  Records: z
    .array(z.object({ Sns: z.object({ Message: z.string(), MessageId: z.string().optional(), TopicArn: z.string().optional() }) }))
    .min(1),
});
export type SnsInboundSmsEvent = z.infer<typeof SnsInboundSmsEvent>;

/**
 * AWS's required opt-out keywords (https://docs.aws.amazon.com/sms-voice/latest/userguide/opt-out-list-keywords.html),
 * plus 退订, which our zh-CN texts mention and which the README has you add to the number as a custom
 * OPT_OUT keyword. Keywords are case-insensitive and a message "begins with" its keyword.
 */
export const SMS_OPT_OUT_KEYWORDS: ReadonlySet<string> = new Set(["ARRET", "CANCEL", "END", "OPT-OUT", "OPTOUT", "QUIT", "REMOVE", "STOP", "TD", "UNSUBSCRIBE", "退订"]);

/** The timeline type of a candidate's SMS reply; re-engagement counts it as a reply. */
export const SMS_REPLIED = "sms.replied";

export function optOutKeyword(message: Pick<TwoWayInboundMessage, "messageBody" | "messageKeyword">): string | undefined {
  const leading = (message.messageBody.trim().split(/\s+/)[0] ?? "").toUpperCase();
  if (SMS_OPT_OUT_KEYWORDS.has(leading)) return leading;
  const keyword = message.messageKeyword.trim().toUpperCase();
  return SMS_OPT_OUT_KEYWORDS.has(keyword) ? keyword : undefined;
}

export interface InboundSmsDeps {
  store: HirepathStore;
  /** Who owns a phone number (the uniqueness marker). */
  contacts: { candidateIdByPhone(phoneE164: string): Promise<string | undefined> };
  clock: Clock;
  /** Journeys a reply settles at once (an open recall), beyond the timeline event every journey reads. */
  onReply?: (reply: { candidateId: string; body: string }) => Promise<unknown>;
}

export type InboundSmsResult = "opted-out" | "replied" | "unknown-sender";

/** Idempotent: SNS may deliver a message more than once, and both writes are keyed by what it carries. */
export async function recordInboundSms(message: TwoWayInboundMessage, deps: InboundSmsDeps): Promise<InboundSmsResult> {
  const from = message.originationNumber;
  const at = deps.clock.now().toISOString();
  const candidateId = await deps.contacts.candidateIdByPhone(from);
  const keyword = optOutKeyword(message);

  if (keyword) {
    // Kept even for a number we don't know: an opt-out must be honoured if that number applies later.
    await deps.store.unsubscribe("sms", from, at, candidateId ?? "");
    if (!candidateId) return "unknown-sender";
    await deps.store.addTimelineEvent({
      // The same id the one-click link uses, so an SMS opt-out and a link opt-out are one event.
      eventId: derivedId("unsubscribed", candidateId, "sms"),
      candidateId,
      at,
      type: "consent.unsubscribed",
      summary: `Unsubscribed from sms by replying ${keyword}`,
      data: { channel: "sms", keyword, inboundMessageId: message.inboundMessageId },
    });
    return "opted-out";
  }

  if (!candidateId) return "unknown-sender";
  await deps.store.addTimelineEvent({
    eventId: derivedId("sms-reply", message.inboundMessageId),
    candidateId,
    at,
    type: SMS_REPLIED,
    summary: `Replied by SMS: ${message.messageBody.slice(0, 140)}`,
    data: { channel: "sms", body: message.messageBody.slice(0, 1600), inboundMessageId: message.inboundMessageId, inReplyTo: message.previousPublishedMessageId },
  });
  await deps.onReply?.({ candidateId, body: message.messageBody });
  return "replied";
}
