// What a candidate sees behind their signed link: where they are, in their language.
import type { CandidateView } from "../core/shared/ports.js";
import type { ApplicationStatus, Locale } from "../core/shared/model.js";
import { escapeHtml, htmlPage } from "./page-shell.js";


const steps: Record<Locale, string[]> = {
  "zh-CN": ["已投递", "简历筛选", "面试邀请", "已确认"],
  en: ["Applied", "Screening", "Interview invitation", "Confirmed"],
};

/** Which step an application status has reached (0-based). */
function stepIndex(status: ApplicationStatus): number {
  switch (status) {
    case "received":
      return 0;
    case "screened":
    case "held-for-review":
      return 1;
    // "Engaged" means the candidate opened or clicked the invitation; confirming a time is a later step.
    case "invited":
    case "nudged":
    case "no-response":
    case "engaged":
      return 2;
    default:
      return 1;
  }
}

const copy = {
  "zh-CN": {
    title: "我的应聘进度",
    hello: (n: string) => `${n}，您好`,
    closed: "感谢您的关注。本职位的流程已结束，我们会保留您的资料，有合适机会时再联系您。",
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
    css: `ol{list-style:none;padding:0}li{padding:10px 12px;margin:6px 0;border-radius:6px;background:#f3f4f6}li.done{background:#dcfce7}li.current{background:#dbeafe;font-weight:600}
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

export function renderPortal(view: CandidateView, applicationId: string | undefined, offer?: PortalOffer): string {
  const locale = view.candidate.locale;
  const t = copy[locale];
  const app = view.applications.find((a) => a.applicationId === applicationId) ?? view.applications[0];
  const closed = app && ["rejected", "failed", "unreachable"].includes(app.status);
  const reached = app ? stepIndex(app.status) : 0;
  const list = steps[locale]
    .map((label, i) => `<li class="${i < reached ? "done" : i === reached ? "current" : ""}">${i < reached ? "✓ " : ""}${escapeHtml(label)}</li>`)
    .join("");
  const body = `<p>${escapeHtml(t.hello(view.candidate.name))}</p>${offer ? offerSection(locale, offer) : ""}${closed ? `<p>${escapeHtml(t.closed)}</p>` : `<ol>${list}</ol>`}`;
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
