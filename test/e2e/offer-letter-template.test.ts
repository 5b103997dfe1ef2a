// HR's wording of the offer letter end to end on the local stack (`npm start` as a process, local IAM on):
// an admin rewrites the zh-CN offer letter through the settings API, and the next real offer journey
// (webhook application → draft → submit → the approver approves from the approval email's link) sends the
// candidate that text, with every part of the offer in the letter's table and working answer links; the
// timeline records the version it went out with. The approval email, not reworded, is the code's.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, hr, newDataDir, outbox, postWebhook, startLocalProcess, token, webhookSecret, type LocalProcess } from "./local-process.js";

const APPROVER = "approver.letter@hirepath.test";
const CANDIDATE = "li.letter@example.com";
const LETTER = "/hr/teams/default/message-templates/offer-offer/zh-CN";

describe("the offer letter in HR's words on the local stack", () => {
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

  it("sends the next offer with the zh-CN letter HR saved, the terms in it, and records the version", async () => {
    // The letter starts from the code's wording, and refuses a text that would leave out the terms.
    const current = await hr(stack.url, admin, LETTER);
    expect(current.status).toBe(200);
    expect(current.body.defaults.email.body).toContain("{{offer.terms}}");
    expect(current.body.required.email).toEqual(["offer.terms", "offer.acceptUrl", "offer.declineUrl"]);
    expect(current.body.variables.sms).toEqual([]);
    const noTerms = await hr(stack.url, admin, LETTER, { method: "PUT", body: JSON.stringify({ expectedVersion: 0, email: { subject: "录用", body: "恭喜！接受：{{offer.acceptUrl}} 婉拒：{{offer.declineUrl}}" } }) });
    expect(noTerms.status).toBe(400);
    expect(noTerms.body.errors).toEqual([expect.objectContaining({ path: "email.body", code: "required_variable_missing", params: { variable: "offer.terms" } })]);

    const text = {
      subject: "【HR新版】{{candidateName}}，「{{requisitionTitle}}」的录用通知",
      body: "{{candidateName}}，您好！\n\n<b>欢迎加入我们！</b>以下是录用条件（请在 {{offer.responseDeadline}} 前答复）：\n\n{{offer.terms}}\n\n接受录用：{{offer.acceptUrl}}\n婉拒：{{offer.declineUrl}}\n有疑问：{{offer.questionUrl}}",
    };
    const saved = await hr(stack.url, admin, LETTER, { method: "PUT", body: JSON.stringify({ expectedVersion: 0, email: text }) });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(1);

    // A requisition with a one-step approval chain, and a zh-CN candidate (in Los Angeles: the letter is not held by quiet hours).
    const requisitionId = "req-letter";
    expect((await hr(stack.url, recruiter, `/hr/requisitions/${requisitionId}`, { method: "PUT", body: JSON.stringify({ title: "大客户销售经理", locale: "zh-CN", screening: { requiredKeywords: ["销售"] } }) })).status).toBe(200);
    const policy = { budget: { min: 300000, max: 420000, currency: "CNY" }, ownerEmail: "owner.letter@hirepath.test", approvalChain: [{ name: "用人经理", approvers: [{ email: APPROVER, name: "王经理" }], required: 1 }] };
    expect((await hr(stack.url, recruiter, `/hr/requisitions/${requisitionId}/offer-policy`, { method: "PUT", body: JSON.stringify(policy) })).status).toBe(200);
    const body = JSON.stringify({
      event: "application.created",
      candidate: { name: "李雷", email: CANDIDATE, phone: "13900002222", locale: "zh-CN", timeZone: "America/Los_Angeles" },
      application: { requisitionId, resumeText: "6年销售经验", yearsExperience: 6, location: "上海" },
    });
    const created = await postWebhook(stack.url, webhookSecret(stack.dataDir), body, { deliveryId: "e2e-letter-1" });
    expect(created.status).toBe(202);
    const { candidateId, applicationId } = created.body as { candidateId: string; applicationId: string };

    const day = 86_400_000;
    const parts = {
      basePay: { amount: 26000, currency: "CNY", period: "month", monthsPerYear: 14 },
      commission: { kind: "none" },
      bonus: { kind: "none" },
      benefits: ["五险一金"],
      probation: { months: 3, payPercent: 100 },
      startDate: new Date(Date.now() + 40 * day).toISOString().slice(0, 10),
      location: "上海市静安区",
      responseDeadline: new Date(Date.now() + 5 * day).toISOString(),
    };
    const draft = await hr(stack.url, recruiter, `/hr/candidates/${candidateId}/offers/offer-letter-1`, { method: "PUT", body: JSON.stringify({ applicationId, parts, candidateExpectation: { amount: 380000, currency: "CNY" } }) });
    expect(draft.status).toBe(200);
    expect(draft.body.problems).toEqual([]);
    expect((await hr(stack.url, recruiter, `/hr/candidates/${candidateId}/offers/offer-letter-1/submit`, { method: "POST" })).status).toBe(202);

    // The approver approves from the approval email's link (the code's wording: nobody reworded it).
    const approval = await eventually(async () => (await outbox(stack.url, { to: APPROVER })).find((m) => /请审批/.test(m.subject ?? "")), "the approval email", 90_000);
    const approveUrl = /href="([^"]+\/o\/[A-Za-z0-9_-]+)\?action=approve"/.exec(approval.html ?? "")?.[1];
    expect(approveUrl).toBeTruthy();
    const approved = await fetch(approveUrl!, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "action=approve" });
    expect(approved.status).toBe(200);

    // The candidate's letter is HR's text, with the person's values, the terms' table and the answer links.
    const letter = await eventually(async () => (await outbox(stack.url, { to: CANDIDATE, channel: "email" })).find((m) => (m.subject ?? "").includes("录用通知")), "the offer letter", 120_000);
    expect(letter.subject).toBe("【HR新版】李雷，「大客户销售经理」的录用通知");
    expect(letter.html).toContain("<b>欢迎加入我们！</b>");
    expect(letter.html).toMatch(/<table[^>]*>.*基本工资.*入职日期.*工作地点.*答复截止/s);
    expect(letter.html).toMatch(/接受录用：<a href="[^"]+\/o\/[A-Za-z0-9_-]+\?action=accept">/);
    expect(letter.html).toContain("不再接收此类邮件");
    expect(letter.text).toContain("李雷，您好！");
    expect(letter.text).toMatch(/基本工资: ¥26,000\.00\/月/);
    expect(letter.text).not.toContain("恭喜！我们很高兴");

    // The answer links in HR's text work: the accept page shows the offer.
    const acceptUrl = /接受录用：<a href="([^"]+)"/.exec(letter.html ?? "")![1]!.replace(/&amp;/g, "&");
    const acceptPage = await fetch(acceptUrl);
    expect(acceptPage.status).toBe(200);
    expect(await acceptPage.text()).toContain("基本工资");

    // The timeline records which version of the letter went out.
    const sent = await eventually(async () => {
      const view = await hr(stack.url, recruiter, `/hr/candidates/${candidateId}`);
      return (view.body.timeline as Array<{ type: string; data?: Record<string, unknown> }>).find((e) => e.type === "message.sent" && e.data?.template === "offer-offer");
    }, "message.sent for the letter");
    expect(sent.data).toMatchObject({ templateText: { teamId: "default", version: 1 } });
  }, 300_000);
});
