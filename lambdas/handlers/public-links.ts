// Signed links that candidates click. GET only shows; anything that changes state is a POST, so a
// mail scanner prefetching the link changes nothing. RFC 8058 one-click unsubscribe is that POST.
import { PublicLinksEnv } from "../config/env.js";
import { LinkExpiredError, NotFoundError, SignatureError } from "../core/shared/errors.js";
import { derivedId } from "../core/shared/ids.js";
import { renderLinkProblem, renderPortal, renderUnsubscribeAsk, renderUnsubscribed } from "../pages/portal.js";
import { systemClock } from "../core/shared/ports.js";
import { verifyLink } from "../core/shared/signed-links.js";
import { secretsFrom } from "../adapters/secrets.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { offerStoreFrom } from "../adapters/dynamo-offer-store.js";
import { html, httpHandler } from "./lambda-handler.js";
import { interviewLink, portalInterviewSection, portalPost, scheduleLink } from "./public-interview-links.js";
import { recallLink } from "./public-recall-links.js";

export const handler = httpHandler({ name: "public-links", env: PublicLinksEnv }, async (event, { env }) => {
  const store = storeFrom(env);
  const now = systemClock.now();
  let claims;
  try {
    claims = verifyLink(event.pathParameters?.linkToken ?? "", await secretsFrom(env).linkSigningKey(), now);
  } catch (error) {
    if (error instanceof LinkExpiredError) return html(410, renderLinkProblem("expired"));
    if (error instanceof SignatureError) return html(401, renderLinkProblem("invalid"));
    throw error;
  }
  const view = await store.getCandidateView(claims.c);
  if (!view) throw new NotFoundError("candidate not found");
  const method = event.requestContext.http.method;

  if (claims.p === "portal") {
    if (method === "POST") return portalPost(env, event, claims, view, now);
    await store.addTimelineEvent({
      eventId: derivedId("portal-visit", claims.c, claims.a ?? "", now.toISOString().slice(0, 13)),
      candidateId: claims.c,
      ...(claims.a ? { applicationId: claims.a } : {}),
      at: now.toISOString(),
      type: "portal.visited",
      summary: "Candidate opened the portal",
    });
    // The portal gives the same Accept / Decline / Question links as the offer email, and the interview section.
    const offers = await offerStoreFrom(env).listOffers(claims.c);
    const open = offers.find((o) => o.responseLinkId && (o.status === "sent" || o.status === "accepted") && (!claims.a || o.applicationId === claims.a));
    const section = await portalInterviewSection(env, claims, view);
    return html(200, renderPortal(view, claims.a, open ? { linkId: open.responseLinkId!, status: open.status as "sent" | "accepted" } : undefined).replace("</body>", `${section}</body>`));
  }

  if (claims.p === "interview") return interviewLink(env, event, claims, view, now);
  if (claims.p === "schedule") return scheduleLink(env, event, claims, view, now);
  if (claims.p === "recall") return recallLink(env, event, claims, view);

  // Unsubscribe
  const channel = claims.ch ?? "email";
  const address = channel === "email" ? view.candidate.emailNorm : view.candidate.phoneE164;
  if (method !== "POST") return html(200, renderUnsubscribeAsk(view.candidate.locale, channel));
  if (address) {
    await store.unsubscribe(channel, address, now.toISOString(), claims.c);
    await store.addTimelineEvent({
      eventId: derivedId("unsubscribed", claims.c, channel),
      candidateId: claims.c,
      at: now.toISOString(),
      type: "consent.unsubscribed",
      summary: `Unsubscribed from ${channel}`,
      data: { channel },
    });
  }
  return html(200, renderUnsubscribed(view.candidate.locale));
});
