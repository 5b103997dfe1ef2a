// What the candidate portal tells a candidate about where they are: one tracker per application,
// built only from what happened (the application and its screen, each interview with its round,
// the offer), with the job title and company. Nothing is shown as passed that we don't know passed:
// an interview that took place is "took place", not "passed".
import type { Application, Interview, Requisition } from "../shared/model.js";
import type { HirepathStore, OfferStore } from "../shared/ports.js";
import type { InterviewStore } from "../interview/interview-ports.js";
import type { Offer } from "../offer/offer-model.js";

export type StageState = "done" | "current" | "upcoming" | "ended";

export type TrackerStage =
  | { kind: "applied"; state: "done"; at: string }
  | { kind: "screening"; state: StageState }
  | { kind: "interview"; state: StageState; round?: number; startsAt?: string; status?: "scheduled" | "confirmed" | "took-place" | "missed"; awaitingResult?: boolean }
  | { kind: "offer"; state: StageState; status?: "sent" | "awaiting-answer" | "accepted" | "declined"; deadline?: string }
  | { kind: "start"; state: StageState; startDate: string };

export interface ApplicationTracker {
  applicationId: string;
  jobTitle: string;
  company?: string;
  location?: string;
  appliedAt: string;
  /** The process ended (not moving forward, or the offer was declined): later stages are not shown. */
  closed: boolean;
  stages: TrackerStage[];
}

/** Offers the candidate has seen: drafts and offers still in approval are HR's business. */
const SHOWN_OFFERS = new Set<Offer["status"]>(["sent", "accepted", "declined", "decision-stalled"]);

function screening(application: Application): TrackerStage & { kind: "screening" } {
  const decision = application.screenOverride?.decision ?? application.screen?.decision;
  if (decision === "reject" || application.status === "rejected") return { kind: "screening", state: "ended" };
  if (decision === "advance") return { kind: "screening", state: "done" };
  return { kind: "screening", state: "current" };
}

function interviewStage(interview: Interview, round: number): TrackerStage & { kind: "interview" } {
  const base = { kind: "interview" as const, round, startsAt: interview.startsAt };
  if (interview.outcome === "attended") return { ...base, state: "done", status: "took-place" };
  if (interview.outcome === "no-show") return { ...base, state: "ended", status: "missed" };
  return { ...base, state: "current", status: interview.status === "confirmed" ? "confirmed" : "scheduled" };
}

function offerStage(offer: Offer): TrackerStage & { kind: "offer" } {
  const deadline = offer.parts.responseDeadline;
  switch (offer.status) {
    case "accepted": return { kind: "offer", state: "done", status: "accepted" };
    case "declined": return { kind: "offer", state: "ended", status: "declined" };
    case "decision-stalled": return { kind: "offer", state: "current", status: "awaiting-answer" };
    default: return { kind: "offer", state: "current", status: "sent", ...(deadline ? { deadline } : {}) };
  }
}

/** One application's tracker, from its records. Pure: the portal page and the tests read the same thing. */
export function applicationTracker(application: Application, requisition: Requisition | undefined, interviews: readonly Interview[], offers: readonly Offer[], now: Date): ApplicationTracker {
  const stages: TrackerStage[] = [{ kind: "applied", state: "done", at: application.createdAt }];
  const screen = screening(application);
  stages.push(screen);
  // Rounds count the interviews that were held or are coming, in the order they were booked; a
  // cancelled or declined booking is not a round.
  const rounds = interviews
    .filter((i) => i.applicationId === application.applicationId && i.status !== "cancelled" && i.status !== "declined")
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((i, index) => interviewStage(i, index + 1));
  const offer = offers
    .filter((o) => o.applicationId === application.applicationId && SHOWN_OFFERS.has(o.status))
    .sort((a, b) => (a.sentAt ?? a.createdAt).localeCompare(b.sentAt ?? b.createdAt))
    .pop();
  let closed = screen.state === "ended" && rounds.length === 0 && !offer;
  if (!closed) {
    // Only the last round that took place, with nothing after it, is still awaiting its result.
    const last = rounds[rounds.length - 1];
    if (last?.status === "took-place" && !offer) last.awaitingResult = true;
    stages.push(...rounds);
    if (!rounds.length) stages.push({ kind: "interview", state: screen.state === "done" ? "current" : "upcoming" });
    if (offer) {
      const stage = offerStage(offer);
      stages.push(stage);
      if (stage.status === "declined") closed = true;
      if (stage.status === "accepted" && offer.parts.startDate) {
        stages.push({ kind: "start", state: Date.parse(`${offer.parts.startDate}T23:59:59Z`) < now.getTime() ? "done" : "upcoming", startDate: offer.parts.startDate });
      }
    } else {
      stages.push({ kind: "offer", state: "upcoming" });
    }
  }
  return {
    applicationId: application.applicationId,
    jobTitle: requisition?.title ?? application.requisitionId,
    ...(requisition?.company ? { company: requisition.company } : {}),
    ...(requisition?.location ? { location: requisition.location } : {}),
    appliedAt: application.createdAt,
    closed,
    stages,
  };
}

export interface PortalTrackerDeps {
  store: Pick<HirepathStore, "getRequisition">;
  interviews: Pick<InterviewStore, "listInterviews">;
  offers: Pick<OfferStore, "listOffers">;
  clock: { now(): Date };
}

/** The trackers behind a portal link: its application first (or only), newest applications next. */
export async function portalTrackers(candidateId: string, applications: readonly Application[], focus: string | undefined, deps: PortalTrackerDeps): Promise<ApplicationTracker[]> {
  const [interviews, offers] = await Promise.all([deps.interviews.listInterviews(candidateId), deps.offers.listOffers(candidateId)]);
  const ordered = [...applications].sort((a, b) => (a.applicationId === focus ? -1 : b.applicationId === focus ? 1 : b.createdAt.localeCompare(a.createdAt)));
  const requisitions = new Map(await Promise.all([...new Set(ordered.map((a) => a.requisitionId))].map(async (id) => [id, await deps.store.getRequisition(id)] as const)));
  const now = deps.clock.now();
  return ordered.map((a) => applicationTracker(a, requisitions.get(a.requisitionId), interviews, offers, now));
}
