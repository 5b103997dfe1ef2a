// Acting on one candidate from the console: scheduling an interview (an interviewer's availability and
// free slots, booking one directly, or sending a self-scheduling link) and an offer (drafted with live
// completeness feedback from the same checks the API runs, submitted, then followed: approvals, the
// candidate's answer, the drop-off risk with its factors). Forms post JSON to console routes that call
// the same use cases as the HR API.
import type { Application, Interviewer, Locale, Requisition } from "../../core/shared/model.js";
import type { Slot } from "../../core/interview/interview-slots.js";
import type { Offer, OfferParts } from "../../core/offer/offer-model.js";
import type { OfferProblem } from "../../core/offer/offer-readiness.js";
import type { RiskScore } from "../../core/offer/offer-risk.js";
import { MASK } from "../../core/privacy/salary-masking.js";
import { esc, layout, timeHtml, userText, type ConsoleSessionView } from "./shell.js";

const text = {
  "zh-CN": {
    schedule: "安排面试", interviewer: "面试官", show: "查看空闲时段", availability: "已发布的空闲时间", slots: "空闲时段（按候选人时区）", noSlots: "这位面试官近期没有空闲时段。", none: "暂无",
    duration: "时长（分钟）", mode: "方式", modes: { video: "视频", onsite: "现场" } as Record<string, string>, videoUrl: "视频会议链接", location: "地点", recruiterEmail: "招聘负责人邮箱",
    book: "直接安排", booked: "已安排", link: "或发送自助预约链接", sendLink: "发送链接", linkSent: "自助预约链接已发送", validDays: "有效天数", application: "申请",
    candidateZone: "候选人时区", fix: "请修改：", back: "返回候选人", chooseSlot: "请选择一个时段",
    offer: "Offer", draft: "保存草稿", submit: "提交审批", problems: "还缺什么", complete: "内容完整，可以提交。", saved: "草稿已保存", submitted: "已提交审批",
    basePay: "base 薪资", amount: "金额", currency: "币种", period: "周期", month: "每月", year: "每年", monthsPerYear: "每年发几个月", commission: "提成", noCommission: "无提成",
    bonus: "奖金", noBonus: "无奖金", targetBonus: "目标奖金 %", bonusBasis: "奖金依据", benefits: "福利（逗号分隔）", probation: "试用期（月）", probationPay: "试用期工资 %", startDate: "入职日期",
    offerLocation: "工作地点", responseDeadline: "答复截止", competing: "候选人手上有其他 Offer", expectation: "候选人期望年薪",
    status: "状态", approvals: "审批", step: "步骤", decisions: "决定", answer: "候选人答复", risk: "流失风险", factor: "因素", waiting: "等待中",
    parts: { basePay: "base 薪资", commission: "提成", bonus: "奖金", benefits: "福利", probation: "试用期", startDate: "入职日期", location: "工作地点", responseDeadline: "答复截止" } as Record<string, string>,
    codes: { missing: "缺少", ambiguous: "不明确", invalid: "无效" } as Record<string, string>,
    offerStatus: { draft: "草稿", "pending-approval": "审批中", "approval-rejected": "审批被拒", "approval-expired": "审批超时", sent: "已发出", accepted: "已接受", declined: "已拒绝", "decision-stalled": "迟迟未决", failed: "失败" } as Record<string, string>,
    outcome: { approved: "已批准", rejected: "已拒绝" } as Record<string, string>, approve: "同意", reject: "拒绝",
    factors: { compensationGap: "薪资低于期望", competingOffer: "手上有其他 Offer", silence: "候选人沉默", engagement: "互动少", interviewToOffer: "面试到 Offer 间隔长", approvalDuration: "审批耗时长" } as Record<string, string>,
    readOnly: "已提交的 Offer 不能再修改。", salaryHidden: "你的角色看不到薪资。",
  },
  en: {
    schedule: "Schedule an interview", interviewer: "Interviewer", show: "Show free slots", availability: "Published availability", slots: "Free slots (candidate's time zone)", noSlots: "This interviewer has no free slots soon.", none: "None",
    duration: "Length (minutes)", mode: "Mode", modes: { video: "Video", onsite: "On site" } as Record<string, string>, videoUrl: "Video meeting link", location: "Location", recruiterEmail: "Recruiter's email",
    book: "Book it", booked: "Booked", link: "Or send a self-scheduling link", sendLink: "Send the link", linkSent: "Self-scheduling link sent", validDays: "Valid for days", application: "Application",
    candidateZone: "Candidate's time zone", fix: "Fix:", back: "Back to the candidate", chooseSlot: "Choose a slot",
    offer: "Offer", draft: "Save draft", submit: "Submit for approval", problems: "Still missing", complete: "Complete: ready to submit.", saved: "Draft saved", submitted: "Submitted for approval",
    basePay: "Base pay", amount: "Amount", currency: "Currency", period: "Period", month: "Monthly", year: "Yearly", monthsPerYear: "Months paid per year", commission: "Commission", noCommission: "No commission",
    bonus: "Bonus", noBonus: "No bonus", targetBonus: "Target bonus %", bonusBasis: "Bonus based on", benefits: "Benefits (comma-separated)", probation: "Probation (months)", probationPay: "Probation pay %", startDate: "Start date",
    offerLocation: "Work location", responseDeadline: "Answer by", competing: "The candidate holds another offer", expectation: "Candidate's expected annual pay",
    status: "Status", approvals: "Approvals", step: "Step", decisions: "Decisions", answer: "Candidate's answer", risk: "Drop-off risk", factor: "Factor", waiting: "Waiting",
    parts: { basePay: "Base pay", commission: "Commission", bonus: "Bonus", benefits: "Benefits", probation: "Probation", startDate: "Start date", location: "Work location", responseDeadline: "Answer by" } as Record<string, string>,
    codes: { missing: "missing", ambiguous: "ambiguous", invalid: "invalid" } as Record<string, string>,
    offerStatus: { draft: "Draft", "pending-approval": "Awaiting approval", "approval-rejected": "Approval rejected", "approval-expired": "Approval expired", sent: "Sent", accepted: "Accepted", declined: "Declined", "decision-stalled": "Decision stalled", failed: "Failed" } as Record<string, string>,
    outcome: { approved: "Approved", rejected: "Rejected" } as Record<string, string>, approve: "approved", reject: "rejected",
    factors: { compensationGap: "Pay below expectation", competingOffer: "Holds another offer", silence: "Candidate silent", engagement: "Little engagement", interviewToOffer: "Long interview-to-offer gap", approvalDuration: "Slow approvals" } as Record<string, string>,
    readOnly: "A submitted offer can no longer be changed.", salaryHidden: "Your role cannot see pay.",
  },
} as const;

const post = (csrf: string) => `const send = async (method, url, body) => {
  const res = await fetch(url, { method, credentials: "same-origin", headers: { "content-type": "application/json", "x-csrf-token": ${JSON.stringify(csrf)} }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { ok: res.ok, status: res.status, body: await res.json().catch(() => ({})) };
};
const showErrors = (out, r) => { out.className = "error"; out.textContent = ""; const p = r.body || {}; const items = (p.errors || []).map((e) => e.path || "(body)");
  out.append(document.createTextNode(${JSON.stringify("")})); for (const i of items.length ? items : [p.title || String(r.status)]) { const c = document.createElement("code"); c.textContent = i; out.append(c, " "); } };`;

export interface SchedulePageData {
  candidate: { candidateId: string; name: string; timeZone: string };
  application: Application;
  requisition?: Requisition;
  interviewers: Interviewer[];
  chosen?: Interviewer;
  slots: Slot[];
  durationMinutes: number;
  recruiterEmail: string;
  now: string;
}

export function schedulePage(d: SchedulePageData, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const t = text[locale];
  const zone = session.timeZone;
  const cid = d.candidate.candidateId;
  const base = `/hr/console/candidates/${encodeURIComponent(cid)}`;
  const interviewerOptions = d.interviewers.map((i) => `<option value="${esc(i.interviewerId)}"${d.chosen?.interviewerId === i.interviewerId ? " selected" : ""} translate="no">${esc(i.name)}</option>`).join("");
  const choose = `<form id="choose-interviewer" class="inline" method="get" action="${base}/schedule"><input type="hidden" name="lang" value="${locale}"><input type="hidden" name="applicationId" value="${esc(d.application.applicationId)}">
<label>${t.interviewer} <select name="interviewerId">${interviewerOptions}</select></label><label>${t.duration} <input name="durationMinutes" type="number" min="15" max="480" step="15" value="${d.durationMinutes}"></label><button>${t.show}</button></form>`;
  const windows = (d.chosen?.availability ?? []).filter((w) => w.endsAt > d.now).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const availability = d.chosen ? `<h2>${t.availability}</h2>${windows.length ? `<ul id="availability">${windows.map((w) => `<li>${timeHtml(w.startsAt, locale, zone)} – ${timeHtml(w.endsAt, locale, zone)}</li>`).join("")}</ul>` : `<p class="muted">${t.none}</p>`}` : "";
  const slotList = d.slots.length
    ? `<fieldset id="slots" class="consents"><legend>${t.slots}: <span translate="no">${esc(d.candidate.timeZone)}</span></legend>${d.slots.map((s, i) => `<label class="check"><input type="radio" name="startsAt" value="${esc(s.startsAt)}"${i === 0 ? " checked" : ""}> ${timeHtml(s.startsAt, locale, d.candidate.timeZone)}</label>`).join("")}</fieldset>`
    : `<p class="muted" id="no-slots">${t.noSlots}</p>`;
  const shared = `<label>${t.mode} <select name="mode"><option value="video">${t.modes.video}</option><option value="onsite">${t.modes.onsite}</option></select></label>
<label>${t.videoUrl} <input name="videoUrl" type="url" placeholder="https://"></label><label>${t.location} <input name="location"></label><label>${t.recruiterEmail} <input name="recruiterEmail" type="email" value="${esc(d.recruiterEmail)}" required></label>`;
  const book = d.chosen
    ? `<h2>${t.schedule}</h2><form id="book-form" class="inline">${slotList}${shared}<button type="submit"${d.slots.length ? "" : " disabled"}>${t.book}</button></form><p id="book-result" role="status"></p>
<h2>${t.link}</h2><form id="link-form" class="inline">${shared}<label>${t.validDays} <input name="validDays" type="number" min="1" max="30" value="7"></label><button type="submit">${t.sendLink}</button></form><p id="link-result" role="status"></p>`
    : "";
  const body = `<p>${t.application}: ${userText(d.requisition?.title ?? d.application.requisitionId)} · ${t.candidateZone} <span translate="no">${esc(d.candidate.timeZone)}</span> · <a href="${base}?lang=${locale}">${t.back}</a></p>${choose}${availability}${book}`;
  const script = d.chosen
    ? `${post(session.csrfToken)}
const common = (f) => { const d = new FormData(f); const b = { interviewerId: ${JSON.stringify(d.chosen.interviewerId)}, durationMinutes: ${d.durationMinutes}, mode: d.get("mode"), recruiterEmail: d.get("recruiterEmail") };
  if (d.get("videoUrl")) b.videoUrl = d.get("videoUrl"); if (d.get("location")) b.location = d.get("location"); return b; };
document.getElementById("book-form").addEventListener("submit", async (ev) => { ev.preventDefault(); const f = ev.target; const out = document.getElementById("book-result");
  const startsAt = new FormData(f).get("startsAt"); if (!startsAt) { out.className = "error"; out.textContent = ${JSON.stringify(t.chooseSlot)}; return; }
  const r = await send("POST", "/hr/console/interviews", Object.assign(common(f), { candidateId: ${JSON.stringify(cid)}, applicationId: ${JSON.stringify(d.application.applicationId)}, startsAt }));
  if (!r.ok) return showErrors(out, r); out.className = "ok"; out.textContent = ${JSON.stringify(t.booked)}; location.href = ${JSON.stringify(`${base}?lang=${locale}`)}; });
document.getElementById("link-form").addEventListener("submit", async (ev) => { ev.preventDefault(); const f = ev.target; const out = document.getElementById("link-result");
  const r = await send("POST", ${JSON.stringify(`${base}/applications/${encodeURIComponent(d.application.applicationId)}/scheduling-link`)}, Object.assign(common(f), { validDays: Number(new FormData(f).get("validDays") || 7) }));
  if (!r.ok) return showErrors(out, r); out.className = "ok"; out.textContent = ${JSON.stringify(t.linkSent)}; });`
    : "";
  return layout({ locale, title: `${t.schedule}: ${d.candidate.name}`, titleIsUserText: true, body, nonce, session, script, showsTimes: true });
}

export interface OfferPageData {
  candidate: { candidateId: string; name: string };
  offerId: string;
  applications: Application[];
  requisitions: Requisition[];
  /** The offer as HR reviews it, when it exists. */
  review?: { offer: Omit<Offer, "responseToken" | "responseLinkId">; problems: OfferProblem[]; risk: RiskScore; approvalSteps: { name: string; stepIndex: number; round: string; required: number; decisions: { approverEmail: string; decision: string; at: string }[]; resolution?: { outcome: string; at: string } }[] };
  /** The problems of an empty draft (a new offer): what the form must still say. */
  emptyProblems: OfferProblem[];
  salaryVisible: boolean;
}

export function problemsHtml(problems: readonly OfferProblem[], locale: Locale): string {
  const t = text[locale];
  if (!problems.length) return `<p class="ok" id="offer-complete">${t.complete}</p>`;
  return `<ul id="offer-problems">${problems.map((p) => `<li data-part="${esc(p.part)}" data-code="${esc(p.code)}">${esc(t.parts[p.part] ?? p.part)}：${esc(t.codes[p.code] ?? p.code)} <code>${esc(p.path)}</code></li>`).join("")}</ul>`;
}

export function offerPage(d: OfferPageData, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const t = text[locale];
  const zone = session.timeZone;
  const o = d.review?.offer;
  const editable = !o || ["draft", "approval-rejected", "approval-expired"].includes(o.status);
  const p = (o?.parts ?? {}) as OfferParts;
  const b = p.basePay as OfferParts["basePay"] | typeof MASK | undefined;
  const masked = b === MASK || !d.salaryVisible;
  const base = b && b !== MASK ? b : undefined;
  const cid = d.candidate.candidateId;
  const title = (id: string) => d.requisitions.find((r) => r.requisitionId === id)?.title ?? id;
  const appOptions = d.applications.map((a) => `<option value="${esc(a.applicationId)}"${o?.applicationId === a.applicationId ? " selected" : ""} translate="no">${esc(title(a.requisitionId))}</option>`).join("");
  const field = (name: string, label: string, value: unknown, attrs = "") => `<label>${label} <input name="${name}" value="${esc(value ?? "")}" ${attrs}${editable ? "" : " disabled"}></label>`;
  const commission = p.commission?.kind === "formula" ? p.commission : undefined;
  const bonus = p.bonus?.kind === "target" ? p.bonus : undefined;
  const form = masked
    ? `<p class="muted">${t.salaryHidden}</p>`
    : `<form id="offer-form" class="inline" novalidate><label>${t.application} <select name="applicationId"${editable ? "" : " disabled"}>${appOptions}</select></label>
<fieldset class="consents"><legend>${t.basePay}</legend>${field("amount", t.amount, base?.amount, 'type="number" min="0"')}${field("currency", t.currency, base?.currency ?? "CNY", 'maxlength="3" size="4"')}
<label>${t.period} <select name="period"${editable ? "" : " disabled"}><option value="month"${base?.period !== "year" ? " selected" : ""}>${t.month}</option><option value="year"${base?.period === "year" ? " selected" : ""}>${t.year}</option></select></label>${field("monthsPerYear", t.monthsPerYear, base?.monthsPerYear, 'type="number" min="12" max="16"')}</fieldset>
<label class="check"><input type="checkbox" name="noCommission"${p.commission?.kind === "none" ? " checked" : ""}${editable ? "" : " disabled"}> ${t.noCommission}</label>
<label class="check"><input type="checkbox" name="noBonus"${p.bonus?.kind === "none" ? " checked" : ""}${editable ? "" : " disabled"}> ${t.noBonus}</label>${field("targetPercent", t.targetBonus, bonus?.targetPercent, 'type="number" min="0" max="200"')}${field("bonusBasis", t.bonusBasis, bonus?.basis)}
${field("benefits", t.benefits, p.benefits?.join(", "))}${field("probationMonths", t.probation, p.probation?.months, 'type="number" min="0" max="6"')}${field("probationPay", t.probationPay, p.probation?.payPercent, 'type="number" min="0" max="100"')}
${field("startDate", t.startDate, p.startDate, 'type="date"')}${field("location", t.offerLocation, p.location)}${field("responseDeadline", `${t.responseDeadline} (${esc(zone ?? "UTC")})`, p.responseDeadline ? localInput(p.responseDeadline, zone) : "", 'type="datetime-local"')}
<label class="check"><input type="checkbox" name="competingOffer"${o?.competingOffer ? " checked" : ""}${editable ? "" : " disabled"}> ${t.competing}</label>
${editable ? `<button type="button" id="save-offer">${t.draft}</button><button type="button" id="submit-offer">${t.submit}</button>` : `<p class="muted">${t.readOnly}</p>`}</form>${commission ? `<p class="muted">${t.commission}: ${esc(commission.rate)} × ${esc(commission.base)}</p>` : ""}`;
  const problems = !editable ? "" : `<h2>${t.problems}</h2><div id="offer-feedback">${problemsHtml(d.review?.problems ?? d.emptyProblems, locale)}</div><p id="offer-result" role="status"></p>`;
  const follow = o && o.status !== "draft"
    ? `<h2>${t.approvals}</h2>${d.review!.approvalSteps.length ? `<table id="approvals" class="cards"><tr><th>${t.step}</th><th>${t.decisions}</th><th>${t.status}</th></tr>${d.review!.approvalSteps
        .map((s) => `<tr data-step="${s.stepIndex}"><td data-label="${t.step}">${userText(s.name)}</td><td data-label="${t.decisions}">${s.decisions.map((x) => `${userText(x.approverEmail)} ${x.decision === "approve" ? t.approve : t.reject} ${timeHtml(x.at, locale, zone)}`).join("<br>") || "—"}</td>
<td data-label="${t.status}">${s.resolution ? `${esc(t.outcome[s.resolution.outcome] ?? s.resolution.outcome)} ${timeHtml(s.resolution.at, locale, zone)}` : t.waiting}</td></tr>`).join("")}</table>` : `<p class="muted" id="approvals">${t.waiting}</p>`}
<p id="offer-answer">${t.answer}: ${o.response ? esc(t.offerStatus[o.response] ?? o.response) : "—"}</p>`
    : "";
  const risk = d.review
    ? `<h2>${t.risk}</h2><p id="offer-risk"><strong>${d.review.risk.score}/10</strong></p>${d.review.risk.topFactors.length ? `<ul id="risk-factors">${d.review.risk.topFactors.map((f) => `<li data-factor="${esc(f.factor)}">${esc(t.factors[f.factor] ?? f.factor)} +${f.contribution}</li>`).join("")}</ul>` : ""}`
    : "";
  const body = `<p>${t.status}: <strong id="offer-status">${esc(t.offerStatus[o?.status ?? "draft"])}</strong> · <span translate="no">${esc(d.offerId)}</span> · <a href="/hr/console/candidates/${encodeURIComponent(cid)}?lang=${locale}">${t.back}</a></p>${form}${problems}${follow}${risk}`;
  const url = `/hr/console/candidates/${encodeURIComponent(cid)}/offers/${encodeURIComponent(d.offerId)}`;
  const labels = JSON.stringify({ parts: t.parts, codes: t.codes, complete: t.complete });
  const script =
    editable && !masked
      ? `${post(session.csrfToken)}
const L = ${labels}; const f = document.getElementById("offer-form"); const out = document.getElementById("offer-result");
const v = (n) => { const el = f.elements[n]; return el ? String(el.value).trim() : ""; }; const num = (n) => (v(n) === "" ? undefined : Number(v(n)));
const body = () => { const parts = {};
  if (v("amount")) parts.basePay = Object.assign({ amount: num("amount"), currency: v("currency") || "CNY", period: v("period") }, num("monthsPerYear") ? { monthsPerYear: num("monthsPerYear") } : {});
  if (f.elements.noCommission.checked) parts.commission = { kind: "none" };
  if (f.elements.noBonus.checked) parts.bonus = { kind: "none" }; else if (num("targetPercent")) parts.bonus = Object.assign({ kind: "target", targetPercent: num("targetPercent") }, v("bonusBasis") ? { basis: v("bonusBasis") } : {});
  const benefits = v("benefits").split(/[,，]/).map((x) => x.trim()).filter(Boolean); if (benefits.length) parts.benefits = benefits;
  if (v("probationMonths") !== "") parts.probation = { months: num("probationMonths"), payPercent: num("probationPay") ?? 100 };
  if (v("startDate")) parts.startDate = v("startDate"); if (v("location")) parts.location = v("location");
  if (v("responseDeadline")) parts.responseDeadline = new Date(v("responseDeadline")).toISOString();
  return { applicationId: v("applicationId"), parts, competingOffer: f.elements.competingOffer.checked }; };
const render = (problems) => { const box = document.getElementById("offer-feedback"); box.textContent = "";
  if (!problems.length) { const p = document.createElement("p"); p.className = "ok"; p.id = "offer-complete"; p.textContent = L.complete; box.append(p); return; }
  const ul = document.createElement("ul"); ul.id = "offer-problems";
  for (const x of problems) { const li = document.createElement("li"); li.dataset.part = x.part; li.dataset.code = x.code; const c = document.createElement("code"); c.textContent = x.path;
    li.append((L.parts[x.part] || x.part) + "：" + (L.codes[x.code] || x.code) + " ", c); ul.append(li); }
  box.append(ul); };
const save = async () => { const r = await send("PUT", ${JSON.stringify(url)}, body()); if (!r.ok) { showErrors(out, r); return false; } out.className = "ok"; out.textContent = ${JSON.stringify(t.saved)}; render(r.body.problems || []); return true; };
// Live feedback: every change saves the draft and shows what the API's own checks still find.
let timer; f.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(save, 500); }); f.addEventListener("change", () => { clearTimeout(timer); timer = setTimeout(save, 100); });
document.getElementById("save-offer").addEventListener("click", save);
document.getElementById("submit-offer").addEventListener("click", async () => { clearTimeout(timer); if (!(await save())) return;
  const r = await send("POST", ${JSON.stringify(`${url}/submit`)}); if (!r.ok) { if (r.body.errors) render(r.body.errors.map((e) => ({ part: e.part || e.path, code: e.code, path: e.path }))); showErrors(out, r); return; }
  out.className = "ok"; out.textContent = ${JSON.stringify(t.submitted)}; location.reload(); });`
      : "";
  return layout({ locale, title: `${t.offer}: ${d.candidate.name}`, titleIsUserText: true, body, nonce, session, script, showsTimes: true });
}

/** A datetime-local input's value for an instant, in the viewer's zone. */
function localInput(iso: string, zone = "UTC"): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
