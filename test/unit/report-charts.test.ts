// The reports' charts are drawn on the server with d3-scale: every rate prints its count and its
// 95% interval as text in the drawing (not only on hover), each drawing carries its numbers as its
// accessible name, and the data is also a table or list beside it.
import { describe, expect, it } from "vitest";
import { emptyCounts, noShowReport } from "../../lambdas/core/interview/attendance.js";
import { funnelBars, heatGrid, rateBars, textWidth } from "../../lambdas/pages/console/charts.js";
import { noShowReportPage } from "../../lambdas/pages/console/report-pages.js";

const session = { csrfToken: "t", signedIn: true, timeZone: "Asia/Shanghai" };

function plantedCounts() {
  const counts = emptyCounts();
  counts.cells[5]![17] = { n: 12, noShows: 7 };
  counts.cells[2]![10] = { n: 12, noShows: 1 };
  counts.cells[1]![9] = { n: 2, noShows: 1 };
  counts.channels = { email: { n: 20, noShows: 5 }, sms: { n: 6, noShows: 4 } };
  counts.opened = { yes: { n: 16, noShows: 2 }, no: { n: 10, noShows: 7 } };
  return counts;
}

describe("report charts", () => {
  it("draws a rate as a bar as long as the rate, with its interval as a whisker and its numbers printed", () => {
    const svg = rateBars({ id: "x", caption: "No-show rate", rows: [{ label: "Email", k: 5, n: 20, rate: 0.25, low: 0.11, high: 0.47 }], text: { ci: "95% CI" }, color: "#f00" });
    // 352 px of track: 25% is 88 px, the interval 38.7–165.4 px.
    expect(svg).toContain('width="88.0" height="14" rx="3" fill="#f00"');
    expect(svg).toContain('x1="38.7" x2="165.4"');
    expect(svg).toContain(">25%</text>");
    expect(svg).toContain("5/20 · 95% CI 11%–47%");
    expect(svg).toMatch(/<svg[^>]+role="img" aria-label="No-show rate\. Email: 25% \(5\/20, 95% CI 11%–47%\)"/);
  });

  it("draws the funnel's bars to scale with each count, share and pass rate printed", () => {
    const svg = funnelBars({ id: "f", caption: "Funnel", stages: [{ stage: "applied", label: "Applied", reached: 4 }, { stage: "screened", label: "Screened", reached: 3, from: { k: 3, n: 4, rate: 0.75, low: 0.3, high: 0.95 }, note: "few data" }], text: { ci: "95% CI", moved: "Moved on" }, color: "#00f" });
    expect(svg).toContain('width="270.0" height="14" rx="3" fill="#00f"');
    expect(svg).toContain("3 (75%)");
    expect(svg).toContain("↓ Moved on 75% · 3/4 · 95% CI 30%–95%");
    expect(svg).toContain("few data");
  });

  it("prints each heatmap cell's rate, count and interval, outlines the worst and pales the untrusted", () => {
    const r = noShowReport(plantedCounts());
    const svg = heatGrid({ id: "h", caption: "c", cells: r.cells, days: [1, 2, 3, 4, 5, 6, 0], dayName: (w) => `d${w}`, worst: r.worst!, summary: "s", trustedFrom: 10 });
    const friday = svg.slice(svg.indexOf('data-weekday="5" data-hour="17"'));
    expect(friday.slice(0, friday.indexOf("</g>"))).toMatch(/stroke="#111827"[\s\S]*>58%<[\s\S]*>n=12<[\s\S]*>32–81%</);
    const monday = svg.slice(svg.indexOf('data-weekday="1" data-hour="9"'));
    expect(monday.slice(0, monday.indexOf("</g>"))).toContain('fill-opacity="0.45"');
  });

  it("keeps the no-show page's numbers in a table behind the heatmap, and charts channel and opened", () => {
    for (const locale of ["en", "zh-CN"] as const) {
      const html = noShowReportPage(noShowReport(plantedCounts()), locale, "n", session);
      expect(html).toMatch(/<details class="chart-data">[\s\S]*<table class="heat" id="no-show-heatmap"/);
      expect(html).toMatch(/id="by-channel"[\s\S]*data-channel="sms"[\s\S]*4\/6 · 95%/);
      expect(html).toMatch(/id="by-opened"[\s\S]*7\/10 · 95%/);
      expect((html.match(/<svg class="chart-svg"[^>]+role="img" aria-label="[^"]+"/g) ?? []).length).toBe(3);
      expect(html).not.toMatch(/<script(?! nonce)/);
    }
  });

  it("measures CJK text wider than Latin, so zh-CN labels are cut before they run off the drawing", () => {
    expect(textWidth("华东区渠道销售经理")).toBeGreaterThan(textWidth("Sales manager"));
  });
});
