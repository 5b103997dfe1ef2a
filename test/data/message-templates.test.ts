// HR's message texts on the real stores (dynalite) and the real send path (outreach → SES/SMS emulators):
// two editors saving from one version get one save and one 409, every version is kept with who saved it,
// and the messages a journey sends use the text in force for the candidate's language and team, when they
// are sent — while a retry of a message already sent sends nothing again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoTemplateStore } from "../../lambdas/adapters/dynamo-template-store.js";
import { createOutreach, type Outreach } from "../../lambdas/core/outreach/outreach.js";
import { resetTemplateOverride, saveTemplateOverride, templateSetting, type TemplateSettingsDeps } from "../../lambdas/core/outreach/template-overrides.js";
import { ConcurrentChangeError } from "../../lambdas/core/shared/errors.js";
import { keys } from "../../lambdas/core/shared/keys.js";
import { openCrashWorld, type CrashMessaging, type CrashWorld } from "./crash-world.js";

let w: CrashWorld;
let messaging: CrashMessaging;
let templates: DynamoTemplateStore;
let deps: TemplateSettingsDeps;
let outreach: Outreach;
const config = { publicBaseUrl: "http://localhost:1", smsSignature: "Hirepath" };

const ZH_INVITE = {
  email: { subject: "【新】面试邀请：{{requisitionTitle}}", body: "{{candidateName}}，您好！\n\n我们想请您来聊聊「{{requisitionTitle}}」。\n\n<b>请点这里确认：</b>{{portalUrl}}" },
  sms: { body: "{{candidateName}}您好，「{{requisitionTitle}}」诚邀面试（新版），确认：{{portalUrl}} {{optOut}}" },
};

async function person(key: string, locale: "zh-CN" | "en", requisitionId: string) {
  const email = `tpl-${key}@example.com`;
  const phone = `+86139${String(key.length * 1000 + key.charCodeAt(0)).padStart(8, "0")}`;
  const { candidate } = await w.store.findOrCreateCandidate(`tpl-${key}`, { name: locale === "zh-CN" ? "王<小明>" : "Alex & Sam", emailNorm: email, phoneE164: phone, locale, timeZone: locale === "zh-CN" ? "Asia/Shanghai" : "America/Los_Angeles", preferredChannel: "email", source: "generic" }, "2026-11-20T00:00:00.000Z");
  const applicationId = `tpl-app-${key}`;
  await w.store.putApplication({ applicationId, candidateId: candidate.candidateId, requisitionId, source: "generic", status: "screened", createdAt: "2026-11-20T00:00:00.000Z", updatedAt: "2026-11-20T00:00:00.000Z" });
  return { candidateId: candidate.candidateId, applicationId, email, phone };
}

const sentTo = (to: string) => messaging.outbox.list({ to });

beforeAll(async () => {
  w = await openCrashWorld();
  messaging = await w.messaging();
  templates = new DynamoTemplateStore(w.doc, w.table);
  deps = { templates, clock: w.clock, config };
  outreach = createOutreach({
    store: w.store,
    templates,
    clock: w.clock,
    email: messaging.email,
    sms: messaging.sms,
    secrets: { linkSigningKey: async () => "template-test-link-signing-key-0123456789", webhookSecret: async () => undefined },
    config: { publicBaseUrl: config.publicBaseUrl, linkTtlDays: 30, smsSignature: config.smsSignature },
    evidence: { waitMs: 50, pollMs: 10 },
  });
  await w.store.putRequisition({ requisitionId: "req-tpl", title: "渠道销售经理", locale: "zh-CN", screening: { requiredKeywords: [], bonusKeywords: [], knockOutQuestions: [] }, updatedAt: "2026-11-20T00:00:00.000Z" });
  await w.store.putRequisition({ requisitionId: "req-tpl-team", title: "大客户经理", locale: "zh-CN", teamId: "team-east", screening: { requiredKeywords: [], bonusKeywords: [], knockOutQuestions: [] }, updatedAt: "2026-11-20T00:00:00.000Z" });
}, 120_000);

afterAll(async () => {
  await w?.close();
});

describe("saving HR's texts", () => {
  const ref = { teamId: "team-race", template: "interview-nudge", locale: "en" } as const;
  const text = (word: string) => ({ email: { subject: `Reminder (${word}): {{requisitionTitle}}`, body: `Hi {{candidateName}}, ${word}: {{portalUrl}}` } });

  it("lets one of two editors saving from the same version win; the other gets a 409 and nothing is lost", async () => {
    const results = await Promise.allSettled([
      saveTemplateOverride(ref, { expectedVersion: 0, ...text("anna") }, "anna@example.com", deps),
      saveTemplateOverride(ref, { expectedVersion: 0, ...text("ben") }, "ben@example.com", deps),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ConcurrentChangeError);
    expect(lost[0]!.reason.message).toContain("at version 1, not 0");
    const stored = await templates.getTemplateOverride(ref.teamId, ref.template, ref.locale);
    const winner = stored!.updatedBy.startsWith("anna") ? "anna" : "ben";
    expect(stored).toMatchObject({ version: 1, email: text(winner).email });

    // The loser reloads (version 1) and saves again: both edits are in the history, neither overwritten unseen.
    const loser = winner === "anna" ? "ben" : "anna";
    await saveTemplateOverride(ref, { expectedVersion: 1, ...text(loser) }, `${loser}@example.com`, deps);
    await resetTemplateOverride(ref, 2, "admin@example.com", deps);
    await expect(resetTemplateOverride(ref, 2, "admin@example.com", deps)).rejects.toBeInstanceOf(ConcurrentChangeError);

    const setting = await templateSetting(ref.teamId, ref.template, ref.locale, deps);
    expect(setting).toMatchObject({ version: 3 });
    expect(setting.email).toBeUndefined();
    expect(setting.history.map((h) => [h.version, h.action, h.updatedBy, h.channels])).toEqual([
      [3, "reset", "admin@example.com", []],
      [2, "saved", `${loser}@example.com`, ["email"]],
      [1, "saved", `${winner}@example.com`, ["email"]],
    ]);
    expect(await templates.listTemplateTeams()).toContain("team-race");
  });
});

describe("the send path", () => {
  it("sends the zh-CN invitation with HR's text (email and SMS), escaping the name, while English keeps the default", async () => {
    await saveTemplateOverride({ teamId: "default", template: "interview-invite", locale: "zh-CN" }, { expectedVersion: 0, ...ZH_INVITE }, "admin@example.com", deps);
    const zh = await person("zh", "zh-CN", "req-tpl");
    const en = await person("en", "en", "req-tpl");

    const zhSent = await outreach.sendTemplated({ candidateId: zh.candidateId, applicationId: zh.applicationId, template: "interview-invite", channel: "email", idempotencyKey: "tpl-zh#invite" });
    const enSent = await outreach.sendTemplated({ candidateId: en.candidateId, applicationId: en.applicationId, template: "interview-invite", channel: "email", idempotencyKey: "tpl-en#invite" });
    await outreach.sendTemplated({ candidateId: zh.candidateId, applicationId: zh.applicationId, template: "interview-invite", channel: "sms", idempotencyKey: "tpl-zh#invite-sms" });

    const [email] = sentTo(zh.email);
    expect(email!.subject).toBe("【新】面试邀请：渠道销售经理");
    expect(email!.html).toContain("王&lt;小明&gt;，您好！");
    expect(email!.html).toMatch(/<b>请点这里确认：<\/b><a href="http:\/\/localhost:1\/l\/[^"]+">/);
    expect(email!.html).toContain("不再接收此类邮件");
    expect(email!.text).toContain("王<小明>，您好！");
    const [sms] = sentTo(zh.phone);
    expect(sms!.text).toMatch(/^【Hirepath】王<小明>您好，「渠道销售经理」诚邀面试（新版），确认：http:\/\/localhost:1\/s\/\w{10} 回复TD退订$/);

    expect(sentTo(en.email)[0]!.subject).toBe("Interview invitation: 渠道销售经理");
    // The version used is on the timeline with the message.
    const timeline = await w.partition(keys.candidatePartition(zh.candidateId));
    expect(timeline.find((i) => i.type === "message.sent" && (i.data as { messageId: string }).messageId === zhSent.messageId)?.data).toMatchObject({ templateText: { teamId: "default", version: 1 } });
    const enEvent = (await w.partition(keys.candidatePartition(en.candidateId))).find((i) => i.type === "message.sent" && (i.data as { messageId: string }).messageId === enSent.messageId);
    expect(enEvent?.data).not.toHaveProperty("templateText");
    // The invitation still marks the application invited once it went out.
    expect((await w.store.getApplication(zh.candidateId, zh.applicationId))?.status).toBe("invited");
  });

  it("uses the requisition team's own text first, channel by channel, falling back to the default team's", async () => {
    await saveTemplateOverride({ teamId: "team-east", template: "interview-invite", locale: "zh-CN" }, { expectedVersion: 0, sms: { body: "{{candidateName}}您好，华东团队邀请您面试「{{requisitionTitle}}」：{{portalUrl}} {{optOut}}" } }, "east@example.com", deps);
    const p = await person("east", "zh-CN", "req-tpl-team");
    await outreach.sendTemplated({ candidateId: p.candidateId, applicationId: p.applicationId, template: "interview-invite", channel: "sms", idempotencyKey: "tpl-east#sms" });
    await outreach.sendTemplated({ candidateId: p.candidateId, applicationId: p.applicationId, template: "interview-invite", channel: "email", idempotencyKey: "tpl-east#email" });
    expect(sentTo(p.phone)[0]!.text).toContain("华东团队邀请您面试「大客户经理」");
    expect(sentTo(p.email)[0]!.subject).toBe("【新】面试邀请：大客户经理");
  });

  it("sends the version in force when a held message goes out, and never sends a retried message twice", async () => {
    const p = await person("held", "zh-CN", "req-tpl");
    // The journey decided on the message earlier (quiet hours held it); HR edits before it goes out.
    const current = await templates.getTemplateOverride("default", "interview-invite", "zh-CN");
    await saveTemplateOverride({ teamId: "default", template: "interview-invite", locale: "zh-CN" }, { expectedVersion: current!.version, ...ZH_INVITE, email: { ...ZH_INVITE.email, subject: "第二版：{{requisitionTitle}}" } }, "admin@example.com", deps);
    const first = await outreach.sendTemplated({ candidateId: p.candidateId, applicationId: p.applicationId, template: "interview-invite", channel: "email", idempotencyKey: "tpl-held#invite" });
    expect(sentTo(p.email).map((m) => m.subject)).toEqual(["第二版：渠道销售经理"]);

    // Edited again, then the step is retried (the workflow's retry after a timeout): the same message, not a second one.
    await saveTemplateOverride({ teamId: "default", template: "interview-invite", locale: "zh-CN" }, { expectedVersion: current!.version + 1, ...ZH_INVITE, email: { ...ZH_INVITE.email, subject: "第三版：{{requisitionTitle}}" } }, "admin@example.com", deps);
    const retry = await outreach.sendTemplated({ candidateId: p.candidateId, applicationId: p.applicationId, template: "interview-invite", channel: "email", idempotencyKey: "tpl-held#invite" });
    expect(retry).toMatchObject({ messageId: first.messageId, duplicate: true });
    expect(sentTo(p.email).map((m) => m.subject)).toEqual(["第二版：渠道销售经理"]);

    // After a reset the default team's text is gone: the code's template again.
    await resetTemplateOverride({ teamId: "default", template: "interview-invite", locale: "zh-CN" }, current!.version + 2, "admin@example.com", deps);
    const q = await person("after-reset", "zh-CN", "req-tpl");
    await outreach.sendTemplated({ candidateId: q.candidateId, applicationId: q.applicationId, template: "interview-invite", channel: "email", idempotencyKey: "tpl-after-reset#invite" });
    expect(sentTo(q.email)[0]!.subject).toBe("面试邀请：渠道销售经理");
  });
});

describe("composed messages: the offer letter and its reminder, approvals, staff emails", () => {
  const offerValues = (to: string) => ({
    candidateName: "王<小明>",
    requisitionTitle: "大客户经理",
    "offer.terms": "基本工资: ¥25,000.00/月\n入职日期: 2027-01-04",
    "offer.acceptUrl": `http://localhost:1/o/${to}?action=accept`,
    "offer.declineUrl": `http://localhost:1/o/${to}?action=decline`,
    "offer.questionUrl": `http://localhost:1/o/${to}?action=question`,
    unsubscribeUrl: "http://localhost:1/l/unsubscribe-token",
  });
  const table = '<table style="border-collapse:collapse"><tr><th>基本工资</th><td>¥25,000.00/月</td></tr></table>';
  const reminder = (to: string, idempotencyKey: string) =>
    outreach.sendComposed({
      idempotencyKey,
      candidateId: `cand-${to}`,
      template: "offer-reminder",
      audience: "candidate",
      content: { channel: "email", to, subject: "提醒：「大客户经理」录用通知即将截止", html: "<p>code</p>", text: "code" },
      text: { locale: "zh-CN", teamId: "team-east", values: offerValues(to), blocks: { "offer.terms": table } },
    });
  const edit = (subject: string, expectedVersion: number) =>
    saveTemplateOverride(
      { teamId: "team-east", template: "offer-reminder", locale: "zh-CN" },
      { expectedVersion, email: { subject, body: "{{candidateName}}，您的录用通知还在等您。\n\n{{offer.terms}}\n\n接受：{{offer.acceptUrl}}\n婉拒：{{offer.declineUrl}}" } },
      "admin@example.com",
      deps,
    );

  it("sends the team's text in force with the terms' table, records the version, and a retry after an edit sends nothing new", async () => {
    await edit("第一版：{{requisitionTitle}}", 0);
    const first = await reminder("offer-a@example.com", "offer-a#reminder");
    const [sent] = sentTo("offer-a@example.com");
    expect(sent!.subject).toBe("第一版：大客户经理");
    expect(sent!.html).toContain("王&lt;小明&gt;，您的录用通知还在等您。");
    expect(sent!.html).toContain(table);
    expect(sent!.html).toMatch(/接受：<a href="http:\/\/localhost:1\/o\/offer-a@example.com\?action=accept">/);
    expect(sent!.html).toContain("不再接收此类邮件");
    expect(sent!.text).toContain("基本工资: ¥25,000.00/月\n入职日期: 2027-01-04");
    const event = async () => (await w.partition(keys.candidatePartition("cand-offer-a@example.com"))).find((i) => i.type === "message.sent" && (i.data as { messageId: string }).messageId === first.messageId)?.data;
    expect(await event()).toMatchObject({ template: "offer-reminder", templateText: { teamId: "team-east", version: 1 } });

    // HR edits again; the step is retried: the same message, nothing new in the outbox, the timeline keeps version 1.
    await edit("第二版：{{requisitionTitle}}", 1);
    const retry = await reminder("offer-a@example.com", "offer-a#reminder");
    expect(retry).toMatchObject({ messageId: first.messageId, duplicate: true });
    expect(sentTo("offer-a@example.com").map((m) => m.subject)).toEqual(["第一版：大客户经理"]);
    expect(await event()).toMatchObject({ templateText: { teamId: "team-east", version: 1 } });

    // The next reminder (another message) goes with version 2.
    await reminder("offer-b@example.com", "offer-b#reminder");
    expect(sentTo("offer-b@example.com").map((m) => m.subject)).toEqual(["第二版：大客户经理"]);
  });

  it("keeps the code's email when no team has a text, and a staff email from HR's text has no unsubscribe line", async () => {
    await outreach.sendComposed({
      idempotencyKey: "approval-plain",
      candidateId: "cand-approval",
      template: "offer-approval-request",
      audience: "staff",
      content: { channel: "email", to: "approver-plain@example.com", subject: "code subject", html: "<p>code</p>", text: "code" },
      text: { locale: "en", values: { "approval.approveUrl": "http://localhost:1/o/x?action=approve", "approval.rejectUrl": "http://localhost:1/o/x?action=reject" } },
    });
    expect(sentTo("approver-plain@example.com")[0]!.subject).toBe("code subject");

    await saveTemplateOverride({ teamId: "default", template: "offer-approval-request", locale: "en" }, { expectedVersion: 0, email: { subject: "Please decide: {{candidateName}}", body: "{{approval.approverName}}, approve: {{approval.approveUrl}} or reject: {{approval.rejectUrl}}" } }, "admin@example.com", deps);
    await outreach.sendComposed({
      idempotencyKey: "approval-hr",
      candidateId: "cand-approval",
      template: "offer-approval-request",
      audience: "staff",
      content: { channel: "email", to: "approver-hr@example.com", subject: "code subject", html: "<p>code</p>", text: "code" },
      text: { locale: "en", teamId: "team-without-texts", values: { "approval.approverName": "Jordan", candidateName: "Alex", "approval.approveUrl": "http://localhost:1/o/x?action=approve", "approval.rejectUrl": "http://localhost:1/o/x?action=reject" } },
    });
    const [approval] = sentTo("approver-hr@example.com");
    expect(approval!.subject).toBe("Please decide: Alex");
    expect(approval!.html).toContain('approve: <a href="http://localhost:1/o/x?action=approve">');
    expect(approval!.html).not.toContain("Unsubscribe");
  });
});
