// The HR API function: one router over its rows of the route table. The router verifies the bearer token,
// checks the table's roles and schemas; each implementation calls one use case in core.
import { HrApiEnv } from "../config/env.js";
import { hrApiRoutes } from "../../lib/routes/hr-api.js";
import { routedHandler } from "./http/router.js";
import { apiTokensFrom, consoleIdentityFrom } from "../adapters/cognito-identity.js";
import { hrContext } from "./hr-api/hr-context.js";
import { candidateRoutes } from "./hr-api/candidates.js";
import { offerRoutes } from "./hr-api/offers.js";
import { interviewRoutes } from "./hr-api/interviews.js";
import { taskRoutes } from "./hr-api/tasks.js";
import { templateRoutes } from "./hr-api/templates.js";
import { sendingRulesRoutes } from "./hr-api/sending-rules.js";
import { consoleWorkflowPageRoutes } from "./hr-api/console.js";
import { consolePageError } from "./console-page-response.js";
import { rateLimitFrom } from "../adapters/dynamo-rate-counter.js";

export const handler = routedHandler(
  {
    name: "hr-api",
    env: HrApiEnv,
    routes: hrApiRoutes,
    context: hrContext,
    // The console's workflow pages are served here with the same cookie session as TalentApi's.
    consoleSessions: (env) => ({ identity: consoleIdentityFrom(env), publicBaseUrl: env.PUBLIC_BASE_URL }),
    consolePageError,
    bearerTokens: (env) => apiTokensFrom(env),
    rateLimit: rateLimitFrom,
  },
  { ...candidateRoutes, ...offerRoutes, ...interviewRoutes, ...taskRoutes, ...templateRoutes, ...sendingRulesRoutes, ...consoleWorkflowPageRoutes },
);
