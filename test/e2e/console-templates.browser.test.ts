// Editing a message template on the settings page, against `npm start` as its own process, in Chromium.
// An admin at 1280 px opens the zh-CN interview invitation, sees the live preview follow the text and
// the problems on their fields, saves (the next real journey's invitation in the outbox is the new text,
// the English one the default), meets a 409 when someone saved in between without losing the text, and
// resets; on a 390 px phone in zh-CN the editor fits and the page checks are clean; a recruiter reads.
import { rmSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureText } from "../fixtures/index.js";
import { join } from "node:path";
import { checkConsolePage, keepScreenshot, SCREENSHOT_DIR } from "./console-page-check.js";
import { eventually, hr, newDataDir, outbox, postWebhook, startLocalProcess, token, webhookSecret, type LocalProcess } from "./local-process.js";

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const API = "/hr/teams/default/message-templates/interview-invite/zh-CN";
const CLEAN = { overflowPx: 0, otherLanguage: [], rawJson: [], unlabelledTimes: [] };

describe("editing message templates on the settings page", { timeout: 420_000 }, () => {
  let stack: LocalProcess;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startLocalProcess(newDataDir(), { HIREPATH_TIME_SCALE: "60", HIREPATH_EVENT_DELAY_MS: "20" });
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
    // Warm the console's functions once: on a loaded machine a cold first page can take longer than a navigation timeout.
    await fetch(`${stack.url}/hr/console/search?lang=en`);
  }, 200_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (stack) rmSync(stack.dataDir, { recursive: true, force: true });
  });

  async function open(role: string, viewport: { width: number; height: number }, locale: "zh-CN" | "en"): Promise<Page> {
    const context = await browser.newContext({ viewport, locale, timezoneId: "Asia/Shanghai" });
    const page = await context.newPage();
    // Generous: the suite shares two cores with other stacks; a slow page is not what these tests are about.
    page.setDefaultTimeout(90_000);
    await page.goto(`${stack.url}/hr/console/search?lang=${locale}`);
    await Promise.all([page.waitForURL((u) => u.pathname === "/hr/console/search"), page.click(`button[data-role="${role}"]`)]);
    await Promise.all([page.waitForURL((u) => u.pathname === "/hr/console/settings"), page.click("nav.menu a[href^='/hr/console/settings']")]);
    return page;
  }

  const openEditor = async (page: Page, template: string, locale: string) => {
    await Promise.all([page.waitForURL(/edit=/), page.click(`li[data-template='${template}'] li[data-locale='${locale}'] a.edit-link`)]);
    await page.waitForSelector("#template-editor");
  };

  it("edits the zh-CN invitation with a live preview and problems on their fields; the next journey sends it", async () => {
    const page = await open("admin", DESKTOP, "en");
    await openEditor(page, "interview-invite", "zh-CN");
    // It starts from the built-in wording, with the variables listed and the required ones marked.
    expect(await page.inputValue("[data-field='email.subject']")).toBe("面试邀请：{{requisitionTitle}}");
    expect(await page.inputValue("[data-field='sms.body']")).toContain("{{optOut}}");
    expect(await page.locator("#template-editor button.var code").allTextContents()).toEqual(expect.arrayContaining(["{{candidateName}}", "{{portalUrl}}", "{{optOut}}"]));
    expect(await page.locator("#template-editor button.var:has(.req)").allTextContents()).toEqual([expect.stringContaining("{{portalUrl}}"), expect.stringContaining("{{portalUrl}}"), expect.stringContaining("{{optOut}}")]);
    expect(await page.textContent("#preview-subject")).toBe("面试邀请：华东区渠道销售经理");

    // The preview follows the text (the server renders it, with sample values).
    await page.fill("[data-field='email.subject']", "诚邀面试：{{requisitionTitle}}（{{candidateName}}）");
    await expect.poll(() => page.textContent("#preview-subject")).toBe("诚邀面试：华东区渠道销售经理（王小明）");
    // Dropping the opt-out words from the SMS is flagged on the SMS field as it is typed.
    const sms = (await page.inputValue("[data-field='sms.body']")).replace("{{optOut}}", "");
    await page.fill("[data-field='sms.body']", sms);
    await expect.poll(() => page.getAttribute("[data-field='sms.body']", "aria-invalid")).toBe("true");
    expect(await page.textContent("#tpl-sms-body-error")).toContain("{{optOut}}");
    await page.fill("[data-field='sms.body']", `${sms}{{optOut}}`);
    await expect.poll(() => page.getAttribute("[data-field='sms.body']", "aria-invalid")).toBeNull();

    // Saving a body with a variable the template lacks and a broken tag: 400 problem+json, shown on the field, focus there.
    await page.fill("[data-field='email.body']", "{{candidateName}}，您好！\n\n<b>诚邀面试，薪资 {{offerAmount}}\n\n确认：{{portalUrl}}");
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === "PUT"), page.click("#save-template")]);
    expect(refused.status()).toBe(400);
    expect(refused.headers()["content-type"]).toContain("application/problem+json");
    expect((await refused.json()).errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`)).toEqual(["email.body:html_invalid", "email.body:unknown_variable"]);
    await expect.poll(() => page.getAttribute("[data-field='email.body']", "aria-invalid")).toBe("true");
    expect(await page.evaluate("document.activeElement && document.activeElement.dataset.field")).toBe("email.body");
    expect(await page.textContent("#tpl-email-body-error")).toContain("{{offerAmount}}");
    await keepScreenshot(page, "desktop-en-template-problem");
    await page.locator("#template-editor").screenshot({ path: join(SCREENSHOT_DIR, "desktop-en-template-problem-editor-only-1280.png") });
    expect((await hr(stack.url, await token(stack.url, "admin"), API)).body.version).toBe(0);

    // Fixed and saved: the page reloads with version 1, the history names who saved it.
    await page.fill("[data-field='email.body']", "{{candidateName}}，您好！\n\n<b>诚邀面试</b>：「{{requisitionTitle}}」。\n\n确认：{{portalUrl}}");
    await expect.poll(() => page.locator("#preview-email b").textContent()).toBe("诚邀面试");
    await Promise.all([page.waitForEvent("load"), page.click("#save-template")]);
    await page.waitForSelector("#template-history");
    expect(await page.getAttribute("#template-editor", "data-version")).toBe("1");
    expect(await page.locator("#template-history tr").nth(1).textContent()).toContain("saved");
    expect(await page.locator("li[data-template='interview-invite'] li[data-locale='zh-CN'] .tag").textContent()).toContain("version 1");
    expect(await page.locator("li[data-template='interview-invite'] li[data-locale='en'] .muted").textContent()).toBe("default");
    const findings = await checkConsolePage(page);
    await keepScreenshot(page, "desktop-en-template-saved");
    expect(findings).toEqual(CLEAN);

    // The next real journey: the zh-CN candidate's invitation is HR's text; the English candidate's is the default.
    const secret = webhookSecret(stack.dataDir);
    expect((await postWebhook(stack.url, secret, fixtureText("generic/application-created.json"), { deliveryId: "ui-tpl-zh" })).status).toBe(202);
    expect((await postWebhook(stack.url, secret, fixtureText("generic/application-created-en.json"), { deliveryId: "ui-tpl-en" })).status).toBe(202);
    const zh = await eventually(async () => (await outbox(stack.url, { to: "xiaoming.wang@example.com", channel: "email" }))[0], "the zh-CN invitation", 90_000);
    expect(zh.subject).toMatch(/^诚邀面试：大客户销售经理.*（王小明）$/);
    expect(zh.html).toContain("<b>诚邀面试</b>");
    const en = await eventually(async () => (await outbox(stack.url, { to: "alex.chen@example.com", channel: "email" }))[0], "the English invitation", 90_000);
    expect(en.subject).toMatch(/^Interview invitation: /);

    // Someone else saves while this page is open: the page's save is a 409, the text stays in the form.
    const admin = await token(stack.url, "admin");
    const current = (await hr(stack.url, admin, API)).body;
    expect((await hr(stack.url, admin, API, { method: "PUT", body: JSON.stringify({ expectedVersion: 1, email: current.email, sms: { body: "{{candidateName}}您好，另一位同事的版本：{{portalUrl}} {{optOut}}" } }) })).status).toBe(200);
    await page.fill("[data-field='email.subject']", "我的新标题：{{requisitionTitle}}");
    const [conflict] = await Promise.all([page.waitForResponse((r) => r.request().method() === "PUT"), page.click("#save-template")]);
    expect(conflict.status()).toBe(409);
    await expect.poll(() => page.textContent("#template-status")).toContain("version 2");
    expect(await page.inputValue("[data-field='email.subject']")).toBe("我的新标题：{{requisitionTitle}}");
    await keepScreenshot(page, "desktop-en-template-conflict");

    // Reload, then reset to the default: the overview says default again, the reset is in the history.
    await page.reload();
    page.once("dialog", (d) => void d.accept());
    await Promise.all([page.waitForEvent("load"), page.click("#reset-template")]);
    await page.waitForSelector("#template-history");
    expect(await page.getAttribute("#template-editor", "data-version")).toBe("3");
    expect(await page.locator("#template-history tr").nth(1).textContent()).toContain("reset to default");
    expect(await page.locator("li[data-template='interview-invite'] li[data-locale='zh-CN'] .muted").textContent()).toBe("default");
    await page.context().close();
  });

  it("fits a 390 px phone in zh-CN, with clean page checks", async () => {
    const page = await open("admin", PHONE, "zh-CN");
    await openEditor(page, "interview-scheduled", "zh-CN");
    expect(await page.textContent("#template-editor h3")).toContain("面试安排");
    await page.fill("[data-field='sms.body']", "{{candidateName}}您好，面试时间：{{interview.when}}，地点：{{interview.where}}，请确认：{{interview.confirmUrl}} {{optOut}}");
    await expect.poll(() => page.textContent("#preview-sms")).toContain("上海市静安区南京西路");
    expect(await page.textContent("#sms-segments")).toMatch(/^\d 条（上限 2 条）$/);
    const findings = await checkConsolePage(page);
    await keepScreenshot(page, "phone-zh-CN-template-editor");
    // The editor alone as well: the full page is too tall to read at a glance.
    await page.locator("#template-editor").screenshot({ path: join(SCREENSHOT_DIR, "phone-zh-CN-template-editor-only-390.png") });
    expect(findings).toEqual(CLEAN);
    await page.context().close();
  });

  it("shows a zh-CN offer letter's validation errors in Chinese on a 390 px phone, live and after a refused save", async () => {
    const page = await open("admin", PHONE, "zh-CN");
    await openEditor(page, "offer-offer", "zh-CN");
    // An email-only message: the letter's variables (the terms required), no SMS to edit.
    expect(await page.locator("[data-field='sms.body']").count()).toBe(0);
    expect(await page.locator("#template-editor button.var:has(.req) code").allTextContents()).toEqual(["{{offer.terms}}", "{{offer.acceptUrl}}", "{{offer.declineUrl}}"]);
    expect(await page.locator("#preview-email table").count()).toBe(1);

    // A variable the letter does not have, and the terms taken out: the live preview marks the body, in Chinese.
    await page.fill("[data-field='email.body']", "{{candidateName}}您好，{{nonsense}}\n\n接受：{{offer.acceptUrl}} 婉拒：{{offer.declineUrl}}");
    await expect.poll(() => page.getAttribute("[data-field='email.body']", "aria-invalid")).toBe("true");
    const live = (await page.textContent("#tpl-email-body-error"))!;
    expect(live).toContain("{{nonsense}} 不是这个模板可以用的变量");
    expect(live).toContain("这条消息必须包含 {{offer.terms}}");
    expect(live).not.toMatch(/is not a variable|must carry|The request is not valid/);

    // Saving anyway: the API's problem+json stays English and stable; the page says it in Chinese.
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === "PUT"), page.click("#save-template")]);
    expect(refused.status()).toBe(400);
    const problem = await refused.json();
    expect(problem).toMatchObject({ code: "validation-failed", title: "The request is not valid" });
    expect(problem.errors).toEqual([
      expect.objectContaining({ path: "email.body", code: "unknown_variable", params: expect.objectContaining({ variable: "nonsense" }), message: expect.stringContaining("is not a variable") }),
      expect.objectContaining({ path: "email.body", code: "required_variable_missing", params: { variable: "offer.terms" } }),
    ]);
    await expect.poll(() => page.textContent("#template-status")).toBe("请修改标出的字段：");
    const saved = (await page.textContent("#tpl-email-body-error"))!;
    expect(saved).toContain("{{nonsense}} 不是这个模板可以用的变量");
    expect(await page.textContent("#template-editor")).not.toMatch(/is not a variable|The request is not valid|must carry/);
    expect(await page.evaluate("document.activeElement && document.activeElement.dataset.field")).toBe("email.body");
    const findings = await checkConsolePage(page);
    await page.locator("#template-editor").scrollIntoViewIfNeeded();
    await page.locator("#template-editor").screenshot({ path: join(SCREENSHOT_DIR, "phone-zh-CN-offer-letter-problem-editor-only-390.png") });
    await keepScreenshot(page, "phone-zh-CN-offer-letter-problem");
    expect(findings).toEqual(CLEAN);
    await page.context().close();
  });

  it("lets a recruiter read a template but not change it", async () => {
    const page = await open("recruiter", DESKTOP, "en");
    await openEditor(page, "interview-invite", "en");
    expect(await page.locator("#save-template").count()).toBe(0);
    expect(await page.getAttribute("[data-field='email.body']", "readonly")).not.toBeNull();
    expect(await page.textContent("#template-editor")).toContain("Only admins can change templates.");
    expect(await checkConsolePage(page)).toEqual(CLEAN);
    await page.context().close();
  });
});
