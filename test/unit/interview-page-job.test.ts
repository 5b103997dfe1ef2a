// The candidate's interview pages (confirm, reschedule, self-scheduling, used link) say which job and
// company they are about: a candidate may have applied to several, and a link travels without context.
import { describe, expect, it } from "vitest";
import { renderInterviewMessage, renderSchedulePicker } from "../../lambdas/pages/interview-pages.js";

const job = { title: "华东区渠道销售经理", company: "示例科技" };

describe("interview pages name the job", () => {
  it("shows the job title and company above the slot picker, in either language, kept as written", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const html = renderSchedulePicker(locale, [{ startsAt: "2026-12-08T02:00:00.000Z", endsAt: "2026-12-08T03:00:00.000Z", localStart: "12月8日 10:00" } as never], undefined, job);
      expect(html).toMatch(/<h1>[^<]+<\/h1><p class="job" translate="no"><strong>华东区渠道销售经理<\/strong> · 示例科技<\/p>/);
    }
  });

  it("shows it on the used-link message too, and leaves it out when the job is unknown", () => {
    expect(renderInterviewMessage("en", (t) => t.used, { title: "Backend Engineer" })).toContain('<p class="job" translate="no"><strong>Backend Engineer</strong></p>');
    expect(renderInterviewMessage("en", (t) => t.used)).not.toContain('class="job"');
  });
});
