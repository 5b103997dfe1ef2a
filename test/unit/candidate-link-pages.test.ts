// The pages behind candidates' and approvers' links name the job and company from the stored
// requisition, and a link that can decide nothing any more says why and what to do next, in the
// reader's language, with no form left to fill in.
import { describe, expect, it } from "vitest";
import type { Offer } from "../../lambdas/core/offer/offer-model.js";
import { renderOfferConfirm, renderOfferLinkExpired, renderOfferSettled } from "../../lambdas/pages/offer-pages.js";
import { renderExpiredLink, renderUnavailableLink, renderUnsubscribeAsk, renderUnsubscribed } from "../../lambdas/pages/portal.js";

const job = { title: "华东区<渠道>销售经理", company: "示例科技" };
const offer: Offer = {
  offerId: "o", candidateId: "c", applicationId: "a", requisitionId: "r", locale: "zh-CN", parts: { startDate: "2027-01-04", responseDeadline: "2026-12-20T10:00:00.000Z" },
  includeExecutiveStep: false, competingOffer: false, status: "sent", createdAt: "t", updatedAt: "t",
};
const jobLine = '<p class="job" translate="no"><strong>华东区&lt;渠道&gt;销售经理</strong> · 示例科技</p>';
/** Visible text outside the job line (user data, exempt from the language rule). */
const text = (html: string) => html.replace(/<p class="job"[^]*?<\/p>/, "").replace(/<style>[^]*?<\/style>/, "").replace(/<[^>]+>/g, " ");

describe("candidate link pages", () => {
  it("the offer page names the job and company, escaped, in both languages", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const html = renderOfferConfirm(locale, offer, "Asia/Shanghai", "accept", false, job);
      expect(html).toContain(`<h1>${locale === "en" ? "Your offer" : "您的录用通知"}</h1>${jobLine}`);
    }
  });

  it("a used approval link says whose decision settled it; a step settled by others says so, not 'you decided'", () => {
    const mine = renderOfferSettled("zh-CN", "approval", { by: "this-link", decision: "approve" }, job);
    expect(mine).toContain("您已批准这份录用通知");
    expect(mine).toContain("录用审批");
    expect(mine).toContain(jobLine);
    expect(mine).not.toContain("<form");
    expect(text(mine)).not.toMatch(/[A-Za-z]{3,}/);
    const others = renderOfferSettled("en", "approval", { by: "others", decision: "approved" }, job);
    expect(others).toContain("already settled by the other approvers (approved)");
    expect(others).not.toContain("You approved");
  });

  it("an answered or lapsed offer says what happened and what to do next", () => {
    expect(renderOfferSettled("en", "candidate", { by: "this-link", decision: "declined" }, job)).toContain("changed your mind, contact your recruiter");
    const stalled = renderOfferSettled("zh-CN", "candidate", { by: "offer", status: "decision-stalled" }, job);
    expect(stalled).toContain("答复期限已过");
    expect(stalled).toContain("请联系您的招聘顾问");
    expect(stalled).not.toContain("<form");
    expect(renderOfferLinkExpired("zh-CN", "candidate", job)).toContain("此录用通知链接已过期");
    expect(renderOfferLinkExpired("en", "approval", job)).toContain("use the link in the newest approval email");
  });

  it("signed links: expired, unavailable and unsubscribe pages speak the candidate's language and name the job", () => {
    const expired = renderExpiredLink("zh-CN", "schedule", job);
    expect(expired).toContain('<html lang="zh-CN">');
    expect(expired).toContain("这个预约链接已过期");
    expect(expired).toContain(jobLine);
    expect(text(expired)).not.toMatch(/[A-Za-z]{3,}/);
    expect(renderExpiredLink("en", "interview", job)).toContain("This interview link has expired");
    expect(renderUnavailableLink("en", job)).toContain("no longer exists or has changed");
    expect(renderUnsubscribeAsk("zh-CN", "email", job)).toContain(jobLine);
    const already = renderUnsubscribed("en", job, { channel: "sms" });
    expect(already).toContain("unsubscribed from SMS");
    expect(already).not.toContain("<form");
  });
});
