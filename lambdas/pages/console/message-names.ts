// What a message is, in words, for the pages that list messages (timeline, settings). Messages are
// recorded by template id (`interview-reminder-24h`); a person reads "Day-before interview reminder".
import type { Locale } from "../../core/shared/model.js";

type Labels = Record<string, [zh: string, en: string]>;

export const TEMPLATE_LABELS: Labels = {
  "interview-invite": ["面试邀请", "Interview invitation"],
  "interview-nudge": ["面试邀请的提醒", "Reminder about the interview invitation"],
  "missed-call-followup": ["未接来电后的跟进", "Follow-up after a missed call"],
  "recall-invite": ["人才召回邀请", "Invitation to a new role (recall)"],
  "recall-nudge": ["人才召回提醒", "Reminder about the new role (recall)"],
  "interview-scheduled": ["面试安排通知", "Interview details"],
  "interview-rescheduled": ["面试改期通知", "Interview moved"],
  "interview-follow-up": ["请确认面试", "Please confirm the interview"],
  "interview-reminder-24h": ["面试前一天提醒", "Day-before interview reminder"],
  "interview-reminder-2h": ["面试前两小时提醒", "Interview reminder two hours before"],
  "interview-cancelled": ["面试取消通知", "Interview cancelled"],
  "interview-no-show": ["缺席面试后的联系", "Reach-out after a missed interview"],
  "interview-self-schedule": ["自助预约面试链接", "Self-scheduling link"],
  "re-engagement-nurture": ["人才培育消息", "Keep-in-touch message"],
  "recall-brief": ["召回简报（发给 HR）", "Recall brief (to HR)"],
  "recall-escalation": ["召回升级提醒（发给 HR）", "Recall escalation (to HR)"],
  "staff-alert": ["同事提醒", "Alert to a colleague"],
  "offer-approval-request": ["Offer 审批请求", "Offer approval request"],
  "offer-approval-reminder": ["Offer 审批提醒", "Offer approval reminder"],
  "offer-approval-escalation": ["Offer 审批升级", "Offer approval escalation"],
  "offer-offer": ["录用通知（Offer）", "Offer letter"],
  "offer-reminder": ["Offer 答复提醒", "Reminder to answer the offer"],
  "pre-onboarding-progress": ["入职准备进展", "Pre-onboarding: progress"],
  "pre-onboarding-team-content": ["入职前：团队介绍", "Pre-onboarding: meet the team"],
  "pre-onboarding-feedback-question": ["入职前：反馈问题", "Pre-onboarding: a question for you"],
  "pre-onboarding-start-reminder": ["入职日提醒", "First-day reminder"],
};

// Held messages are recorded with English words (`what`): the same closed set, named in the page's language.
const HELD_WORDS: Labels = {
  "Interview invitation": ["面试邀请", "Interview invitation"],
  "Interview follow-up": ["请确认面试", "Interview follow-up"],
  "Day-before interview reminder": ["面试前一天提醒", "Day-before interview reminder"],
  "Interview reminder (hours before)": ["面试前几小时提醒", "Interview reminder (hours before)"],
  "No-show reach-out": ["缺席面试后的联系", "No-show reach-out"],
  "Interview change notice": ["面试变更通知", "Interview change notice"],
  "Self-scheduling link": ["自助预约面试链接", "Self-scheduling link"],
};

const FAMILIES: [prefix: string, zh: string, en: string][] = [
  ["interview-", "面试消息", "Interview message"],
  ["offer-", "Offer 消息", "Offer message"],
  ["pre-onboarding-", "入职前消息", "Pre-onboarding message"],
  ["recall-", "召回消息", "Recall message"],
];

/** The message's name in the page's language; a template this list does not know is named by its family, never by its id. */
export function templateLabel(template: unknown, locale: Locale): string {
  const i = locale === "zh-CN" ? 0 : 1;
  const id = typeof template === "string" ? template : "";
  const known = TEMPLATE_LABELS[id];
  if (known) return known[i];
  const family = FAMILIES.find(([prefix]) => id.startsWith(prefix));
  if (family) return family[i + 1]!;
  return locale === "zh-CN" ? "消息" : "Message";
}

/** A held message's recorded words in the page's language, or undefined when they are not in the known set. */
export function heldMessageLabel(what: unknown, locale: Locale): string | undefined {
  return typeof what === "string" ? HELD_WORDS[what]?.[locale === "zh-CN" ? 0 : 1] : undefined;
}
