// Requisitions in the console: the list, the form (requisition, screening rules, knock-out questions,
// budgets with their periods, owner, the offer policy's approval chain and pre-onboarding touches), and
// the pipeline board where HR overrides a screen, advances, rejects with a reason or records an
// evaluation. Forms post JSON to console routes that call the same use cases as the HR API.
import type { Locale, Requisition } from "../../core/shared/model.js";
import type { OfferPolicy } from "../../core/offer/offer-model.js";
import type { Pipeline, PipelineCard, PipelineStage } from "../../core/requisitions/pipeline.js";
import { NEXT_STAGE } from "../../core/requisitions/pipeline.js";
import { MASK } from "../../core/privacy/salary-masking.js";
import type { SearchSummary } from "../../core/talent/talent-model.js";
import { REJECTION_CODES } from "./timeline-text.js";
import { esc, layout, timeHtml, userText, type ConsoleSessionView } from "./shell.js";

export interface RequisitionRow {
  requisition: Requisition;
  applicants: number;
  more: boolean;
}

const text = {
  "zh-CN": {
    requisitions: "职位", newRequisition: "新建职位", edit: "编辑", board: "招聘看板", title: "职位名称", id: "职位 ID", location: "地点", roleFamily: "职位族", owner: "负责人邮箱", budget: "月薪预算",
    applicants: "候选人", updated: "更新时间", none: "还没有职位。", language: "语言", phoneRegion: "手机号默认地区",
    company: "公司名称（候选人看到的）", team: "招聘团队（决定使用哪套消息模板和机器人）", noTeam: "不属于任何团队（使用全局模板）",
    screening: "筛选规则", required: "必备关键词（逗号分隔，“|”表示任一）", bonus: "加分关键词（逗号分隔）", minYears: "最低工作年限", locations: "可接受地点（逗号分隔）",
    knockOut: "淘汰问题", questionZh: "问题（中文）", questionEn: "问题（英文）", requiredAnswer: "要求的回答", yes: "是", no: "否", qid: "问题 ID", addRow: "添加一行", remove: "删除",
    monthly: "月薪预算（每月，招聘用）", annual: "年度 base 预算（每年，Offer 审批用）", min: "最低", max: "最高", currency: "币种",
    offerPolicy: "Offer 政策", ownerName: "负责人姓名", approvalChain: "审批链", stepName: "步骤名称", approvers: "审批人（每行：姓名 <邮箱>）", requiredCount: "需几人同意", when: "何时需要",
    whenOpts: { always: "总是", "out-of-budget": "超出预算时", executive: "Offer 要求高管审批时" } as Record<string, string>,
    preOnboarding: "入职前关怀", kind: "类型", days: "天数", textZh: "内容（中文）", textEn: "内容（英文）",
    kinds: { progress: "进度更新", "team-content": "团队介绍", "feedback-question": "反馈问题", "start-reminder": "入职提醒" } as Record<string, string>,
    daysHelp: "进度/团队/反馈：接受后第几天；入职提醒：入职前几天", noPolicy: "（不填审批链则不保存 Offer 政策）", riskThreshold: "流失风险提醒阈值（0–10）",
    save: "保存", saved: "已保存", fixFields: "请修改标出的字段：",
    stages: { review: "待复核", screened: "筛选通过", contacted: "已联系", interview: "面试中", offer: "Offer", hired: "已录用", rejected: "已淘汰" } as Record<PipelineStage, string>,
    total: "共 {n} 人", truncated: "（只显示前 200 人）", score: "筛选得分", rating: "评分", source: "来源", applied: "申请时间", empty: "暂无",
    override: "改判筛选", decision: "结论", reason: "原因", advance: "推进到", reject: "淘汰", reasonCode: "淘汰原因", evaluate: "记录评价", interviewer: "面试官", comment: "评语", submit: "确定",
    decisions: { advance: "通过", hold: "待人工复核", reject: "淘汰" } as Record<string, string>, machine: "机器筛选", hr: "HR 改判", done: "已更新", searchAll: "在人才搜索中查看全部",
  },
  en: {
    requisitions: "Requisitions", newRequisition: "New requisition", edit: "Edit", board: "Pipeline", title: "Title", id: "Requisition id", location: "Location", roleFamily: "Role family", owner: "Owner's email", budget: "Monthly budget",
    applicants: "Applicants", updated: "Updated", none: "No requisitions yet.", language: "Language", phoneRegion: "Default phone region",
    company: "Company (as candidates know it)", team: "Recruiting team (its message templates and robots)", noTeam: "No team (deployment-wide templates)",
    screening: "Screening rules", required: "Required keywords (comma-separated, “|” for alternatives)", bonus: "Bonus keywords (comma-separated)", minYears: "Minimum years of experience", locations: "Accepted locations (comma-separated)",
    knockOut: "Knock-out questions", questionZh: "Question (Chinese)", questionEn: "Question (English)", requiredAnswer: "Required answer", yes: "Yes", no: "No", qid: "Question id", addRow: "Add a row", remove: "Remove",
    monthly: "Monthly salary budget (per month, for recruiting)", annual: "Annual base budget (per year, for offer approval)", min: "Min", max: "Max", currency: "Currency",
    offerPolicy: "Offer policy", ownerName: "Owner's name", approvalChain: "Approval chain", stepName: "Step name", approvers: "Approvers (one per line: Name <email>)", requiredCount: "Approvals needed", when: "When",
    whenOpts: { always: "Always", "out-of-budget": "When out of budget", executive: "When the offer asks for an executive" } as Record<string, string>,
    preOnboarding: "Pre-onboarding touches", kind: "Kind", days: "Days", textZh: "Text (Chinese)", textEn: "Text (English)",
    kinds: { progress: "Progress update", "team-content": "Team content", "feedback-question": "Feedback question", "start-reminder": "Start reminder" } as Record<string, string>,
    daysHelp: "Progress/team/feedback: days after acceptance; start reminder: days before the start date", noPolicy: "(without an approval chain the offer policy is not saved)", riskThreshold: "Drop-off risk alert threshold (0–10)",
    save: "Save", saved: "Saved", fixFields: "Fix the marked fields:",
    stages: { review: "Needs review", screened: "Screened in", contacted: "Contacted", interview: "Interviewing", offer: "Offer", hired: "Hired", rejected: "Rejected" } as Record<PipelineStage, string>,
    total: "{n} in all", truncated: " (first 200 shown)", score: "Screen score", rating: "Rating", source: "Source", applied: "Applied", empty: "None",
    override: "Override screen", decision: "Decision", reason: "Reason", advance: "Advance to", reject: "Reject", reasonCode: "Reason", evaluate: "Record an evaluation", interviewer: "Interviewer", comment: "Comment", submit: "Submit",
    decisions: { advance: "Advance", hold: "Hold for review", reject: "Reject" } as Record<string, string>, machine: "Machine screen", hr: "HR override", done: "Updated", searchAll: "See everyone in talent search",
  },
} as const;

const money = (v: unknown) => (v === MASK ? MASK : typeof v === "number" ? v.toLocaleString("en-US") : "");

export function requisitionsPage(rows: RequisitionRow[], canEdit: boolean, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const t = text[locale];
  const body = `${canEdit ? `<p><a id="new-requisition" href="/hr/console/requisitions/new?lang=${locale}">＋ ${t.newRequisition}</a></p>` : ""}
${rows.length ? `<table id="requisitions" class="cards"><tr><th>${t.title}</th><th>${t.location}</th><th>${t.roleFamily}</th><th>${t.budget}</th><th>${t.owner}</th><th>${t.applicants}</th><th>${t.updated}</th><th></th></tr>
${rows.map(({ requisition: r, applicants, more }) => {
  const b = r.budget as Requisition["budget"] | typeof MASK | undefined;
  const budget = b === MASK ? MASK : b ? `${money(b.min)}–${money(b.max)} ${esc(b.currency)}/${locale === "zh-CN" ? "月" : "month"}` : "—";
  return `<tr data-requisition="${esc(r.requisitionId)}"><td data-label="${t.title}"><a class="board-link" href="/hr/console/requisitions/${encodeURIComponent(r.requisitionId)}?lang=${locale}" translate="no">${esc(r.title)}</a></td><td data-label="${t.location}">${userText(r.location ?? "—")}</td><td data-label="${t.roleFamily}">${userText(r.roleFamily ?? "—")}</td>
<td data-label="${t.budget}">${budget}</td><td data-label="${t.owner}" translate="no">${esc(r.ownerEmail ?? "—")}</td><td data-label="${t.applicants}" class="applicants">${applicants}${more ? "+" : ""}</td><td data-label="${t.updated}">${timeHtml(r.updatedAt, locale, session.timeZone)}</td>
<td>${canEdit ? `<a href="/hr/console/requisitions/${encodeURIComponent(r.requisitionId)}/edit?lang=${locale}">${t.edit}</a>` : ""}</td></tr>`;
}).join("")}</table>` : `<p class="muted">${t.none}</p>`}`;
  return layout({ locale, title: t.requisitions, body, nonce, session, active: "requisitions", showsTimes: rows.length > 0 });
}

const list = (xs: readonly string[] | undefined) => esc((xs ?? []).join(", "));

/**
 * The requisition's team: one of the known teams, or none (the empty value, left out of the body). The
 * server checks it with the same schema as the API (RequisitionBody.teamId), so a forged value is refused
 * with its field path and marked here.
 */
function teamSelect(t: (typeof text)[Locale], teams: readonly string[], current: string | undefined): string {
  const ids = [...new Set([...teams, ...(current ? [current] : [])])];
  return `<label>${t.team} <select name="requisition.teamId" data-path="requisition.teamId"><option value=""${current ? "" : " selected"}>${t.noTeam}</option>${ids.map((id) => `<option value="${esc(id)}" translate="no"${id === current ? " selected" : ""}>${esc(id)}</option>`).join("")}</select></label>`;
}

export function requisitionFormPage(existing: { requisition?: Requisition; offerPolicy?: OfferPolicy; teams?: readonly string[] }, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const t = text[locale];
  const r = existing.requisition;
  const p = existing.offerPolicy;
  const isNew = !r;
  const field = (name: string, label: string, value: unknown, attrs = "") => `<label>${label} <input name="${name}" data-path="${name}" value="${esc(value ?? "")}" ${attrs}></label>`;
  const budget = r?.budget && typeof r.budget === "object" ? r.budget : undefined;
  const annual = p?.budget;
  const questionRow = (q?: Requisition["screening"]["knockOutQuestions"][number]) => `<fieldset class="row" data-row="question"><label>${t.qid} <input name="id" value="${esc(q?.id ?? "")}" pattern="[A-Za-z0-9_-]+"></label>
<label>${t.questionZh} <input name="zh" value="${esc(q?.question["zh-CN"] ?? "")}"></label><label>${t.questionEn} <input name="en" value="${esc(q?.question.en ?? "")}"></label>
<label>${t.requiredAnswer} <select name="answer"><option value="true"${q?.requiredAnswer === true ? " selected" : ""}>${t.yes}</option><option value="false"${q?.requiredAnswer === false ? " selected" : ""}>${t.no}</option>${typeof q?.requiredAnswer === "string" ? `<option value="text:${esc(q.requiredAnswer)}" selected translate="no">${esc(q.requiredAnswer)}</option>` : ""}</select></label>
<button type="button" class="remove-row">${t.remove}</button></fieldset>`;
  const stepRow = (s?: OfferPolicy["approvalChain"][number]) => `<fieldset class="row" data-row="step"><label>${t.stepName} <input name="name" value="${esc(s?.name ?? "")}"></label>
<label>${t.approvers} <textarea name="approvers" rows="2">${esc((s?.approvers ?? []).map((a) => `${a.name} <${a.email}>`).join("\n"))}</textarea></label>
<label>${t.requiredCount} <input name="required" type="number" min="1" value="${esc(s?.required ?? 1)}"></label>
<label>${t.when} <select name="when">${Object.entries(t.whenOpts).map(([k, v]) => `<option value="${k}"${(s?.when ?? "always") === k ? " selected" : ""}>${v}</option>`).join("")}</select></label><button type="button" class="remove-row">${t.remove}</button></fieldset>`;
  const touchRow = (x?: NonNullable<OfferPolicy["preOnboarding"]>[number]) => `<fieldset class="row" data-row="touch"><label>${t.kind} <select name="kind">${Object.entries(t.kinds).map(([k, v]) => `<option value="${k}"${x?.kind === k ? " selected" : ""}>${v}</option>`).join("")}</select></label>
<label>${t.days} <input name="days" type="number" min="0" max="180" value="${esc(x?.days ?? "")}"></label><label>${t.textZh} <input name="zh" value="${esc(x?.text["zh-CN"] ?? "")}"></label><label>${t.textEn} <input name="en" value="${esc(x?.text.en ?? "")}"></label><button type="button" class="remove-row">${t.remove}</button></fieldset>`;
  const body = `<style>fieldset{border:1px solid #e5e7eb;border-radius:6px;margin:0 0 12px;padding:8px 10px;display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-end}fieldset>*{min-width:0;max-width:100%}
fieldset label{display:flex;flex-direction:column;font-size:.9em}legend{font-weight:600}fieldset.row{border-style:dashed}textarea{min-width:220px}.invalid{outline:2px solid #b91c1c}</style>
<form id="requisition-form" novalidate>
<fieldset><legend>${t.requisitions}</legend>${isNew ? field("requisitionId", t.id, "", 'required pattern="[a-z0-9][a-z0-9-]{1,62}" placeholder="req-sales-sh"') : `<input type="hidden" name="requisitionId" value="${esc(r.requisitionId)}">`}
${field("requisition.title", t.title, r?.title, "required")}${field("requisition.company", t.company, r?.company, 'maxlength="200"')}${field("requisition.location", t.location, r?.location)}${field("requisition.roleFamily", t.roleFamily, r?.roleFamily)}
${teamSelect(t, existing.teams ?? [], r?.teamId)}
<label>${t.language} <select name="requisition.locale" data-path="requisition.locale"><option value="zh-CN" lang="zh-CN"${r?.locale !== "en" ? " selected" : ""}>中文</option><option value="en" lang="en"${r?.locale === "en" ? " selected" : ""}>English</option></select></label>
${field("requisition.ownerEmail", t.owner, r?.ownerEmail, 'type="email"')}${field("requisition.phoneRegion", t.phoneRegion, r?.phoneRegion, 'maxlength="2" placeholder="CN"')}</fieldset>
<fieldset><legend>${t.monthly}</legend>${field("requisition.budget.min", t.min, budget?.min, 'type="number" min="0"')}${field("requisition.budget.max", t.max, budget?.max, 'type="number" min="0"')}${field("requisition.budget.currency", t.currency, budget?.currency ?? "CNY", 'maxlength="3"')}</fieldset>
<fieldset><legend>${t.screening}</legend>${field("requisition.screening.requiredKeywords", t.required, list(r?.screening.requiredKeywords))}${field("requisition.screening.bonusKeywords", t.bonus, list(r?.screening.bonusKeywords))}
${field("requisition.screening.minYearsExperience", t.minYears, r?.screening.minYearsExperience, 'type="number" min="0"')}${field("requisition.screening.locations", t.locations, list(r?.screening.locations))}</fieldset>
<fieldset id="questions"><legend>${t.knockOut}</legend>${(r?.screening.knockOutQuestions ?? []).map(questionRow).join("")}<template>${questionRow()}</template><button type="button" class="add-row">＋ ${t.addRow}</button></fieldset>
<fieldset id="policy"><legend>${t.offerPolicy} <span class="muted">${t.noPolicy}</span></legend>${field("offerPolicy.ownerName", t.ownerName, p?.ownerName)}${field("offerPolicy.ownerEmail", t.owner, p?.ownerEmail, 'type="email"')}
${field("offerPolicy.riskThreshold", t.riskThreshold, p?.riskThreshold, 'type="number" min="0" max="10" step="0.5"')}</fieldset>
<fieldset><legend>${t.annual}</legend>${field("offerPolicy.budget.min", t.min, annual?.min, 'type="number" min="0"')}${field("offerPolicy.budget.max", t.max, annual?.max, 'type="number" min="0"')}${field("offerPolicy.budget.currency", t.currency, annual?.currency ?? "CNY", 'maxlength="3"')}</fieldset>
<fieldset id="steps"><legend>${t.approvalChain}</legend>${(p?.approvalChain ?? []).map(stepRow).join("")}<template>${stepRow()}</template><button type="button" class="add-row">＋ ${t.addRow}</button></fieldset>
<fieldset id="touches"><legend>${t.preOnboarding} <span class="muted">${t.daysHelp}</span></legend>${(p?.preOnboarding ?? []).map(touchRow).join("")}<template>${touchRow()}</template><button type="button" class="add-row">＋ ${t.addRow}</button></fieldset>
<button type="submit" id="save-requisition">${t.save}</button> <span id="form-result" role="status"></span><ul id="form-errors" class="error"></ul></form>`;
  const script = `const form = document.getElementById("requisition-form");
form.querySelectorAll("button.add-row").forEach((b) => b.addEventListener("click", () => { const tpl = b.parentElement.querySelector("template"); b.before(tpl.content.cloneNode(true)); }));
form.addEventListener("click", (ev) => { if (ev.target.classList.contains("remove-row")) ev.target.closest("fieldset.row").remove(); });
const val = (n) => { const el = form.querySelector('[name="' + n + '"]'); return el ? el.value.trim() : ""; };
const num = (n) => (val(n) === "" ? undefined : Number(val(n)));
const words = (n) => val(n).split(/[,，]/).map((x) => x.trim()).filter(Boolean);
const rows = (kind) => [...form.querySelectorAll('fieldset[data-row="' + kind + '"]')].map((f) => Object.fromEntries([...f.querySelectorAll("input,select,textarea")].map((i) => [i.name, i.value.trim()])));
form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  form.querySelectorAll(".invalid").forEach((e) => e.classList.remove("invalid"));
  const errors = document.getElementById("form-errors"); errors.textContent = "";
  const out = document.getElementById("form-result"); out.textContent = "";
  const screening = { requiredKeywords: words("requisition.screening.requiredKeywords"), bonusKeywords: words("requisition.screening.bonusKeywords"),
    knockOutQuestions: rows("question").filter((q) => q.id).map((q) => ({ id: q.id, question: Object.assign({}, q.zh ? { "zh-CN": q.zh } : {}, q.en ? { en: q.en } : {}), requiredAnswer: q.answer.startsWith("text:") ? q.answer.slice(5) : q.answer === "true" })) };
  if (num("requisition.screening.minYearsExperience") !== undefined) screening.minYearsExperience = num("requisition.screening.minYearsExperience");
  if (words("requisition.screening.locations").length) screening.locations = words("requisition.screening.locations");
  const requisition = { title: val("requisition.title"), locale: val("requisition.locale"), screening };
  for (const k of ["company", "location", "roleFamily", "ownerEmail", "phoneRegion", "teamId"]) if (val("requisition." + k)) requisition[k] = val("requisition." + k);
  if (num("requisition.budget.min") !== undefined || num("requisition.budget.max") !== undefined) requisition.budget = { min: num("requisition.budget.min"), max: num("requisition.budget.max"), currency: val("requisition.budget.currency") || "CNY" };
  const body = { requisition };
  const steps = rows("step").filter((s) => s.name || s.approvers);
  if (steps.length || val("offerPolicy.ownerEmail")) {
    const policy = { ownerEmail: val("offerPolicy.ownerEmail"), approvalChain: steps.map((s) => ({ name: s.name, required: Number(s.required || 1), when: s.when,
      approvers: s.approvers.split("\\n").map((l) => l.trim()).filter(Boolean).map((l) => { const m = /^(.*?)\\s*<([^>]+)>$/.exec(l); return m ? { name: m[1] || m[2], email: m[2] } : { name: l, email: l }; }) })) };
    if (val("offerPolicy.ownerName")) policy.ownerName = val("offerPolicy.ownerName");
    if (num("offerPolicy.riskThreshold") !== undefined) policy.riskThreshold = num("offerPolicy.riskThreshold");
    if (num("offerPolicy.budget.min") !== undefined || num("offerPolicy.budget.max") !== undefined) policy.budget = { min: num("offerPolicy.budget.min"), max: num("offerPolicy.budget.max"), currency: val("offerPolicy.budget.currency") || "CNY" };
    const touches = rows("touch").filter((x) => x.days !== "" || x.zh || x.en);
    if (touches.length) policy.preOnboarding = touches.map((x) => ({ kind: x.kind, days: Number(x.days), text: { "zh-CN": x.zh, en: x.en } }));
    body.offerPolicy = policy;
  }
  const id = val("requisitionId");
  const res = await fetch("/hr/console/requisitions/" + encodeURIComponent(id), { method: "PUT", credentials: "same-origin", headers: { "content-type": "application/json", "x-csrf-token": ${JSON.stringify(session.csrfToken)} }, body: JSON.stringify(body) });
  const result = await res.json().catch(() => ({}));
  if (!res.ok) {
    out.className = "error"; out.textContent = ${JSON.stringify(t.fixFields)};
    for (const e of result.errors || [{ path: "", message: result.title || String(res.status) }]) {
      const path = e.path === "requisitionId" ? "requisitionId" : e.path;
      const el = form.querySelector('[data-path="' + path + '"]') || form.querySelector('[name="' + path + '"]');
      if (el) el.classList.add("invalid");
      const li = document.createElement("li"); const code = document.createElement("code"); code.textContent = path || "—"; li.append(code); errors.append(li);
    }
    return;
  }
  out.className = "ok"; out.textContent = ${JSON.stringify(t.saved)};
  location.href = "/hr/console/requisitions/" + encodeURIComponent(id) + "?lang=${locale}";
});`;
  return layout({ locale, title: isNew ? t.newRequisition : `${t.edit}: ${r.title}`, titleIsUserText: !isNew, body, nonce, session, active: "requisitions", script });
}

export function boardPage(p: Pipeline, canAct: boolean, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const t = text[locale];
  const zh = locale === "zh-CN";
  const reasonOptions = Object.entries(REJECTION_CODES).map(([k, [zhText, en]]) => `<option value="${k}">${zh ? zhText : en}</option>`).join("");
  const card = (c: PipelineCard) => {
    const decision = c.screenOverride ? `${t.hr}: ${t.decisions[c.screenOverride.decision]}` : c.screen ? `${t.machine}: ${t.decisions[c.screen.decision]} · ${t.score} ${c.screen.score}` : "";
    const next = NEXT_STAGE[c.stage];
    const actions = canAct
      ? `<details class="act"><summary>${t.override}</summary><form class="override" data-candidate="${esc(c.candidateId)}" data-application="${esc(c.applicationId)}">
<label>${t.decision} <select name="decision"><option value="advance">${t.decisions.advance}</option><option value="hold">${t.decisions.hold}</option><option value="reject">${t.decisions.reject}</option></select></label><label>${t.reason} <input name="reason" required minlength="3"></label><button>${t.submit}</button></form></details>
${next ? `<details class="act"><summary>${t.advance} ${t.stages[next]}</summary><form class="change" data-candidate="${esc(c.candidateId)}" data-type="stage" data-stage="${next}"><label>${t.reason} <input name="reason" required></label><button>${t.submit}</button></form></details>` : ""}
${c.stage !== "rejected" ? `<details class="act"><summary>${t.reject}</summary><form class="change" data-candidate="${esc(c.candidateId)}" data-type="rejection"><label>${t.reasonCode} <select name="reasonCode">${reasonOptions}</select></label><label>${t.reason} <input name="reason" required></label><button>${t.submit}</button></form></details>` : ""}`
      : "";
    const evaluate = `<details class="act"><summary>${t.evaluate}</summary><form class="change" data-candidate="${esc(c.candidateId)}" data-type="evaluation"><label>${t.interviewer} <input name="interviewer" required></label>
<label>${t.rating} <select name="rating">${[5, 4, 3, 2, 1].map((n) => `<option>${n}</option>`).join("")}</select></label><label>${t.comment} <input name="comment" required></label><button>${t.submit}</button></form></details>`;
    return `<li class="card" data-candidate="${esc(c.candidateId)}" data-stage="${c.stage}"><a href="/hr/console/candidates/${encodeURIComponent(c.candidateId)}?lang=${locale}" translate="no">${esc(c.name)}</a>
<div class="muted">${esc(decision)}${c.maxRating ? ` · ${t.rating} ${c.maxRating}/5` : ""}</div><div class="muted">${t.applied} ${timeHtml(c.appliedAt, locale, session.timeZone)} · <span translate="no">${esc(c.source)}</span></div>${actions}${evaluate}</li>`;
  };
  const columns = p.stages
    .map((s) => `<section class="column" data-stage="${s.stage}"><h2>${t.stages[s.stage]} <span class="count">${s.count}</span></h2><ol>${s.cards.map(card).join("") || `<li class="muted">${t.empty}</li>`}</ol></section>`)
    .join("");
  const css = `<style>.board{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:10px}.column{background:#f3f4f6;border-radius:8px;padding:6px 8px}.column h2{font-size:1em;margin:4px 0}
.column ol{list-style:none;margin:0;padding:0}.card{background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:6px 8px;margin:6px 0}.card form{display:flex;flex-direction:column;gap:4px;margin:4px 0}
.card details summary{cursor:pointer;color:#1e40af;font-size:.9em}.counts{display:flex;flex-wrap:wrap;gap:6px 14px;margin:0 0 10px}</style>`;
  const counts = `<p class="counts" id="stage-counts">${p.stages.map((s) => `<span data-stage="${s.stage}">${t.stages[s.stage]} <b>${s.count}</b></span>`).join("")}</p>`;
  const body = `${css}<p>${p.requisition.location ? `${userText(p.requisition.location)} · ` : ""}<span id="total">${t.total.replace("{n}", String(p.total))}</span>${p.truncated ? t.truncated : ""} ·
${canAct ? `<a href="/hr/console/requisitions/${encodeURIComponent(p.requisition.requisitionId)}/edit?lang=${locale}">${t.edit}</a> · ` : ""}<a href="/hr/console/search?requisition=${encodeURIComponent(p.requisition.requisitionId)}&amp;lang=${locale}">${t.searchAll}</a></p>
${counts}<div class="board" id="board">${columns}</div><p id="board-result" role="status"></p>`;
  const script = `const post = async (url, body) => {
  const res = await fetch(url, { method: "POST", credentials: "same-origin", headers: { "content-type": "application/json", "x-csrf-token": ${JSON.stringify(session.csrfToken)} }, body: JSON.stringify(body) });
  const out = document.getElementById("board-result");
  if (!res.ok) { const p = await res.json().catch(() => ({})); out.className = "error"; out.textContent = (p.errors || []).map((e) => e.path).join(", ") || p.title || res.status; return; }
  out.className = "ok"; out.textContent = ${JSON.stringify(t.done)}; location.reload();
};
document.querySelectorAll("form.override").forEach((f) => f.addEventListener("submit", (ev) => { ev.preventDefault(); const d = new FormData(f);
  post("/hr/console/applications/" + encodeURIComponent(f.dataset.candidate) + "/" + encodeURIComponent(f.dataset.application) + "/screen-override", { decision: d.get("decision"), reason: d.get("reason") }); }));
document.querySelectorAll("form.change").forEach((f) => f.addEventListener("submit", (ev) => { ev.preventDefault(); const d = new FormData(f);
  const body = { type: f.dataset.type, requisitionId: ${JSON.stringify(p.requisition.requisitionId)}, idempotencyKey: crypto.randomUUID() };
  if (f.dataset.type === "stage") Object.assign(body, { stage: f.dataset.stage, reason: d.get("reason") });
  if (f.dataset.type === "rejection") Object.assign(body, { reasonCode: d.get("reasonCode"), reason: d.get("reason") });
  if (f.dataset.type === "evaluation") Object.assign(body, { interviewer: d.get("interviewer"), rating: Number(d.get("rating")), comment: d.get("comment") });
  post("/hr/console/candidates/" + encodeURIComponent(f.dataset.candidate) + "/changes", body); }));`;
  return layout({ locale, title: `${t.board}: ${p.requisition.title}`, titleIsUserText: true, body, nonce, session, active: "requisitions", script, showsTimes: true });
}

/** The requisitions list's applicant counts, from the search index (one query per requisition). */
export function applicantCount(page: { items: SearchSummary[]; nextCursor?: string }): { applicants: number; more: boolean } {
  return { applicants: page.items.length, more: Boolean(page.nextCursor) };
}
