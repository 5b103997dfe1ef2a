import { describe, expect, it } from "vitest";
import { keywordMatches, screenApplication } from "../../lambdas/core/screening/screening.js";

const rules = { requiredKeywords: ["销售|sales"], bonusKeywords: ["SaaS", "CRM"], minYearsExperience: 3, locations: ["上海|shanghai"] };

describe("keyword matching", () => {
  it("matches Chinese keywords inside unspaced Chinese text", () => {
    expect(keywordMatches("五年大客户销售经验", "销售")).toBe(true);
  });
  it("matches English keywords at word boundaries only", () => {
    expect(keywordMatches("Senior JavaScript engineer", "java")).toBe(false);
    expect(keywordMatches("Java and Go", "java")).toBe(true);
  });
  it("folds full-width characters so ＳａａＳ matches SaaS", () => {
    expect(keywordMatches("负责ＳａａＳ产品", "saas")).toBe(true);
  });
  it("treats | as alternatives", () => {
    expect(keywordMatches("B2B sales lead", "销售|sales")).toBe(true);
  });
  it("keeps symbols that are part of skill names, so C++ does not match C", () => {
    expect(keywordMatches("C++ developer", "c")).toBe(false);
  });
});

describe("screenApplication", () => {
  it("advances a candidate with every required keyword and says why", () => {
    const r = screenApplication(rules, { resumeText: "SaaS 销售 5年 CRM", yearsExperience: 5, location: "上海" });
    expect(r.decision).toBe("advance");
    expect(r.matchedBonus).toEqual(["SaaS", "CRM"]);
    expect(r.reasons.join(" ")).toContain("销售|sales");
  });
  it("rejects with the missing keyword named", () => {
    const r = screenApplication(rules, { resumeText: "backend engineer", yearsExperience: 5, location: "上海" });
    expect(r.decision).toBe("reject");
    expect(r.reasons[0]).toContain("销售|sales");
  });
  it("rejects below the minimum years, naming both numbers", () => {
    const r = screenApplication(rules, { resumeText: "sales", yearsExperience: 1, location: "Shanghai" });
    expect(r.decision).toBe("reject");
    expect(r.reasons.join()).toMatch(/1 years .* minimum of 3/);
  });
  it("holds for a human when there is no resume text rather than rejecting", () => {
    expect(screenApplication(rules, { yearsExperience: 5, location: "上海" }).decision).toBe("hold");
  });
  it("holds, not rejects, a candidate outside the location", () => {
    const r = screenApplication(rules, { resumeText: "sales", yearsExperience: 4, location: "北京" });
    expect(r.decision).toBe("hold");
    expect(r.reasons.join()).toContain("北京");
  });
  it("scores more for more bonus keywords", () => {
    const a = screenApplication(rules, { resumeText: "sales", yearsExperience: 4, location: "上海" });
    const b = screenApplication(rules, { resumeText: "sales SaaS CRM", yearsExperience: 4, location: "上海" });
    expect(b.score).toBeGreaterThan(a.score);
  });
});

describe("knock-out questions", () => {
  const rules = {
    requiredKeywords: ["销售|sales"],
    bonusKeywords: [],
    knockOutQuestions: [
      { id: "travel", question: { "zh-CN": "能否接受经常出差？", en: "Can you travel often?" }, requiredAnswer: true },
      { id: "license", question: { en: "Driving licence class" }, requiredAnswer: "C1" },
    ],
  };
  const resumeText = "5年SaaS销售";

  it("advances when every knock-out answer is right, in either language", () => {
    expect(screenApplication(rules, { resumeText, answers: { travel: "是", license: "c1" } }).decision).toBe("advance");
    expect(screenApplication(rules, { resumeText, answers: { travel: true, license: "C1" } }).decision).toBe("advance");
  });

  it("rejects a wrong answer with the question in the reason", () => {
    const result = screenApplication(rules, { resumeText, answers: { travel: "no", license: "C1" } });
    expect(result.decision).toBe("reject");
    expect(result.reasons).toEqual([expect.stringContaining('knock-out question "Can you travel often?"')]);
  });

  it("holds an unanswered knock-out question for a human rather than rejecting", () => {
    const result = screenApplication(rules, { resumeText, answers: { travel: true } });
    expect(result.decision).toBe("hold");
    expect(result.reasons).toContain('knock-out question "Driving licence class" not answered');
  });
});
