// The self-scheduling invitation: "pick a time that suits you", with the signed, single-use link.
import type { Locale } from "../shared/model.js";
import { escapeHtml } from "../shared/escape-html.js";
import { smsPrefix } from "../outreach/sms-signature.js";

export const SchedulingLinkTemplateName = ["interview-self-schedule"] as const;
export type SchedulingLinkTemplateName = (typeof SchedulingLinkTemplateName)[number];

export function isSchedulingLinkTemplate(name: string): name is SchedulingLinkTemplateName {
  return (SchedulingLinkTemplateName as readonly string[]).includes(name);
}

export interface SchedulingLinkContext {
  /** The SMS signature (SMS_SIGNATURE); default Hirepath. */
  smsSignature?: string;
  candidateName: string;
  requisitionTitle: string;
  actionUrl: string;
  portalUrl: string;
  unsubscribeUrl: string;
}


const copy = {
  "zh-CN": {
    subject: (c: SchedulingLinkContext) => `请选择面试时间：${c.requisitionTitle}`,
    greeting: (c: SchedulingLinkContext) => `${c.candidateName}，您好：`,
    line: (c: SchedulingLinkContext) => `恭喜您进入「${c.requisitionTitle}」的下一轮面试。请点击下方按钮，按您所在时区选择一个方便的时间。此链接仅可使用一次。`,
    button: "选择面试时间",
    unsubscribe: "不再接收此类邮件",
    sms: (c: SchedulingLinkContext) => `${smsPrefix("zh-CN", c.smsSignature)}${c.candidateName}您好，请为「${c.requisitionTitle}」面试选择时间：${c.actionUrl} 回复TD退订`,
  },
  en: {
    subject: (c: SchedulingLinkContext) => `Pick your interview time: ${c.requisitionTitle}`,
    greeting: (c: SchedulingLinkContext) => `Hello ${c.candidateName},`,
    line: (c: SchedulingLinkContext) => `You're through to the next interview for ${c.requisitionTitle}. Use the button below to pick a time that suits you, shown in your time zone. The link works once.`,
    button: "Pick a time",
    unsubscribe: "Unsubscribe from these emails",
    sms: (c: SchedulingLinkContext) => `${smsPrefix("en", c.smsSignature)}Hi ${c.candidateName}, pick a time for your ${c.requisitionTitle} interview: ${c.actionUrl} Reply STOP to opt out`,
  },
} as const;

export function renderSchedulingLinkEmail(locale: Locale, c: SchedulingLinkContext): { subject: string; html: string; text: string } {
  const t = copy[locale];
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(t.subject(c))}</title></head>
<body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',Arial,sans-serif;color:#1f2937;max-width:560px;margin:0 auto;padding:24px">
<p>${escapeHtml(t.greeting(c))}</p><p>${escapeHtml(t.line(c))}</p>
<p><a data-action="schedule" href="${escapeHtml(c.actionUrl)}" style="display:inline-block;background:#2563eb;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(t.button)}</a></p>
<p style="color:#9ca3af;font-size:12px"><a ses:no-track href="${escapeHtml(c.unsubscribeUrl)}" style="color:#9ca3af">${escapeHtml(t.unsubscribe)}</a></p>
</body></html>`;
  return { subject: t.subject(c), html, text: [t.greeting(c), "", t.line(c), "", `${t.button}: ${c.actionUrl}`, "", `${t.unsubscribe}: ${c.unsubscribeUrl}`].join("\n") };
}

export function renderSchedulingLinkSms(locale: Locale, c: SchedulingLinkContext): string {
  return copy[locale].sms(c);
}
