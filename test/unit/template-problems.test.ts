// Template problems in the settings page's language: every problem checkTemplateText can give is worded
// in zh-CN and en from its stable code and params (never the API's English), and the page script's copy
// of the wording says exactly what the server-rendered page says.
import { describe, expect, it } from "vitest";
import { checkTemplateText, type TextIssue } from "../../lambdas/core/outreach/template-text.js";
import { answerWords, problemScript, problemWords, PROBLEM_WORDS } from "../../lambdas/pages/console/template-problems.js";

const config = { publicBaseUrl: "https://jobs.example.com", smsSignature: "Hirepath" };

/** One text per problem the checker knows, so every code and reason is worded. */
function everyProblem(): TextIssue[] {
  const email = (subject: string, body: string) => checkTemplateText("interview-invite", "zh-CN", { email: { subject, body } }, config);
  const bodies = ["<x>", "<script>", '<b class="x">b</b>', '<a href="javascript:x">a</a>', "<a>a</a>", "</br>", "<b></i>", "</b>", "<b><p>x</p></b>", "<b>", "<3"];
  return [
    ...email("", ""),
    ...email("一行\n两行 <b>", "{{nonsense}} {{portalUrl}} {{ broken"),
    ...bodies.flatMap((b) => email("面试", `${b} {{portalUrl}}`)),
    ...email("面试", "没有链接"),
    ...checkTemplateText("interview-invite", "zh-CN", { sms: { body: `${"很长的短信内容。".repeat(20)}{{portalUrl}}` } }, config),
    ...checkTemplateText("offer-offer", "zh-CN", { email: { subject: "{{offer.terms}}", body: "{{offer.terms}} {{offer.acceptUrl}} {{offer.declineUrl}}" }, sms: { body: "x" } }, config),
  ];
}

const run = (locale: "zh-CN" | "en") => new Function(`${problemScript(locale)}; return { say, answerWords };`)() as { say: (i: TextIssue) => string; answerWords: (json: { code?: string }, status: number) => string };

describe("template problems in the page's language", () => {
  const problems = everyProblem();

  it("covers every code and HTML reason the checker gives", () => {
    expect(new Set(problems.map((p) => p.code))).toEqual(new Set(["empty_text", "subject_invalid", "unknown_variable", "malformed_variable", "required_variable_missing", "html_invalid", "sms_too_long", "channel_not_sent"]));
    expect(new Set(problems.filter((p) => p.code === "html_invalid").map((p) => p.params?.reason))).toEqual(new Set(Object.keys(PROBLEM_WORDS.en.html)));
  });

  it.each(["zh-CN", "en"] as const)("words every problem in %s from its code and params, never the API's sentence", (locale) => {
    for (const p of problems) {
      const words = problemWords(p, locale);
      expect(words, p.code).not.toBe(p.message);
      expect(words).not.toMatch(/%\w+%/);
      // Chinese on the Chinese page (variable names, tags and the segment encoding stay as written).
      if (locale === "zh-CN") expect(words, p.code).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(problemWords({ code: "unknown_variable", params: { variable: "nonsense", allowed: "{{candidateName}}" } }, "zh-CN")).toBe("{{nonsense}} 不是这个模板可以用的变量。可以用：{{candidateName}}");
  });

  it.each(["zh-CN", "en"] as const)("says in the page's script (%s) exactly what the server renders", (locale) => {
    const script = run(locale);
    for (const p of problems) expect(script.say(p)).toBe(problemWords(p, locale));
    for (const answer of [{ code: "validation-failed", status: 400 }, { code: "forbidden", status: 403 }, { status: 502 }]) expect(script.answerWords(answer, answer.status)).toBe(answerWords(answer, locale));
    expect(script.answerWords({ code: "validation-failed" }, 400)).not.toContain("The request is not valid");
  });
});
