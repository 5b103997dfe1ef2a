// The HTTP API's routes, shared by the CDK HttpApi and the local API Gateway adapter so both
// expose the same paths with the same authorization.
import type { FunctionId } from "./function-catalogue.js";

export type RouteAuth =
  /** Cognito JWT authorizer; the handler then checks the role from `cognito:groups`. */
  | "jwt"
  /** No authorizer: the handler verifies a job-board signature. */
  | "webhook-signature"
  /** No authorizer: the handler verifies a signed, expiring link. */
  | "signed-link"
  /**
   * No authorizer: HR console pages, opened by a browser that sends its Cognito session as a cookie, which
   * the JWT authorizer cannot read. The handler verifies the cookie (or a bearer header) against the user
   * pool's JWKS and runs the managed-login sign-in (login, callback, logout).
   */
  | "console-session";

export interface HttpRoute {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  /** API Gateway path syntax: `{name}` parameters, `{proxy+}` greedy. */
  readonly path: string;
  readonly fn: FunctionId;
  readonly auth: RouteAuth;
}

export const httpRoutes: readonly HttpRoute[] = [
  // Job-board webhooks
  { method: "POST", path: "/webhooks/{source}", fn: "WebhookIntake", auth: "webhook-signature" },
  // HR API
  { method: "GET", path: "/hr/candidates", fn: "HrApi", auth: "jwt" },
  { method: "GET", path: "/hr/candidates/{candidateId}", fn: "HrApi", auth: "jwt" },
  { method: "GET", path: "/hr/applications/{candidateId}/{applicationId}", fn: "HrApi", auth: "jwt" },
  { method: "POST", path: "/hr/applications/{candidateId}/{applicationId}/screen-override", fn: "HrApi", auth: "jwt" },
  { method: "GET", path: "/hr/requisitions", fn: "HrApi", auth: "jwt" },
  { method: "PUT", path: "/hr/requisitions/{requisitionId}", fn: "HrApi", auth: "jwt" },
  { method: "GET", path: "/hr/dead-letters", fn: "HrApi", auth: "jwt" },
  { method: "POST", path: "/hr/dead-letters/{deadLetterId}/replay", fn: "HrApi", auth: "jwt" },
  { method: "GET", path: "/hr/me", fn: "HrApi", auth: "jwt" },
  { method: "PUT", path: "/hr/requisitions/{requisitionId}/offer-policy", fn: "HrApi", auth: "jwt" },
  { method: "PUT", path: "/hr/candidates/{candidateId}/offers/{offerId}", fn: "HrApi", auth: "jwt" },
  { method: "GET", path: "/hr/candidates/{candidateId}/offers/{offerId}", fn: "HrApi", auth: "jwt" },
  { method: "POST", path: "/hr/candidates/{candidateId}/offers/{offerId}/submit", fn: "HrApi", auth: "jwt" },
  { method: "GET", path: "/hr/tasks", fn: "HrApi", auth: "jwt" },
  { method: "POST", path: "/hr/tasks/{taskId}/done", fn: "HrApi", auth: "jwt" },
  { method: "PUT", path: "/hr/candidates/{candidateId}/consent", fn: "HrApi", auth: "jwt" },
  { method: "GET", path: "/hr/candidates/{candidateId}/preferences", fn: "HrApi", auth: "jwt" },
  { method: "PUT", path: "/hr/candidates/{candidateId}/preferences", fn: "HrApi", auth: "jwt" },
  { method: "GET", path: "/hr/candidates/{candidateId}/re-engagement", fn: "HrApi", auth: "jwt" },
  { method: "PUT", path: "/hr/candidates/{candidateId}/re-engagement", fn: "HrApi", auth: "jwt" },
  { method: "DELETE", path: "/hr/candidates/{candidateId}/re-engagement", fn: "HrApi", auth: "jwt" },
  { method: "POST", path: "/hr/policy-changes", fn: "HrApi", auth: "jwt" },
  // Interviews (issue 3)
  { method: "GET", path: "/hr/interviewers", fn: "HrApi", auth: "jwt" },
  { method: "PUT", path: "/hr/interviewers/{interviewerId}", fn: "HrApi", auth: "jwt" },
  { method: "GET", path: "/hr/interviewers/{interviewerId}/slots", fn: "HrApi", auth: "jwt" },
  { method: "PUT", path: "/hr/interviewers/{interviewerId}/availability", fn: "HrApi", auth: "jwt" },
  { method: "POST", path: "/hr/interviews", fn: "HrApi", auth: "jwt" },
  { method: "GET", path: "/hr/interviews/{candidateId}", fn: "HrApi", auth: "jwt" },
  { method: "POST", path: "/hr/interviews/{candidateId}/{interviewId}/reschedule", fn: "HrApi", auth: "jwt" },
  { method: "POST", path: "/hr/interviews/{candidateId}/{interviewId}/cancel", fn: "HrApi", auth: "jwt" },
  { method: "POST", path: "/hr/interviews/{candidateId}/{interviewId}/outcome", fn: "HrApi", auth: "jwt" },
  { method: "POST", path: "/hr/interviews/{candidateId}/{applicationId}/scheduling-link", fn: "HrApi", auth: "jwt" },
  { method: "PUT", path: "/hr/teams/{teamId}/chat-robots", fn: "HrApi", auth: "jwt" },
  { method: "POST", path: "/hr/candidates/{candidateId}/priority", fn: "HrApi", auth: "jwt" },
  { method: "GET", path: "/hr/priority-flags", fn: "HrApi", auth: "jwt" },
  { method: "POST", path: "/hr/candidates/{candidateId}/reassurance", fn: "HrApi", auth: "jwt" },
  { method: "GET", path: "/hr/candidates/{candidateId}/interviewer-suggestions", fn: "HrApi", auth: "jwt" },
  { method: "POST", path: "/hr/tasks/{taskId}/complete", fn: "HrApi", auth: "jwt" },
  // Talent pool (same JWT authorizer; roles checked per route; salary fields masked by role)
  { method: "GET", path: "/hr/talent/search", fn: "TalentApi", auth: "jwt" },
  { method: "GET", path: "/hr/talent/candidates/{candidateId}", fn: "TalentApi", auth: "jwt" },
  { method: "POST", path: "/hr/talent/candidates/{candidateId}/changes", fn: "TalentApi", auth: "jwt" },
  { method: "POST", path: "/hr/talent/candidates/{candidateId}/calls", fn: "TalentApi", auth: "jwt" },
  { method: "POST", path: "/hr/talent/candidates/{candidateId}/resumes", fn: "TalentFiles", auth: "jwt" },
  { method: "GET", path: "/hr/talent/candidates/{candidateId}/export", fn: "TalentApi", auth: "jwt" },
  { method: "POST", path: "/hr/talent/candidates/{candidateId}/erasure", fn: "TalentApi", auth: "jwt" },
  { method: "POST", path: "/hr/talent/candidates/{candidateId}/recalls", fn: "TalentApi", auth: "jwt" },
  { method: "POST", path: "/hr/talent/candidates/{candidateId}/recalls/{recallId}/outcome", fn: "TalentApi", auth: "jwt" },
  { method: "POST", path: "/hr/talent/merges", fn: "TalentApi", auth: "jwt" },
  { method: "POST", path: "/hr/talent/reindex", fn: "TalentApi", auth: "jwt" },
  { method: "GET", path: "/hr/talent/best-time", fn: "TalentApi", auth: "jwt" },
  { method: "GET", path: "/hr/talent/call-tasks", fn: "TalentApi", auth: "jwt" },
  { method: "POST", path: "/hr/talent/imports", fn: "TalentFiles", auth: "jwt" },
  { method: "GET", path: "/hr/talent/imports/{importId}", fn: "TalentFiles", auth: "jwt" },
  { method: "PUT", path: "/hr/talent/experiments/{experimentId}", fn: "TalentApi", auth: "jwt" },
  { method: "GET", path: "/hr/talent/experiments/{experimentId}", fn: "TalentApi", auth: "jwt" },
  { method: "POST", path: "/hr/talent/experiments/{experimentId}/assignments", fn: "TalentApi", auth: "jwt" },
  { method: "POST", path: "/hr/talent/experiments/{experimentId}/responses", fn: "TalentApi", auth: "jwt" },
  { method: "PUT", path: "/hr/talent/import-mappings/{source}", fn: "TalentFiles", auth: "jwt" },
  // HR console pages (server-rendered, zh-CN/en): the same Cognito users, signed in through managed login
  { method: "GET", path: "/hr/console/login", fn: "TalentApi", auth: "console-session" },
  { method: "GET", path: "/hr/console/auth/callback", fn: "TalentApi", auth: "console-session" },
  { method: "GET", path: "/hr/console/logout", fn: "TalentApi", auth: "console-session" },
  { method: "GET", path: "/hr/console/{proxy+}", fn: "TalentApi", auth: "console-session" },
  { method: "POST", path: "/hr/console/candidates/{candidateId}/calls", fn: "TalentApi", auth: "console-session" },
  { method: "POST", path: "/hr/console/imports", fn: "TalentFiles", auth: "console-session" },
  // Signed links (candidate portal, unsubscribe; offer approvals build on the same family)
  { method: "GET", path: "/l/{linkToken}", fn: "PublicLinks", auth: "signed-link" },
  { method: "POST", path: "/l/{linkToken}", fn: "PublicLinks", auth: "signed-link" },
  // Offer approval and response links: a short random id, looked up in the table (never the task token)
  { method: "GET", path: "/o/{linkId}", fn: "OfferLinks", auth: "signed-link" },
  { method: "POST", path: "/o/{linkId}", fn: "OfferLinks", auth: "signed-link" },
];

/** "GET /hr/candidates/{candidateId}" — API Gateway's routeKey format. */
export function routeKey(route: HttpRoute): string {
  return `${route.method} ${route.path}`;
}
