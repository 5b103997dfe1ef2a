// The offer journey end to end on the local stack (a child process, as `npm start` runs it), driven
// in real Chromium through the outbox: an approver opens the approval email, clicks Approve, confirms,
// and the next approver gets theirs; a second click on the used link says it was already decided (in the page's language); the
// candidate accepts from the offer email and the pre-onboarding touches appear on the timeline.
import { rmSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, hr, newDataDir, outbox, postWebhook, startLocalProcess, token, webhookSecret, type LocalProcess } from "./local-process.js";

const MANAGER = "manager.e2e@hirepath.test";
const FINANCE = "finance.e2e@hirepath.test";
const CANDIDATE = "chen.offer@example.com";

describe("offer journey in Chromium", () => {
  let stack: LocalProcess;
  let browser: Browser;
  let context: BrowserContext;
  let recruiter: string;

  beforeAll(async () => {
    // ×60 (the default): approval reminders are a day away, so nothing times out during the test.
    stack = await startLocalProcess(newDataDir(), { HIREPATH_TIME_SCALE: "60", HIREPATH_EVENT_DELAY_MS: "20" });
    recruiter = await token(stack.url, "recruiter");
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    context = await browser.newContext({ userAgent: "Hirepath-E2E-Chromium" });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (stack) rmSync(stack.dataDir, { recursive: true, force: true });
  });

  /** Opens the newest email to `to` whose subject matches in the outbox, and returns the page showing it. */
  async function openEmail(to: string, subject: RegExp): Promise<Page> {
    await eventually(async () => (await outbox(stack.url, { to })).find((m) => subject.test(m.subject ?? "")), `an email to ${to} matching ${subject}`);
    const page = await context.newPage();
    await page.goto(`${stack.url}/outbox?to=${encodeURIComponent(to)}&refresh=0`);
    await page.locator("td.summary a", { hasText: subject }).first().click();
    await page.waitForURL(/\/outbox\/messages\//);
    return page;
  }

  /** Clicks a button-link inside the email, the way a reader opens it in a new tab. */
  async function clickInEmail(emailPage: Page, label: string): Promise<Page> {
    // The link the person sees in the rendered email, opened in a new tab. Its href is read from the
    // email and opened with goto: a ctrl-click inside the sandboxed email frame sometimes opened no tab
    // at all in headless Chromium (a 30 s wait for the "page" event in CI), which tested the browser,
    // not Hirepath.
    const link = emailPage.frameLocator("iframe.email").getByRole("link", { name: label, exact: true });
    const href = await link.getAttribute("href");
    expect(href, `the "${label}" link in the email`).toBeTruthy();
    const opened = await context.newPage();
    await opened.goto(href!);
    return opened;
  }

  it("approver confirms in the browser, the next approver is emailed, a reused link says already decided, and the candidate's acceptance starts pre-onboarding", async () => {
    const requisitionId = "req-e2e-offer";
    expect((await hr(stack.url, recruiter, `/hr/requisitions/${requisitionId}`, { method: "PUT", body: JSON.stringify({ title: "大客户销售经理", locale: "zh-CN", screening: { requiredKeywords: ["销售"] } }) })).status).toBe(200);
    const policy = {
      budget: { min: 300000, max: 420000, currency: "CNY" },
      ownerEmail: "owner.e2e@hirepath.test",
      approvalChain: [
        { name: "用人经理", approvers: [{ email: MANAGER, name: "王经理" }], required: 1 },
        { name: "财务", approvers: [{ email: FINANCE, name: "赵财务" }], required: 1 },
      ],
    };
    expect((await hr(stack.url, recruiter, `/hr/requisitions/${requisitionId}/offer-policy`, { method: "PUT", body: JSON.stringify(policy) })).status).toBe(200);
    const body = JSON.stringify({
      event: "application.created",
      candidate: { name: "陈晓", email: CANDIDATE, phone: "13900001111", locale: "zh-CN", timeZone: "Asia/Shanghai" },
      application: { requisitionId, resumeText: "6年销售经验", yearsExperience: 6, location: "上海" },
    });
    const created = await postWebhook(stack.url, webhookSecret(stack.dataDir), body, { deliveryId: "e2e-offer-1" });
    expect(created.status).toBe(202);
    const { candidateId, applicationId } = created.body as { candidateId: string; applicationId: string };

    const day = 86_400_000;
    const parts = {
      basePay: { amount: 26000, currency: "CNY", period: "month", monthsPerYear: 14 },
      commission: { kind: "formula", rate: 0.04, base: "revenue", threshold: 250000, period: "quarter", example: { achieved: 500000, payout: 10000 } },
      bonus: { kind: "none" },
      benefits: ["五险一金", "补充医疗保险"],
      probation: { months: 3, payPercent: 100 },
      startDate: new Date(Date.now() + 40 * day).toISOString().slice(0, 10),
      location: "上海市静安区",
      responseDeadline: new Date(Date.now() + 5 * day).toISOString(),
    };
    const draft = await hr(stack.url, recruiter, `/hr/candidates/${candidateId}/offers/offer-e2e-1`, { method: "PUT", body: JSON.stringify({ applicationId, parts, candidateExpectation: { amount: 380000, currency: "CNY" } }) });
    expect(draft.status).toBe(200);
    expect(draft.body.problems).toEqual([]);
    const submitted = await hr(stack.url, recruiter, `/hr/candidates/${candidateId}/offers/offer-e2e-1/submit`, { method: "POST" });
    expect(submitted.status).toBe(202);

    // (1) The manager opens the approval email in the outbox, clicks Approve, sees the summary, confirms.
    const managerEmail = await openEmail(MANAGER, /请审批/);
    const confirm = await clickInEmail(managerEmail, "批准");
    expect(confirm.url()).toMatch(/\/o\/[A-Za-z0-9_-]+\?action=approve$/);
    await expect.poll(() => confirm.locator("body").innerText()).toContain("候选人：陈晓");
    expect(await confirm.locator("table").innerText()).toContain("提成");
    // Opening the link decided nothing: finance has no email yet.
    expect((await outbox(stack.url, { to: FINANCE })).length).toBe(0);
    await confirm.getByRole("button", { name: "确认批准" }).click();
    await expect.poll(() => confirm.locator("[role=status]").innerText()).toContain("已记录");

    // ...and the next approver gets theirs.
    const financeEmail = await openEmail(FINANCE, /请审批/);
    expect(await financeEmail.frameLocator("iframe.email").locator("body").innerText()).toContain("财务");

    // (2) A second click on the used link says it was already used.
    const again = await clickInEmail(managerEmail, "批准");
    // In the page's language only (it used to say "已处理过（already decided）").
    const againText = await again.locator("[role=status]").innerText();
    expect(againText).toContain("此链接已经用过：决定已记录");
    expect(againText).not.toMatch(/[A-Za-z]/);

    const financeConfirm = await clickInEmail(financeEmail, "批准");
    await financeConfirm.getByRole("button", { name: "确认批准" }).click();
    await expect.poll(() => financeConfirm.locator("[role=status]").innerText()).toContain("已记录");

    // (3) The candidate accepts from the offer email.
    const offerEmail = await openEmail(CANDIDATE, /录用通知/);
    const letter = await offerEmail.frameLocator("iframe.email").locator("body").innerText();
    for (const label of ["基本工资", "提成", "奖金", "福利", "试用期", "入职日期", "工作地点", "答复截止"]) expect(letter).toContain(label);
    const accept = await clickInEmail(offerEmail, "接受");
    await accept.getByRole("button", { name: "接受录用" }).click();
    await expect.poll(() => accept.locator("[role=status]").innerText()).toContain("您已接受录用");

    // The pre-onboarding touches appear on the timeline (the first is due at acceptance).
    const timeline = await eventually(async () => {
      const view = await hr(stack.url, recruiter, `/hr/candidates/${candidateId}`);
      const events = view.body.timeline as Array<{ type: string; summary: string }>;
      return events.some((e) => e.type === "offer.pre-onboarding.touch") ? events : undefined;
    }, "a pre-onboarding touch on the timeline");
    const types = timeline.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["offer.approval.decided", "offer.sent", "offer.accepted", "offer.pre-onboarding.planned", "offer.pre-onboarding.touch"]));
    const decided = timeline.filter((e) => e.type === "offer.approval.decided");
    expect(decided).toHaveLength(2);
    const offer = await hr(stack.url, recruiter, `/hr/candidates/${candidateId}/offers/offer-e2e-1`);
    expect(offer.body.offer.status).toBe("accepted");
    expect(offer.body.approvalSteps[0].decisions[0]).toMatchObject({ approverEmail: MANAGER, userAgent: "Hirepath-E2E-Chromium", decision: "approve" });
    const touchEmail = await openEmail(CANDIDATE, /入职前的消息/);
    expect(await touchEmail.frameLocator("iframe.email").locator("body").innerText()).toContain("入职材料正在处理中");
  }, 120_000);
});
