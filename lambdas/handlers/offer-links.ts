// The OfferLinks function: approval and offer-response links (/o/{linkId}). GET shows the offer and a confirm form; only the
// POST decides, so a mail scanner prefetching the link changes nothing.
import { OfferLinksEnv } from "../config/env.js";
import { decideApproval, linkState, respondToOffer, type OfferDecisionDeps } from "../core/offer/offer-decisions.js";
import { budgetLine } from "../core/offer/offer-letter.js";
import { reasonMissing, renderApprovalConfirm, renderOfferConfirm, renderOfferLinkProblem, renderOfferMessage } from "../pages/offer-pages.js";
import { systemClock } from "../core/shared/ports.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { offerStoreFrom } from "../adapters/dynamo-offer-store.js";
import { taskStoreFrom } from "../adapters/dynamo-task-store.js";
import { preferenceStoreFrom } from "../adapters/dynamo-preference-store.js";
import { taskCallbacksFrom } from "../adapters/sfn-task-callbacks.js";
import { offerLinkRoutes } from "../../lib/routes/links.js";
import { html, problemPage, rawBody, type HttpResult } from "./lambda-handler.js";
import { routedHandler, type RouteRequest } from "./http/router.js";
import { rateLimitFrom } from "../adapters/dynamo-rate-counter.js";

const APPROVAL_ACTIONS = ["approve", "reject"] as const;
const RESPONSE_ACTIONS = ["accept", "decline", "question"] as const;

async function offerLink({ params, event }: RouteRequest<(typeof offerLinkRoutes)[number]>, env: OfferLinksEnv): Promise<HttpResult> {
  const deps: OfferDecisionDeps = { store: storeFrom(env), offers: offerStoreFrom(env), tasks: taskStoreFrom(env), preferences: preferenceStoreFrom(env), callbacks: taskCallbacksFrom(env), clock: systemClock };
  const linkId = params.linkId;
  const state = await linkState(linkId, deps);
  if (state.kind === "invalid") return problemPage("not-found", renderOfferLinkProblem("invalid"));
  if (state.kind === "expired") return problemPage("link-expired", renderOfferLinkProblem("expired"));
  const isPost = event.requestContext.http.method === "POST";
  const form = isPost ? new URLSearchParams(rawBody(event).toString("utf8")) : new URLSearchParams();
  const requested = (isPost ? form.get("action") : event.queryStringParameters?.action) ?? "";
  const origin = { ip: event.requestContext.http.sourceIp, userAgent: event.requestContext.http.userAgent ?? "" };
  const answerAgain = state.kind === "decided" || (state.kind === "open" && state.questionsOnly === true && requested !== "question");
  if (isPost && answerAgain && state.link.purpose === "candidate") {
    // The candidate's answer POSTed again (a retry after a crash or a timeout): the core finishes
    // what the recorded answer implies before saying it was decided.
    await respondToOffer(linkId, requested === "decline" ? "decline" : "accept", undefined, origin, deps, requested === "decline" && form.get("consent") === "yes");
    return problemPage("already-decided", renderOfferMessage(state.locale, "alreadyDecided"));
  }
  if (state.kind === "decided") return problemPage("already-decided", renderOfferMessage(state.locale, "alreadyDecided"));
  const { locale } = state;

  if (state.link.purpose === "approval") {
    const action = (APPROVAL_ACTIONS as readonly string[]).includes(requested) ? (requested as "approve" | "reject") : "approve";
    const policy = await deps.offers.getOfferPolicy(state.offer.requisitionId);
    const budget = budgetLine(locale, state.offer.budgetStatus ?? "no-budget", state.offer.candidateExpectation, policy?.budget);
    if (!isPost) return html(200, renderApprovalConfirm(locale, state.offer, state.step!, state.candidateName, budget, action));
    const reason = form.get("reason")?.trim() || undefined;
    if (action === "reject" && !reason) return problemPage("validation-failed", renderApprovalConfirm(locale, state.offer, state.step!, state.candidateName, budget, "reject", reasonMissing(locale)));
    const result = await decideApproval(linkId, action, reason, origin, deps);
    if (result.kind === "recorded") return html(200, renderOfferMessage(locale, action === "approve" ? "recordedApprove" : "recordedReject"));
    if (result.kind === "expired") return problemPage("link-expired", renderOfferLinkProblem("expired"));
    if (result.kind === "invalid") return problemPage("not-found", renderOfferLinkProblem("invalid"));
    return problemPage("already-decided", renderOfferMessage(locale, "alreadyDecided"));
  }

  const questionsOnly = state.questionsOnly === true;
  const action = questionsOnly ? "question" : (RESPONSE_ACTIONS as readonly string[]).includes(requested) ? (requested as "accept" | "decline" | "question") : "accept";
  if (!isPost) {
    const candidate = await deps.store.getCandidate(state.offer.candidateId);
    return html(200, renderOfferConfirm(locale, state.offer, candidate?.timeZone ?? "Asia/Shanghai", action, questionsOnly));
  }
  const text = form.get("text")?.trim() || undefined;
  if (action === "question" && !text) {
    const candidate = await deps.store.getCandidate(state.offer.candidateId);
    return problemPage("validation-failed", renderOfferConfirm(locale, state.offer, candidate?.timeZone ?? "Asia/Shanghai", "question", questionsOnly));
  }
  const result = await respondToOffer(linkId, action, text, origin, deps, action === "decline" && form.get("consent") === "yes");
  switch (result.kind) {
    case "recorded":
      return html(200, renderOfferMessage(locale, result.response === "accepted" ? "accepted" : "declined"));
    case "question-recorded":
      return html(200, renderOfferMessage(locale, "questionRecorded"));
    case "expired":
      return problemPage("link-expired", renderOfferLinkProblem("expired"));
    case "invalid":
      return problemPage("not-found", renderOfferLinkProblem("invalid"));
    default:
      return problemPage("already-decided", renderOfferMessage(locale, "alreadyDecided"));
  }
}

export const handler = routedHandler(
  { name: "offer-links", env: OfferLinksEnv, routes: offerLinkRoutes, rateLimit: rateLimitFrom, context: (env: OfferLinksEnv) => env },
  { openOfferLink: offerLink, actOnOfferLink: offerLink },
);
