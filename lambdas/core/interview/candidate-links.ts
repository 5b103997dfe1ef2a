// The candidate's side of interviews, behind signed links: opening an interview link (engagement), booking
// from a single-use self-scheduling link, and the portal's pre-interview form.
import * as z from "../shared/zod.js";
import { ConcurrentChangeError, NotFoundError, ValidationError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import type { Interview } from "../shared/model.js";
import type { LinkClaims } from "../shared/signed-links.js";
import { ScheduleInterviewBody, scheduleInterview, SlotUnavailableError, slotsFor, type SchedulingDeps } from "./interview-scheduling.js";
import { SchedulingOffer } from "./scheduling-link.js";

/** How far ahead a candidate's link offers slots. */
export const SLOT_DAYS = 14;
export const PRE_INTERVIEW_FIELDS = ["expectedSalary", "earliestStart", "questions"] as const;
const PreInterviewForm = z.object({ expectedSalary: z.string().max(500).optional(), earliestStart: z.string().max(500).optional(), questions: z.string().max(500).optional() });

/** A posted time, if it is an ISO instant (anything else is a form that did not pick one). */
export function pickedTime(value: string | null | undefined): string | undefined {
  const startsAt = z.iso.datetime({ offset: true }).safeParse(value);
  return startsAt.success ? startsAt.data : undefined;
}

/** A link click is engagement: the journey skips the second reminder for a candidate who opened one. */
export async function noteLinkOpened(interview: Interview, action: string, deps: Pick<SchedulingDeps, "store" | "interviews" | "clock">): Promise<void> {
  if (interview.linkOpenedAt) return;
  const at = deps.clock.now().toISOString();
  // The first open only, with its event in the same transaction: two tabs at once record one.
  await deps.interviews.updateInterview(interview.candidateId, interview.interviewId, interview.version, { linkOpenedAt: at }, [
    {
      eventId: derivedId("interview.link-opened", interview.interviewId, String(interview.version)),
      candidateId: interview.candidateId,
      applicationId: interview.applicationId,
      at,
      type: "interview.link-opened",
      summary: `Candidate opened the interview link (${action})`,
      data: { interviewId: interview.interviewId, version: interview.version, action },
    },
  ], "linkOpenedAt");
}

/** What a self-scheduling link offers: the interviewer, length and mode HR chose, inside the signed token. */
export function linkOffer(claims: LinkClaims) {
  return SchedulingOffer.parse(JSON.parse(Buffer.from(claims.o ?? "", "base64url").toString("utf8") || "{}"));
}

export type BookingOutcome =
  | { kind: "booked"; interview: Interview }
  /** Not a time the link offers (in the past, outside availability or quiet hours, taken before the pick). */
  | { kind: "unoffered"; past: boolean }
  /** Taken a moment before this booking landed. */
  | { kind: "slot-taken" }
  | { kind: "link-used" };

/** The slots a self-scheduling link offers now. */
export function linkSlots(claims: LinkClaims, deps: SchedulingDeps, limit?: number) {
  const offer = linkOffer(claims);
  // Best-attended times first: the no-show report's rates, per the candidate's weekday × hour.
  return slotsFor({ interviewerId: offer.interviewerId, candidateId: claims.c, durationMinutes: offer.durationMinutes, days: SLOT_DAYS, order: "attendance", ...(limit ? { limit } : {}) }, deps);
}

/**
 * A self-scheduling link that was used already, and the interview it booked (the application's latest),
 * so opening it again says so before the candidate picks anything; undefined while it is unused.
 */
export async function usedLinkBooking(claims: LinkClaims, deps: Pick<SchedulingDeps, "interviews">): Promise<{ interview: Interview | undefined } | undefined> {
  if (!claims.n || !(await deps.interviews.linkUsed(claims.n))) return undefined;
  return { interview: await latestInterview(claims, deps) };
}

/**
 * Books an offered slot from a single-use link. The link's use is part of the booking's transaction (used
 * only if the booking happened), and one link and one time make one interview id, so posting again is the
 * same booking.
 */
export async function bookFromLink(claims: LinkClaims, startsAt: string, deps: SchedulingDeps): Promise<BookingOutcome> {
  const interviewId = derivedId("self-scheduled", claims.n ?? "", new Date(startsAt).toISOString());
  const retried = await deps.interviews.getInterview(claims.c, interviewId);
  if (!retried && !(await linkSlots(claims, deps)).some((s) => Date.parse(s.startsAt) === Date.parse(startsAt))) return { kind: "unoffered", past: Date.parse(startsAt) <= deps.clock.now().getTime() };
  const body = ScheduleInterviewBody.parse({ candidateId: claims.c, applicationId: claims.a, startsAt, ...linkOffer(claims) });
  try {
    return { kind: "booked", interview: await scheduleInterview(body, "candidate (self-scheduling link)", deps, { interviewId, linkNonce: claims.n ?? "", confirmed: true }) };
  } catch (error) {
    if (error instanceof SlotUnavailableError) return { kind: "slot-taken" };
    if (error instanceof ConcurrentChangeError && error.details?.code === "link-used") return { kind: "link-used" };
    throw error;
  }
}

/** The latest interview for the portal's application, newest first. */
export async function latestInterview(claims: Pick<LinkClaims, "c" | "a">, deps: Pick<SchedulingDeps, "interviews">): Promise<Interview | undefined> {
  const interviews = await deps.interviews.listInterviews(claims.c);
  return interviews.filter((i) => !claims.a || i.applicationId === claims.a).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

/** The portal's only POST: the pre-interview form, kept on the timeline beside the interview. */
export async function recordPreInterviewForm(claims: Pick<LinkClaims, "c" | "a">, fields: URLSearchParams, deps: Pick<SchedulingDeps, "store" | "interviews" | "clock">): Promise<Interview> {
  if (fields.get("action") !== "pre-interview-form") throw new ValidationError("unknown portal action", [{ path: "action", message: "must be pre-interview-form", code: "invalid_value" }]);
  const interview = await latestInterview(claims, deps);
  if (!interview) throw new NotFoundError("no interview to prepare for");
  const parsed = PreInterviewForm.safeParse(Object.fromEntries(PRE_INTERVIEW_FIELDS.map((f) => [f, fields.get(f) ?? undefined])));
  if (!parsed.success) throw new ValidationError("form is not valid", parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message, code: i.code })));
  await deps.store.addTimelineEvent({
    eventId: derivedId("pre-interview-form", interview.interviewId),
    candidateId: claims.c,
    applicationId: interview.applicationId,
    at: deps.clock.now().toISOString(),
    type: "portal.pre-interview-form",
    summary: "Candidate filled in the pre-interview form",
    data: { interviewId: interview.interviewId, ...parsed.data },
  });
  return interview;
}
