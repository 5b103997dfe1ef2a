// What the candidate portal tells a candidate about where they are: one tracker per application,
// built only from what happened (the application and its screen, each interview with its round,
// the offer), with the job title and company. Nothing is shown as passed that we don't know passed:
// an interview that took place is "took place", not "passed"; an interview whose time went by with no
// outcome recorded is "awaiting an update", not "please confirm"; a start date that went by is a date,
// not a ✓ (we don't record the first day); and an application HR turned down after the screen is
// closed where it stood, never "awaiting the result" nor "résumé screening: not moving forward".
import type { Application, Interview, Requisition } from "../shared/model.js";
import type { CandidateView, HirepathStore, OfferStore } from "../shared/ports.js";
import { applicationPaths } from "../requisitions/hiring-report.js";
import type { InterviewStore } from "../interview/interview-ports.js";
import type { Offer } from "../offer/offer-model.js";

export type StageState = "done" | "current" | "upcoming" | "ended";

export type TrackerStage =
  | { kind: "applied"; state: "done"; at: string }
  | { kind: "screening"; state: StageState }
  | { kind: "interview"; state: StageState; round?: number; startsAt?: string; status?: "scheduled" | "confirmed" | "took-place" | "missed" | "time-passed"; awaitingResult?: boolean }
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

/** The screen's stage. `movedOn`: an interview or an offer followed, so the person is past the screen whatever it said. */
function screening(application: Application, movedOn: boolean): TrackerStage & { kind: "screening" } {
  const decision = application.screenOverride?.decision ?? application.screen?.decision;
  if (movedOn || decision === "advance") return { kind: "screening", state: "done" };
  if (decision === "reject" || application.status === "rejected") return { kind: "screening", state: "ended" };
  return { kind: "screening", state: "current" };
}

function interviewStage(interview: Interview, round: number, now: Date): TrackerStage & { kind: "interview" } {
  const base = { kind: "interview" as const, round, startsAt: interview.startsAt };
  if (interview.outcome === "attended") return { ...base, state: "done", status: "took-place" };
  if (interview.outcome === "no-show") return { ...base, state: "ended", status: "missed" };
  // Its time went by and nobody recorded what happened: neither "please confirm" nor "took place".
  if (Date.parse(interview.endsAt) <= now.getTime()) return { ...base, state: "current", status: "time-passed" };
  return { ...base, state: "current", status: interview.status === "confirmed" ? "confirmed" : "scheduled" };
}

function offerStage(offer: Offer, now: Date): TrackerStage & { kind: "offer" } {
  const deadline = offer.parts.responseDeadline;
  switch (offer.status) {
    case "accepted": return { kind: "offer", state: "done", status: "accepted" };
    case "declined": return { kind: "offer", state: "ended", status: "declined" };
    case "decision-stalled": return { kind: "offer", state: "current", status: "awaiting-answer" };
    // "Please answer by" a moment already gone would be a deadline we can't keep.
    default: return deadline && Date.parse(deadline) > now.getTime() ? { kind: "offer", state: "current", status: "sent", deadline } : { kind: "offer", state: "current", status: "awaiting-answer" };
  }
}

/**
 * One application's tracker, from its records. Pure: the portal page and the tests read the same thing.
 * `turnedDown`: the application stands turned down (HR's rejection, read from the timeline as the hiring
 * report reads it), wherever that happened.
 */
export function applicationTracker(application: Application, requisition: Requisition | undefined, interviews: readonly Interview[], offers: readonly Offer[], now: Date, turnedDown = false): ApplicationTracker {
  const stages: TrackerStage[] = [{ kind: "applied", state: "done", at: application.createdAt }];
  // Rounds count the interviews that were held or are coming, in the order they were booked; a
  // cancelled or declined booking is not a round.
  const rounds = interviews
    .filter((i) => i.applicationId === application.applicationId && i.status !== "cancelled" && i.status !== "declined")
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((i, index) => interviewStage(i, index + 1, now));
  const offer = offers
    .filter((o) => o.applicationId === application.applicationId && SHOWN_OFFERS.has(o.status))
    .sort((a, b) => (a.sentAt ?? a.createdAt).localeCompare(b.sentAt ?? b.createdAt))
    .pop();
  const screen = screening(application, rounds.length > 0 || offer !== undefined);
  stages.push(screen);
  let closed = screen.state === "ended";
  if (!closed) {
    stages.push(...rounds);
    const last = rounds[rounds.length - 1];
    if (offer) {
      const stage = offerStage(offer, now);
      stages.push(stage);
      if (stage.status === "declined") closed = true;
      if (stage.status === "accepted" && offer.parts.startDate) {
        // A date, never a ✓: we don't record whether the first day happened.
        stages.push({ kind: "start", state: Date.parse(`${offer.parts.startDate}T23:59:59Z`) < now.getTime() ? "current" : "upcoming", startDate: offer.parts.startDate });
      }
    } else if (turnedDown) {
      // Closed where it stood: no "awaiting the result", no stages still to come.
      closed = true;
    } else {
      // Only the last round that took place, with nothing after it, is still awaiting its result.
      if (last?.status === "took-place") last.awaitingResult = true;
      if (!rounds.length) stages.push({ kind: "interview", state: screen.state === "done" ? "current" : "upcoming" });
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
export async function portalTrackers(view: Pick<CandidateView, "candidate" | "applications" | "timeline">, focus: string | undefined, deps: PortalTrackerDeps): Promise<ApplicationTracker[]> {
  const candidateId = view.candidate.candidateId;
  const [interviews, offers] = await Promise.all([deps.interviews.listInterviews(candidateId), deps.offers.listOffers(candidateId)]);
  const ordered = [...view.applications].sort((a, b) => (a.applicationId === focus ? -1 : b.applicationId === focus ? 1 : b.createdAt.localeCompare(a.createdAt)));
  const requisitions = new Map(await Promise.all([...new Set(ordered.map((a) => a.requisitionId))].map(async (id) => [id, await deps.store.getRequisition(id)] as const)));
  // Turned down as the hiring report and the board read it: HR's rejections, a declined offer, the screen.
  const turnedDown = new Set(applicationPaths(view).filter((p) => p.rejectedAt).map((p) => p.applicationId));
  const now = deps.clock.now();
  return ordered.map((a) => applicationTracker(a, requisitions.get(a.requisitionId), interviews, offers, now, turnedDown.has(a.applicationId)));
}
