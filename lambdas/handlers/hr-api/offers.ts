// HR API: offer policy, drafts, review, submission (rows in lib/routes/hr-offers.ts).
import { draftOffer, offerReview, setOfferPolicy, submitOffer } from "../../core/offer/offer-drafts.js";
import { recordOfferFact } from "../../core/offer/offer-facts.js";
import type { hrOfferRoutes } from "../../../lib/routes/hr-offers.js";
import { json } from "../lambda-handler.js";
import type { RouteImplementations } from "../http/router.js";
import type { HrContext } from "./hr-context.js";

export const offerRoutes: RouteImplementations<typeof hrOfferRoutes, HrContext> = {
  putOfferPolicy: async ({ params, body }, c) => json(200, await setOfferPolicy(params.requisitionId, body, c)),
  putOfferDraft: async ({ params, body }, c) => json(200, await draftOffer(params, body, c)),
  getOffer: async ({ params }, c) => json(200, await offerReview(params, c)),
  submitOffer: async ({ params }, c) => json(202, await submitOffer(params, { ...c, offerJourneys: c.offerJourneys() })),
  recordOfferFact: async ({ params, body, caller }, c) => json(201, await recordOfferFact(params, body, caller, c)),
};
