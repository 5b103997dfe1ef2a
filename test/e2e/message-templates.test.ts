// HR's message texts end to end on the local stack (`npm start` as a process, local IAM on): an admin
// rewrites the zh-CN application invitation through the API, and the next real journey's invitation in
// the outbox is that text, while an English candidate's stays the default; two saves from one version
// get one 409; texts that would break a message are refused with problem+json field paths; roles hold.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureText } from "../fixtures/index.js";
import { eventually, hr, newDataDir, outbox, postWebhook, startLocalProcess, token, webhookSecret, type LocalProcess } from "./local-process.js";

const PATH = "/hr/teams/default/message-templates/interview-invite";

describe("message templates on the local stack", () => {
  let stack: LocalProcess;
  let admin: string;
  let recruiter: string;

  beforeAll(async () => {
    stack = await startLocalProcess(newDataDir(), { HIREPATH_TIME_SCALE: "60", HIREPATH_EVENT_DELAY_MS: "20" });
    admin = await token(stack.url, "admin");
    recruiter = await token(stack.url, "recruiter");
  }, 200_000);
  afterAll(async () => {
    await stack?.stop();
    if (stack) rmSync(stack.dataDir, { recursive: true, force: true });
  });

  it("refuses texts that would break the message, each problem with its field path and code", async () => {
    const bad = await hr(stack.url, admin, `${PATH}/zh-CN`, {
      method: "PUT",
      body: JSON.stringify({ expectedVersion: 0, email: { subject: "面试邀请", body: "<script>x</script>{{offerAmount}}" }, sms: { body: "{{candidateName}}您好" } }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: "validation-failed", status: 400 });
    expect(bad.body.errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`)).toEqual([
      "email.body:html_invalid",
      "email.body:unknown_variable",
      "email.body:required_variable_missing",
      "sms.body:required_variable_missing",
      "sms.body:required_variable_missing",
    ]);
    const tooLong = await hr(stack.url, admin, `${PATH}/zh-CN`, { method: "PUT", body: JSON.stringify({ expectedVersion: 0, sms: { body: `${"请您务必准时参加面试。".repeat(10)}{{portalUrl}} {{optOut}}` } }) });
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ path: "sms.body", code: "sms_too_long" })]);
    const noBody = await hr(stack.url, admin, `${PATH}/zh-CN`, { method: "PUT", body: JSON.stringify({ expectedVersion: 0, email: { subject: "", body: "" } }) });
    expect(noBody.body.errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`)).toEqual(["email.subject:empty_text", "email.body:empty_text"]);
    // A recruiter reads templates but does not change them.
    expect((await hr(stack.url, recruiter, `${PATH}/zh-CN`)).status).toBe(200);
    expect((await hr(stack.url, recruiter, `${PATH}/zh-CN`, { method: "PUT", body: JSON.stringify({ expectedVersion: 0, sms: { body: "{{portalUrl}} {{optOut}}" } }) })).body).toMatchObject({ status: 403, code: "forbidden" });
    expect((await hr(stack.url, admin, `${PATH}/zh-CN`)).body).toMatchObject({ version: 0, history: [] });
  });

  it("sends the next zh-CN invitation with HR's text; the English one stays the default", async () => {
    const current = await hr(stack.url, admin, `${PATH}/zh-CN`);
    expect(current.body.defaults.email.body).toContain("{{portalUrl}}");
    const text = {
      email: { subject: "HR新版邀请：{{requisitionTitle}}", body: "{{candidateName}}，您好！\n\n您的简历已通过初筛，<b>诚邀面试</b>。\n\n确认面试：{{portalUrl}}" },
      sms: { body: "{{candidateName}}您好，HR新版：「{{requisitionTitle}}」诚邀面试，确认：{{portalUrl}} {{optOut}}" },
    };
    // Two admins save from version 0 at once: one 200, one 409 concurrent-change.
    const [a, b] = await Promise.all([
      hr(stack.url, admin, `${PATH}/zh-CN`, { method: "PUT", body: JSON.stringify({ expectedVersion: 0, ...text }) }),
      hr(stack.url, admin, `${PATH}/zh-CN`, { method: "PUT", body: JSON.stringify({ expectedVersion: 0, ...text, sms: { body: "{{candidateName}}您好，另一版：{{portalUrl}} {{optOut}}" } }) }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body).toMatchObject({ code: "concurrent-change", status: 409 });
    const winner = a.status === 200 ? a : b;
    expect(winner.body).toMatchObject({ version: 1, history: [expect.objectContaining({ version: 1, action: "saved", channels: ["email", "sms"] })] });
    // Make sure the stored SMS is ours (whichever of the two won), for the SMS check below.
    const saved = await hr(stack.url, admin, `${PATH}/zh-CN`, { method: "PUT", body: JSON.stringify({ expectedVersion: 1, ...text }) });
    expect(saved.status).toBe(200);
    expect(saved.body.history[0].updatedBy).toBeTruthy();

    const list = await hr(stack.url, recruiter, "/hr/teams/default/message-templates");
    expect(list.body.templates.find((t: { template: string }) => t.template === "interview-invite").locales).toEqual([
      expect.objectContaining({ locale: "zh-CN", version: 2, email: true, sms: true }),
      expect.objectContaining({ locale: "en", version: 0, email: false, sms: false }),
    ]);

    const secret = webhookSecret(stack.dataDir);
    const zhApplied = await postWebhook(stack.url, secret, fixtureText("generic/application-created.json"), { deliveryId: "tpl-e2e-zh" });
    expect(zhApplied.status).toBe(202);
    expect((await postWebhook(stack.url, secret, fixtureText("generic/application-created-en.json"), { deliveryId: "tpl-e2e-en" })).status).toBe(202);

    const title = "大客户销售经理（上海） / Key Account Sales Manager, Shanghai";
    const zh = await eventually(async () => (await outbox(stack.url, { to: "xiaoming.wang@example.com", channel: "email" }))[0], "the zh-CN invitation", 90_000);
    expect(zh.subject).toBe(`HR新版邀请：${title}`);
    expect(zh.html).toContain("<b>诚邀面试</b>");
    expect(zh.html).toMatch(/确认面试：<a href="[^"]+\/l\/[^"]+">/);
    expect(zh.html).toContain("不再接收此类邮件");
    expect(zh.text).toContain("王小明，您好！");
    const en = await eventually(async () => (await outbox(stack.url, { to: "alex.chen@example.com", channel: "email" }))[0], "the English invitation", 90_000);
    expect(en.subject).toBe(`Interview invitation: ${title}`);
    expect(en.html).not.toContain("HR新版");

    // The timeline records which version the invitation went out with.
    const view = await eventually(async () => {
      const r = await hr(stack.url, recruiter, `/hr/candidates/${zhApplied.body.candidateId}`);
      return (r.body.timeline as Array<{ type: string; data?: Record<string, unknown> }>).find((e) => e.type === "message.sent" && e.data?.template === "interview-invite");
    }, "message.sent on the timeline");
    expect(view.data).toMatchObject({ templateText: { teamId: "default", version: 2 } });
  });
});
