// The candidate's interview pages in real Chromium (playwright-core, the system browser): the zh-CN
// invitation's confirm button, the reschedule slot picker in the candidate's zone, and the portal's
// pre-interview form. Runs against the local stack in this process.
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJourneyHarness, type JourneyHarness } from "../statemachines/journey-harness.js";
import { actionLink, candidateFor, inDays, putInterviewer, schedule } from "../statemachines/interview-harness.js";

let h: JourneyHarness;
let browser: Browser;
beforeAll(async () => {
  h = await startJourneyHarness();
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe("interview pages in Chromium", () => {
  it("lets a candidate reschedule to a slot shown in their zone, then confirm from the portal and fill in the form", async () => {
    await putInterviewer(h, "iv-browser", [{ startsAt: inDays(2), endsAt: inDays(2, 4) }]);
    const c = await candidateFor(h);
    const interview = await schedule(h, c, { interviewerId: "iv-browser", startsAt: inDays(2) });
    await h.reached(interview.executionArn, "WaitForInvitationResponse");
    const invitation = h.stack.outbox.list({ to: c.email }).find((m) => m.subject?.includes("面试安排"))!;

    const page = await browser.newPage();
    await page.goto(actionLink(invitation.html, "reschedule"));
    expect(await page.locator("h1").textContent()).toBe("面试安排");
    const options = page.locator('input[name="startsAt"]');
    expect(await options.count()).toBe(3); // four hours of availability, the first taken by this interview
    await options.nth(1).check();
    await page.getByRole("button", { name: "改到这个时间" }).click();
    await page.waitForLoadState();
    expect(await page.locator("body").textContent()).toContain("已改期至");

    // The rescheduled invitation (version 2) links to the portal, which shows the confirmed time.
    await h.reached(interview.executionArn.replace(/-v1$/, "-v2"), "WaitForInvitationResponse");
    const moved = h.stack.outbox.list({ to: c.email }).find((m) => m.subject?.includes("面试时间已更改"))!;
    const portal = /href="([^"]+)">查看我的应聘进度/.exec(moved.html ?? "")![1]!.replace(/&amp;/g, "&");
    await page.goto(portal);
    expect(await page.locator("li.current").last().textContent()).toContain("时间已确认");
    await page.fill('input[name="expectedSalary"]', "35k");
    await page.fill('input[name="questions"]', "团队有多少人？");
    await page.getByRole("button", { name: "提交" }).click();
    await page.waitForLoadState();
    expect(await page.locator("body").textContent()).toContain("已提交，谢谢！");
    await page.close();
  });
});
