// HR API rows for offers: the requisition's offer policy, drafts, review, submission (offer tasks are in the one inbox, hr-tasks.ts).
// Function: HrApi.
import { OPERATORS, READERS } from "../../lambdas/core/access/roles.js";
import { OfferPolicy } from "../../lambdas/core/offer/offer-model.js";
import { OfferDraftBody } from "../../lambdas/core/offer/offer-drafts.js";
import { OfferFactBody } from "../../lambdas/core/offer/offer-facts.js";
import { route } from "./route-spec.js";

const fn = "HrApi" as const;

export const hrOfferRoutes = [
  route({ method: "PUT", path: "/hr/requisitions/{requisitionId}/offer-policy", fn, auth: "jwt", roles: OPERATORS, operationId: "putOfferPolicy", summary: "Set a requisition's offer policy", description: "Budget, approval chain, owner and pre-onboarding steps.", tags: ["Offers"], body: { type: "json", schema: OfferPolicy }, responses: { 200: { description: "The policy" } } }),
  route({ method: "PUT", path: "/hr/candidates/{candidateId}/offers/{offerId}", fn, auth: "jwt", roles: OPERATORS, operationId: "putOfferDraft", summary: "Draft an offer", description: "Creates or replaces a draft; the answer lists every part still missing or ambiguous.", tags: ["Offers"], body: { type: "json", schema: OfferDraftBody }, responses: { 200: { description: "The draft and its problems" } } }),
  route({ method: "GET", path: "/hr/candidates/{candidateId}/offers/{offerId}", fn, auth: "jwt", roles: READERS, operationId: "getOffer", summary: "Review an offer", description: "Problems, budget, drop-off risk and approval steps. Every figure in `budget` is per year (`budget.period`): the policy's range, the offer's annual base and `expectationAnnual`; `expectation` is as entered, its `period` saying per month or per year.", tags: ["Offers"], responses: { 200: { description: "The offer under review" } } }),
  route({ method: "POST", path: "/hr/candidates/{candidateId}/offers/{offerId}/submit", fn, auth: "jwt", roles: OPERATORS, operationId: "submitOffer", summary: "Submit an offer", description: "Starts the offer journey: approvals, then the candidate's offer. Submitting again while approval is pending (a retry, or two clicks at once) answers the same submission and starts nothing new; once the offer has moved on it is a 409.", tags: ["Offers"], responses: { 202: { description: "The journey started" } } }),
  route({ method: "POST", path: "/hr/candidates/{candidateId}/offers/{offerId}/facts", fn, auth: "jwt", roles: OPERATORS, operationId: "recordOfferFact", summary: "Record a fact about a submitted offer", description: "A competing offer, a question the candidate asked, or a new start date, on an offer that is pending approval, sent, accepted or stalled. Kept on the timeline, and the drop-off risk is scored again (a risk task when it crosses the threshold). A draft is changed with PUT instead (409 offer-is-draft); a declined or failed offer takes no facts (409 offer-closed).", tags: ["Offers"], body: { type: "json", schema: OfferFactBody }, responses: { 201: { description: "The fact, the offer and its new risk score" }, 409: { description: "The offer is a draft or closed" } } }),
] as const;
