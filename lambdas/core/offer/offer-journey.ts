// The offer journey's steps (statemachines/offer-journey.asl.json). Each is idempotent: Step
// Functions may run a task more than once, and a retried step finds what the first attempt wrote.
//
// Waiting for people uses `.waitForTaskToken`. The token never leaves the table: approvers and the
// candidate get short random link ids (OfferLink items) and the decision handler
// (offer-decisions.ts) looks the token up. A wait that times out is re-registered with a new token
// (reminder, escalation, the next tick before the deadline). Each registration stores the new token
// and then re-reads the decision, so a decision that arrived in between completes the new wait.
import { randomBytes } from "node:crypto";
import * as z from "../shared/zod.js";
import { NotFoundError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import type { Candidate } from "../shared/model.js";
import { budgetLine, renderApprovalEmail, renderCandidateOfferEmail, renderTouchEmail } from "./offer-letter.js";
import type { Offer, OfferPolicy } from "./offer-model.js";
import { budgetStatus, expectationGap, OfferIncompleteError, offerProblems } from "./offer-readiness.js";
import { DEFAULT_RISK_THRESHOLD, DEFAULT_RISK_WEIGHTS, riskAlert, riskInputsFor, scoreRisk } from "./offer-risk.js";
import type { Clock, HirepathStore, OfferStore, ReEngagementSchedules, SecretsProvider, TaskCallbacks } from "../shared/ports.js";
import type { Outreach } from "../outreach/outreach.js";
import type { RenderedMessage } from "./offer-letter.js";
import { planReEngagement } from "../re-engagement/re-engagement.js";
import { nextAllowedSendTime } from "../outreach/quiet-hours.js";
import { sendingRulesInForce } from "../outreach/sending-rules.js";
import { planHeldMessage } from "../outreach/held-messages.js";
import type { PreferenceStore } from "../preferences/preferences-ports.js";
import { linkUrl, signLink } from "../shared/signed-links.js";
import { openTask } from "../tasks/tasks.js";
import type { TaskStore } from "../tasks/task-ports.js";
import { OFFER_TASK_TYPES } from "./offer-tasks.js";

export interface OfferJourneyDeps {
  store: HirepathStore;
  offers: OfferStore;
  tasks: TaskStore;
  preferences: PreferenceStore;
  outreach: Outreach;
  callbacks: TaskCallbacks;
  secrets: SecretsProvider;
  schedules: ReEngagementSchedules;
  clock: Clock;
  config: OfferJourneyConfig;
}

export interface OfferJourneyConfig {
  publicBaseUrl: string;
  /** Approval links stay valid this long: the step escalates and expires well before. */
  approvalLinkTtlHours: number;
  /** Length of one candidate-response wait: the workflow's TimeoutSeconds on the response waits, generated from DEFAULT_OFFER_CONFIG. */
  responseTickSeconds: number;
  /** The reminder goes out this long before the response deadline. */
  reminderLeadSeconds: number;
}

/**
 * How long an approval step waits for its approvers before the reminder, and then again before
 * escalating to the requisition owner and before expiring: the offer workflow's TimeoutSeconds on
 * those waits, generated from here (statemachines/src/offer-journey.ts).
 */
export const APPROVAL_WAIT_SECONDS = { open: 24 * 3600, remind: 24 * 3600, escalate: 48 * 3600 } as const;

export const DEFAULT_OFFER_CONFIG: Omit<OfferJourneyConfig, "publicBaseUrl"> = {
  approvalLinkTtlHours: 7 * 24,
  responseTickSeconds: 6 * 3600,
  reminderLeadSeconds: 24 * 3600,
};

/** Offer links: 128 random bits, base64url. Short enough for an SMS, unguessable. */
export const newLinkId = () => randomBytes(16).toString("base64url");

export function offerLinkUrl(base: string, linkId: string, action?: string): string {
  return `${base.replace(/\/$/, "")}/o/${linkId}${action ? `?action=${action}` : ""}`;
}

/** Default pre-onboarding sequence when a requisition's policy names none (see README, "Offer journey"). */
export const DEFAULT_PRE_ONBOARDING: NonNullable<OfferPolicy["preOnboarding"]> = [
  { kind: "progress", days: 0, text: { "zh-CN": "感谢接受录用！您的入职材料正在处理中。", en: "Thank you for accepting! Your paperwork is being processed." } },
  { kind: "progress", days: 3, text: { "zh-CN": "背景调查已启动，结果出来后我们会第一时间告诉您。", en: "Your background check has started; we'll tell you as soon as it's done." } },
  { kind: "feedback-question", days: 7, text: { "zh-CN": "关于录用条件或入职第一天，您还有什么问题吗？", en: "Any questions about the offer or your first day?" } },
  { kind: "start-reminder", days: 3, text: { "zh-CN": "再过几天就入职了：请带好身份证、学历证明和离职证明，上午9点到前台报到。", en: "You start in a few days: please bring your ID, degree certificate and separation letter, and come to reception at 9:00." } },
];

const Base = z.object({ candidateId: z.string().min(1), offerId: z.string().min(1) });
const Round = z.string().min(1).max(80);

export const OfferStepInput = z.discriminatedUnion("step", [
  Base.extend({ step: z.literal("prepare"), round: Round }),
  Base.extend({
    step: z.literal("open-approval-step"),
    round: Round,
    stepIndex: z.number().int().min(0),
    plan: z.array(z.number().int().min(0)),
    phase: z.enum(["open", "remind", "escalate"]),
    taskToken: z.string().min(1),
  }),
  /** When the offer email or its deadline reminder may go: quiet hours and the daily cap, held visibly. */
  Base.extend({ step: z.literal("plan-candidate-email"), round: Round, kind: z.enum(["offer", "reminder"]) }),
  Base.extend({ step: z.literal("await-response"), round: Round, phase: z.enum(["send", "wait", "remind"]), taskToken: z.string().min(1) }),
  Base.extend({ step: z.literal("response-tick"), ticks: z.number().int().min(1) }),
  Base.extend({ step: z.literal("mark-stalled") }),
  Base.extend({
    step: z.literal("record-outcome"),
    outcome: z.enum(["approval-rejected", "approval-expired", "declined", "accepted", "failed"]),
    /** Null when a rejected step carried no reason (Step Functions passes JSON null through). */
    reason: z.string().nullable().optional(),
    error: z.object({ Error: z.string(), Cause: z.string().optional() }).optional(),
  }),
  Base.extend({ step: z.literal("plan-pre-onboarding") }),
  /** When a planned touch may go: its planned time, then quiet hours and the daily cap at that time, held visibly. */
  Base.extend({ step: z.literal("plan-touch"), index: z.number().int().min(0), sendAt: z.iso.datetime() }),
  Base.extend({ step: z.literal("send-touch"), index: z.number().int().min(0) }),
  Base.extend({ step: z.literal("schedule-re-engagement"), reason: z.enum(["decision-stalled", "declined"]) }),
]);
export type OfferStepInput = z.infer<typeof OfferStepInput>;

async function load(deps: OfferJourneyDeps, candidateId: string, offerId: string) {
  const [offer, candidate] = await Promise.all([deps.offers.getOffer(candidateId, offerId), deps.store.getCandidate(candidateId)]);
  if (!offer) throw new NotFoundError(`offer ${offerId} not found`);
  if (!candidate) throw new NotFoundError(`candidate ${candidateId} not found`);
  const [policy, requisition] = await Promise.all([deps.offers.getOfferPolicy(offer.requisitionId), deps.store.getRequisition(offer.requisitionId)]);
  return { offer, candidate, policy, requisitionTitle: requisition?.title ?? offer.requisitionId };
}

export class OfferPolicyMissingError extends Error {
  constructor(requisitionId: string) {
    super(`requisition ${requisitionId} has no offer policy (approval chain, owner)`);
    this.name = "OfferPolicyMissingError";
  }
}

/** Which of the policy's approval steps apply to this offer, in order. */
export function approvalPlan(policy: OfferPolicy, offer: Pick<Offer, "parts" | "includeExecutiveStep">): number[] {
  const outOfBudget = ["above", "below"].includes(budgetStatus(offer.parts, policy.budget));
  return policy.approvalChain.flatMap((s, i) => (s.when === "always" || (s.when === "out-of-budget" && outOfBudget) || (s.when === "executive" && offer.includeExecutiveStep) ? [i] : []));
}

async function timeline(deps: Pick<OfferJourneyDeps, "store" | "clock">, offer: Offer, type: string, summary: string, data: Record<string, unknown>, ...idParts: string[]) {
  await deps.store.addTimelineEvent({
    eventId: derivedId(type, offer.offerId, ...idParts),
    candidateId: offer.candidateId,
    applicationId: offer.applicationId,
    at: deps.clock.now().toISOString(),
    type,
    summary,
    data: { offerId: offer.offerId, ...data },
  });
}

export async function runOfferStep(input: OfferStepInput, deps: OfferJourneyDeps): Promise<Record<string, unknown>> {
  switch (input.step) {
    case "prepare":
      return prepare(input, deps);
    case "open-approval-step":
      return openApprovalStep(input, deps);
    case "plan-candidate-email":
      return planCandidateEmail(input, deps);
    case "await-response":
      return awaitResponse(input, deps);
    case "response-tick":
      return responseTick(input, deps);
    case "mark-stalled":
      return markStalled(input, deps);
    case "record-outcome":
      return recordOfferOutcome(input, deps);
    case "plan-pre-onboarding":
      return planPreOnboarding(input, deps);
    case "plan-touch":
      return planTouch(input, deps);
    case "send-touch":
      return sendTouch(input, deps);
    case "schedule-re-engagement": {
      const offer = await deps.offers.getOffer(input.candidateId, input.offerId);
      if (!offer) throw new NotFoundError(`offer ${input.offerId} not found`);
      return planReEngagement(offer, input.reason, deps);
    }
  }
}

async function prepare(input: Extract<OfferStepInput, { step: "prepare" }>, deps: OfferJourneyDeps) {
  const { offer, policy } = await load(deps, input.candidateId, input.offerId);
  // The HR API checked this at submit; checked again here because the workflow is the authority.
  const problems = offerProblems(offer.parts, deps.clock.now());
  if (problems.length) throw new OfferIncompleteError(problems);
  if (!policy) throw new OfferPolicyMissingError(offer.requisitionId);
  const status = budgetStatus(offer.parts, policy.budget);
  const plan = approvalPlan(policy, offer);
  await deps.offers.updateOffer(offer.candidateId, offer.offerId, { budgetStatus: status, updatedAt: deps.clock.now().toISOString() });
  await timeline(deps, offer, "offer.approval.started", `Offer approval started: ${plan.length} step(s), ${status}`, { plan: plan.map((i) => policy.approvalChain[i]!.name), budgetStatus: status }, input.round);
  return { stepIndex: 0, stepCount: plan.length, plan, timeouts: 0, budgetStatus: status };
}

async function openApprovalStep(input: Extract<OfferStepInput, { step: "open-approval-step" }>, deps: OfferJourneyDeps) {
  const { offer, candidate, policy, requisitionTitle } = await load(deps, input.candidateId, input.offerId);
  if (!policy) throw new OfferPolicyMissingError(offer.requisitionId);
  const chainIndex = input.plan[input.stepIndex];
  const config = chainIndex === undefined ? undefined : policy.approvalChain[chainIndex];
  if (!config) throw new NotFoundError(`approval step ${input.stepIndex} is not in the plan`);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.config.approvalLinkTtlHours * 3600_000).toISOString();

  // The step record (with its link ids) is written once; a retry gets the first attempt's ids back.
  let step = await deps.offers.openApprovalStep({
    offerId: offer.offerId,
    candidateId: offer.candidateId,
    round: input.round,
    stepIndex: input.stepIndex,
    name: config.name,
    required: config.required,
    approvers: config.approvers.map((a) => ({ ...a, linkId: newLinkId() })),
    timeouts: 0,
    decisions: [],
    openedAt: now.toISOString(),
  });
  const links: Array<{ email: string; name: string; linkId: string; as: "approver" | "owner" }> = step.approvers.map((a) => ({ ...a, as: "approver" as const }));
  if (input.phase === "escalate") {
    const escalatedTo = step.escalatedTo ?? { email: policy.ownerEmail, linkId: newLinkId() };
    if (!step.escalatedTo) await deps.offers.updateApprovalStep(offer.offerId, input.round, input.stepIndex, { escalatedTo });
    links.push({ email: escalatedTo.email, name: policy.ownerName, linkId: escalatedTo.linkId, as: "owner" });
  }
  for (const l of links) {
    // False when an earlier attempt already wrote it: links are never overwritten.
    await deps.offers.putLink({ linkId: l.linkId, purpose: "approval", offerId: offer.offerId, candidateId: offer.candidateId, round: input.round, stepIndex: input.stepIndex, boundTo: l.email, as: l.as, expiresAt });
  }

  // Register the new token, then re-read: a decision that arrived while no wait was open completes this one.
  await deps.offers.updateApprovalStep(offer.offerId, input.round, input.stepIndex, { taskToken: input.taskToken, ...(input.phase === "open" ? {} : { timeouts: input.phase === "remind" ? 1 : 2 }) });
  step = (await deps.offers.getApprovalStep(offer.offerId, input.round, input.stepIndex))!;
  if (step.resolution) {
    await deps.callbacks.succeed(input.taskToken, { outcome: step.resolution.outcome, reason: step.resolution.reason ?? null });
    return { emailed: 0 };
  }

  const decided = new Set(step.decisions.map((d) => d.approverEmail));
  const recipients = input.phase === "open" ? links : input.phase === "remind" ? links.filter((l) => !decided.has(l.email)) : links.filter((l) => l.as === "owner");
  const kind = input.phase === "open" ? "request" : input.phase === "remind" ? "reminder" : "escalation";
  const budget = budgetLine(offer.locale, offer.budgetStatus ?? budgetStatus(offer.parts, policy.budget), offer.candidateExpectation, policy.budget);
  for (const r of recipients) {
    const message = renderApprovalEmail(offer, offer.locale, {
      approverName: r.name,
      candidateName: candidate.name,
      requisitionTitle,
      stepName: config.name,
      required: config.required,
      of: config.approvers.length,
      budget,
      approveUrl: offerLinkUrl(deps.config.publicBaseUrl, r.linkId, "approve"),
      rejectUrl: offerLinkUrl(deps.config.publicBaseUrl, r.linkId, "reject"),
      kind,
    });
    await deps.outreach.sendComposed({
      idempotencyKey: `${input.round}#approval#${input.stepIndex}#${kind}#${r.email}`,
      candidateId: offer.candidateId,
      applicationId: offer.applicationId,
      template: `offer-approval-${kind}`,
      audience: "staff",
      content: emailOf(r.email, message),
    });
  }
  await timeline(deps, offer, `offer.approval.${kind}`, `Approval ${kind} for "${config.name}" sent to ${recipients.map((r) => r.email).join(", ")}`, { step: config.name, stepIndex: input.stepIndex, to: recipients.map((r) => r.email) }, input.round, String(input.stepIndex));
  return { emailed: recipients.length };
}

async function candidateLinks(deps: OfferJourneyDeps, offer: Offer, candidate: Candidate) {
  const key = await deps.secrets.linkSigningKey();
  const exp = Math.floor(deps.clock.now().getTime() / 1000) + 60 * 86_400;
  const unsubscribeUrl = linkUrl(deps.config.publicBaseUrl, signLink({ p: "unsubscribe", c: candidate.candidateId, ch: "email", exp }, key));
  const linkId = offer.responseLinkId!;
  return {
    linkId,
    unsubscribeUrl,
    acceptUrl: offerLinkUrl(deps.config.publicBaseUrl, linkId, "accept"),
    declineUrl: offerLinkUrl(deps.config.publicBaseUrl, linkId, "decline"),
    questionUrl: offerLinkUrl(deps.config.publicBaseUrl, linkId, "question"),
  };
}

const CANDIDATE_EMAIL_WORDS = { offer: "Offer", reminder: "Offer deadline reminder" } as const;
/**
 * The daily message limit must not eat into the candidate's time to answer: a day's hold of the offer
 * is a day less before its deadline. Quiet hours still apply; the exemption is on the timeline.
 */
const CAP_EXEMPT_BECAUSE = { offer: "it carries the offer, whose answer has a deadline", reminder: "it reminds the candidate of the offer's response deadline" } as const;

/**
 * When the offer email or its reminder may go: outside the candidate's quiet hours (as every candidate
 * message), not held by the daily limit. The machine waits until `sendAt`; a hold is on the timeline
 * and in the HR API.
 */
async function planCandidateEmail(input: Extract<OfferStepInput, { step: "plan-candidate-email" }>, deps: OfferJourneyDeps) {
  const { offer, candidate } = await load(deps, input.candidateId, input.offerId);
  const plan = await planHeldMessage(
    {
      holdKey: derivedId("offer-hold", input.round, input.kind),
      candidateId: offer.candidateId,
      applicationId: offer.applicationId,
      what: CANDIDATE_EMAIL_WORDS[input.kind],
      timeZone: candidate.timeZone,
      capExemptBecause: CAP_EXEMPT_BECAUSE[input.kind],
      // The candidate's answer makes the deadline reminder moot (the send step skips it).
      ...(input.kind === "reminder" ? { endsOn: [{ type: "offer.accepted", match: { offerId: offer.offerId } }, { type: "offer.declined", match: { offerId: offer.offerId } }] } : {}),
    },
    deps,
  );
  return { sendAt: plan.sendAt.toISOString(), reason: plan.reason };
}

async function awaitResponse(input: Extract<OfferStepInput, { step: "await-response" }>, deps: OfferJourneyDeps) {
  let { offer, candidate, requisitionTitle } = await load(deps, input.candidateId, input.offerId);
  const now = deps.clock.now().toISOString();
  if (input.phase === "send") {
    if (!offer.responseLinkId) {
      // First attempt: fix the link id on the offer before any email carries it.
      await deps.offers.updateOffer(offer.candidateId, offer.offerId, { responseLinkId: newLinkId(), status: "sent", approvedAt: now, sentAt: now, updatedAt: now }, ["pending-approval"]);
      offer = (await deps.offers.getOffer(offer.candidateId, offer.offerId))!;
    }
    const deadline = offer.parts.responseDeadline!;
    await deps.offers.putLink({ linkId: offer.responseLinkId!, purpose: "candidate", offerId: offer.offerId, candidateId: offer.candidateId, boundTo: offer.candidateId, as: "candidate", expiresAt: new Date(Date.parse(deadline) + 30 * 86_400_000).toISOString() });
  }
  await deps.offers.updateOffer(offer.candidateId, offer.offerId, { responseToken: input.taskToken, ...(input.phase === "remind" ? { reminderSent: true } : {}) });
  const current = (await deps.offers.getOffer(offer.candidateId, offer.offerId))!;
  if (current.response) {
    await deps.callbacks.succeed(input.taskToken, { response: current.response });
    return { emailed: 0 };
  }
  if (input.phase === "wait") return { emailed: 0 };

  if (!candidate.emailNorm || (await deps.store.isUnsubscribed("email", candidate.emailNorm))) {
    await timeline(deps, offer, "offer.unreachable", "The candidate cannot be emailed; HR must send the offer another way", {}, input.round, input.phase);
    return { emailed: 0 };
  }
  const links = await candidateLinks(deps, current, candidate);
  const kind = input.phase === "send" ? "offer" : "reminder";
  const message = renderCandidateOfferEmail(current, candidate.locale, { candidateName: candidate.name, requisitionTitle, timeZone: candidate.timeZone, ...links, kind });
  await deps.outreach.sendComposed({
    idempotencyKey: `${input.round}#candidate#${kind}`,
    candidateId: offer.candidateId,
    applicationId: offer.applicationId,
    template: `offer-${kind}`,
    audience: "candidate",
    content: emailOf(candidate.emailNorm, message, { "List-Unsubscribe": `<${links.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }),
  });
  // First assessment at send: an offer that starts out risky (far under expectation, competing offer) alerts at once.
  if (kind === "offer") await assessRisk(current, deps, "sent");
  await timeline(deps, offer, kind === "offer" ? "offer.sent" : "offer.reminder.sent", kind === "offer" ? "Offer sent to the candidate" : "Offer reminder sent to the candidate", { deadline: current.parts.responseDeadline }, input.round);
  return { emailed: 1 };
}

/**
 * Decides what a response wait that timed out leads to. Counting ticks (each wait lasts exactly one
 * tick) keeps the decision deterministic under the local test clock; the wall clock also counts,
 * so a late tick never extends the deadline.
 */
async function responseTick(input: Extract<OfferStepInput, { step: "response-tick" }>, deps: OfferJourneyDeps) {
  const offer = await deps.offers.getOffer(input.candidateId, input.offerId);
  if (!offer) throw new NotFoundError(`offer ${input.offerId} not found`);
  await assessRisk(offer, deps, String(input.ticks));
  const tick = deps.config.responseTickSeconds * 1000;
  const sentAt = Date.parse(offer.sentAt ?? offer.updatedAt);
  const deadline = Date.parse(offer.parts.responseDeadline!);
  const ticksToDeadline = Math.max(1, Math.ceil((deadline - sentAt) / tick));
  const ticksToReminder = Math.max(1, ticksToDeadline - Math.ceil((deps.config.reminderLeadSeconds * 1000) / tick));
  const action = input.ticks >= ticksToDeadline || deps.clock.now().getTime() >= deadline ? "stall" : input.ticks >= ticksToReminder && !offer.reminderSent ? "remind" : "wait";
  return { action, ticks: input.ticks };
}

/**
 * Re-scores the offer's drop-off risk while the journey waits for the candidate; when the score
 * crosses the policy's threshold or rises by 3 or more, HR gets a task with suggested actions.
 */
export async function assessRisk(offer: Offer, deps: Pick<OfferJourneyDeps, "store" | "offers" | "clock" | "tasks">, occasion: string) {
  const [view, policy] = await Promise.all([deps.store.getCandidateView(offer.candidateId), deps.offers.getOfferPolicy(offer.requisitionId)]);
  const now = deps.clock.now();
  const risk = scoreRisk(riskInputsFor(offer, expectationGap(offer.parts, offer.candidateExpectation), view?.timeline ?? [], now), { ...DEFAULT_RISK_WEIGHTS, ...policy?.riskWeights });
  const alert = riskAlert(offer.riskScore, risk, policy?.riskThreshold ?? DEFAULT_RISK_THRESHOLD);
  await deps.offers.updateOffer(offer.candidateId, offer.offerId, { riskScore: risk.score });
  if (!alert) return risk;
  const factors = risk.topFactors.map((f) => `${f.factor} +${f.contribution} (${f.detail})`).join("; ");
  await openTask(
    {
      kind: "risk",
      type: OFFER_TASK_TYPES.riskAlert,
      subject: { candidateId: offer.candidateId, applicationId: offer.applicationId, offerId: offer.offerId },
      title: `Drop-off risk ${risk.score}/10 (${alert.reason}): ${alert.suggestedActions.join(", ")}`,
      suggestion: factors,
      context: { score: risk.score },
      dueAt: new Date(now.getTime() + 4 * 3600_000).toISOString(),
      idempotencyKey: `risk:${offer.offerId}:${occasion}`,
    },
    deps,
  );
  await timeline(deps, offer, "offer.risk.alert", `Drop-off risk ${risk.score}/10: ${alert.suggestedActions.join(", ")}`, { score: risk.score, previous: offer.riskScore ?? null, ...alert, topFactors: risk.topFactors }, occasion);
  return risk;
}

/** What the timeline suggests about why a candidate went quiet: HR confirms or corrects it. */
export function likelyStallReason(offer: Offer, events: Array<{ type: string }>, locale: "zh-CN" | "en"): string {
  const has = (t: string) => events.some((e) => e.type === t);
  const gap = expectationGap(offer.parts, offer.candidateExpectation);
  const zh = locale === "zh-CN";
  if (has("offer.question") ) return zh ? "候选人提过问题，可能仍在等待答复或对答复不满意" : "The candidate asked a question and may still be waiting for, or unhappy with, the answer";
  if (offer.competingOffer) return zh ? "候选人手上有其他录用通知，可能已接受" : "The candidate had a competing offer and may have taken it";
  if (gap !== undefined && gap < 0) return zh ? `录用薪资低于候选人期望 ${Math.round(-gap * 100)}%` : `The offer was ${Math.round(-gap * 100)}% below the candidate's expectation`;
  if (!has("message.opened") && !has("message.clicked")) return zh ? "候选人可能没有看到录用通知（邮件未打开）" : "The candidate may not have seen the offer (the email was never opened)";
  return zh ? "候选人看过录用通知但未答复，可能在比较其他机会" : "The candidate saw the offer but did not answer; likely weighing other options";
}

async function markStalled(input: Extract<OfferStepInput, { step: "mark-stalled" }>, deps: OfferJourneyDeps) {
  const view = await deps.store.getCandidateView(input.candidateId);
  const offer = await deps.offers.getOffer(input.candidateId, input.offerId);
  if (!view || !offer) throw new NotFoundError(`offer ${input.offerId} not found`);
  const events = view.timeline.filter((e) => !e.data || (e.data as { offerId?: string }).offerId === offer.offerId || e.type.startsWith("message."));
  const suggestion = likelyStallReason(offer, events, "en");
  const now = deps.clock.now();
  await deps.offers.updateOffer(offer.candidateId, offer.offerId, { status: "decision-stalled", stalledReasonSuggestion: suggestion, updatedAt: now.toISOString() }, ["sent"]);
  await openTask(
    {
      kind: "offer",
      type: OFFER_TASK_TYPES.stalled,
      subject: { candidateId: offer.candidateId, applicationId: offer.applicationId, offerId: offer.offerId },
      title: `${view.candidate.name} did not answer the offer by the deadline: record the likely reason`,
      suggestion,
      dueAt: new Date(now.getTime() + 24 * 3600_000).toISOString(),
      idempotencyKey: `stalled:${offer.offerId}`,
    },
    deps,
  );
  await timeline(deps, offer, "offer.decision-stalled", `Decision stalled: no answer by the deadline. Likely reason: ${suggestion}`, { suggestion });
  return { status: "decision-stalled", suggestion };
}

async function recordOfferOutcome(input: Extract<OfferStepInput, { step: "record-outcome" }>, deps: OfferJourneyDeps) {
  const offer = await deps.offers.getOffer(input.candidateId, input.offerId);
  if (!offer) throw new NotFoundError(`offer ${input.offerId} not found`);
  const now = deps.clock.now();
  const status = input.outcome;
  await deps.offers.updateOffer(offer.candidateId, offer.offerId, { status, updatedAt: now.toISOString() });
  if (status === "approval-expired" || status === "failed") {
    await openTask(
      {
        kind: "offer",
        type: OFFER_TASK_TYPES.approvalExpired,
        subject: { candidateId: offer.candidateId, applicationId: offer.applicationId, offerId: offer.offerId },
        title: status === "failed" ? `The offer journey failed: ${input.error?.Error ?? "error"}` : "No approval decision even after escalation: the offer is on hold",
        context: { outcome: status },
        dueAt: new Date(now.getTime() + 4 * 3600_000).toISOString(),
        idempotencyKey: `${status}:${offer.offerId}:${offer.executionArn ?? ""}`,
      },
      deps,
    );
  }
  const summary = input.error ? `Offer ${status}: ${input.error.Error}` : input.reason ? `Offer ${status}: ${input.reason}` : `Offer ${status}`;
  await timeline(deps, offer, "offer.outcome", summary, { outcome: status, ...(input.reason ? { reason: input.reason } : {}), ...(input.error ? { error: input.error } : {}) }, status);
  return { outcome: status };
}

async function planPreOnboarding(input: Extract<OfferStepInput, { step: "plan-pre-onboarding" }>, deps: OfferJourneyDeps) {
  const { offer, candidate, policy } = await load(deps, input.candidateId, input.offerId);
  const touches = policy?.preOnboarding ?? DEFAULT_PRE_ONBOARDING;
  // A touch planned N days after an acceptance at 23:00 would go at 23:00: each goes outside the
  // candidate's quiet hours in their zone (when they end, if it falls inside).
  // Each touch is planned again at its time (planTouch) under the rules then in force; this is the outline.
  const { quietHours } = await sendingRulesInForce(deps.store);
  const allowed = (at: number) => nextAllowedSendTime(new Date(at), candidate.timeZone, quietHours).toISOString();
  const acceptedAt = Date.parse(offer.respondedAt ?? deps.clock.now().toISOString());
  const start = Date.parse(`${offer.parts.startDate}T01:00:00Z`);
  const planned = touches
    .map((t, index) => ({ index, kind: t.kind, sendAt: allowed(t.kind === "start-reminder" ? start - t.days * 86_400_000 : acceptedAt + t.days * 86_400_000) }))
    // Never after the start date: a touch planned that late is dropped, not sent on day one.
    .filter((t) => Date.parse(t.sendAt) <= start)
    .sort((a, b) => a.sendAt.localeCompare(b.sendAt));
  await timeline(deps, offer, "offer.pre-onboarding.planned", `Pre-onboarding: ${planned.length} touches planned until ${offer.parts.startDate}`, { touches: planned });
  return { touches: planned };
}

/**
 * A touch's own plan, made when its turn comes: its planned time (already outside quiet hours), held
 * further if quiet hours or the daily cap say so. The first touch answers the candidate's acceptance,
 * so the cap does not hold it; the start-date reminder must arrive before day one.
 */
async function planTouch(input: Extract<OfferStepInput, { step: "plan-touch" }>, deps: OfferJourneyDeps) {
  const { offer, candidate, policy } = await load(deps, input.candidateId, input.offerId);
  const touch = (policy?.preOnboarding ?? DEFAULT_PRE_ONBOARDING)[input.index];
  if (!touch) throw new NotFoundError(`pre-onboarding touch ${input.index} not found`);
  const acceptedAt = Date.parse(offer.respondedAt ?? input.sendAt);
  const answersAcceptance = touch.kind !== "start-reminder" && touch.days === 0;
  const plan = await planHeldMessage(
    {
      holdKey: derivedId("touch-hold", offer.offerId, String(input.index)),
      candidateId: offer.candidateId,
      applicationId: offer.applicationId,
      what: `Pre-onboarding message (${touch.kind})`,
      timeZone: candidate.timeZone,
      notBefore: new Date(Math.max(Date.parse(input.sendAt), acceptedAt)),
      ...(answersAcceptance ? { capExemptBecause: "it answers the candidate's own acceptance" } : {}),
      ...(offer.parts.startDate ? { mustArriveBefore: new Date(`${offer.parts.startDate}T01:00:00Z`) } : {}),
    },
    deps,
  );
  return { sendAt: plan.sendAt.toISOString(), reason: plan.reason };
}

async function sendTouch(input: Extract<OfferStepInput, { step: "send-touch" }>, deps: OfferJourneyDeps) {
  const { offer, candidate, policy } = await load(deps, input.candidateId, input.offerId);
  const touch = (policy?.preOnboarding ?? DEFAULT_PRE_ONBOARDING)[input.index];
  if (!touch) throw new NotFoundError(`pre-onboarding touch ${input.index} not found`);
  const text = touch.text[candidate.locale];
  let channel = "none";
  if (candidate.emailNorm && !(await deps.store.isUnsubscribed("email", candidate.emailNorm))) {
    const key = await deps.secrets.linkSigningKey();
    const exp = Math.floor(deps.clock.now().getTime() / 1000) + 60 * 86_400;
    const unsubscribeUrl = linkUrl(deps.config.publicBaseUrl, signLink({ p: "unsubscribe", c: candidate.candidateId, ch: "email", exp }, key));
    const portalUrl = offerLinkUrl(deps.config.publicBaseUrl, offer.responseLinkId ?? "", "question");
    await deps.outreach.sendComposed({
      idempotencyKey: `${offer.offerId}#touch#${input.index}`,
      candidateId: offer.candidateId,
      applicationId: offer.applicationId,
      template: `pre-onboarding-${touch.kind}`,
      audience: "candidate",
      content: emailOf(candidate.emailNorm, renderTouchEmail(candidate.locale, candidate.name, text, unsubscribeUrl, portalUrl), { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }),
    });
    channel = "email";
  }
  await timeline(deps, offer, "offer.pre-onboarding.touch", `Pre-onboarding (${touch.kind}): ${text}`, { kind: touch.kind, index: input.index, channel }, String(input.index));
  return { sent: channel !== "none", kind: touch.kind };
}

/** An offer email as outreach sends it (offers go by email only: they carry links and terms). */
function emailOf(to: string, message: RenderedMessage, headers: Record<string, string> = {}) {
  return { channel: "email" as const, to, ...message, headers };
}
