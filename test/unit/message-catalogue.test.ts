// The message catalogue (message-kinds.ts) is the one list of what the system sends. Every message the
// code can send has an entry (so HR can see and reword it), every entry starts from a text saving accepts,
// the code's own wording uses no value outside the entry's variables, and HR's text for a composed
// email (the offer letter) renders with the offer's terms where the text names them.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isMessageKind, MESSAGE_KIND_NAMES, MESSAGE_KINDS, sampleValues, TEXT_VARIABLES } from "../../lambdas/core/outreach/message-kinds.js";
import { TemplateName } from "../../lambdas/core/outreach/templates.js";
import { allowedVariables, checkTemplateText, renderEmailText } from "../../lambdas/core/outreach/template-text.js";
import { defaultText } from "../../lambdas/core/outreach/template-overrides.js";
import { builtInRenderings, templateCatalog } from "../../lambdas/core/outreach/template-catalog.js";
import { OfferPolicy } from "../../lambdas/core/offer/offer-model.js";
import { offerTermsValues } from "../../lambdas/core/offer/offer-letter.js";
import { TEMPLATE_LABELS } from "../../lambdas/pages/console/message-names.js";
import { createOutreach } from "../../lambdas/core/outreach/outreach.js";

const locales = ["zh-CN", "en"] as const;
const config = { publicBaseUrl: "https://jobs.example.com", smsSignature: "Hirepath" };

/** Source files under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

// Every message kind the code can send, named from the code's own lists: the templated candidate
// messages, the composed ones (the kinds their journeys build their template names from), and the staff emails.
const touchKinds = OfferPolicy.shape.preOnboarding.unwrap().element.shape.kind.options;
const SENDABLE = [
  ...TemplateName,
  "re-engagement-nurture",
  ...(["offer", "reminder"] as const).map((kind) => `offer-${kind}`),
  ...(["request", "reminder", "escalation"] as const).map((kind) => `offer-approval-${kind}`),
  ...touchKinds.map((kind) => `pre-onboarding-${kind}`),
  "recall-brief",
  "recall-escalation",
];

describe("the message catalogue", () => {
  it.each(SENDABLE)("has an entry for %s, the message the code sends", (kind) => {
    expect(isMessageKind(kind), `${kind} is sent but not in message-kinds.ts`).toBe(true);
  });

  it("finds every place core hands a message to outreach, and the kinds named there are in the list above", () => {
    // A new message sent from a new place fails here until its kinds are listed (and so in the catalogue).
    const senders: Record<string, string[]> = {};
    for (const file of sources("lambdas/core")) {
      if (file.includes("/outreach/")) continue;
      const text = readFileSync(file, "utf8");
      // Each call's own text: from the call to the next one (or the end of the file).
      const calls = text.split(/outreach\.(?=sendComposed\(|sendTemplated\()/).slice(1);
      for (const call of calls) {
        // `template: <expression>`, or the shorthand `{ template }` (a variable of that name).
        const found = /\btemplate\b(?:\s*:\s*([^,\n]+))?/.exec(call);
        const template = found ? (found[1]?.trim() ?? "template") : "";
        (senders[file.replace(/^lambdas\/core\//, "")] ??= []).push(template);
      }
    }
    expect(senders).toEqual({
      "intake/application-journey.ts": ["template"],
      "offer/offer-journey.ts": ["`offer-approval-${kind}`", "`offer-${kind}`", "`pre-onboarding-${touch.kind}`"],
      "re-engagement/re-engagement.ts": ['"re-engagement-nurture"', '"re-engagement-nurture"'],
      "recall/recall.ts": ['"recall-brief"'],
      "recall/recall-journey.ts": ['input.kind === "invite" ? "recall-invite" : "recall-nudge"', '"recall-escalation"'],
    });
    // Literal kinds anywhere in core's message calls are catalogue entries.
    for (const literal of Object.values(senders).flat().flatMap((t) => [...t.matchAll(/"([a-z0-9-]+)"/g)].map((m) => m[1]!))) {
      if (literal !== "invite") expect(isMessageKind(literal), literal).toBe(true);
    }
  });

  it("refuses, at the send path, a composed message that is not in the catalogue", async () => {
    const outreach = createOutreach({ store: {} as never, clock: { now: () => new Date() } });
    await expect(outreach.sendComposed({ idempotencyKey: "k", candidateId: "c", template: "made-up-kind" as never, audience: "candidate", content: { channel: "sms", to: "+8613800000000", body: "x" } })).rejects.toThrow(/not in the message catalogue/);
  });

  it("names every entry in both languages on the pages", () => {
    for (const kind of MESSAGE_KIND_NAMES) expect(TEMPLATE_LABELS[kind], kind).toHaveLength(2);
  });

  it.each(MESSAGE_KIND_NAMES.flatMap((k) => locales.map((l) => [k, l] as const)))("%s (%s) starts from a text that saving accepts", (kind, locale) => {
    const text = defaultText(kind, locale);
    const channels = MESSAGE_KINDS[kind].channels as readonly string[];
    expect(checkTemplateText(kind, locale, { email: text.email, ...(channels.includes("sms") ? { sms: text.sms } : {}) }, config)).toEqual([]);
  });

  it.each(MESSAGE_KIND_NAMES.flatMap((k) => locales.map((l) => [k, l] as const)))("%s (%s): the code's wording uses only the entry's variables", (kind, locale) => {
    const allowed = new Set([...allowedVariables(kind, "email"), ...allowedVariables(kind, "sms")]);
    const samples = sampleValues(locale);
    for (const r of builtInRenderings(kind, locale)) {
      const everything = `${r.subject}\n${r.text}\n${r.html}\n${r.sms}`;
      // A value the wording shows belongs to a variable the text may name (two variables may share a sample: either will do).
      // Short samples (a count: "2") are skipped: they turn up inside other text.
      for (const name of TEXT_VARIABLES.filter((n) => samples[n].length >= 4)) {
        if (!everything.includes(samples[name]) || allowed.has(name)) continue;
        expect(TEXT_VARIABLES.some((other) => allowed.has(other) && samples[other] === samples[name]), `${kind} shows ${name} ("${samples[name]}") but may not name it`).toBe(true);
      }
    }
  });

  it("lists each entry's variables on the settings page from the same list, email-only ones with no SMS", () => {
    const catalog = templateCatalog();
    expect(catalog.map((c) => c.template)).toEqual(MESSAGE_KIND_NAMES);
    const letter = catalog.find((c) => c.template === "offer-offer")!;
    expect(letter.variables).toEqual(expect.arrayContaining(["offer.terms", "offer.acceptUrl", "offer.declineUrl", "unsubscribeUrl"]));
    expect(letter.previews["zh-CN"].sms).toBe("");
    expect(letter.previews["zh-CN"].html).toContain("<table");
    const approval = catalog.find((c) => c.template === "offer-approval-request")!;
    expect(approval.audience).toBe("staff");
    // Staff emails have no unsubscribe line.
    expect(approval.previews.en.text).not.toContain("Unsubscribe");
  });
});

describe("the offer letter as HR's text", () => {
  const parts = { basePay: { amount: 25_000, currency: "CNY", period: "month" as const, monthsPerYear: 14 }, startDate: "2027-01-04", location: "上海" };

  it("keeps the code's wording: the default text is the letter's paragraphs, the terms and the answer links", () => {
    const zh = defaultText("offer-offer", "zh-CN").email;
    expect(zh.subject).toBe("录用通知：{{requisitionTitle}}");
    expect(zh.body).toBe("{{candidateName}}，您好：\n\n恭喜！我们很高兴向您发出「{{requisitionTitle}}」的录用通知，详情如下：\n\n{{offer.terms}}\n\n接受: {{offer.acceptUrl}}\n婉拒: {{offer.declineUrl}}\n我有疑问: {{offer.questionUrl}}");
    expect(defaultText("offer-approval-request", "en").email.body).toContain("Approve: {{approval.approveUrl}}");
  });

  it("refuses a letter without the terms or the answer links, and the terms anywhere but the body", () => {
    const codes = (body: string, subject = "录用通知") => checkTemplateText("offer-offer", "zh-CN", { email: { subject, body } }, config).map((i) => `${i.path}:${i.code}:${i.params?.variable ?? ""}`);
    expect(codes("{{candidateName}}您好，恭喜！接受：{{offer.acceptUrl}} 婉拒：{{offer.declineUrl}}")).toEqual(["email.body:required_variable_missing:offer.terms"]);
    expect(codes("{{offer.terms}}")).toEqual(["email.body:required_variable_missing:offer.acceptUrl", "email.body:required_variable_missing:offer.declineUrl"]);
    expect(codes("{{offer.terms}} {{offer.acceptUrl}} {{offer.declineUrl}}", "录用 {{offer.terms}}")).toEqual(["email.subject:unknown_variable:offer.terms"]);
    expect(checkTemplateText("offer-offer", "zh-CN", { sms: { body: "{{candidateName}} {{optOut}}" } }, config).map((i) => i.code)).toEqual(["channel_not_sent"]);
    expect(checkTemplateText("offer-approval-request", "en", { email: { subject: "Approve", body: "Please approve: {{approval.approveUrl}}" } }, config).map((i) => i.params?.variable)).toEqual(["approval.rejectUrl"]);
  });

  it("renders the terms as the letter's table where the text names them, and as lines in the plain text", () => {
    const terms = offerTermsValues(parts, "zh-CN", "Asia/Shanghai");
    const body = "{{candidateName}}，恭喜！\n\n{{offer.terms}}\n\n接受：{{offer.acceptUrl}}";
    const r = renderEmailText({ subject: "录用通知：{{requisitionTitle}}", body }, "zh-CN", { candidateName: "王小明", requisitionTitle: "销售经理", "offer.terms": terms.text, "offer.acceptUrl": "https://jobs.example.com/o/abc?action=accept" }, { unsubscribe: "不再接收此类邮件" }, { "offer.terms": terms.html });
    expect(r.html).toContain(`<p>王小明，恭喜！</p>\n${terms.html}\n<p>接受：<a href="https://jobs.example.com/o/abc?action=accept">`);
    expect(r.html).not.toMatch(/<p>\s*<table/);
    expect(r.text).toContain("基本工资: ¥25,000.00/月, 每年发放 14 个月\n");
    expect(r.text).toContain("入职日期: 2027-01-04\n工作地点: 上海");
  });
});
