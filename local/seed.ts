// A demo requisition so the five-minute tour works on a fresh data directory. It goes through the
// HR API handler like any HR user's change would, and only if the requisition is missing.
import type { LocalLambda } from "./lambda-runtime.js";
import { addLocalDays, fromLocal, toLocal } from "../lambdas/core/shared/zoned-time.js";

export const DEMO_REQUISITION_ID = "req-sales-sh";
export const DEMO_INTERVIEWER_ID = "iv-demo";

export async function seedDemoData(hrApi: LocalLambda, context: unknown): Promise<void> {
  // Invoked in-process as the seed, not over HTTP: there is no user, so no token to verify.
  const claims = { sub: "local-seed", "cognito:groups": "[admin]" };
  const base = { version: "2.0", rawQueryString: "", headers: { "content-type": "application/json" }, isBase64Encoded: false };
  const ctx = (routeKey: string, path: string) => ({
    ...base,
    routeKey,
    rawPath: path,
    requestContext: { http: { method: routeKey.split(" ")[0], path }, routeKey, stage: "$default", requestId: "seed", authorizer: { jwt: { claims, scopes: null } } },
  });
  await seedDemoInterviewer(hrApi, context, ctx);
  const existing = (await hrApi(ctx("GET /hr/requisitions", "/hr/requisitions"), context)) as { statusCode: number; body: string };
  const items = (JSON.parse(existing.body) as { items?: Array<{ requisitionId: string }> }).items ?? [];
  if (items.some((r) => r.requisitionId === DEMO_REQUISITION_ID)) return;
  await hrApi(
    {
      ...ctx("PUT /hr/requisitions/{requisitionId}", `/hr/requisitions/${DEMO_REQUISITION_ID}`),
      pathParameters: { requisitionId: DEMO_REQUISITION_ID },
      body: JSON.stringify({
        title: "大客户销售经理（上海） / Key Account Sales Manager, Shanghai",
        company: "示例科技 / Demo Tech",
        locale: "zh-CN",
        location: "上海",
        screening: { requiredKeywords: ["销售|sales"], bonusKeywords: ["SaaS", "大客户|key account", "CRM"] },
      }),
    },
    context,
  );
}

/** A demo interviewer with two weeks of 10:00–17:00 (Shanghai) availability, so slots and self-scheduling work on a fresh stack. */
async function seedDemoInterviewer(hrApi: LocalLambda, context: unknown, ctx: (routeKey: string, path: string) => Record<string, unknown>): Promise<void> {
  const listed = (await hrApi(ctx("GET /hr/interviewers", "/hr/interviewers"), context)) as { body: string };
  if (((JSON.parse(listed.body) as { items?: Array<{ interviewerId: string }> }).items ?? []).some((i) => i.interviewerId === DEMO_INTERVIEWER_ID)) return;
  const zone = "Asia/Shanghai";
  const today = toLocal(new Date(), zone);
  const availability = Array.from({ length: 14 }, (_, i) => addLocalDays(today, i + 1)).map((day) => ({
    startsAt: fromLocal({ ...day, hour: 10, minute: 0 }, zone).toISOString(),
    endsAt: fromLocal({ ...day, hour: 17, minute: 0 }, zone).toISOString(),
  }));
  await hrApi(
    {
      ...ctx("PUT /hr/interviewers/{interviewerId}", `/hr/interviewers/${DEMO_INTERVIEWER_ID}`),
      pathParameters: { interviewerId: DEMO_INTERVIEWER_ID },
      body: JSON.stringify({
        name: "李娜 / Li Na",
        email: "li.na@hirepath.local",
        title: { "zh-CN": "华东区销售总监", en: "Sales Director, East China" },
        background: { "zh-CN": "12年企业软件销售，带领华东大客户团队", en: "12 years in enterprise software sales; leads the East China key-account team" },
        tags: ["saas", "key-account|大客户", "enterprise|企业"],
        availability,
      }),
    },
    context,
  );
}
