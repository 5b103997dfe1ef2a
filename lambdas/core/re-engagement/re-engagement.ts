// Re-engagement months later. A stalled or declined candidate who consented gets a one-time
// EventBridge schedule (six months by default). When it fires, the re-engagement workflow
// (statemachines/re-engagement.asl.json) gives HR a brief to act on and, if HR asked for it, sends
// a short nurture sequence. Consent, the channel and what the candidate cares about come from the one
// preference record (core/preferences), so what HR recorded there is what nurture uses. Nurture stops
// on a reply, an unsubscribe, or consent that was revoked or has expired.
import * as z from "../shared/zod.js";
import { NotFoundError, UnsubscribedError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import type { Candidate, Locale, TimelineEvent } from "../shared/model.js";
import { SMS_REPLIED } from "../outreach/inbound-sms.js";
import type { Offer, ReEngagement } from "../offer/offer-model.js";
import type { ContactChannel, Preferences } from "../preferences/preferences-model.js";
import type { PreferenceStore } from "../preferences/preferences-ports.js";
import { consentIsCurrent, effectivePreferences } from "../preferences/preferences.js";
import { expectationGap } from "../offer/offer-readiness.js";
import type { Clock, HirepathStore, OfferStore, ReEngagementSchedules, SecretsProvider } from "../shared/ports.js";
import type { Outreach } from "../outreach/outreach.js";
import { linkUrl, signLink } from "../shared/signed-links.js";
import { nextAllowedSendTime } from "../outreach/quiet-hours.js";
import { sendingRulesInForce } from "../outreach/sending-rules.js";
import { planHeldMessage } from "../outreach/held-messages.js";
import { openTask } from "../tasks/tasks.js";
import type { TaskStore } from "../tasks/task-ports.js";
import { shortenSignedLink } from "../shared/short-links.js";
import { nurtureEmail, nurtureSmsText } from "./nurture-copy.js";
import { renderStoredEmail, renderStoredSms, textsInForce, type TemplateOverrideStore } from "../outreach/template-overrides.js";

export const DEFAULT_RE_ENGAGEMENT_MONTHS = 6;
/** Nurture messages sent at most, a month apart. The workflow is generated from these (statemachines/src/re-engagement.ts). */
export const NURTURE_MESSAGES = 3;
export const NURTURE_INTERVAL_SECONDS = 30 * 24 * 3600;
/** How long a consent given on the decline page lasts (PIPL: keep personal data no longer than needed). */
export const CONSENT_VALIDITY_DAYS = 730;

export const reEngagementScheduleName = (candidateId: string) => `reengage-${candidateId}`.slice(0, 64);

export function addMonths(at: Date, months: number): Date {
  const d = new Date(at);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

export interface PlanDeps {
  store: HirepathStore;
  offers: OfferStore;
  preferences: PreferenceStore;
  schedules: ReEngagementSchedules;
  clock: Clock;
}

/** Called when an offer ends stalled or declined: schedules re-engagement if the candidate consented. */
export async function planReEngagement(offer: Offer, reason: ReEngagement["reason"], deps: PlanDeps, months = DEFAULT_RE_ENGAGEMENT_MONTHS): Promise<{ scheduled: boolean; fireAt?: string }> {
  const now = deps.clock.now();
  const consent = (await deps.preferences.getPreferences(offer.candidateId))?.consents["re-engagement"];
  if (!consentIsCurrent(consent, now)) {
    await deps.store.addTimelineEvent({
      eventId: derivedId("reengagement-skipped", offer.offerId),
      candidateId: offer.candidateId,
      at: now.toISOString(),
      type: "reengagement.not-scheduled",
      summary: "No re-engagement scheduled: the candidate has not consented to be contacted about future roles",
      data: { offerId: offer.offerId },
    });
    return { scheduled: false };
  }
  // The run may message the candidate at once (nurture): it fires outside their quiet hours, in their zone.
  const candidate = await deps.store.getCandidate(offer.candidateId);
  // Months ahead, so only a first guess: the nurture plans each message again under the rules then in force.
  const fireAt = candidate ? nextAllowedSendTime(addMonths(now, months), candidate.timeZone, (await sendingRulesInForce(deps.store)).quietHours) : addMonths(now, months);
  return scheduleReEngagement(offer.candidateId, offer.offerId, reason, fireAt, false, deps);
}

export async function scheduleReEngagement(candidateId: string, offerId: string, reason: ReEngagement["reason"], fireAt: Date, nurture: boolean, deps: PlanDeps) {
  const now = deps.clock.now().toISOString();
  const scheduleName = reEngagementScheduleName(candidateId);
  await deps.schedules.schedule(scheduleName, fireAt, { candidateId, offerId });
  const existing = await deps.offers.getReEngagement(candidateId);
  await deps.offers.putReEngagement({ candidateId, offerId, scheduleName, fireAt: fireAt.toISOString(), status: "scheduled", nurture, reason, createdAt: existing?.createdAt ?? now, updatedAt: now });
  await deps.store.addTimelineEvent({
    eventId: derivedId("reengagement-scheduled", candidateId, fireAt.toISOString()),
    candidateId,
    at: now,
    type: "reengagement.scheduled",
    summary: `Re-engagement scheduled for ${fireAt.toISOString().slice(0, 10)}${nurture ? " with nurture" : ""}`,
    data: { offerId, fireAt: fireAt.toISOString(), scheduleName, nurture },
  });
  return { scheduled: true, fireAt: fireAt.toISOString() };
}

export async function cancelReEngagement(candidateId: string, deps: PlanDeps): Promise<ReEngagement> {
  const plan = await deps.offers.getReEngagement(candidateId);
  if (!plan) throw new NotFoundError(`no re-engagement planned for candidate ${candidateId}`);
  await deps.schedules.cancel(plan.scheduleName);
  const now = deps.clock.now().toISOString();
  const cancelled = { ...plan, status: "cancelled" as const, updatedAt: now };
  await deps.offers.putReEngagement(cancelled);
  await deps.store.addTimelineEvent({ eventId: derivedId("reengagement-cancelled", candidateId, now), candidateId, at: now, type: "reengagement.cancelled", summary: "Re-engagement cancelled by HR", data: { scheduleName: plan.scheduleName } });
  return cancelled;
}

// --- the re-engagement workflow's steps ----------------------------------------------------------

export const ReEngagementStepInput = z.discriminatedUnion("step", [
  z.object({ step: z.literal("brief"), candidateId: z.string().min(1), offerId: z.string().min(1) }),
  /**
   * Nurture message n: planned (quiet hours and the daily cap in the candidate's zone) and, when
   * nothing holds it, sent in the same invocation; a held one comes back with its `sendAt` (the hold
   * visible on the timeline), and the workflow waits and sends it with "nurture".
   */
  z.object({ step: z.literal("send-nurture-unless-held"), candidateId: z.string().min(1), offerId: z.string().min(1), n: z.number().int().min(0), round: z.string().min(1) }),
  /**
   * Plan only, and send only. The workflow plans and sends in one step now; these stay for runs
   * started under the earlier definition (a deployed run keeps its definition for its six months,
   * and calls this function as it is then).
   */
  z.object({ step: z.literal("plan-nurture"), candidateId: z.string().min(1), offerId: z.string().min(1), n: z.number().int().min(0), round: z.string().min(1) }),
  z.object({ step: z.literal("nurture"), candidateId: z.string().min(1), offerId: z.string().min(1), n: z.number().int().min(0), round: z.string().min(1) }),
  z.object({ step: z.literal("record-stopped"), candidateId: z.string().min(1), offerId: z.string().min(1), reason: z.string() }),
]);
export type ReEngagementStepInput = z.infer<typeof ReEngagementStepInput>;

/** The nurture SMS as sent without HR's own text (the wording is in nurture-copy.ts), with our short link. */
export async function nurtureSms(candidate: { name: string; locale: Locale }, cares: readonly string[], opening: string | undefined, portalUrl: string, deps: Pick<ReEngagementDeps, "store" | "config">): Promise<string> {
  const link = await shortenSignedLink(portalUrl, deps.config.publicBaseUrl, deps.store);
  return nurtureSmsText({ name: candidate.name, locale: candidate.locale, cares, ...(opening ? { opening } : {}) }, link, deps.config.smsSignature);
}

export interface ReEngagementDeps {
  store: HirepathStore;
  offers: OfferStore;
  tasks: TaskStore;
  preferences: PreferenceStore;
  outreach: Outreach;
  secrets: SecretsProvider;
  clock: Clock;
  /** smsSignature: SMS_SIGNATURE, the registered signature every SMS starts with. */
  config: { publicBaseUrl: string; smsSignature?: string };
  /** HR's wording of the nurture message (settings); without it, the built-in wording. */
  templates?: Pick<TemplateOverrideStore, "getTemplateOverride">;
}

export interface ReEngagementBrief {
  candidate: { name: string; preferredChannel: ContactChannel; channelSource: string; locale: string; bestTime?: string };
  offer: { offerId: string; status: string; requisitionId: string; gapToExpection: number | null };
  timeline: Array<{ at: string; type: string; summary: string }>;
  unresolvedQuestions: string[];
  caredAbout: string[];
  changesSince: { newOpenings: Array<{ requisitionId: string; title: string }>; policyChanges: string[] };
}

/** Events the candidate caused: any of these after the schedule fired counts as a reply. */
const CANDIDATE_REPLIES = new Set(["portal.visited", "offer.question", "message.clicked", "consent.unsubscribed", "consent.changed", SMS_REPLIED]);

export function buildBrief(candidate: Candidate, preferences: Preferences, offer: Offer, timeline: TimelineEvent[], openings: Array<{ requisitionId: string; title: string; location?: string | undefined; updatedAt: string }>, policyChanges: string[]): ReEngagementBrief {
  const decidedAt = offer.respondedAt ?? offer.updatedAt;
  const asked = timeline.filter((e) => e.type === "offer.question").map((e) => String((e.data as { question?: string })?.question ?? e.summary));
  const answered = new Set(timeline.filter((e) => e.type === "offer.question.answered").map((e) => String((e.data as { question?: string })?.question ?? "")));
  const declined = timeline.find((e) => e.type === "offer.declined");
  const gap = expectationGap(offer.parts, offer.candidateExpectation);
  const caredAbout = [
    ...(preferences.caresAbout.length ? [`Told us they care about: ${preferences.caresAbout.join(", ")}`] : []),
    ...(preferences.careerGoal ? [`Career goal: ${preferences.careerGoal}`] : []),
    ...(declined && (declined.data as { reason?: string })?.reason ? [`Declined because: ${(declined.data as { reason: string }).reason}`] : []),
    ...(gap !== undefined && gap < 0 ? [`Compensation: the offer was ${Math.round(-gap * 100)}% below their expectation`] : []),
    ...(offer.competingOffer ? ["Held a competing offer"] : []),
    ...(offer.parts.location ? [`Location: ${offer.parts.location}`] : []),
    ...(offer.stalledReason ? [`Why it stalled (recorded by HR): ${offer.stalledReason}`] : offer.stalledReasonSuggestion ? [`Likely reason it stalled: ${offer.stalledReasonSuggestion}`] : []),
  ];
  return {
    candidate: { name: candidate.name, preferredChannel: preferences.channel.value, channelSource: preferences.channel.source, locale: preferences.language, ...(preferences.bestTime ? { bestTime: preferences.bestTime } : {}) },
    offer: { offerId: offer.offerId, status: offer.status, requisitionId: offer.requisitionId, gapToExpection: gap ?? null },
    timeline: timeline.slice(-20).map((e) => ({ at: e.at, type: e.type, summary: e.summary })),
    unresolvedQuestions: asked.filter((q) => !answered.has(q)),
    caredAbout,
    changesSince: {
      newOpenings: openings
        .filter((r) => r.requisitionId !== offer.requisitionId && r.updatedAt > decidedAt && (!offer.parts.location || !r.location || offer.parts.location.includes(r.location) || r.location.includes(offer.parts.location)))
        .map((r) => ({ requisitionId: r.requisitionId, title: r.title })),
      policyChanges,
    },
  };
}

export async function runReEngagementStep(input: ReEngagementStepInput, deps: ReEngagementDeps): Promise<Record<string, unknown>> {
  const [view, offer, plan, record] = await Promise.all([
    deps.store.getCandidateView(input.candidateId),
    deps.offers.getOffer(input.candidateId, input.offerId),
    deps.offers.getReEngagement(input.candidateId),
    deps.preferences.getPreferences(input.candidateId),
  ]);
  if (!view || !offer) throw new NotFoundError(`offer ${input.offerId} not found`);
  const now = deps.clock.now();
  const candidate = view.candidate;
  const preferences = effectivePreferences(candidate, record, now);

  if (input.step === "brief") {
    const [requisitions, changes] = await Promise.all([deps.store.listRequisitions(), deps.offers.listPolicyChanges(offer.respondedAt ?? offer.updatedAt)]);
    const brief = buildBrief(candidate, preferences, offer, view.timeline, requisitions, changes.map((c) => c.summary));
    if (plan) await deps.offers.putReEngagement({ ...plan, status: "fired", updatedAt: now.toISOString() });
    await openTask(
      {
        kind: "re-engagement",
        type: "re-engagement",
        subject: { candidateId: input.candidateId, offerId: input.offerId },
        title: `Re-engage ${candidate.name}: ${brief.changesSince.newOpenings.length} matching opening(s), ${brief.unresolvedQuestions.length} unresolved question(s)`,
        ...(brief.caredAbout.length ? { suggestion: brief.caredAbout.join("; ") } : {}),
        dueAt: new Date(now.getTime() + 3 * 86_400_000).toISOString(),
        idempotencyKey: `reengage:${input.candidateId}:${plan?.fireAt ?? ""}`,
      },
      deps,
    );
    await deps.store.addTimelineEvent({
      eventId: derivedId("reengagement-brief", input.candidateId, plan?.fireAt ?? ""),
      candidateId: input.candidateId,
      at: now.toISOString(),
      type: "reengagement.brief",
      summary: "Re-engagement brief ready for HR",
      data: { ...brief },
    });
    return { nurture: plan?.nurture === true && plan.status !== "cancelled", firedAt: now.toISOString() };
  }

  /** Why nurture must stop now (consent gone, a reply, an unsubscribe), or undefined; asked once per invocation. */
  let stopChecked: Promise<string | undefined> | undefined;
  const nurtureStop = () => (stopChecked ??= checkNurtureStop());
  async function checkNurtureStop(): Promise<string | undefined> {
    const consent = preferences.consents["re-engagement"];
    if (!consent?.current) return consent?.granted === false ? "consent revoked" : "consent expired";
    const firedAt = plan?.updatedAt ?? now.toISOString();
    const reply = view!.timeline.find((e) => CANDIDATE_REPLIES.has(e.type) && e.at >= firedAt);
    if (reply?.type === "consent.unsubscribed") return "unsubscribed";
    if (reply) return `the candidate replied (${reply.type})`;
    const channel = preferences.messageChannel;
    const to = channel === "sms" ? candidate.phoneE164 : candidate.emailNorm;
    if (!to || (await deps.store.isUnsubscribed(channel, to))) return "unsubscribed";
    return undefined;
  }

  if (input.step === "plan-nurture" || input.step === "send-nurture-unless-held") {
    // A nurture that stops sends nothing, so there is no hold to show: the send step stops it at once.
    const stop = await nurtureStop();
    if (stop) return input.step === "plan-nurture" ? { sendAt: now.toISOString(), reason: "now", channel: preferences.messageChannel } : { stopped: true, reason: stop, held: false, sendAt: now.toISOString() };
    const held = await planHeldMessage(
      {
        holdKey: derivedId("nurture-hold", input.round, String(input.n)),
        candidateId: candidate.candidateId,
        what: `Nurture message ${input.n + 1} of ${NURTURE_MESSAGES}`,
        // What stops the nurture at its send step ends the hold now: a reply, an unsubscribe, HR's cancel.
        endsOn: [...CANDIDATE_REPLIES, "reengagement.cancelled"].map((type) => ({ type, since: now.toISOString() })),
        timeZone: candidate.timeZone,
        // Read a moment ago by this invocation: the cap counts its sends without reading it again.
        timeline: view.timeline,
      },
      deps,
    );
    const plan = { sendAt: held.sendAt.toISOString(), reason: held.reason, channel: preferences.messageChannel };
    if (input.step === "plan-nurture") return plan;
    // Held (even by less than the minute a visible hold needs): the workflow waits until sendAt and sends then.
    if (held.reason !== "now") return { ...plan, stopped: false, held: true };
    // Nothing holds it: sent below, in this invocation.
  }

  if (input.step === "record-stopped") {
    await deps.store.addTimelineEvent({ eventId: derivedId("nurture-stopped", input.candidateId, input.reason), candidateId: input.candidateId, at: now.toISOString(), type: "reengagement.nurture.stopped", summary: `Nurture stopped: ${input.reason}`, data: { reason: input.reason } });
    return { stopped: true };
  }

  // Nurture: stop before sending if anything says the candidate does not want it.
  // Every answer carries the same fields (stopped, held, reason, sendAt): the workflow selects them all.
  const stop = await nurtureStop();
  if (stop) return { stopped: true, held: false, reason: stop, sendAt: now.toISOString() };
  // The channel HR (or the candidate) recorded, falling back to what the job board said.
  const channel = preferences.messageChannel;
  // nurtureStop checked that this address exists and is not unsubscribed.
  const to = (channel === "sms" ? candidate.phoneE164 : candidate.emailNorm)!;

  const key = await deps.secrets.linkSigningKey();
  const exp = Math.floor(now.getTime() / 1000) + 60 * 86_400;
  const portalUrl = linkUrl(deps.config.publicBaseUrl, signLink({ p: "portal", c: candidate.candidateId, a: offer.applicationId, exp }, key));
  const unsubscribeUrl = linkUrl(deps.config.publicBaseUrl, signLink({ p: "unsubscribe", c: candidate.candidateId, ch: channel, exp }, key));
  const [requisitions, changes] = await Promise.all([deps.store.listRequisitions(), deps.offers.listPolicyChanges(offer.respondedAt ?? offer.updatedAt)]);
  const brief = buildBrief(candidate, preferences, offer, view.timeline, requisitions, changes.map((c) => c.summary));
  const cares = preferences.caresAbout;
  const opening = brief.changesSince.newOpenings[0]?.title;
  const change = brief.changesSince.policyChanges[0];
  const facts = { name: candidate.name, locale: candidate.locale, cares, ...(opening ? { opening } : {}), ...(change ? { change } : {}) };
  // HR's wording in force now (the deployment-wide team's: a nurture belongs to no interview or requisition).
  const texts = deps.templates ? await textsInForce(deps.templates, undefined, "re-engagement-nurture", candidate.locale) : {};
  const hrText = (context: { portalUrl: string; smsSignature?: string }) => ({ candidateName: candidate.name, requisitionTitle: opening ?? "", portalUrl: context.portalUrl, unsubscribeUrl, caresAbout: cares, ...(context.smsSignature ? { smsSignature: context.smsSignature } : {}) });
  const used = texts[channel] ? { templateText: { teamId: texts[channel]!.teamId, version: texts[channel]!.version } } : {};
  const idempotencyKey = `${input.round}#nurture#${input.n}`;
  if (channel === "sms") {
    try {
      await deps.outreach.sendComposed({
        idempotencyKey,
        candidateId: candidate.candidateId,
        template: "re-engagement-nurture",
        audience: "candidate",
        content: {
          channel: "sms",
          to,
          body: texts.sms
            ? renderStoredSms(texts.sms.text, candidate.locale, hrText({ portalUrl: await shortenSignedLink(portalUrl, deps.config.publicBaseUrl, deps.store), ...(deps.config.smsSignature ? { smsSignature: deps.config.smsSignature } : {}) }))
            : await nurtureSms(candidate, cares, opening, portalUrl, deps),
        },
        data: { caresAbout: cares, channelSource: preferences.channel.source, ...used },
      });
    } catch (error) {
      if (!(error instanceof UnsubscribedError)) throw error;
      // The provider's opt-out list knew before we did (the STOP reached it but not us): remember it
      // on our side too, then end nurture cleanly instead of failing the execution.
      await deps.store.unsubscribe("sms", to, now.toISOString(), candidate.candidateId);
      return { stopped: true, held: false, reason: "unsubscribed", sendAt: now.toISOString() };
    }
  } else {
    const email = texts.email ? renderStoredEmail(texts.email.text, candidate.locale, hrText({ portalUrl })) : nurtureEmail(facts, portalUrl, unsubscribeUrl);
    await deps.outreach.sendComposed({
      idempotencyKey,
      candidateId: candidate.candidateId,
      template: "re-engagement-nurture",
      audience: "candidate",
      content: {
        channel: "email",
        to,
        ...email,
        headers: { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      },
      data: { caresAbout: cares, channelSource: preferences.channel.source, ...used },
    });
  }
  await deps.store.addTimelineEvent({
    eventId: derivedId("nurture-sent", idempotencyKey),
    candidateId: candidate.candidateId,
    at: now.toISOString(),
    type: "reengagement.nurture.sent",
    summary: `Nurture message ${input.n + 1} sent by ${channel}${cares.length ? ` (mentions: ${cares.join(", ")})` : ""}`,
    // Which preferences the message used, so HR can see why it went where it did.
    data: { channel, n: input.n, channelSource: preferences.channel.source, caresAbout: cares },
  });
  return { stopped: false, held: false, reason: "", sendAt: now.toISOString(), n: input.n };
}
