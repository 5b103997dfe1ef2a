// The HR console as a recruiter uses it, in real Chromium against `npm start` as its own process, on a
// desktop and on a 390 px phone. Every console page is opened from the menu and checked (no overflow,
// no text left in the other language, no raw JSON, no time without its zone), and a screenshot of each
// is kept in .artifacts/console/ for people to look at.
import { rmSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hr, newDataDir, startLocalProcess, type LocalProcess } from "./local-process.js";
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

describe("the HR console workbench in Chromium", () => {
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

  it("reaches every page from the menu, in both languages, on a desktop and a phone, and every page passes the checks", { timeout: 300_000 }, async () => {
    for (const [device, viewport] of Object.entries(VIEWPORTS)) {
      for (const locale of ["zh-CN", "en"] as const) {
        const { context, page } = await signedIn(browser, stack.url, "admin", viewport, locale);
        const menu = await page.locator("nav.menu a").evaluateAll((links) => links.map((a) => (a as unknown as { pathname: string }).pathname));
        expect(menu).toEqual(expect.arrayContaining(["/hr/console/search", "/hr/console/best-time", "/hr/console/imports", "/hr/console/experiments"]));
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
          ["not-found", "/hr/console/no-such-page"],
        ] as const) {
          const response = await page.goto(`${stack.url}${path}?lang=${locale}`);
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
});
