// The candidate portal and one-click unsubscribe, behind signed links: a visit is kept on the timeline
// (engagement), the portal offers the open offer's answer links, and an unsubscribe stops that channel.
import { derivedId } from "../shared/ids.js";
import type { Channel } from "../shared/model.js";
import type { CandidateView, Clock, HirepathStore, OfferStore } from "../shared/ports.js";
import type { LinkClaims } from "../shared/signed-links.js";

/** One timeline event per candidate, application and hour: a page reload is not a new visit. */
export async function notePortalVisit(claims: Pick<LinkClaims, "c" | "a">, deps: { store: HirepathStore; clock: Clock }): Promise<void> {
  const now = deps.clock.now();
  await deps.store.addTimelineEvent({
    eventId: derivedId("portal-visit", claims.c, claims.a ?? "", now.toISOString().slice(0, 13)),
    candidateId: claims.c,
    ...(claims.a ? { applicationId: claims.a } : {}),
    at: now.toISOString(),
    type: "portal.visited",
    summary: "Candidate opened the portal",
  });
}

/** The offer the candidate can still answer from the portal (sent, or accepted and open to questions). */
export async function openOfferFor(claims: Pick<LinkClaims, "c" | "a">, deps: { offers: Pick<OfferStore, "listOffers"> }): Promise<{ linkId: string; status: "sent" | "accepted" } | undefined> {
  const offers = await deps.offers.listOffers(claims.c);
  const open = offers.find((o) => o.responseLinkId && (o.status === "sent" || o.status === "accepted") && (!claims.a || o.applicationId === claims.a));
  return open ? { linkId: open.responseLinkId!, status: open.status as "sent" | "accepted" } : undefined;
}

export async function unsubscribe(view: CandidateView, channel: Channel, deps: { store: HirepathStore; clock: Clock }): Promise<void> {
  const address = channel === "email" ? view.candidate.emailNorm : view.candidate.phoneE164;
  if (!address) return;
  const at = deps.clock.now().toISOString();
  await deps.store.unsubscribe(channel, address, at, view.candidate.candidateId);
  await deps.store.addTimelineEvent({
    eventId: derivedId("unsubscribed", view.candidate.candidateId, channel),
    candidateId: view.candidate.candidateId,
    at,
    type: "consent.unsubscribed",
    summary: `Unsubscribed from ${channel}`,
    data: { channel },
  });
}
