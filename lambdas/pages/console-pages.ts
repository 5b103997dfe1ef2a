// HR console pages, server-rendered in zh-CN and en, for the same Cognito users and roles as the HR API.
// The handler has verified the session (cookie or bearer); the small inline scripts (CSP nonce) post to
// console routes with the session's CSRF token, since a cookie session is an ambient credential.
// The shell (menu, language, time zone, phone-width CSS) is pages/console/shell.ts.
import { randomBytes } from "node:crypto";
import type { Locale, Requisition } from "../core/shared/model.js";
import type { Page } from "../core/shared/ports.js";
import type { HeatCell, Recommendation } from "../core/talent/best-time.js";
import type { ImportJob, ImportRowResult } from "../core/talent/import-model.js";
import type { SearchSummary, TalentProfile } from "../core/talent/talent-model.js";
import type { Preferences } from "../core/preferences/preferences-model.js";
import type { SearchQuery } from "../core/talent/talent-search.js";
import type { CandidateView } from "../core/shared/ports.js";
import { MASK } from "../core/privacy/salary-masking.js";
import type { LostContact } from "../core/talent/lost-contact.js";
import type { Experiment } from "../core/talent/experiments.js";
import type { RecallCandidate } from "../core/recall/recall.js";
import type { ExperimentVerdict } from "../core/talent/ab-test.js";
import type { Problem } from "../core/shared/problem.js";
import { explain, explainAll } from "./console/explanations.js";
import { esc, layout, textWithTimes, timeHtml, userText, type ConsoleSessionView } from "./console/shell.js";
import { timelineEntry } from "./console/timeline-text.js";
import { candidateWorkSections, type CandidateWork } from "./console/candidate-sections.js";

export type { ConsoleSessionView } from "./console/shell.js";

import { SEARCH_SORTS, type SearchSort } from "./console/search-sort.js";

export type ConsoleData =
  | { page: "search"; query: SearchQuery; sort: SearchSort; results: Page<SearchSummary>; requisitions: Requisition[] }
  | { page: "candidate"; view: CandidateView & { talent: TalentProfile | null; preferences: Preferences; lostContact: LostContact }; salaryVisible: boolean; requisitions: Requisition[]; work: Omit<CandidateWork, "applications" | "requisitions">; canEdit: boolean }
  | { page: "best-time"; stats: { roleFamily: string; cells: HeatCell[]; recommendation: Recommendation | null; minAttempts: number } }
  | { page: "imports"; job?: ImportJob; rejectedRows?: ImportRowResult[] }
  | { page: "experiments"; experiments: Experiment[]; canDefine: boolean }
  | { page: "experiment"; experiment: Experiment; results: ExperimentVerdict; canDefine: boolean }
  | { page: "recall"; requisition: Requisition; candidates: RecallCandidate[] }
  | { page: "problem"; problem: Problem; path: string };

const text = {
  "zh-CN": {
    title: "人才搜索", search: "搜索", name: "姓名", phone: "手机", email: "邮箱", tag: "标签", status: "状态", requisition: "职位", minRating: "淘汰但评分≥", keyword: "简历关键词",
    any: "全部", results: "结果", none: "没有匹配的候选人", next: "下一页", rating: "最高评分", open: "打开", timeline: "时间线", tags: "标签", updated: "更新时间",
    lostContact: "失联概率", setByHr: "HR 设置", fromJourneys: "由流程得出", evidence: "联系失败记录", expectations: "期望", salary: "期望月薪", perMonth: "/月", consents: "授权", logCall: "记录通话", outcome: "结果", note: "备注", save: "保存", callBack: "约定回电时间", calledAt: "通话时间",
    bestTime: "最佳联系时间", heatmap: "接通率（候选人当地时间）", recommendation: "建议", noRecommendation: "数据不足，暂无建议", attempts: "次拨打", connect: "接通率", roleFamily: "职位族",
    heatLegend: "每格：接通率、拨打次数、95% 置信区间。少于 {n} 次的格子不参与建议。", hour: "时",
    imports: "导入", upload: "上传并导入", source: "来源", file: "文件（CSV / XLSX）", created: "新建", merged: "合并", rejected: "拒绝", processed: "已处理", row: "行", reason: "原因", values: "原始值",
    running: "导入中…", queued: "排队中…", completed: "已完成", failed: "失败", weekdays: ["日", "一", "二", "三", "四", "五", "六"],
    sort: "排序", sorts: { recent: "最近更新", name: "姓名", status: "状态", rating: "评分" }, shown: "本页 {n} 人", more: "（还有更多，见下一页）",
    selectAll: "全选本页", selected: "已选 {n} 人", bulkTag: "批量加标签", bulkStatus: "批量改状态", apply: "应用", bulkDone: "已更新 {n} 人", choose: "请先选择候选人",
    callLogged: "已记录：", nextAttempt: "下次拨打", followUp: "跟进消息", callBackRequired: "约定回电需要填写时间",
    outcomes: { "no-answer": "无人接听", busy: "忙线", "wrong-number": "号码错误", reached: "已接通", "call-back": "约定回电" },
    statuses: { "not-contacted": "未联系", contacted: "已联系", unreachable: "无法联系", interviewing: "面试中", offered: "已发offer", hired: "已录用", rejected: "已淘汰", stalled: "搁置" },
    channels: { email: "邮件", sms: "短信", phone: "电话", wechat: "微信" } as Record<string, string>,
    purposes: { "re-engagement": "再次联系", "talent-pool": "人才库", marketing: "营销" } as Record<string, string>,
    experiments: "外呼实验", experiment: "实验结果", noExperiments: "还没有实验。",
    newExperiment: "新建实验", expId: "实验 ID", expName: "名称", armA: "方案 A", armB: "方案 B", armHelp: "小写字母、数字和 -，例如 sms-first", define: "保存实验", expSaved: "已保存", expFix: "请修改标出的字段：",
    stopExperiment: "停止实验（不再分配新人）", restartExperiment: "重新开始分配", arm: "方案", assigned: "分配", responded: "响应", responseRate: "响应率",
    expStatus: { running: "进行中", stopped: "已停止" } as Record<string, string>,
    winner: "显著更优", tooFew: "样本不足，暂不判断", noWinner: "差异不显著，不宣布胜者",
    recall: "召回简报", match: "匹配分", rejectedBecause: "淘汰原因", daysAgo: "天前", expBudget: "期望 / 预算（月薪）", opening: "建议开场白", noRecall: "暂无符合条件的候选人",
    problems: { 400: "请求有误", 401: "请先登录", 403: "没有权限", 404: "找不到页面", 409: "数据已被他人修改", 500: "出错了" } as Record<number, string>,
    problemHelp: { 400: "请检查以下字段：", 403: "你的角色不能打开这个页面。", 404: "这个页面或记录不存在。", 409: "请刷新后再试。", 500: "请稍后再试。" } as Record<number, string>,
    home: "回到人才搜索",
  },
  en: {
    title: "Talent search", search: "Search", name: "Name", phone: "Phone", email: "Email", tag: "Tag", status: "Status", requisition: "Requisition", minRating: "Rejected but rated ≥", keyword: "Résumé keyword",
    any: "Any", results: "Results", none: "No matching candidates", next: "Next page", rating: "Top rating", open: "Open", timeline: "Timeline", tags: "Tags", updated: "Updated",
    lostContact: "Lost-contact probability", setByHr: "set by HR", fromJourneys: "from the journeys", evidence: "Failed contact attempts", expectations: "Expectations", salary: "Expected salary", perMonth: " per month", consents: "Consent", logCall: "Log a call", outcome: "Outcome", note: "Note", save: "Save", callBack: "Call back at", calledAt: "Called at",
    bestTime: "Best time to call", heatmap: "Connect rate (candidate's local time)", recommendation: "Recommendation", noRecommendation: "Not enough data for a recommendation yet", attempts: "attempts", connect: "connect rate", roleFamily: "Role family",
    heatLegend: "Each cell: connect rate, attempts, 95% confidence interval. Cells with fewer than {n} attempts are not recommended.", hour: "Hour",
    imports: "Imports", upload: "Upload and import", source: "Source", file: "File (CSV / XLSX)", created: "Created", merged: "Merged", rejected: "Rejected", processed: "Processed", row: "Row", reason: "Reason", values: "Values",
    running: "Importing…", queued: "Queued…", completed: "Completed", failed: "Failed", weekdays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    sort: "Sort", sorts: { recent: "Recently updated", name: "Name", status: "Status", rating: "Rating" }, shown: "{n} on this page", more: " (more on the next page)",
    selectAll: "Select all on this page", selected: "{n} selected", bulkTag: "Add a tag", bulkStatus: "Set status", apply: "Apply", bulkDone: "Updated {n}", choose: "Select candidates first",
    callLogged: "Logged:", nextAttempt: "next attempt", followUp: "follow-up", callBackRequired: "A call-back needs a time",
    outcomes: { "no-answer": "No answer", busy: "Busy", "wrong-number": "Wrong number", reached: "Reached", "call-back": "Call back" },
    statuses: { "not-contacted": "Not contacted", contacted: "Contacted", unreachable: "Unreachable", interviewing: "Interviewing", offered: "Offered", hired: "Hired", rejected: "Rejected", stalled: "Stalled" },
    channels: { email: "Email", sms: "SMS", phone: "Phone", wechat: "WeChat" } as Record<string, string>,
    purposes: { "re-engagement": "Re-engagement", "talent-pool": "Talent pool", marketing: "Marketing" } as Record<string, string>,
    experiments: "Experiments", experiment: "Experiment results", noExperiments: "No experiments yet.",
    newExperiment: "New experiment", expId: "Experiment ID", expName: "Name", armA: "Arm A", armB: "Arm B", armHelp: "lowercase letters, digits and -, e.g. sms-first", define: "Save experiment", expSaved: "Saved", expFix: "Fix the marked fields:",
    stopExperiment: "Stop the experiment (no new assignments)", restartExperiment: "Restart assignments", arm: "Arm", assigned: "Assigned", responded: "Responded", responseRate: "Response rate",
    expStatus: { running: "Running", stopped: "Stopped" } as Record<string, string>,
    winner: "Winner", tooFew: "Too few assignments to judge yet", noWinner: "No significant difference; no winner declared",
    recall: "Recall brief", match: "match", rejectedBecause: "Rejected because", daysAgo: "days ago", expBudget: "Expectations / budget (monthly)", opening: "Suggested opening", noRecall: "No past candidates match yet",
    problems: { 400: "Bad request", 401: "Sign in first", 403: "Not allowed", 404: "Page not found", 409: "Changed by someone else", 500: "Something went wrong" } as Record<number, string>,
    problemHelp: { 400: "Check these fields:", 403: "Your role cannot open this page.", 404: "This page or record does not exist.", 409: "Reload and try again.", 500: "Try again later." } as Record<number, string>,
    home: "Back to talent search",
  },
} as const;

const money = (v: unknown) => (v === MASK ? MASK : typeof v === "number" ? v.toLocaleString("en-US") : "");
const fill = (template: string, n: number | string) => template.replace("{n}", String(n));

/** Requisition id → title, for showing names where the data holds ids. */
export function requisitionNames(requisitions: Requisition[]): (id: string) => string {
  const byId = new Map(requisitions.map((r) => [r.requisitionId, r.title]));
  return (id) => byId.get(id) ?? id;
}

const STATUS_ORDER = ["not-contacted", "contacted", "interviewing", "offered", "hired", "stalled", "unreachable", "rejected"];

export function sortSummaries(items: SearchSummary[], sort: SearchSort, locale: Locale): SearchSummary[] {
  const collator = new Intl.Collator(locale === "zh-CN" ? "zh-CN-u-co-pinyin" : "en");
  const sorted = [...items];
  if (sort === "name") sorted.sort((a, b) => collator.compare(a.name, b.name));
  else if (sort === "status") sorted.sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || collator.compare(a.name, b.name));
  else if (sort === "rating") sorted.sort((a, b) => (b.maxRating ?? 0) - (a.maxRating ?? 0) || collator.compare(a.name, b.name));
  else sorted.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
  return sorted;
}

function searchPage(d: Extract<ConsoleData, { page: "search" }>, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const t = text[locale];
  const q = d.query;
  const reqName = requisitionNames(d.requisitions);
  const field = (name: keyof SearchQuery, label: string) => `<label>${label} <input name="${name}" value="${esc(q[name] ?? "")}"></label>`;
  const statusOptions = Object.entries(t.statuses).map(([k, v]) => `<option value="${k}"${q.status === k ? " selected" : ""}>${v}</option>`).join("");
  const reqOptions = d.requisitions.map((r) => `<option value="${esc(r.requisitionId)}"${q.requisition === r.requisitionId ? " selected" : ""} translate="no">${esc(r.title)}</option>`).join("");
  const sortOptions = SEARCH_SORTS.map((s) => `<option value="${s}"${d.sort === s ? " selected" : ""}>${t.sorts[s]}</option>`).join("");
  const items = sortSummaries(d.results.items, d.sort, locale);
  const rows = items
    .map(
      (s) => `<tr><td class="pick-cell"><input type="checkbox" class="pick" name="candidateId" value="${esc(s.candidateId)}" aria-label="${esc(s.name)}"></td>
<td data-label="${t.name}"><a class="candidate-link" href="/hr/console/candidates/${esc(s.candidateId)}?lang=${locale}" translate="no">${esc(s.name)}</a></td><td data-label="${t.phone}">${esc(s.phoneE164)}</td><td data-label="${t.email}">${esc(s.emailNorm)}</td>
<td data-label="${t.status}">${esc(t.statuses[s.status])}</td><td data-label="${t.tags}">${s.tags.map((x) => `<span class="tag" translate="no">${esc(x)}</span>`).join("") || "—"}</td>
<td data-label="${t.requisition}" class="requisitions">${s.requisitionIds.map((r) => `<a href="/hr/console/search?requisition=${encodeURIComponent(r)}&amp;lang=${locale}" translate="no">${esc(reqName(r))}</a>`).join("、")}</td><td data-label="${t.rating}">${esc(s.maxRating ?? "—")}</td>
<td data-label="${t.updated}">${timeHtml(s.updatedAt, locale, session.timeZone)}</td></tr>`,
    )
    .join("");
  const keep = Object.entries({ ...q, sort: d.sort, lang: locale }).filter(([k, v]) => k !== "cursor" && v !== undefined && v !== "");
  const params = new URLSearchParams([...keep.map(([k, v]): [string, string] => [k, String(v)]), ...(d.results.nextCursor ? [["cursor", d.results.nextCursor] as [string, string]] : [])]);
  const bulkStatusOptions = Object.entries(t.statuses).map(([k, v]) => `<option value="${k}">${v}</option>`).join("");
  const body = `<form class="inline" method="get" action="/hr/console/search"><input type="hidden" name="lang" value="${locale}">${field("name", t.name)}${field("phone", t.phone)}${field("email", t.email)}${field("tag", t.tag)}${field("keyword", t.keyword)}
<label>${t.status} <select name="status"><option value="">${t.any}</option>${statusOptions}</select></label><label>${t.requisition} <select name="requisition"><option value="">${t.any}</option>${reqOptions}</select></label>${field("minRating", t.minRating)}
<label>${t.sort} <select name="sort">${sortOptions}</select></label><button type="submit">${t.search}</button></form>
<h2>${t.results} <span class="count" id="result-count">${fill(t.shown, items.length)}</span>${d.results.nextCursor ? `<span class="muted">${t.more}</span>` : ""}</h2>
${rows ? `<form id="bulk-form" class="inline"><label><span><input type="checkbox" id="select-all"> ${t.selectAll}</span></label><span id="selected-count" class="muted">${fill(t.selected, 0)}</span>
<label>${t.bulkTag} <input name="tag" maxlength="60"></label><label>${t.bulkStatus} <select name="status"><option value=""></option>${bulkStatusOptions}</select></label><label>${t.reason} <input name="reason" maxlength="200"></label>
<button type="submit">${t.apply}</button><span id="bulk-result" role="status"></span></form>
<table id="results" class="cards"><tr><th></th><th>${t.name}</th><th>${t.phone}</th><th>${t.email}</th><th>${t.status}</th><th>${t.tags}</th><th>${t.requisition}</th><th>${t.rating}</th><th>${t.updated}</th></tr>${rows}</table>` : `<p class="muted">${t.none}</p>`}
${d.results.nextCursor ? `<p><a id="next-page" href="/hr/console/search?${esc(params.toString())}">${t.next}</a></p>` : ""}`;
  const script = rows
    ? `const picks = () => [...document.querySelectorAll("input.pick")];
const count = () => { document.getElementById("selected-count").textContent = ${JSON.stringify(t.selected)}.replace("{n}", picks().filter((p) => p.checked).length); };
document.getElementById("select-all").addEventListener("change", (ev) => { picks().forEach((p) => (p.checked = ev.target.checked)); count(); });
picks().forEach((p) => p.addEventListener("change", count));
document.getElementById("bulk-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target); const out = document.getElementById("bulk-result");
  const candidateIds = picks().filter((p) => p.checked).map((p) => p.value);
  if (!candidateIds.length) { out.className = "error"; out.textContent = ${JSON.stringify(t.choose)}; return; }
  const body = { batchKey: crypto.randomUUID(), candidateIds };
  if (f.get("tag")) body.addTag = f.get("tag");
  if (f.get("status")) { body.status = f.get("status"); body.reason = f.get("reason") || ${JSON.stringify(t.bulkStatus)}; }
  const res = await fetch("/hr/console/talent/bulk-changes", { method: "POST", credentials: "same-origin", headers: { "content-type": "application/json", "x-csrf-token": ${JSON.stringify(session.csrfToken)} }, body: JSON.stringify(body) });
  const result = await res.json().catch(() => ({}));
  if (!res.ok) { out.className = "error"; out.textContent = (result.errors || []).map((e) => e.path).join(", ") || result.title || res.status; return; }
  out.className = "ok"; out.textContent = ${JSON.stringify(t.bulkDone)}.replace("{n}", result.changed);
  setTimeout(() => location.reload(), 400);
});`
    : "";
  return layout({ locale, title: t.title, body, nonce, session, active: "search", script, showsTimes: true });
}

/** Why the status is what it is: the journeys' phrase in the page's language; HR's own words as written. */
function statusReason(reason: string, source: TalentProfile["statusSource"], locale: Locale, zone: string | undefined): string {
  const shown = source === "hr" ? { text: reason, known: false } : explain(reason, locale);
  return `<span id="status-reason" class="muted"${shown.known ? "" : ' translate="no"'}>(${textWithTimes(shown.text, locale, zone)})</span>`;
}

/** Whose word the status is (HR's, with who and when, or the journeys'), so HR knows whether a journey can still move it. */
function statusSource(talent: TalentProfile | null | undefined, t: (typeof text)[Locale], locale: Locale, zone: string | undefined): string {
  if (!talent?.statusSource) return "";
  if (talent.statusSource === "hr") return ` <span id="status-source" data-source="hr">${t.setByHr}${talent.statusBy ? ` · <span translate="no">${esc(talent.statusBy)}</span>` : ""}${talent.statusAt ? ` · ${timeHtml(talent.statusAt, locale, zone)}` : ""}</span>`;
  return ` <span id="status-source" data-source="journey" class="muted">${t.fromJourneys}</span>`;
}

/** The failed attempts since the person was last reached, across every channel: why they are (or may become) unreachable. */
function statusEvidence(talent: TalentProfile | null | undefined, t: (typeof text)[Locale], locale: Locale, zone: string | undefined): string {
  const evidence = talent?.unreachableEvidence ?? [];
  if (!evidence.length) return "";
  const items = evidence.map((line) => {
    const [at, ...rest] = line.split(" ");
    return `<li>${timeHtml(at, locale, zone)} <span lang="en">${esc(rest.join(" "))}</span></li>`;
  });
  return `<details id="status-evidence"${talent?.status === "unreachable" ? " open" : ""}><summary>${t.evidence} (${evidence.length})</summary><ul>${items.join("")}</ul></details>`;
}

function candidatePage(d: Extract<ConsoleData, { page: "candidate" }>, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const t = text[locale];
  const zone = session.timeZone;
  const { candidate, timeline } = d.view;
  const talent = d.view.talent;
  const reqName = requisitionNames(d.requisitions);
  const exp = talent?.expectations as Record<string, unknown> | undefined;
  const requisitionOf = new Map(d.view.applications.map((a) => [a.applicationId, a.requisitionId]));
  const timelineContext = { time: (iso: string) => timeHtml(iso, locale, zone), requisitionTitleFor: (applicationId: string | undefined) => (applicationId && requisitionOf.has(applicationId) ? reqName(requisitionOf.get(applicationId)!) : undefined) };
  const outcomeOptions = Object.entries(t.outcomes).map(([k, v]) => `<option value="${k}">${v}</option>`).join("");
  const reqOptions = (talent?.requisitionIds ?? []).map((r) => `<option value="${esc(r)}" translate="no">${esc(reqName(r))}</option>`).join("");
  const work = candidateWorkSections({ ...d.work, applications: d.view.applications, requisitions: d.requisitions }, candidate.candidateId, d.view.preferences, d.canEdit, d.salaryVisible, locale, zone, session.csrfToken);
  const body = `<p id="contact" translate="no">${esc(candidate.phoneE164)} · ${esc(candidate.emailNorm)} · ${esc(candidate.timeZone)}</p>
<p>${t.status}: <strong id="status">${esc(talent ? t.statuses[talent.status] : t.statuses["not-contacted"])}</strong> ${talent?.statusReason ? statusReason(talent.statusReason, talent.statusSource, locale, zone) : ""}${statusSource(talent, t, locale, zone)}</p>
${statusEvidence(talent, t, locale, zone)}
<p>${t.lostContact}: <strong id="lost-contact">${Math.round(d.view.lostContact.probability * 100)}%</strong> <span class="muted">${textWithTimes(explainAll(d.view.lostContact.factors, locale), locale, zone)}</span></p>
<p>${t.tags}: ${(talent?.tags ?? []).map((x) => `<span class="tag" translate="no">${esc(x)}</span>`).join("") || "—"}</p>
<p>${t.requisition}: ${(talent?.requisitionIds ?? []).map((r) => userText(reqName(r))).join("、") || "—"}</p>
<p>${t.salary}: <span id="salary">${exp ? `${money(exp.salaryMin)} – ${money(exp.salaryMax)} ${esc(exp.currency ?? "")}${exp.salaryMin === MASK ? "" : t.perMonth}` : "—"}</span></p>
${work.html}
<h2>${t.logCall}</h2>
<form id="call-form" class="inline"><label>${t.calledAt} (${esc(zone ?? "UTC")}) <input type="datetime-local" name="at"></label><label>${t.outcome} <select name="outcome">${outcomeOptions}</select></label>
<label>${t.requisition} <select name="requisitionId"><option value=""></option>${reqOptions}</select></label>
<label>${t.callBack} (${esc(zone ?? "UTC")}) <input type="datetime-local" name="callBackAt"></label>
<label>${t.note} <input name="note" size="30"></label><button type="submit">${t.save}</button></form><p id="call-result" role="status"></p>
<h2>${t.timeline}</h2><ol class="timeline" id="timeline">${timeline.map((e) => timelineEntry(e, locale, timeHtml(e.at, locale, zone), timelineContext)).join("")}</ol>`;
  const outcomes = JSON.stringify(t.outcomes);
  const script = `document.getElementById("call-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target);
  const p = document.getElementById("call-result");
  const body = { attemptKey: crypto.randomUUID(), outcome: f.get("outcome") };
  if (f.get("note")) body.note = f.get("note");
  if (f.get("at")) body.at = new Date(f.get("at")).toISOString();
  if (f.get("requisitionId")) body.requisitionId = f.get("requisitionId");
  if (f.get("callBackAt")) body.callBackAt = new Date(f.get("callBackAt")).toISOString();
  else if (body.outcome === "call-back") { p.className = "error"; p.textContent = ${JSON.stringify(t.callBackRequired)}; return; }
  const res = await fetch(${JSON.stringify(`/hr/console/candidates/${encodeURIComponent(candidate.candidateId)}/calls`)}, { method: "POST", credentials: "same-origin", headers: { "content-type": "application/json", "x-csrf-token": ${JSON.stringify(session.csrfToken)} }, body: JSON.stringify(body) });
  const out = await res.json().catch(() => ({}));
  if (!res.ok) { p.className = "error"; p.textContent = (out.errors || []).map((e) => e.path).join(", ") || out.title || res.status; return; }
  p.className = "ok"; p.textContent = ${JSON.stringify(t.callLogged)} + " " + (${outcomes}[body.outcome] || "");
  setTimeout(() => location.reload(), 300);
});
${work.script}`;
  return layout({ locale, title: candidate.name, body, nonce, session, script, showsTimes: true, titleIsUserText: true });
}

function bestTimePage(d: Extract<ConsoleData, { page: "best-time" }>, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const t = text[locale];
  const { cells, recommendation: r } = d.stats;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const days = [1, 2, 3, 4, 5, 6, 0];
  // Hours down, weekdays across: eight narrow columns fit a phone, and every cell shows its numbers.
  const cell = (c: HeatCell) => {
    if (!c.attempts) return `<td class="empty"></td>`;
    const shade = Math.round(255 - c.rate * 160);
    return `<td style="background:rgb(${shade},255,${shade})" data-weekday="${c.weekday}" data-hour="${c.hour}"><b>${pct(c.rate)}</b><small>n=${c.attempts}</small><small>${pct(c.low)}–${pct(c.high)}</small></td>`;
  };
  const row = (hour: number) => `<tr><th>${hour}:00</th>${days.map((w) => cell(cells.find((c) => c.weekday === w && c.hour === hour)!)).join("")}</tr>`;
  const used = Array.from({ length: 24 }, (_, h) => h).filter((h) => cells.some((c) => c.hour === h && c.attempts));
  const rec = r
    ? `<p id="recommendation">${t.recommendation}: <strong>${r.weekday !== undefined ? `${locale === "zh-CN" ? "周" : ""}${t.weekdays[r.weekday]} ` : ""}${r.hour}:00</strong> — ${t.connect} ${pct(r.rate)} (95% CI ${pct(r.low)}–${pct(r.high)}, ${r.attempts} ${t.attempts})</p>`
    : `<p id="recommendation" class="muted">${t.noRecommendation}</p>`;
  const css = `<style>table.heat td{min-width:40px;text-align:center;font-size:12px;padding:2px}table.heat td small{display:block;font-size:10px;color:#374151}table.heat td.empty{background:#f9fafb}</style>`;
  const body = `${css}<form class="inline" method="get"><input type="hidden" name="lang" value="${locale}"><label>${t.roleFamily} <input name="roleFamily" value="${esc(d.stats.roleFamily)}"></label><button>${t.search}</button></form>${rec}
<h2>${t.heatmap}</h2><p class="muted">${fill(t.heatLegend, d.stats.minAttempts)}</p>
${used.length ? `<div class="scroll"><table class="heat" id="heatmap" data-zone="candidate-local"><tr><th>${t.hour}</th>${days.map((w) => `<th>${t.weekdays[w]}</th>`).join("")}</tr>${used.map(row).join("")}</table></div>` : `<p class="muted">${t.noRecommendation}</p>`}`;
  return layout({ locale, title: t.bestTime, body, nonce, session, active: "best-time" });
}

function importsPage(d: Extract<ConsoleData, { page: "imports" }>, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const t = text[locale];
  const job = d.job;
  const report = job
    ? `<h2 id="import-status">${job.status === "queued" ? t.queued : job.status === "running" ? t.running : job.status === "completed" ? t.completed : t.failed}</h2>
${job.totalRows ? `<p><progress id="import-progress" max="${job.totalRows}" value="${job.processed}"></progress> ${job.processed} / ${job.totalRows} (${Math.floor((job.processed / job.totalRows) * 100)}%)</p>` : ""}
<p>${userText(job.filename)} · ${userText(job.source)} · ${t.processed} <span id="processed">${job.processed}</span> · ${t.created} <span id="created">${job.created}</span> · ${t.merged} <span id="merged">${job.merged}</span> · ${t.rejected} <span id="rejected">${job.rejected}</span></p>
${job.error ? `<p class="error"><code>${esc(job.error.code)}</code> <span lang="en">${esc(job.error.message)}</span></p>` : ""}
${d.rejectedRows?.length ? `<table id="rejected-rows" class="cards"><tr><th>${t.row}</th><th>${t.reason}</th><th>${t.values}</th></tr>${d.rejectedRows.map((r) => `<tr><td data-label="${t.row}">${r.rowNumber}</td><td data-label="${t.reason}" lang="en">${esc(r.reason)}</td><td data-label="${t.values}" class="muted">${Object.entries(r.values ?? {}).map(([k, v]) => `${esc(k)}: ${esc(v)}`).join(" · ")}</td></tr>`).join("")}</table>` : ""}`
    : "";
  const body = `<form id="import-form" class="inline"><label>${t.source} <select name="source"><option value="zhilian" translate="no">智联招聘</option><option value="liepin" translate="no">猎聘</option><option value="boss" translate="no">BOSS直聘</option><option value="other">${locale === "zh-CN" ? "其他" : "Other"}</option></select></label>
<label>${t.requisition} <input name="requisitionId"></label><label>${t.file} <input type="file" name="file" accept=".csv,.xlsx"></label><button type="submit">${t.upload}</button></form><p id="import-result" role="status"></p>${report}`;
  const script = `document.getElementById("import-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target); const file = f.get("file");
  const p = document.getElementById("import-result"); p.textContent = ${JSON.stringify(t.running)};
  const qs = new URLSearchParams({ source: f.get("source"), filename: file.name }); if (f.get("requisitionId")) qs.set("requisitionId", f.get("requisitionId"));
  const res = await fetch("/hr/console/imports?" + qs, { method: "POST", credentials: "same-origin", headers: { "content-type": "application/octet-stream", "x-csrf-token": ${JSON.stringify(session.csrfToken)} }, body: file });
  const out = await res.json().catch(() => ({}));
  const id = (out.job && out.job.importId) || out.importId;
  if (id) location.href = "/hr/console/imports/" + id + "?lang=${locale}";
  else { p.className = "error"; p.textContent = (out.errors || []).map((e) => e.path).join(", ") || out.title || res.status; }
});`;
  // The page refreshes itself while the workflow lands the rows, so HR watches the progress.
  return layout({ locale, title: t.imports, body, nonce, session, active: "imports", script, ...(job?.status === "running" || job?.status === "queued" ? { refresh: 2 } : {}) });
}

function experimentsPage(d: Extract<ConsoleData, { page: "experiments" }>, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const t = text[locale];
  const rows = d.experiments
    .map((e) => `<tr><td data-label="${t.experiments}"><a href="/hr/console/experiments/${encodeURIComponent(e.experimentId)}?lang=${locale}">${userText(e.name)}</a></td><td data-label="${t.roleFamily}">${userText(e.roleFamily)}</td><td data-label="${t.status}">${esc(t.expStatus[e.status] ?? e.status)}</td><td data-label="${t.assigned}">${Object.values(e.assigned ?? {}).reduce((a, b) => a + b, 0)}</td><td data-label="${t.updated}">${timeHtml(e.updatedAt, locale, session.timeZone)}</td></tr>`)
    .join("");
  const body = rows
    ? `<table id="experiments" class="cards"><tr><th>${t.experiments}</th><th>${t.roleFamily}</th><th>${t.status}</th><th>${t.assigned}</th><th>${t.updated}</th></tr>${rows}</table>`
    : `<p class="muted">${esc(t.noExperiments)}</p>`;
  if (!d.canDefine) return layout({ locale, title: t.experiments, body, nonce, session, active: "experiments", showsTimes: rows !== "" });
  const field = (name: string, label: string, attrs: string, help = "") => `<label>${label} <input name="${name}" data-path="${name}" ${attrs}>${help ? `<span class="muted">${esc(help)}</span>` : ""}</label>`;
  // One field per line on a phone, side by side on a desktop (as the requisition form lays them out).
  const form = `<style>#experiment-form fieldset{border:1px solid #e5e7eb;border-radius:6px;margin:16px 0 12px;padding:8px 10px;display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-start}#experiment-form label{display:flex;flex-direction:column;font-size:.9em;min-width:0;max-width:100%}#experiment-form legend{font-weight:600}#experiment-form .invalid{outline:2px solid #b91c1c}</style><form id="experiment-form" novalidate><fieldset><legend>${t.newExperiment}</legend>
${field("experimentId", t.expId, 'required placeholder="sms-vs-call" autocapitalize="off"', t.armHelp)}${field("name", t.expName, 'required maxlength="200"')}${field("roleFamily", t.roleFamily, 'required maxlength="60" placeholder="sales"')}
${field("arms.0", t.armA, 'required placeholder="sms-first" autocapitalize="off"')}${field("arms.1", t.armB, 'required placeholder="call-first" autocapitalize="off"')}</fieldset>
<button type="submit" id="save-experiment">${t.define}</button> <span id="form-result" role="status"></span><ul id="form-errors" class="error"></ul></form>`;
  return layout({ locale, title: t.experiments, body: body + form, nonce, session, active: "experiments", showsTimes: rows !== "", script: saveExperimentScript(session, t.expFix, t.expSaved, locale) });
}

/** The form's submit (and the stop/restart button): PUT the definition, mark the fields the API names, open the experiment. */
function saveExperimentScript(session: ConsoleSessionView, fix: string, saved: string, locale: Locale, fixed?: { experimentId: string; name: string; roleFamily: string; arms: string[]; status: string }): string {
  return `const form = document.getElementById(${JSON.stringify(fixed ? "experiment-status" : "experiment-form")});
form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  form.querySelectorAll(".invalid").forEach((e) => e.classList.remove("invalid"));
  const errors = document.getElementById("form-errors"); errors.textContent = "";
  const out = document.getElementById("form-result"); out.textContent = "";
  const val = (n) => { const el = form.querySelector('[name="' + n + '"]'); return el ? el.value.trim() : ""; };
  const fixed = ${JSON.stringify(fixed ?? null)};
  const id = fixed ? fixed.experimentId : val("experimentId");
  const body = fixed ? { name: fixed.name, roleFamily: fixed.roleFamily, arms: fixed.arms, status: fixed.status } : { name: val("name"), roleFamily: val("roleFamily"), arms: [val("arms.0"), val("arms.1")], status: "running" };
  const res = await fetch("/hr/console/experiments/" + encodeURIComponent(id || "-"), { method: "PUT", credentials: "same-origin", headers: { "content-type": "application/json", "x-csrf-token": ${JSON.stringify(session.csrfToken)} }, body: JSON.stringify(body) });
  const result = await res.json().catch(() => ({}));
  if (!res.ok) {
    out.className = "error"; out.textContent = ${JSON.stringify(fix)};
    for (const e of result.errors || [{ path: "", message: result.title || String(res.status) }]) {
      const el = form.querySelector('[data-path="' + e.path + '"]');
      if (el) el.classList.add("invalid");
      const li = document.createElement("li"); const code = document.createElement("code"); code.textContent = e.path || "—"; li.append(code); errors.append(li);
    }
    return;
  }
  out.className = "ok"; out.textContent = ${JSON.stringify(saved)};
  location.href = "/hr/console/experiments/" + encodeURIComponent(id) + "?lang=${locale}";
});`;
}

function experimentPage(d: Extract<ConsoleData, { page: "experiment" }>, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const t = text[locale];
  const r = d.results;
  const verdict = r.winner
    ? `${t.winner}: <strong id="winner">${esc(r.winner)}</strong> (p = ${r.pValue.toFixed(4)})`
    : r.reason === "too-few"
      ? t.tooFew
      : `${t.noWinner} (p = ${r.pValue.toFixed(4)})`;
  const body = `<p>${userText(d.experiment.name)} · ${userText(d.experiment.roleFamily)} · ${esc(t.expStatus[d.experiment.status] ?? d.experiment.status)}</p>
<table id="arms" class="cards"><tr><th>${t.arm}</th><th>${t.assigned}</th><th>${t.responded}</th><th>${t.responseRate}</th></tr>
${r.arms.map((a) => `<tr><td data-label="${t.arm}">${userText(a.arm)}</td><td data-label="${t.assigned}">${a.assigned}</td><td data-label="${t.responded}">${a.responded}</td><td data-label="${t.responseRate}">${(a.rate * 100).toFixed(1)}%</td></tr>`).join("")}</table>
<p id="verdict">${verdict}</p>`;
  if (!d.canDefine) return layout({ locale, title: t.experiment, body, nonce, session, active: "experiments" });
  const e = d.experiment;
  const next = e.status === "running" ? "stopped" : "running";
  const toggle = `<form id="experiment-status"><button type="submit" id="toggle-experiment">${e.status === "running" ? t.stopExperiment : t.restartExperiment}</button> <span id="form-result" role="status"></span><ul id="form-errors" class="error"></ul></form>`;
  return layout({ locale, title: t.experiment, body: body + toggle, nonce, session, active: "experiments", script: saveExperimentScript(session, t.expFix, t.expSaved, locale, { experimentId: e.experimentId, name: e.name, roleFamily: e.roleFamily, arms: e.arms, status: next }) });
}

function recallPage(d: Extract<ConsoleData, { page: "recall" }>, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const t = text[locale];
  // Talent expectations and the requisition's budget are both monthly: each figure says so.
  const range = (a: unknown, b: unknown, cur: unknown) => (a === MASK || b === MASK ? MASK : a === undefined ? "—" : `${money(a)}–${money(b ?? a)} ${esc(cur ?? "")}${t.perMonth}`);
  const budget = d.requisition.budget as Record<string, unknown> | string | undefined;
  const budgetText = budget === MASK ? MASK : budget && typeof budget === "object" ? range(budget.min, budget.max, budget.currency) : "—";
  const cards = d.candidates
    .map((c) => {
      const exp = c.expectations as Record<string, unknown> | string | undefined;
      const expText = exp === MASK ? MASK : exp && typeof exp === "object" ? range(exp.salaryMin, exp.salaryMax, exp.currency) : "—";
      return `<section class="recall-card"><h2><a href="/hr/console/candidates/${esc(c.candidateId)}?lang=${locale}" translate="no">${esc(c.name)}</a> — ${t.match} ${c.score}</h2>
<p class="muted">${esc(explainAll(c.reasons, locale))}</p>
<p>${t.rejectedBecause}: ${userText(c.rejectionReason)} ${userText(c.rejectionText ?? "")} · ${c.daysAgo} ${t.daysAgo}</p>
<ul>${c.evaluations.map((e) => `<li>${userText(e.interviewer)} (${e.rating}/5): “${userText(e.comment)}”</li>`).join("")}</ul>
<p>${t.expBudget}: ${expText} / ${budgetText}</p>
<p>${t.opening}: <em translate="no">${esc(c.openingMessage)}</em></p></section>`;
    })
    .join("");
  return layout({ locale, title: `${t.recall}: ${d.requisition.title}`, titleIsUserText: true, body: cards || `<p class="muted">${t.noRecall}</p>`, nonce, session });
}

function problemPage(d: Extract<ConsoleData, { page: "problem" }>, locale: Locale, nonce: string, session: ConsoleSessionView | undefined): string {
  const t = text[locale];
  const status = d.problem.status;
  const key = status >= 500 ? 500 : status;
  const title = t.problems[key] ?? t.problems[400]!;
  const fields = d.problem.errors?.length ? `<ul id="problem-fields">${d.problem.errors.map((e) => `<li><code>${esc(e.path || "(body)")}</code></li>`).join("")}</ul>` : "";
  const body = `<p id="problem" data-status="${status}" data-code="${esc(d.problem.code)}">${esc(t.problemHelp[key] ?? "")}</p>${fields}
<p class="muted"><code>${esc(d.path)}</code> · ${status}</p><p><a href="/hr/console/search?lang=${locale}">${t.home}</a></p>`;
  return layout({ locale, title, body, nonce, ...(session ? { session } : {}) });
}

const cspFor = (nonce: string) => `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

export function renderConsolePage(data: ConsoleData, locale: Locale, session: ConsoleSessionView): { body: string; csp: string } {
  const nonce = randomBytes(12).toString("base64");
  const csp = cspFor(nonce);
  switch (data.page) {
    case "search": return { body: searchPage(data, locale, nonce, session), csp };
    case "candidate": return { body: candidatePage(data, locale, nonce, session), csp };
    case "best-time": return { body: bestTimePage(data, locale, nonce, session), csp };
    case "imports": return { body: importsPage(data, locale, nonce, session), csp };
    case "experiments": return { body: experimentsPage(data, locale, nonce, session), csp };
    case "experiment": return { body: experimentPage(data, locale, nonce, session), csp };
    case "recall": return { body: recallPage(data, locale, nonce, session), csp };
    case "problem": return { body: problemPage(data, locale, nonce, session), csp };
  }
}

/** A console error as a page in the viewer's language (never problem JSON in a browser tab). */
export function renderConsoleProblem(problem: Problem, path: string, locale: Locale, session?: ConsoleSessionView): { body: string; csp: string } {
  const nonce = randomBytes(12).toString("base64");
  return { body: problemPage({ page: "problem", problem, path }, locale, nonce, session), csp: cspFor(nonce) };
}

/** Renders a page from another console module with a fresh nonce and the console's CSP. */
export function renderWithNonce(render: (nonce: string) => string): { body: string; csp: string } {
  const nonce = randomBytes(12).toString("base64");
  return { body: render(nonce), csp: cspFor(nonce) };
}
