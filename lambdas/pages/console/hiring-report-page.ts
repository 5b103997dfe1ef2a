// The hiring report page: the funnel (overall, by requisition, by source), time in stage with the
// people waiting longest, and offer acceptance. Every rate shows its count and Wilson 95% interval on
// the page (not on hover); numbers resting on fewer than `minSample` say so. The charts are
// server-drawn SVG (charts.ts says why), each with the same numbers as text or a table beside it.
import type { Locale } from "../../core/shared/model.js";
import { FUNNEL_STAGES, type FunnelRow, type HiringReport, type OfferAcceptance, type Rate, type Spread, type StageTime } from "../../core/requisitions/hiring-report.js";
import { dateHtml, esc, layout, timeHtml, userText, type ConsoleSessionView } from "./shell.js";
import { reportTabs } from "./report-pages.js";
import { CHART_CSS, funnelBars, rateBars, spreadBoxes, type RateBar, type SpreadBox } from "./charts.js";

const text = {
  "zh-CN": {
    title: "报表：招聘漏斗与 Offer",
    stages: { applied: "收到申请", screened: "通过筛选", interview: "面试", offer: "发出 Offer", hired: "录用" },
    period: "时间范围", periods: { "30": "近 30 天", "90": "近 90 天", "365": "近一年", all: "全部" }, show: "查看",
    summary: (n: number) => `${n} 份申请`, since: "收到于", onward: "之后", generated: "统计时间",
    none: "这段时间还没有收到申请。",
    funnel: "漏斗", funnelHelp: "条形长度：到达该阶段的申请数（占收到申请的比例）。通过率只算已离开该阶段的申请（进入下一阶段或被淘汰），仍在该阶段的单独列出，不算作失败。",
    pass: "进入下一阶段", open: "仍在此阶段", ci: "95% 置信区间", few: "样本少，仅供参考", overall: "申请 → 录用",
    byRequisition: "按职位", bySource: "按来源", requisition: "职位", source: "来源",
    time: "阶段用时", timeHelp: "已离开：在该阶段停留的天数（中位数，四分位 25%–75%，最长）。正在等待：现在仍在该阶段的申请已等了多久。",
    stage: "阶段", done: "已离开", waiting: "正在等待", longest: "等待最久", nobody: "无", people: "人", median: "中位数", quartiles: "四分位", max: "最长",
    days: (d: number) => (d * 24 < 1 ? "不到 1 小时" : d < 1 ? `${Math.round(d * 24)} 小时` : `${d < 10 ? d.toFixed(1) : Math.round(d)} 天`), colon: "：", fewShort: "样本少",
    offers: "Offer 接受率", offersHelp: "接受率只算已答复的 Offer；还在等答复的单独列出。",
    acceptance: "接受率", sent: "已发出", accepted: "已接受", declined: "已拒绝", waitingAnswer: "等待答复", answerTime: "答复用时",
    competing: "已知有其他 Offer", notCompeting: "未知有其他 Offer", byCompeting: "按是否已知候选人手上有其他 Offer", reasons: "最近的拒绝原因（候选人原话）", noOffers: "这段时间还没有发出 Offer。",
    asList: "查看各阶段的文字说明", dayUnit: "天", all: "全部", funnelCaption: "到达各阶段的申请数", timeCaption: "各阶段用时（天）：方框为四分位，粗线为中位数，虚线到最长", acceptanceCaption: "Offer 接受率（已答复的）",
  },
  en: {
    title: "Report: hiring funnel and offers",
    stages: { applied: "Applied", screened: "Passed screen", interview: "Interview", offer: "Offer sent", hired: "Hired" },
    period: "Period", periods: { "30": "Last 30 days", "90": "Last 90 days", "365": "Last year", all: "All time" }, show: "Show",
    summary: (n: number) => `${n} application${n === 1 ? "" : "s"}`, since: "received from", onward: "on", generated: "As of",
    none: "No applications were received in this period.",
    funnel: "Funnel", funnelHelp: "Bar length: applications that reached the stage (share of those received). A pass rate counts only applications that left the stage (moved on or turned down); those still in it are listed apart, not as failures.",
    pass: "Moved on", open: "Still in stage", ci: "95% CI", few: "few data, indicative only", overall: "Applied → hired",
    byRequisition: "By requisition", bySource: "By source", requisition: "Requisition", source: "Source",
    time: "Time in stage", timeHelp: "Left: days spent in the stage (median, quartiles 25%–75%, longest). Waiting: how long applications still in the stage have waited so far.",
    stage: "Stage", done: "Left the stage", waiting: "Waiting now", longest: "Waiting longest", nobody: "None", people: "", median: "median", quartiles: "quartiles", max: "longest",
    days: (d: number) => (d * 24 < 1 ? "< 1 h" : d < 1 ? `${Math.round(d * 24)} h` : `${d < 10 ? d.toFixed(1) : Math.round(d)} d`), colon: ": ", fewShort: "few data",
    offers: "Offer acceptance", offersHelp: "Acceptance counts answered offers only; offers still awaiting an answer are listed apart.",
    acceptance: "Acceptance", sent: "Sent", accepted: "Accepted", declined: "Declined", waitingAnswer: "Awaiting answer", answerTime: "Time to answer",
    competing: "Competing offer known", notCompeting: "No competing offer known", byCompeting: "By whether a competing offer was known", reasons: "Latest decline reasons (the candidates' words)", noOffers: "No offer was sent in this period.",
    asList: "Show each stage in words", dayUnit: "d", all: "All", funnelCaption: "Applications that reached each stage", timeCaption: "Days in each stage: the box spans the quartiles, the thick line is the median, the dashes run to the longest", acceptanceCaption: "Offer acceptance (answered offers)",
  },
} as const;

type T = (typeof text)[Locale];
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** "60% (3/5, 95% CI 23–88%)", marked when it rests on too few. */
function rateText(r: Rate, t: T, min: number): string {
  if (!r.n) return `<span class="muted">—</span>`;
  return `<b>${pct(r.rate)}</b> (${r.k}/${r.n}, ${t.ci} ${pct(r.low)}–${pct(r.high)})${r.n < min ? ` <span class="few">${t.few}</span>` : ""}`;
}

/** A rate as a chart row, marked when it rests on too few. */
const acceptanceRow = (label: string, a: OfferAcceptance, attrs: string, t: T, min: number, userLabel = false): RateBar => ({
  label,
  attrs,
  ...a.acceptance,
  ...(userLabel ? { userText: true } : {}),
  ...(a.acceptance.n && a.acceptance.n < min ? { note: t.fewShort } : {}),
});

function funnelChart(row: FunnelRow, t: T, min: number): string {
  const applied = row.reached[0] || 1;
  const chart = funnelBars({
    id: "funnel-chart",
    caption: t.funnelCaption,
    stages: FUNNEL_STAGES.map((stage, i) => ({ stage, label: t.stages[stage], reached: row.reached[i]!, ...(i > 0 ? { from: row.pass[i - 1]! } : {}), ...(i > 0 && row.pass[i - 1]!.n && row.pass[i - 1]!.n < min ? { note: t.fewShort } : {}) })),
    text: { ci: t.ci, moved: t.pass },
    color: "#60a5fa",
  });
  return `${chart}<details class="chart-data"><summary>${t.asList}</summary><ol class="funnel" id="funnel-overall">${FUNNEL_STAGES.map((stage, i) => {
    const share = row.reached[i]! / applied;
    const next = i < FUNNEL_STAGES.length - 1 ? `<span class="step">${t.pass}${t.colon}${rateText(row.pass[i]!, t, min)} · ${t.open}${t.colon}<b>${row.open[i]}</b></span>` : "";
    return `<li data-stage="${stage}"><span class="stage-name">${t.stages[stage]}</span><span class="stage-count"><b>${row.reached[i]}</b> (${pct(share)})</span>${next}</li>`;
  }).join("")}</ol></details><p id="funnel-total">${t.overall}${t.colon}${rateText(row.overall, t, min)}</p>`;
}

/** One row of a funnel table: counts per stage, each with the pass rate that led to it. */
function funnelCells(row: FunnelRow, t: T, min: number): string {
  return FUNNEL_STAGES.map((stage, i) => {
    const from = i > 0 ? row.pass[i - 1]! : undefined;
    const rate = from && from.n ? `<small>${pct(from.rate)} · ${from.k}/${from.n} · ${pct(from.low)}–${pct(from.high)}${from.n < min ? ` <span class="few">${t.fewShort}</span>` : ""}</small>` : "";
    return `<td data-label="${esc(t.stages[stage])}" data-stage="${stage}"><b>${row.reached[i]}</b>${rate}</td>`;
  }).join("") + `<td data-label="${esc(t.overall)}">${rateText(row.overall, t, min)}</td>`;
}

function funnelTable(id: string, head: string, rows: { label: string; attrs: string; row: FunnelRow }[], t: T, min: number): string {
  return `<table class="cards funnel-table" id="${id}"><tr><th>${head}</th>${FUNNEL_STAGES.map((s) => `<th>${t.stages[s]}</th>`).join("")}<th>${t.overall}</th></tr>
${rows.map((r) => `<tr ${r.attrs}><td data-label="${esc(head)}">${r.label}</td>${funnelCells(r.row, t, min)}</tr>`).join("\n")}</table>`;
}

const spreadText = (s: Spread | undefined, t: T, min: number) =>
  s ? `${t.median} <b>${t.days(s.median)}</b> · ${t.quartiles} ${t.days(s.p25)}–${t.days(s.p75)} · ${t.max} ${t.days(s.max)} · n=${s.n}${s.n < min ? ` <span class="few">${t.few}</span>` : ""}` : `<span class="muted">—</span>`;

function timeChart(rows: StageTime[], t: T): string {
  const boxes: SpreadBox[] = rows.flatMap((r) => [
    { label: `${t.stages[r.stage]} · ${t.done}`, attrs: `data-stage="${r.stage}" data-kind="done"`, kind: "done" as const, ...(r.done ? { spread: r.done } : {}) },
    { label: `${t.stages[r.stage]} · ${t.waiting}`, attrs: `data-stage="${r.stage}" data-kind="waiting"`, kind: "waiting" as const, ...(r.waiting ? { spread: r.waiting } : {}) },
  ]);
  return spreadBoxes({ id: "time-in-stage-chart", caption: t.timeCaption, rows: boxes, days: t.days, words: { median: t.median, max: t.max, none: t.nobody }, dayUnit: t.dayUnit, colors: { done: "#93c5fd", waiting: "#fcd34d" } });
}

function timeTable(rows: StageTime[], t: T, locale: Locale, min: number): string {
  const longest = (r: StageTime) =>
    r.longest.length
      ? `<ul class="plain">${r.longest.map((p) => `<li><a href="/hr/console/candidates/${encodeURIComponent(p.candidateId)}?lang=${locale}">${userText(p.name)}</a> · ${t.days(p.days)}</li>`).join("")}</ul>`
      : `<span class="muted">${t.nobody}</span>`;
  return `<table class="cards" id="time-in-stage-table"><tr><th>${t.stage}</th><th>${t.done}</th><th>${t.waiting}</th><th>${t.longest}</th></tr>
${rows.map((r) => `<tr data-stage="${r.stage}"><td data-label="${esc(t.stage)}"><b>${t.stages[r.stage]}</b></td><td data-label="${esc(t.done)}">${spreadText(r.done, t, min)}</td><td data-label="${esc(t.waiting)}">${r.waiting ? `<b>${r.waiting.n}</b>${t.people ? ` ${t.people}` : ""} · ${spreadText(r.waiting, t, min)}` : `<span class="muted">${t.nobody}</span>`}</td><td data-label="${esc(t.longest)}">${longest(r)}</td></tr>`).join("\n")}</table>`;
}

function offerLine(o: OfferAcceptance, t: T): string {
  return `${t.sent} <b>${o.sent}</b> · ${t.accepted} <b>${o.accepted}</b> · ${t.declined} <b>${o.declined}</b> · ${t.waitingAnswer} <b>${o.waiting}</b>`;
}

function offerSection(r: HiringReport, t: T, locale: Locale, timeZone: string | undefined): string {
  const o = r.offers;
  const min = r.minSample;
  if (!o.overall.sent) return `<p class="muted" id="offers-none">${t.noOffers}</p>`;
  const bar = (label: string, a: OfferAcceptance, attrs: string) =>
    `<div class="bar-row" ${attrs}><span class="bar-label">${label}</span><span class="bar-numbers">${t.acceptance} ${rateText(a.acceptance, t, min)}<br>${offerLine(a, t)}</span></div>`;
  const chart = rateBars({
    id: "offers-chart",
    caption: t.acceptanceCaption,
    rows: [
      acceptanceRow(t.all, o.overall, 'data-offers="overall"', t, min),
      ...o.byRequisition.map((x) => acceptanceRow(x.title, x, `data-requisition="${esc(x.requisitionId)}"`, t, min, true)),
      ...o.byCompetingOffer.map((x) => acceptanceRow(x.competingOffer ? t.competing : t.notCompeting, x, `data-competing="${x.competingOffer}"`, t, min)),
    ],
    text: t,
    color: "#34d399",
  });
  const reasons = o.declineReasons.length
    ? `<h3>${t.reasons}</h3><ul id="decline-reasons">${o.declineReasons.map((d) => `<li>${timeHtml(d.at, locale, timeZone)} · <a href="/hr/console/candidates/${encodeURIComponent(d.candidateId)}?lang=${locale}">${userText(d.name)}</a>${locale === "zh-CN" ? "：" : ": "}${userText(d.reason)}</li>`).join("")}</ul>`
    : "";
  return `<p class="muted">${t.offersHelp}</p>${chart}<div id="offers-overall">${bar(t.acceptance, o.overall, 'data-offers="overall"')}${o.overall.answerDays ? `<p>${t.answerTime}${t.colon}${spreadText(o.overall.answerDays, t, min)}</p>` : ""}</div>
<h3>${t.byRequisition}</h3><div id="offers-by-requisition">${o.byRequisition.map((x) => bar(userText(x.title), x, `data-requisition="${esc(x.requisitionId)}"`)).join("")}</div>
<h3>${t.byCompeting}</h3><div id="offers-by-competing">${o.byCompetingOffer.map((x) => bar(x.competingOffer ? t.competing : t.notCompeting, x, `data-competing="${x.competingOffer}"`)).join("")}</div>${reasons}`;
}

export function hiringReportPage(r: HiringReport, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const t = text[locale];
  const min = r.minSample;
  const css = `<style>.funnel{list-style:none;padding:0;margin:0}.funnel li{display:grid;grid-template-columns:minmax(80px,140px) minmax(80px,1fr);gap:2px 10px;align-items:center;margin:8px 0}
.stage-count,.step{grid-column:2;font-size:.9em}
.bar-row{display:grid;grid-template-columns:minmax(80px,160px) minmax(80px,1fr);gap:2px 10px;align-items:center;margin:8px 0}.bar-numbers{grid-column:2;font-size:.9em}
.few{color:#92400e;background:#fef3c7;border-radius:3px;padding:0 4px;font-size:.85em;white-space:nowrap}table.funnel-table{width:100%}table.funnel-table th{white-space:nowrap}table.funnel-table td:first-child{min-width:9em}table.funnel-table td small{display:block;color:#374151}ul.plain{margin:0;padding-left:1.1em}
form.period{margin:0 0 12px}${CHART_CSS}</style>`;
  const periodForm = `<form class="inline period" method="get" action="/hr/console/reports/hiring"><input type="hidden" name="lang" value="${locale}"><label>${t.period}<select name="period">${(["30", "90", "365", "all"] as const).map((p) => `<option value="${p}"${p === r.period ? " selected" : ""}>${t.periods[p]}</option>`).join("")}</select></label><button type="submit">${t.show}</button></form>`;
  const summary = `<p id="report-summary">${t.summary(r.applications)}${r.since ? ` · ${t.since} ${dateHtml(r.since, locale, session.timeZone)} ${t.onward}` : ""} · ${t.generated} ${timeHtml(r.generatedAt, locale, session.timeZone)}</p>`;
  const head = `${css}${reportTabs("hiring", locale)}${periodForm}${summary}`;
  if (!r.applications) return layout({ locale, title: t.title, body: `${head}<p class="muted" id="no-data">${t.none}</p>`, nonce, session, active: "reports", showsTimes: true });
  const body = `${head}
<section id="funnel"><h2>${t.funnel}</h2><p class="muted">${t.funnelHelp}</p>${funnelChart(r.funnel.overall, t, min)}
<h3>${t.byRequisition}</h3>${funnelTable("funnel-by-requisition", t.requisition, r.funnel.byRequisition.map((x) => ({ label: `<a href="/hr/console/requisitions/${encodeURIComponent(x.requisitionId)}?lang=${locale}">${userText(x.title)}</a>`, attrs: `data-requisition="${esc(x.requisitionId)}"`, row: x })), t, min)}
<h3>${t.bySource}</h3>${funnelTable("funnel-by-source", t.source, r.funnel.bySource.map((x) => ({ label: userText(x.source), attrs: `data-source="${esc(x.source)}"`, row: x })), t, min)}</section>
<section id="time-in-stage"><h2>${t.time}</h2><p class="muted">${t.timeHelp}</p>${timeChart(r.timeInStage, t)}${timeTable(r.timeInStage, t, locale, min)}</section>
<section id="offers"><h2>${t.offers}</h2>${offerSection(r, t, locale, session.timeZone)}</section>`;
  return layout({ locale, title: t.title, body, nonce, session, active: "reports", showsTimes: true });
}
