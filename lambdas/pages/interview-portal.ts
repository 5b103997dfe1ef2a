// The interview part of the candidate portal: the latest interview's time and place, the reassuring
// events ("the interviewer has read your résumé", "HR confirmed your materials"), links to confirm or
// reschedule, and the pre-interview form so nothing is filled in on paper on the day. Where the
// candidate is (which round, which stage) is the portal's one tracker (core/portal/portal-tracker.ts).
import type { InterviewDetails } from "../core/interview/interview-templates.js";
import type { Interview, Locale, TimelineEvent } from "../core/shared/model.js";
import { escapeHtml } from "./page-shell.js";
import type { ReassuranceKind } from "../core/interview/staff-updates.js";
import { PRE_INTERVIEW_FIELDS } from "../core/interview/candidate-links.js";

export { PRE_INTERVIEW_FIELDS };


const copy = {
  "zh-CN": {
    heading: "面试进度",
    reassurance: { "resume-read": "面试官已阅读您的简历", "materials-confirmed": "HR 已确认您的材料" } as Record<ReassuranceKind, string>,
    confirm: "确认参加",
    reschedule: "更改时间",
    formTitle: "面试前信息（可在线填写，当天无需纸质表格）",
    fields: { expectedSalary: "期望薪资", earliestStart: "最早到岗时间", questions: "想了解的问题" },
    submit: "提交",
    submitted: "已提交，谢谢！",
  },
  en: {
    heading: "Your interview",
    reassurance: { "resume-read": "The interviewer has read your résumé", "materials-confirmed": "HR confirmed your materials" } as Record<ReassuranceKind, string>,
    confirm: "Confirm",
    reschedule: "Reschedule",
    formTitle: "Before your interview (fill it in online; no paperwork on the day)",
    fields: { expectedSalary: "Expected salary", earliestStart: "Earliest start date", questions: "Questions for us" },
    submit: "Submit",
    submitted: "Received, thank you!",
  },
} as const;

export function renderInterviewPortalSection(args: {
  locale: Locale;
  interview: Interview | undefined;
  details: InterviewDetails | undefined;
  timeline: readonly TimelineEvent[];
  formSubmitted: boolean;
  now: Date;
}): string {
  const t = copy[args.locale];
  const reassuring = args.timeline
    .filter((e) => e.type === "candidate.reassurance")
    .map((e) => t.reassurance[(e.data?.kind as ReassuranceKind) ?? "resume-read"])
    .filter(Boolean)
    .map((text) => `<li class="done">✓ ${escapeHtml(text)}</li>`)
    .join("");
  // An interview that took place, was missed, or whose time is past takes no confirmation, no new time
  // and no pre-interview form: the portal offered all three for an interview attended days before.
  const upcoming = args.interview !== undefined && !args.interview.outcome && Date.parse(args.interview.endsAt) > args.now.getTime();
  const d = upcoming ? args.details : undefined;
  const actions =
    d && args.interview && args.interview.status === "scheduled"
      ? `<p><a data-action="confirm" href="${escapeHtml(d.confirmUrl)}">${escapeHtml(t.confirm)}</a> · <a data-action="reschedule" href="${escapeHtml(d.rescheduleUrl)}">${escapeHtml(t.reschedule)}</a></p>`
      : d && args.interview && args.interview.status === "confirmed"
        ? `<p><a data-action="reschedule" href="${escapeHtml(d.rescheduleUrl)}">${escapeHtml(t.reschedule)}</a></p>`
        : "";
  const when = d ? `<p>${escapeHtml(d.when)}${d.mode === "video" && d.videoUrl ? ` · ${escapeHtml(d.videoUrl)}` : d.location ? ` · ${escapeHtml(d.location)}` : ""}</p>` : "";
  const form = upcoming
    ? args.formSubmitted
      ? `<p>${escapeHtml(t.submitted)}</p>`
      : `<h3>${escapeHtml(t.formTitle)}</h3><form method="post"><input type="hidden" name="action" value="pre-interview-form">${PRE_INTERVIEW_FIELDS.map(
          (f) => `<label style="display:block;margin:8px 0">${escapeHtml(t.fields[f])}<br><input name="${f}" maxlength="500" style="width:100%"></label>`,
        ).join("")}<button type="submit">${escapeHtml(t.submit)}</button></form>`
    : "";
  return `<section id="interview"><h2>${escapeHtml(t.heading)}</h2>${reassuring ? `<ul class="reassurance">${reassuring}</ul>` : ""}${when}${actions}${form}</section>`;
}
