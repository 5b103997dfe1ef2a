// The HR console as a recruiter uses it, in real Chromium against `npm start` as its own process, on a
// desktop and on a 390 px phone. Every console page is opened from the menu and checked (no overflow,
// no text left in the other language, no raw JSON, no time without its zone), and a screenshot of each
// is kept in .artifacts/console/ for people to look at.
import { rmSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, hr, newDataDir, outbox, startLocalProcess, type LocalProcess } from "./local-process.js";
import { seedConsole, type ConsoleSeed } from "./console-fixtures.js";
import { checkConsolePage, keepScreenshot } from "./console-page-check.js";

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

async function signedIn(browser: Browser, url: string, role: string, viewport: { width: number; height: number }, locale: "zh-CN" | "en"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale, timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  await page.goto(`${url}/hr/console/search?lang=${locale}`);
  await Promise.all([page.waitForURL((u) => u.pathname === "/hr/console/search"), page.click(`button[data-role="${role}"]`)]);
  return { context, page };
}

/** Opens the page, checks it, keeps its screenshot; the findings must all be empty. */
async function visitAndCheck(page: Page, name: string) {
  const findings = await checkConsolePage(page);
  await keepScreenshot(page, name);
  expect(findings, `${name} at ${page.viewportSize()?.width}px`).toEqual({ overflowPx: 0, otherLanguage: [], rawJson: [], unlabelledTimes: [] });
}

// Chromium on a 2-core machine shared with other test runs: generous limits, no timing assertions.
describe("the HR console workbench in Chromium", { timeout: 300_000 }, () => {
  let stack: LocalProcess;
  let browser: Browser;
  let seed: ConsoleSeed;

  beforeAll(async () => {
    stack = await startLocalProcess(newDataDir(), { HIREPATH_EVENT_DELAY_MS: "20" });
    seed = await seedConsole(stack.url, stack.dataDir);
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (stack) rmSync(stack.dataDir, { recursive: true, force: true });
  });

  // Four browser contexts × every page, each checked and photographed: the longest case by far.
  it("reaches every page from the menu, in both languages, on a desktop and a phone, and every page passes the checks", { timeout: 900_000 }, async () => {
    for (const [device, viewport] of Object.entries(VIEWPORTS)) {
      for (const locale of ["zh-CN", "en"] as const) {
        const { context, page } = await signedIn(browser, stack.url, "admin", viewport, locale);
        const menu = await page.locator("nav.menu a").evaluateAll((links) => links.map((a) => (a as unknown as { pathname: string }).pathname));
        expect(menu).toEqual(expect.arrayContaining(["/hr/console/search", "/hr/console/requisitions", "/hr/console/tasks", "/hr/console/reports", "/hr/console/best-time", "/hr/console/imports", "/hr/console/experiments", "/hr/console/settings"]));
        for (const path of menu) {
          await page.goto(`${stack.url}${path}?lang=${locale}`);
          await visitAndCheck(page, `${device}-${locale}${path.replaceAll("/", "-")}`);
        }
        // Pages reached from other pages: a candidate (with a long link in a note), an experiment, a recall brief, an unknown address.
        for (const [name, path] of [
          ["candidate", `/hr/console/candidates/${seed.candidates.wang}`],
          ["candidate-en-person", `/hr/console/candidates/${seed.candidates.anna}`],
          ["experiment", "/hr/console/experiments/exp-console-opening"],
          ["recall", "/hr/console/recall/req-console-sales"],
          ["board", "/hr/console/requisitions/req-console-sales"],
          ["requisition-edit", "/hr/console/requisitions/req-console-sales/edit"],
          ["requisition-new", "/hr/console/requisitions/new"],
          ["tasks-done", "/hr/console/tasks?state=done"],
          ["report-hiring", "/hr/console/reports/hiring"],
          ["settings-team", "/hr/console/settings?team=team-sales"],
          ["not-found", "/hr/console/no-such-page"],
        ] as const) {
          const response = await page.goto(`${stack.url}${path}${path.includes("?") ? "&" : "?"}lang=${locale}`);
          if (name === "not-found") expect(response!.status()).toBe(404);
          await visitAndCheck(page, `${device}-${locale}-${name}`);
        }
        await context.close();
      }
    }
  });

  it("shows the timeline in the page's language with times in the viewer's zone, and 404s as pages", async () => {
    const { context, page } = await signedIn(browser, stack.url, "recruiter", VIEWPORTS.phone, "zh-CN");
    await page.goto(`${stack.url}/hr/console/candidates/${seed.candidates.wang}?lang=zh-CN`);
    expect(await page.textContent("#time-zone strong")).toBe("Asia/Shanghai");
    const evaluation = page.locator("li[data-type='talent.evaluation']");
    expect(await evaluation.locator(".event-name").textContent()).toBe("面试评价");
    expect(await evaluation.textContent()).toContain("陈经理 评分 4/5");
    expect(await page.locator("li[data-type='application.received']").textContent()).toContain("申请职位 华东区渠道销售经理");
    const stamp = await evaluation.locator("time").getAttribute("datetime");
    expect(await evaluation.locator("time").textContent()).toContain("GMT+8");
    expect(stamp).toMatch(/Z$/);

    // An unknown candidate and a recruiter on an admin-only action: pages in Chinese, never problem JSON.
    const missing = await page.goto(`${stack.url}/hr/console/candidates/nobody?lang=zh-CN`);
    expect(missing!.status()).toBe(404);
    expect(missing!.headers()["content-type"]).toContain("text/html");
    expect(await page.textContent("h1")).toBe("找不到页面");
    const badQuery = await page.goto(`${stack.url}/hr/console/search?lang=zh-CN&minRating=9`);
    expect(badQuery!.status()).toBe(400);
    expect(await page.textContent("#problem-fields")).toContain("minRating");
    await context.close();
  });

  it("searches with requisition names, sorts, counts, and tags a selection in bulk", async () => {
    const { context, page } = await signedIn(browser, stack.url, "recruiter", VIEWPORTS.desktop, "zh-CN");
    await page.goto(`${stack.url}/hr/console/search?lang=zh-CN&requisition=req-console-sales&sort=name`);
    expect(await page.textContent("#result-count")).toBe("本页 3 人");
    expect(await page.locator("#results td.requisitions").first().textContent()).toBe("华东区渠道销售经理");
    const names = await page.locator("a.candidate-link").allTextContents();
    expect(names).toEqual([...names].sort(new Intl.Collator("zh-CN-u-co-pinyin").compare));

    await page.check("#select-all");
    expect(await page.textContent("#selected-count")).toBe("已选 3 人");
    await page.uncheck(`input.pick[value="${seed.candidates.zhao}"]`);
    await page.fill("#bulk-form input[name=tag]", "华东重点");
    await Promise.all([page.waitForEvent("load"), page.click("#bulk-form button[type=submit]")]);
    const tagged = await hr(stack.url, seed.recruiter, "/hr/talent/search?tag=%E5%8D%8E%E4%B8%9C%E9%87%8D%E7%82%B9");
    expect((tagged.body.items as { candidateId: string }[]).map((i) => i.candidateId).sort()).toEqual([seed.candidates.li, seed.candidates.wang].sort());
    await context.close();
  });

  it("creates a requisition with its screening, knock-out question, budgets, approval chain and pre-onboarding; a bad field is marked, not lost", async () => {
    const { context, page } = await signedIn(browser, stack.url, "recruiter", VIEWPORTS.phone, "zh-CN");
    await page.click("nav.menu a[href^='/hr/console/requisitions']");
    await Promise.all([page.waitForURL(/\/requisitions\/new/), page.click("#new-requisition")]);
    await page.fill("[name=requisitionId]", "req-console-cs");
    await page.fill("[name='requisition.title']", "客户成功经理");
    await page.fill("[name='requisition.location']", "深圳");
    await page.fill("[name='requisition.roleFamily']", "customer-success");
    await page.fill("[name='requisition.ownerEmail']", "cs-lead@example.com");
    await page.fill("[name='requisition.budget.min']", "15000");
    await page.fill("[name='requisition.budget.max']", "22000");
    await page.fill("[name='requisition.screening.requiredKeywords']", "客户成功|客户经理, SaaS");
    await page.fill("[name='requisition.screening.minYearsExperience']", "3");
    await page.click("#questions button.add-row");
    await page.fill("#questions fieldset.row [name=id]", "shenzhen");
    await page.fill("#questions fieldset.row [name=zh]", "能否在深圳办公？");
    await page.fill("#questions fieldset.row [name=en]", "Can you work in Shenzhen?");
    await page.fill("[name='offerPolicy.ownerEmail']", "cs-lead@example.com");
    await page.fill("[name='offerPolicy.budget.min']", "200000");
    await page.fill("[name='offerPolicy.budget.max']", "300000");
    await page.click("#steps button.add-row");
    await page.fill("#steps fieldset.row [name=name]", "部门负责人");
    await page.fill("#steps fieldset.row [name=approvers]", "周总 <zhou@example.com>\n吴总 <wu@example.com>");
    await page.fill("#steps fieldset.row [name=required]", "3");
    await page.click("#touches button.add-row");
    await page.fill("#touches fieldset.row [name=days]", "3");
    await page.fill("#touches fieldset.row [name=zh]", "欢迎加入！");
    await page.fill("#touches fieldset.row [name=en]", "Welcome aboard!");
    // Three approvals asked of two approvers: the API's own schema refuses it and the form marks the field.
    await page.click("#save-requisition");
    await page.waitForSelector("#form-errors li");
    expect(await page.textContent("#form-errors")).toContain("offerPolicy.approvalChain.0.required");
    expect(await page.inputValue("[name='requisition.title']")).toBe("客户成功经理");
    await page.fill("#steps fieldset.row [name=required]", "1");
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "PUT"), page.click("#save-requisition")]);
    expect(response.status()).toBe(200);
    await page.waitForURL(/\/hr\/console\/requisitions\/req-console-cs\?/);

    const saved = (await hr(stack.url, seed.admin, "/hr/requisitions")).body.items.find((r: { requisitionId: string }) => r.requisitionId === "req-console-cs");
    expect(saved).toMatchObject({ title: "客户成功经理", location: "深圳", budget: { min: 15000, max: 22000, currency: "CNY" }, screening: { requiredKeywords: ["客户成功|客户经理", "SaaS"], minYearsExperience: 3, knockOutQuestions: [{ id: "shenzhen", question: { "zh-CN": "能否在深圳办公？", en: "Can you work in Shenzhen?" }, requiredAnswer: true }] } });
    await page.goto(`${stack.url}/hr/console/requisitions/req-console-cs/edit?lang=zh-CN`);
    expect(await page.inputValue("#steps fieldset.row [name=approvers]")).toBe("周总 <zhou@example.com>\n吴总 <wu@example.com>");
    expect(await page.inputValue("#touches fieldset.row [name=zh]")).toBe("欢迎加入！");
    // A full-page screenshot re-lays the page out, so it comes after the clicks, never between them.
    await keepScreenshot(page, "phone-zh-CN-requisition-form-saved");
    // Recruiters may not see salaries: the list masks the budget.
    await page.goto(`${stack.url}/hr/console/requisitions?lang=zh-CN`);
    expect(await page.textContent("tr[data-requisition='req-console-cs']")).toContain("***");
    await context.close();
  });

  it("defines an experiment from the console (a bad arm is marked, not lost), then stops it", async () => {
    const { context, page } = await signedIn(browser, stack.url, "recruiter", VIEWPORTS.phone, "zh-CN");
    await page.click("nav.menu a[href^='/hr/console/experiments']");
    await page.fill("[name=experimentId]", "console-opening-line");
    await page.fill("[name=name]", "开场白：问候 vs 直接说职位");
    await page.fill("[name=roleFamily]", "sales");
    await page.fill("[name='arms.0']", "greeting-first");
    await page.fill("[name='arms.1']", "Job First");
    // Upper case and a space: the API's own schema refuses the arm and the form marks it.
    await page.click("#save-experiment");
    await page.waitForSelector("#form-errors li");
    expect(await page.textContent("#form-errors")).toContain("arms.1");
    expect(await page.getAttribute("[name='arms.1']", "class")).toContain("invalid");
    expect(await page.inputValue("[name=name]")).toBe("开场白：问候 vs 直接说职位");
    await page.fill("[name='arms.1']", "job-first");
    await Promise.all([page.waitForURL(/\/hr\/console\/experiments\/console-opening-line\?/), page.click("#save-experiment")]);
    expect(await page.textContent("main")).toContain("进行中");
    expect((await hr(stack.url, seed.admin, "/hr/talent/experiments/console-opening-line")).body.experiment).toMatchObject({ name: "开场白：问候 vs 直接说职位", roleFamily: "sales", arms: ["greeting-first", "job-first"], status: "running" });
    await Promise.all([page.waitForURL(/\/hr\/console\/experiments\/console-opening-line\?/), page.click("#toggle-experiment")]);
    await page.waitForSelector("text=重新开始分配");
    expect((await hr(stack.url, seed.admin, "/hr/talent/experiments/console-opening-line")).body.experiment.status).toBe("stopped");
    await visitAndCheck(page, "phone-zh-CN-experiment-stopped");
    await context.close();
  });

  it("moves candidates on the pipeline board: overrides a screen, advances, rejects with a reason and records an evaluation", async () => {
    const { context, page } = await signedIn(browser, stack.url, "recruiter", VIEWPORTS.desktop, "en");
    await page.goto(`${stack.url}/hr/console/requisitions/req-console-sales?lang=en`);
    const count = async (stage: string) => Number(await page.textContent(`#stage-counts [data-stage=${stage}] b`));
    expect(await count("rejected")).toBe(1);
    const zhao = page.locator(`li.card[data-candidate="${seed.candidates.zhao}"]`);
    await zhao.locator("summary", { hasText: "Override screen" }).click();
    await zhao.locator("form.override select[name=decision]").selectOption("advance");
    await zhao.locator("form.override input[name=reason]").fill("Marketing background fits channel sales");
    await Promise.all([page.waitForEvent("load"), zhao.locator("form.override button").click()]);
    expect((await hr(stack.url, seed.recruiter, `/hr/talent/candidates/${seed.candidates.zhao}`)).body.applications[0].screenOverride).toMatchObject({ decision: "advance", previous: "reject" });

    // Wang's interview is booked (the seed), so the board already has him interviewing: the status is
    // derived from the interview journey, not kept by hand. HR advances him to the offer.
    const wang = page.locator(`li.card[data-candidate="${seed.candidates.wang}"]`);
    expect(await wang.getAttribute("data-stage")).toBe("interview");
    await wang.locator("summary", { hasText: "Advance to Offer" }).click();
    await wang.locator("form.change[data-type=stage] input[name=reason]").fill("Strong references");
    await Promise.all([page.waitForEvent("load"), wang.locator("form.change[data-type=stage] button").click()]);
    expect(await page.getAttribute(`li.card[data-candidate="${seed.candidates.wang}"]`, "data-stage")).toBe("offer");
    expect(await count("offer")).toBe(1);

    const li = page.locator(`li.card[data-candidate="${seed.candidates.li}"]`);
    await li.locator("summary", { hasText: "Record an evaluation" }).click();
    await li.locator("form.change[data-type=evaluation] input[name=interviewer]").fill("Chen");
    await li.locator("form.change[data-type=evaluation] select[name=rating]").selectOption("2");
    await li.locator("form.change[data-type=evaluation] input[name=comment]").fill("Little channel experience");
    await Promise.all([page.waitForEvent("load"), li.locator("form.change[data-type=evaluation] button").click()]);
    const liCard = page.locator(`li.card[data-candidate="${seed.candidates.li}"]`);
    await liCard.locator("summary", { hasText: "Reject" }).click();
    await liCard.locator("form.change[data-type=rejection] select[name=reasonCode]").selectOption("experience");
    await liCard.locator("form.change[data-type=rejection] input[name=reason]").fill("Needs more channel experience");
    await Promise.all([page.waitForEvent("load"), liCard.locator("form.change[data-type=rejection] button").click()]);
    expect(await page.getAttribute(`li.card[data-candidate="${seed.candidates.li}"]`, "data-stage")).toBe("rejected");
    const talent = (await hr(stack.url, seed.recruiter, `/hr/talent/candidates/${seed.candidates.li}`)).body;
    expect(talent.talent).toMatchObject({ status: "rejected", rejectionReason: "experience", lastRating: 2 });
    await keepScreenshot(page, "desktop-en-board-after-moves");
    await context.close();
  });

  it("shows the candidate whole: applications, interviews, offers (pay masked for a recruiter) and edits preferences and consent", async () => {
    const { context, page } = await signedIn(browser, stack.url, "recruiter", VIEWPORTS.phone, "zh-CN");
    await page.goto(`${stack.url}/hr/console/candidates/${seed.candidates.wang}?lang=zh-CN`);
    expect(await page.textContent("#applications")).toContain("华东区渠道销售经理");
    const interview = page.locator("#interviews tr[data-interview]");
    expect(await interview.count()).toBe(1);
    expect(await interview.textContent()).toContain("陈经理");
    expect(await interview.textContent()).toContain("10:00 GMT+8");
    expect(await page.textContent("#offers tr[data-offer='offer-console-1']")).toContain("草稿");
    expect(await page.textContent("#offers tr[data-offer='offer-console-1']")).toContain("***");

    await page.selectOption("#preferences-form select[name=channel]", "wechat");
    await page.fill("#preferences-form input[name=caresAbout]", "成长空间, 通勤");
    await page.check("#preferences-form input[name=consent][value=talent-pool]");
    await Promise.all([page.waitForEvent("load"), page.click("#preferences-form button[type=submit]")]);
    const prefs = (await hr(stack.url, seed.recruiter, `/hr/candidates/${seed.candidates.wang}/preferences`)).body;
    expect(prefs).toMatchObject({ channel: { value: "wechat", source: "hr" }, caresAbout: ["成长空间", "通勤"], consents: { "talent-pool": { current: true } } });
    await visitAndCheck(page, "phone-zh-CN-candidate-after-preferences");
    await context.close();
  });

  it("closes tasks in place from the one inbox: done with HR's answer, cancelled with a reason, and a task someone else closed first says so", async () => {
    const { context, page } = await signedIn(browser, stack.url, "recruiter", VIEWPORTS.phone, "zh-CN");
    // The candidate page lists the person's open tasks and links to the inbox filtered to them.
    await page.goto(`${stack.url}/hr/console/candidates/${seed.candidates.anna}?lang=zh-CN`);
    expect(await page.textContent("#candidate-tasks")).toContain("按约定回电");
    await Promise.all([page.waitForURL(/candidateId=/), page.click(`a[href^="/hr/console/tasks?candidateId="]`)]);
    expect(await page.locator("tr.task").count()).toBe(1);
    await page.click("nav.menu a[href^='/hr/console/tasks']");
    await page.waitForURL(/\/hr\/console\/tasks/);
    const row = (candidateId: string) => page.locator("tr.task", { has: page.locator(`a[href*="${candidateId}"]`) });
    expect(await row(seed.candidates.anna).getAttribute("data-kind")).toBe("call");
    expect(await row(seed.candidates.anna).textContent()).toContain("按约定回电");
    expect(await row(seed.candidates.zhao).textContent()).toContain("再拨一次");
    const annaTask = String(await row(seed.candidates.anna).getAttribute("data-task"));
    const zhaoTask = String(await row(seed.candidates.zhao).getAttribute("data-task"));

    // Done, with the answer: the row shows it closed, without a reload; the API and the timeline agree.
    await row(seed.candidates.anna).locator("summary", { hasText: "完成" }).click();
    await row(seed.candidates.anna).locator("form[data-action=done] textarea").fill("已回电，周四面试可以");
    await row(seed.candidates.anna).locator("form[data-action=done] button").click();
    await page.waitForSelector(`tr.task[data-task="${annaTask}"][data-state="done"]`);
    expect(await page.textContent(`tr.task[data-task="${annaTask}"] .task-state`)).toBe("已完成");
    expect((await hr(stack.url, seed.recruiter, `/hr/tasks/${annaTask}`)).body).toMatchObject({ state: "done", resolution: { note: "已回电，周四面试可以" } });

    // Someone closes Zhao's task through the API while the page is open: the click answers "already closed".
    expect((await hr(stack.url, seed.admin, `/hr/tasks/${zhaoTask}/cancel`, { method: "POST", body: JSON.stringify({ reason: "号码停机" }) })).status).toBe(200);
    await row(seed.candidates.zhao).locator("summary", { hasText: "取消任务" }).click();
    await row(seed.candidates.zhao).locator("form[data-action=cancel] input[name=reason]").fill("重复任务");
    await row(seed.candidates.zhao).locator("form[data-action=cancel] button").click();
    await page.waitForSelector(`tr.task[data-task="${zhaoTask}"][data-state="cancelled"]`);
    expect(await page.textContent(`tr.task[data-task="${zhaoTask}"] .task-result`)).toContain("这个任务已被他人处理");
    expect((await hr(stack.url, seed.recruiter, `/hr/tasks/${zhaoTask}`)).body.resolution).toMatchObject({ note: "号码停机" });
    await keepScreenshot(page, "phone-zh-CN-tasks-closed-in-place");

    // Filtered: the closed ones by state, one kind; the candidate's timeline names the closes in Chinese.
    await page.goto(`${stack.url}/hr/console/tasks?lang=zh-CN&state=done&kind=call`);
    expect(await page.locator(`tr.task[data-task="${annaTask}"]`).count()).toBe(1);
    expect(await page.locator(`tr.task[data-task="${zhaoTask}"]`).count()).toBe(0);
    await visitAndCheck(page, "phone-zh-CN-tasks-done");
    await page.goto(`${stack.url}/hr/console/candidates/${seed.candidates.zhao}?lang=zh-CN`);
    const cancelled = page.locator("li[data-type='task.cancelled']");
    expect(await cancelled.locator(".event-name").textContent()).toBe("任务已取消");
    expect(await cancelled.textContent()).toContain("再拨一次");
    expect(await cancelled.textContent()).toContain("号码停机");
    await visitAndCheck(page, "phone-zh-CN-candidate-task-cancelled");
    await context.close();
  });

  it("reads the no-show report: rates by slot, channel and opened, with counts and intervals printed, in both languages and at both widths", async () => {
    // Wang did not come to his interview: the interviewer records it, as the outcome route is used.
    const [interview] = (await hr(stack.url, seed.recruiter, `/hr/interviews/${seed.candidates.wang}`)).body.items as { interviewId: string; startsAt: string }[];
    expect((await hr(stack.url, seed.recruiter, `/hr/interviews/${seed.candidates.wang}/${interview!.interviewId}/outcome`, { method: "POST", body: JSON.stringify({ outcome: "no-show" }) })).status).toBe(200);
    const api = (await hr(stack.url, seed.recruiter, "/hr/reports/no-shows")).body;
    expect(api.overall).toMatchObject({ n: 1, noShows: 1, rate: 1 });
    // 10:00 UTC+8 on a weekday, in Wang's own zone.
    expect(api.cells).toEqual([expect.objectContaining({ hour: 10, n: 1, noShows: 1, low: expect.any(Number), high: 1 })]);

    for (const [viewport, locale] of [[VIEWPORTS.desktop, "en"], [VIEWPORTS.phone, "zh-CN"]] as const) {
      const { context, page } = await signedIn(browser, stack.url, "recruiter", viewport, locale);
      await page.click("nav.menu a[href^='/hr/console/reports']");
      await page.waitForURL(/\/hr\/console\/reports/);
      expect(await page.textContent("#overall")).toContain("100%");
      expect(await page.textContent("#overall")).toContain("1");
      expect(await page.locator("#no-show-heatmap td[data-hour='10'] small").allTextContents()).toEqual(["n=1", "21%–100%"]);
      expect(await page.textContent("#ordering")).toContain(locale === "en" ? "best-attended slots are offered first" : "出席最好的时段排在最前");
      expect(await page.locator("#by-channel .bar-row").count()).toBe(1);
      expect(await page.textContent("#by-opened")).toContain("1/1");
      await visitAndCheck(page, `${viewport.width === 390 ? "phone" : "desktop"}-${locale}-report-no-shows`);
      await context.close();
    }
  });

  it("schedules an interview from the candidate page: the interviewer's availability, a free slot booked, and a self-scheduling link sent", async () => {
    const { context, page } = await signedIn(browser, stack.url, "recruiter", VIEWPORTS.phone, "zh-CN");
    await page.goto(`${stack.url}/hr/console/candidates/${seed.candidates.anna}?lang=zh-CN`);
    await Promise.all([page.waitForURL(/\/schedule\?/), page.click("#applications a.schedule-link")]);
    expect(await page.locator("#availability li").count()).toBeGreaterThan(0);
    // Wang holds 10:00–11:00 Shanghai that day; Anna's slots are shown in her own zone (Los Angeles).
    const offered = await page.locator("#slots input[name=startsAt]").evaluateAll((xs) => xs.map((x) => (x as unknown as { value: string }).value));
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.every((v) => !v.endsWith("T02:00:00.000Z"))).toBe(true);
    await visitAndCheck(page, "phone-zh-CN-schedule");
    await page.check(`#slots input[value="${offered[0]}"]`);
    await page.fill("#book-form input[name=videoUrl]", "https://meet.example.com/anna");
    await page.fill("#book-form input[name=recruiterEmail]", "recruiter@example.com");
    await Promise.all([page.waitForURL((u) => u.pathname === `/hr/console/candidates/${seed.candidates.anna}`), page.click("#book-form button[type=submit]")]);
    const interviews = (await hr(stack.url, seed.recruiter, `/hr/interviews/${seed.candidates.anna}`)).body.items as { startsAt: string; videoUrl: string }[];
    expect(interviews).toEqual([expect.objectContaining({ startsAt: offered[0], videoUrl: "https://meet.example.com/anna" })]);
    expect(await page.locator("#interviews tr[data-interview]").count()).toBe(1);

    // The booked slot is no longer offered; a self-scheduling link goes out instead.
    await page.goto(`${stack.url}/hr/console/candidates/${seed.candidates.anna}/schedule?lang=zh-CN&applicationId=${seed.applications.anna}`);
    expect(await page.locator(`#slots input[value="${offered[0]}"]`).count()).toBe(0);
    await page.fill("#link-form input[name=videoUrl]", "https://meet.example.com/anna-2");
    await page.fill("#link-form input[name=recruiterEmail]", "recruiter@example.com");
    const [sent] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/scheduling-link")), page.click("#link-form button[type=submit]")]);
    await expect.poll(() => page.textContent("#link-result")).toBe("自助预约链接已发送");
    const { url: link } = (await sent.json()) as { url: string };
    await context.close();

    // Anna books through the link; opening it again says it was used, with her time, before she picks anything.
    const candidate = await browser.newContext({ viewport: VIEWPORTS.phone, locale: "en-US", timezoneId: "America/Los_Angeles" });
    const picker = await candidate.newPage();
    await picker.goto(link.replace(/^https?:\/\/[^/]+/, stack.url));
    // The picker names the job Anna applied for.
    expect(await picker.textContent("p.job")).toContain("Backend Engineer");
    const pick = picker.locator("input[name=startsAt]").first();
    const chosen = String(await pick.getAttribute("value"));
    await pick.check();
    await Promise.all([picker.waitForLoadState(), picker.locator("form button, form input[type=submit]").first().click()]);
    await expect.poll(() => picker.locator("body").innerText()).toContain("Booked for");
    const again = await picker.goto(link.replace(/^https?:\/\/[^/]+/, stack.url));
    expect(again!.status()).toBe(200);
    const said = await picker.locator("body").innerText();
    expect(said).toContain("This booking link has already been used: your interview is at");
    expect(said).toContain("Backend Engineer");
    expect(await picker.locator("input[name=startsAt]").count()).toBe(0);
    expect((await hr(stack.url, seed.recruiter, `/hr/interviews/${seed.candidates.anna}`)).body.items.map((i: { startsAt: string }) => i.startsAt)).toContain(chosen);
    await keepScreenshot(picker, "phone-en-schedule-link-used");
    await candidate.close();
  });

  it("drafts an offer with live completeness feedback, submits it, and follows the approval a hiring manager gives from the email", async () => {
    const manager = "hm.console@example.com";
    expect((await hr(stack.url, seed.admin, "/hr/requisitions/req-console-sales/offer-policy", { method: "PUT", body: JSON.stringify({ ownerEmail: "boss@example.com", budget: { min: 250000, max: 400000, currency: "CNY" }, approvalChain: [{ name: "用人经理", approvers: [{ email: manager, name: "周经理" }], required: 1 }] }) })).status).toBe(200);
    const { context, page } = await signedIn(browser, stack.url, "admin", VIEWPORTS.desktop, "zh-CN");
    await page.goto(`${stack.url}/hr/console/candidates/${seed.candidates.wang}?lang=zh-CN`);
    await Promise.all([page.waitForURL(/\/offers\//), page.click("#applications a.offer-link")]);
    const offerUrl = page.url();
    // An empty draft lacks every part; each filled field saves the draft and the list shrinks, as the API checks it.
    expect(await page.locator("#offer-problems li").count()).toBe(8);
    const saved = () => page.waitForResponse((r) => r.request().method() === "PUT" && r.url().includes("/offers/"));
    await Promise.all([saved(), page.fill("#offer-form input[name=amount]", "26000")]);
    await expect.poll(() => page.locator("#offer-problems li[data-part=basePay]").getAttribute("data-code")).toBe("ambiguous");
    await Promise.all([saved(), page.fill("#offer-form input[name=monthsPerYear]", "13")]);
    await expect.poll(() => page.locator("#offer-problems li[data-part=basePay]").count()).toBe(0);
    await page.check("#offer-form input[name=noCommission]");
    await page.check("#offer-form input[name=noBonus]");
    await page.fill("#offer-form input[name=benefits]", "五险一金, 年度体检");
    await page.fill("#offer-form input[name=probationMonths]", "3");
    await page.fill("#offer-form input[name=probationPay]", "100");
    await page.fill("#offer-form input[name=location]", "上海市静安区");
    const deadline = new Date(Date.now() + 5 * 86_400_000);
    await page.fill("#offer-form input[name=startDate]", new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10));
    const local = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(deadline).replace(" ", "T");
    await Promise.all([saved(), page.fill("#offer-form input[name=responseDeadline]", local)]);
    await expect.poll(() => page.locator("#offer-complete").count()).toBe(1);
    await visitAndCheck(page, "desktop-zh-CN-offer-draft");

    await Promise.all([page.waitForEvent("load"), page.click("#submit-offer")]);
    await expect.poll(() => page.textContent("#offer-status")).toBe("审批中");
    expect(await page.textContent("#approvals")).toContain("等待中");
    expect(await page.locator("#offer-risk").count()).toBe(1);

    // The hiring manager approves from the email in the outbox.
    await eventually(async () => (await outbox(stack.url, { to: manager })).find((m) => /请审批/.test(m.subject ?? "")), "the approval email");
    const mail = await context.newPage();
    // The outbox on a phone: message rows become cards, the page never scrolls sideways.
    await mail.setViewportSize(VIEWPORTS.phone);
    await mail.goto(`${stack.url}/outbox?refresh=0`);
    expect((await checkConsolePage(mail)).overflowPx).toBe(0);
    await mail.setViewportSize(VIEWPORTS.desktop);
    await mail.goto(`${stack.url}/outbox?to=${encodeURIComponent(manager)}&refresh=0`);
    await Promise.all([mail.waitForURL(/\/outbox\/messages\//), mail.locator("td.summary a", { hasText: /请审批/ }).first().click()]);
    const approve = await mail.frameLocator("iframe.email").getByRole("link", { name: "批准", exact: true }).getAttribute("href");
    await mail.goto(approve!);
    await mail.getByRole("button", { name: "确认批准" }).click();
    await expect.poll(() => mail.locator("[role=status]").innerText()).toContain("已记录");

    await page.goto(offerUrl);
    await expect.poll(async () => { await page.reload(); return page.textContent("#approvals"); }, { timeout: 60_000 }).toContain("已批准");
    await visitAndCheck(page, "desktop-zh-CN-offer-approved");
    await page.setViewportSize(VIEWPORTS.phone);
    await visitAndCheck(page, "phone-zh-CN-offer-approved");
    await context.close();
  });
});
