import { describe, expect, it } from "vitest";
import { suggestInterviewers, tagMatches } from "../../lambdas/core/interview/interviewer-matching.js";
import type { Interviewer } from "../../lambdas/core/shared/model.js";

const iv = (interviewerId: string, tags: string[]): Interviewer => ({ interviewerId, name: interviewerId, email: `${interviewerId}@x.test`, title: {}, background: {}, tags, availability: [], updatedAt: "t" });

describe("interviewer matching", () => {
  it("matches tags in Chinese or English, with alternatives", () => {
    expect(tagMatches("saas|软件即服务", "8年软件即服务销售")).toBe(true);
    expect(tagMatches("key-account|大客户", "Key Account manager")).toBe(true);
    expect(tagMatches("retail|零售", "8年SaaS销售")).toBe(false);
  });

  it("ranks by overlap and explains why in both languages", () => {
    const resume = "8年SaaS销售，负责华东大客户，制造业客户为主";
    const [first, second, ...rest] = suggestInterviewers(resume, [], [iv("generalist", ["saas", "retail|零售", "finance|金融", "大客户"]), iv("specialist", ["saas", "大客户|key-account"]), iv("unrelated", ["medical|医疗"])]);
    expect(first).toMatchObject({ interviewerId: "specialist", score: 1, sharedTags: ["saas", "大客户|key-account"] });
    expect(first!.reason).toEqual({ "zh-CN": "共同标签 2/2：saas、大客户", en: "Shares 2 of 2 tags: saas, 大客户" });
    expect(second).toMatchObject({ interviewerId: "generalist", score: 0.5 });
    expect(rest).toEqual([]);
  });

  it("counts tags HR adds for the candidate (such as a customer segment)", () => {
    expect(suggestInterviewers("sales", ["manufacturing"], [iv("a", ["manufacturing"])])[0]).toMatchObject({ interviewerId: "a", sharedTags: ["manufacturing"] });
  });
});
