// The interview stage's candidate messages in zh-CN and en. Every one carries the same details block
// (when, where or the video link, who, what to bring) and the confirm / reschedule / decline links,
// so whichever message the candidate happens to read, they can act on it.
import type { Locale } from "../shared/model.js";
import { escapeHtml } from "../shared/escape-html.js";
import { smsPrefix } from "../outreach/sms-signature.js";

export const InterviewTemplateName = [
  "interview-scheduled",
  "interview-rescheduled",
  "interview-follow-up",
  "interview-reminder-24h",
  "interview-reminder-2h",
  "interview-cancelled",
  "interview-no-show",
] as const;
export type InterviewTemplateName = (typeof InterviewTemplateName)[number];

export function isInterviewTemplate(name: string): name is InterviewTemplateName {
  return (InterviewTemplateName as readonly string[]).includes(name);
}

export interface InterviewDetails {
  /** `when` as an SMS shows it (formatInterviewTimeShort). */
  whenShort?: string;
  /** Already formatted for the candidate's locale and time zone. */
  when: string;
  mode: "onsite" | "video";
  location?: string;
  mapUrl?: string;
  videoUrl?: string;
  interviewerName: string;
  interviewerBackground?: string;
  whatToBring?: string;
  confirmUrl: string;
  rescheduleUrl: string;
  declineUrl: string;
}

export interface InterviewTemplateContext {
  /** The SMS signature (SMS_SIGNATURE); default Hirepath. */
  smsSignature?: string;
  candidateName: string;
  requisitionTitle: string;
  portalUrl: string;
  unsubscribeUrl: string;
  interview: InterviewDetails;
}


interface Copy {
  subject: (c: InterviewTemplateContext) => string;
  lines: (c: InterviewTemplateContext) => string[];
  sms: (c: InterviewTemplateContext) => string;
  /** Which action links the message offers. */
  actions: ReadonlyArray<"confirm" | "reschedule" | "decline">;
}

const ALL = ["confirm", "reschedule", "decline"] as const;

const zh: Record<InterviewTemplateName, Copy> = {
  "interview-scheduled": {
    subject: (c) => `面试安排：${c.requisitionTitle}（${c.interview.when}）`,
    lines: (c) => [`感谢您应聘「${c.requisitionTitle}」，我们为您安排了面试，详情如下。请点击「确认参加」告诉我们您能到场。`],
    sms: (c) => `${smsPrefix("zh-CN", c.smsSignature)}${c.candidateName}您好，「${c.requisitionTitle}」面试定于${c.interview.whenShort ?? c.interview.when}，请确认：${c.interview.confirmUrl} 回复TD退订`,
    actions: ALL,
  },
  "interview-rescheduled": {
    subject: (c) => `面试时间已更改：${c.requisitionTitle}（${c.interview.when}）`,
    lines: () => ["您的面试时间已更改，新的安排如下。日历附件会替换原来的日程。"],
    sms: (c) => `${smsPrefix("zh-CN", c.smsSignature)}${c.candidateName}您好，您的面试已改至${c.interview.whenShort ?? c.interview.when}，请确认：${c.interview.confirmUrl} 回复TD退订`,
    actions: ALL,
  },
  "interview-follow-up": {
    subject: (c) => `请确认面试时间：${c.requisitionTitle}`,
    lines: (c) => [`我们之前发送了「${c.requisitionTitle}」的面试安排，还没有收到您的确认。`],
    sms: (c) => `${smsPrefix("zh-CN", c.smsSignature)}${c.candidateName}您好，您的面试（${c.interview.whenShort ?? c.interview.when}）尚未确认，请点击确认或改期：${c.interview.confirmUrl} 回复TD退订`,
    actions: ALL,
  },
  "interview-reminder-24h": {
    subject: (c) => `明天面试提醒：${c.requisitionTitle}`,
    lines: () => ["提醒您，面试将在约 24 小时后开始。"],
    sms: (c) => `${smsPrefix("zh-CN", c.smsSignature)}${c.candidateName}您好，提醒您面试时间：${c.interview.whenShort ?? c.interview.when}。${c.interview.mode === "video" ? `视频链接：${c.interview.videoUrl ?? ""}` : `地点：${c.interview.location ?? ""}`} 回复TD退订`,
    actions: ["reschedule", "decline"],
  },
  "interview-reminder-2h": {
    subject: (c) => `面试即将开始：${c.requisitionTitle}`,
    lines: () => ["您的面试将在约 2 小时后开始，期待与您见面。"],
    sms: (c) => `${smsPrefix("zh-CN", c.smsSignature)}${c.candidateName}您好，您的面试约 2 小时后开始（${c.interview.whenShort ?? c.interview.when}）。${c.interview.mode === "video" ? c.interview.videoUrl ?? "" : c.interview.location ?? ""} 回复TD退订`,
    actions: [],
  },
  "interview-cancelled": {
    subject: (c) => `面试已取消：${c.requisitionTitle}`,
    lines: (c) => [`很抱歉，原定于${c.interview.when}的面试已取消。招聘顾问会尽快与您联系。`],
    sms: (c) => `${smsPrefix("zh-CN", c.smsSignature)}${c.candidateName}您好，原定${c.interview.whenShort ?? c.interview.when}的面试已取消，招聘顾问会尽快联系您。回复TD退订`,
    actions: [],
  },
  "interview-no-show": {
    subject: (c) => `我们错过了您：${c.requisitionTitle}`,
    lines: () => ["今天的面试没能见到您。如果时间不合适，欢迎重新选择一个时间，我们依然期待与您交流。"],
    sms: (c) => `${smsPrefix("zh-CN", c.smsSignature)}${c.candidateName}您好，今天的面试没能见到您，欢迎重新约时间：${c.interview.rescheduleUrl} 回复TD退订`,
    actions: ["reschedule"],
  },
};

const en: Record<InterviewTemplateName, Copy> = {
  "interview-scheduled": {
    subject: (c) => `Your interview for ${c.requisitionTitle} (${c.interview.when})`,
    lines: (c) => [`Thank you for applying for ${c.requisitionTitle}. Your interview is booked; the details are below. Please press "Confirm" so we know you can make it.`],
    sms: (c) => `${smsPrefix("en", c.smsSignature)}Hi ${c.candidateName}, your ${c.requisitionTitle} interview: ${c.interview.whenShort ?? c.interview.when}. Confirm: ${c.interview.confirmUrl} Reply STOP to opt out`,
    actions: ALL,
  },
  "interview-rescheduled": {
    subject: (c) => `New time for your ${c.requisitionTitle} interview (${c.interview.when})`,
    lines: () => ["Your interview has moved; the new details are below. The calendar attachment replaces the old event."],
    sms: (c) => `${smsPrefix("en", c.smsSignature)}Hi ${c.candidateName}, your interview moved to ${c.interview.whenShort ?? c.interview.when}. Confirm: ${c.interview.confirmUrl} Reply STOP to opt out`,
    actions: ALL,
  },
  "interview-follow-up": {
    subject: (c) => `Please confirm your ${c.requisitionTitle} interview`,
    lines: (c) => [`We sent you the details of your ${c.requisitionTitle} interview and haven't heard back yet.`],
    sms: (c) => `${smsPrefix("en", c.smsSignature)}Hi ${c.candidateName}, please confirm or move your interview (${c.interview.whenShort ?? c.interview.when}): ${c.interview.confirmUrl} Reply STOP to opt out`,
    actions: ALL,
  },
  "interview-reminder-24h": {
    subject: (c) => `Tomorrow: your ${c.requisitionTitle} interview`,
    lines: () => ["A reminder that your interview starts in about 24 hours."],
    sms: (c) => `${smsPrefix("en", c.smsSignature)}Hi ${c.candidateName}, reminder: your interview is on ${c.interview.whenShort ?? c.interview.when}. ${c.interview.mode === "video" ? `Video: ${c.interview.videoUrl ?? ""}` : `Place: ${c.interview.location ?? ""}`} Reply STOP to opt out`,
    actions: ["reschedule", "decline"],
  },
  "interview-reminder-2h": {
    subject: (c) => `Starting soon: your ${c.requisitionTitle} interview`,
    lines: () => ["Your interview starts in about 2 hours. We look forward to meeting you."],
    sms: (c) => `${smsPrefix("en", c.smsSignature)}Hi ${c.candidateName}, your interview starts in about 2 hours (${c.interview.whenShort ?? c.interview.when}). ${c.interview.mode === "video" ? c.interview.videoUrl ?? "" : c.interview.location ?? ""} Reply STOP to opt out`,
    actions: [],
  },
  "interview-cancelled": {
    subject: (c) => `Interview cancelled: ${c.requisitionTitle}`,
    lines: (c) => [`We're sorry: the interview on ${c.interview.when} is cancelled. Your recruiter will be in touch shortly.`],
    sms: (c) => `${smsPrefix("en", c.smsSignature)}Hi ${c.candidateName}, the interview on ${c.interview.whenShort ?? c.interview.when} is cancelled. Your recruiter will contact you. Reply STOP to opt out`,
    actions: [],
  },
  "interview-no-show": {
    subject: (c) => `We missed you: ${c.requisitionTitle}`,
    lines: () => ["We didn't see you at today's interview. If the time didn't work, pick another one; we'd still like to talk."],
    sms: (c) => `${smsPrefix("en", c.smsSignature)}Hi ${c.candidateName}, we missed you at today's interview. Pick a new time: ${c.interview.rescheduleUrl} Reply STOP to opt out`,
    actions: ["reschedule"],
  },
};

const labels = {
  "zh-CN": { greeting: (n: string) => `${n}，您好：`, when: "时间", where: "地点", map: "查看地图", video: "视频面试链接", interviewer: "面试官", bring: "请携带", confirm: "确认参加", reschedule: "更改时间", decline: "无法参加", portal: "查看我的应聘进度", footer: "如有疑问，直接回复本邮件即可。", unsubscribe: "不再接收此类邮件", online: "视频面试" },
  en: { greeting: (n: string) => `Hello ${n},`, when: "When", where: "Where", map: "Map", video: "Video link", interviewer: "Interviewer", bring: "Please bring", confirm: "Confirm", reschedule: "Reschedule", decline: "Can't attend", portal: "See my application", footer: "Questions? Just reply to this email.", unsubscribe: "Unsubscribe from these emails", online: "Video interview" },
} as const;

export function renderInterviewEmail(template: InterviewTemplateName, locale: Locale, c: InterviewTemplateContext): { subject: string; html: string; text: string } {
  const copy = (locale === "en" ? en : zh)[template];
  const t = labels[locale];
  const i = c.interview;
  const rows: Array<[string, string, string?]> = [[t.when, i.when]];
  if (i.mode === "video") rows.push([t.where, t.online], [t.video, i.videoUrl ?? "", i.videoUrl]);
  else rows.push([t.where, i.location ?? "", i.mapUrl]);
  rows.push([t.interviewer, i.interviewerBackground ? `${i.interviewerName}: ${i.interviewerBackground}` : i.interviewerName]);
  if (i.whatToBring) rows.push([t.bring, i.whatToBring]);
  const urls = { confirm: i.confirmUrl, reschedule: i.rescheduleUrl, decline: i.declineUrl };
  const subject = copy.subject(c);
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',Arial,sans-serif;color:#1f2937;max-width:560px;margin:0 auto;padding:24px">
<p>${escapeHtml(t.greeting(c.candidateName))}</p>
${copy.lines(c).map((l) => `<p>${escapeHtml(l)}</p>`).join("\n")}
<table style="border-collapse:collapse;margin:12px 0">${rows
    .map(([k, v, href]) => `<tr><th style="text-align:left;padding:4px 12px 4px 0;vertical-align:top">${escapeHtml(k)}</th><td style="padding:4px 0">${escapeHtml(v)}${href ? ` <a href="${escapeHtml(href)}">${escapeHtml(i.mode === "video" ? i.videoUrl ?? "" : t.map)}</a>` : ""}</td></tr>`)
    .join("")}</table>
<p>${copy.actions.map((a) => `<a data-action="${a}" href="${escapeHtml(urls[a])}" style="display:inline-block;margin-right:8px;background:${a === "confirm" ? "#2563eb" : "#6b7280"};color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(t[a])}</a>`).join("")}</p>
<p><a href="${escapeHtml(c.portalUrl)}">${escapeHtml(t.portal)}</a></p>
<p style="color:#6b7280;font-size:13px">${escapeHtml(t.footer)}</p>
<p style="color:#9ca3af;font-size:12px"><a ses:no-track href="${escapeHtml(c.unsubscribeUrl)}" style="color:#9ca3af">${escapeHtml(t.unsubscribe)}</a></p>
</body></html>`;
  const text = [
    t.greeting(c.candidateName),
    "",
    ...copy.lines(c),
    "",
    ...rows.map(([k, v, href]) => `${k}: ${v}${href && href !== v ? ` (${href})` : ""}`),
    "",
    ...copy.actions.map((a) => `${t[a]}: ${urls[a]}`),
    `${t.portal}: ${c.portalUrl}`,
    "",
    t.footer,
    `${t.unsubscribe}: ${c.unsubscribeUrl}`,
  ].join("\n");
  return { subject, html, text };
}

export function renderInterviewSms(template: InterviewTemplateName, locale: Locale, c: InterviewTemplateContext): string {
  return (locale === "en" ? en : zh)[template].sms(c);
}

/** A map search link for an onsite address: Amap for zh-CN readers, Google Maps otherwise. */
export function mapLinkFor(address: string, locale: Locale): string {
  return locale === "zh-CN"
    ? `https://uri.amap.com/search?keyword=${encodeURIComponent(address)}`
    : `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(address)}`;
}

/** "2026年3月10日星期二 14:00（北京时间 Asia/Shanghai）" or "Tuesday, March 10, 2026 at 2:00 PM (Asia/Shanghai)". */
/**
 * The time for an SMS, where every character counts: "12月8日周二 14:30（GMT+8）", "Tue, Dec 8, 2:30 PM GMT+8".
 * The zone is its offset (or abbreviation) at that moment rather than its IANA name, and the narrow spaces ICU
 * puts before AM/PM become plain ones: a single character outside GSM-7 would make an English SMS UCS-2.
 */
export function formatInterviewTimeShort(startsAt: Date, timeZone: string, locale: Locale): string {
  const zh = locale === "zh-CN";
  const date = new Intl.DateTimeFormat(locale, { timeZone, month: zh ? "numeric" : "short", day: "numeric", weekday: "short" }).format(startsAt);
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: "numeric", minute: "2-digit", ...(zh ? { hourCycle: "h23" as const } : {}) }).format(startsAt);
  const zone = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" }).formatToParts(startsAt).find((p) => p.type === "timeZoneName")?.value ?? timeZone;
  return (zh ? `${date} ${time}（${zone}）` : `${date}, ${time} ${zone}`).replace(/[\u00a0\u202f]/g, " ");
}

export function formatInterviewTime(startsAt: Date, timeZone: string, locale: Locale): string {
  const formatted = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: "full", timeStyle: "short" }).format(startsAt);
  return locale === "zh-CN" ? `${formatted}（${timeZone}）` : `${formatted} (${timeZone})`;
}
