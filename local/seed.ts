// A demo requisition so the five-minute tour works on a fresh data directory. It goes through the
// HR API handler like any HR user's change would, and only if the requisition is missing.
import type { LocalLambda } from "./lambda-runtime.js";

export const DEMO_REQUISITION_ID = "req-sales-sh";

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
  const existing = (await hrApi(ctx("GET /hr/requisitions", "/hr/requisitions"), context)) as { statusCode: number; body: string };
  const items = (JSON.parse(existing.body) as { items?: Array<{ requisitionId: string }> }).items ?? [];
  if (items.some((r) => r.requisitionId === DEMO_REQUISITION_ID)) return;
  await hrApi(
    {
      ...ctx("PUT /hr/requisitions/{requisitionId}", `/hr/requisitions/${DEMO_REQUISITION_ID}`),
      pathParameters: { requisitionId: DEMO_REQUISITION_ID },
      body: JSON.stringify({
        title: "大客户销售经理（上海） / Key Account Sales Manager, Shanghai",
        locale: "zh-CN",
        location: "上海",
        screening: { requiredKeywords: ["销售|sales"], bonusKeywords: ["SaaS", "大客户|key account", "CRM"] },
      }),
    },
    context,
  );
}
