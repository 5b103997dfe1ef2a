// Reports in the console. The no-show report: interview no-show rates by weekday × hour (the
// candidate's local time), by the invitation's channel and by whether it was opened, every rate with
// its count and Wilson 95% interval printed, not only on hover. The charts are server-drawn SVG
// (charts.ts says why), each with its numbers in a table or as text beside it.
import type { Locale } from "../../core/shared/model.js";
import type { NoShowReport, RateRow } from "../../core/interview/attendance.js";
import { esc, layout, type ConsoleSessionView } from "./shell.js";
import { CHART_CSS, heatGrid, rateBars, type RateBar } from "./charts.js";

const text = {
  "zh-CN": {
    title: "报表：面试爽约", overall: "整体爽约率", interviews: "场面试", noShows: "次爽约", byCell: "按时段（候选人当地时间，星期 × 小时）", byChannel: "按邀请渠道", byOpened: "按是否打开通知",
    legend: "每格：爽约率、面试场数、95% 置信区间（Wilson）。浅色虚框：面试少于 {n} 场，不单独判断。", hour: "时", weekdays: ["日", "一", "二", "三", "四", "五", "六"], weekdayPrefix: "周",
    worst: "爽约最多的时段", noWorst: "还没有哪个时段的面试达到 {n} 场，暂不判断。", none: "还没有记录结果的面试。",
    ordering: "自助预约按这些比率排序：出席最好的时段排在最前。面试少于 {n} 场的时段按整体爽约率计。",
    channels: { email: "邮件", sms: "短信", none: "未发邀请" } as Record<string, string>, opened: "已打开", notOpened: "未打开", rate: "爽约率", count: "场数", ci: "95% 置信区间", table: "查看数据表",
  },
  en: {
    title: "Report: interview no-shows", overall: "Overall no-show rate", interviews: "interviews", noShows: "no-shows", byCell: "By slot (candidate's local time, weekday × hour)", byChannel: "By invitation channel", byOpened: "By whether the notice was opened",
    legend: "Each cell: no-show rate, interviews, 95% confidence interval (Wilson). Pale, dashed: fewer than {n} interviews, not judged on its own.", hour: "Hour", weekdays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"], weekdayPrefix: "",
    worst: "Slot with the most no-shows", noWorst: "No slot has {n} interviews yet, so none is singled out.", none: "No interview has an outcome yet.",
    ordering: "Self-scheduling is ordered by these rates: the best-attended slots are offered first. Slots with fewer than {n} interviews count at the overall rate.",
    channels: { email: "Email", sms: "SMS", none: "No invitation" } as Record<string, string>, opened: "Opened", notOpened: "Not opened", rate: "No-show rate", count: "Interviews", ci: "95% CI", table: "Show the numbers as a table",
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

/** A no-show rate as a chart row: its label, rate, count and interval. */
const rateRow = (label: string, r: RateRow, attrs: string): RateBar => ({ label, attrs, k: r.noShows, n: r.n, rate: r.rate, low: r.low, high: r.high });

export function noShowReportPage(report: NoShowReport, locale: Locale, nonce: string, session: ConsoleSessionView): string {
  const t = text[locale];
  const fill = (s: string) => s.replace("{n}", String(report.minInterviews));
  const day = (w: number) => `${t.weekdayPrefix}${t.weekdays[w]}`;
  const css = `<style>table.heat th{white-space:nowrap;font-size:12px;padding:2px}table.heat td{min-width:44px;text-align:center;font-size:12px;padding:2px}table.heat td small{display:block;font-size:10px;color:#374151}table.heat td.empty{background:#f9fafb}
.worst{border-left:4px solid #b91c1c;padding-left:8px}${CHART_CSS}</style>`;
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
  const table = `<details class="chart-data"><summary>${t.table}</summary><div class="scroll"><table class="heat" id="no-show-heatmap" data-zone="candidate-local"><tr><th>${t.hour}</th>${days.map((w) => `<th>${day(w)}</th>`).join("")}</tr>
${hours.map((h) => `<tr><th>${h}:00</th>${days.map((w) => cell(w, h)).join("")}</tr>`).join("")}</table></div></details>`;
  const summary = `${t.byCell}. ${report.cells.map((c) => `${day(c.weekday)} ${c.hour}:00 ${pct(c.rate)} (${c.noShows}/${c.n}, ${interval(c)})`).join("; ")}`;
  const heat = heatGrid({ id: "no-show-heatmap-chart", caption: fill(t.legend), cells: report.cells, trustedFrom: report.minInterviews, days, dayName: day, ...(report.worst ? { worst: report.worst } : {}), summary, after: table });
  const w = report.worst;
  const worst = w
    ? `<p class="worst" id="worst-slot" data-weekday="${w.weekday}" data-hour="${w.hour}">${t.worst}: <strong>${day(w.weekday)} <span data-zone="candidate-local">${w.hour}:00</span></strong> — ${pct(w.rate)} (${w.noShows}/${w.n}, ${t.ci} ${interval(w)})</p>`
    : `<p class="muted" id="worst-slot">${fill(t.noWorst)}</p>`;
  const body = `${css}${reportTabs("no-shows", locale)}<p id="overall">${t.overall}: <strong>${pct(report.overall.rate)}</strong> (${report.overall.noShows} ${t.noShows} / ${report.overall.n} ${t.interviews}, ${t.ci} ${interval(report.overall)})</p>
${worst}<p id="ordering">${fill(t.ordering)}</p>
<h2>${t.byCell}</h2>${heat}
<h2>${t.byChannel}</h2>${rateBars({ id: "by-channel", caption: t.rate, rows: report.channels.map((c) => rateRow(t.channels[c.channel] ?? c.channel, c, `data-channel="${esc(c.channel)}"`)), text: t, color: "#f87171" })}
<h2>${t.byOpened}</h2>${rateBars({ id: "by-opened", caption: t.rate, rows: report.opened.filter((o) => o.n > 0).map((o) => rateRow(o.opened ? t.opened : t.notOpened, o, `data-opened="${o.opened}"`)), text: t, color: "#f87171" })}`;
  return layout({ locale, title: t.title, body, nonce, session, active: "reports" });
}
