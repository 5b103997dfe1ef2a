// Message templates in zh-CN and en. Rendering is pure: the caller supplies the signed links.
import type { Locale } from "../shared/model.js";
import { InterviewTemplateName, isInterviewTemplate, renderInterviewEmail, renderInterviewSms, type InterviewDetails } from "../interview/interview-templates.js";
import { isSchedulingLinkTemplate, renderSchedulingLinkEmail, renderSchedulingLinkSms, SchedulingLinkTemplateName } from "../interview/scheduling-link-template.js";
import { escapeHtml } from "../shared/escape-html.js";
import { smsPrefix } from "./sms-signature.js";
import { MESSAGE_KINDS } from "./message-kinds.js";

const ApplicationTemplateName = ["interview-invite", "interview-nudge", "missed-call-followup", "recall-invite", "recall-nudge"] as const;
type ApplicationTemplateName = (typeof ApplicationTemplateName)[number];
export const TemplateName = [...ApplicationTemplateName, ...InterviewTemplateName, ...SchedulingLinkTemplateName] as const;
export type TemplateName = (typeof TemplateName)[number];

export interface TemplateContext {
  /** The SMS signature (SMS_SIGNATURE): `【…】` in Chinese, `…: ` in English; default Hirepath. */
  smsSignature?: string;
  candidateName: string;
  requisitionTitle: string;
  portalUrl: string;
  unsubscribeUrl: string;
  /** Present for the interview stage's templates (interview-templates.ts). */
  interview?: InterviewDetails;
  /** The signed link a message asks the candidate to open (self-scheduling). */
  actionUrl?: string;
  /** "15k–25k CNY / month"; only the missed-call follow-up states it. */
  salaryRange?: string;
  /** What the person told us matters to them (preference record): recall messages say it back. */
  caresAbout?: readonly string[];
}

const caresLine = (c: TemplateContext, locale: Locale): string =>
  c.caresAbout?.length ? (locale === "zh-CN" ? `您之前提到很看重${c.caresAbout.map((w) => `「${w}」`).join("、")}，我们记着。` : `You told us ${c.caresAbout.join(", ")} mattered to you; we kept that in mind.`) : "";

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}


interface EmailCopy {
  subject: (c: TemplateContext) => string;
  greeting: (c: TemplateContext) => string;
  lines: (c: TemplateContext) => string[];
  button: string;
  footer: string;
  unsubscribe: string;
}

const emailCopy: Record<ApplicationTemplateName, Record<Locale, EmailCopy>> = {
  "interview-invite": {
    "zh-CN": {
      subject: (c) => `面试邀请：${c.requisitionTitle}`,
      greeting: (c) => `${c.candidateName}，您好：`,
      lines: (c) => [
        `感谢您应聘「${c.requisitionTitle}」。您的简历已通过初筛，我们诚挚邀请您参加面试。`,
        "请点击下方按钮查看进度并确认面试安排。",
      ],
      button: "查看并确认",
      footer: "如有疑问，直接回复本邮件即可。",
      unsubscribe: "不再接收此类邮件",
    },
    en: {
      subject: (c) => `Interview invitation: ${c.requisitionTitle}`,
      greeting: (c) => `Hello ${c.candidateName},`,
      lines: (c) => [
        `Thank you for applying for ${c.requisitionTitle}. Your application passed our first screen and we would like to invite you to interview.`,
        "Use the button below to see where things stand and confirm your interview.",
      ],
      button: "View and confirm",
      footer: "Questions? Just reply to this email.",
      unsubscribe: "Unsubscribe from these emails",
    },
  },
  "interview-nudge": {
    "zh-CN": {
      subject: (c) => `提醒：${c.requisitionTitle} 面试邀请待确认`,
      greeting: (c) => `${c.candidateName}，您好：`,
      lines: (c) => [`我们之前发送了「${c.requisitionTitle}」的面试邀请，尚未收到您的确认。`],
      button: "查看并确认",
      footer: "如有疑问，直接回复本邮件即可。",
      unsubscribe: "不再接收此类邮件",
    },
    en: {
      subject: (c) => `Reminder: please confirm your ${c.requisitionTitle} interview`,
      greeting: (c) => `Hello ${c.candidateName},`,
      lines: (c) => [`We sent you an interview invitation for ${c.requisitionTitle} and haven't heard back yet.`],
      button: "View and confirm",
      footer: "Questions? Just reply to this email.",
      unsubscribe: "Unsubscribe from these emails",
    },
  },
  "missed-call-followup": {
    "zh-CN": {
      subject: (c) => `关于「${c.requisitionTitle}」职位：刚才未能联系上您`,
      greeting: (c) => `${c.candidateName}，您好：`,
      lines: (c) => [
        `我们刚才致电想和您聊聊「${c.requisitionTitle}」${c.salaryRange ? `（薪资范围 ${c.salaryRange}）` : ""}，可惜没能接通。`,
        "您可以直接回复，或点击下方按钮选一个方便的时间，我们按时给您回电。",
      ],
      button: "选择回电时间",
      footer: "如有疑问，直接回复本邮件即可。",
      unsubscribe: "不再接收此类邮件",
    },
    en: {
      subject: (c) => `About the ${c.requisitionTitle} role: sorry we missed you`,
      greeting: (c) => `Hello ${c.candidateName},`,
      lines: (c) => [
        `We just called about the ${c.requisitionTitle} role${c.salaryRange ? ` (salary range ${c.salaryRange})` : ""} but couldn't reach you.`,
        "Reply to this message, or pick a time that suits you and we'll call you then.",
      ],
      button: "Pick a time",
      footer: "Questions? Just reply to this email.",
      unsubscribe: "Unsubscribe from these emails",
    },
  },
  "recall-invite": {
    "zh-CN": {
      subject: (c) => `「${c.requisitionTitle}」职位开放了，想再和您聊聊`,
      greeting: (c) => `${c.candidateName}，您好：`,
      lines: (c) => [
        `之前您面试时表现很好，当时没能继续推进并非您的能力问题。现在「${c.requisitionTitle}」开放了${c.salaryRange ? `（薪资范围 ${c.salaryRange}）` : ""}，想再和您聊聊。`,
        ...(c.caresAbout?.length ? [caresLine(c, "zh-CN")] : []),
        "如果您有兴趣，请点击下方按钮告诉我们方便的时间。",
      ],
      button: "我有兴趣",
      footer: "如有疑问，直接回复本邮件即可。",
      unsubscribe: "不再接收此类邮件",
    },
    en: {
      subject: (c) => `The ${c.requisitionTitle} role is open: can we talk again?`,
      greeting: (c) => `Hello ${c.candidateName},`,
      lines: (c) => [
        `You interviewed well with us before, and the reason we did not go ahead was not your abilities. The ${c.requisitionTitle} role is now open${c.salaryRange ? ` (salary range ${c.salaryRange})` : ""} and we would love to talk again.`,
        ...(c.caresAbout?.length ? [caresLine(c, "en")] : []),
        "If you are interested, use the button below to tell us when suits you.",
      ],
      button: "I'm interested",
      footer: "Questions? Just reply to this email.",
      unsubscribe: "Unsubscribe from these emails",
    },
  },
  "recall-nudge": {
    "zh-CN": {
      subject: (c) => `再次打扰：「${c.requisitionTitle}」还在等您`,
      greeting: (c) => `${c.candidateName}，您好：`,
      lines: (c) => [
        `前几天我们联系过您，「${c.requisitionTitle}」职位开放了${c.salaryRange ? `（薪资范围 ${c.salaryRange}）` : ""}，很想再和您聊聊。`,
        ...(c.caresAbout?.length ? [caresLine(c, "zh-CN")] : []),
        "如果您有兴趣，点击下方按钮或直接回复即可；如果暂时不考虑，也请告诉我们。",
      ],
      button: "我有兴趣",
      footer: "如有疑问，直接回复本邮件即可。",
      unsubscribe: "不再接收此类邮件",
    },
    en: {
      subject: (c) => `Following up: the ${c.requisitionTitle} role`,
      greeting: (c) => `Hello ${c.candidateName},`,
      lines: (c) => [
        `We reached out a few days ago: the ${c.requisitionTitle} role is open${c.salaryRange ? ` (salary range ${c.salaryRange})` : ""} and we would love to talk again.`,
        ...(c.caresAbout?.length ? [caresLine(c, "en")] : []),
        "If you are interested, use the button below or just reply; if not, a quick no helps us too.",
      ],
      button: "I'm interested",
      footer: "Questions? Just reply to this email.",
      unsubscribe: "Unsubscribe from these emails",
    },
  },
};

const smsCopy: Record<ApplicationTemplateName, Record<Locale, (c: TemplateContext) => string>> = {
  "interview-invite": {
    "zh-CN": (c) => `${smsPrefix("zh-CN", c.smsSignature)}${c.candidateName}您好，您应聘的「${c.requisitionTitle}」已通过初筛，诚邀面试，请确认：${c.portalUrl} 回复TD退订`,
    en: (c) => `${smsPrefix("en", c.smsSignature)}Hi ${c.candidateName}, you're invited to interview for ${c.requisitionTitle}. Confirm: ${c.portalUrl} Reply STOP to opt out`,
  },
  "interview-nudge": {
    "zh-CN": (c) => `${smsPrefix("zh-CN", c.smsSignature)}${c.candidateName}您好，「${c.requisitionTitle}」面试邀请已发至您的邮箱，尚待确认：${c.portalUrl} 回复TD退订`,
    en: (c) => `${smsPrefix("en", c.smsSignature)}Hi ${c.candidateName}, we emailed your ${c.requisitionTitle} interview invite. Confirm: ${c.portalUrl} Reply STOP to opt out`,
  },
  "missed-call-followup": {
    "zh-CN": (c) => `${smsPrefix("zh-CN", c.smsSignature)}${c.candidateName}您好，刚才致电未接通，想和您聊聊「${c.requisitionTitle}」${c.salaryRange ? `（${c.salaryRange}）` : ""}。回复本短信或选个回电时间：${c.portalUrl} 回复TD退订`,
    en: (c) => `${smsPrefix("en", c.smsSignature)}Hi ${c.candidateName}, we tried to call about ${c.requisitionTitle}${c.salaryRange ? ` (${c.salaryRange})` : ""}. Reply here or pick a time: ${c.portalUrl} Reply STOP to opt out`,
  },
  "recall-invite": {
    "zh-CN": (c) => `${smsPrefix("zh-CN", c.smsSignature)}${c.candidateName}您好，「${c.requisitionTitle}」职位开放了${c.salaryRange ? `（${c.salaryRange}）` : ""}，之前您表现很好，想再和您聊聊。${caresLine(c, "zh-CN")}${c.portalUrl} 回复TD退订`,
    en: (c) => `${smsPrefix("en", c.smsSignature)}Hi ${c.candidateName}, the ${c.requisitionTitle} role is open${c.salaryRange ? ` (${c.salaryRange})` : ""} and we'd love to talk again. ${caresLine(c, "en")}${c.caresAbout?.length ? " " : ""}${c.portalUrl} Reply STOP to opt out`,
  },
  "recall-nudge": {
    "zh-CN": (c) => `${smsPrefix("zh-CN", c.smsSignature)}${c.candidateName}您好，再次打扰：「${c.requisitionTitle}」职位开放中，想和您聊聊。${caresLine(c, "zh-CN")}回复本短信或点击：${c.portalUrl} 回复TD退订`,
    en: (c) => `${smsPrefix("en", c.smsSignature)}Hi ${c.candidateName}, following up on the ${c.requisitionTitle} role. ${caresLine(c, "en")}${c.caresAbout?.length ? " " : ""}Reply here or tap: ${c.portalUrl} Reply STOP to opt out`,
  },
};

export function renderEmail(template: TemplateName, locale: Locale, c: TemplateContext): RenderedEmail {
  if (isInterviewTemplate(template)) return renderInterviewEmail(template, locale, { ...c, interview: requireInterview(template, c) });
  if (isSchedulingLinkTemplate(template)) return renderSchedulingLinkEmail(locale, { ...c, actionUrl: requireActionUrl(template, c) });
  const copy = emailCopy[template][locale];
  const lines = copy.lines(c);
  // ses:no-track: an unsubscribe click must not count as engagement (a Click event) with the message.
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(copy.subject(c))}</title></head>
<body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',Arial,sans-serif;color:#1f2937;max-width:560px;margin:0 auto;padding:24px">
<p>${escapeHtml(copy.greeting(c))}</p>
${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("\n")}
<p><a href="${escapeHtml(c.portalUrl)}" style="display:inline-block;background:#2563eb;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(copy.button)}</a></p>
<p style="color:#6b7280;font-size:13px">${escapeHtml(copy.footer)}</p>
<p style="color:#9ca3af;font-size:12px"><a ses:no-track href="${escapeHtml(c.unsubscribeUrl)}" style="color:#9ca3af">${escapeHtml(copy.unsubscribe)}</a></p>
</body></html>`;
  const text = [copy.greeting(c), "", ...lines, "", `${copy.button}: ${c.portalUrl}`, "", copy.footer, `${copy.unsubscribe}: ${c.unsubscribeUrl}`].join("\n");
  return { subject: copy.subject(c), html, text };
}

function requireActionUrl(template: string, c: TemplateContext): string {
  if (!c.actionUrl) throw new Error(`template ${template} needs actionUrl`);
  return c.actionUrl;
}

function requireInterview(template: string, c: TemplateContext): InterviewDetails {
  if (!c.interview) throw new Error(`template ${template} needs interview details`);
  return c.interview;
}

/** How many segments each SMS may take (the budgets and why: message-kinds.ts). */
export const SMS_SEGMENT_BUDGET = Object.fromEntries([...TemplateName, "re-engagement-nurture" as const].map((t) => [t, MESSAGE_KINDS[t].smsSegments])) as Record<TemplateName | "re-engagement-nurture", Record<Locale, number>>;

export function renderSms(template: TemplateName, locale: Locale, c: TemplateContext): string {
  if (isInterviewTemplate(template)) return renderInterviewSms(template, locale, { ...c, interview: requireInterview(template, c) });
  if (isSchedulingLinkTemplate(template)) return renderSchedulingLinkSms(locale, { ...c, actionUrl: requireActionUrl(template, c) });
  return smsCopy[template][locale](c);
}

export function isTemplateName(name: string): name is TemplateName {
  return (TemplateName as readonly string[]).includes(name);
}

