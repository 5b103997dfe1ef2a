// Pages behind the interview links: confirm / reschedule / decline an interview, and pick a slot
// from a self-scheduling link. GET shows; the buttons POST (a link scanner changes nothing).
import type { InterviewDetails } from "../core/interview/interview-templates.js";
import type { Slot } from "../core/interview/interview-slots.js";
import type { Locale } from "../core/shared/model.js";
import { escapeHtml, htmlPage } from "./page-shell.js";


const copy = {
  "zh-CN": {
    title: "面试安排",
    when: "时间",
    where: "地点",
    video: "视频链接",
    interviewer: "面试官",
    bring: "请携带",
    map: "地图",
    confirmAsk: "确认您将按时参加这次面试？",
    confirm: "确认参加",
    confirmed: "已确认，期待与您见面！日历邀请已发送到您的邮箱。",
    rescheduleAsk: "请选择一个新的时间（按您所在时区显示）：",
    reschedule: "改到这个时间",
    rescheduled: (when: string) => `已改期至 ${when}。新的面试通知稍后发送给您。`,
    declineAsk: "确定无法参加这次面试吗？招聘顾问会与您联系。",
    decline: "无法参加",
    declined: "已收到，招聘顾问会尽快与您联系。",
    noSlots: "暂时没有可选时间，招聘顾问会与您联系。",
    pickAsk: "请选择一个方便的面试时间（按您所在时区显示）：",
    pick: "预约这个时间",
    picked: (when: string) => `已预约 ${when}。面试通知和日历邀请稍后发送给您。`,
    stale: "这次面试的安排已经更新，请使用最新的通知中的链接。",
    used: "这个预约链接已经使用过了。如需更改，请使用面试通知中的“更改时间”。",
    usedBooked: (when: string) => `这个预约链接已经使用过了：面试时间 ${when}。如需更改，请使用面试通知中的“更改时间”。`,
    pickOne: "请先选择一个时间。",
    pastSlot: "您选择的时间已经过去，请从下面仍可预约的时间中选择：",
    unofferedSlot: "您选择的时间不在可预约的时间内，请从下面仍可预约的时间中选择：",
    takenSlot: "您选择的时间刚刚被其他人预约了，请从下面仍可预约的时间中选择：",
  },
  en: {
    title: "Your interview",
    when: "When",
    where: "Where",
    video: "Video link",
    interviewer: "Interviewer",
    bring: "Please bring",
    map: "Map",
    confirmAsk: "Confirm you'll attend this interview?",
    confirm: "Confirm",
    confirmed: "Confirmed. We look forward to meeting you! The calendar invitation is in your email.",
    rescheduleAsk: "Pick a new time (shown in your time zone):",
    reschedule: "Move to this time",
    rescheduled: (when: string) => `Moved to ${when}. You'll receive the new details shortly.`,
    declineAsk: "You can't attend this interview? Your recruiter will contact you.",
    decline: "I can't attend",
    declined: "Thanks for letting us know. Your recruiter will be in touch shortly.",
    noSlots: "There are no open times right now; your recruiter will contact you.",
    pickAsk: "Pick a time that suits you (shown in your time zone):",
    pick: "Book this time",
    picked: (when: string) => `Booked for ${when}. The details and calendar invitation are on their way.`,
    stale: "This interview has changed since this message; please use the link in the newest one.",
    used: "This booking link has already been used. To change the time, use “Reschedule” in your interview message.",
    usedBooked: (when: string) => `This booking link has already been used: your interview is at ${when}. To change the time, use “Reschedule” in your interview message.`,
    pickOne: "Please pick a time first.",
    pastSlot: "The time you picked has already passed. Please pick one of the times still open:",
    unofferedSlot: "The time you picked is not one of the open times. Please pick one of these:",
    takenSlot: "Someone has just booked the time you picked. Please pick one of the times still open:",
  },
} as const;

export type InterviewPageCopy = (typeof copy)["en"];

/** The job the page is about, as the candidate applied for it. */
export interface JobLine {
  title: string;
  company?: string;
}

/** Which job and company: the candidate may have applied to several, and links travel without context. */
function jobLine(job: JobLine | undefined): string {
  if (!job) return "";
  return `<p class="job" translate="no"><strong>${escapeHtml(job.title)}</strong>${job.company ? ` · ${escapeHtml(job.company)}` : ""}</p>`;
}

function page(locale: Locale, body: string, job?: JobLine): string {
  return htmlPage({
    locale,
    title: copy[locale].title,
    body: `${jobLine(job)}${body}`,
    css: `th{text-align:left;padding:4px 12px 4px 0;vertical-align:top}label{display:block;padding:8px;margin:4px 0;background:#f3f4f6;border-radius:6px}
button{background:#2563eb;color:#fff;border:0;padding:10px 18px;border-radius:6px;font-size:15px;margin-top:8px}`,
  });
}

function detailsTable(locale: Locale, d: InterviewDetails): string {
  const t = copy[locale];
  const rows: Array<[string, string]> = [[t.when, escapeHtml(d.when)]];
  if (d.mode === "video") rows.push([t.video, d.videoUrl ? `<a href="${escapeHtml(d.videoUrl)}">${escapeHtml(d.videoUrl)}</a>` : ""]);
  else rows.push([t.where, `${escapeHtml(d.location ?? "")}${d.mapUrl ? ` <a href="${escapeHtml(d.mapUrl)}">${escapeHtml(t.map)}</a>` : ""}`]);
  rows.push([t.interviewer, escapeHtml(d.interviewerBackground ? `${d.interviewerName}: ${d.interviewerBackground}` : d.interviewerName)]);
  if (d.whatToBring) rows.push([t.bring, escapeHtml(d.whatToBring)]);
  return `<table>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${v}</td></tr>`).join("")}</table>`;
}

function slotForm(locale: Locale, slots: readonly Slot[], action: string, button: string): string {
  const t = copy[locale];
  if (slots.length === 0) return `<p>${escapeHtml(t.noSlots)}</p>`;
  return `<form method="post"><input type="hidden" name="action" value="${escapeHtml(action)}">${slots
    .map((s, i) => `<label><input type="radio" name="startsAt" value="${escapeHtml(s.startsAt)}"${i === 0 ? " checked" : ""}> ${escapeHtml(s.localStart)}</label>`)
    .join("")}<button type="submit">${escapeHtml(button)}</button></form>`;
}

/** Why a picked time was not booked; the page then lists the times still open. */
export type SlotNotice = "pickOne" | "pastSlot" | "unofferedSlot" | "takenSlot";

function notice(locale: Locale, which: SlotNotice | undefined): string {
  return which ? `<p role="alert"><strong>${escapeHtml(copy[locale][which])}</strong></p>` : "";
}

export function renderInterviewAction(locale: Locale, action: "confirm" | "reschedule" | "decline", d: InterviewDetails, slots: readonly Slot[], why?: SlotNotice, job?: JobLine): string {
  const t = copy[locale];
  const table = detailsTable(locale, d);
  if (action === "reschedule") return page(locale, `${table}${notice(locale, why)}<p>${escapeHtml(t.rescheduleAsk)}</p>${slotForm(locale, slots, "reschedule", t.reschedule)}`, job);
  const ask = action === "confirm" ? t.confirmAsk : t.declineAsk;
  const button = action === "confirm" ? t.confirm : t.decline;
  return page(locale, `${table}<p>${escapeHtml(ask)}</p><form method="post"><input type="hidden" name="action" value="${action}"><button type="submit">${escapeHtml(button)}</button></form>`, job);
}

export function renderSchedulePicker(locale: Locale, slots: readonly Slot[], why?: SlotNotice, job?: JobLine): string {
  const t = copy[locale];
  return page(locale, `${notice(locale, why)}${why ? "" : `<p>${escapeHtml(t.pickAsk)}</p>`}${slotForm(locale, slots, "book", t.pick)}`, job);
}

export function renderInterviewMessage(locale: Locale, message: (t: InterviewPageCopy) => string, job?: JobLine): string {
  return page(locale, `<p>${escapeHtml(message(copy[locale] as InterviewPageCopy))}</p>`, job);
}
