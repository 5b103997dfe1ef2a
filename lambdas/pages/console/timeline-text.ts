// Timeline events as a person reads them: the event's name in the page's language, and for the kinds
// HR reads most, its details rebuilt from the event's data in that language. Summaries are recorded in
// English; where no localized detail exists yet the recorded text is shown, marked as English.
import type { Locale, TimelineEvent } from "../../core/shared/model.js";
import { esc, userText } from "./shell.js";
import { taskLabel } from "./task-pages.js";
import { heldMessageLabel, templateLabel } from "./message-names.js";

type Labels = Record<string, [zh: string, en: string]>;

const EVENT_LABELS: Labels = {
  "application.created": ["收到申请", "Application created"],
  "application.received": ["收到申请", "Application received"],
  "application.screened": ["简历筛选", "Screened"],
  "application.screen-overridden": ["人工改判筛选", "Screen overridden"],
  "candidate.reassurance": ["候选人动态", "Candidate update"],
  "consent.changed": ["授权变更", "Consent changed"],
  "consent.granted": ["已授权", "Consent granted"],
  "consent.unsubscribed": ["已退订", "Unsubscribed"],
  "interview.availability-overridden": ["面试官时间被覆盖", "Availability overridden"],
  "interview.scheduled": ["已安排面试", "Interview scheduled"],
  "interview.confirmed": ["面试已确认", "Interview confirmed"],
  "interview.rescheduled": ["面试已改期", "Interview rescheduled"],
  "interview.cancelled": ["面试已取消", "Interview cancelled"],
  "interview.link-opened": ["打开了面试链接", "Interview link opened"],
  "interview.outcome": ["面试结果", "Interview outcome"],
  "interview.outcome-recorded": ["记录面试结果", "Interview outcome recorded"],
  "interview.scheduling-link": ["自助预约链接", "Self-scheduling link"],
  "interview.scheduling-link-created": ["已发自助预约链接", "Self-scheduling link sent"],
  "journey.outcome": ["流程结果", "Journey outcome"],
  "message.sent": ["消息已发送", "Message sent"],
  "message.held": ["消息暂缓发送", "Message held"],
  "message.cap-exempt": ["不受每日上限限制", "Not held by the daily limit"],
  "message.delivered": ["消息已送达", "Message delivered"],
  "message.opened": ["消息已打开", "Message opened"],
  "message.clicked": ["点击了链接", "Link clicked"],
  "message.bounced": ["邮件被退回", "Message bounced"],
  "message.complained": ["被标为垃圾邮件", "Marked as spam"],
  "message.failed": ["消息发送失败", "Message failed"],
  "message.recovered": ["中断后已核实发送", "Send checked after an interruption"],
  "offer.approval.started": ["Offer 进入审批", "Offer approval started"],
  "offer.approval.decided": ["Offer 审批决定", "Offer approval decided"],
  "offer.sent": ["Offer 已发出", "Offer sent"],
  "offer.accepted": ["Offer 已接受", "Offer accepted"],
  "offer.declined": ["Offer 被拒绝", "Offer declined"],
  "offer.decision-stalled": ["Offer 迟迟未决", "Offer decision stalled"],
  "offer.question": ["候选人对 Offer 提问", "Question about the offer"],
  "offer.question.answered": ["已回答 Offer 提问", "Offer question answered"],
  "offer.reminder.sent": ["Offer 提醒已发", "Offer reminder sent"],
  "offer.risk.alert": ["Offer 流失风险提醒", "Offer drop-off risk alert"],
  "offer.stall-reason.recorded": ["记录 Offer 搁置原因", "Offer stall reason recorded"],
  "offer.unreachable": ["Offer 无法送达", "Offer unreachable"],
  "offer.outcome": ["Offer 结果", "Offer outcome"],
  "offer.pre-onboarding.planned": ["入职前关怀已安排", "Pre-onboarding planned"],
  "offer.pre-onboarding.touch": ["入职前关怀", "Pre-onboarding touch"],
  "portal.visited": ["访问了候选人门户", "Portal visited"],
  "portal.pre-interview-form": ["提交面试前表单", "Pre-interview form submitted"],
  "preferences.changed": ["偏好已变更", "Preferences changed"],
  "priority.flagged": ["标记为重点候选人", "Flagged as priority"],
  "priority.scheduled": ["重点候选人已安排", "Priority scheduled"],
  "priority.outcome": ["重点候选人结果", "Priority outcome"],
  "priority.sla-breached": ["重点候选人超时", "Priority SLA breached"],
  "reengagement.scheduled": ["已安排再次联系", "Re-engagement scheduled"],
  "reengagement.not-scheduled": ["未安排再次联系", "Re-engagement not scheduled"],
  "reengagement.cancelled": ["取消再次联系", "Re-engagement cancelled"],
  "reengagement.brief": ["再次联系简报", "Re-engagement brief"],
  "reengagement.nurture.sent": ["培育消息已发", "Nurture message sent"],
  "reengagement.nurture.stopped": ["停止培育", "Nurture stopped"],
  "sms.replied": ["短信回复", "SMS reply"],
  "staff.notified": ["已通知同事", "Staff notified"],
  "talent.status": ["状态变更", "Status changed"],
  "talent.tags": ["标签变更", "Tags changed"],
  "talent.preferences": ["偏好已记录", "Preferences recorded"],
  "talent.expectations": ["期望已记录", "Expectations recorded"],
  "talent.evaluation": ["面试评价", "Evaluation"],
  "talent.rejection": ["淘汰", "Rejected"],
  "talent.note": ["备注", "Note"],
  "talent.consent": ["授权记录", "Consent recorded"],
  "talent.stage": ["阶段变更", "Stage changed"],
  "talent.call": ["电话", "Call"],
  "talent.imported": ["已导入", "Imported"],
  "talent.resume": ["简历已上传", "Résumé added"],
  "talent.merged": ["合并了重复记录", "Duplicate merged in"],
  "talent.merged-into": ["已合并到另一记录", "Merged into another record"],
  "talent.recall-started": ["召回开始", "Recall started"],
  "talent.recall-invited": ["召回邀请已发", "Recall invite sent"],
  "talent.recall-nudged": ["召回提醒已发", "Recall nudge sent"],
  "talent.recall-escalated": ["召回升级", "Recall escalated"],
  "talent.recall-outcome": ["召回结果", "Recall outcome"],
  "talent.recall-ended": ["召回结束", "Recall ended"],
  "talent.recall-failed": ["召回失败", "Recall failed"],
  "task.created": ["新任务", "Task created"],
  "task.done": ["任务完成", "Task done"],
  "task.escalated": ["任务升级", "Task escalated"],
  "task.cancelled": ["任务已取消", "Task cancelled"],
};

const DOMAINS: Labels = {
  application: ["申请", "Application"], interview: ["面试", "Interview"], offer: ["Offer", "Offer"], message: ["消息", "Message"],
  talent: ["人才库", "Talent pool"], task: ["任务", "Task"], portal: ["门户", "Portal"], reengagement: ["再次联系", "Re-engagement"],
};

export const CALL_OUTCOMES: Labels = { "no-answer": ["无人接听", "No answer"], busy: ["忙线", "Busy"], "wrong-number": ["号码错误", "Wrong number"], reached: ["已接通", "Reached"], "call-back": ["约定回电", "Call back"] };
const DECISIONS: Labels = { advance: ["通过", "advance"], reject: ["淘汰", "reject"], hold: ["待人工复核", "hold for review"] };
const HOLD_REASONS: Labels = { "quiet-hours": ["免打扰时段", "quiet hours"], "daily-cap": ["每日消息上限", "daily message limit"], planned: ["计划发送时间", "planned send time"] };
const CHANNELS: Labels = { email: ["邮件", "email"], sms: ["短信", "SMS"], chat: ["群机器人", "chat"] };
export const REJECTION_CODES: Labels = {
  "position-filled": ["职位已招满", "position filled"], budget: ["预算", "budget"], skills: ["技能不符", "skills"], experience: ["经验不足", "experience"], salary: ["薪资不符", "salary"],
  location: ["地点不符", "location"], culture: ["文化契合", "culture"], withdrew: ["候选人退出", "candidate withdrew"], other: ["其他", "other"],
};

const pick = (labels: Labels, key: string, locale: Locale) => labels[key]?.[locale === "zh-CN" ? 0 : 1];

/** The event's name in the page's language (never the raw type). */
export function eventLabel(type: string, locale: Locale): string {
  const known = pick(EVENT_LABELS, type, locale);
  if (known) return known;
  const domain = pick(DOMAINS, type.split(".")[0]!, locale);
  return domain ? `${domain}${locale === "zh-CN" ? "事件" : " event"}` : locale === "zh-CN" ? "其他事件" : "Other event";
}

const str = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));

/** Details rebuilt from the event's data in the page's language, or undefined when this kind has none. */
/** What the page knows beyond the event: the requisition an application is for; how to show a time. */
export interface TimelineContext {
  requisitionTitleFor?: (applicationId: string | undefined) => string | undefined;
  /** A time in the viewer's zone, zone named. */
  time?: (iso: string) => string;
}

const heldWhat = (what: unknown, locale: Locale) => {
  const known = heldMessageLabel(what, locale);
  return known ? esc(known) : locale === "en" ? userText(what) : `<span lang="en">${userText(what)}</span>`;
};

function localizedDetail(e: TimelineEvent, locale: Locale, context: TimelineContext): string | undefined {
  const d = (e.data ?? {}) as Record<string, unknown>;
  const zh = locale === "zh-CN";
  switch (e.type) {
    case "talent.note": return userText(d.text);
    case "application.received": {
      const title = context.requisitionTitleFor?.(e.applicationId);
      return title ? `${zh ? "申请职位" : "Applied to"} ${userText(title)} · ${zh ? "来源" : "source"} ${userText(d.source)}` : undefined;
    }
    case "talent.evaluation": return `${userText(d.interviewer)} ${zh ? "评分" : "rated"} ${esc(d.rating)}/5${d.comment ? `${zh ? "：" : ": "}${userText(d.comment)}` : ""}`;
    case "talent.rejection": return `${esc(pick(REJECTION_CODES, str(d.reasonCode), locale) ?? d.reasonCode)}${d.reason ? `${zh ? "：" : ": "}${userText(d.reason)}` : ""}`;
    case "talent.stage": return `${zh ? "阶段 →" : "Stage →"} ${userText(d.stage)}${d.reason ? `${zh ? "：" : ": "}${userText(d.reason)}` : ""}`;
    case "talent.status": return `${zh ? "原因" : "Reason"}${zh ? "：" : ": "}${userText(d.reason)}`;
    case "talent.call": return `${esc(pick(CALL_OUTCOMES, str(d.outcome), locale) ?? d.outcome)}${d.note ? `${zh ? "：" : ": "}${userText(d.note)}` : ""}`;
    case "talent.tags": return `${(d.add as string[] | undefined)?.map((t) => `+${userText(t)}`).join(" ") ?? ""} ${(d.remove as string[] | undefined)?.map((t) => `−${userText(t)}`).join(" ") ?? ""}`.trim();
    case "application.screened": return `${zh ? "结论" : "Decision"}${zh ? "：" : ": "}${esc(pick(DECISIONS, str(d.decision), locale) ?? d.decision)}${typeof d.score === "number" ? ` · ${zh ? "得分" : "score"} ${d.score}` : ""}`;
    case "application.screen-overridden": return `${esc(pick(DECISIONS, str(d.previous), locale) ?? "—")} → ${esc(pick(DECISIONS, str(d.decision), locale) ?? d.decision)}${d.reason ? `${zh ? "：" : ": "}${userText(d.reason)}` : ""} (${userText(d.by)})`;
    case "interview.scheduled":
    case "interview.rescheduled":
      return typeof d.startsAt === "string" && context.time ? `${zh ? "面试时间" : "At"} ${context.time(d.startsAt)}${d.by ? ` · ${userText(d.by)}` : ""}` : undefined;
    case "staff.notified": {
      const to = (Array.isArray(d.deliveries) ? (d.deliveries as { to?: string; status?: string }[]) : []).map((x) => `${x.to ?? ""}${x.status === "failed" ? (zh ? "（失败）" : " (failed)") : ""}`);
      return to.length ? `${zh ? "已通知" : "Notified"} ${userText(to.join(", "))}` : "";
    }
    // Task events: what the task asked in the page's language (titles are recorded in English), and who closed it.
    case "task.created": return typeof d.type === "string" ? `${esc(taskLabel(str(d.kind) || "interview", d.type, locale))}${d.assignee ? ` · ${userText(d.assignee)}` : ""}${typeof d.dueAt === "string" && context.time ? ` · ${zh ? "截止" : "due"} ${context.time(d.dueAt)}` : ""}` : undefined;
    case "task.escalated": return Array.isArray(d.to) ? `${zh ? "已提醒" : "Alerted"} ${userText((d.to as string[]).join(", "))}` : undefined;
    case "task.done":
    case "task.cancelled": {
      if (typeof d.type !== "string") return undefined;
      // Settled by another journey's fact: name the fact in the page's language, not "hirepath (interview.confirmed)".
      const cause = d.settledBy as { type?: unknown } | undefined;
      const by = typeof cause?.type === "string" ? `${zh ? "自动：" : "Automatically: "}${esc(eventLabel(cause.type, locale))}` : userText(d.by);
      return `${esc(taskLabel(str(d.kind), d.type, locale))} · ${by}${d.note ? `${zh ? "：" : ": "}${userText(d.note)}` : ""}`;
    }
    // The template's name in words (the id is for machines), and the channel.
    case "message.sent":
    case "message.delivered":
    case "message.opened":
    case "message.clicked":
    case "message.bounced":
    case "message.complained":
    case "message.failed":
    case "message.recovered":
      return d.template === undefined ? "" : `${esc(templateLabel(d.template, locale))}${d.channel ? ` · ${esc(pick(CHANNELS, str(d.channel), locale) ?? d.channel)}` : ""}`;
    // In the candidate's zone, as recorded ("08:00 on 2026-12-08 America/Los_Angeles"): when they will get it.
    case "message.held":
      // A span, not a <time>: the page's script rewrites <time data-zone> into the viewer's zone, and this one is the candidate's.
      return typeof d.localTime === "string" ? `${heldWhat(d.what, locale)} · ${zh ? "暂缓至" : "held until"} <span data-zone="${esc(str(d.zone))}" translate="no">${esc(d.localTime)}</span>${zh ? "（" : " ("}${esc(pick(HOLD_REASONS, str(d.reason), locale) ?? d.reason)}${zh ? "）" : ")"}` : undefined;
    case "message.cap-exempt": return typeof d.why === "string" ? `${heldWhat(d.what, locale)}${zh ? "：" : ": "}${userText(d.why)}` : undefined;
    default:
      if (e.type.startsWith("message.")) return "";
      return undefined;
  }
}

/** One timeline entry: time (viewer's zone), localized name, localized details or the recorded English text. */
export function timelineEntry(e: TimelineEvent, locale: Locale, time: string, context: TimelineContext = {}): string {
  const detail = localizedDetail(e, locale, context);
  // Recorded summaries may carry instants: shown in the viewer's zone like every other time.
  const summary = context.time ? esc(e.summary).replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g, (iso) => context.time!(iso)) : esc(e.summary);
  const recorded = detail === undefined ? (locale === "en" ? `<span class="detail">${summary}</span>` : `<span class="detail muted" lang="en">${summary}</span>`) : detail ? `<span class="detail">${detail}</span>` : "";
  return `<li data-type="${esc(e.type)}">${time} <strong class="event-name">${esc(eventLabel(e.type, locale))}</strong>${recorded}</li>`;
}
