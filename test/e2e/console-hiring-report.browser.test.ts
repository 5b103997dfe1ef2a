// The hiring report against `npm start` as its own process: the console's seed (four applicants, one
// screened out and rejected), then two offers taken through the real journey (a manager approves from
// the email link; one candidate accepts, the other declines with a reason). The API's numbers are
// checked exactly, then the page in Chromium on a desktop (en) and a phone (zh-CN): every figure with
// its count and interval printed, small samples marked, the page checks passed, the period changed
// with the keyboard alone, and screenshots kept.
import { rmSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clock, eventually, hr, newDataDir, outbox, startLocalProcess, type LocalProcess } from "./local-process.js";
import { seedConsole, type ConsoleSeed } from "./console-fixtures.js";
import { checkConsolePage, keepScreenshot } from "./console-page-check.js";

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const MANAGER = "hm.report@example.com";

const parts = () => ({
  basePay: { amount: 24_000, currency: "CNY", period: "month", monthsPerYear: 13 },
  commission: { kind: "none" },
  bonus: { kind: "none" },
  benefits: ["五险一金"],
  probation: { months: 3, payPercent: 100 },
  startDate: new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10),
  location: "上海",
  responseDeadline: new Date(Date.now() + 5 * 86_400_000).toISOString(),
});

/**
 * The link in the newest email to `to` whose subject matches, with `action`, on this stack. A candidate
 * message may be held (quiet hours, the daily cap: the seed already wrote to these people today), so
 * journey time is moved on an hour at a time until it goes out, as a day passing would.
 */
async function linkIn(url: string, to: string, subject: RegExp, action: string): Promise<string> {
  let polls = 0;
  const mail = await eventually(async () => {
    const found = (await outbox(url, { to })).find((m) => subject.test(m.subject ?? ""));
    if (!found && ++polls % 40 === 0) await clock(url, { advance: "PT1H" });
    return found;
  }, `an email to ${to} matching ${subject}`, 120_000);
  const href = new RegExp(`href="(https?://[^"]+/o/[A-Za-z0-9_-]+)\\?action=${action}"`).exec(mail.html ?? "")?.[1];
  if (!href) throw new Error(`no ${action} link in "${mail.subject}"`);
  return href.replace(/^https?:\/\/[^/]+/, url);
}

async function postForm(link: string, form: Record<string, string>): Promise<{ status: number; text: string }> {
  const res = await fetch(link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() });
  return { status: res.status, text: await res.text() };
}

describe("the hiring report", { timeout: 300_000 }, () => {
  let stack: LocalProcess;
  let browser: Browser;
  let seed: ConsoleSeed;

  beforeAll(async () => {
    stack = await startLocalProcess(newDataDir(), { HIREPATH_EVENT_DELAY_MS: "20" });
    seed = await seedConsole(stack.url, stack.dataDir, "report");
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (stack) rmSync(stack.dataDir, { recursive: true, force: true });
  });

  it("counts the funnel, time in stage and offer acceptance from the journeys' own records", async () => {
    const { admin, recruiter, candidates, applications } = seed;
    expect((await hr(stack.url, admin, "/hr/requisitions/req-console-sales/offer-policy", { method: "PUT", body: JSON.stringify({ ownerEmail: "boss@example.com", approvalChain: [{ name: "用人经理", approvers: [{ email: MANAGER, name: "周经理" }], required: 1 }] }) })).status).toBe(200);
    // The screen has run for everyone before offers are made (Zhao is screened out: no sales experience).
    for (const who of ["wang", "li", "zhao"] as const) {
      await eventually(async () => (await hr(stack.url, recruiter, `/hr/candidates/${candidates[who]}`)).body.timeline?.some((e: { type: string }) => e.type === "application.screened"), `${who}'s screen`, 60_000);
    }
    // Wang (interview booked by the seed) gets an offer and accepts; Li, who holds a competing offer, declines.
    for (const [who, competingOffer] of [["wang", false], ["li", true]] as const) {
      const offerId = `offer-report-${who}`;
      expect((await hr(stack.url, recruiter, `/hr/candidates/${candidates[who]}/offers/${offerId}`, { method: "PUT", body: JSON.stringify({ applicationId: applications[who], parts: parts(), competingOffer }) })).status).toBe(200);
      expect((await hr(stack.url, recruiter, `/hr/candidates/${candidates[who]}/offers/${offerId}/submit`, { method: "POST" })).status).toBe(202);
      const approve = await linkIn(stack.url, MANAGER, new RegExp(who === "wang" ? "王小明" : "李雷"), "approve");
      expect((await postForm(approve, { action: "approve" })).status).toBe(200);
    }
    const accept = await linkIn(stack.url, "wang.console@example.com", /录用通知/, "accept");
    expect((await postForm(accept, { action: "accept" })).status).toBe(200);
    const decline = await linkIn(stack.url, "li.console@example.com", /录用通知/, "decline");
    expect((await postForm(decline, { action: "decline", text: "薪资低于另一家" })).status).toBe(200);

    const report = await eventually(async () => {
      const r = (await hr(stack.url, recruiter, "/hr/reports/hiring")).body;
      // The answer is on the offer record a moment before its timeline event: wait for both.
      return r.offers?.overall?.declined === 1 && r.offers.overall.accepted === 1 && r.funnel?.overall?.pass?.[3]?.n === 2 ? r : undefined;
    }, "both answers in the report", 60_000);
    expect(report.applications).toBe(4);
    // Applied 4 → screened 3 (Zhao out) → interview 2 (Wang booked; Li's offer passes over it) → offer 2 → hired 1.
    expect(report.funnel.overall.reached).toEqual([4, 3, 2, 2, 1]);
    expect(report.funnel.overall.pass[0]).toMatchObject({ k: 3, n: 4 });
    // Anna is still at "screened": apart, not a failure.
    expect(report.funnel.overall.pass[1]).toMatchObject({ k: 2, n: 2 });
    expect(report.funnel.overall.open[1]).toBe(1);
    expect(report.funnel.overall.pass[3]).toMatchObject({ k: 1, n: 2, rate: 0.5 });
    expect(report.funnel.overall.overall).toMatchObject({ k: 1, n: 3 });
    expect(report.funnel.byRequisition.map((r: { requisitionId: string; title: string; reached: number[] }) => [r.requisitionId, r.title, r.reached])).toEqual([
      ["req-console-sales", "华东区渠道销售经理", [3, 2, 2, 2, 1]],
      ["req-console-eng", "Backend Engineer", [1, 1, 0, 0, 0]],
    ]);
    expect(report.funnel.bySource.map((r: { source: string }) => r.source)).toEqual(["generic"]);
    expect(report.timeInStage.find((s: { stage: string }) => s.stage === "screened").longest.map((l: { name: string }) => l.name)).toEqual(["Anna Lee"]);
    expect(report.offers.overall).toMatchObject({ sent: 2, accepted: 1, declined: 1, waiting: 0, acceptance: { k: 1, n: 2 } });
    expect(report.offers.byCompetingOffer.map((r: { competingOffer: boolean; accepted: number; declined: number }) => [r.competingOffer, r.accepted, r.declined])).toEqual([[true, 0, 1], [false, 1, 0]]);
    expect(report.offers.declineReasons).toEqual([expect.objectContaining({ name: "李雷", reason: "薪资低于另一家" })]);
    expect((await hr(stack.url, recruiter, "/hr/reports/hiring?period=7")).status).toBe(400);
  });

  async function openReport(viewport: { width: number; height: number }, locale: "zh-CN" | "en"): Promise<Page> {
    const context = await browser.newContext({ viewport, locale, timezoneId: "Asia/Shanghai" });
    const page = await context.newPage();
    await page.goto(`${stack.url}/hr/console/search?lang=${locale}`);
    await Promise.all([page.waitForURL((u) => u.pathname === "/hr/console/search"), page.click(`button[data-role="recruiter"]`)]);
    await page.click("nav.menu a[href^='/hr/console/reports']");
    await Promise.all([page.waitForURL(/\/hr\/console\/reports\/hiring/), page.click("nav.report-tabs a[href^='/hr/console/reports/hiring']")]);
    return page;
  }

  it("shows the report in Chromium, en on a desktop and zh-CN on a phone, every figure with its count and interval", async () => {
    for (const [viewport, locale] of [[{ width: 1280, height: 900 }, "en"], [{ width: 390, height: 844 }, "zh-CN"]] as const) {
      const page = await openReport(viewport, locale);
      const name = `${viewport.width === 390 ? "phone" : "desktop"}-${locale}-report-hiring`;
      expect(await page.textContent("#report-summary")).toContain(locale === "en" ? "4 applications" : "4 份申请");
      expect(await page.locator("#funnel-overall li").evaluateAll((li) => li.map((l) => (l as unknown as { dataset: { stage: string } }).dataset.stage))).toEqual(["applied", "screened", "interview", "offer", "hired"]);
      const offerStep = await page.textContent("#funnel-overall li[data-stage=offer]");
      // 1 of 2 moved on from the offer stage: 50%, with its interval and a small-sample mark.
      expect(offerStep).toContain("50% (1/2, ");
      expect(offerStep).toContain("9%–91%");
      expect(offerStep).toContain(locale === "en" ? "few data" : "样本少");
      expect(await page.textContent("#funnel-by-requisition tr[data-requisition=req-console-sales]")).toContain("华东区渠道销售经理");
      expect(await page.textContent("#time-in-stage-table tr[data-stage=screened]")).toContain("Anna Lee");
      expect(await page.textContent("#offers-overall")).toContain("50% (1/2, ");
      expect(await page.textContent("#offers-by-competing")).toContain(locale === "en" ? "Competing offer known" : "已知有其他 Offer");
      expect(await page.textContent("#decline-reasons")).toContain("薪资低于另一家");
      const findings = await checkConsolePage(page);
      await keepScreenshot(page, name);
      expect(findings, name).toEqual({ overflowPx: 0, otherLanguage: [], rawJson: [], unlabelledTimes: [] });
      await page.context().close();
    }
  });

  it("changes the period with the keyboard alone", async () => {
    const page = await openReport({ width: 390, height: 844 }, "zh-CN");
    await page.focus("form.period select[name=period]");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("Tab");
    await Promise.all([page.waitForURL(/period=365/), page.keyboard.press("Enter")]);
    expect(await page.locator("form.period select").inputValue()).toBe("365");
    // Everything here was received today: the same four applications.
    expect(await page.textContent("#report-summary")).toContain("4 份申请");
    expect(await page.textContent("#report-summary")).toContain("收到于");
    expect((await checkConsolePage(page)).overflowPx).toBe(0);
    await page.context().close();
  });
});
