// HR API rows for offers: the requisition's offer policy, drafts, review, submission (offer tasks are in the one inbox, hr-tasks.ts).
// Function: HrApi.
import { OPERATORS, READERS } from "../../lambdas/core/access/roles.js";
import { OfferPolicy } from "../../lambdas/core/offer/offer-model.js";
import { OfferDraftBody } from "../../lambdas/core/offer/offer-drafts.js";
import { route } from "./route-spec.js";

const fn = "HrApi" as const;

export const hrOfferRoutes = [
  route({ method: "PUT", path: "/hr/requisitions/{requisitionId}/offer-policy", fn, auth: "jwt", roles: OPERATORS, operationId: "putOfferPolicy", summary: "Set a requisition's offer policy", description: "Budget, approval chain, owner and pre-onboarding steps.", tags: ["Offers"], body: { type: "json", schema: OfferPolicy }, responses: { 200: { description: "The policy" } } }),
  route({ method: "PUT", path: "/hr/candidates/{candidateId}/offers/{offerId}", fn, auth: "jwt", roles: OPERATORS, operationId: "putOfferDraft", summary: "Draft an offer", description: "Creates or replaces a draft; the answer lists every part still missing or ambiguous.", tags: ["Offers"], body: { type: "json", schema: OfferDraftBody }, responses: { 200: { description: "The draft and its problems" } } }),
  route({ method: "GET", path: "/hr/candidates/{candidateId}/offers/{offerId}", fn, auth: "jwt", roles: READERS, operationId: "getOffer", summary: "Review an offer", description: "Problems, budget, drop-off risk and approval steps.", tags: ["Offers"], responses: { 200: { description: "The offer under review" } } }),
  route({ method: "POST", path: "/hr/candidates/{candidateId}/offers/{offerId}/submit", fn, auth: "jwt", roles: OPERATORS, operationId: "submitOffer", summary: "Submit an offer", description: "Starts the offer journey: approvals, then the candidate's offer.", tags: ["Offers"], responses: { 202: { description: "The journey started" } } }),
] as const;
