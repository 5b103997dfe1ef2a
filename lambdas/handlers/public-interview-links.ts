// The candidate's side of the interview: confirm, reschedule or decline (interview links), and book
// a slot (single-use self-scheduling links). GET renders; POST changes state.
import type { PublicLinksEnv } from "../config/env.js";
import { ConcurrentChangeError, NotFoundError, ValidationError } from "../core/shared/errors.js";
import { interviewDetails } from "../core/interview/interview-messages.js";
import { renderInterviewAction, renderInterviewMessage, renderSchedulePicker } from "../pages/interview-pages.js";
import { cancelInterview, confirmInterview, rescheduleInterview, ScheduleInterviewBody, scheduleInterview, SlotUnavailableError, slotsFor } from "../core/interview/interview-scheduling.js";
import { formatInterviewTime } from "../core/interview/interview-templates.js";
import { PRE_INTERVIEW_FIELDS, renderInterviewPortalSection } from "../pages/interview-portal.js";
import { derivedId } from "../core/shared/ids.js";
import { renderPortal } from "../pages/portal.js";
import type { CandidateView } from "../core/shared/ports.js";
import type { Interview } from "../core/shared/model.js";
import type { LinkClaims } from "../core/shared/signed-links.js";
import * as z from "../core/shared/zod.js";
import { secretsFrom } from "../adapters/secrets.js";
import { html, rawBody, type HttpEvent, type HttpResult } from "./lambda-handler.js";
import { schedulingDeps } from "./interview-deps.js";

const Action = z.enum(["confirm", "reschedule", "decline"]);

function form(event: HttpEvent): URLSearchParams {
  return new URLSearchParams(rawBody(event).toString("utf8"));
}

const SLOT_DAYS = 14;

export async function interviewLink(env: PublicLinksEnv, event: HttpEvent, claims: LinkClaims, view: CandidateView, now: Date): Promise<HttpResult> {
  const deps = schedulingDeps(env);
  const locale = view.candidate.locale;
  const interview = await deps.interviews.getInterview(claims.c, claims.i ?? "");
  if (!interview) throw new NotFoundError("interview not found");
  const post = event.requestContext.http.method === "POST";
  const body = post ? form(event) : new URLSearchParams();
  const parsed = Action.safeParse(body.get("action") ?? event.queryStringParameters?.action ?? "confirm");
  if (!parsed.success) throw new ValidationError("unknown action", [{ path: "action", message: "must be confirm, reschedule or decline", code: "invalid_value" }]);
  const action = parsed.data;
  const picked = z.iso.datetime({ offset: true }).safeParse(body.get("startsAt"));
  // The same move posted again after it went through (a retry): the core finishes it.
  const retriedMove = post && action === "reschedule" && picked.success && interview.version === (claims.v ?? 0) + 1 && Date.parse(picked.data) === Date.parse(interview.startsAt);
  // A link issued before a reschedule must not act on the new time.
  if (interview.version !== claims.v && !retriedMove) return html(409, renderInterviewMessage(locale, (t) => t.stale));
  const duration = (Date.parse(interview.endsAt) - Date.parse(interview.startsAt)) / 60_000;
  const openSlots = () => slotsFor({ interviewerId: interview.interviewerId, candidateId: claims.c, durationMinutes: duration, days: SLOT_DAYS, limit: 30 }, deps);
  const key = await secretsFrom(env).linkSigningKey();
  const details = async () => interviewDetails({ interview, interviewer: await deps.interviews.getInterviewer(interview.interviewerId), candidate: view.candidate, publicBaseUrl: "", key, exp: claims.exp });
  try {
    if (!post) {
      if (!interview.linkOpenedAt) await noteLinkOpened(deps, interview, action, now);
      return html(200, renderInterviewAction(locale, action, await details(), action === "reschedule" ? await openSlots() : []));
    }
    if (action === "confirm") {
      await confirmInterview({ candidateId: claims.c, interviewId: interview.interviewId, version: claims.v ?? 0 }, deps);
      return html(200, renderInterviewMessage(locale, (t) => t.confirmed));
    }
    if (action === "decline") {
      await cancelInterview({ candidateId: claims.c, interviewId: interview.interviewId }, { actor: "candidate", side: "candidate" }, deps);
      return html(200, renderInterviewMessage(locale, (t) => t.declined));
    }
    // Only an offered slot: open, inside availability, outside quiet hours, with notice.
    const offered = picked.success && (await slotsFor({ interviewerId: interview.interviewerId, candidateId: claims.c, durationMinutes: duration, days: SLOT_DAYS }, deps)).some((s) => Date.parse(s.startsAt) === Date.parse(picked.data));
    if (!picked.success || (!offered && !retriedMove)) {
      const notice = !picked.success ? "pickOne" : Date.parse(picked.data) <= now.getTime() ? "pastSlot" : "unofferedSlot";
      return html(picked.success ? 409 : 400, renderInterviewAction(locale, "reschedule", await details(), await openSlots(), notice));
    }
    const moved = await rescheduleInterview({ candidateId: claims.c, interviewId: interview.interviewId, expectedVersion: claims.v }, { startsAt: picked.data }, { actor: "candidate", side: "candidate" }, deps);
    return html(200, renderInterviewMessage(locale, (t) => t.rescheduled(formatInterviewTime(new Date(moved.startsAt), view.candidate.timeZone, locale))));
  } catch (error) {
    if (error instanceof SlotUnavailableError) return html(409, renderInterviewAction(locale, "reschedule", await details(), await openSlots(), "takenSlot"));
    if (error instanceof ConcurrentChangeError) return html(409, renderInterviewMessage(locale, (t) => t.stale));
    throw error;
  }
}

const Offer = z.object({
  interviewerId: z.string(),
  durationMinutes: z.number().int(),
  mode: z.enum(["onsite", "video"]),
  location: z.string().optional(),
  videoUrl: z.string().optional(),
  whatToBring: z.object({ "zh-CN": z.string().optional(), en: z.string().optional() }).default({}),
  recruiterEmail: z.string(),
  managerEmail: z.string().optional(),
  teamId: z.string().optional(),
});

export async function scheduleLink(env: PublicLinksEnv, event: HttpEvent, claims: LinkClaims, view: CandidateView, now: Date): Promise<HttpResult> {
  const deps = schedulingDeps(env);
  const locale = view.candidate.locale;
  const offer = Offer.parse(JSON.parse(Buffer.from(claims.o ?? "", "base64url").toString("utf8") || "{}"));
  const openSlots = (limit?: number) => slotsFor({ interviewerId: offer.interviewerId, candidateId: claims.c, durationMinutes: offer.durationMinutes, days: SLOT_DAYS, ...(limit ? { limit } : {}) }, deps);
  if (event.requestContext.http.method !== "POST") return html(200, renderSchedulePicker(locale, await openSlots(30)));
  const startsAt = z.iso.datetime({ offset: true }).safeParse(form(event).get("startsAt"));
  if (!startsAt.success) return html(400, renderSchedulePicker(locale, await openSlots(30), "pickOne"));
  // One link, one time: the id derives from the link and the time, so posting it again is the same booking.
  const interviewId = derivedId("self-scheduled", claims.n ?? "", new Date(startsAt.data).toISOString());
  const retried = await deps.interviews.getInterview(claims.c, interviewId);
  // Only offered slots can be booked: the candidate cannot type in a time outside availability.
  if (!retried && !(await openSlots()).some((s) => Date.parse(s.startsAt) === Date.parse(startsAt.data))) {
    return html(409, renderSchedulePicker(locale, await openSlots(30), Date.parse(startsAt.data) <= now.getTime() ? "pastSlot" : "unofferedSlot"));
  }
  const body = ScheduleInterviewBody.parse({ candidateId: claims.c, applicationId: claims.a, startsAt: startsAt.data, ...offer });
  let interview;
  try {
    // The link's use is part of the booking's transaction: used only if the booking happened.
    interview = await scheduleInterview(body, "candidate (self-scheduling link)", deps, { interviewId, linkNonce: claims.n ?? "", confirmed: true });
  } catch (error) {
    if (error instanceof SlotUnavailableError) return html(409, renderSchedulePicker(locale, await openSlots(30), "takenSlot"));
    if (error instanceof ConcurrentChangeError && error.details?.code === "link-used") return html(409, renderInterviewMessage(locale, (t) => t.used));
    throw error;
  }
  return html(200, renderInterviewMessage(locale, (t) => t.picked(formatInterviewTime(new Date(interview.startsAt), view.candidate.timeZone, locale))));
}

/** The latest interview for the portal's application, newest version first. */
async function latestInterview(env: PublicLinksEnv, claims: LinkClaims) {
  const interviews = await schedulingDeps(env).interviews.listInterviews(claims.c);
  return interviews.filter((i) => !claims.a || i.applicationId === claims.a).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

export async function portalInterviewSection(env: PublicLinksEnv, claims: LinkClaims, view: CandidateView): Promise<string> {
  const deps = schedulingDeps(env);
  const interview = await latestInterview(env, claims);
  const key = await secretsFrom(env).linkSigningKey();
  const details = interview
    ? interviewDetails({ interview, interviewer: await deps.interviews.getInterviewer(interview.interviewerId), candidate: view.candidate, publicBaseUrl: "", key, exp: claims.exp })
    : undefined;
  // A candidate who has only just applied has no interview stage to show yet.
  if (!interview && !view.timeline.some((e) => e.type === "interview.scheduling-link-created" && (!claims.a || e.applicationId === claims.a))) return "";
  const formSubmitted = view.timeline.some((e) => e.type === "portal.pre-interview-form" && e.data?.interviewId === interview?.interviewId);
  return renderInterviewPortalSection({ locale: view.candidate.locale, interview, details, timeline: view.timeline, formSubmitted });
}

const PreInterviewForm = z.object({ expectedSalary: z.string().max(500).optional(), earliestStart: z.string().max(500).optional(), questions: z.string().max(500).optional() });

/** The portal's only POST: the pre-interview form, kept on the timeline beside the interview. */
export async function portalPost(env: PublicLinksEnv, event: HttpEvent, claims: LinkClaims, view: CandidateView, now: Date): Promise<HttpResult> {
  const fields = form(event);
  if (fields.get("action") !== "pre-interview-form") throw new ValidationError("unknown portal action", [{ path: "action", message: "must be pre-interview-form", code: "invalid_value" }]);
  const interview = await latestInterview(env, claims);
  if (!interview) throw new NotFoundError("no interview to prepare for");
  const parsed = PreInterviewForm.safeParse(Object.fromEntries(PRE_INTERVIEW_FIELDS.map((f) => [f, fields.get(f) ?? undefined])));
  if (!parsed.success) throw new ValidationError("form is not valid", parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message, code: i.code })));
  await schedulingDeps(env).store.addTimelineEvent({
    eventId: derivedId("pre-interview-form", interview.interviewId),
    candidateId: claims.c,
    applicationId: interview.applicationId,
    at: now.toISOString(),
    type: "portal.pre-interview-form",
    summary: "Candidate filled in the pre-interview form",
    data: { interviewId: interview.interviewId, ...parsed.data },
  });
  const refreshed = { ...view, timeline: [...view.timeline, { eventId: "x", candidateId: claims.c, at: now.toISOString(), type: "portal.pre-interview-form", summary: "", data: { interviewId: interview.interviewId } }] };
  // Root-relative links (publicBaseUrl "") keep the portal's buttons on the host the candidate is already on.
  return html(200, renderPortal(refreshed, claims.a).replace("</body>", `${await portalInterviewSection(env, claims, refreshed)}</body>`));
}

/** A link click is engagement: the journey skips the second reminder for a candidate who opened one. */
async function noteLinkOpened(deps: ReturnType<typeof schedulingDeps>, interview: Interview, action: string, now: Date): Promise<void> {
  const at = now.toISOString();
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
