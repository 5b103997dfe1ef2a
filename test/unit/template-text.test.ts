// HR's message texts: what saving one refuses (each problem with its field path and a stable code), and
// how a text renders (every value escaped, links where URL variables stand, the unsubscribe line added).
import { describe, expect, it } from "vitest";
import { TemplateName } from "../../lambdas/core/outreach/templates.js";
import { checkTemplateText, renderEmailText, renderSmsText, smsSegments } from "../../lambdas/core/outreach/template-text.js";
import { defaultText, previewTemplateText, saveTemplateOverride, type TemplateOverrideStore } from "../../lambdas/core/outreach/template-overrides.js";
import { ValidationError } from "../../lambdas/core/shared/errors.js";

const config = { publicBaseUrl: "https://jobs.example.com", smsSignature: "Hirepath" };
const locales = ["zh-CN", "en"] as const;
const codes = (issues: readonly { path: string; code: string }[]) => issues.map((i) => `${i.path}:${i.code}`);

describe("the code's templates as editable text", () => {
  it.each(TemplateName.flatMap((t) => locales.map((l) => [t, l] as const)))("%s (%s) starts from a text that saving accepts", (template, locale) => {
    const text = defaultText(template, locale);
    expect(checkTemplateText(template, locale, text, config)).toEqual([]);
    expect(text.email.body).not.toContain("{{unsubscribeUrl}}");
    expect(text.sms.body).toContain("{{optOut}}");
    expect(text.sms.body).not.toMatch(/^【|^Hirepath: /);
  });
});

describe("checking a text before it is saved", () => {
  const invite = defaultText("interview-invite", "zh-CN");

  it("names a variable the template does not have", () => {
    const issues = checkTemplateText("interview-invite", "zh-CN", { email: { subject: "{{requisitionTitle}} {{offerAmount}}", body: invite.email.body } }, config);
    expect(codes(issues)).toEqual(["email.subject:unknown_variable"]);
    expect(issues[0]!.message).toContain("{{offerAmount}}");
    // Interview details exist only for the interview stage's templates.
    expect(codes(checkTemplateText("interview-invite", "en", { sms: { body: "{{interview.when}} {{portalUrl}} {{optOut}}" } }, config))).toEqual(["sms.body:unknown_variable"]);
  });

  it("refuses an invitation without the link the candidate acts on", () => {
    const body = invite.email.body.replaceAll("{{portalUrl}}", "");
    expect(codes(checkTemplateText("interview-invite", "zh-CN", { email: { subject: "面试邀请", body } }, config))).toEqual(["email.body:required_variable_missing"]);
    const scheduled = defaultText("interview-scheduled", "en").email;
    expect(codes(checkTemplateText("interview-scheduled", "en", { email: { ...scheduled, body: scheduled.body.replaceAll("{{interview.confirmUrl}}", "") } }, config))).toEqual(["email.body:required_variable_missing"]);
  });

  it("refuses an SMS that does not say how to opt out, and accepts the words written out", () => {
    expect(codes(checkTemplateText("interview-cancelled", "zh-CN", { sms: { body: "{{candidateName}}您好，面试取消了。" } }, config))).toEqual(["sms.body:required_variable_missing"]);
    expect(checkTemplateText("interview-cancelled", "zh-CN", { sms: { body: "{{candidateName}}您好，面试取消了。回复TD退订" } }, config)).toEqual([]);
    expect(checkTemplateText("interview-cancelled", "en", { sms: { body: "Hi {{candidateName}}, the interview is cancelled. {{optOut}}" } }, config)).toEqual([]);
  });

  it("refuses an SMS over its segment budget, counted with the signature and our short links", () => {
    const long = `{{candidateName}}您好，${"我们非常期待与您见面。".repeat(8)}请确认：{{portalUrl}} {{optOut}}`;
    const issues = checkTemplateText("interview-invite", "zh-CN", { sms: { body: long } }, config);
    expect(codes(issues)).toEqual(["sms.body:sms_too_long"]);
    expect(issues[0]!.message).toMatch(/\d segments \(UCS-2/);
    // One Chinese character in an English SMS makes it UCS-2: 70 characters a segment, over the budget of 1.
    const en = "Hi {{candidateName}}, you're invited to interview for {{requisitionTitle}}。 Confirm: {{portalUrl}} {{optOut}}";
    expect(codes(checkTemplateText("interview-invite", "en", { sms: { body: en } }, config))).toEqual(["sms.body:sms_too_long"]);
    expect(checkTemplateText("interview-invite", "en", { sms: { body: en.replace("。", ".") } }, config)).toEqual([]);
  });

  it("refuses empty texts", () => {
    expect(codes(checkTemplateText("interview-invite", "en", { email: { subject: " ", body: "\n" }, sms: { body: "" } }, config))).toEqual(["email.subject:empty_text", "email.body:empty_text", "sms.body:empty_text"]);
  });

  it.each([
    ["<script>alert(1)</script> {{portalUrl}}", "<script>"],
    ["<b>Bold {{portalUrl}}", "never closed"],
    ["<b><i>x</b></i> {{portalUrl}}", "was expected"],
    ['<a href="javascript:alert(1)">go</a> {{portalUrl}}', "https://"],
    ['<a href="{{portalUrl}}" onclick="x()">go</a>', "only href"],
    ["salary < 20k {{portalUrl}}", "&lt;"],
    ['<img src="x"> {{portalUrl}}', "<img>"],
  ])("refuses HTML that would break the email: %s", (body, says) => {
    const issues = checkTemplateText("interview-invite", "en", { email: { subject: "Invitation", body } }, config);
    expect(codes(issues)).toEqual(["email.body:html_invalid"]);
    expect(issues[0]!.message).toContain(says);
  });

  it("accepts the small set of inline HTML, and links to URL variables", () => {
    const body = '<p>Hello <b>{{candidateName}}</b>,</p>\n<ul><li>one</li><li>two</li></ul>\n<a href="{{portalUrl}}">Confirm</a> &amp; <i>thanks</i><br>Team';
    expect(checkTemplateText("interview-invite", "en", { email: { subject: "Invitation: {{requisitionTitle}}", body } }, config)).toEqual([]);
  });

  it("refuses a subject on two lines or with markup, and a {{ left open", () => {
    expect(codes(checkTemplateText("interview-invite", "en", { email: { subject: "<b>Hi</b>", body: "{{portalUrl}}" } }, config))).toEqual(["email.subject:subject_invalid"]);
    expect(codes(checkTemplateText("interview-invite", "en", { email: { subject: "Hi {{candidateName", body: "{{portalUrl}}" } }, config))).toEqual(["email.subject:malformed_variable"]);
  });

  it("answers a save with every problem as a ValidationError, and writes nothing", async () => {
    let writes = 0;
    const templates = { saveTemplateOverride: async () => ((writes += 1), true) } as unknown as TemplateOverrideStore;
    const deps = { templates, clock: { now: () => new Date("2026-12-07T01:00:00Z") }, config };
    const error = await saveTemplateOverride({ teamId: "default", template: "interview-invite", locale: "en" }, { expectedVersion: 0, email: { subject: "Hi", body: "{{nope}}" }, sms: { body: "x" } }, "admin@example.com", deps).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(codes((error as ValidationError).issues)).toEqual(["email.body:unknown_variable", "email.body:required_variable_missing", "sms.body:required_variable_missing", "sms.body:required_variable_missing"]);
    expect(writes).toBe(0);
  });
});

describe("rendering a text", () => {
  const values = {
    candidateName: `<img src=x onerror="alert(1)"> & Co`,
    requisitionTitle: "Sales\r\nBcc: evil@example.com",
    portalUrl: "https://jobs.example.com/l/abc?x=1&y=2",
    unsubscribeUrl: "https://jobs.example.com/l/unsub",
  };

  it("escapes every value in the HTML, keeps the subject on one line, and adds the unsubscribe line", () => {
    const email = renderEmailText({ subject: "Interview: {{requisitionTitle}}", body: "Hello <b>{{candidateName}}</b>,\n\nConfirm here: {{portalUrl}}\nSee you" }, "en", values, { unsubscribe: "Unsubscribe" });
    expect(email.subject).toBe("Interview: Sales Bcc: evil@example.com");
    expect(email.html).toContain("<b>&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Co</b>");
    expect(email.html).not.toContain("<img");
    expect(email.html).toContain('<a href="https://jobs.example.com/l/abc?x=1&amp;y=2">https://jobs.example.com/l/abc?x=1&amp;y=2</a>');
    expect(email.html).toContain("<p>Hello <b>");
    expect(email.html).toContain("<br>\nSee you</p>");
    expect(email.html).toMatch(/<a ses:no-track href="https:\/\/jobs\.example\.com\/l\/unsub"[^>]*>Unsubscribe<\/a>/);
    expect(email.text).toBe(`Hello <img src=x onerror="alert(1)"> & Co,\n\nConfirm here: https://jobs.example.com/l/abc?x=1&y=2\nSee you\n\nUnsubscribe: https://jobs.example.com/l/unsub`);
  });

  it("gives a link's text its address in the plain-text part", () => {
    const email = renderEmailText({ subject: "x", body: '<a href="{{portalUrl}}">Confirm</a>' }, "en", values, { unsubscribe: "Unsubscribe" });
    expect(email.html).toContain('<a href="https://jobs.example.com/l/abc?x=1&amp;y=2">Confirm</a>');
    expect(email.text.split("\n")[0]).toBe("Confirm (https://jobs.example.com/l/abc?x=1&y=2)");
  });

  it("starts an SMS with the signature and fills in the opt-out words", () => {
    const sms = renderSmsText("{{candidateName}}您好，请确认：{{portalUrl}}\n{{optOut}}", "zh-CN", { candidateName: "王小明", portalUrl: "https://j.cn/s/Ab3dE6gH2k" }, "某某科技");
    expect(sms).toBe("【某某科技】王小明您好，请确认：https://j.cn/s/Ab3dE6gH2k 回复TD退订");
    expect(smsSegments(sms).encoding).toBe("UCS-2");
  });

  it("previews with sample values and lists the problems instead of refusing", () => {
    const preview = previewTemplateText({ template: "interview-scheduled", locale: "en", sms: { body: "Hi {{candidateName}}, {{interview.when}}: {{interview.confirmUrl}} {{optOut}}" }, email: { subject: "Hi", body: "{{bogus}}" } }, config);
    expect(preview.sms).toMatchObject({ body: expect.stringMatching(/^Hirepath: Hi Alex Chen, Tuesday, December 8/), segments: 1, budget: 1 });
    expect(codes(preview.problems)).toEqual(["email.body:unknown_variable", "email.body:required_variable_missing"]);
    // An unknown variable renders as nothing rather than as braces the candidate would see.
    expect(preview.email!.html).not.toContain("{{");
  });
});
