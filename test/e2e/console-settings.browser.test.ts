// The settings page against `npm start` as its own process, in Chromium: an admin opens a team from
// the keyboard, tests a DingTalk robot against the local receiver (a wrong secret is refused with the
// provider's words, the documented one is received), a bad URL comes back as problem+json and is shown
// on its field, the robots are saved and the saved ones tested again. The templates' variables and
// previews, quiet hours and the daily cap are read in zh-CN on a phone; a recruiter may read, not change.
import { MESSAGE_KIND_NAMES } from "../../lambdas/core/outreach/message-kinds.js";
import { rmSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hr, newDataDir, startLocalProcess, token, type LocalProcess } from "./local-process.js";
import { checkConsolePage, keepScreenshot } from "./console-page-check.js";

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

async function chatMessages(url: string): Promise<{ kind: string; robot: string; signed?: boolean; body: any }[]> {
  return ((await (await fetch(`${url}/chat-outbox/api/messages`)).json()) as { items: any[] }).items;
}

describe("the settings page", { timeout: 300_000 }, () => {
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

  it("tests, rejects and saves chat robots, showing each problem on its field", async () => {
    const page = await open("admin", DESKTOP, "en");
    // The local receiver and its secret are on the page: no need to read the source to find them.
    expect(await page.textContent("#local-chat")).toContain("local-chat-robot-secret");
    await page.fill("input[name=team]", "interview-team");
    await Promise.all([page.waitForURL(/team=interview-team/), page.press("input[name=team]", "Enter")]);
    expect(await page.locator("#saved-robots-none").count()).toBe(1);

    const row = page.locator("#robots-form fieldset[data-row]").first();
    await row.locator("select[name=kind]").selectOption("dingtalk");
    await row.locator("input[name=webhookUrl]").fill(`${stack.url}/chat-outbox/dingtalk/recruiting`);
    await row.locator("input[name=secret]").fill("not-the-secret");
    await page.click("#test-form");
    await expect.poll(() => row.locator(".result").textContent()).toContain("not received");
    expect(await row.locator(".result").textContent()).toContain("sign not match");
    expect(await chatMessages(stack.url)).toEqual([]);

    await row.locator("input[name=secret]").fill("local-chat-robot-secret");
    await page.click("#test-form");
    await expect.poll(() => row.locator(".result").textContent()).toBe("received");
    expect(await chatMessages(stack.url)).toEqual([expect.objectContaining({ kind: "dingtalk", robot: "recruiting", signed: true })]);

    // A second robot with a URL that is not one: the API's problem is shown on that field, nothing is saved.
    await page.click("#robots-form .add-row");
    const second = page.locator("#robots-form fieldset[data-row]").nth(1);
    await second.locator("select[name=kind]").selectOption("slack");
    await second.locator("input[name=webhookUrl]").fill("hooks slack com");
    const [problem] = await Promise.all([page.waitForResponse((r) => r.request().method() === "PUT"), page.click("#save-robots")]);
    expect(problem.status()).toBe(400);
    expect(problem.headers()["content-type"]).toContain("application/problem+json");
    expect((await problem.json()).errors).toEqual([expect.objectContaining({ path: "robots.1.webhookUrl" })]);
    await expect.poll(() => second.locator("input[name=webhookUrl]").getAttribute("aria-invalid")).toBe("true");
    expect(await second.locator(".field-error").textContent()).not.toBe("");
    expect(await row.locator("input[name=webhookUrl]").getAttribute("aria-invalid")).toBeNull();
    expect(await page.evaluate("document.activeElement && document.activeElement.name")).toBe("webhookUrl");
    await keepScreenshot(page, "desktop-en-settings-problem");
    const admin = await token(stack.url, "admin");
    expect((await hr(stack.url, admin, "/hr/teams/chat-robots")).body.teams).toEqual([]);

    // Without the bad row it saves; the page shows the robot without its credential, and tests it again.
    await second.locator(".remove-row").click();
    await Promise.all([page.waitForEvent("load"), page.click("#save-robots")]);
    await page.waitForSelector("#saved-robots");
    const saved = await page.textContent("#saved-robots");
    expect(saved).toContain("DingTalk");
    expect(saved).not.toContain("recruiting");
    await page.click("#test-saved");
    await expect.poll(() => page.textContent("#saved-robots tr[data-index='0'] .result")).toBe("received");
    expect(await chatMessages(stack.url)).toHaveLength(2);
    expect((await hr(stack.url, admin, "/hr/teams/chat-robots")).body.teams).toEqual([{ teamId: "interview-team", robots: [{ kind: "dingtalk", host: new URL(stack.url).host, signed: true }], updatedAt: expect.any(String) }]);
    const findings = await checkConsolePage(page);
    await keepScreenshot(page, "desktop-en-settings");
    expect(findings).toEqual({ overflowPx: 0, otherLanguage: [], rawJson: [], unlabelledTimes: [] });
    await page.context().close();
  });

  it("answers a bad test request with problem+json, and lets only admins change robots", async () => {
    const admin = await token(stack.url, "admin");
    const bad = await fetch(`${stack.url}/hr/teams/interview-team/chat-robots/test`, { method: "POST", headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" }, body: JSON.stringify({ robots: [{ kind: "wecom", webhookUrl: "nope" }] }) });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(["robots.0.webhookUrl"]);
    const recruiter = await token(stack.url, "recruiter");
    expect((await hr(stack.url, recruiter, "/hr/teams/interview-team/chat-robots/test", { method: "POST", body: "{}" })).status).toBe(403);
    // A recruiter reads the page; the form is not there for them.
    const page = await open("recruiter", PHONE, "zh-CN");
    await page.goto(`${stack.url}/hr/console/settings?lang=zh-CN&team=interview-team`);
    expect(await page.locator("#robots-form").count()).toBe(0);
    expect(await page.textContent("#robots")).toBeTruthy();
    await page.context().close();
  });

  it("shows every template's variables and a preview in both languages, and the quiet hours and daily cap, on a phone in zh-CN", async () => {
    const page = await open("admin", PHONE, "zh-CN");
    // Every message the system sends (the catalogue: candidate messages, offers, pre-onboarding, staff emails).
    expect(await page.locator("ul.templates > li").count()).toBe(MESSAGE_KIND_NAMES.length);
    expect(await page.textContent("#quiet-hours")).toBe("21:00–08:00");
    expect(await page.textContent("#daily-cap")).toBe("3");
    // Opened from the keyboard: the summary is focusable and Enter opens it.
    const item = page.locator("li[data-template='interview-scheduled']");
    await item.locator("summary").focus();
    await page.keyboard.press("Enter");
    expect(await item.locator("details").getAttribute("open")).not.toBeNull();
    const variables = await item.locator(".vars code").allTextContents();
    expect(variables).toEqual(expect.arrayContaining(["{{candidateName}}", "{{interview.when}}", "{{interview.videoUrl}}", "{{interview.location}}", "{{interview.confirmUrl}}"]));
    // The catalogue's variables for the entry: nothing another message has (the self-scheduling link, the offer's terms).
    expect(variables).not.toContain("{{actionUrl}}");
    expect(variables).not.toContain("{{offer.terms}}");
    expect(await item.locator(".preview[data-locale='zh-CN']").textContent()).toContain("王小明");
    expect(await item.locator(".preview[data-locale='en']").textContent()).toContain("Alex Chen");
    expect(await page.locator("li[data-template='missed-call-followup'] .vars code").allTextContents()).toContain("{{salaryRange}}");
    const findings = await checkConsolePage(page);
    await keepScreenshot(page, "phone-zh-CN-settings");
    expect(findings).toEqual({ overflowPx: 0, otherLanguage: [], rawJson: [], unlabelledTimes: [] });
    await page.context().close();
  });
});
