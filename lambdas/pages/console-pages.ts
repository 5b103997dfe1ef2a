// HR console pages, server-rendered in zh-CN and en, for the same Cognito users and roles as the HR API.
// The handler has verified the session (cookie or bearer); the small inline scripts (CSP nonce) post to
// console routes with the session's CSRF token, since a cookie session is an ambient credential.
import { randomBytes } from "node:crypto";
import type { Locale, TimelineEvent } from "../core/shared/model.js";
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
import type { Requisition } from "../core/shared/model.js";
import type { ExperimentVerdict } from "../core/talent/ab-test.js";

export type ConsoleData =
  | { page: "search"; query: SearchQuery; results: Page<SearchSummary> }
  | { page: "candidate"; view: CandidateView & { talent: TalentProfile | null; preferences: Preferences; lostContact: LostContact }; salaryVisible: boolean }
  | { page: "best-time"; stats: { roleFamily: string; cells: HeatCell[]; recommendation: Recommendation | null; minAttempts: number } }
  | { page: "imports"; job?: ImportJob; rejectedRows?: ImportRowResult[] }
  | { page: "experiment"; experiment: Experiment; results: ExperimentVerdict }
  | { page: "recall"; requisition: Requisition; candidates: RecallCandidate[] };

const text = {
  "zh-CN": {
    title: "人才库", search: "搜索", name: "姓名", phone: "手机", email: "邮箱", tag: "标签", status: "状态", requisition: "职位", minRating: "淘汰但评分≥",
    any: "全部", results: "结果", none: "没有匹配的候选人", next: "下一页", rating: "最高评分", open: "打开", timeline: "时间线", tags: "标签",
    lostContact: "失联概率", expectations: "期望", salary: "期望薪资", consents: "授权", logCall: "记录通话", outcome: "结果", note: "备注", save: "保存", callBack: "约定回电时间",
    bestTime: "最佳联系时间", heatmap: "接通率热力图（候选人当地时间）", recommendation: "建议", noRecommendation: "数据不足，暂无建议", attempts: "次拨打", connect: "接通率",
    imports: "导入", upload: "上传并导入", source: "来源", file: "文件（CSV / XLSX）", created: "新建", merged: "合并", rejected: "拒绝", processed: "已处理", row: "行", reason: "原因",
    running: "导入中…", queued: "排队中…", completed: "已完成", failed: "失败", nav: ["搜索", "最佳联系时间", "导入"], weekdays: ["日", "一", "二", "三", "四", "五", "六"], lang: "English", signOut: "退出登录",
    outcomes: { "no-answer": "无人接听", busy: "忙线", "wrong-number": "号码错误", reached: "已接通", "call-back": "约定回电" },
    statuses: { "not-contacted": "未联系", contacted: "已联系", unreachable: "无法联系", interviewing: "面试中", offered: "已发offer", hired: "已录用", rejected: "已淘汰", stalled: "搁置" },
  },
  en: {
    title: "Talent pool", search: "Search", name: "Name", phone: "Phone", email: "Email", tag: "Tag", status: "Status", requisition: "Requisition", minRating: "Rejected but rated ≥",
    any: "Any", results: "Results", none: "No matching candidates", next: "Next page", rating: "Top rating", open: "Open", timeline: "Timeline", tags: "Tags",
    lostContact: "Lost-contact probability", expectations: "Expectations", salary: "Expected salary", consents: "Consent", logCall: "Log a call", outcome: "Outcome", note: "Note", save: "Save", callBack: "Call back at",
    bestTime: "Best time to call", heatmap: "Connect rate heatmap (candidate's local time)", recommendation: "Recommendation", noRecommendation: "Not enough data for a recommendation yet", attempts: "attempts", connect: "connect rate",
    imports: "Import", upload: "Upload and import", source: "Source", file: "File (CSV / XLSX)", created: "Created", merged: "Merged", rejected: "Rejected", processed: "Processed", row: "Row", reason: "Reason",
    running: "Importing…", queued: "Queued…", completed: "Completed", failed: "Failed", nav: ["Search", "Best time", "Import"], weekdays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"], lang: "中文", signOut: "Sign out",
    outcomes: { "no-answer": "No answer", busy: "Busy", "wrong-number": "Wrong number", reached: "Reached", "call-back": "Call back at …" },
    statuses: { "not-contacted": "Not contacted", contacted: "Contacted", unreachable: "Unreachable", interviewing: "Interviewing", offered: "Offered", hired: "Hired", rejected: "Rejected", stalled: "Stalled" },
  },
} as const;

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const money = (v: unknown) => (v === MASK ? MASK : typeof v === "number" ? v.toLocaleString("en-US") : "");

/** What a page needs from the session: the CSRF token its forms send, and whether to offer sign-out. */
export interface ConsoleSessionView {
  csrfToken: string;
  signedIn: boolean;
}

function layout(locale: Locale, title: string, body: string, nonce: string, script = "", refresh?: number, session?: ConsoleSessionView): string {
  const t = text[locale];
  const other = locale === "zh-CN" ? "en" : "zh-CN";
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${esc(title)} · Hirepath</title>
${refresh ? `<meta http-equiv="refresh" content="${refresh}">` : ""}
<style>body{font-family:-apple-system,'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',Arial,sans-serif;margin:0;color:#1f2937}
header{background:#1e3a8a;color:#fff;padding:10px 20px;display:flex;gap:18px;align-items:center}header a{color:#fff}main{padding:20px;max-width:1200px}
table{border-collapse:collapse}td,th{border:1px solid #e5e7eb;padding:4px 8px;text-align:left}form.inline label{margin-right:10px}
.tag{background:#e0e7ff;border-radius:4px;padding:1px 6px;margin-right:4px}.heat td{width:28px;height:22px;padding:0;text-align:center;font-size:11px}
ol.timeline li{margin:6px 0}.muted{color:#6b7280}.error{color:#b91c1c}</style></head>
<body><header><strong>Hirepath · ${esc(t.title)}</strong><a href="/hr/console/search?lang=${locale}">${t.nav[0]}</a><a href="/hr/console/best-time?lang=${locale}">${t.nav[1]}</a><a href="/hr/console/imports?lang=${locale}">${t.nav[2]}</a><a href="?lang=${other}">${t.lang}</a>${session?.signedIn ? `<a id="sign-out" href="/hr/console/logout">${t.signOut}</a>` : ""}</header>
<main><h1>${esc(title)}</h1>${body}</main>${script ? `<script nonce="${nonce}">${script}</script>` : ""}</body></html>`;
}

function searchPage(d: Extract<ConsoleData, { page: "search" }>, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const t = text[locale];
  const q = d.query;
  const field = (name: keyof SearchQuery, label: string) => `<label>${label} <input name="${name}" value="${esc(q[name] ?? "")}"></label>`;
  const statusOptions = Object.entries(t.statuses).map(([k, v]) => `<option value="${k}"${q.status === k ? " selected" : ""}>${v}</option>`).join("");
  const rows = d.results.items
    .map((s) => `<tr><td><a class="candidate-link" href="/hr/console/candidates/${esc(s.candidateId)}?lang=${locale}">${esc(s.name)}</a></td><td>${esc(s.phoneE164)}</td><td>${esc(s.emailNorm)}</td><td>${esc(t.statuses[s.status])}</td><td>${s.tags.map((x) => `<span class="tag">${esc(x)}</span>`).join("")}</td><td>${esc(s.requisitionIds.join(", "))}</td><td>${esc(s.maxRating ?? "")}</td></tr>`)
    .join("");
  const params = new URLSearchParams(Object.entries({ ...q, cursor: d.results.nextCursor ?? "", lang: locale }).filter(([, v]) => v !== undefined && v !== "").map(([k, v]): [string, string] => [k, String(v)]));
  const body = `<form class="inline" method="get" action="/hr/console/search"><input type="hidden" name="lang" value="${locale}">${field("name", t.name)}${field("phone", t.phone)}${field("email", t.email)}${field("tag", t.tag)}
<label>${t.status} <select name="status"><option value="">${t.any}</option>${statusOptions}</select></label>${field("requisition", t.requisition)}${field("minRating", t.minRating)}<button type="submit">${t.search}</button></form>
<h2>${t.results}</h2>${rows ? `<table id="results"><tr><th>${t.name}</th><th>${t.phone}</th><th>${t.email}</th><th>${t.status}</th><th>${t.tags}</th><th>${t.requisition}</th><th>${t.rating}</th></tr>${rows}</table>` : `<p class="muted">${t.none}</p>`}
${d.results.nextCursor ? `<p><a id="next-page" href="/hr/console/search?${esc(params.toString())}">${t.next}</a></p>` : ""}`;
  return layout(locale, t.title, body, nonce, "", undefined, session);
}

function candidatePage(d: Extract<ConsoleData, { page: "candidate" }>, locale: Locale, nonce: string, session: ConsoleSessionView): { body: string } {
  const t = text[locale];
  const { candidate, timeline } = d.view;
  const talent = d.view.talent;
  const exp = talent?.expectations as Record<string, unknown> | undefined;
  const outcomeOptions = Object.entries(t.outcomes).map(([k, v]) => `<option value="${k}">${v}</option>`).join("");
  const reqOptions = (talent?.requisitionIds ?? []).map((r) => `<option value="${esc(r)}">${esc(r)}</option>`).join("");
  const item = (e: TimelineEvent) => `<li data-type="${esc(e.type)}"><span class="muted">${esc(e.at.replace("T", " ").slice(0, 16))}</span> <strong>${esc(e.type)}</strong> ${esc(e.summary)}</li>`;
  const body = `<p id="contact">${esc(candidate.phoneE164)} · ${esc(candidate.emailNorm)} · ${esc(candidate.timeZone)}</p>
<p>${t.status}: <strong id="status">${esc(talent ? t.statuses[talent.status] : t.statuses["not-contacted"])}</strong> ${talent?.statusReason ? `<span class="muted">(${esc(talent.statusReason)})</span>` : ""}</p>
<p>${t.lostContact}: <strong id="lost-contact">${Math.round(d.view.lostContact.probability * 100)}%</strong> <span class="muted">${esc(d.view.lostContact.factors.join("; "))}</span></p>
<p>${t.tags}: ${(talent?.tags ?? []).map((x) => `<span class="tag">${esc(x)}</span>`).join("")}</p>
<p>${t.salary}: <span id="salary">${exp ? `${money(exp.salaryMin)} – ${money(exp.salaryMax)} ${esc(exp.currency ?? "")}` : "—"}</span></p>
<p>${t.consents}: ${Object.entries(d.view.preferences.consents).map(([purpose, c]) => `${esc(purpose)} ${c.current ? "✓" : "✗"} (${esc(c.at.slice(0, 10))})`).join(", ") || "—"}</p>
<h2>${t.logCall}</h2>
<form id="call-form"><label>${t.outcome} <select name="outcome">${outcomeOptions}</select></label>
<label>${t.requisition} <select name="requisitionId"><option value=""></option>${reqOptions}</select></label>
<label>${t.callBack} <input type="datetime-local" name="callBackAt"></label>
<label>${t.note} <input name="note" size="40"></label><button type="submit">${t.save}</button></form><p id="call-result"></p>
<h2>${t.timeline}</h2><ol class="timeline" id="timeline">${timeline.map(item).join("")}</ol>`;
  const script = `document.getElementById("call-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target);
  const body = { attemptKey: crypto.randomUUID(), outcome: f.get("outcome") };
  if (f.get("note")) body.note = f.get("note");
  if (f.get("requisitionId")) body.requisitionId = f.get("requisitionId");
  if (f.get("callBackAt")) body.callBackAt = new Date(f.get("callBackAt")).toISOString();
  const res = await fetch(${JSON.stringify(`/hr/console/candidates/${encodeURIComponent(candidate.candidateId)}/calls`)}, { method: "POST", credentials: "same-origin", headers: { "content-type": "application/json", "x-csrf-token": ${JSON.stringify(session.csrfToken)} }, body: JSON.stringify(body) });
  const out = await res.json();
  const p = document.getElementById("call-result");
  if (!res.ok) { p.className = "error"; p.textContent = out.detail || out.code; return; }
  p.textContent = JSON.stringify({ status: out.status, followUp: out.followUp && out.followUp.channel, nextAttemptAt: out.nextAttemptAt });
  setTimeout(() => location.reload(), 300);
});`;
  return { body: layout(locale, candidate.name, body, nonce, script, undefined, session) };
}

function bestTimePage(d: Extract<ConsoleData, { page: "best-time" }>, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const t = text[locale];
  const { cells, recommendation: r } = d.stats;
  const row = (weekday: number) =>
    `<tr><th>${t.weekdays[weekday]}</th>${cells
      .filter((c) => c.weekday === weekday)
      .map((c) => {
        const shade = c.attempts ? Math.round(255 - c.rate * 200) : 255;
        return `<td style="background:rgb(${shade},${c.attempts ? 255 : shade},${shade})" title="${c.attempts} ${t.attempts}, ${t.connect} ${(c.rate * 100).toFixed(0)}% [${(c.low * 100).toFixed(0)}–${(c.high * 100).toFixed(0)}%]">${c.attempts ? Math.round(c.rate * 100) : ""}</td>`;
      })
      .join("")}</tr>`;
  const rec = r
    ? `<p id="recommendation">${t.recommendation}: ${r.weekday !== undefined ? t.weekdays[r.weekday] + " " : ""}${r.hour}:00 — ${t.connect} ${(r.rate * 100).toFixed(0)}% (95% CI ${(r.low * 100).toFixed(0)}–${(r.high * 100).toFixed(0)}%, ${r.attempts} ${t.attempts}; ${esc(r.level)} ${esc(r.group)})</p>`
    : `<p id="recommendation" class="muted">${t.noRecommendation}</p>`;
  const body = `<form class="inline" method="get"><input type="hidden" name="lang" value="${locale}"><label>Role family <input name="roleFamily" value="${esc(d.stats.roleFamily)}"></label><button>${t.search}</button></form>${rec}
<h2>${t.heatmap}</h2><table class="heat"><tr><th></th>${Array.from({ length: 24 }, (_, h) => `<th>${h}</th>`).join("")}</tr>${[1, 2, 3, 4, 5, 6, 0].map(row).join("")}</table>`;
  return layout(locale, t.bestTime, body, nonce, "", undefined, session);
}

function importsPage(d: Extract<ConsoleData, { page: "imports" }>, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const t = text[locale];
  const job = d.job;
  const report = job
    ? `<h2 id="import-status">${job.status === "queued" ? t.queued : job.status === "running" ? t.running : job.status === "completed" ? t.completed : t.failed}</h2>
${job.totalRows ? `<p><progress id="import-progress" max="${job.totalRows}" value="${job.processed}"></progress> ${job.processed} / ${job.totalRows} (${Math.floor((job.processed / job.totalRows) * 100)}%)</p>` : ""}
<p>${esc(job.filename)} · ${esc(job.source)} · ${t.processed} <span id="processed">${job.processed}</span> · ${t.created} <span id="created">${job.created}</span> · ${t.merged} <span id="merged">${job.merged}</span> · ${t.rejected} <span id="rejected">${job.rejected}</span></p>
${job.error ? `<p class="error">${esc(job.error.code)}: ${esc(job.error.message)}</p>` : ""}
${d.rejectedRows?.length ? `<table id="rejected-rows"><tr><th>${t.row}</th><th>${t.reason}</th><th></th></tr>${d.rejectedRows.map((r) => `<tr><td>${r.rowNumber}</td><td>${esc(r.reason)}</td><td class="muted">${esc(JSON.stringify(r.values))}</td></tr>`).join("")}</table>` : ""}`
    : "";
  const body = `<form id="import-form"><label>${t.source} <select name="source"><option value="zhilian">智联招聘</option><option value="liepin">猎聘</option><option value="boss">BOSS直聘</option><option value="other">other</option></select></label>
<label>${t.requisition} <input name="requisitionId"></label><label>${t.file} <input type="file" name="file" accept=".csv,.xlsx"></label><button type="submit">${t.upload}</button></form><p id="import-result"></p>${report}`;
  const script = `document.getElementById("import-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target); const file = f.get("file");
  const p = document.getElementById("import-result"); p.textContent = ${JSON.stringify(t.running)};
  const qs = new URLSearchParams({ source: f.get("source"), filename: file.name }); if (f.get("requisitionId")) qs.set("requisitionId", f.get("requisitionId"));
  const res = await fetch("/hr/console/imports?" + qs, { method: "POST", credentials: "same-origin", headers: { "content-type": "application/octet-stream", "x-csrf-token": ${JSON.stringify(session.csrfToken)} }, body: file });
  const out = await res.json();
  const id = (out.job && out.job.importId) || out.importId;
  if (id) location.href = "/hr/console/imports/" + id + "?lang=${locale}";
  else { p.className = "error"; p.textContent = (out.code || "") + " " + (out.detail || ""); }
});`;
  // The page refreshes itself while the workflow lands the rows, so HR watches the progress.
  return layout(locale, t.imports, body, nonce, script, job?.status === "running" || job?.status === "queued" ? 2 : undefined, session);
}

function experimentPage(d: Extract<ConsoleData, { page: "experiment" }>, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const zh = locale === "zh-CN";
  const r = d.results;
  const verdict = r.winner
    ? `${zh ? "显著更优" : "Winner"}: <strong id="winner">${esc(r.winner)}</strong> (p = ${r.pValue.toFixed(4)})`
    : r.reason === "too-few"
      ? zh ? "样本不足，暂不判断" : "Too few assignments to judge yet"
      : `${zh ? "差异不显著，不宣布胜者" : "No significant difference; no winner declared"} (p = ${r.pValue.toFixed(4)})`;
  const body = `<p>${esc(d.experiment.name)} · ${esc(d.experiment.roleFamily)} · ${esc(d.experiment.status)}</p>
<table id="arms"><tr><th>${zh ? "方案" : "Arm"}</th><th>${zh ? "分配" : "Assigned"}</th><th>${zh ? "响应" : "Responded"}</th><th>${zh ? "响应率" : "Response rate"}</th></tr>
${r.arms.map((a) => `<tr><td>${esc(a.arm)}</td><td>${a.assigned}</td><td>${a.responded}</td><td>${(a.rate * 100).toFixed(1)}%</td></tr>`).join("")}</table>
<p id="verdict">${verdict}</p>`;
  return layout(locale, zh ? "外呼实验结果" : "Experiment results", body, nonce, "", undefined, session);
}

function recallPage(d: Extract<ConsoleData, { page: "recall" }>, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const zh = locale === "zh-CN";
  const range = (a: unknown, b: unknown, cur: unknown) => (a === MASK || b === MASK ? MASK : a === undefined ? "—" : `${money(a)}–${money(b ?? a)} ${esc(cur ?? "")}`);
  const budget = d.requisition.budget as Record<string, unknown> | string | undefined;
  const budgetText = budget === MASK ? MASK : budget && typeof budget === "object" ? range(budget.min, budget.max, budget.currency) : "—";
  const cards = d.candidates
    .map((c) => {
      const exp = c.expectations as Record<string, unknown> | string | undefined;
      const expText = exp === MASK ? MASK : exp && typeof exp === "object" ? range(exp.salaryMin, exp.salaryMax, exp.currency) : "—";
      return `<section class="recall-card"><h2><a href="/hr/console/candidates/${esc(c.candidateId)}?lang=${locale}">${esc(c.name)}</a> — ${zh ? "匹配分" : "match"} ${c.score}</h2>
<p class="muted">${esc(c.reasons.join("; "))}</p>
<p>${zh ? "淘汰原因" : "Rejected because"}: ${esc(c.rejectionReason)} ${esc(c.rejectionText ?? "")} · ${c.daysAgo} ${zh ? "天前" : "days ago"}</p>
<ul>${c.evaluations.map((e) => `<li>${esc(e.interviewer)} (${e.rating}/5): “${esc(e.comment)}”</li>`).join("")}</ul>
<p>${zh ? "期望 / 预算" : "Expectations / budget"}: ${expText} / ${budgetText}</p>
<p>${zh ? "建议开场白" : "Suggested opening"}: <em>${esc(c.openingMessage)}</em></p></section>`;
    })
    .join("");
  return layout(locale, `${zh ? "召回简报" : "Recall brief"}: ${d.requisition.title}`, cards || `<p class="muted">${zh ? "暂无符合条件的候选人" : "No past candidates match yet"}</p>`, nonce, "", undefined, session);
}

export function renderConsolePage(data: ConsoleData, locale: Locale, session: ConsoleSessionView): { body: string; csp: string } {
  const nonce = randomBytes(12).toString("base64");
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;
  switch (data.page) {
    case "search": return { body: searchPage(data, locale, nonce, session), csp };
    case "candidate": return { body: candidatePage(data, locale, nonce, session).body, csp };
    case "best-time": return { body: bestTimePage(data, locale, nonce, session), csp };
    case "imports": return { body: importsPage(data, locale, nonce, session), csp };
    case "experiment": return { body: experimentPage(data, locale, nonce, session), csp };
    case "recall": return { body: recallPage(data, locale, nonce, session), csp };
  }
}
