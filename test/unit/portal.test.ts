// The candidate portal's one tracker: stages from the real application, interviews (with their round)
// and offer, the job title and company, and nothing claimed that did not happen.
import { describe, expect, it } from "vitest";
import type { Application, Candidate, Interview, Requisition } from "../../lambdas/core/shared/model.js";
import type { Offer } from "../../lambdas/core/offer/offer-model.js";
import { applicationTracker } from "../../lambdas/core/portal/portal-tracker.js";
import { renderLinkProblem, renderPortal } from "../../lambdas/pages/portal.js";

const now = new Date("2026-12-07T08:00:00Z");
const candidate: Candidate = { candidateId: "c", name: "王<小明>", locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "email", source: "generic", createdAt: "t", updatedAt: "t" };
const requisition: Requisition = { requisitionId: "r", title: "大客户销售经理", company: "示例科技", location: "上海", locale: "zh-CN", screening: { requiredKeywords: [], bonusKeywords: [], knockOutQuestions: [] }, updatedAt: "t" };
const screen = (decision: "advance" | "reject") => ({ decision, reasons: [], matchedRequired: [], missingRequired: [], matchedBonus: [], score: 1 });
const app = (status: Application["status"], decision?: "advance" | "reject"): Application => ({ applicationId: "a", candidateId: "c", requisitionId: "r", source: "generic", status, ...(decision ? { screen: screen(decision) } : {}), createdAt: "2026-12-01T02:00:00.000Z", updatedAt: "t" });
const interview = (n: number, over: Partial<Interview> = {}): Interview => ({
  interviewId: `i${n}`, candidateId: "c", applicationId: "a", interviewerId: "iv", startsAt: `2026-12-1${n}T02:00:00.000Z`, endsAt: `2026-12-1${n}T03:00:00.000Z`, mode: "video", whatToBring: {},
  status: "scheduled", version: 1, recruiterEmail: "hr@example.com", createdBy: "hr", createdAt: `2026-12-0${n}T00:00:00.000Z`, updatedAt: "t", ...over,
});
const offer = (status: Offer["status"]): Offer => ({
  offerId: "o", candidateId: "c", applicationId: "a", requisitionId: "r", locale: "zh-CN", parts: { startDate: "2027-01-04", responseDeadline: "2026-12-20T10:00:00.000Z" },
  includeExecutiveStep: false, competingOffer: false, status, createdAt: "2026-12-15T00:00:00.000Z", sentAt: "2026-12-15T00:00:00.000Z", updatedAt: "t",
});
const render = (a: Application, interviews: Interview[] = [], offers: Offer[] = [], who: Candidate = candidate) =>
  renderPortal({ candidate: who, applications: [a], timeline: [] }, [applicationTracker(a, requisition, interviews, offers, now)]);

describe("candidate portal tracker", () => {
  it("claims no interview before there is one: the invitation means 'to be arranged', not 'first interview passed'", () => {
    const html = render(app("invited", "advance"));
    expect(html).toContain('<li class="done" data-stage="screening">✓ 简历筛选已通过</li>');
    expect(html).toContain('<li class="current" data-stage="interview">面试：等待安排时间</li>');
    expect(html).not.toMatch(/初试已通过|复试|First interview passed/);
    expect(html).toContain("<h2>大客户销售经理</h2>");
    expect(html).toContain("示例科技 · 上海");
  });

  it("shows each real interview with its round in one list, and a round that took place as such, never as passed", () => {
    const html = render(app("engaged", "advance"), [interview(1, { outcome: "attended" }), interview(2, { status: "confirmed" }), interview(3, { status: "cancelled" })]);
    expect(html.match(/<ol/g)).toHaveLength(1);
    expect(html).toContain('data-round="1">✓ 第1轮面试 · 已面试');
    expect(html).toMatch(/<li class="current" data-stage="interview" data-round="2">第2轮面试 · 时间已确认：/);
    expect(html).not.toContain('data-round="3"');
    expect(html).not.toMatch(/data-stage="interview"[^<]*通过/);
    expect(html).toContain('<li class="upcoming" data-stage="offer">录用通知</li>');
  });

  it("follows the offer: sent with its deadline, then accepted with the start date", () => {
    const sent = render(app("engaged", "advance"), [interview(1, { outcome: "attended" })], [offer("sent")]);
    expect(sent).toMatch(/<li class="current" data-stage="offer">录用通知已发出，请在 .+ 前答复<\/li>/);
    const accepted = render(app("engaged", "advance"), [interview(1, { outcome: "attended" })], [offer("accepted")]);
    expect(accepted).toContain('<li class="done" data-stage="offer">✓ 已接受录用</li>');
    expect(accepted).toContain('<li class="upcoming" data-stage="start">入职日期：2027-01-04</li>');
    // An offer still in approval is HR's business.
    expect(render(app("engaged", "advance"), [], [offer("pending-approval")])).toContain('<li class="upcoming" data-stage="offer">录用通知</li>');
  });

  it("tells a closed application kindly, where it ended", () => {
    const html = render(app("rejected", "reject"));
    expect(html).toContain("流程已结束");
    expect(html).toContain('<li class="ended" data-stage="screening">简历筛选：本次未能进入下一步</li>');
    expect(html).not.toContain('data-stage="interview"');
  });

  it("speaks English to an English candidate and escapes names", () => {
    const html = render(app("screened", "advance"), [interview(1)], [], { ...candidate, locale: "en" });
    expect(html).toContain("My application");
    expect(html).toContain("王&lt;小明&gt;");
    expect(html).toMatch(/Interview, round 1 · scheduled for .+; please confirm/);
  });

  it("explains an expired link in both languages before knowing who clicked", () => {
    const html = renderLinkProblem("expired");
    expect(html).toContain("链接已过期");
    expect(html).toContain("This link has expired");
  });
});
