// The HR console in real Chromium against the local stack as a separate process: sign in through the
// local stand-in for Cognito managed login, search, open a timeline, log a missed call with the cookie
// session, see the follow-up SMS in the outbox, sign out, and be sent back to sign-in.
import { rmSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clock, eventually, hr, newDataDir, outbox, postWebhook, startLocalProcess, token, webhookSecret, type LocalProcess } from "./local-process.js";

/**
 * A zone where it is about noon now, so the recall invite is outside the candidate's quiet hours
 * whenever the suite runs (this process's clock can't be advanced past them). Etc/GMT signs are inverted.
 */
function middayZone(now = new Date()): string {
  const offset = ((12 - now.getUTCHours() + 36) % 24) - 12;
  return offset === 0 ? "Etc/GMT" : `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
}

/** Opens the newest outbox email to `to` whose subject matches, then opens a link in it in a new tab, as a reader does. */
async function clickInOutboxEmail(context: BrowserContext, url: string, to: string, subject: RegExp, label: string): Promise<Page> {
  const list = await context.newPage();
  await list.goto(`${url}/outbox?to=${encodeURIComponent(to)}&refresh=0`);
  await list.locator("td.summary a", { hasText: subject }).first().click();
  await list.waitForURL(/\/outbox\/messages\//);
  // Opened by its href in a new tab: a ctrl-click inside the sandboxed email frame sometimes opens no
  // tab in headless Chromium (see offer-journey-browser.test.ts).
  const href = await list.frameLocator("iframe.email").getByRole("link", { name: label, exact: true }).getAttribute("href");
  if (!href) throw new Error(`no "${label}" link in the email`);
  const opened = await context.newPage();
  await opened.goto(href);
  return opened;
}

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

const onSignInPage = (u: URL) => u.pathname === "/local/auth/oauth2/authorize";

/** Opens a console page with no session, lands on the sign-in page, picks a role, and is back on the page. */
async function signIn(page: Page, url: string, role: string): Promise<void> {
  await page.goto(url);
  await page.waitForURL(onSignInPage);
  const target = new URL(url);
  await Promise.all([page.waitForURL((u) => u.pathname === target.pathname && u.search === target.search), page.click(`button[data-role="${role}"]`)]);
}

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((c) => c.name === "hp_console_session");
}

describe("talent console in Chromium", () => {
  let stack: LocalProcess;
  let browser: Browser;
  let recruiter: string;

  beforeAll(async () => {
    stack = await startLocalProcess(newDataDir(), { HIREPATH_EVENT_DELAY_MS: "20" });
    recruiter = await token(stack.url, "recruiter");
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (stack) rmSync(stack.dataDir, { recursive: true, force: true });
  });

  it("signs in as a recruiter from the login page, logs a missed call with the cookie session (salary masked), then signs out", async () => {
    const admin = await token(stack.url, "admin");
    const req = await hr(stack.url, admin, "/hr/requisitions/req-e2e-sales", {
      method: "PUT",
      body: JSON.stringify({ title: "渠道销售经理", locale: "zh-CN", screening: { requiredKeywords: ["销售"] }, roleFamily: "sales", budget: { min: 18000, max: 26000, currency: "CNY" }, ownerEmail: "boss@example.com" }),
    });
    expect(req.status).toBe(200);
    const body = JSON.stringify({
      event: "application.created",
      candidate: { name: "欧阳娜娜", phone: "13966660001", email: "ouyang@example.com", locale: "zh-CN", timeZone: "Asia/Shanghai" },
      application: { requisitionId: "req-e2e-sales", resumeText: "6年渠道销售", yearsExperience: 6, location: "上海" },
    });
    const posted = await postWebhook(stack.url, webhookSecret(stack.dataDir), body, { deliveryId: "e2e-talent-1" });
    expect(posted.status).toBe(202);

    // A recruiter's expectations are on file; recruiters may not see salary, so the page must mask them.
    const expectations = { type: "expectations", expectations: { salaryMin: 20000, salaryMax: 26000, currency: "CNY" } };
    expect((await hr(stack.url, recruiter, `/hr/talent/candidates/${posted.body.candidateId as string}/changes`, { method: "POST", body: JSON.stringify(expectations) })).status).toBe(201);

    // No header, no cookie: the console sends the browser to sign-in, which brings it back to the page.
    const context = await browser.newContext({ locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(`${stack.url}/hr/console/search?lang=zh-CN`);
    await page.waitForURL(onSignInPage);
    expect(await page.textContent("h1")).toBe("登录 Hirepath（本地）");
    await Promise.all([page.waitForURL(`${stack.url}/hr/console/search?lang=zh-CN`), page.click('button[data-role="recruiter"]')]);
    const cookie = await sessionCookie(context);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/hr/console" });
    expect(cookie!.expires - Date.now() / 1000).toBeGreaterThan(3500);
    await page.fill("input[name=name]", "欧阳");
    await page.click("button[type=submit]");
    await page.waitForSelector("#results");
    await page.click("a.candidate-link:has-text('欧阳娜娜')");
    await page.waitForSelector("#call-form");
    expect(await page.textContent("h1")).toBe("欧阳娜娜");
    expect(await page.textContent("li[data-type='application.received'] .event-name")).toBe("收到申请");
    expect(await page.textContent("#salary")).toBe("*** – *** CNY");

    await page.selectOption("select[name=outcome]", "no-answer");
    await page.selectOption("select[name=requisitionId]", "req-e2e-sales");
    await page.fill("input[name=note]", "上午10点未接");
    await Promise.all([page.waitForEvent("load"), page.click("#call-form button[type=submit]")]);
    await page.waitForSelector("li[data-type='talent.call']");
    expect(await page.textContent("li[data-type='talent.call']")).toContain("上午10点未接");
    // The status says whose word it is: the journeys' (the follow-up SMS that reaches them clears the missed call).
    expect(await page.getAttribute("#status-source", "data-source")).toBe("journey");

    const sms = await eventually(async () => (await outbox(stack.url, { to: "+8613966660001", channel: "sms" })).find((m) => m.text?.includes("未接通")), "the follow-up SMS");
    expect(sms.text).toContain("渠道销售经理");
    expect(sms.text).toContain("18k-26k CNY/月");
    await page.goto(`${stack.url}/outbox`);
    expect(await page.textContent("body")).toContain("+8613966660001");

    // Sign out: the cookie is gone, and the next console page goes to sign-in again.
    await page.goto(`${stack.url}/hr/console/search?lang=zh-CN`);
    await Promise.all([page.waitForURL(onSignInPage), page.click("#sign-out")]);
    expect(await sessionCookie(context)).toBeUndefined();
    await page.goto(`${stack.url}/hr/console/best-time`);
    await page.waitForURL(onSignInPage);
    await context.close();
  });

  it("sends a tampered session cookie back to sign-in", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await signIn(page, `${stack.url}/hr/console/search?lang=en`, "recruiter");
    const cookie = (await sessionCookie(context))!;
    const [header, payload] = cookie.value.split(".");
    // Promote the recruiter to admin in the claims; the signature no longer matches.
    const claims = { ...JSON.parse(Buffer.from(payload!, "base64url").toString()), "cognito:groups": ["admin"] };
    await context.addCookies([{ ...cookie, value: `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${cookie.value.split(".")[2]}` }]);
    await page.goto(`${stack.url}/hr/console/candidates/nobody?lang=en`);
    await page.waitForURL(onSignInPage);
    expect(await page.textContent("h1")).toBe("Sign in to Hirepath (local)");
    expect(await sessionCookie(context)).toBeUndefined();
    await context.close();
  });

  it("shows the best-time heatmap and imports a file in English with the cookie session; API clients may still send a bearer header", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, `${stack.url}/hr/console/best-time?lang=en&roleFamily=sales`, "recruiter");
    expect(await page.textContent("h1")).toBe("Best time to call");
    // Hours with calls down, weekdays across; each cell with calls shows its rate, count and interval.
    expect(await page.locator("#heatmap tr").count()).toBeGreaterThanOrEqual(2);
    expect(await page.textContent("#heatmap")).toContain("n=1");
    await page.goto(`${stack.url}/hr/console/imports?lang=en`);
    await page.setInputFiles("input[name=file]", { name: "liepin.csv", mimeType: "text/csv", buffer: Buffer.from("姓名,手机号\n蔡明,13966660009\n,13966660010\n") });
    await page.selectOption("select[name=source]", "liepin");
    await Promise.all([page.waitForURL(/\/hr\/console\/imports\/[0-9a-z]+/), page.click("#import-form button[type=submit]")]);
    // The workflow lands the rows after the upload answers; the page refreshes itself until it is done.
    await eventually(async () => ((await page.reload(), await page.textContent("#import-status")) === "Completed" ? true : undefined), "the import to complete");
    expect(await page.textContent("#created")).toBe("1");
    expect(await page.textContent("#rejected-rows")).toContain("missing name");
    await context.close();

    const anonymous = await fetch(`${stack.url}/hr/console/search`, { redirect: "manual" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe("/hr/console/login?next=%2Fhr%2Fconsole%2Fsearch");
    const withBearer = await fetch(`${stack.url}/hr/console/search`, { headers: { authorization: `Bearer ${recruiter}` } });
    expect(withBearer.status).toBe(200);
    const badBearer = await fetch(`${stack.url}/hr/console/search`, { headers: { authorization: `Bearer ${recruiter}x` } });
    expect(badBearer.status).toBe(401);
  });

  it("opens a requisition and the recall brief reaches its owner, with the same brief on the console; the owner recalls from the email and the candidate's reply settles it", async () => {
    const admin = await token(stack.url, "admin");
    const manager = await token(stack.url, "hiring-manager");
    const body = JSON.stringify({
      event: "application.created",
      // Midday in journey time (the stack's clock, not this process's wall clock), so the recall SMS is not held for quiet hours.
      candidate: { name: "诸葛明", phone: "13966660020", email: "zhuge@example.com", locale: "zh-CN", timeZone: middayZone(new Date((await clock(stack.url)).body.nowMs)) },
      application: { requisitionId: "req-sales-sh", resumeText: "10年大客户销售", yearsExperience: 10, location: "上海" },
    });
    const posted = await postWebhook(stack.url, webhookSecret(stack.dataDir), body, { deliveryId: "e2e-recall-1" });
    const id = posted.body.candidateId as string;
    for (const change of [
      { type: "consent", purpose: "talent-pool", granted: true, source: "入职意向表" },
      { type: "evaluation", interviewer: "陈总", rating: 5, comment: "是我今年见过最好的销售候选人" },
      { type: "expectations", expectations: { salaryMin: 25000, salaryMax: 30000, currency: "CNY" } },
      { type: "rejection", reason: "预算冻结，HC 取消", reasonCode: "budget" },
    ]) {
      expect((await hr(stack.url, recruiter, `/hr/talent/candidates/${id}/changes`, { method: "POST", body: JSON.stringify(change) })).status).toBe(201);
    }
    const opened = await hr(stack.url, admin, "/hr/requisitions/req-e2e-recall", {
      method: "PUT",
      body: JSON.stringify({ title: "大客户销售总监", locale: "zh-CN", screening: { requiredKeywords: ["销售"] }, roleFamily: "sales", budget: { min: 25000, max: 35000, currency: "CNY" }, ownerEmail: "ceo@example.com" }),
    });
    expect(opened.body.recall).toMatchObject({ trigger: "opened", candidates: 1, sentTo: "ceo@example.com" });

    // The one browser case on a bearer header (as an API client would send it) rather than the sign-in.
    const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${manager}` } });
    const page = await context.newPage();
    await page.goto(`${stack.url}/outbox`);
    await page.waitForSelector("text=ceo@example.com");
    const brief = await eventually(async () => (await outbox(stack.url, { to: "ceo@example.com", channel: "email" }))[0], "the recall brief");
    expect(brief.text).toContain("陈总 (5/5): “是我今年见过最好的销售候选人”");
    expect(brief.text).toContain("真实原因是当时预算不足");
    await page.goto(`${stack.url}/hr/console/recall/req-e2e-recall?lang=zh-CN`);
    const card = await page.textContent(".recall-card");
    expect(card).toContain("诸葛明");
    expect(card).toContain("是我今年见过最好的销售候选人");
    expect(card).toContain("25,000–30,000 CNY/月 / 25,000–35,000 CNY/月");

    // The owner acts on the brief from the email itself: the link shows who and what happens next; confirming starts the recall journey.
    const confirm = await clickInOutboxEmail(context, stack.url, "ceo@example.com", /人才召回简报/, "Recall this candidate / 召回");
    expect(await confirm.textContent("body")).toContain("确认召回 诸葛明");
    await Promise.all([confirm.waitForURL(/\/l\//), confirm.click("#confirm-recall")]);
    expect(await confirm.textContent("#recall-status")).toBe("已开始召回");
    expect(await confirm.textContent(".next-steps")).toContain("通过短信发出召回邀请");
    const invite = await eventually(async () => (await outbox(stack.url, { to: "+8613966660020", channel: "sms" })).find((m) => m.text?.includes("职位开放了")), "the recall invite");
    expect(invite.text).toContain("大客户销售总监");

    // The candidate texts back; the outcome is on the timeline at once, and the console shows the recall's steps.
    const reply = await fetch(`${stack.url}/outbox/api/sms/inbound`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ from: "+8613966660020", body: "有兴趣，明天下午可以聊" }) });
    expect(reply.status).toBe(200);
    const outcome = await eventually(async () => (await hr(stack.url, recruiter, `/hr/talent/candidates/${id}`)).body.timeline.find((e: { type: string }) => e.type === "talent.recall-outcome"), "the recall outcome");
    expect(outcome.data).toMatchObject({ outcome: "interested", by: "sms-reply" });
    expect((await hr(stack.url, recruiter, `/hr/talent/candidates/${id}`)).body.talent.status).toBe("contacted");
    await page.goto(`${stack.url}/hr/console/candidates/${id}?lang=zh-CN`);
    expect(await page.textContent("li[data-type='talent.recall-started']")).toContain("大客户销售总监");
    expect(await page.textContent("li[data-type='talent.recall-invited']")).toContain("sms");
    expect(await page.textContent("li[data-type='talent.recall-outcome']")).toContain("interested");
    await context.close();
  });
});
