import { describe, expect, it } from "vitest";
import { queryKeyword, resumeKeywords } from "../../lambdas/core/talent/resume-keywords.js";

describe("resume keywords", () => {
  it("segments Chinese with ICU, keeps English words case-folded, and drops stop words, single characters and numbers", () => {
    const words = resumeKeywords("5年SaaS大客户销售经验，熟悉Java和Python。负责华东区渠道拓展，渠道销售额 120%。Key account management for B2B.");
    expect(words).toEqual(expect.arrayContaining(["saas", "客户", "销售", "java", "python", "华东", "渠道", "拓展", "key", "account", "management", "b2b"]));
    for (const dropped of ["年", "和", "经验", "熟悉", "负责", "5", "120", "for"]) expect(words).not.toContain(dropped);
  });

  it("orders by frequency and caps the list", () => {
    const words = resumeKeywords("渠道 渠道 渠道 销售 销售 java", 2);
    expect(words).toEqual(["渠道", "销售"]);
  });

  it("folds full-width input and picks the longest word of a pasted phrase", () => {
    expect(queryKeyword("ＪＡＶＡ")).toBe("java");
    expect(queryKeyword("大客户销售")).toMatch(/^(客户|销售)$/);
    expect(queryKeyword("!!!")).toBeUndefined();
  });
});
