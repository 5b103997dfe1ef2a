// Sends one journey message at most once. The message id is derived from the step's idempotency
// key, and a conditional "claim" write precedes the provider call, so a Step Functions retry (or a
// duplicate invocation) finds the claim and returns the first result instead of sending again.
// If an attempt died between claiming and recording the provider's receipt we cannot know whether
// the provider sent it; we then report "unconfirmed" rather than risk a second message.
import * as z from "../shared/zod.js";
import { NoContactChannelError, NotFoundError, UnsubscribedError, ValidationError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import { Channel, type Candidate, type MessageRecord } from "../shared/model.js";
import type { Clock, EmailSender, HirepathStore, SecretsProvider, SendReceipt, SmsSender } from "../shared/ports.js";
import type { InterviewStore } from "../interview/interview-ports.js";
import { interviewCalendarAttachment, interviewDetails } from "../interview/interview-messages.js";
import { linkUrl, signLink } from "../shared/signed-links.js";
import { renderEmail, renderSms, TemplateName } from "./templates.js";
import type { PreferenceStore } from "../preferences/preferences-ports.js";

export const SendMessageInput = z.object({
  candidateId: z.string().min(1),
  applicationId: z.string().min(1).optional(),
  template: z.enum(TemplateName),
  /** The channel the journey asks for; the other one is used if the candidate can't be reached on it. */
  channel: Channel,
  idempotencyKey: z.string().min(1).max(512),
  /** Interview-stage messages name their interview: its details, links and ICS go in the message. */
  interviewId: z.string().min(1).optional(),
  /** A signed link of ours the message asks the candidate to open (self-scheduling). */
  actionUrl: z.url().max(4096).optional(),
  /** For messages outside an application (a missed-call follow-up): the role the message is about. */
  requisitionId: z.string().min(1).optional(),
});
export type SendMessageInput = z.infer<typeof SendMessageInput>;

export interface SendMessageResult {
  messageId: string;
  channel: Channel;
  status: "sent" | "unconfirmed";
  duplicate: boolean;
}

export interface SendMessageDeps {
  store: HirepathStore;
  email: EmailSender;
  sms: SmsSender;
  secrets: SecretsProvider;
  clock: Clock;
  config: { publicBaseUrl: string; linkTtlDays: number };
  /** Needed only for messages with an interviewId. */
  interviews?: InterviewStore;
  /** The preference record: recall messages say back what the person told us they care about. */
  preferences?: PreferenceStore;
}

/** Templates that quote the person's own words from their preference record. */
const QUOTES_PREFERENCES = new Set<string>(["recall-invite", "recall-nudge"]);

/** SES tag / SMS context key that ties provider events back to our message. */
export const MESSAGE_TAG = "hirepath-message-id";
/** Links in candidate messages stay valid for a month: long enough for a slow reply, short enough to age out. */
export const DEFAULT_LINK_TTL_DAYS = 30;

function addressFor(candidate: Candidate, channel: Channel): string | undefined {
  return channel === "email" ? candidate.emailNorm : candidate.phoneE164;
}

async function chooseChannel(candidate: Candidate, requested: Channel, store: HirepathStore): Promise<{ channel: Channel; to: string }> {
  const order: Channel[] = requested === "email" ? ["email", "sms"] : ["sms", "email"];
  let unsubscribedSomewhere = false;
  for (const channel of order) {
    const to = addressFor(candidate, channel);
    if (!to) continue;
    if (await store.isUnsubscribed(channel, to)) {
      unsubscribedSomewhere = true;
      continue;
    }
    return { channel, to };
  }
  if (unsubscribedSomewhere) throw new UnsubscribedError(`candidate ${candidate.candidateId} has unsubscribed from every channel we have`);
  throw new NoContactChannelError(`candidate ${candidate.candidateId} has no email or phone`);
}

function settled(record: MessageRecord, duplicate: boolean): SendMessageResult {
  return { messageId: record.messageId, channel: record.channel, status: record.status === "sent" ? "sent" : "unconfirmed", duplicate };
}

export async function sendJourneyMessage(input: SendMessageInput, deps: SendMessageDeps): Promise<SendMessageResult> {
  const { store, clock } = deps;
  const messageId = derivedId("message", input.idempotencyKey);
  // Checked before anything is claimed, so a refused link leaves no half-sent message behind.
  const actionUrl = input.actionUrl ? ourSignedLink(input.actionUrl, deps.config.publicBaseUrl) : undefined;

  const previous = await store.getMessage(messageId);
  if (previous && previous.status === "sent") return settled(previous, true);
  if (previous && previous.status === "sending") {
    await store.markMessage(messageId, { status: "unconfirmed" });
    return settled({ ...previous, status: "unconfirmed" }, true);
  }
  if (previous && previous.status === "unconfirmed") return settled(previous, true);

  const [candidate, application, key] = await Promise.all([
    store.getCandidate(input.candidateId),
    input.applicationId ? store.getApplication(input.candidateId, input.applicationId) : undefined,
    deps.secrets.linkSigningKey(),
  ]);
  if (!candidate) throw new NotFoundError(`candidate ${input.candidateId} not found`);
  const [requisition, { channel, to }] = await Promise.all([
    application ? store.getRequisition(application.requisitionId) : input.requisitionId ? store.getRequisition(input.requisitionId) : undefined,
    chooseChannel(candidate, input.channel, store),
  ]);
  const now = clock.now();

  if (previous?.status === "failed") {
    if (!(await store.reclaimFailedMessage(messageId, now.toISOString()))) {
      const current = await store.getMessage(messageId);
      if (current) return settled(current, true);
    }
  } else {
    const claim = await store.claimMessage({
      messageId,
      idempotencyKey: input.idempotencyKey,
      candidateId: candidate.candidateId,
      ...(input.applicationId ? { applicationId: input.applicationId } : {}),
      channel,
      template: input.template,
      to,
      status: "sending",
      createdAt: now.toISOString(),
    });
    if (!claim.claimed) return settled(claim.record, true);
  }

  const exp = Math.floor(now.getTime() / 1000) + deps.config.linkTtlDays * 86_400;
  const portalUrl = linkUrl(deps.config.publicBaseUrl, signLink({ p: "portal", c: candidate.candidateId, ...(input.applicationId ? { a: input.applicationId } : {}), exp }, key));
  const unsubscribeUrl = linkUrl(deps.config.publicBaseUrl, signLink({ p: "unsubscribe", c: candidate.candidateId, ch: channel, exp }, key));
  const requisitionTitle = requisition?.title ?? application?.requisitionId ?? "";
  const interviewParts = input.interviewId ? await loadInterviewParts(input.interviewId, candidate, deps, key, exp) : undefined;
  const caresAbout = QUOTES_PREFERENCES.has(input.template) ? (await deps.preferences?.getPreferences(candidate.candidateId))?.caresAbout ?? [] : [];
  const context = {
    candidateName: candidate.name,
    requisitionTitle,
    portalUrl,
    unsubscribeUrl,
    ...(interviewParts ? { interview: interviewParts.details } : {}),
    ...(actionUrl ? { actionUrl } : {}),
    ...(requisition?.budget ? { salaryRange: salaryRange(requisition.budget, candidate.locale) } : {}),
    ...(caresAbout.length ? { caresAbout } : {}),
  };
  const attachments =
    interviewParts && channel === "email"
      ? interviewCalendarAttachment({ template: input.template, ...interviewParts, candidate, candidateEmail: to, requisitionTitle, now })
      : undefined;
  const tags = { [MESSAGE_TAG]: messageId };

  let receipt: SendReceipt;
  try {
    if (channel === "email") {
      const rendered = renderEmail(input.template, candidate.locale, context);
      receipt = await deps.email.sendEmail({
        to,
        ...rendered,
        // RFC 8058 one-click unsubscribe: mail clients POST to the link, which our route accepts.
        headers: { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
        tags,
        ...(attachments ? { attachments } : {}),
      });
    } else {
      receipt = await deps.sms.sendSms({ to, body: renderSms(input.template, candidate.locale, context), tags });
    }
  } catch (error) {
    // The provider refused the request, so nothing went out: release the claim and let the ASL
    // retry (TransientError) or catch the failure.
    await store.markMessage(messageId, { status: "failed", failedAt: clock.now().toISOString() });
    // The provider's opt-out list has the number (a STOP we never saw): remember it, so the next
    // message to this candidate takes the other channel instead of failing again.
    if (error instanceof UnsubscribedError && channel === "sms") await store.unsubscribe("sms", to, clock.now().toISOString(), candidate.candidateId);
    throw error;
  }

  const sentAt = clock.now().toISOString();
  await Promise.all([
    // The application is "invited" once an invitation has actually gone out, not when it was decided.
    input.template === "interview-invite" && input.applicationId
      ? store.updateApplication(candidate.candidateId, input.applicationId, { status: "invited", updatedAt: sentAt })
      : undefined,
    store.markMessage(messageId, { status: "sent", provider: receipt.provider, providerMessageId: receipt.providerMessageId, sentAt }),
    store.linkProviderMessage(receipt.provider, receipt.providerMessageId, messageId),
  ]);
  await store.addTimelineEvent({
    eventId: derivedId("message-sent", messageId),
    candidateId: candidate.candidateId,
    ...(input.applicationId ? { applicationId: input.applicationId } : {}),
    at: sentAt,
    type: "message.sent",
    summary: `${input.template} sent by ${channel} to ${to}`,
    data: { messageId, channel, template: input.template, provider: receipt.provider, ...(input.interviewId ? { interviewId: input.interviewId } : {}) },
  });
  return { messageId, channel, status: "sent", duplicate: false };
}

/** Only our own signed links go into a message: the step input cannot make us mail a stranger's URL. */
function ourSignedLink(url: string, publicBaseUrl: string): string {
  const prefix = `${publicBaseUrl.replace(/\/$/, "")}/l/`;
  if (!url.startsWith(prefix)) throw new ValidationError(`actionUrl must be a signed link under ${prefix}`, [{ path: "actionUrl", message: `must start with ${prefix}`, code: "invalid_value" }]);
  return url;
}

async function loadInterviewParts(interviewId: string, candidate: Candidate, deps: SendMessageDeps, key: string, exp: number) {
  if (!deps.interviews) throw new Error("interview messages need the interview store");
  const interview = await deps.interviews.getInterview(candidate.candidateId, interviewId);
  if (!interview) throw new NotFoundError(`interview ${interviewId} not found`);
  const interviewer = await deps.interviews.getInterviewer(interview.interviewerId);
  return { interview, interviewer, details: interviewDetails({ interview, interviewer, candidate, publicBaseUrl: deps.config.publicBaseUrl, key, exp }) };
}

/** "15k–25k CNY/月" or "15k–25k CNY/month": a candidate-facing range, rounded to thousands. */
export function salaryRange(budget: { min: number; max: number; currency: string }, locale: Candidate["locale"]): string {
  const k = (n: number) => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));
  return `${k(budget.min)}–${k(budget.max)} ${budget.currency}${locale === "zh-CN" ? "/月" : "/month"}`;
}

