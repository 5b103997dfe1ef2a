// HR's side of an offer before the journey: the requisition's offer policy, drafting (as often as
// needed while it is a draft), the review HR reads (budget, risk, approvals), and submission, which
// starts the offer journey once every part is unambiguous and the requisition has a policy.
import * as z from "../shared/zod.js";
import { ConcurrentChangeError, NotFoundError, StateConflictError, UnprocessableError } from "../shared/errors.js";
import { Locale } from "../shared/model.js";
import type { Clock, HirepathStore, JourneyStarter, OfferStore } from "../shared/ports.js";
import { ExpectedPay, Offer, OfferParts, type OfferPolicy, type OfferStatus } from "./offer-model.js";
import { annualBase, annualExpectation, budgetStatus, expectationGap, offerProblems } from "./offer-readiness.js";
import { approvalPlan } from "./offer-journey.js";
import { DEFAULT_RISK_WEIGHTS, riskInputsFor, scoreRisk } from "./offer-risk.js";

export const OfferDraftBody = z
  .object({
    applicationId: z.string().min(1),
    locale: Locale.optional(),
    parts: OfferParts,
    candidateExpectation: ExpectedPay.optional().describe("What the candidate expects, per year or per month; compared with the offer's annual base pay per year"),
    includeExecutiveStep: z.boolean().default(false),
    competingOffer: z.boolean().default(false),
    finalInterviewAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type OfferDraftBody = z.infer<typeof OfferDraftBody>;

export interface OfferDraftDeps {
  store: HirepathStore;
  offers: OfferStore;
  clock: Clock;
}

export interface OfferRef {
  candidateId: string;
  offerId: string;
}

/** What HR sees: never the task token, nor the candidate's link id (a bearer credential for the candidate). */
export function offerView(offer: Offer) {
  const { responseToken: _t, responseLinkId: _l, ...rest } = offer;
  return rest;
}

export async function setOfferPolicy(requisitionId: string, policy: OfferPolicy, deps: OfferDraftDeps): Promise<OfferPolicy> {
  if (!(await deps.store.getRequisition(requisitionId))) throw new NotFoundError(`requisition ${requisitionId} not found`);
  await deps.offers.putOfferPolicy(requisitionId, policy);
  return policy;
}

export async function draftOffer(ref: OfferRef, body: OfferDraftBody, deps: OfferDraftDeps) {
  const [candidate, application] = await Promise.all([deps.store.getCandidate(ref.candidateId), deps.store.getApplication(ref.candidateId, body.applicationId)]);
  if (!candidate) throw new NotFoundError(`candidate ${ref.candidateId} not found`);
  if (!application) throw new NotFoundError(`application ${body.applicationId} not found`);
  const now = deps.clock.now().toISOString();
  const existing = await deps.offers.getOffer(ref.candidateId, ref.offerId);
  const offer = Offer.parse({
    offerId: ref.offerId,
    candidateId: candidate.candidateId,
    applicationId: application.applicationId,
    requisitionId: application.requisitionId,
    locale: body.locale ?? candidate.locale,
    parts: body.parts,
    ...(body.candidateExpectation ? { candidateExpectation: body.candidateExpectation } : {}),
    includeExecutiveStep: body.includeExecutiveStep,
    competingOffer: body.competingOffer,
    ...(body.finalInterviewAt ? { finalInterviewAt: body.finalInterviewAt } : {}),
    status: "draft",
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  });
  if (!(await deps.offers.saveDraft(offer))) {
    // Not a race: the offer left draft. New facts about it have their own route.
    throw new StateConflictError(`offer ${ref.offerId} was submitted and is no longer a draft; record a competing offer, a question or a new start date with POST /hr/candidates/${ref.candidateId}/offers/${ref.offerId}/facts`, { code: "offer-submitted", title: "The offer was already submitted" });
  }
  return { offer: offerView(offer), problems: offerProblems(offer.parts, deps.clock.now()) };
}

/** The offer as HR reviews it: what is still wrong, the budget, the drop-off risk and the approval steps. */
export async function offerReview(ref: OfferRef, deps: OfferDraftDeps) {
  const offer = await deps.offers.getOffer(ref.candidateId, ref.offerId);
  if (!offer) throw new NotFoundError(`offer ${ref.offerId} not found`);
  const [policy, steps, candidateView] = await Promise.all([deps.offers.getOfferPolicy(offer.requisitionId), deps.offers.listApprovalSteps(offer.offerId), deps.store.getCandidateView(offer.candidateId)]);
  const now = deps.clock.now();
  const gap = expectationGap(offer.parts, offer.candidateExpectation);
  return {
    offer: offerView(offer),
    problems: offerProblems(offer.parts, now),
    // Every figure here is per year but `expectation`, which is as entered (its `period` says), so it comes made annual too.
    budget: {
      period: "year" as const,
      range: policy?.budget ?? null,
      offerAnnualBase: annualBase(offer.parts) ?? null,
      status: budgetStatus(offer.parts, policy?.budget),
      expectation: offer.candidateExpectation ?? null,
      expectationAnnual: offer.candidateExpectation ? annualExpectation(offer.candidateExpectation) : null,
      gap: gap ?? null,
    },
    risk: scoreRisk(riskInputsFor(offer, gap, candidateView?.timeline ?? [], now), { ...DEFAULT_RISK_WEIGHTS, ...policy?.riskWeights }),
    approvalSteps: steps.map(({ taskToken: _t, approvers, ...s }) => ({ ...s, approvers: approvers.map(({ linkId: _l, ...a }) => a) })),
  };
}

const SUBMITTABLE: readonly OfferStatus[] = ["draft", "approval-rejected", "approval-expired"];

/**
 * Marks the offer pending approval with its journey's name and returns that name. An offer already pending
 * approval keeps the name it was given: the submit that marked it may have crashed before starting the
 * journey, or may be running at this moment, and starting the same name with the same input is the same
 * execution (Step Functions' idempotent start), so the retry or the twin completes the one submission.
 */
async function markSubmitted(offer: Offer, now: Date, deps: OfferDraftDeps): Promise<string> {
  const journeyName = `offer-${offer.offerId}-${now.getTime()}`.slice(0, 80);
  const patch = { status: "pending-approval" as const, journeyName, submittedAt: now.toISOString(), updatedAt: now.toISOString() };
  if (SUBMITTABLE.includes(offer.status) && (await deps.offers.updateOffer(offer.candidateId, offer.offerId, patch, SUBMITTABLE))) return journeyName;
  const current = await deps.offers.getOffer(offer.candidateId, offer.offerId);
  if (current?.status === "pending-approval" && current.journeyName) return current.journeyName;
  throw new ConcurrentChangeError(`offer ${offer.offerId} is already ${current?.status ?? offer.status}`);
}

/**
 * Starts the offer journey. A missing or ambiguous part blocks sending, and the problem names the part.
 * Submitting again while approval is pending answers the same submission (see markSubmitted).
 */
export async function submitOffer(ref: OfferRef, deps: OfferDraftDeps & { offerJourneys: JourneyStarter }) {
  const offer = await deps.offers.getOffer(ref.candidateId, ref.offerId);
  if (!offer) throw new NotFoundError(`offer ${ref.offerId} not found`);
  const now = deps.clock.now();
  const problems = offerProblems(offer.parts, now);
  if (problems.length) {
    throw new UnprocessableError(`Fix: ${[...new Set(problems.map((x) => x.part))].join(", ")}`, {
      code: "offer-incomplete",
      title: "The offer cannot be sent yet",
      issues: problems.map((x) => ({ path: `parts.${x.path}`, message: x.message, code: x.code, part: x.part })),
    });
  }
  const policy = await deps.offers.getOfferPolicy(offer.requisitionId);
  if (!policy) {
    throw new UnprocessableError(`PUT /hr/requisitions/${offer.requisitionId}/offer-policy first`, {
      code: "offer-policy-missing",
      title: "The requisition has no offer policy",
      issues: [{ path: "requisitionId", message: "no approval chain or owner configured", code: "missing" }],
    });
  }
  const journeyName = await markSubmitted(offer, now, deps);
  const executionArn = await deps.offerJourneys.startJourney(journeyName, { candidateId: offer.candidateId, applicationId: offer.applicationId, offerId: offer.offerId });
  await deps.offers.updateOffer(offer.candidateId, offer.offerId, { executionArn });
  const plan = approvalPlan(policy, offer).map((i) => policy.approvalChain[i]!.name);
  return { offerId: offer.offerId, executionArn, approvalSteps: plan, budgetStatus: budgetStatus(offer.parts, policy.budget) };
}
