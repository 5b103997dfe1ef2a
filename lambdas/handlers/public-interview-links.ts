// The candidate's side of the interview: confirm, reschedule or decline (interview links), and book
// a slot (single-use self-scheduling links). GET renders; POST changes state.
import type { PublicLinksEnv } from "../config/env.js";
import { ConcurrentChangeError, NotFoundError, ValidationError } from "../core/shared/errors.js";
import { interviewDetails } from "../core/interview/interview-messages.js";
import { cancelInterview, confirmInterview, rescheduleInterview, SlotUnavailableError, slotsFor } from "../core/interview/interview-scheduling.js";
import { formatInterviewTime } from "../core/interview/interview-templates.js";
import { bookFromLink, latestInterview, linkSlots, usedLinkBooking, noteLinkOpened, pickedTime, recordPreInterviewForm, SLOT_DAYS } from "../core/interview/candidate-links.js";
import { renderInterviewAction, renderInterviewMessage, renderSchedulePicker, type JobLine } from "../pages/interview-pages.js";
import { renderInterviewPortalSection } from "../pages/interview-portal.js";
import { renderPortal } from "../pages/portal.js";
import { portalTrackers, type ApplicationTracker } from "../core/portal/portal-tracker.js";
import { openOfferFor } from "../core/portal/portal.js";
import { offerStoreFrom } from "../adapters/dynamo-offer-store.js";
import type { CandidateView } from "../core/shared/ports.js";
import type { LinkClaims } from "../core/shared/signed-links.js";
import * as z from "../core/shared/zod.js";
import { secretsFrom } from "../adapters/secrets.js";
import { html, problemPage, rawBody, type HttpEvent, type HttpResult } from "./lambda-handler.js";
import { schedulingDeps } from "./interview-deps.js";

const Action = z.enum(["confirm", "reschedule", "decline"]);

/** The job and company of the application a link is about (the candidate's latest when it names none). */
async function jobOf(view: CandidateView, applicationId: string | undefined, deps: { store: { getRequisition(id: string): Promise<{ title: string; company?: string } | undefined> } }): Promise<JobLine | undefined> {
  const application = view.applications.find((a) => a.applicationId === applicationId) ?? [...view.applications].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))[0];
  const requisition = application && (await deps.store.getRequisition(application.requisitionId));
  return requisition && { title: requisition.title, ...(requisition.company ? { company: requisition.company } : {}) };
}
const form = (event: HttpEvent) => new URLSearchParams(rawBody(event).toString("utf8"));

export async function interviewLink(env: PublicLinksEnv, event: HttpEvent, claims: LinkClaims, view: CandidateView): Promise<HttpResult> {
  const deps = schedulingDeps(env);
  const locale = view.candidate.locale;
  const interview = await deps.interviews.getInterview(claims.c, claims.i ?? "");
  if (!interview) throw new NotFoundError("interview not found");
  const job = await jobOf(view, interview.applicationId, deps);
  const post = event.requestContext.http.method === "POST";
  const body = post ? form(event) : new URLSearchParams();
  const parsed = Action.safeParse(body.get("action") ?? event.queryStringParameters?.action ?? "confirm");
  if (!parsed.success) throw new ValidationError("unknown action", [{ path: "action", message: "must be confirm, reschedule or decline", code: "invalid_value" }]);
  const action = parsed.data;
  const picked = pickedTime(body.get("startsAt"));
  // The same move posted again after it went through (a retry): the core finishes it.
  const retriedMove = post && action === "reschedule" && picked !== undefined && interview.version === (claims.v ?? 0) + 1 && Date.parse(picked) === Date.parse(interview.startsAt);
  // A link issued before a reschedule must not act on the new time.
  if (interview.version !== claims.v && !retriedMove) return problemPage("concurrent-change", renderInterviewMessage(locale, (t) => t.stale, job));
  const ref = { candidateId: claims.c, interviewId: interview.interviewId };
  const duration = (Date.parse(interview.endsAt) - Date.parse(interview.startsAt)) / 60_000;
  const openSlots = (limit?: number) => slotsFor({ interviewerId: interview.interviewerId, candidateId: claims.c, durationMinutes: duration, days: SLOT_DAYS, order: "attendance", ...(limit ? { limit } : {}) }, deps);
  const details = async () => interviewDetails({ interview, interviewer: await deps.interviews.getInterviewer(interview.interviewerId), candidate: view.candidate, publicBaseUrl: "", key: await secretsFrom(env).linkSigningKey(), exp: claims.exp });
  try {
    if (!post) {
      await noteLinkOpened(interview, action, deps);
      return html(200, renderInterviewAction(locale, action, await details(), action === "reschedule" ? await openSlots(30) : [], undefined, job));
    }
    if (action === "confirm") {
      await confirmInterview({ ...ref, version: claims.v ?? 0 }, deps);
      return html(200, renderInterviewMessage(locale, (t) => t.confirmed, job));
    }
    if (action === "decline") {
      await cancelInterview(ref, { actor: "candidate", side: "candidate" }, deps);
      return html(200, renderInterviewMessage(locale, (t) => t.declined, job));
    }
    // Only an offered slot: open, inside availability, outside quiet hours, with notice.
    const offered = picked !== undefined && (await openSlots()).some((s) => Date.parse(s.startsAt) === Date.parse(picked));
    if (picked === undefined || (!offered && !retriedMove)) {
      const notice = picked === undefined ? "pickOne" : Date.parse(picked) <= deps.clock.now().getTime() ? "pastSlot" : "unofferedSlot";
      return problemPage(picked === undefined ? "validation-failed" : "slot-not-offered", renderInterviewAction(locale, "reschedule", await details(), await openSlots(30), notice, job));
    }
    const moved = await rescheduleInterview({ ...ref, expectedVersion: claims.v }, { startsAt: picked }, { actor: "candidate", side: "candidate" }, deps);
    return html(200, renderInterviewMessage(locale, (t) => t.rescheduled(formatInterviewTime(new Date(moved.startsAt), view.candidate.timeZone, locale)), job));
  } catch (error) {
    if (error instanceof SlotUnavailableError) return problemPage("slot-taken", renderInterviewAction(locale, "reschedule", await details(), await openSlots(30), "takenSlot", job));
    if (error instanceof ConcurrentChangeError) return problemPage("concurrent-change", renderInterviewMessage(locale, (t) => t.stale, job));
    throw error;
  }
}

export async function scheduleLink(env: PublicLinksEnv, event: HttpEvent, claims: LinkClaims, view: CandidateView): Promise<HttpResult> {
  const deps = schedulingDeps(env);
  const locale = view.candidate.locale;
  const job = await jobOf(view, claims.a, deps);
  if (event.requestContext.http.method !== "POST") {
    // A used link says so on opening, before the candidate picks a time that could no longer be booked.
    const used = await usedLinkBooking(claims, deps);
    if (used) return html(200, renderInterviewMessage(locale, (t) => (used.interview && !used.interview.cancelledAt ? t.usedBooked(formatInterviewTime(new Date(used.interview.startsAt), view.candidate.timeZone, locale)) : t.used), job));
    return html(200, renderSchedulePicker(locale, await linkSlots(claims, deps, 30), undefined, job));
  }
  const picked = pickedTime(form(event).get("startsAt"));
  if (picked === undefined) return problemPage("validation-failed", renderSchedulePicker(locale, await linkSlots(claims, deps, 30), "pickOne", job));
  const outcome = await bookFromLink(claims, picked, deps);
  if (outcome.kind === "unoffered") return problemPage("slot-not-offered", renderSchedulePicker(locale, await linkSlots(claims, deps, 30), outcome.past ? "pastSlot" : "unofferedSlot", job));
  if (outcome.kind === "slot-taken") return problemPage("slot-taken", renderSchedulePicker(locale, await linkSlots(claims, deps, 30), "takenSlot", job));
  if (outcome.kind === "link-used") return problemPage("link-used", renderInterviewMessage(locale, (t) => t.used, job));
  return html(200, renderInterviewMessage(locale, (t) => t.picked(formatInterviewTime(new Date(outcome.interview.startsAt), view.candidate.timeZone, locale)), job));
}

export async function portalInterviewSection(env: PublicLinksEnv, claims: LinkClaims, view: CandidateView): Promise<string> {
  const deps = schedulingDeps(env);
  const interview = await latestInterview(claims, deps);
  // A candidate who has only just applied has no interview stage to show yet.
  if (!interview && !view.timeline.some((e) => e.type === "interview.scheduling-link-created" && (!claims.a || e.applicationId === claims.a))) return "";
  const key = await secretsFrom(env).linkSigningKey();
  const details = interview ? interviewDetails({ interview, interviewer: await deps.interviews.getInterviewer(interview.interviewerId), candidate: view.candidate, publicBaseUrl: "", key, exp: claims.exp }) : undefined;
  const formSubmitted = view.timeline.some((e) => e.type === "portal.pre-interview-form" && e.data?.interviewId === interview?.interviewId);
  return renderInterviewPortalSection({ locale: view.candidate.locale, interview, details, timeline: view.timeline, formSubmitted, now: deps.clock.now() });
}

/** The portal's only POST: the pre-interview form; the portal is rendered again with it filled in. */
export async function portalPost(env: PublicLinksEnv, event: HttpEvent, claims: LinkClaims, view: CandidateView): Promise<HttpResult> {
  const deps = schedulingDeps(env);
  const interview = await recordPreInterviewForm(claims, form(event), deps);
  const now = deps.clock.now().toISOString();
  const refreshed = { ...view, timeline: [...view.timeline, { eventId: "x", candidateId: claims.c, at: now, type: "portal.pre-interview-form", summary: "", data: { interviewId: interview.interviewId } }] };
  // Root-relative links (publicBaseUrl "") keep the portal's buttons on the host the candidate is already on.
  return html(200, renderPortal(refreshed, await portalTrackersFor(env, claims, refreshed), await openOfferFor(claims, { offers: offerStoreFrom(env) })).replace("</body>", `${await portalInterviewSection(env, claims, refreshed)}</body>`));
}

/** The portal's trackers: every application of the candidate, the link's own first, from the real records. */
export async function portalTrackersFor(env: PublicLinksEnv, claims: LinkClaims, view: CandidateView): Promise<ApplicationTracker[]> {
  const deps = schedulingDeps(env);
  return portalTrackers(claims.c, view.applications, claims.a, { store: deps.store, interviews: deps.interviews, offers: offerStoreFrom(env), clock: deps.clock });
}
