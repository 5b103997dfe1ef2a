// What the console tests find on a fresh stack: two requisitions, a few applicants through the signed
// webhook (as a job board sends them), their pool records, calls for the heatmap and an experiment.
// Everything goes through the public HTTP API, as HR's tools would.
import { hr, postWebhook, token, webhookSecret } from "./local-process.js";

export interface ConsoleSeed {
  admin: string;
  recruiter: string;
  candidates: Record<"wang" | "li" | "zhao" | "anna", string>;
  applications: Record<"wang" | "li" | "zhao" | "anna", string>;
}

const ok = (res: { status: number; body: unknown }, what: string) => {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, any>;
};

export async function seedConsole(url: string, dataDir: string, runKey = "seed"): Promise<ConsoleSeed> {
  const admin = await token(url, "admin");
  const recruiter = await token(url, "recruiter");
  const put = (path: string, body: unknown) => hr(url, admin, path, { method: "PUT", body: JSON.stringify(body) });
  ok(await put("/hr/requisitions/req-console-sales", { title: "华东区渠道销售经理", company: "示例科技", locale: "zh-CN", location: "上海", screening: { requiredKeywords: ["销售"], bonusKeywords: ["SaaS"] }, roleFamily: "sales", budget: { min: 18000, max: 26000, currency: "CNY" }, ownerEmail: "boss@example.com" }), "sales requisition");
  ok(await put("/hr/requisitions/req-console-eng", { title: "Backend Engineer", company: "Acme Cloud", locale: "en", screening: { requiredKeywords: ["TypeScript"] }, roleFamily: "engineering" }), "engineering requisition");

  const secret = webhookSecret(dataDir);
  const apply = async (key: string, candidate: Record<string, unknown>, application: Record<string, unknown>) =>
    ok(await postWebhook(url, secret, JSON.stringify({ event: "application.created", candidate, application }), { deliveryId: `${runKey}-${key}` }), `apply ${key}`);
  const wang = await apply("wang", { name: "王小明", phone: "13800138101", email: "wang.console@example.com", locale: "zh-CN", timeZone: "Asia/Shanghai" }, { requisitionId: "req-console-sales", resumeText: "5年SaaS大客户销售经验", yearsExperience: 5, location: "上海" });
  const li = await apply("li", { name: "李雷", phone: "13800138102", email: "li.console@example.com", locale: "zh-CN", timeZone: "Asia/Shanghai" }, { requisitionId: "req-console-sales", resumeText: "渠道销售 3 年", yearsExperience: 3, location: "杭州" });
  const zhao = await apply("zhao", { name: "赵敏", phone: "13800138103", email: "zhao.console@example.com", locale: "zh-CN", timeZone: "Asia/Shanghai" }, { requisitionId: "req-console-sales", resumeText: "市场营销", yearsExperience: 2, location: "上海" });
  const anna = await apply("anna", { name: "Anna Lee", phone: "+14155550123", email: "anna.console@example.com", locale: "en", timeZone: "America/Los_Angeles" }, { requisitionId: "req-console-eng", resumeText: "TypeScript, AWS Lambda, DynamoDB", yearsExperience: 6, location: "Remote" });
  const candidates = { wang: String(wang.candidateId), li: String(li.candidateId), zhao: String(zhao.candidateId), anna: String(anna.candidateId) };
  const applications = { wang: String(wang.applicationId), li: String(li.applicationId), zhao: String(zhao.applicationId), anna: String(anna.applicationId) };

  const change = (id: string, body: Record<string, unknown>) => hr(url, recruiter, `/hr/talent/candidates/${id}/changes`, { method: "POST", body: JSON.stringify(body) });
  ok(await change(candidates.wang, { type: "tags", add: ["大客户", "SaaS"], requisitionId: "req-console-sales" }), "tag wang");
  ok(await change(candidates.wang, { type: "evaluation", interviewer: "陈经理", rating: 4, comment: "沟通清晰，客户案例扎实", requisitionId: "req-console-sales" }), "evaluate wang");
  // A long unbroken link in a note: the timeline must wrap it, not widen the page.
  ok(await change(candidates.wang, { type: "note", text: `作品集 https://portfolio.example.com/${"very-long-path-segment-".repeat(12)}end` }), "note wang");
  ok(await change(candidates.zhao, { type: "rejection", reason: "缺少销售经验", reasonCode: "experience", requisitionId: "req-console-sales" }), "reject zhao");
  ok(await change(candidates.anna, { type: "evaluation", interviewer: "Sam Park", rating: 5, comment: "Strong system design", requisitionId: "req-console-eng" }), "evaluate anna");

  // Calls for the heatmap, logged at the moments they happen (the stack stamps its own time).
  for (const [i, outcome] of (["no-answer", "reached", "busy", "reached"] as const).entries()) {
    ok(await hr(url, recruiter, `/hr/talent/candidates/${candidates.li}/calls`, { method: "POST", body: JSON.stringify({ attemptKey: `${runKey}-call-${i}`, outcome, requisitionId: "req-console-sales" }) }), `call ${i}`);
  }
  // Two open call tasks for the inbox: Anna asked to be called back tomorrow, Zhao did not answer.
  ok(await hr(url, recruiter, `/hr/talent/candidates/${candidates.anna}/calls`, { method: "POST", body: JSON.stringify({ attemptKey: `${runKey}-anna-call`, outcome: "call-back", callBackAt: new Date(Date.now() + 86_400_000).toISOString(), note: "In a meeting" }) }), "anna call-back");
  ok(await hr(url, recruiter, `/hr/talent/candidates/${candidates.zhao}/calls`, { method: "POST", body: JSON.stringify({ attemptKey: `${runKey}-zhao-call`, outcome: "no-answer" }) }), "zhao no answer");
  // An interviewer with availability, an interview for Wang the day after tomorrow at 10:00 UTC, and a draft offer.
  const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  ok(await put("/hr/interviewers/iv-console-chen", { name: "陈经理", email: "chen.console@example.com", availability: [{ startsAt: `${day}T01:00:00.000Z`, endsAt: `${day}T10:00:00.000Z` }] }), "interviewer");
  ok(await hr(url, recruiter, "/hr/interviews", { method: "POST", body: JSON.stringify({ candidateId: candidates.wang, applicationId: applications.wang, interviewerId: "iv-console-chen", startsAt: `${day}T02:00:00.000Z`, mode: "video", videoUrl: "https://meet.example.com/console", recruiterEmail: "recruiter@example.com" }) }), "interview");
  ok(await hr(url, recruiter, `/hr/candidates/${candidates.wang}/offers/offer-console-1`, { method: "PUT", body: JSON.stringify({ applicationId: applications.wang, parts: { basePay: { amount: 22000, currency: "CNY", period: "month", monthsPerYear: 13 } } }) }), "offer draft");
  ok(await hr(url, admin, "/hr/talent/experiments/exp-console-opening", { method: "PUT", body: JSON.stringify({ name: "开场白 A/B", roleFamily: "sales", arms: ["warm", "direct"], status: "running" }) }), "experiment");
  return { admin, recruiter, candidates, applications };
}
