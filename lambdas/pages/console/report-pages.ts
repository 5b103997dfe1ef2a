// Reports in the console. The no-show report: interview no-show rates by weekday × hour (the
// candidate's local time), by the invitation's channel and by whether it was opened, every rate with
// its count and Wilson 95% interval printed, not only on hover. Bars are plain HTML/CSS (a bar for the
// rate, a line for the interval), so the page needs no script and fits a phone.
import type { Locale } from "../../core/shared/model.js";
import type { NoShowReport, RateRow } from "../../core/interview/attendance.js";
import { esc, layout, type ConsoleSessionView } from "./shell.js";

const text = {
  "zh-CN": {
    title: "报表：面试爽约", overall: "整体爽约率", interviews: "场面试", noShows: "次爽约", byCell: "按时段（候选人当地时间，星期 × 小时）", byChannel: "按邀请渠道", byOpened: "按是否打开通知",
    legend: "每格：爽约率、面试场数、95% 置信区间（Wilson）。", hour: "时", weekdays: ["日", "一", "二", "三", "四", "五", "六"], weekdayPrefix: "周",
    worst: "爽约最多的时段", noWorst: "还没有哪个时段的面试达到 {n} 场，暂不判断。", none: "还没有记录结果的面试。",
    ordering: "自助预约按这些比率排序：出席最好的时段排在最前。面试少于 {n} 场的时段按整体爽约率计。",
    channels: { email: "邮件", sms: "短信", none: "未发邀请" } as Record<string, string>, opened: "已打开", notOpened: "未打开", rate: "爽约率", count: "场数", ci: "95% 置信区间",
  },
  en: {
    title: "Report: interview no-shows", overall: "Overall no-show rate", interviews: "interviews", noShows: "no-shows", byCell: "By slot (candidate's local time, weekday × hour)", byChannel: "By invitation channel", byOpened: "By whether the notice was opened",
    legend: "Each cell: no-show rate, interviews, 95% confidence interval (Wilson).", hour: "Hour", weekdays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"], weekdayPrefix: "",
    worst: "Slot with the most no-shows", noWorst: "No slot has {n} interviews yet, so none is singled out.", none: "No interview has an outcome yet.",
    ordering: "Self-scheduling is ordered by these rates: the best-attended slots are offered first. Slots with fewer than {n} interviews count at the overall rate.",
    channels: { email: "Email", sms: "SMS", none: "No invitation" } as Record<string, string>, opened: "Opened", notOpened: "Not opened", rate: "No-show rate", count: "Interviews", ci: "95% CI",
  },
} as const;

const TABS = [
  { key: "hiring", path: "/hr/console/reports/hiring", label: { "zh-CN": "招聘漏斗与 Offer", en: "Funnel and offers" } },
  { key: "no-shows", path: "/hr/console/reports", label: { "zh-CN": "面试爽约", en: "Interview no-shows" } },
] as const;

/** The reports' own menu: every report one click from the others. */
export function reportTabs(active: (typeof TABS)[number]["key"], locale: Locale): string {
  return `<nav class="report-tabs" aria-label="${locale === "zh-CN" ? "报表" : "Reports"}" style="display:flex;flex-wrap:wrap;gap:4px 16px;margin:0 0 12px">${TABS.map((tab) => `<a href="${tab.path}?lang=${locale}"${tab.key === active ? ' aria-current="page" style="font-weight:600"' : ""}>${tab.label[locale]}</a>`).join("")}</nav>`;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const interval = (r: RateRow) => `${pct(r.low)}–${pct(r.high)}`;

/** One labelled bar: the rate as a bar, the interval as a line across it, the numbers beside it. */
function bar(label: string, r: RateRow, attrs: string, locale: Locale): string {
  const t = text[locale];
  return `<div class="bar-row" ${attrs}><span class="bar-label">${label}</span><span class="bar-track" role="img" aria-label="${esc(`${label}: ${pct(r.rate)}`)}"><span class="bar" style="width:${(r.rate * 100).toFixed(1)}%"></span><span class="ci" style="left:${(r.low * 100).toFixed(1)}%;width:${((r.high - r.low) * 100).toFixed(1)}%"></span></span>
<span class="bar-numbers"><b>${pct(r.rate)}</b> · ${r.noShows}/${r.n} · ${t.ci} ${interval(r)}</span></div>`;
}

export function noShowReportPage(report: NoShowReport, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const t = text[locale];
  const fill = (s: string) => s.replace("{n}", String(report.minInterviews));
  const day = (w: number) => `${t.weekdayPrefix}${t.weekdays[w]}`;
  const css = `<style>table.heat th{white-space:nowrap;font-size:12px;padding:2px}table.heat td{min-width:44px;text-align:center;font-size:12px;padding:2px}table.heat td small{display:block;font-size:10px;color:#374151}table.heat td.empty{background:#f9fafb}
.bar-row{display:grid;grid-template-columns:minmax(70px,140px) minmax(80px,1fr);gap:2px 10px;align-items:center;margin:6px 0}.bar-numbers{grid-column:2;font-size:.9em}
.bar-track{position:relative;height:14px;background:#f3f4f6;border-radius:3px}.bar{position:absolute;left:0;top:0;bottom:0;background:#f87171;border-radius:3px}.ci{position:absolute;top:6px;height:2px;background:#111827}
.worst{border-left:4px solid #b91c1c;padding-left:8px}</style>`;
  if (!report.overall.n) return layout({ locale, title: t.title, body: `${css}${reportTabs("no-shows", locale)}<p class="muted" id="no-data">${t.none}</p><p id="ordering">${fill(t.ordering)}</p>`, nonce, session, active: "reports" });
  const days = [1, 2, 3, 4, 5, 6, 0];
  const hours = [...new Set(report.cells.map((c) => c.hour))].sort((a, b) => a - b);
  const cell = (w: number, h: number) => {
    const c = report.cells.find((x) => x.weekday === w && x.hour === h);
    if (!c) return `<td class="empty"></td>`;
    const shade = Math.round(255 - c.rate * 150);
    const worst = report.worst && report.worst.weekday === w && report.worst.hour === h;
    return `<td style="background:rgb(255,${shade},${shade})" data-weekday="${w}" data-hour="${h}"${worst ? ' class="worst-cell"' : ""}><b>${pct(c.rate)}</b><small>n=${c.n}</small><small>${interval(c)}</small></td>`;
  };
  const heat = `<div class="scroll"><table class="heat" id="no-show-heatmap" data-zone="candidate-local"><tr><th>${t.hour}</th>${days.map((w) => `<th>${day(w)}</th>`).join("")}</tr>
${hours.map((h) => `<tr><th>${h}:00</th>${days.map((w) => cell(w, h)).join("")}</tr>`).join("")}</table></div>`;
  const w = report.worst;
  const worst = w
    ? `<p class="worst" id="worst-slot" data-weekday="${w.weekday}" data-hour="${w.hour}">${t.worst}: <strong>${day(w.weekday)} <span data-zone="candidate-local">${w.hour}:00</span></strong> — ${pct(w.rate)} (${w.noShows}/${w.n}, ${t.ci} ${interval(w)})</p>`
    : `<p class="muted" id="worst-slot">${fill(t.noWorst)}</p>`;
  const body = `${css}${reportTabs("no-shows", locale)}<p id="overall">${t.overall}: <strong>${pct(report.overall.rate)}</strong> (${report.overall.noShows} ${t.noShows} / ${report.overall.n} ${t.interviews}, ${t.ci} ${interval(report.overall)})</p>
${worst}<p id="ordering">${fill(t.ordering)}</p>
<h2>${t.byCell}</h2><p class="muted">${t.legend}</p>${heat}
<h2>${t.byChannel}</h2><div id="by-channel">${report.channels.map((c) => bar(esc(t.channels[c.channel] ?? c.channel), c, `data-channel="${esc(c.channel)}"`, locale)).join("")}</div>
<h2>${t.byOpened}</h2><div id="by-opened">${report.opened.filter((o) => o.n > 0).map((o) => bar(o.opened ? t.opened : t.notOpened, o, `data-opened="${o.opened}"`, locale)).join("")}</div>`;
  return layout({ locale, title: t.title, body, nonce, session, active: "reports" });
}
