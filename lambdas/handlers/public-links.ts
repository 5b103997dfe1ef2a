// The PublicLinks function: signed links that candidates (and requisition owners) click. GET only shows;
// anything that changes state is a POST, so a mail scanner prefetching the link changes nothing. RFC 8058
// one-click unsubscribe is that POST. The token's purpose picks the page.
import { PublicLinksEnv } from "../config/env.js";
import { NotFoundError, SignatureError, ValidationError } from "../core/shared/errors.js";
import { systemClock } from "../core/shared/ports.js";
import { verifiedClaims, type LinkClaims } from "../core/shared/signed-links.js";
import { jobOfApplication } from "../core/portal/link-job.js";
import { shortLinkTarget } from "../core/shared/short-links.js";
import { notePortalVisit, openOfferFor, unsubscribe } from "../core/portal/portal.js";
import { renderExpiredLink, renderLinkProblem, renderPortal, renderUnavailableLink, renderUnsubscribeAsk, renderUnsubscribed } from "../pages/portal.js";
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
  let claims: LinkClaims;
  try {
    claims = verifiedClaims(params.linkToken, await secretsFrom(env).linkSigningKey());
  } catch (error) {
    if (error instanceof SignatureError) return problemPage("link-invalid", renderLinkProblem("invalid"));
    throw error;
  }
  const expired = claims.exp * 1000 < systemClock.now().getTime();
  const view = await store.getCandidateView(claims.c);
  // An erased candidate's link: a page, not a problem body, in both languages (there is no one to ask).
  if (!view) return expired ? problemPage("link-expired", renderLinkProblem("expired")) : problemPage("not-found", renderLinkProblem("invalid"));
  const locale = view.candidate.locale;
  const job = () => jobOfApplication(view.applications, claims.a, store);
  // An unsubscribe link keeps working after its expiry: a person must always be able to stop our messages.
  // Any other expired link says so on opening, in the candidate's language, with what to do instead.
  if (expired && claims.p !== "unsubscribe") return problemPage("link-expired", claims.p === "recall" ? renderLinkProblem("expired") : renderExpiredLink(locale, claims.p, await job()));
  const post = event.requestContext.http.method === "POST";
  try {
    switch (claims.p) {
      case "portal": {
        if (post) return await portalPost(env, event, claims, view);
        await notePortalVisit(claims, deps);
        // The portal gives the same Accept / Decline / Question links as the offer email, and the interview section.
        const [open, trackers] = await Promise.all([openOfferFor(claims, { offers: offerStoreFrom(env) }), portalTrackersFor(env, claims, view)]);
        // The link's application has ended: no interview to confirm, move or prepare for is offered beside "the process has ended".
        const ended = claims.a !== undefined && trackers[0]?.applicationId === claims.a && trackers[0].closed;
        const section = ended ? "" : await portalInterviewSection(env, claims, view);
        return html(200, renderPortal(view, trackers, open).replace("</body>", `${section}</body>`));
      }
      case "interview":
        return await interviewLink(env, event, claims, view);
      case "schedule":
        return await scheduleLink(env, event, claims, view);
      case "recall":
        return await recallLink(env, event, claims, view);
      default: {
        const channel = claims.ch ?? "email";
        if (!post) {
          // A used unsubscribe link says so, with no form left to submit.
          const address = channel === "email" ? view.candidate.emailNorm : view.candidate.phoneE164;
          if (address && (await store.isUnsubscribed(channel, address))) return html(200, renderUnsubscribed(locale, await job(), { channel }));
          return html(200, renderUnsubscribeAsk(locale, channel, await job()));
        }
        await unsubscribe(view, channel, deps);
        return html(200, renderUnsubscribed(locale, await job()));
      }
    }
  } catch (error) {
    // A genuine link whose interview is gone, or that names an action its page doesn't have: a page in the
    // candidate's language, never a problem body. (A program asking for problem+json still gets the problem.)
    // The portal form's own field errors stay problems with their field paths (the page's form can't produce them).
    const formError = claims.p === "portal" && post && error instanceof ValidationError;
    if (claims.p !== "recall" && !formError && (error instanceof NotFoundError || error instanceof ValidationError)) return problemPage(error instanceof NotFoundError ? "not-found" : "validation-failed", renderUnavailableLink(locale, await job()));
    throw error;
  }
}

/** An SMS's short link: the id is looked up, and the page of the signed link it stands for is served here. */
async function openShortLink(request: RouteRequest<(typeof publicLinkRoutes)[number]>, env: PublicLinksEnv): Promise<HttpResult> {
  let link: Awaited<ReturnType<typeof shortLinkTarget>>;
  try {
    // Expired or not: the signed link's page says it expired, in the candidate's language.
    link = await shortLinkTarget(String((request.params as Record<string, string>).linkId), storeFrom(env));
  } catch (error) {
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
