// The one table of HTTP routes. CDK (constructs/http-api.ts) creates exactly these routes; the local API
// Gateway adapter (local/api-gateway.ts) matches them; each function's router (lambdas/handlers/http/router.ts)
// dispatches them, checking the roles and schemas declared here; the OpenAPI document is generated from them.
// Rows live per function in lib/routes/ so that a Lambda bundle only carries the schemas of its own routes.
import { webhookRoutes } from "./routes/webhooks.js";
import { hrApiRoutes } from "./routes/hr-api.js";
import { talentApiFunctionRoutes } from "./routes/talent-api.js";
import { talentFileRoutes } from "./routes/talent-files.js";
import { offerLinkRoutes, publicLinkRoutes } from "./routes/links.js";
import { apiReferenceRoutes } from "./routes/api-reference.js";
import type { RouteSpec } from "./routes/route-spec.js";
import type { FunctionId } from "./function-catalogue.js";

export { routeKey, pathParamNames, type HttpMethod, type RouteAuth, type RouteSpec } from "./routes/route-spec.js";
/** A row of the table. */
export type HttpRoute = RouteSpec;

/** Each HTTP function's rows: exactly what its router is built from. */
export const routesByFunction = {
  WebhookIntake: webhookRoutes,
  HrApi: hrApiRoutes,
  TalentApi: talentApiFunctionRoutes,
  TalentFiles: talentFileRoutes,
  PublicLinks: publicLinkRoutes,
  OfferLinks: offerLinkRoutes,
  ApiReference: apiReferenceRoutes,
} as const satisfies Partial<Record<FunctionId, readonly RouteSpec[]>>;

export const httpRoutes: readonly RouteSpec[] = Object.values(routesByFunction).flat();
