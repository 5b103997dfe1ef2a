// The PublicLinks function: signed links that candidates (and requisition owners) click. GET only shows;
// anything that changes state is a POST, so a mail scanner prefetching the link changes nothing. RFC 8058
// one-click unsubscribe is that POST. The token's purpose picks the page.
import { PublicLinksEnv } from "../config/env.js";
import { LinkExpiredError, NotFoundError, SignatureError } from "../core/shared/errors.js";
import { systemClock } from "../core/shared/ports.js";
import { verifyLink } from "../core/shared/signed-links.js";
import { resolveShortLink } from "../core/shared/short-links.js";
import { notePortalVisit, openOfferFor, unsubscribe } from "../core/portal/portal.js";
import { renderLinkProblem, renderPortal, renderUnsubscribeAsk, renderUnsubscribed } from "../pages/portal.js";
import { secretsFrom } from "../adapters/secrets.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { offerStoreFrom } from "../adapters/dynamo-offer-store.js";
import { publicLinkRoutes } from "../../lib/routes/links.js";
import { html, problemPage, type HttpResult } from "./lambda-handler.js";
import { routedHandler, type RouteRequest } from "./http/router.js";
import { interviewLink, portalInterviewSection, portalPost, portalTrackersFor, scheduleLink } from "./public-interview-links.js";
import { recallLink } from "./public-recall-links.js";
import { rateLimitFrom } from "../adapters/dynamo-rate-counter.js";

async function openLink({ params, event }: RouteRequest<(typeof publicLinkRoutes)[number]>, env: PublicLinksEnv): Promise<HttpResult> {
  const store = storeFrom(env);
  const deps = { store, clock: systemClock };
  let claims;
  try {
    claims = verifyLink(params.linkToken, await secretsFrom(env).linkSigningKey(), systemClock.now());
  } catch (error) {
    if (error instanceof LinkExpiredError) return problemPage("link-expired", renderLinkProblem("expired"));
    if (error instanceof SignatureError) return problemPage("link-invalid", renderLinkProblem("invalid"));
    throw error;
  }
  const view = await store.getCandidateView(claims.c);
  if (!view) throw new NotFoundError("candidate not found");
  const post = event.requestContext.http.method === "POST";
  switch (claims.p) {
    case "portal": {
      if (post) return portalPost(env, event, claims, view);
      await notePortalVisit(claims, deps);
      // The portal gives the same Accept / Decline / Question links as the offer email, and the interview section.
      const [open, trackers, section] = await Promise.all([openOfferFor(claims, { offers: offerStoreFrom(env) }), portalTrackersFor(env, claims, view), portalInterviewSection(env, claims, view)]);
      return html(200, renderPortal(view, trackers, open).replace("</body>", `${section}</body>`));
    }
    case "interview":
      return interviewLink(env, event, claims, view);
    case "schedule":
      return scheduleLink(env, event, claims, view);
    case "recall":
      return recallLink(env, event, claims, view);
    default: {
      const channel = claims.ch ?? "email";
      if (!post) return html(200, renderUnsubscribeAsk(view.candidate.locale, channel));
      await unsubscribe(view, channel, deps);
      return html(200, renderUnsubscribed(view.candidate.locale));
    }
  }
}

/** An SMS's short link: the id is looked up, and the page of the signed link it stands for is served here. */
async function openShortLink(request: RouteRequest<(typeof publicLinkRoutes)[number]>, env: PublicLinksEnv): Promise<HttpResult> {
  let link: Awaited<ReturnType<typeof resolveShortLink>>;
  try {
    link = await resolveShortLink(String((request.params as Record<string, string>).linkId), storeFrom(env), systemClock.now());
  } catch (error) {
    if (error instanceof LinkExpiredError) return problemPage("link-expired", renderLinkProblem("expired"));
    if (error instanceof NotFoundError) return problemPage("not-found", renderLinkProblem("invalid"));
    throw error;
  }
  // The signed link's own query (an interview link's action) comes with it; the visitor's own query wins.
  const event = { ...request.event, queryStringParameters: { ...link.query, ...request.event.queryStringParameters } };
  return openLink({ ...request, event, params: { linkToken: link.token } } as never, env);
}

export const handler = routedHandler(
  { name: "public-links", env: PublicLinksEnv, routes: publicLinkRoutes, rateLimit: rateLimitFrom, context: (env: PublicLinksEnv) => env },
  { openSignedLink: openLink, actOnSignedLink: openLink, openShortLink, actOnShortLink: openShortLink },
);
