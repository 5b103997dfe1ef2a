// A templated message to a candidate (journeys, call follow-ups, recall), sent once through
// send-once.ts. This module owns what a candidate message needs before and around the send: the
// channel (the journey's request, the stated preference, unsubscribes), the template with its links
// and the interview's ICS, and the fallback to the other channel when one fails for good.
import * as z from "../shared/zod.js";
import { MessageNotNeededError, NoContactChannelError, NotFoundError, UnsubscribedError, ValidationError } from "../shared/errors.js";
import { firstEnding, HoldEnding, recordNotSent } from "./held-messages.js";
import { Channel, type Application, type Candidate, type Requisition } from "../shared/model.js";
import type { EmailSender, OutgoingEmail, SecretsProvider, SmsSender } from "../shared/ports.js";
import type { InterviewStore } from "../interview/interview-ports.js";
import { interviewCalendarAttachment, interviewDetails } from "../interview/interview-messages.js";
import { linkUrl, signLink } from "../shared/signed-links.js";
import { renderEmail, renderSms, TemplateName } from "./templates.js";
import type { PreferenceStore } from "../preferences/preferences-ports.js";
import { effectivePreferences, statedMessageChannel } from "../preferences/preferences.js";
import { failureKind, MESSAGE_EVENTS, MESSAGE_TAG, messageIdFor, NotSentError, sendOnce, type MessageEnvelope, type SendOnceDeps, type SendOnceResult, type Transmit } from "./send-once.js";
import type { PreferenceRecord } from "../preferences/preferences-model.js";
import type { InterviewDetails } from "../interview/interview-templates.js";
import { shortenSignedLink } from "../shared/short-links.js";
import type { Interview } from "../shared/model.js";
import { renderStoredEmail, renderStoredSms, textsInForce, type ChannelTexts, type TemplateOverrideStore } from "./template-overrides.js";

export { MESSAGE_TAG };

export const SendMessageInput = z.object({
  candidateId: z.string().min(1),
  applicationId: z.string().min(1).optional(),
  template: z.enum(TemplateName),
  /**
   * The channel the journey asks for; the other one is used if the candidate can't be reached on it.
   * "preferred": the channel the person (or HR for them) stated in the preference record, else the profile's.
   */
  channel: z.union([Channel, z.literal("preferred")]),
  idempotencyKey: z.string().min(1).max(512),
  /** Interview-stage messages name their interview: its details, links and ICS go in the message. */
  interviewId: z.string().min(1).optional(),
  /** A signed link of ours the message asks the candidate to open (self-scheduling). */
  actionUrl: z.url().max(4096).optional(),
  /** For messages outside an application (a missed-call follow-up): the role the message is about. */
  requisitionId: z.string().min(1).optional(),
  /**
   * Events that make the message moot when they are on the candidate's timeline by its send time (a
   * later call that reached them makes a missed-call follow-up moot). Checked before the message is
   * claimed: then it is not sent, its hold ends with the reason on the timeline, and the step fails
   * with MessageNotNeededError, which the workflow catches as "nothing to send".
   */
  unless: z.array(HoldEnding).max(10).optional(),
});
export type SendMessageInput = z.input<typeof SendMessageInput>;

export interface SendMessageResult {
  messageId: string;
  channel: Channel;
  status: "sent" | "unconfirmed";
  duplicate: boolean;
  /** Set when the requested channel failed for good and the message went by the other one. */
  fallbackFrom?: { messageId: string; channel: Channel; reason: string };
  /** Set when a retry found the send interrupted: what it did about it. */
  recovery?: "provider-confirmed" | "resent";
}

export interface SendMessageDeps extends SendOnceDeps {
  email: EmailSender;
  sms: SmsSender;
  secrets: SecretsProvider;
  /** smsSignature: SMS_SIGNATURE, the registered signature every SMS starts with. */
  config: { publicBaseUrl: string; linkTtlDays: number; smsSignature?: string };
  /** Needed only for messages with an interviewId. */
  interviews?: InterviewStore;
  /** The preference record: the stated channel, and what recall messages quote back. */
  preferences?: PreferenceStore;
  /** HR's texts (template-overrides.ts); without it every message uses the code's templates. */
  templates?: Pick<TemplateOverrideStore, "getTemplateOverride">;
}

/** Templates that quote the person's own words from their preference record. */
const QUOTES_PREFERENCES = new Set<string>(["recall-invite", "recall-nudge"]);

/** Links in candidate messages stay valid for a month: long enough for a slow reply, short enough to age out. */
export const DEFAULT_LINK_TTL_DAYS = 30;

function addressFor(candidate: Candidate, channel: Channel): string | undefined {
  return channel === "email" ? candidate.emailNorm : candidate.phoneE164;
}

const otherChannel = (channel: Channel): Channel => (channel === "email" ? "sms" : "email");

async function chooseChannel(candidate: Candidate, requested: Channel, deps: SendMessageDeps): Promise<{ channel: Channel; to: string }> {
  const order: Channel[] = [requested, otherChannel(requested)];
  let unsubscribedSomewhere = false;
  const dead = await deadAddresses(candidate.candidateId, deps);
  for (const channel of order) {
    const to = addressFor(candidate, channel);
    if (!to || dead.has(`${channel}:${to}`)) continue;
    if (await deps.store.isUnsubscribed(channel, to)) {
      unsubscribedSomewhere = true;
      continue;
    }
    return { channel, to };
  }
  if (unsubscribedSomewhere) throw new UnsubscribedError(`candidate ${candidate.candidateId} has unsubscribed from every channel we have`);
  throw new NoContactChannelError(`candidate ${candidate.candidateId} has no email or phone we can still reach`);
}

/** The other channel, when we have its address, it has not failed for good, and the person has not unsubscribed from it. */
async function fallbackFor(candidate: Candidate, failed: Channel, deps: SendMessageDeps): Promise<{ channel: Channel; to: string } | undefined> {
  const channel = otherChannel(failed);
  const to = addressFor(candidate, channel);
  if (!to || (await deadAddresses(candidate.candidateId, deps)).has(`${channel}:${to}`) || (await deps.store.isUnsubscribed(channel, to))) return undefined;
  return { channel, to };
}

/**
 * "channel:address" of every address a provider said failed for good (hard bounce, invalid or
 * unreachable number, carrier unreachable): no message goes there again. Read from the timeline's
 * failure events and their messages, so a new number or address is tried afresh.
 */
async function deadAddresses(candidateId: string, deps: SendMessageDeps): Promise<Set<string>> {
  const view = await deps.store.getCandidateView(candidateId);
  const failed = (view?.timeline ?? []).filter((e) => (e.type === MESSAGE_EVENTS.failed || e.type === "message.bounced") && e.data?.permanent === true && typeof e.data?.messageId === "string");
  const records = await Promise.all([...new Set(failed.map((e) => String(e.data!.messageId)))].map((id) => deps.store.getMessage(id)));
  return new Set(records.filter((r) => r !== undefined).map((r) => `${r.channel}:${r.to}`));
}

function result(sent: Extract<SendOnceResult, { outcome: "sent" | "in-doubt" }>): SendMessageResult {
  return {
    messageId: sent.messageId,
    channel: sent.record.channel,
    status: sent.outcome === "sent" ? "sent" : "unconfirmed",
    duplicate: sent.outcome === "sent" ? sent.duplicate : true,
    ...(sent.outcome === "sent" && sent.recovery ? { recovery: sent.recovery } : {}),
  };
}

/** What a templated message needs besides its channel: the person, the application and role, their words. */
async function composeFor(input: z.infer<typeof SendMessageInput>, deps: SendMessageDeps): Promise<Compose & { preferenceRecord: PreferenceRecord | undefined }> {
  const { store } = deps;
  // Checked before anything is claimed, so a refused link leaves no half-sent message behind.
  const actionUrl = input.actionUrl ? ourSignedLink(input.actionUrl, deps.config.publicBaseUrl) : undefined;
  const [candidate, application, interview] = await Promise.all([
    store.getCandidate(input.candidateId),
    input.applicationId ? store.getApplication(input.candidateId, input.applicationId) : undefined,
    input.interviewId && deps.interviews ? deps.interviews.getInterview(input.candidateId, input.interviewId) : undefined,
  ]);
  if (!candidate) throw new NotFoundError(`candidate ${input.candidateId} not found`);
  const [requisition, record] = await Promise.all([
    application ? store.getRequisition(application.requisitionId) : input.requisitionId ? store.getRequisition(input.requisitionId) : undefined,
    deps.preferences?.getPreferences(candidate.candidateId),
  ]);
  // HR's text in force now, read when the message is sent (this runs at send time, also for a message
  // that quiet hours or the cap held): an edit made while it waited is what goes out, since HR edits to
  // fix what the message says. The version used is recorded with message.sent. A retry of the same
  // message re-reads it, but the send-once claim means at most one of those renders is ever sent.
  const texts = deps.templates ? await textsInForce(deps.templates, interview?.teamId ?? requisition?.teamId, input.template, candidate.locale) : {};
  return { input, candidate, application, requisition, ...(interview ? { interview } : {}), texts, caresAbout: QUOTES_PREFERENCES.has(input.template) ? record?.caresAbout ?? [] : [], ...(actionUrl ? { actionUrl } : {}), preferenceRecord: record };
}

export async function sendJourneyMessage(raw: SendMessageInput, deps: SendMessageDeps): Promise<SendMessageResult> {
  const input = SendMessageInput.parse(raw);
  const messageId = messageIdFor({ idempotencyKey: input.idempotencyKey });
  const [previous, compose] = await Promise.all([deps.store.getMessage(messageId), composeFor(input, deps)]);
  const { candidate } = compose;
  // A message already claimed is on its way (a retried step): it goes, whatever happened since.
  if (!previous && input.unless?.length) await notSentIfMoot(input, messageId, input.unless, deps);
  const requested = input.channel === "preferred" ? (statedMessageChannel(effectivePreferences(candidate, compose.preferenceRecord, deps.clock.now())) ?? candidate.preferredChannel) : input.channel;

  // A message already claimed keeps its channel and address: a retry sends the same message.
  const first = previous ? { channel: previous.channel, to: previous.to } : await chooseChannel(candidate, requested, deps);
  const failedForGood = previous?.status === "failed" && previous.failure?.permanent;
  let outcome: SendOnceResult | undefined;
  if (!failedForGood) {
    outcome = await sendOnce(envelopeFor(compose, first, input.idempotencyKey, deps), transmitFor(compose, first, deps), deps);
    if (outcome.outcome !== "failed") return result(outcome);
    if (!outcome.permanent) throw outcome.error; // TransientError: the ASL retries the step
  }
  // The channel failed for good (opted out at the provider, refused): the other channel, if we
  // have it and the person has not unsubscribed from it.
  const reason = outcome?.outcome === "failed" ? failureKind(outcome.error) : previous?.failure?.reason ?? "failed";
  const alternative = await fallbackFor(candidate, first.channel, deps);
  if (!alternative) {
    if (outcome?.outcome === "failed") throw outcome.error;
    throw new UnsubscribedError(`${input.template} failed by ${first.channel} (${reason}) and ${otherChannel(first.channel)} is not available`);
  }
  const fallback = await sendOnce(envelopeFor(compose, alternative, fallbackKey(input.idempotencyKey, alternative.channel), deps, { fallbackFrom: { messageId, channel: first.channel, reason } }), transmitFor(compose, alternative, deps), deps);
  if (fallback.outcome === "failed") throw fallback.error;
  return { ...result(fallback), fallbackFrom: { messageId, channel: first.channel, reason } };
}

/**
 * The re-check before a held message goes: if one of the events that make it moot is on the timeline,
 * it is not sent and the timeline says why (recordNotSent), then MessageNotNeededError: the workflow
 * ends without sending.
 */
async function notSentIfMoot(input: z.infer<typeof SendMessageInput>, messageId: string, unless: readonly HoldEnding[], deps: SendMessageDeps): Promise<void> {
  const timeline = (await deps.store.getCandidateView(input.candidateId))?.timeline ?? [];
  const moot = firstEnding(unless, timeline);
  if (!moot) return;
  const why = `${moot.summary} (${moot.type} at ${moot.at})`;
  await recordNotSent({ candidateId: input.candidateId, ...(input.applicationId ? { applicationId: input.applicationId } : {}), messageId, what: input.template }, why, deps, timeline);
  throw new MessageNotNeededError(`${input.template} for ${input.candidateId} not sent: ${why}`);
}

const fallbackKey = (idempotencyKey: string, channel: Channel) => `${idempotencyKey}#fallback-${channel}`;

/**
 * A provider said, after the send, that a message failed for good (a hard bounce, a carrier that
 * can't reach the number): the same templated message by the other channel, once, when we have that
 * address and the person has not unsubscribed from it. A fallback is never itself fallen back from.
 */
export async function sendFallbackAfterFailure(messageId: string, reason: string, deps: SendMessageDeps): Promise<SendMessageResult | { skipped: string }> {
  const record = await deps.store.getMessage(messageId);
  if (!record?.request) return { skipped: "not a templated message" };
  if (record.idempotencyKey.includes("#fallback-")) return { skipped: "already a fallback" };
  const input = SendMessageInput.parse(record.request);
  const compose = await composeFor(input, deps);
  const alternative = await fallbackFor(compose.candidate, record.channel, deps);
  if (!alternative) return { skipped: `${otherChannel(record.channel)} is not available` };
  const fallback = await sendOnce(envelopeFor(compose, alternative, fallbackKey(record.idempotencyKey, alternative.channel), deps, { fallbackFrom: { messageId, channel: record.channel, reason } }), transmitFor(compose, alternative, deps), deps);
  if (fallback.outcome === "failed") {
    if (fallback.permanent) return { skipped: `${alternative.channel} failed too` };
    throw fallback.error; // transient: the event handler's retry tries again
  }
  return { ...result(fallback), fallbackFrom: { messageId, channel: record.channel, reason } };
}

interface Compose {
  input: z.infer<typeof SendMessageInput>;
  candidate: Candidate;
  application: Application | undefined;
  requisition: Requisition | undefined;
  caresAbout: string[];
  actionUrl?: string;
  interview?: Interview;
  texts: ChannelTexts;
}

function envelopeFor(c: Compose, route: { channel: Channel; to: string }, idempotencyKey: string, deps: SendMessageDeps, extra: Record<string, unknown> = {}): MessageEnvelope {
  const { input } = c;
  const applicationId = input.applicationId;
  return {
    idempotencyKey,
    candidateId: c.candidate.candidateId,
    ...(applicationId ? { applicationId } : {}),
    audience: "candidate",
    channel: route.channel,
    to: route.to,
    template: input.template,
    request: input,
    data: {
      ...(input.interviewId ? { interviewId: input.interviewId } : {}),
      ...(c.texts[route.channel] ? { templateText: { teamId: c.texts[route.channel]!.teamId, version: c.texts[route.channel]!.version } } : {}),
      ...extra,
    },
    // The application is "invited" once an invitation has actually gone out, not when it was decided.
    ...(input.template === "interview-invite" && applicationId
      ? { afterSent: (sentAt: string) => deps.store.updateApplication(c.candidate.candidateId, applicationId, { status: "invited", updatedAt: sentAt }) }
      : {}),
  };
}

/** Renders at send time (links signed then), and hands the message to the channel's sender. */
function transmitFor(c: Compose, route: { channel: Channel; to: string }, deps: SendMessageDeps): Transmit {
  return async (tags) => {
    let message: { sms: string } | { email: Omit<OutgoingEmail, "tags"> };
    try {
      message = await composeMessage(c, route, deps);
    } catch (error) {
      throw new NotSentError(error);
    }
    return "sms" in message ? deps.sms.sendSms({ to: route.to, body: message.sms, tags }) : deps.email.sendEmail({ ...message.email, tags });
  };
}

async function composeMessage(c: Compose, route: { channel: Channel; to: string }, deps: SendMessageDeps): Promise<{ sms: string } | { email: Omit<OutgoingEmail, "tags"> }> {
  {
    const { input, candidate } = c;
    const now = deps.clock.now();
    const key = await deps.secrets.linkSigningKey();
    const exp = Math.floor(now.getTime() / 1000) + deps.config.linkTtlDays * 86_400;
    const portalUrl = linkUrl(deps.config.publicBaseUrl, signLink({ p: "portal", c: candidate.candidateId, ...(input.applicationId ? { a: input.applicationId } : {}), exp }, key));
    const unsubscribeUrl = linkUrl(deps.config.publicBaseUrl, signLink({ p: "unsubscribe", c: candidate.candidateId, ...(input.applicationId ? { a: input.applicationId } : {}), ch: route.channel, exp }, key));
    const requisitionTitle = c.requisition?.title ?? c.application?.requisitionId ?? "";
    const interviewParts = input.interviewId ? await loadInterviewParts(input.interviewId, c.interview, candidate, deps, key, exp) : undefined;
    const context = {
      candidateName: candidate.name,
      requisitionTitle,
      portalUrl,
      unsubscribeUrl,
      ...(interviewParts ? { interview: interviewParts.details } : {}),
      ...(c.actionUrl ? { actionUrl: c.actionUrl } : {}),
      ...(c.requisition?.budget ? { salaryRange: salaryRange(c.requisition.budget, candidate.locale) } : {}),
      ...(c.caresAbout.length ? { caresAbout: c.caresAbout } : {}),
    };
    if (route.channel === "sms") {
      const smsValues = await smsContext(context, deps);
      return { sms: c.texts.sms ? renderStoredSms(c.texts.sms.text, candidate.locale, smsValues) : renderSms(input.template, candidate.locale, smsValues) };
    }
    const attachments = interviewParts ? interviewCalendarAttachment({ template: input.template, ...interviewParts, candidate, candidateEmail: route.to, requisitionTitle, now }) : undefined;
    return {
      email: {
        to: route.to,
        ...(c.texts.email ? renderStoredEmail(c.texts.email.text, candidate.locale, context) : renderEmail(input.template, candidate.locale, context)),
        // RFC 8058 one-click unsubscribe: mail clients POST to the link, which our route accepts.
        headers: { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
        ...(attachments ? { attachments } : {}),
      },
    };
  }
}

/**
 * An SMS carries short links (`/s/<id>`) in place of signed ones, and the deployer's signature: a signed
 * token alone is ~150 characters, two UCS-2 segments. External addresses (a video call) are left as they are.
 */
export async function smsContext<C extends { portalUrl: string; actionUrl?: string; interview?: InterviewDetails; salaryRange?: string }>(context: C, deps: Pick<SendMessageDeps, "store" | "config">): Promise<C & { smsSignature?: string }> {
  const short = (url: string) => shortenSignedLink(url, deps.config.publicBaseUrl, deps.store);
  const [portalUrl, actionUrl, confirmUrl, rescheduleUrl] = await Promise.all([
    short(context.portalUrl),
    context.actionUrl ? short(context.actionUrl) : undefined,
    context.interview ? short(context.interview.confirmUrl) : undefined,
    context.interview ? short(context.interview.rescheduleUrl) : undefined,
  ]);
  return {
    ...context,
    portalUrl,
    ...(actionUrl ? { actionUrl } : {}),
    ...(context.interview ? { interview: { ...context.interview, confirmUrl: confirmUrl!, rescheduleUrl: rescheduleUrl! } } : {}),
    // "15k–25k": the en dash is outside GSM-7 and would make an English SMS UCS-2 (70 characters, not 160).
    ...(context.salaryRange ? { salaryRange: context.salaryRange.replace(/–/g, "-") } : {}),
    ...(deps.config.smsSignature ? { smsSignature: deps.config.smsSignature } : {}),
  };
}

/** Only our own signed links go into a message: the step input cannot make us mail a stranger's URL. */
function ourSignedLink(url: string, publicBaseUrl: string): string {
  const prefix = `${publicBaseUrl.replace(/\/$/, "")}/l/`;
  if (!url.startsWith(prefix)) throw new ValidationError(`actionUrl must be a signed link under ${prefix}`, [{ path: "actionUrl", message: `must start with ${prefix}`, code: "invalid_value" }]);
  return url;
}

async function loadInterviewParts(interviewId: string, loaded: Interview | undefined, candidate: Candidate, deps: SendMessageDeps, key: string, exp: number) {
  if (!deps.interviews) throw new Error("interview messages need the interview store");
  const interview = loaded ?? (await deps.interviews.getInterview(candidate.candidateId, interviewId));
  if (!interview) throw new NotFoundError(`interview ${interviewId} not found`);
  const interviewer = await deps.interviews.getInterviewer(interview.interviewerId);
  return { interview, interviewer, details: interviewDetails({ interview, interviewer, candidate, publicBaseUrl: deps.config.publicBaseUrl, key, exp }) };
}

/** "15k–25k CNY/月" or "15k–25k CNY/month": a candidate-facing range, rounded to thousands. */
export function salaryRange(budget: { min: number; max: number; currency: string }, locale: Candidate["locale"]): string {
  const k = (n: number) => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));
  return `${k(budget.min)}–${k(budget.max)} ${budget.currency}${locale === "zh-CN" ? "/月" : "/month"}`;
}

