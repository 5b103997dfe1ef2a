// The candidate-facing pages in real Chromium against `npm start` as its own process, with the same
// checks as every console page (console-page-check.ts): nothing wider than a 390 px phone, no text left
// in the other language, no raw JSON, every time naming its zone. Portal, offer answer, approval,
// unsubscribe, self-scheduling and interview confirm/reschedule/decline pages, in zh-CN and en, each
// naming the job and company; then the same links used, expired, orphaned or forged, which must say so on
// opening with no form left to fill in. Screenshots go to .artifacts/console/ (candidate-*.png).
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, hr, newDataDir, outbox, startLocalProcess, type LocalProcess } from "./local-process.js";
import { seedConsole, type ConsoleSeed } from "./console-fixtures.js";
import { checkConsolePage, keepScreenshot } from "./console-page-check.js";
import { signLink, type LinkClaims } from "../../lambdas/core/shared/signed-links.js";

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } } as const;
const SALES = { title: "华东区渠道销售经理", company: "示例科技" };
const ENG = { title: "Backend Engineer", company: "Acme Cloud" };
const HM_ZH = "hm.zh.candidate@example.com";
const HM_EN = "hm.en.candidate@example.com";

describe("candidate-facing pages in Chromium", { timeout: 900_000 }, () => {
  let stack: LocalProcess;
  let browser: Browser;
  let seed: ConsoleSeed;
  const contexts: Partial<Record<keyof typeof VIEWPORTS, { context: BrowserContext; page: Page }>> = {};

  beforeAll(async () => {
    stack = await startLocalProcess(newDataDir(), { HIREPATH_EVENT_DELAY_MS: "20" });
    seed = await seedConsole(stack.url, stack.dataDir, "cand");
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
    for (const [device, viewport] of Object.entries(VIEWPORTS) as [keyof typeof VIEWPORTS, (typeof VIEWPORTS)[keyof typeof VIEWPORTS]][]) {
      const context = await browser.newContext({ viewport, timezoneId: "Asia/Shanghai" });
      contexts[device] = { context, page: await context.newPage() };
    }
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (stack) rmSync(stack.dataDir, { recursive: true, force: true });
  });

  const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, stack.url);
  /** Every link in the newest message to `to` whose subject matches. */
  async function linksIn(to: string, subject: RegExp): Promise<string[]> {
    const message = await eventually(async () => (await outbox(stack.url, { to })).find((m) => subject.test(m.subject ?? "")), `a message to ${to} matching ${subject}`, 90_000);
    return [...(message.html ?? "").matchAll(/href="([^"]+)"/g)].map((m) => local(m[1]!.replace(/&amp;/g, "&")));
  }
  const linkTo = (links: string[], pattern: RegExp, what: string) => {
    const found = links.find((l) => pattern.test(l));
    if (!found) throw new Error(`no ${what} link among ${links.join(" ")}`);
    return found;
  };
  /** A link signed as the stack signs them (its key is in the data directory), for states no email reaches: expired, orphaned. */
  const signed = (claims: LinkClaims) => `${stack.url}/l/${signLink(claims, (JSON.parse(readFileSync(join(stack.dataDir, "secrets.json"), "utf8")) as { linkSigningKey: string }).linkSigningKey)}`;
  /** The signed link of this purpose among a message's links (the token's claims say what it is for). */
  const signedOf = (links: string[], purpose: LinkClaims["p"]) => {
    const found = links.find((l) => l.includes("/l/") && (JSON.parse(Buffer.from(l.split("/l/")[1]!.split(/[.?]/)[0]!, "base64url").toString("utf8")) as LinkClaims).p === purpose);
    if (!found) throw new Error(`no ${purpose} link among ${links.join(" ")}`);
    return found;
  };
  const form = (body: Record<string, string>) => ({ method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(body).toString() });

  /**
   * Opens the link on a phone and a desktop; each page must pass the checks, name the job and company
   * (when given), and is photographed. Returns the phone page's text.
   */
  async function open(name: string, url: string, expected: { lang: "zh-CN" | "en"; job?: { title: string; company: string }; status?: number; form?: boolean }): Promise<string> {
    let text = "";
    for (const device of ["phone", "desktop"] as const) {
      const { page } = contexts[device]!;
      const response = await page.goto(url);
      expect(response!.status(), `${name}: status`).toBe(expected.status ?? 200);
      const findings = await checkConsolePage(page);
      await keepScreenshot(page, `candidate-${device}-${name}`);
      expect(findings, `${name} at ${VIEWPORTS[device].width}px`).toEqual({ overflowPx: 0, otherLanguage: [], rawJson: [], unlabelledTimes: [] });
      expect(await page.getAttribute("html", "lang"), `${name}: language`).toBe(expected.lang);
      if (expected.job) expect(await page.locator("body").innerText(), `${name}: job and company`).toMatch(new RegExp(`${expected.job.title}[\\s\\S]*${expected.job.company}`));
      const forms = await page.locator("form").count();
      if (expected.form === true) expect(forms, `${name}: a form to fill in`).toBeGreaterThan(0);
      if (expected.form === false) expect(forms, `${name}: no form (it could only fail on submit)`).toBe(0);
      if (device === "phone") text = await page.locator("body").innerText();
    }
    return text;
  }

  it("every candidate page names the job and company and passes the checks at 390 px and on a desktop, in both languages; used, expired and orphaned links say so on opening", async () => {
    // --- Arrange: an offer for each candidate through its approval chain, as HR submits them. ---
    const day = 86_400_000;
    const policy = (approver: string, name: string, currency: string) => ({ ownerEmail: "boss@example.com", budget: { min: 100000, max: 500000, currency }, approvalChain: [{ name, approvers: [{ email: approver, name: "HM" }], required: 1 }] });
    expect((await hr(stack.url, seed.admin, "/hr/requisitions/req-console-sales/offer-policy", { method: "PUT", body: JSON.stringify(policy(HM_ZH, "用人经理", "CNY")) })).status).toBe(200);
    expect((await hr(stack.url, seed.admin, "/hr/requisitions/req-console-eng/offer-policy", { method: "PUT", body: JSON.stringify(policy(HM_EN, "Hiring manager", "USD")) })).status).toBe(200);
    const common = { bonus: { kind: "none" }, commission: { kind: "none" }, startDate: new Date(Date.now() + 40 * day).toISOString().slice(0, 10), responseDeadline: new Date(Date.now() + 5 * day).toISOString() };
    const offers = [
      { who: "wang", id: "offer-cand-wang", parts: { ...common, basePay: { amount: 26000, currency: "CNY", period: "month", monthsPerYear: 13 }, benefits: ["五险一金"], probation: { months: 3, payPercent: 100 }, location: "上海市静安区" } },
      { who: "anna", id: "offer-cand-anna", parts: { ...common, basePay: { amount: 150000, currency: "USD", period: "year" }, benefits: ["Health insurance"], probation: { months: 0, payPercent: 100 }, location: "Remote" } },
    ] as const;
    for (const o of offers) {
      const draft = await hr(stack.url, seed.recruiter, `/hr/candidates/${seed.candidates[o.who]}/offers/${o.id}`, { method: "PUT", body: JSON.stringify({ applicationId: seed.applications[o.who], parts: o.parts }) });
      expect(draft.body.problems, `${o.who}'s offer is complete`).toEqual([]);
      expect((await hr(stack.url, seed.recruiter, `/hr/candidates/${seed.candidates[o.who]}/offers/${o.id}/submit`, { method: "POST" })).status).toBe(202);
    }

    // --- The hiring managers' approval pages, then the same links once used. ---
    const approveZh = linkTo(await linksIn(HM_ZH, /请审批/), /\/o\/[^?]+\?action=approve$/, "approve");
    const approveEn = linkTo(await linksIn(HM_EN, /Approve the offer/), /\/o\/[^?]+\?action=approve$/, "approve");
    await open("zh-CN-approval", approveZh, { lang: "zh-CN", job: SALES, form: true });
    await open("en-approval", approveEn, { lang: "en", job: ENG, form: true });
    for (const link of [approveZh, approveEn]) expect((await fetch(link, form({ action: "approve" }))).status).toBe(200);
    expect(await open("zh-CN-approval-used", approveZh, { lang: "zh-CN", job: SALES, status: 409, form: false })).toContain("您已批准这份录用通知");
    expect(await open("en-approval-used", approveEn, { lang: "en", job: ENG, status: 409, form: false })).toContain("You approved this offer");

    // --- The candidates' offer pages; then Wang declines and Anna accepts, and the links say so. ---
    const acceptZh = linkTo(await linksIn("wang.console@example.com", /录用通知/), /\/o\/[^?]+\?action=accept$/, "accept");
    const acceptEn = linkTo(await linksIn("anna.console@example.com", /Your offer/), /\/o\/[^?]+\?action=accept$/, "accept");
    await open("zh-CN-offer", acceptZh, { lang: "zh-CN", job: SALES, form: true });
    await open("en-offer", acceptEn, { lang: "en", job: ENG, form: true });
    expect((await fetch(acceptZh, form({ action: "decline" }))).status).toBe(200);
    expect((await fetch(acceptEn, form({ action: "accept" }))).status).toBe(200);
    expect(await open("zh-CN-offer-declined", acceptZh, { lang: "zh-CN", job: SALES, status: 409, form: false })).toContain("您已经婉拒了这份录用通知");
    // Accepted: no answer left to give, but questions are still taken (the page says which).
    const accepted = await open("en-offer-accepted", acceptEn, { lang: "en", job: ENG });
    expect(accepted).toContain("You have already accepted this offer");
    expect(await contexts.phone!.page.locator("button.accept").count()).toBe(0);

    // --- Wang's interview: confirm, reschedule (each time names its zone), decline; then confirmed. ---
    const invitation = await linksIn("wang.console@example.com", /面试安排/);
    const confirmZh = linkTo(invitation, /\?action=confirm$/, "confirm");
    await open("zh-CN-interview-confirm", confirmZh, { lang: "zh-CN", job: SALES, form: true });
    expect(await open("zh-CN-interview-reschedule", linkTo(invitation, /\?action=reschedule$/, "reschedule"), { lang: "zh-CN", job: SALES, form: true })).toMatch(/（Asia\/Shanghai）\n[\s\S]*（Asia\/Shanghai）/);
    await open("zh-CN-interview-decline", linkTo(invitation, /\?action=decline$/, "decline"), { lang: "zh-CN", job: SALES, form: true });
    expect((await fetch(confirmZh, form({ action: "confirm" }))).status).toBe(200);
    expect(await open("zh-CN-interview-confirmed", confirmZh, { lang: "zh-CN", job: SALES, form: false })).toContain("您已经确认参加这次面试");

    // --- Portals: each application's job and company; Wang's shows his interview and the declined offer. ---
    const portalZh = signedOf(invitation, "portal");
    const portal = await open("zh-CN-portal", portalZh, { lang: "zh-CN", job: SALES });
    expect(portal).toContain("已婉拒录用");
    // The application has ended: no interview left to move or prepare for.
    expect(portal).not.toContain("面试前信息");
    const annaMail = await linksIn("anna.console@example.com", /^Interview invitation/);
    const portalEn = signedOf(annaMail, "portal");
    expect(await open("en-portal", portalEn, { lang: "en", job: ENG })).toContain("Offer accepted");

    // --- Self-scheduling: an English and a Chinese picker; Anna books, and her link then says it was used. ---
    const schedulingLink = async (who: "anna" | "li") => {
      const sent = await hr(stack.url, seed.recruiter, `/hr/interviews/${seed.candidates[who]}/${seed.applications[who]}/scheduling-link`, { method: "POST", body: JSON.stringify({ interviewerId: "iv-console-chen", mode: "video", videoUrl: "https://meet.example.com/cand", recruiterEmail: "recruiter@example.com" }) });
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
      return local(String(sent.body.url));
    };
    const pickEn = await schedulingLink("anna");
    const pickZh = await schedulingLink("li");
    await open("en-schedule", pickEn, { lang: "en", job: ENG, form: true });
    await open("zh-CN-schedule", pickZh, { lang: "zh-CN", job: SALES, form: true });
    const { page } = contexts.phone!;
    await page.goto(pickEn);
    await Promise.all([page.waitForLoadState(), page.locator("form button").first().click()]);
    await expect.poll(() => page.locator("body").innerText()).toContain("Booked for");
    expect(await open("en-schedule-used", pickEn, { lang: "en", job: ENG, form: false })).toContain("This booking link has already been used");

    // Anna's invitation for the booked time: her English confirm page.
    const annaInvite = await linksIn("anna.console@example.com", /^Your interview for/);
    // Booking confirms the interview, so its confirm link already says so.
    expect(await open("en-interview-confirm", linkTo(annaInvite, /\?action=confirm$/, "confirm"), { lang: "en", job: ENG, form: false })).toContain("You have already confirmed this interview");

    // --- Expired, orphaned and forged links: a page in the candidate's language, naming the job. ---
    // Long gone and far off whatever the stack's own (journey) clock reads: it starts at 01:00 today and runs fast.
    const past = 1;
    const future = Math.floor(Date.now() / 1000) + 30 * 86_400;
    expect(await open("zh-CN-portal-expired", signed({ p: "portal", c: seed.candidates.wang, a: seed.applications.wang, exp: past }), { lang: "zh-CN", job: SALES, status: 410, form: false })).toContain("这个应聘进度链接已过期");
    expect(await open("en-interview-expired", signed({ p: "interview", c: seed.candidates.anna, a: seed.applications.anna, i: "gone", v: 1, exp: past }), { lang: "en", job: ENG, status: 410, form: false })).toContain("This interview link has expired");
    expect(await open("zh-CN-interview-orphaned", signed({ p: "interview", c: seed.candidates.wang, a: seed.applications.wang, exp: future }), { lang: "zh-CN", job: SALES, status: 404, form: false })).toContain("不能再使用");
    // A genuine link with an action its page doesn't have (an approval's, pasted onto an interview link).
    expect(await open("zh-CN-interview-wrong-action", confirmZh.replace("action=confirm", "action=approve"), { lang: "zh-CN", job: SALES, status: 400, form: false })).toContain("不能再使用");
    await open("forged", `${portalZh.slice(0, -4)}AAAA`, { lang: "zh-CN", status: 401, form: false });

    // --- Unsubscribe, last (it stops the messages above): the ask, then the used link. ---
    const unsubscribeZh = signedOf(invitation, "unsubscribe");
    const unsubscribeEn = signedOf(annaMail, "unsubscribe");
    await open("zh-CN-unsubscribe", unsubscribeZh, { lang: "zh-CN", job: SALES, form: true });
    await open("en-unsubscribe", unsubscribeEn, { lang: "en", job: ENG, form: true });
    // As a mail client's RFC 8058 one-click unsubscribe posts it.
    expect((await fetch(unsubscribeEn, form({ "List-Unsubscribe": "One-Click" }))).status).toBe(200);
    expect(await open("en-unsubscribe-used", unsubscribeEn, { lang: "en", job: ENG, form: false })).toContain("unsubscribed from email");
  });

  it("sets a requisition's team from the console form (a select of known teams, or none), checked by the API's schema; editing keeps the company and team", async () => {
    // A team is known once something names it: here the engineering requisition, through the API.
    const eng = (await hr(stack.url, seed.admin, "/hr/requisitions")).body.items.find((r: { requisitionId: string }) => r.requisitionId === "req-console-eng");
    const { requisitionId: _id, updatedAt: _u, ...engBody } = eng;
    expect((await hr(stack.url, seed.admin, "/hr/requisitions/req-console-eng", { method: "PUT", body: JSON.stringify({ ...engBody, teamId: "team-eng" }) })).status).toBe(200);
    const stored = async (id: string) => (await hr(stack.url, seed.admin, "/hr/requisitions")).body.items.find((r: { requisitionId: string }) => r.requisitionId === id);

    const context = await browser.newContext({ viewport: VIEWPORTS.phone, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    const page = await context.newPage();
    await page.goto(`${stack.url}/hr/console/search?lang=zh-CN`);
    await Promise.all([page.waitForURL((u) => u.pathname === "/hr/console/search"), page.click('button[data-role="admin"]')]);
    const edit = async (id: string) => {
      await page.goto(`${stack.url}/hr/console/requisitions/${id}/edit?lang=zh-CN`);
      await page.waitForSelector("#requisition-form");
    };
    const save = async () => {
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "PUT"), page.click("#save-requisition")]);
      // A saved form goes on to the requisition's page: wait for it, or the next page.goto races that navigation (ERR_ABORTED).
      if (response.status() === 200) await page.waitForURL((u) => /^\/hr\/console\/requisitions\/[^/]+$/.test(u.pathname));
      return response.status();
    };

    // Saving the form unchanged keeps what the API set: the company candidates see, the team.
    await edit("req-console-eng");
    expect(await page.inputValue("[name='requisition.company']")).toBe("Acme Cloud");
    expect(await page.inputValue("[name='requisition.teamId']")).toBe("team-eng");
    expect(await save()).toBe(200);
    expect(await stored("req-console-eng")).toMatchObject({ company: "Acme Cloud", teamId: "team-eng" });

    // The sales requisition joins the known team, then leaves it ("no team").
    await edit("req-console-sales");
    expect(await page.locator("[name='requisition.teamId'] option").evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value))).toEqual(["", "team-eng"]);
    const findings = await checkConsolePage(page);
    await keepScreenshot(page, "candidate-phone-zh-CN-requisition-team");
    expect(findings).toEqual({ overflowPx: 0, otherLanguage: [], rawJson: [], unlabelledTimes: [] });
    await page.selectOption("[name='requisition.teamId']", "team-eng");
    await page.fill("[name='requisition.company']", "示例科技（上海）");
    expect(await save()).toBe(200);
    expect(await stored("req-console-sales")).toMatchObject({ teamId: "team-eng", company: "示例科技（上海）" });
    await edit("req-console-sales");
    expect(await page.inputValue("[name='requisition.teamId']")).toBe("team-eng");
    await page.selectOption("[name='requisition.teamId']", "");
    expect(await save()).toBe(200);
    expect((await stored("req-console-sales")).teamId).toBeUndefined();

    // A value the API's schema refuses (a forged option) comes back with its field path, marked on the select.
    await edit("req-console-sales");
    await page.locator("[name='requisition.teamId'] option[value='team-eng']").evaluate((o) => ((o as unknown as { value: string }).value = "no spaces allowed!"));
    await page.selectOption("[name='requisition.teamId']", "no spaces allowed!");
    expect(await save()).toBe(400);
    await page.waitForSelector("#form-errors li");
    expect(await page.textContent("#form-errors")).toContain("requisition.teamId");
    expect(await page.getAttribute("[name='requisition.teamId']", "class")).toContain("invalid");
    expect((await stored("req-console-sales")).teamId).toBeUndefined();
    await context.close();
  });
});
