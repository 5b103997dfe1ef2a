// The sender's name at the start of every SMS. Chinese carriers require a registered signature in
// 【】 at the start of each message (registered with the sender ID or number, see the README's deployment
// guide), so it is the deployer's setting (SMS_SIGNATURE), never a word in the templates.
import type { Locale } from "../shared/model.js";

export const DEFAULT_SMS_SIGNATURE = "Hirepath";

/** `【Signature】` in Chinese, `Signature: ` in English. */
export function smsPrefix(locale: Locale, signature: string | undefined): string {
  const name = signature?.trim() || DEFAULT_SMS_SIGNATURE;
  return locale === "zh-CN" ? `【${name}】` : `${name}: `;
}
