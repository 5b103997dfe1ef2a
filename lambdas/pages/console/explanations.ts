// Core explains a derived status, the lost-contact risk and a recall match in short English phrases: the
// API's language, stable for programs. The console shows them in the page's language. Each phrase shape core
// writes (core/talent/talent-status.ts, core/talent/lost-contact.ts, core/recall/recall.ts) has its Chinese
// form here; test/unit/console-explanations.test.ts feeds every shape through core and fails on one left in
// English. Text matching no shape (a reason HR typed) is shown as written.
import type { Locale } from "../../core/shared/model.js";
import { eventLabel } from "./timeline-text.js";

const CHANNEL: Record<string, string> = { sms: "短信", email: "邮件", call: "电话" };
const CALL: Record<string, string> = { "no-answer": "无人接听", busy: "占线", "wrong-number": "号码错误", reached: "已接通", "call-back": "约定回电" };
const channel = (c: string) => CHANNEL[c] ?? c;

const FIXED: Record<string, string> = {
  reached: "已联系上",
  "not reached yet": "尚未联系上",
  "reached by phone": "电话已接通",
  "screened out": "筛选未通过",
  "screen overridden: reject": "HR 改判：淘汰",
  "interview booked": "已约面试",
  "interview moved": "面试已改期",
  "interview confirmed": "面试已确认",
  "attended the interview": "已参加面试",
  "offer sent": "已发 Offer",
  "offer decision stalled": "Offer 决定停滞",
  "offer declined": "Offer 被拒",
  "offer accepted": "Offer 已接受",
  "accepted the offer": "已接受 Offer",
  "declined the offer": "已拒绝 Offer",
  "declined a recall": "拒绝了再次邀约",
  "interested in a recall": "对再次邀约感兴趣",
  "recalled to interview": "经再次邀约进入面试",
  "hired from a recall": "经再次邀约录用",

  "never reached": "从未联系上",
  "marked unreachable": "已标记为失联",
  "expectations unknown": "期望未知",
};

/** One phrase core writes, in Chinese; undefined when it is not one of core's shapes. */
function zhPhrase(phrase: string): string | undefined {
  const fixed = FIXED[phrase];
  if (fixed) return fixed;
  let m: RegExpMatchArray | null;
  if ((m = phrase.match(/^(sms|email) delivered$/))) return `${channel(m[1]!)}已送达`;
  if ((m = phrase.match(/^(sms|email) bounced( \(permanent\))?$/))) return `${channel(m[1]!)}被退回${m[2] ? "（永久）" : ""}`;
  if ((m = phrase.match(/^call ([a-z-]+)$/))) return `电话${CALL[m[1]!] ?? m[1]}`;
  if ((m = phrase.match(/^(sms|email) (\S+)$/))) return `${channel(m[1]!)}发送失败（${m[2]}）`;
  if ((m = phrase.match(/^(\d+) failed attempts: (.+)$/))) return `${m[1]} 次联系失败：${m[2]!.split(", ").map((p) => zhPhrase(p) ?? p).join("、")}`;
  if ((m = phrase.match(/^(\d+) failed attempts in a row across channels$/))) return `各渠道连续 ${m[1]} 次联系失败`;
  if ((m = phrase.match(/^(\d+) failed call attempts in a row$/))) return `连续 ${m[1]} 次电话未接通`;
  if ((m = phrase.match(/^(\d+) bounced or failed messages$/))) return `${m[1]} 条消息被退回或发送失败`;
  if ((m = phrase.match(/^no engagement for (\d+) months$/))) return `${m[1]} 个月无互动`;
  if ((m = phrase.match(/^rated ([\d.]+)\/5$/))) return `评分 ${m[1]}/5`;
  if ((m = phrase.match(/^expects (\S+) (\w+) a month, within the monthly budget of (\S+) (\w+)$/))) return `期望月薪 ${m[1]} ${m[2]}，在月度预算 ${m[3]} ${m[4]} 之内`;
  if ((m = phrase.match(/^expects (\S+) (\w+) a month, above the monthly budget's (\S+) (\w+)$/))) return `期望月薪 ${m[1]} ${m[2]}，高于月度预算上限 ${m[3]} ${m[4]}`;
  if ((m = phrase.match(/^expects (\w+), the budget is in (\w+): not compared$/))) return `期望以 ${m[1]} 计、预算以 ${m[2]} 计：未比较`;
  if ((m = phrase.match(/^(\d+) days ago$/))) return `${m[1]} 天前`;
  // Something the person did, named by its event type (portal.visited, sms.replied, …).
  if (/^[a-z]+\.[a-z-]+$/.test(phrase)) return eventLabel(phrase, "zh-CN");
  return undefined;
}

/** Core's phrase in the page's language, and whether it was one of core's (false: someone's own words). */
export function explain(phrase: string, locale: Locale): { text: string; known: boolean } {
  if (locale === "en") return /^[a-z]+\.[a-z-]+$/.test(phrase) ? { text: eventLabel(phrase, "en"), known: true } : { text: phrase, known: zhPhrase(phrase) !== undefined };
  const zh = zhPhrase(phrase);
  return zh === undefined ? { text: phrase, known: false } : { text: zh, known: true };
}

/** A list of core's phrases (lost-contact factors, recall reasons), joined in the page's language. */
export function explainAll(phrases: readonly string[], locale: Locale): string {
  return phrases.map((p) => explain(p, locale).text).join(locale === "en" ? "; " : "；");
}
