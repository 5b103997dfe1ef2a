// The nurture message's built-in wording, pure: the re-engagement step sends it (when HR has not
// reworded it), and the settings page starts HR's editor from it with {{variables}} in place of values.
import type { Locale } from "../shared/model.js";
import { escapeHtml } from "../shared/escape-html.js";
import { smsPrefix } from "../outreach/sms-signature.js";

export interface NurtureFacts {
  name: string;
  locale: Locale;
  /** What the person told us matters to them, in their words. */
  cares: readonly string[];
  /** A role open now that may suit them. */
  opening?: string;
  /** Something that changed here since (a policy change). */
  change?: string;
}

export function joinEnglish(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/**
 * The nurture SMS: the email's gist in one or two segments (their words, the opening, a short link), not its
 * paragraphs. The portal behind the link has the rest. It opens as the email does ("it has been a while"),
 * so a candidate who gets both, and anyone reading the outbox, recognises the same nurture.
 */
export function nurtureSmsText(f: NurtureFacts, link: string, signature: string | undefined): string {
  const prefix = smsPrefix(f.locale, signature);
  if (f.locale === "zh-CN") {
    const caresText = f.cares.length ? `您说过看重${f.cares.map((c) => `「${c}」`).join("、")}，我们记着。` : "";
    return `${prefix}${f.name}您好，好久不见。${caresText}${f.opening ? `「${f.opening}」职位开放了，` : ""}想和您聊聊：${link} 回复TD退订`;
  }
  const caresText = f.cares.length ? `You told us ${joinEnglish(f.cares)} ${f.cares.length > 1 ? "matter" : "matters"} to you. ` : "";
  return `${prefix}Hi ${f.name}, it has been a while. ${caresText}${f.opening ? `The ${f.opening} role is open. ` : ""}Let's talk: ${link} Reply STOP to opt out`;
}

export function nurtureEmail(f: NurtureFacts, portalUrl: string, unsubscribeUrl: string): { subject: string; html: string; text: string } {
  const zh = f.locale === "zh-CN";
  const lines = [
    zh ? `${f.name}，您好！距离我们上次联系已经有一段时间了。` : `Hello ${f.name}, it has been a while since we last spoke.`,
    // What they told us matters to them, in their words: the reason this message is worth reading.
    ...(f.cares.length ? [zh ? `您之前提到很看重${f.cares.map((c) => `「${c}」`).join("、")}，我们一直记着。` : `You told us ${joinEnglish(f.cares)} ${f.cares.length > 1 ? "matter" : "matters"} to you, and we kept that in mind.`] : []),
    ...(f.opening ? [zh ? `我们现在有一个您可能感兴趣的职位：「${f.opening}」。` : `We now have a role you may like: ${f.opening}.`] : []),
    ...(f.change ? [zh ? `我们也有一些新变化：${f.change}` : `Something has changed here too: ${f.change}`] : []),
    zh ? "如果您愿意聊聊，点击下方链接即可。" : "If you'd like to talk, use the link below.",
  ];
  const html = `<!doctype html><html lang="${f.locale}"><head><meta charset="utf-8"></head><body style="font-family:-apple-system,'PingFang SC',Arial,sans-serif;max-width:560px;margin:0 auto;padding:24px">${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("")}<p><a href="${escapeHtml(portalUrl)}">${zh ? "聊聊" : "Let's talk"}</a></p><p style="font-size:12px;color:#9ca3af"><a ses:no-track href="${escapeHtml(unsubscribeUrl)}">${zh ? "不再接收此类邮件" : "Unsubscribe from these emails"}</a></p></body></html>`;
  return { subject: zh ? `${f.name}，好久不见` : `${f.name}, it's been a while`, html, text: [...lines, "", `${zh ? "聊聊" : "Let's talk"}: ${portalUrl}`, `${zh ? "不再接收此类邮件" : "Unsubscribe from these emails"}: ${unsubscribeUrl}`].join("\n") };
}
