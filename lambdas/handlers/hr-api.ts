// The HR API function: one router over its rows of the route table. The router verifies the bearer token,
// checks the table's roles and schemas; each implementation calls one use case in core.
import { HrApiEnv } from "../config/env.js";
import { hrApiRoutes } from "../../lib/routes/hr-api.js";
import { routedHandler } from "./http/router.js";
import { apiTokensFrom } from "../adapters/cognito-identity.js";
import { hrContext } from "./hr-api/hr-context.js";
import { candidateRoutes } from "./hr-api/candidates.js";
import { offerRoutes } from "./hr-api/offers.js";
import { interviewRoutes } from "./hr-api/interviews.js";

export const handler = routedHandler(
  { name: "hr-api", env: HrApiEnv, routes: hrApiRoutes, context: hrContext, bearerTokens: (env) => apiTokensFrom(env) },
  { ...candidateRoutes, ...offerRoutes, ...interviewRoutes },
);
