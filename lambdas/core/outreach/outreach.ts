// The outreach port every journey uses to reach a person. One object, built once per handler from
// the senders, and the only thing in core that holds them (test/unit/layout.test.ts checks that no
// other module calls a sender). Each method sends through send-once.ts, so every message is
// claimed, sent, recorded, marked when it fails, and put on the timeline the same way.
import type { AlertDelivery, Channel, Locale } from "../shared/model.js";
import type { EmailSender, OutgoingEmail, SmsSender } from "../shared/ports.js";
import { sendFallbackAfterFailure, sendJourneyMessage, type SendMessageDeps, type SendMessageInput, type SendMessageResult } from "./send-message.js";
import { sendOnce, type SendOnceDeps } from "./send-once.js";
import { sendStaffAlert, type ChatDelivery, type StaffAlert } from "./staff-alerts.js";
import { isMessageKind, type MessageKind } from "./message-kinds.js";
import { renderTextEmail, textsInForce } from "./template-overrides.js";
import type { TextBlocks, TextValues } from "./template-text.js";

/** A message its journey wrote itself (an offer letter, a nurture text): sent once like any other. */
export interface ComposedMessage {
  idempotencyKey: string;
  /** Id family of the derived message id; keeps the ids that messages sent before this module had. */
  idPrefix?: string;
  candidateId: string;
  applicationId?: string;
  /** What the message is: an entry of message-kinds.ts, which HR can reword on the settings page. */
  template: MessageKind;
  audience: "candidate" | "staff";
  content: ({ channel: "email" } & Omit<OutgoingEmail, "tags" | "headers"> & { headers?: Record<string, string> }) | { channel: "sms"; to: string; body: string };
  /** Extra data for the timeline's message.sent event. */
  data?: Record<string, unknown>;
  /**
   * The values HR's text for this message may name. When the message's team (or the default team) has a
   * text in force for its language, the email is rendered from it instead of `content`'s subject and body.
   */
  text?: ComposedText;
}

export interface ComposedText {
  locale: Locale;
  /** The requisition's or interview's team; the default team's text applies when it has none. */
  teamId?: string;
  values: TextValues;
  /** HTML of the block variables (the offer's terms as a table). */
  blocks?: TextBlocks;
}

export interface ComposedResult {
  messageId: string;
  channel: Channel;
  duplicate: boolean;
  status: "sent" | "unconfirmed";
}

export interface Outreach {
  /** A templated candidate message (journeys, call follow-ups, recall): channel choice, template, fallback. */
  sendTemplated(input: SendMessageInput): Promise<SendMessageResult>;
  /** A composed message; throws the provider's error once the failure is recorded. */
  sendComposed(message: ComposedMessage): Promise<ComposedResult>;
  /** After a delivery failure for good: the same templated message by the other channel, once, if consent allows. */
  fallbackAfterFailure(messageId: string, reason: string): Promise<SendMessageResult | { skipped: string }>;
  /** Emails each staff recipient and posts to the team's chat robots; failures come back, never thrown. */
  alertStaff(alert: StaffAlert, chat?: ChatDelivery): Promise<AlertDelivery[]>;
}

export interface OutreachDeps extends SendOnceDeps, Partial<Omit<SendMessageDeps, keyof SendOnceDeps | "email" | "sms">> {
  email?: EmailSender;
  sms?: SmsSender;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`outreach was built without ${what}`);
  return value;
}

export function createOutreach(deps: OutreachDeps): Outreach {
  const templatedDeps = (): SendMessageDeps => ({
    ...deps,
    email: required(deps.email, "an email sender"),
    sms: required(deps.sms, "an SMS sender"),
    secrets: required(deps.secrets, "secrets"),
    config: required(deps.config, "its link config"),
  });
  return {
    sendTemplated: (input) => sendJourneyMessage(input, templatedDeps()),
    fallbackAfterFailure: (messageId, reason) => sendFallbackAfterFailure(messageId, reason, templatedDeps()),
    async sendComposed(message) {
      // Every message is in the catalogue (message-kinds.ts), so HR can see and reword it: none goes out around it.
      if (!isMessageKind(message.template)) throw new Error(`${String(message.template)} is not in the message catalogue (message-kinds.ts)`);
      const { content, used } = await withTextInForce(message, deps);
      const to = content.to;
      const outcome = await sendOnce(
        {
          idempotencyKey: message.idempotencyKey,
          ...(message.idPrefix ? { idPrefix: message.idPrefix } : {}),
          candidateId: message.candidateId,
          ...(message.applicationId ? { applicationId: message.applicationId } : {}),
          audience: message.audience,
          channel: content.channel,
          to,
          template: message.template,
          ...(message.data || used ? { data: { ...message.data, ...(used ? { templateText: used } : {}) } } : {}),
        },
        (tags) =>
          content.channel === "sms"
            ? required(deps.sms, "an SMS sender").sendSms({ to, body: content.body, tags })
            : required(deps.email, "an email sender").sendEmail({ ...content, headers: content.headers ?? {}, tags }),
        deps,
      );
      if (outcome.outcome === "failed") throw outcome.error;
      return { messageId: outcome.messageId, channel: outcome.record.channel, duplicate: outcome.outcome === "sent" ? outcome.duplicate : true, status: outcome.outcome === "sent" ? "sent" : "unconfirmed" };
    },
    alertStaff: (alert, chat) => sendStaffAlert(alert, { ...deps, email: required(deps.email, "an email sender"), ...(chat ? { chat } : {}) }),
  };
}

/**
 * HR's text in force now for a composed email, read when the message is sent (after any quiet-hours hold),
 * with the team and version it came from for message.sent. A retry of a sent message renders again but
 * sends nothing: the send-once claim is already "sent", and its timeline event keeps the first version.
 */
async function withTextInForce(message: ComposedMessage, deps: OutreachDeps): Promise<{ content: ComposedMessage["content"]; used?: { teamId: string; version: number } }> {
  const { content, text } = message;
  if (!text || !deps.templates || content.channel !== "email") return { content };
  const texts = await textsInForce(deps.templates, text.teamId, message.template, text.locale);
  if (!texts.email) return { content };
  const rendered = renderTextEmail(texts.email.text, text.locale, text.values, text.blocks);
  return { content: { ...content, ...rendered }, used: { teamId: texts.email.teamId, version: texts.email.version } };
}
