// The one salary-masking policy, on the in-process local stack: every GET staff route in the route
// table (API responses and console pages) is fetched as a recruiter, and none shows the salary
// figures seeded across the data: a requisition's budget, a person's expectations (typed by HR and
// imported from a job board's "期望月薪" column), an offer policy's budget, and the recall brief's
// match reasons that embed them ("expects …, within the budget of …"). An admin sees them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpRoutes } from "../../lib/http-routes.js";
import { maskSalaryText } from "../../lambdas/core/privacy/salary-masking.js";
import { application, startJourneyHarness, type JourneyHarness } from "./journey-harness.js";
import { completeParts, defaultPolicy } from "./offer-harness.js";

let h: JourneyHarness;
beforeAll(async () => {
  h = await startJourneyHarness();
});
afterAll(async () => {
  await h?.stack.engine.whenIdle();
  await h?.close();
});

/** Odd figures, so a hit can only be one of them. */
const FIGURES = { budgetMin: 14263, budgetMax: 16487, expects: 15731, imported: 17359, policyMin: 301737, policyMax: 421919, candidateExpectation: 363179 };
const forms = (n: number) => [String(n), n.toLocaleString("en-US"), n.toLocaleString("zh-CN")];
const TRACES = [...new Set(Object.values(FIGURES).flatMap(forms))];

async function get(path: string, role: "recruiter" | "admin") {
  const token = await h.stack.issuer.issueToken(role);
  const res = await fetch(`${h.stack.appUrl}${path}`, { headers: { authorization: `Bearer ${token}` }, redirect: "manual" });
  return { status: res.status, text: await res.text() };
}

async function send(method: string, path: string, body: unknown, contentType = "application/json") {
  const token = await h.stack.issuer.issueToken("admin");
  const res = await fetch(`${h.stack.appUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": contentType }, body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

describe("salary masking", () => {
  it("masks figures inside text, clause by clause, and leaves other numbers", () => {
    expect(maskSalaryText("rated 4.5/5; expects 15000–15000, within the budget of 14000–16000; 12 days ago")).toBe("rated 4.5/5; expects ***–***, within the budget of ***–***; 12 days ago");
    expect(maskSalaryText("期望 / 预算: 15,000–15,000 CNY / 1.2万–1.8万")).toBe("期望 / 预算: ***–*** CNY / ***–***");
    // The recall reason as it reads since money says its period.
    expect(maskSalaryText("expects 15000–16000 CNY a month, within the monthly budget of 14000–18000 CNY; expects 20000 CNY a month, above the monthly budget's 18000 CNY")).toBe(
      "expects ***–*** CNY a month, within the monthly budget of ***–*** CNY; expects *** CNY a month, above the monthly budget's *** CNY",
    );
    expect(maskSalaryText("Interview on 2026-12-07 at 10:00, room 1203")).toBe("Interview on 2026-12-07 at 10:00, room 1203");
  });

  it("shows a recruiter no salary figure on any GET staff route, API or console page; an admin sees them", async () => {
    const requisitionId = `req-mask-${process.pid}`;
    expect((await send("PUT", `/hr/requisitions/${requisitionId}`, { title: "大客户销售 / Key Account", locale: "zh-CN", screening: { requiredKeywords: ["销售|sales"] }, roleFamily: "sales", budget: { min: FIGURES.budgetMin, max: FIGURES.budgetMax, currency: "CNY" } })).status).toBe(200);
    expect((await send("PUT", `/hr/requisitions/${requisitionId}/offer-policy`, defaultPolicy({ budget: { min: FIGURES.policyMin, max: FIGURES.policyMax, currency: "CNY" } }))).status).toBe(200);
    const posted = await h.post(application({ requisitionId }));
    const candidateId = posted.body.candidateId;
    for (const change of [
      { type: "expectations", expectations: { salaryMin: FIGURES.expects, salaryMax: FIGURES.expects, currency: "CNY" } },
      { type: "consent", purpose: "talent-pool", granted: true, source: "application form" },
      { type: "evaluation", interviewer: "王经理", rating: 4.5, comment: "沟通能力强" },
      { type: "rejection", reason: "HC 已满", reasonCode: "position-filled" },
    ]) expect((await send("POST", `/hr/talent/candidates/${candidateId}/changes`, change)).status).toBe(201);
    const offerId = `offer-mask-${process.pid}`;
    expect((await send("PUT", `/hr/candidates/${candidateId}/offers/${offerId}`, { applicationId: posted.body.applicationId, parts: completeParts(), candidateExpectation: { amount: FIGURES.candidateExpectation, currency: "CNY" }, includeExecutiveStep: false, competingOffer: false })).status).toBe(200);
    const imported = await send("POST", `/hr/talent/imports?source=zhilian&filename=${encodeURIComponent("mask.csv")}`, `姓名,手机号码,期望月薪\n薪资测试,13655550177,${FIGURES.imported}\n`, "application/octet-stream");
    expect(imported.status).toBe(202);
    const importId = imported.body.job.importId as string;
    await h.finished(h.stack.stateMachineArn("TalentImport").replace(":stateMachine:", ":execution:") + `:import-${importId}-1`);
    await h.stack.engine.whenIdle();

    const params: Record<string, string> = { candidateId, applicationId: posted.body.applicationId, requisitionId, offerId, importId, interviewerId: "none", experimentId: "none" };
    const query: Record<string, string> = { "/hr/talent/best-time": "?roleFamily=sales", "/hr/console/best-time": "?roleFamily=sales", "/hr/talent/search": "?requisition=" + requisitionId, "/hr/console/search": "?requisition=" + requisitionId };
    // Every GET staff route but the console's catch-all (a page that says there is no such page).
    const staffGets = httpRoutes.filter((r) => r.method === "GET" && (r.auth === "jwt" || r.auth === "console-session") && !r.path.includes("+}"));
    expect(staffGets.length).toBeGreaterThan(25);
    const seen: string[] = [];
    for (const route of staffGets) {
      // A parameter without seeded data (a task, an interviewer) gets an unknown id: its 404 must not leak either.
      const path = route.path.replace(/\{(\w+)\}/g, (_, p: string) => encodeURIComponent(params[p] ?? "none")) + (query[route.path] ?? "");
      const res = await get(path, "recruiter");
      expect(res.status, path).toBeLessThan(500);
      if (res.status === 200) seen.push(route.path);
      expect(TRACES.filter((t) => res.text.includes(t)), `${path} shows a salary figure to a recruiter`).toEqual([]);
    }
    // The pages and answers that carry the figures were really fetched…
    expect(seen).toEqual(expect.arrayContaining(["/hr/talent/candidates/{candidateId}", "/hr/console/candidates/{candidateId}", "/hr/console/recall/{requisitionId}", "/hr/requisitions", "/hr/candidates/{candidateId}/offers/{offerId}", "/hr/talent/imports/{importId}"]));
    // …and hold them for a role that may see them.
    expect((await get(`/hr/console/recall/${requisitionId}?lang=en`, "admin")).text).toContain(`expects ${FIGURES.expects}–${FIGURES.expects} CNY a month, within the monthly budget of ${FIGURES.budgetMin}–${FIGURES.budgetMax} CNY`);
    expect((await get(`/hr/talent/candidates/${candidateId}`, "admin")).text).toContain(String(FIGURES.expects));
    const recruiterRecall = (await get(`/hr/console/recall/${requisitionId}?lang=en`, "recruiter")).text;
    expect(recruiterRecall).toContain("expects ***–*** CNY a month, within the monthly budget of ***–*** CNY");
    // The Chinese page says the same, masked the same.
    expect((await get(`/hr/console/recall/${requisitionId}?lang=zh-CN`, "recruiter")).text).toContain("期望月薪 ***–*** CNY，在月度预算 ***–*** CNY 之内");
  });
});
