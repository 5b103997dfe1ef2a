// The reports' charts: inline SVG drawn on the server, with d3-scale for the scales, ticks and colours.
//
// Why d3-scale (about 16 kB minified with its d3-array/d3-interpolate parts, ESM, no DOM, part of d3,
// maintained since 2015) and not a client chart script:
// - Chart.js and uPlot draw on a canvas: the numbers exist only as pixels and hover tooltips, a screen
//   reader gets nothing, and the page would need a script route on AWS as well as under `npm start`
//   (the console's CSP is `default-src 'none'` with a per-page script nonce).
// - Frappe Charts draws SVG but in the browser, labels on hover, and has had no release in years.
// - Charts.css is CSS over tables (accessible) but has no interval whiskers and adds a stylesheet route.
// Server-side SVG needs no script, no build step and no new route, renders the same in Lambda and
// locally, prints every count and interval as text, and uses the page's own fonts (PingFang/Noto CJK),
// so zh-CN labels look like the rest of the page. Each chart is a <figure>: the SVG is role="img" with
// a text summary, and the same numbers are in a table (or list) beside it.
//
// Sizes: the drawing is laid out for a 360 px wide phone (the console's content width at 390 px) and
// scales up to `maxWidth` on a desktop, so text stays 12–16 px everywhere.
import { scaleBand, scaleLinear } from "d3-scale";
import { esc } from "./shell.js";

const W = 360;
const FONT = 12;

/** A rough text width (CJK glyphs are square, Latin ones about 0.58 em): enough to keep labels inside. */
export function textWidth(s: string, size = FONT): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 1 : 0.58;
  return w * size;
}

/** The text cut to fit `width`, with an ellipsis; the whole text stays in the title and the table. */
function fit(s: string, width: number, size = FONT): string {
  if (textWidth(s, size) <= width) return s;
  let out = "";
  for (const ch of s) {
    if (textWidth(`${out}${ch}…`, size) > width) break;
    out += ch;
  }
  return `${out}…`;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const f1 = (x: number) => x.toFixed(1);

export interface ChartText {
  /** "95% CI" / "95% 置信区间". */
  ci: string;
}

/** A chart in its figure: caption, the drawing (role="img", its numbers as the label), what follows it. */
function figure(o: { id: string; caption: string; summary: string; svg: string; height: number; maxWidth: number; after?: string }): string {
  return `<figure class="chart" id="${o.id}"><figcaption>${o.caption}</figcaption><svg class="chart-svg" viewBox="0 0 ${W} ${Math.ceil(o.height)}" style="max-width:${o.maxWidth}px" role="img" aria-label="${esc(o.summary)}">${o.svg}</svg>${o.after ?? ""}</figure>`;
}

export const CHART_CSS = `figure.chart{margin:8px 0 16px;max-width:100%}figure.chart figcaption{font-weight:600;margin:0 0 4px}svg.chart-svg{display:block;width:100%;height:auto;font-family:inherit;font-size:${FONT}px;overflow:visible}
svg.chart-svg text{fill:#1f2937}svg.chart-svg .muted{fill:#4b5563}svg.chart-svg .axis text{fill:#6b7280;font-size:10px}svg.chart-svg .axis line{stroke:#e5e7eb}
svg.chart-svg .track{fill:#f3f4f6}svg.chart-svg .ci{stroke:#111827;stroke-width:1.5}svg.chart-svg .few{fill:#92400e}
details.chart-data{margin:4px 0 12px}details.chart-data summary{cursor:pointer;color:#1d4ed8}details.chart-data table{margin-top:6px}`;

/** One rate to draw: a share with its count, its Wilson interval, and an optional small-sample mark. */
export interface RateBar {
  label: string;
  /** Extra attributes on the row's <g> (data-* hooks). */
  attrs?: string;
  k: number;
  n: number;
  rate: number;
  low: number;
  high: number;
  /** The row's label is someone's own words (a title): not translated. */
  userText?: boolean;
  /** Printed after the numbers (e.g. "few data"). */
  note?: string;
}

/**
 * Horizontal bars for rates: each row prints its label and rate, draws the rate with its 95% interval
 * as a whisker across it, and prints "k/n · 95% CI low–high" under the bar; an axis 0–100% closes it.
 */
export function rateBars(o: { id: string; caption: string; rows: readonly RateBar[]; text: ChartText; color: string; maxWidth?: number; after?: string }): string {
  const rowH = 50;
  const top = 4;
  const x = scaleLinear().domain([0, 1]).range([0, W - 8]).clamp(true);
  const rows = o.rows
    .map((r, i) => {
      const y = top + i * rowH;
      const rate = r.n ? pct(r.rate) : "—";
      const label = fit(r.label, W - textWidth(rate, 13) - 16);
      const whisker = r.n
        ? `<line class="ci" x1="${f1(x(r.low))}" x2="${f1(x(r.high))}" y1="${y + 25}" y2="${y + 25}"/><line class="ci" x1="${f1(x(r.low))}" x2="${f1(x(r.low))}" y1="${y + 20}" y2="${y + 30}"/><line class="ci" x1="${f1(x(r.high))}" x2="${f1(x(r.high))}" y1="${y + 20}" y2="${y + 30}"/>`
        : "";
      const numbers = r.n ? `${r.k}/${r.n} · ${o.text.ci} ${pct(r.low)}–${pct(r.high)}` : "n=0";
      return `<g class="bar-row" ${r.attrs ?? ""}><title>${esc(`${r.label}: ${rate} · ${numbers}`)}</title><text x="0" y="${y + 12}"${r.userText ? ' translate="no"' : ""}>${esc(label)}</text><text x="${W}" y="${y + 12}" text-anchor="end" font-weight="700" font-size="13">${rate}</text>
<rect class="track" x="0" y="${y + 18}" width="${W - 8}" height="14" rx="3"/><rect x="0" y="${y + 18}" width="${f1(x(r.rate))}" height="14" rx="3" fill="${o.color}"/>${whisker}
<text class="muted" x="0" y="${y + 45}">${esc(numbers)}${r.note ? `<tspan class="few"> · ${esc(r.note)}</tspan>` : ""}</text></g>`;
    })
    .join("\n");
  const axisY = top + o.rows.length * rowH + 2;
  const axis = `<g class="axis">${x
    .ticks(4)
    .map((t) => `<line x1="${f1(x(t))}" x2="${f1(x(t))}" y1="${top}" y2="${axisY}"/><text x="${f1(x(t))}" y="${axisY + 12}" text-anchor="${t === 0 ? "start" : t === 1 ? "end" : "middle"}">${pct(t)}</text>`)
    .join("")}</g>`;
  const summary = o.rows.map((r) => `${r.label}: ${r.n ? `${pct(r.rate)} (${r.k}/${r.n}, ${o.text.ci} ${pct(r.low)}–${pct(r.high)})` : "n=0"}`).join("; ");
  return figure({ id: o.id, caption: o.caption, summary: `${o.caption}. ${summary}`, svg: `${axis}${rows}`, height: axisY + 16, maxWidth: o.maxWidth ?? 480, after: o.after });
}

/** One cell of the weekday × hour grid. */
export interface HeatCell {
  weekday: number;
  hour: number;
  n: number;
  noShows: number;
  rate: number;
  low: number;
  high: number;
}

/**
 * The weekday × hour grid: each cell coloured by its no-show rate and printing the rate, n and the
 * interval; the worst trusted cell is outlined. Hours are the candidates' local time (data-zone).
 */
export function heatGrid(o: { id: string; caption: string; cells: readonly HeatCell[]; days: readonly number[]; dayName: (w: number) => string; worst?: { weekday: number; hour: number }; summary: string; trustedFrom: number; maxWidth?: number; after?: string }): string {
  const hours = [...new Set(o.cells.map((c) => c.hour))].sort((a, b) => a - b);
  const left = 40;
  const head = 18;
  const x = scaleBand<number>().domain([...o.days]).range([left, W]).paddingInner(0.06);
  const y = scaleBand<number>().domain(hours).range([head, head + hours.length * 46]).paddingInner(0.06);
  // White at 0%, deep red at 50% and above: a no-show rate past one in two is as bad as it gets.
  const colour = scaleLinear<string>().domain([0, 0.15, 0.5]).range(["#fef2f2", "#fca5a5", "#991b1b"]).clamp(true);
  const bw = x.bandwidth();
  const bh = y.bandwidth();
  const cx = (w: number) => f1(x(w)! + bw / 2);
  const dayHead = o.days.map((w) => `<text x="${cx(w)}" y="12" text-anchor="middle">${esc(o.dayName(w))}</text>`).join("");
  const hourHead = hours.map((h) => `<text x="${left - 6}" y="${f1(y(h)! + bh / 2 + 4)}" text-anchor="end" data-zone="candidate-local">${h}:00</text>`).join("");
  const cells = o.cells
    .filter((c) => o.days.includes(c.weekday))
    .map((c) => {
      const worst = o.worst && o.worst.weekday === c.weekday && o.worst.hour === c.hour;
      // A cell resting on too few interviews is drawn pale and dashed: it is not judged on its own.
      const trusted = c.n >= o.trustedFrom;
      const dark = trusted && c.rate >= 0.3;
      const ink = dark ? ' style="fill:#fff"' : "";
      const x0 = x(c.weekday)!;
      const y0 = y(c.hour)!;
      return `<g class="heat-cell" data-weekday="${c.weekday}" data-hour="${c.hour}"><title>${esc(`${o.dayName(c.weekday)} ${c.hour}:00 — ${pct(c.rate)}, n=${c.n}, ${pct(c.low)}–${pct(c.high)}`)}</title><rect x="${f1(x0)}" y="${f1(y0)}" width="${f1(bw)}" height="${f1(bh)}" rx="3" fill="${colour(c.rate)}"${trusted ? "" : ' fill-opacity="0.45" stroke="#9ca3af" stroke-dasharray="3 2"'}${worst ? ' stroke="#111827" stroke-width="2.5"' : ""}/>
<text x="${cx(c.weekday)}" y="${f1(y0 + 14)}" text-anchor="middle" font-weight="700"${ink}>${pct(c.rate)}</text><text x="${cx(c.weekday)}" y="${f1(y0 + 26)}" text-anchor="middle" font-size="9.5"${ink}>n=${c.n}</text><text x="${cx(c.weekday)}" y="${f1(y0 + 37)}" text-anchor="middle" font-size="9.5"${ink}>${Math.round(c.low * 100)}–${pct(c.high)}</text></g>`;
    })
    .join("\n");
  const empty = hours.flatMap((h) => o.days.filter((w) => !o.cells.some((c) => c.weekday === w && c.hour === h)).map((w) => `<rect x="${f1(x(w)!)}" y="${f1(y(h)!)}" width="${f1(bw)}" height="${f1(bh)}" rx="3" fill="#f9fafb" stroke="#f3f4f6"/>`)).join("");
  return figure({ id: o.id, caption: o.caption, summary: o.summary, svg: `${dayHead}<g data-zone="candidate-local">${hourHead}</g>${empty}${cells}`, height: head + hours.length * 46 + 2, maxWidth: o.maxWidth ?? 560, after: o.after });
}

/** One stage of the funnel: how many reached it, and the share that moved on from the one before. */
export interface FunnelBar {
  stage: string;
  label: string;
  reached: number;
  /** Pass rate into this stage from the previous one (absent for the first). */
  from?: { k: number; n: number; rate: number; low: number; high: number };
  /** Printed after the pass rate (e.g. "few data"). */
  note?: string;
}

/**
 * The funnel: a bar per stage as long as the applications that reached it, its count and share of
 * all applications printed beside it, and between two stages the rate that moved on with its interval.
 */
export function funnelBars(o: { id: string; caption: string; stages: readonly FunnelBar[]; text: ChartText & { moved: string }; color: string; maxWidth?: number; after?: string }): string {
  const first = o.stages[0]?.reached || 1;
  const x = scaleLinear().domain([0, first]).range([0, W]);
  const rowH = 60;
  const rows = o.stages
    .map((s, i) => {
      const y = i * rowH;
      const share = s.reached / first;
      const count = `${s.reached} (${pct(share)})`;
      const from = s.from && s.from.n ? `↓ ${o.text.moved} ${pct(s.from.rate)} · ${s.from.k}/${s.from.n} · ${o.text.ci} ${pct(s.from.low)}–${pct(s.from.high)}` : s.from ? `↓ ${o.text.moved} —` : "";
      return `<g class="funnel-step" data-stage="${esc(s.stage)}"><text class="muted" x="0" y="${y + 12}" font-size="11">${esc(from)}${s.note ? `<tspan class="few"> · ${esc(s.note)}</tspan>` : ""}</text><text x="0" y="${y + 31}">${esc(s.label)}</text><text x="${W}" y="${y + 31}" text-anchor="end" font-weight="700">${esc(count)}</text>
<rect class="track" x="0" y="${y + 37}" width="${W}" height="14" rx="3"/><rect x="0" y="${y + 37}" width="${f1(x(s.reached))}" height="14" rx="3" fill="${o.color}"/></g>`;
    })
    .join("\n");
  const summary = o.stages.map((s) => `${s.label}: ${s.reached} (${pct(s.reached / first)})`).join("; ");
  return figure({ id: o.id, caption: o.caption, summary: `${o.caption}. ${summary}`, svg: `${rows}`, height: o.stages.length * rowH - 6, maxWidth: o.maxWidth ?? 520, after: o.after });
}

/** A spread of durations in days (median and quartiles by nearest rank, and the longest). */
export interface SpreadBox {
  label: string;
  attrs?: string;
  kind: "done" | "waiting";
  spread?: { n: number; median: number; p25: number; p75: number; max: number };
}

/**
 * Time in stage as box plots on one day axis: the box spans the quartiles, the thick line is the
 * median, the whisker runs to the longest; the numbers are printed under each box.
 */
export function spreadBoxes(o: { id: string; caption: string; rows: readonly SpreadBox[]; days: (d: number) => string; words: { median: string; max: string; none: string }; dayUnit: string; colors: Record<"done" | "waiting", string>; maxWidth?: number; after?: string }): string {
  // Rows without data are left to the table beside the chart: an empty row only pushes the others apart.
  const drawn = o.rows.filter((r) => r.spread);
  const max = Math.max(1, ...drawn.map((r) => r.spread!.max));
  const x = scaleLinear().domain([0, max]).range([4, W - 8]).nice();
  const rowH = 54;
  const top = 4;
  const rows = drawn
    .map((r, i) => {
      const y = top + i * rowH;
      const s = r.spread;
      const box = s
        ? `<line class="ci" x1="${f1(x(0))}" x2="${f1(x(s.max))}" y1="${y + 26}" y2="${y + 26}" stroke-dasharray="2 2"/><line class="ci" x1="${f1(x(s.max))}" x2="${f1(x(s.max))}" y1="${y + 20}" y2="${y + 32}"/><rect x="${f1(x(s.p25))}" y="${y + 19}" width="${f1(Math.max(2, x(s.p75) - x(s.p25)))}" height="14" rx="2" fill="${o.colors[r.kind]}"/><line x1="${f1(x(s.median))}" x2="${f1(x(s.median))}" y1="${y + 17}" y2="${y + 35}" stroke="#111827" stroke-width="3"/>`
        : "";
      const numbers = s ? `${o.words.median} ${o.days(s.median)} · ${o.days(s.p25)}–${o.days(s.p75)} · ${o.words.max} ${o.days(s.max)} · n=${s.n}` : o.words.none;
      return `<g class="spread-row" ${r.attrs ?? ""}><text x="0" y="${y + 11}">${esc(r.label)}</text>${box}<text class="muted" x="0" y="${y + 47}" font-size="11">${esc(numbers)}</text></g>`;
    })
    .join("\n");
  const axisY = top + drawn.length * rowH;
  const axis = `<g class="axis">${x
    .ticks(5)
    .map((t, i, all) => `<line x1="${f1(x(t))}" x2="${f1(x(t))}" y1="${top}" y2="${axisY}"/><text x="${f1(x(t))}" y="${axisY + 12}" text-anchor="${i === 0 ? "start" : i === all.length - 1 ? "end" : "middle"}">${t}${i === all.length - 1 ? ` ${o.dayUnit}` : ""}</text>`)
    .join("")}</g>`;
  const summary = o.rows.map((r) => `${r.label}: ${r.spread ? `${o.words.median} ${o.days(r.spread.median)}, ${o.words.max} ${o.days(r.spread.max)}, n=${r.spread.n}` : o.words.none}`).join("; ");
  return figure({ id: o.id, caption: o.caption, summary: `${o.caption}. ${summary}`, svg: `${axis}${rows}`, height: axisY + 16, maxWidth: o.maxWidth ?? 520, after: o.after });
}
