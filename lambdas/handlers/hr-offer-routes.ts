// HR API routes for offers: the requisition's offer policy (budget, approval chain, owner,
// pre-onboarding), offer drafts, submission (which starts the offer journey) and the open HR tasks.
import * as z from "../core/shared/zod.js";
import { ConcurrentChangeError, NotFoundError, ValidationError } from "../core/shared/errors.js";
import { derivedId } from "../core/shared/ids.js";
import type { HirepathStore, JourneyStarter, OfferStore, ReEngagementSchedules } from "../core/shared/ports.js";
import type { PreferenceStore } from "../core/preferences/preferences-ports.js";
import { cancelReEngagement, scheduleReEngagement } from "../core/re-engagement/re-engagement.js";
import { systemClock } from "../core/shared/ports.js";
import { OPERATORS, READERS, requireRole } from "../core/access/roles.js";
import { Locale, type Role } from "../core/shared/model.js";
import { AnnualAmount, Offer, OfferParts, OfferPolicy } from "../core/offer/offer-model.js";
import { budgetStatus, expectationGap, offerProblems } from "../core/offer/offer-readiness.js";
import { approvalPlan } from "../core/offer/offer-journey.js";
import { DEFAULT_RISK_WEIGHTS, riskInputsFor, scoreRisk } from "../core/offer/offer-risk.js";
import { json, type HttpEvent, type HttpResult } from "./lambda-handler.js";
import { parseJsonBody, parseWith } from "./http-input.js";


const OfferDraftBody = z.object({
  applicationId: z.string().min(1),
  locale: Locale.optional(),
  parts: OfferParts,
  candidateExpectation: AnnualAmount.optional(),
  includeExecutiveStep: z.boolean().default(false),
  competingOffer: z.boolean().default(false),
  finalInterviewAt: z.iso.datetime({ offset: true }).optional(),
}).strict();

/** What HR sees: never the task token, nor the candidate's link id (a bearer credential for the candidate). */
function view(offer: Offer) {
  const { responseToken: _t, responseLinkId: _l, ...rest } = offer;
  return rest;
}

const ReEngagementBody = z.object({ fireAt: z.iso.datetime({ offset: true }).optional(), nurture: z.boolean().default(false) }).strict();
const PolicyChangeBody = z.object({ summary: z.string().min(1).max(2000) }).strict();
const TaskDoneBody = z.object({ resolution: z.string().min(1).max(4000).optional() }).strict();

export function offerRoutes(deps: { store: HirepathStore; offers: OfferStore; preferences: PreferenceStore; offerJourneys: JourneyStarter; schedules: ReEngagementSchedules }, event: HttpEvent, roles: Role[]): Record<string, () => Promise<HttpResult>> {
  const p = event.pathParameters ?? {};
  const { store, offers } = deps;
  return {
    "PUT /hr/requisitions/{requisitionId}/offer-policy": async () => {
      requireRole(roles, OPERATORS, "changing an offer policy");
      const policy = parseWith(OfferPolicy, parseJsonBody(event));
      if (!(await store.getRequisition(p.requisitionId!))) throw new NotFoundError(`requisition ${p.requisitionId} not found`);
      await offers.putOfferPolicy(p.requisitionId!, policy);
      return json(200, policy);
    },
    "PUT /hr/candidates/{candidateId}/offers/{offerId}": async () => {
      requireRole(roles, OPERATORS, "drafting an offer");
      const body = parseWith(OfferDraftBody, parseJsonBody(event));
      const [candidate, application] = await Promise.all([store.getCandidate(p.candidateId!), store.getApplication(p.candidateId!, body.applicationId)]);
      if (!candidate) throw new NotFoundError(`candidate ${p.candidateId} not found`);
      if (!application) throw new NotFoundError(`application ${body.applicationId} not found`);
      const now = systemClock.now().toISOString();
      const existing = await offers.getOffer(p.candidateId!, p.offerId!);
      const offer = Offer.parse({
        offerId: p.offerId,
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
      if (!(await offers.saveDraft(offer))) throw new ConcurrentChangeError(`offer ${p.offerId} has been submitted and can no longer be edited`);
      return json(200, { offer: view(offer), problems: offerProblems(offer.parts, systemClock.now()) });
    },
    "GET /hr/candidates/{candidateId}/offers/{offerId}": async () => {
      requireRole(roles, READERS, "reading an offer");
      const offer = await offers.getOffer(p.candidateId!, p.offerId!);
      if (!offer) throw new NotFoundError(`offer ${p.offerId} not found`);
      const [policy, steps, candidateView] = await Promise.all([offers.getOfferPolicy(offer.requisitionId), offers.listApprovalSteps(offer.offerId), store.getCandidateView(offer.candidateId)]);
      const gap = expectationGap(offer.parts, offer.candidateExpectation);
      return json(200, {
        offer: view(offer),
        problems: offerProblems(offer.parts, systemClock.now()),
        budget: { range: policy?.budget ?? null, status: budgetStatus(offer.parts, policy?.budget), expectation: offer.candidateExpectation ?? null, gap: gap ?? null },
        risk: scoreRisk(riskInputsFor(offer, gap, candidateView?.timeline ?? [], systemClock.now()), { ...DEFAULT_RISK_WEIGHTS, ...policy?.riskWeights }),
        approvalSteps: steps.map(({ taskToken: _t, approvers, ...s }) => ({ ...s, approvers: approvers.map(({ linkId: _l, ...a }) => a) })),
      });
    },
    "POST /hr/candidates/{candidateId}/offers/{offerId}/submit": async () => {
      requireRole(roles, OPERATORS, "submitting an offer");
      const offer = await offers.getOffer(p.candidateId!, p.offerId!);
      if (!offer) throw new NotFoundError(`offer ${p.offerId} not found`);
      const now = systemClock.now();
      const problems = offerProblems(offer.parts, now);
      if (problems.length) {
        // A missing or ambiguous part blocks sending, and the problem names the part.
        return json(
          422,
          {
            type: "about:blank",
            title: "The offer cannot be sent yet",
            status: 422,
            code: "offer-incomplete",
            detail: `Fix: ${[...new Set(problems.map((x) => x.part))].join(", ")}`,
            errors: problems.map((x) => ({ path: `parts.${x.path}`, message: x.message, code: x.code, part: x.part })),
          },
          { "content-type": "application/problem+json; charset=utf-8" },
        );
      }
      const policy = await offers.getOfferPolicy(offer.requisitionId);
      if (!policy) {
        return json(422, { type: "about:blank", title: "The requisition has no offer policy", status: 422, code: "offer-policy-missing", detail: `PUT /hr/requisitions/${offer.requisitionId}/offer-policy first`, errors: [{ path: "requisitionId", message: "no approval chain or owner configured", code: "missing" }] }, { "content-type": "application/problem+json; charset=utf-8" });
      }
      const name = `offer-${offer.offerId}-${now.getTime()}`.slice(0, 80);
      if (!(await offers.updateOffer(offer.candidateId, offer.offerId, { status: "pending-approval", submittedAt: now.toISOString(), updatedAt: now.toISOString() }, ["draft", "approval-rejected", "approval-expired"]))) {
        throw new ConcurrentChangeError(`offer ${offer.offerId} is already ${offer.status}`);
      }
      const executionArn = await deps.offerJourneys.startJourney(name, { candidateId: offer.candidateId, applicationId: offer.applicationId, offerId: offer.offerId });
      await offers.updateOffer(offer.candidateId, offer.offerId, { executionArn });
      const plan = approvalPlan(policy, offer).map((i) => policy.approvalChain[i]!.name);
      return json(202, { offerId: offer.offerId, executionArn, approvalSteps: plan, budgetStatus: budgetStatus(offer.parts, policy.budget) });
    },
    "GET /hr/tasks": async () => {
      requireRole(roles, READERS, "reading HR tasks");
      return json(200, { items: await offers.listOpenTasks(100) });
    },
    "POST /hr/tasks/{taskId}/done": async () => {
      requireRole(roles, OPERATORS, "closing an HR task");
      const body = parseWith(TaskDoneBody, event.body ? parseJsonBody(event) : {});
      const task = await offers.getTask(p.taskId!);
      if (!task) throw new NotFoundError(`task ${p.taskId} not found`);
      const at = systemClock.now().toISOString();
      if (!(await offers.completeTask(task.taskId, at, body.resolution))) throw new ConcurrentChangeError(`task ${task.taskId} is already done`);
      if (task.taskType === "candidate-question") {
        // An answered question counts as engagement in the drop-off risk, and leaves the brief's "unresolved" list.
        await store.addTimelineEvent({
          eventId: derivedId("question-answered", task.taskId),
          candidateId: task.candidateId,
          at,
          type: "offer.question.answered",
          summary: `HR answered: ${body.resolution ?? "(answered outside Hirepath)"}`.slice(0, 2000),
          data: { taskId: task.taskId, offerId: task.offerId ?? null, question: task.question ?? "", answer: body.resolution ?? null, answeredWithinTarget: at <= task.dueAt },
        });
      }
      if (task.taskType === "decision-stalled" && task.offerId) {
        // HR confirms or corrects the pre-filled likely reason; the re-engagement brief shows it later.
        const stalledReason = body.resolution ?? task.suggestion ?? "";
        await offers.updateOffer(task.candidateId, task.offerId, { stalledReason, updatedAt: at });
        await store.addTimelineEvent({ eventId: derivedId("stall-reason", task.taskId), candidateId: task.candidateId, at, type: "offer.stall-reason.recorded", summary: `HR recorded why the decision stalled: ${stalledReason}`, data: { offerId: task.offerId, stalledReason, suggested: task.suggestion ?? null } });
      }
      return json(200, { ...task, status: "done", doneAt: at, ...(body.resolution ? { resolution: body.resolution } : {}) });
    },
    "GET /hr/candidates/{candidateId}/re-engagement": async () => {
      requireRole(roles, READERS, "reading a re-engagement plan");
      const plan = await offers.getReEngagement(p.candidateId!);
      if (!plan) throw new NotFoundError(`no re-engagement planned for candidate ${p.candidateId}`);
      return json(200, plan);
    },
    "PUT /hr/candidates/{candidateId}/re-engagement": async () => {
      requireRole(roles, OPERATORS, "scheduling re-engagement");
      const body = parseWith(ReEngagementBody, parseJsonBody(event));
      const plan = await offers.getReEngagement(p.candidateId!);
      if (!plan) throw new NotFoundError(`no re-engagement planned for candidate ${p.candidateId}: it is created when a consenting candidate's offer stalls or is declined`);
      const fireAt = body.fireAt ? new Date(body.fireAt) : new Date(plan.fireAt);
      if (fireAt.getTime() <= systemClock.now().getTime()) throw new ValidationError("request is not valid", [{ path: "fireAt", message: "must be in the future", code: "too_small" }]);
      const planDeps = { store, offers, preferences: deps.preferences, schedules: deps.schedules, clock: systemClock };
      await scheduleReEngagement(plan.candidateId, plan.offerId, plan.reason, fireAt, body.nurture, planDeps);
      return json(200, await offers.getReEngagement(p.candidateId!));
    },
    "DELETE /hr/candidates/{candidateId}/re-engagement": async () => {
      requireRole(roles, OPERATORS, "cancelling re-engagement");
      return json(200, await cancelReEngagement(p.candidateId!, { store, offers, preferences: deps.preferences, schedules: deps.schedules, clock: systemClock }));
    },
    "POST /hr/policy-changes": async () => {
      requireRole(roles, OPERATORS, "recording a policy change");
      const body = parseWith(PolicyChangeBody, parseJsonBody(event));
      const at = systemClock.now().toISOString();
      const change = { changeId: derivedId("policy-change", at, body.summary), at, summary: body.summary };
      await offers.addPolicyChange(change);
      return json(201, change);
    },
  };
}
