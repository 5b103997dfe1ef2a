// The owner's "Recall this candidate" link from a recall brief. GET shows who and what happens next;
// only the POST starts the recall journey, so a mail scanner prefetching the link recalls nobody.
import type { PublicLinksEnv } from "../config/env.js";
import { NotFoundError, ValidationError } from "../core/shared/errors.js";
import type { CandidateView } from "../core/shared/ports.js";
import { systemClock } from "../core/shared/ports.js";
import { recallChannel, startRecall } from "../core/recall/recall.js";
import { renderRecallConfirm, renderRecallRefused, renderRecallStarted } from "../pages/recall-pages.js";
import type { LinkClaims } from "../core/shared/signed-links.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { talentStoreFrom } from "../adapters/dynamo-talent-store.js";
import { preferenceStoreFrom } from "../adapters/dynamo-preference-store.js";
import { effectivePreferences } from "../core/preferences/preferences.js";
import { recallJourneysFrom } from "../adapters/journey-starter.js";
import { html, problemPage, type HttpEvent, type HttpResult } from "./lambda-handler.js";

export async function recallLink(env: PublicLinksEnv, event: HttpEvent, claims: LinkClaims, view: CandidateView): Promise<HttpResult> {
  const store = storeFrom(env);
  const requisition = claims.r ? await store.getRequisition(claims.r) : undefined;
  if (!requisition) throw new NotFoundError("requisition not found");
  const locale = requisition.locale;
  const config = { responseWaitSeconds: env.RECALL_RESPONSE_WAIT_SECONDS, nudgeWaitSeconds: env.RECALL_NUDGE_WAIT_SECONDS };
  const preferences = preferenceStoreFrom(env);
  // A brief's link recalls by the channel the person's preference record names; the journey nudges on the other one.
  const channel = recallChannel(undefined, effectivePreferences(view.candidate, await preferences.getPreferences(claims.c), systemClock.now()));
  const facts = { candidateName: view.candidate.name, requisitionTitle: requisition.title, channel, ...config };
  if (event.requestContext.http.method !== "POST") return html(200, renderRecallConfirm(locale, facts));
  try {
    const started = await startRecall(claims.c, { requisitionId: requisition.requisitionId, channel }, { sub: "requisition-owner" }, { store, talent: talentStoreFrom(env), preferences, clock: systemClock, journeys: recallJourneysFrom(env), config });
    return html(started.duplicate ? 200 : 201, renderRecallStarted(locale, facts, started.duplicate));
  } catch (error) {
    if (error instanceof ValidationError) return problemPage("recall-refused", renderRecallRefused(locale));
    throw error;
  }
}
