// The TalentApi function: the talent-pool API and the HR console's pages, one router over their rows of the
// route table. API routes were authorized by API Gateway; console routes by their session (cookie or
// bearer), verified in the router's middleware. Salary fields are masked for roles that may not see them.
import { TalentApiEnv } from "../config/env.js";
import { apiTokensFrom, consoleIdentityFrom } from "../adapters/cognito-identity.js";
import { talentApiFunctionRoutes } from "../../lib/routes/talent-api.js";
import { routedHandler } from "./http/router.js";
import { talentContext } from "./talent-api/talent-context.js";
import { talentApiRoutes } from "./talent-api/talent.js";
import { consolePageRoutes } from "./talent-api/console.js";
import { consolePageError } from "./console-page-response.js";
import { rateLimitFrom } from "../adapters/dynamo-rate-counter.js";

export const handler = routedHandler(
  {
    name: "talent-api",
    env: TalentApiEnv,
    routes: talentApiFunctionRoutes,
    context: talentContext,
    consoleSessions: (env) => ({ identity: consoleIdentityFrom(env), publicBaseUrl: env.PUBLIC_BASE_URL }),
    bearerTokens: (env) => apiTokensFrom(env),
    rateLimit: rateLimitFrom,
    consolePageError,
  },
  { ...talentApiRoutes, ...consolePageRoutes },
);
