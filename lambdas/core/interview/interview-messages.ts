// What an interview message carries beyond the application's: the details block, the signed
// confirm / reschedule / decline links and, for email, the ICS calendar event.
import { buildIcs } from "./ics.js";
import { formatInterviewTime, formatInterviewTimeShort, mapLinkFor, type InterviewDetails, type InterviewTemplateName } from "./interview-templates.js";
import type { Candidate, Interview, Interviewer, Locale } from "../shared/model.js";
import { linkUrl, signLink } from "../shared/signed-links.js";

export type InterviewAction = "confirm" | "reschedule" | "decline";

/** One signed token per interview version; the action is a query parameter the page reads. */
export function interviewActionUrl(publicBaseUrl: string, key: string, interview: Interview, exp: number, action: InterviewAction): string {
  const token = signLink({ p: "interview", c: interview.candidateId, a: interview.applicationId, i: interview.interviewId, v: interview.version, exp }, key);
  return `${linkUrl(publicBaseUrl, token)}?action=${action}`;
}

const localized = (text: { "zh-CN"?: string | undefined; en?: string | undefined }, locale: Locale): string | undefined => text[locale] ?? text["zh-CN"] ?? text.en;

export function interviewDetails(args: { interview: Interview; interviewer: Interviewer | undefined; candidate: Candidate; publicBaseUrl: string; key: string; exp: number }): InterviewDetails {
  const { interview, candidate } = args;
  const locale = candidate.locale;
  const background = args.interviewer ? localized(args.interviewer.background, locale) : undefined;
  const bring = localized(interview.whatToBring, locale);
  return {
    when: formatInterviewTime(new Date(interview.startsAt), candidate.timeZone, locale),
    whenShort: formatInterviewTimeShort(new Date(interview.startsAt), candidate.timeZone, locale),
    mode: interview.mode,
    ...(interview.location ? { location: interview.location } : {}),
    ...(interview.mode === "onsite" && interview.location ? { mapUrl: interview.mapUrl ?? mapLinkFor(interview.location, locale) } : {}),
    ...(interview.videoUrl ? { videoUrl: interview.videoUrl } : {}),
    interviewerName: args.interviewer?.name ?? interview.interviewerId,
    ...(background ? { interviewerBackground: background } : {}),
    ...(bring ? { whatToBring: bring } : {}),
    confirmUrl: interviewActionUrl(args.publicBaseUrl, args.key, interview, args.exp, "confirm"),
    rescheduleUrl: interviewActionUrl(args.publicBaseUrl, args.key, interview, args.exp, "reschedule"),
    declineUrl: interviewActionUrl(args.publicBaseUrl, args.key, interview, args.exp, "decline"),
  };
}

const CALENDAR_TEMPLATES: ReadonlySet<string> = new Set<InterviewTemplateName>(["interview-scheduled", "interview-rescheduled", "interview-cancelled"]);

/** The ICS attachment for messages that create, move or cancel the calendar event. */
export function interviewCalendarAttachment(args: { template: string; interview: Interview; interviewer: Interviewer | undefined; candidate: Candidate; candidateEmail: string; requisitionTitle: string; details: InterviewDetails; now: Date }) {
  if (!CALENDAR_TEMPLATES.has(args.template)) return undefined;
  const { interview, details } = args;
  const cancel = args.template === "interview-cancelled";
  const zhCN = args.candidate.locale === "zh-CN";
  const ics = buildIcs({
    uid: `${interview.interviewId}@hirepath`,
    // SEQUENCE must grow with every change the organizer makes: a reschedule bumps the version, a
    // cancellation comes after its version's request, so 2v for a request and 2v+1 for a cancel.
    sequence: interview.version * 2 + (cancel ? 1 : 0),
    method: cancel ? "CANCEL" : "REQUEST",
    startsAt: new Date(interview.startsAt),
    endsAt: new Date(interview.endsAt),
    stamp: args.now,
    summary: zhCN ? `面试：${args.requisitionTitle}` : `Interview: ${args.requisitionTitle}`,
    description: [
      `${zhCN ? "面试官" : "Interviewer"}: ${details.interviewerName}${details.interviewerBackground ? ` (${details.interviewerBackground})` : ""}`,
      ...(details.whatToBring ? [`${zhCN ? "请携带" : "Please bring"}: ${details.whatToBring}`] : []),
      ...(details.videoUrl ? [details.videoUrl] : []),
      ...(details.mapUrl ? [details.mapUrl] : []),
      `${zhCN ? "确认或改期" : "Confirm or reschedule"}: ${details.confirmUrl}`,
    ].join("\n"),
    ...(interview.mode === "video" ? { location: details.videoUrl ?? "" } : interview.location ? { location: interview.location } : {}),
    ...(details.videoUrl ? { url: details.videoUrl } : {}),
    organizer: { name: "Hirepath", email: interview.recruiterEmail },
    attendee: { name: args.candidate.name, email: args.candidateEmail },
  });
  return [{ filename: "interview.ics", contentType: `text/calendar; charset=UTF-8; method=${cancel ? "CANCEL" : "REQUEST"}`, content: ics }];
}
