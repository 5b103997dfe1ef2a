// The settings page's "Quiet hours and daily cap" section against `npm start` as its own process, in
// Chromium at 1280 and 390 px: an admin changes quiet hours to 20:00–09:00 (the API then answers the new
// version, and so does the page); on a phone in zh-CN a refused value comes back as problem+json and is
// shown on its field in Chinese, and a save from a version someone else replaced meanwhile says so; a
// recruiter reads the rules but gets no form. Screenshots are kept in .artifacts/console/.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { rmSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hr, newDataDir, startLocalProcess, token, type LocalProcess } from "./local-process.js";
import { checkConsolePage, keepScreenshot, SCREENSHOT_DIR } from "./console-page-check.js";

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/** The section alone, as a person would look at it. */
async function keepSectionShot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.locator("#sending").screenshot({ path: join(SCREENSHOT_DIR, `${name}-${page.viewportSize()?.width ?? 0}.png`) });
}

describe("quiet hours and the daily cap on the settings page", { timeout: 300_000 }, () => {
  let stack: LocalProcess;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startLocalProcess(newDataDir(), { HIREPATH_EVENT_DELAY_MS: "20" });
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (stack) rmSync(stack.dataDir, { recursive: true, force: true });
  });

  async function open(role: string, viewport: { width: number; height: number }, locale: "zh-CN" | "en"): Promise<Page> {
    const context = await browser.newContext({ viewport, locale, timezoneId: "Asia/Shanghai" });
    const page = await context.newPage();
    await page.goto(`${stack.url}/hr/console/search?lang=${locale}`);
    await Promise.all([page.waitForURL((u) => u.pathname === "/hr/console/search"), page.click(`button[data-role="${role}"]`)]);
    await Promise.all([page.waitForURL((u) => u.pathname === "/hr/console/settings"), page.click("nav.menu a[href^='/hr/console/settings']")]);
    return page;
  }

  it("lets an admin change quiet hours to 20:00–09:00 in the candidate's time zone, on a desktop in English", async () => {
    const page = await open("admin", DESKTOP, "en");
    expect(await page.textContent("#quiet-hours")).toBe("21:00–08:00");
    expect(await page.textContent("#sending")).toContain("in the candidate's time zone");
    expect(await page.textContent("label[for=sr-quietHours-start]")).toBe("Start (in the candidate's time zone, 24-hour)");
    expect(await page.textContent("#sending-version")).toContain("the deployment's default");
    await keepSectionShot(page, "desktop-en-sending-before");

    await page.fill("#sr-quietHours-start", "20:00");
    await page.fill("#sr-quietHours-end", "09:00");
    await page.fill("#sr-dailyCap", "3");
    const [saved] = await Promise.all([page.waitForResponse((r) => r.request().method() === "PUT" && r.url().endsWith("/hr/console/settings/sending")), page.click("#save-sending")]);
    expect(saved.status()).toBe(200);
    await expect.poll(() => page.textContent("#sending-status")).toBe("Saved (version 1)");
    // The page reloads itself to show what is in force now, who changed it and when.
    await expect.poll(() => page.textContent("#quiet-hours")).toBe("20:00–09:00");
    expect(await page.textContent("#sending-version")).toMatch(/Version 1 · Changed by .*admin/);
    expect(await page.locator("#sending-history tr").count()).toBe(2);

    const recruiter = await token(stack.url, "recruiter");
    expect((await hr(stack.url, recruiter, "/hr/settings/sending")).body).toMatchObject({ version: 1, quietHours: { start: "20:00", end: "09:00" }, dailyCap: 3 });
    const findings = await checkConsolePage(page);
    await keepScreenshot(page, "desktop-en-sending-rules");
    await keepSectionShot(page, "desktop-en-sending-after");
    expect(findings).toEqual({ overflowPx: 0, otherLanguage: [], rawJson: [], unlabelledTimes: [] });
    await page.context().close();
  });

  it("shows a refused value on its field in Chinese, and a save someone else overtook, on a 390 px phone", async () => {
    const page = await open("admin", PHONE, "zh-CN");
    expect(await page.textContent("#quiet-hours")).toBe("20:00–09:00");
    expect(await page.textContent("#sending")).toContain("候选人所在时区");
    expect(await page.textContent("label[for=sr-quietHours-end]")).toBe("结束（候选人所在时区的时间，24 小时制）");

    // A time that is not HH:MM: refused by the server on quietHours.start, said in Chinese.
    await page.fill("#sr-quietHours-start", "8pm");
    const [badTime] = await Promise.all([page.waitForResponse((r) => r.request().method() === "PUT"), page.click("#save-sending")]);
    expect(badTime.status()).toBe(400);
    await expect.poll(() => page.textContent("#sr-quietHours-start-error")).toBe("请输入 24 小时制时间，格式为 HH:MM。");

    // Same start and end, and a cap above 20: the server refuses both, each shown on its own field.
    await page.fill("#sr-quietHours-start", "20:00");
    await page.fill("#sr-quietHours-end", "20:00");
    await page.fill("#sr-dailyCap", "25");
    const [problem] = await Promise.all([page.waitForResponse((r) => r.request().method() === "PUT"), page.click("#save-sending")]);
    expect(problem.status()).toBe(400);
    expect(problem.headers()["content-type"]).toContain("application/problem+json");
    expect(((await problem.json()).errors as Array<{ path: string }>).map((e) => e.path).sort()).toEqual(["dailyCap", "quietHours.end"]);
    await expect.poll(() => page.locator("#sr-quietHours-end").getAttribute("aria-invalid")).toBe("true");
    expect(await page.textContent("#sr-quietHours-end-error")).toBe("结束时间不能与开始时间相同。如果不需要免打扰时段，请勾选“不设免打扰时段”。");
    expect(await page.textContent("#sr-dailyCap-error")).toBe("请输入 1 到 20 之间的整数。");
    expect(await page.locator("#sr-quietHours-start").getAttribute("aria-invalid")).toBeNull();
    expect(await page.textContent("#sending-status")).toBe("请修改标出的字段。");
    expect(await page.evaluate("document.activeElement && document.activeElement.id")).toBe("sr-quietHours-end");
    const findings = await checkConsolePage(page);
    await page.locator("#sending").scrollIntoViewIfNeeded();
    await keepScreenshot(page, "phone-zh-CN-sending-rules-problem");
    await keepSectionShot(page, "phone-zh-CN-sending-problem");
    expect(findings).toEqual({ overflowPx: 0, otherLanguage: [], rawJson: [], unlabelledTimes: [] });

    // Another admin saves version 2 while this page still holds version 1: this save is refused, the entry kept.
    const admin = await token(stack.url, "admin");
    expect((await hr(stack.url, admin, "/hr/settings/sending", { method: "PUT", body: JSON.stringify({ expectedVersion: 1, quietHours: { start: "22:00", end: "07:00" }, dailyCap: 4 }) })).status).toBe(200);
    await page.fill("#sr-quietHours-end", "08:30");
    await page.fill("#sr-dailyCap", "5");
    const [conflict] = await Promise.all([page.waitForResponse((r) => r.request().method() === "PUT"), page.click("#save-sending")]);
    expect(conflict.status()).toBe(409);
    await expect.poll(() => page.textContent("#sending-status")).toContain("现在是版本 2");
    expect(await page.inputValue("#sr-quietHours-end")).toBe("08:30");
    expect((await hr(stack.url, admin, "/hr/settings/sending")).body).toMatchObject({ version: 2, quietHours: { start: "22:00", end: "07:00" }, dailyCap: 4 });
    await keepSectionShot(page, "phone-zh-CN-sending-conflict");

    // "No quiet hours" hides the times and saves null, once the page has the current version.
    await page.reload();
    await page.check("#sr-no-quiet");
    expect(await page.locator(".sr-times").isVisible()).toBe(false);
    const [none] = await Promise.all([page.waitForResponse((r) => r.request().method() === "PUT"), page.click("#save-sending")]);
    expect(none.status()).toBe(200);
    await expect.poll(() => page.textContent("#quiet-hours")).toBe("不设免打扰时段");
    expect(await checkConsolePage(page)).toEqual({ overflowPx: 0, otherLanguage: [], rawJson: [], unlabelledTimes: [] });
    await keepScreenshot(page, "phone-zh-CN-sending-rules");
    await page.context().close();
  });

  it("shows a recruiter the rules in force without a form", async () => {
    const page = await open("recruiter", PHONE, "en");
    expect(await page.textContent("#quiet-hours")).toBe("No quiet hours");
    expect(await page.locator("#sending-form").count()).toBe(0);
    expect(await page.textContent("#sending")).toContain("Only admins can change these rules.");
    expect(await checkConsolePage(page)).toEqual({ overflowPx: 0, otherLanguage: [], rawJson: [], unlabelledTimes: [] });
    await page.context().close();
  });
});
