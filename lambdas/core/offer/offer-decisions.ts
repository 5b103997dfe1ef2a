// What happens when an approver or the candidate uses an offer link. GET only shows (mail scanners
// prefetch links); the POST records the decision, once, with who, when and from where, and then
// completes the waiting Step Functions task if the decision settles it.
import { derivedId } from "../shared/ids.js";
import type { Locale, TimelineEvent } from "../shared/model.js";
import type { ApprovalDecision, ApprovalStepRecord, Offer, OfferLink } from "./offer-model.js";
import type { Clock, HirepathStore, OfferStore, TaskCallbacks } from "../shared/ports.js";
import { CONSENT_VALIDITY_DAYS } from "../re-engagement/re-engagement.js";
import type { PreferenceStore } from "../preferences/preferences-ports.js";
import { consentEvent, recordConsent } from "../preferences/preferences.js";
import { openTask } from "../tasks/tasks.js";
import type { TaskStore } from "../tasks/task-ports.js";
import { OFFER_TASK_TYPES } from "./offer-tasks.js";

export interface OfferDecisionDeps {
  store: HirepathStore;
  offers: OfferStore;
  tasks: TaskStore;
  preferences: PreferenceStore;
  callbacks: TaskCallbacks;
  clock: Clock;
}

export interface RequestOrigin {
  ip: string;
  userAgent: string;
}

export type LinkState =
  | { kind: "invalid" }
  | { kind: "expired"; link: OfferLink }
  | { kind: "decided"; link: OfferLink; decision: string; locale: Locale }
  /** questionsOnly: the candidate accepted; until day one the link still takes questions (pre-onboarding). */
  | { kind: "open"; link: OfferLink; offer: Offer; step?: ApprovalStepRecord; candidateName: string; locale: Locale; questionsOnly?: boolean };

export async function linkState(linkId: string, deps: OfferDecisionDeps): Promise<LinkState> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(linkId)) return { kind: "invalid" };
  const link = await deps.offers.getLink(linkId);
  if (!link) return { kind: "invalid" };
  const [offer, candidate] = await Promise.all([deps.offers.getOffer(link.candidateId, link.offerId), deps.store.getCandidate(link.candidateId)]);
  if (!offer || !candidate) return { kind: "invalid" };
  const locale = link.purpose === "candidate" ? candidate.locale : offer.locale;
  if (link.usedAt) return { kind: "decided", link, decision: link.decision ?? "", locale };
  if (link.purpose === "candidate" && offer.response === "accepted") return { kind: "open", link, offer, candidateName: candidate.name, locale, questionsOnly: true };
  if (link.purpose === "candidate" && offer.response) return { kind: "decided", link, decision: offer.response, locale };
  if (Date.parse(link.expiresAt) <= deps.clock.now().getTime()) return { kind: "expired", link };
  if (link.purpose === "approval") {
    const step = await deps.offers.getApprovalStep(link.offerId, link.round!, link.stepIndex!);
    if (!step) return { kind: "invalid" };
    // The step was settled by others (quorum reached, or rejected): this link can no longer change it.
    if (step.resolution) return { kind: "decided", link, decision: step.resolution.outcome, locale };
    return { kind: "open", link, offer, step, candidateName: candidate.name, locale };
  }
  if (offer.status !== "sent") return { kind: "decided", link, decision: offer.status, locale };
  return { kind: "open", link, offer, candidateName: candidate.name, locale };
}

/** Whether the decisions so far settle the step: N approvals, or so many rejections that N is out of reach. */
export function tally(step: ApprovalStepRecord): { outcome: "approved" | "rejected"; reason?: string } | undefined {
  const owner = step.decisions.find((d) => d.as === "owner");
  if (owner) return owner.decision === "approve" ? { outcome: "approved" } : { outcome: "rejected", reason: owner.reason ?? "" };
  const approvals = new Set(step.decisions.filter((d) => d.decision === "approve").map((d) => d.approverEmail)).size;
  const rejections = step.decisions.filter((d) => d.decision === "reject");
  if (approvals >= step.required) return { outcome: "approved" };
  if (new Set(rejections.map((r) => r.approverEmail)).size > step.approvers.length - step.required) {
    return { outcome: "rejected", reason: rejections.map((r) => `${r.approverEmail}: ${r.reason ?? ""}`).join("; ") };
  }
  return undefined;
}

export type ApprovalResult = { kind: "recorded"; decision: "approve" | "reject"; settled?: "approved" | "rejected" } | { kind: "already-decided" } | { kind: "expired" } | { kind: "invalid" };

export async function decideApproval(
  linkId: string,
  decision: "approve" | "reject",
  reason: string | undefined,
  origin: RequestOrigin,
  deps: OfferDecisionDeps,
): Promise<ApprovalResult> {
  const state = await linkState(linkId, deps);
  if (state.kind === "invalid" || state.link?.purpose !== "approval") return { kind: "invalid" };
  if (state.kind === "expired") return { kind: "expired" };
  if (state.kind === "decided") {
    // A POST after a crash that recorded the decision but died before settling the step finishes it.
    await settleStep(state.link, undefined, deps);
    return { kind: "already-decided" };
  }
  const { link, offer } = state;
  const at = deps.clock.now().toISOString();
  const record: ApprovalDecision = {
    approverEmail: link.boundTo,
    decision,
    ...(reason ? { reason } : {}),
    at,
    ip: origin.ip,
    userAgent: origin.userAgent.slice(0, 512),
    as: link.as === "owner" ? "owner" : "approver",
  };
  const stepName = state.step?.name ?? "";
  // The single use, the decision and its event in one transaction: only the first POST on this link
  // writes them, and a crash can't leave the link used with its decision lost.
  const step = await deps.offers.recordApprovalDecision(link.linkId, { offerId: link.offerId, round: link.round!, stepIndex: link.stepIndex! }, record, {
    eventId: derivedId("approval-decision", link.linkId),
    candidateId: offer.candidateId,
    applicationId: offer.applicationId,
    at,
    type: "offer.approval.decided",
    summary: `${link.boundTo} ${decision === "approve" ? "approved" : "rejected"} "${stepName}"${reason ? `: ${reason}` : ""} (from ${origin.ip})`,
    data: { offerId: offer.offerId, step: stepName, stepIndex: link.stepIndex!, ...record },
  });
  if (!step) {
    await settleStep(link, undefined, deps);
    return { kind: "already-decided" };
  }
  const settled = await settleStep(link, step, deps);
  return settled?.byThisDecision ? { kind: "recorded", decision, settled: settled.outcome } : { kind: "recorded", decision };
}

/**
 * Settles the step if its decisions settle it, and resumes the waiting workflow. Idempotent: the
 * resolution is written once, and completing a token that is already closed is a no-op; so a retry
 * after a crash between the decision and the callback completes what the first attempt left.
 */
async function settleStep(link: OfferLink, known: ApprovalStepRecord | undefined, deps: OfferDecisionDeps): Promise<{ outcome: "approved" | "rejected"; byThisDecision: boolean } | undefined> {
  if (link.purpose !== "approval" || link.round === undefined || link.stepIndex === undefined) return undefined;
  const step = known ?? (await deps.offers.getApprovalStep(link.offerId, link.round, link.stepIndex));
  if (!step) return undefined;
  let resolution = step.resolution;
  let byThisDecision = false;
  if (!resolution) {
    const settled = tally(step);
    if (!settled) return undefined;
    // The settling decision's own time, so a retry writes the same resolution.
    const at = step.decisions.at(-1)?.at ?? deps.clock.now().toISOString();
    byThisDecision = await deps.offers.resolveApprovalStep(link.offerId, link.round, link.stepIndex, { ...settled, at });
    resolution = byThisDecision ? { ...settled, at } : (await deps.offers.getApprovalStep(link.offerId, link.round, link.stepIndex))?.resolution;
    if (!resolution) return undefined;
  }
  // If the wait timed out and is being re-registered, the new registration sees the resolution.
  if (step.taskToken) await deps.callbacks.succeed(step.taskToken, { outcome: resolution.outcome, reason: resolution.reason ?? null });
  return { outcome: resolution.outcome, byThisDecision };
}

export type ResponseResult = { kind: "recorded"; response: "accepted" | "declined" } | { kind: "question-recorded"; taskId: string } | { kind: "already-decided" } | { kind: "expired" } | { kind: "invalid" };

/** HR's target for answering a candidate's question about an offer. */
export const QUESTION_RESPONSE_TARGET_MS = 3600_000;

export async function respondToOffer(
  linkId: string,
  action: "accept" | "decline" | "question",
  text: string | undefined,
  origin: RequestOrigin,
  deps: OfferDecisionDeps,
  /** Ticked on the decline page: may we contact them about future roles. */
  consentToFutureContact = false,
): Promise<ResponseResult> {
  const state = await linkState(linkId, deps);
  if (state.kind === "invalid" || state.link?.purpose !== "candidate") return { kind: "invalid" };
  if (state.kind === "expired") return { kind: "expired" };
  if (state.kind === "decided" || (state.questionsOnly && action !== "question")) {
    // The POST again after an answer was recorded (a retry after a crash, a second tab): it finishes
    // what the answer implies and the first attempt may not have got to, then says it was decided.
    await completeResponse(state.link, action === "decline" && consentToFutureContact, origin, deps);
    return { kind: "already-decided" };
  }
  const { offer } = state;
  const now = deps.clock.now();
  const at = now.toISOString();
  if (action === "question") {
    const { task } = await openTask(
      {
        kind: "offer",
        type: OFFER_TASK_TYPES.question,
        subject: { candidateId: offer.candidateId, applicationId: offer.applicationId, offerId: offer.offerId },
        title: `${state.candidateName} asked about the offer: ${text ?? ""}`.slice(0, 2000),
        ...(text ? { context: { question: text.slice(0, 2000) } } : {}),
        dueAt: new Date(now.getTime() + QUESTION_RESPONSE_TARGET_MS).toISOString(),
        idempotencyKey: `question:${offer.offerId}:${text ?? ""}:${at}`,
      },
      deps,
    );
    const taskId = task.taskId;
    await deps.store.addTimelineEvent({
      eventId: derivedId("offer-question", taskId),
      candidateId: offer.candidateId,
      applicationId: offer.applicationId,
      at,
      type: "offer.question",
      summary: `Question about the offer (HR to answer within 1 hour): ${text ?? ""}`.slice(0, 2000),
      data: { offerId: offer.offerId, taskId, question: text ?? "", dueAt: new Date(now.getTime() + QUESTION_RESPONSE_TARGET_MS).toISOString(), ip: origin.ip, userAgent: origin.userAgent.slice(0, 512) },
    });
    return { kind: "question-recorded", taskId };
  }
  const response = action === "accept" ? "accepted" : "declined";
  // The answer and its event in one transaction: the derived status and the hiring report read the
  // event, so an answer without it would be invisible to them.
  if (!(await deps.offers.recordResponse(offer.candidateId, offer.offerId, response, responseEvent(offer, response, at, text, origin)))) {
    await completeResponse(state.link, action === "decline" && consentToFutureContact, origin, deps);
    return { kind: "already-decided" };
  }
  await afterResponse(offer, response, at, consentToFutureContact, origin, deps);
  return { kind: "recorded", response };
}

function responseEvent(offer: Offer, response: "accepted" | "declined", at: string, text: string | undefined, origin: RequestOrigin | undefined): TimelineEvent {
  return {
    eventId: derivedId("offer-response", offer.offerId),
    candidateId: offer.candidateId,
    applicationId: offer.applicationId,
    at,
    type: `offer.${response}`,
    summary: `Candidate ${response} the offer${text ? `: ${text}` : ""}`,
    data: { offerId: offer.offerId, response, ...(text ? { reason: text } : {}), ...(origin ? { ip: origin.ip, userAgent: origin.userAgent.slice(0, 512) } : {}) },
  };
}

/**
 * What follows a recorded answer, each step idempotent so a retry repeats it harmlessly: the consent
 * given with a decline, the views that follow the timeline (tasks the answer settles, the derived
 * status), and the waiting workflow resumed. Without the last, the journey would learn of the answer
 * only at its next response tick.
 */
async function afterResponse(offer: Offer, response: "accepted" | "declined", at: string, consentToFutureContact: boolean, origin: RequestOrigin, deps: OfferDecisionDeps): Promise<void> {
  if (consentToFutureContact && response === "declined") {
    const current = (await deps.preferences.getPreferences(offer.candidateId))?.consents["re-engagement"];
    // Recorded before the workflow resumes: scheduling re-engagement reads it next. Once only: a
    // retry finds the grant it made (at or after the answer) and records no second one.
    if (current?.granted && current.source === "candidate" && current.at >= at) {
      // Its event may be what the crash left out; written from the stored grant, it is the same event.
      await consentEvent(offer.candidateId, "re-engagement", current, deps);
    } else {
      const now = deps.clock.now();
      await recordConsent(offer.candidateId, "re-engagement", { granted: true, source: "candidate", by: `offer decline page (${origin.ip})`, expiresAt: new Date(now.getTime() + CONSENT_VALIDITY_DAYS * 86_400_000).toISOString() }, deps);
    }
  }
  // Stored already (with the answer); a retry writes nothing, but the followers run again.
  await deps.store.addTimelineEvent(responseEvent(offer, response, at, undefined, undefined));
  const current = await deps.offers.getOffer(offer.candidateId, offer.offerId);
  if (current?.responseToken) await deps.callbacks.succeed(current.responseToken, { response });
}

/** For an offer already answered: finishes what follows its answer (see afterResponse). */
async function completeResponse(link: OfferLink, consentToFutureContact: boolean, origin: RequestOrigin, deps: OfferDecisionDeps): Promise<void> {
  const offer = await deps.offers.getOffer(link.candidateId, link.offerId);
  if (!offer?.response || !offer.respondedAt) return;
  await afterResponse(offer, offer.response, offer.respondedAt, consentToFutureContact, origin, deps);
}
