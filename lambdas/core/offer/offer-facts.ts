// Facts HR learns about an offer after it was submitted: the candidate holds a competing offer, asked
// a question (by phone, on WeChat), or wants another start date. A submitted offer is not a draft, so
// these are recorded beside it, each once, on the timeline, and the drop-off risk is scored again at
// once: a competing offer on an accepted offer is exactly the no-show case HR must act on.
import * as z from "../shared/zod.js";
import { NotFoundError, StateConflictError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import type { Clock, HirepathStore, OfferStore } from "../shared/ports.js";
import type { Offer, OfferStatus } from "./offer-model.js";
import { assessRisk } from "./offer-journey.js";
import { QUESTION_RESPONSE_TARGET_MS } from "./offer-decisions.js";
import { offerView } from "./offer-drafts.js";
import { openTask } from "../tasks/tasks.js";
import { OFFER_TASK_TYPES } from "./offer-tasks.js";
import type { TaskStore } from "../tasks/task-ports.js";

const Note = z.string().trim().min(1).max(2000);
/** A client-chosen key makes a retried request land once. */
const IdempotencyKey = z.string().min(1).max(200).optional();

export const OfferFactBody = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("competing-offer"), note: Note.optional(), idempotencyKey: IdempotencyKey }).strict(),
  z.object({ kind: z.literal("question"), question: Note, idempotencyKey: IdempotencyKey }).strict(),
  z.object({ kind: z.literal("start-date-change"), startDate: z.iso.date(), reason: Note.optional(), idempotencyKey: IdempotencyKey }).strict(),
]);
export type OfferFactBody = z.infer<typeof OfferFactBody>;

/** Offers a fact can still change something for: out with the candidate, accepted (until day one), or stalled. */
export const OFFER_STATUSES_TAKING_FACTS: readonly OfferStatus[] = ["pending-approval", "sent", "accepted", "decision-stalled"];

export interface OfferFactDeps {
  store: HirepathStore;
  offers: OfferStore;
  tasks: TaskStore;
  clock: Clock;
}

function summaryOf(fact: OfferFactBody): string {
  switch (fact.kind) {
    case "competing-offer": return `The candidate holds a competing offer${fact.note ? `: ${fact.note}` : ""}`;
    case "question": return `The candidate asked: ${fact.question}`;
    case "start-date-change": return `Start date moved to ${fact.startDate}${fact.reason ? `: ${fact.reason}` : ""}`;
  }
}

export async function recordOfferFact(ref: { candidateId: string; offerId: string }, fact: OfferFactBody, actor: { sub: string }, deps: OfferFactDeps) {
  const offer = await deps.offers.getOffer(ref.candidateId, ref.offerId);
  if (!offer) throw new NotFoundError(`offer ${ref.offerId} not found`);
  if (offer.status === "draft") {
    throw new StateConflictError(`offer ${offer.offerId} is a draft: change it with PUT /hr/candidates/${offer.candidateId}/offers/${offer.offerId}`, { code: "offer-is-draft", title: "The offer is still a draft" });
  }
  if (!OFFER_STATUSES_TAKING_FACTS.includes(offer.status)) {
    throw new StateConflictError(`offer ${offer.offerId} is ${offer.status}; facts are recorded on offers that are ${OFFER_STATUSES_TAKING_FACTS.join(", ")}`, { code: "offer-closed", title: "The offer is closed" });
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const factId = derivedId("offer-fact", offer.offerId, fact.kind, fact.idempotencyKey ?? at);
  if (fact.idempotencyKey) {
    // A retry finds the fact as first recorded and records nothing again.
    const earlier = (await deps.store.getCandidateView(offer.candidateId))?.timeline.find((e) => e.eventId === factId);
    if (earlier) {
      const risk = await assessRisk(offer, deps, `fact-${factId}`);
      return { fact: { factId, kind: fact.kind, at: earlier.at }, offer: offerView({ ...offer, riskScore: risk.score }), risk, duplicate: true };
    }
  }
  const patch: Partial<Offer> = { updatedAt: at };
  if (fact.kind === "competing-offer") patch.competingOffer = true;
  if (fact.kind === "start-date-change") patch.parts = { ...offer.parts, startDate: fact.startDate };
  // Only while the offer is still in a status that takes facts: a decline landing meanwhile wins.
  if (!(await deps.offers.updateOffer(offer.candidateId, offer.offerId, patch, OFFER_STATUSES_TAKING_FACTS))) {
    const current = await deps.offers.getOffer(offer.candidateId, offer.offerId);
    throw new StateConflictError(`offer ${offer.offerId} became ${current?.status ?? "unavailable"} meanwhile`, { code: "offer-closed", title: "The offer is closed" });
  }
  if (fact.kind === "question") {
    // HR heard it outside the offer page: the same task as a question asked there, to answer within the target.
    await openTask(
      {
        kind: "offer",
        type: OFFER_TASK_TYPES.question,
        subject: { candidateId: offer.candidateId, applicationId: offer.applicationId, offerId: offer.offerId },
        title: `Answer the candidate's question about the offer: ${fact.question}`.slice(0, 2000),
        context: { question: fact.question },
        dueAt: new Date(now.getTime() + QUESTION_RESPONSE_TARGET_MS).toISOString(),
        idempotencyKey: `question:${factId}`,
      },
      deps,
    );
  }
  await deps.store.addTimelineEvent({
    eventId: factId,
    candidateId: offer.candidateId,
    applicationId: offer.applicationId,
    at,
    // A question counts as the candidate's engagement in the risk, like one asked from the offer page.
    type: fact.kind === "question" ? "offer.question" : `offer.fact.${fact.kind}`,
    summary: summaryOf(fact),
    data: { offerId: offer.offerId, kind: fact.kind, by: actor.sub, recordedBy: "hr", ...(fact.kind === "question" ? { question: fact.question } : {}), ...(fact.kind === "start-date-change" ? { startDate: fact.startDate, previous: offer.parts.startDate ?? null } : {}), ...("note" in fact && fact.note ? { note: fact.note } : {}), ...("reason" in fact && fact.reason ? { reason: fact.reason } : {}) },
  });
  const updated = (await deps.offers.getOffer(offer.candidateId, offer.offerId))!;
  const risk = await assessRisk(updated, deps, `fact-${factId}`);
  return { fact: { factId, kind: fact.kind, at }, offer: offerView({ ...updated, riskScore: risk.score }), risk, duplicate: false };
}
