// What a candidate sees behind their signed link: where they are, in their language.
import type { CandidateView } from "../core/shared/ports.js";
import type { Locale } from "../core/shared/model.js";
import type { ApplicationTracker, TrackerStage } from "../core/portal/portal-tracker.js";
import { formatInterviewTime } from "../core/interview/interview-templates.js";
import { escapeHtml, htmlPage } from "./page-shell.js";


const copy = {
  "zh-CN": {
    title: "我的应聘进度",
    hello: (n: string) => `${n}，您好`,
    closed: "感谢您的关注。本职位的流程已结束，我们会保留您的资料，有合适机会时再联系您。",
    none: "我们还没有收到您的申请。",
    unsubscribeTitle: "退订",
    unsubscribeAsk: (ch: string) => `确定不再通过${ch === "email" ? "邮件" : "短信"}接收我们的消息吗？`,
    unsubscribeButton: "确认退订",
    unsubscribed: "您已退订，我们不会再通过此渠道联系您。",
    expired: "链接已过期，请联系招聘顾问获取新链接。",
    invalid: "链接无效。",
  },
  en: {
    title: "My application",
    hello: (n: string) => `Hello ${n}`,
    closed: "Thank you for your interest. This process has ended; we'll keep your details and reach out when something fits.",
    none: "We have no application from you yet.",
    unsubscribeTitle: "Unsubscribe",
    unsubscribeAsk: (ch: string) => `Stop receiving our messages by ${ch === "email" ? "email" : "SMS"}?`,
    unsubscribeButton: "Unsubscribe",
    unsubscribed: "You're unsubscribed. We won't contact you on this channel again.",
    expired: "This link has expired. Please ask your recruiter for a new one.",
    invalid: "This link is not valid.",
  },
} as const;

function page(locale: Locale, title: string, body: string): string {
  return htmlPage({
    locale,
    title,
    body,
    css: `ol{list-style:none;padding:0}li{padding:10px 12px;margin:6px 0;border-radius:6px;background:#f3f4f6;overflow-wrap:anywhere}li.done{background:#dcfce7}li.current{background:#dbeafe;font-weight:600}li.ended{background:#fee2e2}li.upcoming{color:#6b7280}
section.application{margin:18px 0}section.application h2{margin:0 0 4px;font-size:18px}.company{margin:0 0 8px;color:#4b5563}
button{background:#2563eb;color:#fff;border:0;padding:10px 18px;border-radius:6px;font-size:15px}`,
  });
}

/** An offer waiting for the candidate's answer (or accepted, still taking questions), with its link id. */
export interface PortalOffer {
  linkId: string;
  status: "sent" | "accepted";
}

const offerCopy = {
  "zh-CN": { title: "您的录用通知", accept: "接受", decline: "婉拒", question: "我有疑问", accepted: "您已接受录用。入职前有任何问题都可以随时问我们。" },
  en: { title: "Your offer", accept: "Accept", decline: "Decline", question: "I have a question", accepted: "You've accepted the offer. Ask us anything before your first day." },
} as const;

function offerSection(locale: Locale, offer: PortalOffer): string {
  const t = offerCopy[locale];
  const link = (action: string, label: string) => `<a href="/o/${encodeURIComponent(offer.linkId)}?action=${action}" style="display:inline-block;margin:4px 8px 4px 0;padding:8px 14px;border-radius:6px;background:#2563eb;color:#fff;text-decoration:none">${escapeHtml(label)}</a>`;
  const actions = offer.status === "sent" ? link("accept", t.accept) + link("decline", t.decline) + link("question", t.question) : `<p>${escapeHtml(t.accepted)}</p>${link("question", t.question)}`;
  return `<h2>${escapeHtml(t.title)}</h2><p>${actions}</p>`;
}

const stageCopy = {
  "zh-CN": {
    applied: (date: string) => `已投递 · ${date}`,
    screening: { done: "简历筛选已通过", current: "简历筛选中", upcoming: "简历筛选", ended: "简历筛选：本次未能进入下一步" },
    round: (n: number) => `第${n}轮面试`,
    interview: { upcoming: "面试", current: "面试：等待安排时间" },
    scheduled: (when: string) => `已安排：${when}，请确认`,
    confirmed: (when: string) => `时间已确认：${when}`,
    tookPlace: (date: string, waiting: boolean) => `已面试（${date}）${waiting ? "，等待结果" : ""}`,
    missed: (when: string) => `未参加（${when}）`,
    offer: { upcoming: "录用通知", sent: (deadline: string) => `录用通知已发出，请在 ${deadline} 前答复`, awaiting: "录用通知：等待您的答复", accepted: "已接受录用", declined: "已婉拒录用" },
    start: (date: string) => `入职日期：${date}`,
  },
  en: {
    applied: (date: string) => `Applied · ${date}`,
    screening: { done: "Résumé screened", current: "Résumé in review", upcoming: "Résumé screening", ended: "Résumé screening: not moving forward this time" },
    round: (n: number) => `Interview, round ${n}`,
    interview: { upcoming: "Interview", current: "Interview: time to be arranged" },
    scheduled: (when: string) => `scheduled for ${when}; please confirm`,
    confirmed: (when: string) => `time confirmed: ${when}`,
    tookPlace: (date: string, waiting: boolean) => `took place (${date})${waiting ? "; awaiting the result" : ""}`,
    missed: (when: string) => `missed (${when})`,
    offer: { upcoming: "Offer", sent: (deadline: string) => `Offer sent: please answer by ${deadline}`, awaiting: "Offer: waiting for your answer", accepted: "Offer accepted", declined: "Offer declined" },
    start: (date: string) => `Start date: ${date}`,
  },
} as const;

function stageLabel(stage: TrackerStage, locale: Locale, timeZone: string): string {
  const t = stageCopy[locale];
  const date = (iso: string) => new Intl.DateTimeFormat(locale, { timeZone, dateStyle: "medium" }).format(new Date(iso));
  const when = (iso: string) => formatInterviewTime(new Date(iso), timeZone, locale);
  switch (stage.kind) {
    case "applied":
      return t.applied(date(stage.at));
    case "screening":
      return t.screening[stage.state];
    case "interview": {
      if (!stage.round || !stage.startsAt) return stage.state === "current" ? t.interview.current : t.interview.upcoming;
      const detail = stage.status === "took-place" ? t.tookPlace(date(stage.startsAt), stage.awaitingResult === true) : stage.status === "missed" ? t.missed(when(stage.startsAt)) : stage.status === "confirmed" ? t.confirmed(when(stage.startsAt)) : t.scheduled(when(stage.startsAt));
      return `${t.round(stage.round)} · ${detail}`;
    }
    case "offer":
      switch (stage.status) {
        case "sent": return stage.deadline ? t.offer.sent(when(stage.deadline)) : t.offer.awaiting;
        case "awaiting-answer": return t.offer.awaiting;
        case "accepted": return t.offer.accepted;
        case "declined": return t.offer.declined;
        default: return t.offer.upcoming;
      }
    case "start":
      return t.start(stage.startDate);
  }
}

/** One application: its job and company, and its stages as they happened (✓ only on what is done). */
function trackerSection(tracker: ApplicationTracker, locale: Locale, timeZone: string): string {
  const t = copy[locale];
  const company = [tracker.company, tracker.location].filter(Boolean).join(" · ");
  const stages = tracker.stages
    .map((stage) => `<li class="${stage.state}" data-stage="${stage.kind}"${stage.kind === "interview" && stage.round ? ` data-round="${stage.round}"` : ""}>${stage.state === "done" ? "✓ " : ""}${escapeHtml(stageLabel(stage, locale, timeZone))}</li>`)
    .join("");
  return `<section class="application" data-application="${escapeHtml(tracker.applicationId)}"><h2>${escapeHtml(tracker.jobTitle)}</h2>${company ? `<p class="company">${escapeHtml(company)}</p>` : ""}<ol class="tracker">${stages}</ol>${tracker.closed ? `<p>${escapeHtml(t.closed)}</p>` : ""}</section>`;
}

/** The portal: the open offer's answer links, then one tracker per application (the link's own first). */
export function renderPortal(view: CandidateView, trackers: readonly ApplicationTracker[], offer?: PortalOffer): string {
  const locale = view.candidate.locale;
  const t = copy[locale];
  const sections = trackers.map((tracker) => trackerSection(tracker, locale, view.candidate.timeZone)).join("");
  const body = `<p>${escapeHtml(t.hello(view.candidate.name))}</p>${offer ? offerSection(locale, offer) : ""}${sections || `<p>${escapeHtml(t.none)}</p>`}`;
  return page(locale, t.title, body);
}

export function renderUnsubscribeAsk(locale: Locale, channel: string): string {
  const t = copy[locale];
  return page(locale, t.unsubscribeTitle, `<p>${escapeHtml(t.unsubscribeAsk(channel))}</p><form method="post"><button type="submit">${escapeHtml(t.unsubscribeButton)}</button></form>`);
}

export function renderUnsubscribed(locale: Locale): string {
  const t = copy[locale];
  return page(locale, t.unsubscribeTitle, `<p>${escapeHtml(t.unsubscribed)}</p>`);
}

/** Before the token is verified we don't know the candidate's language, so say it in both. */
export function renderLinkProblem(kind: "expired" | "invalid"): string {
  return page("zh-CN", "Hirepath", `<p>${escapeHtml(copy["zh-CN"][kind])}</p><p lang="en">${escapeHtml(copy.en[kind])}</p>`);
}
