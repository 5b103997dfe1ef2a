import { describe, expect, it } from "vitest";
import type { Application, Candidate } from "../../lambdas/core/shared/model.js";
import { renderLinkProblem, renderPortal } from "../../lambdas/pages/portal.js";

const candidate: Candidate = { candidateId: "c", name: "王<小明>", locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "email", source: "generic", createdAt: "t", updatedAt: "t" };
const app = (status: Application["status"]): Application => ({ applicationId: "a", candidateId: "c", requisitionId: "r", source: "generic", status, createdAt: "t", updatedAt: "t" });

describe("candidate portal", () => {
  it("marks the invitation as the current step once it has been sent", () => {
    const html = renderPortal({ candidate, applications: [app("invited")], timeline: [] }, "a");
    expect(html).toContain('<li class="current">面试邀请</li>');
    expect(html).toContain('<li class="done">✓ 简历筛选</li>');
  });
  it("does not claim a confirmation that has not happened when the invite was only opened", () => {
    const html = renderPortal({ candidate, applications: [app("engaged")], timeline: [] }, "a");
    expect(html).toContain('<li class="current">面试邀请</li>');
    expect(html).not.toContain('class="done">✓ 已确认');
  });
  it("speaks English to an English candidate and escapes names", () => {
    const html = renderPortal({ candidate: { ...candidate, locale: "en" }, applications: [app("screened")], timeline: [] }, "a");
    expect(html).toContain("My application");
    expect(html).toContain("王&lt;小明&gt;");
  });
  it("tells a closed application kindly instead of showing a stalled progress bar", () => {
    expect(renderPortal({ candidate, applications: [app("rejected")], timeline: [] }, "a")).toContain("流程已结束");
  });
  it("explains an expired link in both languages before knowing who clicked", () => {
    const html = renderLinkProblem("expired");
    expect(html).toContain("链接已过期");
    expect(html).toContain("This link has expired");
  });
});
