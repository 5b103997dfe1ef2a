import { describe, expect, it } from "vitest";
import { tally } from "../../lambdas/core/offer/offer-decisions.js";
import { budgetLine, offerLines, renderApprovalEmail, renderCandidateOfferEmail } from "../../lambdas/core/offer/offer-letter.js";
import { ExpectedPay, type ApprovalStepRecord, type Offer, type OfferParts } from "../../lambdas/core/offer/offer-model.js";
import { approvalPlan } from "../../lambdas/core/offer/offer-journey.js";
import { budgetStatus, expectationGap, offerProblems } from "../../lambdas/core/offer/offer-readiness.js";

const now = new Date("2026-05-01T00:00:00Z");
const parts: OfferParts = {
  basePay: { amount: 25_000, currency: "CNY", period: "month", monthsPerYear: 14 },
  commission: { kind: "formula", rate: 0.05, base: "revenue", threshold: 200_000, period: "quarter", example: { achieved: 500_000, payout: 15_000 } },
  bonus: { kind: "target", targetPercent: 10, basis: "company targets" },
  benefits: ["五险一金"],
  probation: { months: 3, payPercent: 80 },
  startDate: "2026-06-01",
  location: "上海",
  responseDeadline: "2026-05-08T10:00:00+08:00",
};

describe("offer readiness", () => {
  it("accepts a complete, unambiguous offer", () => {
    expect(offerProblems(parts, now)).toEqual([]);
  });
  it("names each missing part", () => {
    const { commission: _c, startDate: _s, ...rest } = parts;
    expect(offerProblems({ ...rest, benefits: [] }, now).map((p) => [p.part, p.code])).toEqual([["commission", "missing"], ["benefits", "missing"], ["startDate", "missing"]]);
  });
  it("calls a commission without a worked example, or one that contradicts the formula, ambiguous", () => {
    const noExample = offerProblems({ ...parts, commission: { kind: "formula", rate: 0.05, base: "revenue", threshold: 200_000, period: "quarter" } }, now);
    expect(noExample).toEqual([expect.objectContaining({ part: "commission", path: "commission.example", code: "ambiguous" })]);
    const wrong = offerProblems({ ...parts, commission: { kind: "formula", rate: 0.05, base: "revenue", threshold: 200_000, period: "quarter", example: { achieved: 500_000, payout: 25_000 } } }, now);
    expect(wrong[0]).toMatchObject({ part: "commission", path: "commission.example.payout", code: "ambiguous" });
    expect(wrong[0]!.message).toContain("15000");
  });
  it("calls monthly pay without months per year, and a target bonus without a basis, ambiguous", () => {
    expect(offerProblems({ ...parts, basePay: { amount: 1, currency: "CNY", period: "month" }, bonus: { kind: "target", targetPercent: 10 } }, now).map((p) => p.path)).toEqual(["basePay.monthsPerYear", "bonus.basis"]);
  });
  it("refuses probation pay under 80 % and a deadline already past", () => {
    expect(offerProblems({ ...parts, probation: { months: 3, payPercent: 70 }, responseDeadline: "2026-04-01T00:00:00Z" }, now).map((p) => p.part)).toEqual(["probation", "responseDeadline"]);
  });
});

describe("budget and expectation", () => {
  const budget = { min: 300_000, max: 400_000, currency: "CNY" };
  it("compares the annual base with the budget range", () => {
    expect(budgetStatus(parts, budget)).toBe("within");
    expect(budgetStatus({ ...parts, basePay: { amount: 500_000, currency: "CNY", period: "year" } }, budget)).toBe("above");
    expect(budgetStatus({ ...parts, basePay: { amount: 20_000, currency: "CNY", period: "month", monthsPerYear: 12 } }, budget)).toBe("below");
    expect(budgetStatus(parts, undefined)).toBe("no-budget");
  });
  it("reports the gap to the candidate's expectation", () => {
    expect(expectationGap(parts, { amount: 400_000, currency: "CNY" })).toBeCloseTo(-0.125);
  });
  it("compares a monthly expectation per year: 30,000 a month × 12 against an annual base of 350,000", () => {
    // Set beside the annual base as if it were annual, 30,000 would read as a 1,067 % gap.
    expect(expectationGap(parts, { amount: 30_000, currency: "CNY", period: "month" })).toBeCloseTo(350_000 / 360_000 - 1);
    expect(expectationGap(parts, { amount: 25_000, currency: "CNY", period: "month", monthsPerYear: 14 })).toBeCloseTo(0);
  });
  it("reads an expectation saved without a period as annual (as it was documented), and refuses months a year on an annual one", () => {
    expect(ExpectedPay.parse({ amount: 360_000, currency: "CNY" })).toEqual({ amount: 360_000, currency: "CNY", period: "year" });
    expect(ExpectedPay.safeParse({ amount: 360_000, currency: "CNY", period: "year", monthsPerYear: 13 }).success).toBe(false);
  });
  it("shows approvers the annual budget per year and a monthly expectation per month and per year, in both languages", () => {
    const monthly = { amount: 30_000, currency: "CNY", period: "month" as const, monthsPerYear: 13 };
    expect(budgetLine("en", "within", monthly, budget)).toBe("Annual base budget: CN¥300,000.00 – CN¥400,000.00 per year (within budget) · Candidate's expectation: CN¥30,000.00 per month × 13 = CN¥390,000.00 per year");
    expect(budgetLine("zh-CN", "within", monthly, budget)).toBe("年度基本工资预算: ¥300,000.00 – ¥400,000.00/年 (在预算范围内) · 候选人期望: ¥30,000.00/月 × 13 = ¥390,000.00/年");
    expect(budgetLine("en", "within", { amount: 380_000, currency: "CNY" }, budget)).toBe("Annual base budget: CN¥300,000.00 – CN¥400,000.00 per year (within budget) · Candidate's expectation: CN¥380,000.00 per year");
  });
  it("sends an approval email in which every amount says its period", () => {
    const offer = { parts, locale: "en", candidateExpectation: { amount: 30_000, currency: "CNY", period: "month" } } as Offer;
    const mail = renderApprovalEmail(offer, "en", {
      approverName: "Li", candidateName: "Wang", requisitionTitle: "Sales", stepName: "Manager", required: 1, of: 1,
      budget: budgetLine("en", "within", offer.candidateExpectation, budget), approveUrl: "https://x.test/a", rejectUrl: "https://x.test/r", kind: "request",
    });
    // Each money figure is followed by its period (or is a commission figure, which says "per period" in its line).
    const amounts = mail.text.split("\n").filter((l) => /CN¥/.test(l) && !l.startsWith("Commission"));
    expect(amounts.length).toBeGreaterThanOrEqual(3);
    for (const line of amounts) for (const m of line.matchAll(/CN¥[\d,.]+(.{0,11})/g)) expect(m[1], `${m[0]} in "${line}"`).toMatch(/^( per (month|year)| – | × )/);
    expect(mail.text).toContain("Candidate's expectation: CN¥30,000.00 per month × 12 = CN¥360,000.00 per year");
  });
  it("plans the out-of-budget step only outside the range and the executive step only on request", () => {
    const policy = {
      ownerEmail: "o@x.test",
      ownerName: "O",
      budget,
      approvalChain: [
        { name: "A", approvers: [{ email: "a@x.test", name: "A" }], required: 1, when: "always" as const },
        { name: "B", approvers: [{ email: "b@x.test", name: "B" }], required: 1, when: "out-of-budget" as const },
        { name: "C", approvers: [{ email: "c@x.test", name: "C" }], required: 1, when: "executive" as const },
      ],
    };
    expect(approvalPlan(policy, { parts, includeExecutiveStep: false })).toEqual([0]);
    expect(approvalPlan(policy, { parts: { ...parts, basePay: { amount: 900_000, currency: "CNY", period: "year" } }, includeExecutiveStep: true })).toEqual([0, 1, 2]);
  });
});

describe("offer letter", () => {
  it("renders every part in zh-CN and en, commission with its formula and worked example", () => {
    expect(offerLines(parts, "zh-CN").map(([k]) => k)).toEqual(["基本工资", "年度基本工资合计", "提成", "奖金", "福利", "试用期", "入职日期", "工作地点", "答复截止"]);
    const en = Object.fromEntries(offerLines(parts, "en"));
    expect(en.Commission).toBe("Quarterly commission = 5% × (revenue − CN¥200,000.00); nothing is paid until revenue exceeds CN¥200,000.00. Example: CN¥500,000.00 achieved pays CN¥15,000.00");
    expect(en["Annual base pay"]).toBe("CN¥350,000.00 per year");
    expect(en["Please respond by"]).toContain("Asia/Shanghai");
  });
  it("puts Accept, Decline and I have a question in the offer email", () => {
    const offer = { parts, locale: "en" } as Offer;
    const email = renderCandidateOfferEmail(offer, "en", { candidateName: "Dana", requisitionTitle: "AE", timeZone: "Asia/Shanghai", acceptUrl: "https://x/o/a?action=accept", declineUrl: "https://x/o/a?action=decline", questionUrl: "https://x/o/a?action=question", unsubscribeUrl: "https://x/l/u", kind: "offer" });
    expect(email.text).toContain("Accept: https://x/o/a?action=accept");
    expect(email.text).toContain("Decline: https://x/o/a?action=decline");
    expect(email.text).toContain("I have a question: https://x/o/a?action=question");
  });
});

describe("N of M tally", () => {
  const step = (decisions: Array<[string, "approve" | "reject", ("approver" | "owner")?]>): ApprovalStepRecord => ({
    offerId: "o", candidateId: "c", round: "r", stepIndex: 0, name: "Finance", required: 2, timeouts: 0, openedAt: "",
    approvers: ["a", "b", "c"].map((n) => ({ email: `${n}@x.test`, name: n, linkId: n })),
    decisions: decisions.map(([who, decision, as]) => ({ approverEmail: `${who}@x.test`, decision, at: "", ip: "", userAgent: "", as: as ?? "approver", ...(decision === "reject" ? { reason: "no" } : {}) })),
  });
  it("needs N approvals", () => {
    expect(tally(step([["a", "approve"]]))).toBeUndefined();
    expect(tally(step([["a", "approve"], ["b", "approve"]]))).toEqual({ outcome: "approved" });
  });
  it("rejects once N is out of reach, with the reasons", () => {
    expect(tally(step([["a", "reject"]]))).toBeUndefined();
    expect(tally(step([["a", "reject"], ["b", "reject"]]))).toEqual({ outcome: "rejected", reason: "a@x.test: no; b@x.test: no" });
  });
  it("lets the requisition owner settle an escalated step alone", () => {
    expect(tally(step([["owner", "approve", "owner"]]))).toEqual({ outcome: "approved" });
  });
});
