// The candidate page's workflow sections: applications (with their screen and board), interviews, offers
// (status, pay, budget, drop-off risk, the candidate's answer), and the preference and consent record HR
// can edit. Rendered into the candidate page (console-pages.ts).
import type { Application, Interview, Locale, Requisition } from "../../core/shared/model.js";
import type { Offer } from "../../core/offer/offer-model.js";
import type { Preferences } from "../../core/preferences/preferences-model.js";
import { MASK } from "../../core/privacy/salary-masking.js";
import type { Task } from "../../core/tasks/task-model.js";
import { taskLabel } from "./task-pages.js";
import { esc, timeHtml, userText } from "./shell.js";

const text = {
  "zh-CN": {
    tasks: "任务", allTasks: "在任务页处理", due: "截止", applications: "申请", scheduleInterview: "安排面试", draftOffer: "起草 Offer", actions: "操作", requisition: "职位", status: "状态", screen: "筛选", applied: "申请时间", board: "看板", none: "暂无",
    interviews: "面试", time: "时间", mode: "方式", interviewer: "面试官", outcome: "结果", confirmed: "已确认",
    offers: "Offer", pay: "base 薪资", budget: "预算", risk: "流失风险", response: "候选人答复", submitted: "提交时间",
    preferences: "偏好与授权", channel: "联系渠道", language: "语言", timeZone: "时区", caresAbout: "关心（逗号分隔）", bestTime: "方便联系的时间", consents: "授权", save: "保存", saved: "已保存",
    source: "依据", version: "版本",
    appStatus: { received: "已收到", screened: "已筛选", invited: "已邀约", engaged: "已互动", nudged: "已提醒", "no-response": "未回复", unreachable: "联系不上", rejected: "已淘汰", "held-for-review": "待人工复核", failed: "失败" } as Record<string, string>,
    decisions: { advance: "通过", reject: "淘汰", hold: "待复核" } as Record<string, string>,
    modes: { onsite: "现场", video: "视频" } as Record<string, string>,
    ivStatus: { scheduled: "已安排", confirmed: "已确认", declined: "已拒绝", cancelled: "已取消" } as Record<string, string>,
    outcomes: { attended: "已出席", "no-show": "未出席", rescheduled: "已改期", cancelled: "已取消" } as Record<string, string>,
    offerStatus: { draft: "草稿", "pending-approval": "审批中", "approval-rejected": "审批被拒", "approval-expired": "审批超时", sent: "已发出", accepted: "已接受", declined: "已拒绝", "decision-stalled": "迟迟未决", failed: "失败" } as Record<string, string>,
    budgetStatus: { within: "预算内", above: "高于预算", below: "低于预算", "no-budget": "未设预算" } as Record<string, string>,
    channels: { email: "邮件", sms: "短信", phone: "电话", wechat: "微信" } as Record<string, string>,
    sources: { hr: "HR 记录", candidate: "候选人本人", intake: "投递渠道", import: "导入" } as Record<string, string>,
    purposes: { "active-application": "当前申请", "talent-pool": "人才库", "re-engagement": "再次联系", marketing: "营销" } as Record<string, string>,
    period: { month: "月", year: "年" } as Record<string, string>,
  },
  en: {
    tasks: "Tasks", allTasks: "Act on them in the inbox", due: "due", applications: "Applications", scheduleInterview: "Schedule an interview", draftOffer: "Draft an offer", actions: "Act", requisition: "Requisition", status: "Status", screen: "Screen", applied: "Applied", board: "Board", none: "None",
    interviews: "Interviews", time: "Time", mode: "Mode", interviewer: "Interviewer", outcome: "Outcome", confirmed: "Confirmed",
    offers: "Offers", pay: "Base pay", budget: "Budget", risk: "Drop-off risk", response: "Candidate's answer", submitted: "Submitted",
    preferences: "Preferences and consent", channel: "Channel", language: "Language", timeZone: "Time zone", caresAbout: "Cares about (comma-separated)", bestTime: "Best time to reach", consents: "Consent", save: "Save", saved: "Saved",
    source: "per", version: "version",
    appStatus: { received: "Received", screened: "Screened", invited: "Invited", engaged: "Engaged", nudged: "Nudged", "no-response": "No response", unreachable: "Unreachable", rejected: "Rejected", "held-for-review": "Held for review", failed: "Failed" } as Record<string, string>,
    decisions: { advance: "advance", reject: "reject", hold: "hold" } as Record<string, string>,
    modes: { onsite: "On site", video: "Video" } as Record<string, string>,
    ivStatus: { scheduled: "Scheduled", confirmed: "Confirmed", declined: "Declined", cancelled: "Cancelled" } as Record<string, string>,
    outcomes: { attended: "Attended", "no-show": "No-show", rescheduled: "Rescheduled", cancelled: "Cancelled" } as Record<string, string>,
    offerStatus: { draft: "Draft", "pending-approval": "Awaiting approval", "approval-rejected": "Approval rejected", "approval-expired": "Approval expired", sent: "Sent", accepted: "Accepted", declined: "Declined", "decision-stalled": "Decision stalled", failed: "Failed" } as Record<string, string>,
    budgetStatus: { within: "Within budget", above: "Above budget", below: "Below budget", "no-budget": "No budget" } as Record<string, string>,
    channels: { email: "Email", sms: "SMS", phone: "Phone", wechat: "WeChat" } as Record<string, string>,
    sources: { hr: "HR's record", candidate: "the candidate", intake: "the job board", import: "an import" } as Record<string, string>,
    purposes: { "active-application": "Current application", "talent-pool": "Talent pool", "re-engagement": "Re-engagement", marketing: "Marketing" } as Record<string, string>,
    period: { month: "month", year: "year" } as Record<string, string>,
  },
} as const;

export interface CandidateWork {
  applications: Application[];
  interviews: Interview[];
  offers: Offer[];
  /** Active tasks about the candidate. */
  tasks: Task[];
  interviewerNames: Record<string, string>;
  requisitions: Requisition[];
}

export function candidateWorkSections(w: CandidateWork, candidateId: string, preferences: Preferences, canEdit: boolean, salaryVisible: boolean, locale: Locale, zone: string | undefined, csrfToken: string): { html: string; script: string } {
  const t = text[locale];
  const title = (id: string) => w.requisitions.find((r) => r.requisitionId === id)?.title ?? id;
  const base = `/hr/console/candidates/${encodeURIComponent(candidateId)}`;
  // A fresh id per application for the next offer; the offer page opens an empty draft under it.
  const newOfferId = (applicationId: string) => `offer-${applicationId.toLowerCase().replace(/[^a-z0-9]/g, "").slice(-10)}-${w.offers.filter((o) => o.applicationId === applicationId).length + 1}`;
  const apps = w.applications.length
    ? `<table id="applications" class="cards"><tr><th>${t.requisition}</th><th>${t.status}</th><th>${t.screen}</th><th>${t.applied}</th>${canEdit ? `<th>${t.actions}</th>` : ""}</tr>${w.applications
        .map((a) => {
          const d = a.screenOverride?.decision ?? a.screen?.decision;
          return `<tr data-application="${esc(a.applicationId)}"><td data-label="${t.requisition}"><a href="/hr/console/requisitions/${encodeURIComponent(a.requisitionId)}?lang=${locale}" translate="no">${esc(title(a.requisitionId))}</a></td><td data-label="${t.status}">${esc(t.appStatus[a.status] ?? a.status)}</td>
<td data-label="${t.screen}">${d ? esc(t.decisions[d] ?? d) : "—"}${a.screen ? ` · ${a.screen.score}` : ""}</td><td data-label="${t.applied}">${timeHtml(a.createdAt, locale, zone)}</td>${canEdit ? `<td data-label="${t.actions}"><a class="schedule-link" href="${base}/schedule?applicationId=${encodeURIComponent(a.applicationId)}&amp;lang=${locale}">${t.scheduleInterview}</a> · <a class="offer-link" href="${base}/offers/${encodeURIComponent(newOfferId(a.applicationId))}?lang=${locale}">${t.draftOffer}</a></td>` : ""}</tr>`;
        })
        .join("")}</table>`
    : `<p class="muted">${t.none}</p>`;
  const interviews = w.interviews.length
    ? `<table id="interviews" class="cards"><tr><th>${t.time}</th><th>${t.interviewer}</th><th>${t.mode}</th><th>${t.status}</th><th>${t.outcome}</th></tr>${[...w.interviews]
        .sort((a, b) => (a.startsAt < b.startsAt ? 1 : -1))
        .map((i) => `<tr data-interview="${esc(i.interviewId)}"><td data-label="${t.time}">${timeHtml(i.startsAt, locale, zone)}</td><td data-label="${t.interviewer}">${userText(w.interviewerNames[i.interviewerId] ?? i.interviewerId)}</td>
<td data-label="${t.mode}">${esc(t.modes[i.mode] ?? i.mode)}</td><td data-label="${t.status}">${esc(t.ivStatus[i.status] ?? i.status)}${i.confirmedAt ? ` (${t.confirmed} ${timeHtml(i.confirmedAt, locale, zone)})` : ""}</td><td data-label="${t.outcome}">${i.outcome ? esc(t.outcomes[i.outcome] ?? i.outcome) : "—"}</td></tr>`)
        .join("")}</table>`
    : `<p class="muted">${t.none}</p>`;
  const pay = (o: Offer) => {
    const b = o.parts.basePay as Offer["parts"]["basePay"] | typeof MASK | undefined;
    // Offer pay is salary: masked for roles outside SALARY_VIEWER_ROLES, like expectations and budgets.
    if (b === MASK || !salaryVisible) return MASK;
    return b ? `${b.amount.toLocaleString("en-US")} ${esc(b.currency)}/${t.period[b.period]}${b.monthsPerYear ? ` × ${b.monthsPerYear}` : ""}` : "—";
  };
  const offers = w.offers.length
    ? `<table id="offers" class="cards"><tr><th>Offer</th><th>${t.status}</th><th>${t.pay}</th><th>${t.budget}</th><th>${t.risk}</th><th>${t.response}</th><th>${t.submitted}</th></tr>${w.offers
        .map((o) => `<tr data-offer="${esc(o.offerId)}"><td data-label="Offer" translate="no"><a href="${base}/offers/${encodeURIComponent(o.offerId)}?lang=${locale}">${esc(o.offerId)}</a></td><td data-label="${t.status}">${esc(t.offerStatus[o.status] ?? o.status)}</td><td data-label="${t.pay}">${pay(o)}</td>
<td data-label="${t.budget}">${o.budgetStatus ? esc(t.budgetStatus[o.budgetStatus]) : "—"}</td><td data-label="${t.risk}">${o.riskScore !== undefined ? `${o.riskScore}/10` : "—"}</td><td data-label="${t.response}">${o.response ? esc(t.offerStatus[o.response]) : "—"}</td><td data-label="${t.submitted}">${timeHtml(o.submittedAt, locale, zone)}</td></tr>`)
        .join("")}</table>`
    : `<p class="muted">${t.none}</p>`;
  const p = preferences;
  const disabled = canEdit ? "" : " disabled";
  const channelOptions = Object.entries(t.channels).map(([k, v]) => `<option value="${k}"${p.channel.value === k ? " selected" : ""}>${v}</option>`).join("");
  const consentBoxes = Object.entries(t.purposes)
    .map(([k, v]) => `<label class="check"><span><input type="checkbox" name="consent" value="${k}"${p.consents[k as keyof typeof p.consents]?.current ? " checked" : ""}${disabled}> ${v}</span>${p.consents[k as keyof typeof p.consents] ? `<small class="muted">${timeHtml(p.consents[k as keyof typeof p.consents]!.at, locale, zone)}</small>` : ""}</label>`)
    .join("");
  const prefs = `<form id="preferences-form" class="inline" data-version="${p.version}">
<label>${t.channel} <select name="channel"${disabled}>${channelOptions}</select><small class="muted">${t.source} ${esc(t.sources[p.channel.source] ?? p.channel.source)}</small></label>
<label>${t.language} <select name="language"${disabled}><option value="zh-CN" lang="zh-CN"${p.language === "zh-CN" ? " selected" : ""}>中文</option><option value="en" lang="en"${p.language === "en" ? " selected" : ""}>English</option></select></label>
<label>${t.timeZone} <input name="timeZone" value="${esc(p.timeZone)}"${disabled}></label><label>${t.caresAbout} <input name="caresAbout" value="${esc(p.caresAbout.join(", "))}"${disabled}></label>
<label>${t.bestTime} <input name="bestTime" value="${esc(p.bestTime ?? "")}"${disabled}></label><fieldset class="consents"><legend>${t.consents}</legend>${consentBoxes}</fieldset>
${canEdit ? `<button type="submit">${t.save}</button>` : ""}<span id="preferences-result" role="status"></span></form>`;
  const tasks = `<h2>${t.tasks}</h2>${w.tasks.length ? `<ul id="candidate-tasks">${w.tasks.map((x) => `<li data-task="${esc(x.taskId)}">${esc(taskLabel(x.kind, x.type, locale))} · ${t.due} ${timeHtml(x.dueAt, locale, zone)}</li>`).join("")}</ul>` : `<p class="muted" id="candidate-tasks">${t.none}</p>`}
<p><a href="/hr/console/tasks?candidateId=${encodeURIComponent(candidateId)}&amp;lang=${locale}">${t.allTasks}</a></p>`;
  const html = `<h2>${t.applications}</h2>${apps}${tasks}<h2>${t.interviews}</h2>${interviews}<h2>${t.offers}</h2>${offers}<h2>${t.preferences}</h2>${prefs}`;
  const script = canEdit
    ? `document.getElementById("preferences-form").addEventListener("submit", async (ev) => {
  ev.preventDefault(); const f = ev.target; const d = new FormData(f); const out = document.getElementById("preferences-result");
  const granted = new Set(d.getAll("consent")); const before = ${JSON.stringify(Object.fromEntries(Object.entries(p.consents).map(([k, c]) => [k, Boolean(c?.current)])))};
  const consents = {}; for (const k of ${JSON.stringify(Object.keys(t.purposes))}) if (granted.has(k) !== Boolean(before[k])) consents[k] = { granted: granted.has(k) };
  const body = { expectedVersion: Number(f.dataset.version), channel: d.get("channel"), language: d.get("language"), timeZone: d.get("timeZone"),
    caresAbout: String(d.get("caresAbout")).split(/[,，]/).map((x) => x.trim()).filter(Boolean), bestTime: d.get("bestTime") || null };
  if (Object.keys(consents).length) body.consents = consents;
  const res = await fetch(${JSON.stringify(`/hr/console/candidates/${encodeURIComponent(candidateId)}/preferences`)}, { method: "PUT", credentials: "same-origin", headers: { "content-type": "application/json", "x-csrf-token": ${JSON.stringify(csrfToken)} }, body: JSON.stringify(body) });
  const r = await res.json().catch(() => ({}));
  if (!res.ok) { out.className = "error"; out.textContent = (r.errors || []).map((e) => e.path).join(", ") || r.title || res.status; return; }
  out.className = "ok"; out.textContent = ${JSON.stringify(t.saved)}; setTimeout(() => location.reload(), 300);
});`
    : "";
  return { html, script };
}
