// HR API rows: who is signed in, candidates and applications, requisitions, dead letters,
// consent and re-engagement. Function: HrApi.
import { OPERATORS, READERS } from "../../lambdas/core/access/roles.js";
import { PageQuery } from "../../lambdas/core/shared/paging.js";
import { ScreenOverrideBody } from "../../lambdas/core/screening/screen-override.js";
import { RequisitionBody } from "../../lambdas/core/requisitions/requisitions.js";
import { ConsentBody, ReEngagementBody } from "../../lambdas/core/re-engagement/re-engagement-plans.js";
import { PreferencesChange } from "../../lambdas/core/preferences/preferences-model.js";
import { PolicyChangeBody } from "../../lambdas/core/offer/offer-tasks.js";
import { route } from "./route-spec.js";

const fn = "HrApi" as const;

export const hrCandidateRoutes = [
  route({ method: "GET", path: "/hr/me", fn, auth: "jwt", roles: "signed-in", operationId: "getMe", summary: "Who am I", tags: ["Account"], responses: { 200: { description: "The caller's sub, email and roles" } } }),
  route({ method: "GET", path: "/hr/candidates", fn, auth: "jwt", roles: READERS, operationId: "listCandidates", summary: "List candidates", tags: ["Candidates"], query: PageQuery, responses: { 200: { description: "A page of candidates" } } }),
  route({ method: "GET", path: "/hr/candidates/{candidateId}", fn, auth: "jwt", roles: READERS, operationId: "getCandidate", summary: "Read a candidate", description: "Profile, applications and timeline.", tags: ["Candidates"], responses: { 200: { description: "The candidate" } } }),
  route({ method: "GET", path: "/hr/applications/{candidateId}/{applicationId}", fn, auth: "jwt", roles: READERS, operationId: "getApplication", summary: "Read an application", tags: ["Candidates"], responses: { 200: { description: "The application" } } }),
  route({ method: "POST", path: "/hr/applications/{candidateId}/{applicationId}/screen-override", fn, auth: "jwt", roles: OPERATORS, operationId: "overrideScreen", summary: "Override a screen decision", tags: ["Candidates"], body: { type: "json", schema: ScreenOverrideBody }, responses: { 200: { description: "The application with HR's decision" } } }),
  route({ method: "GET", path: "/hr/requisitions", fn, auth: "jwt", roles: READERS, operationId: "listRequisitions", summary: "List requisitions", tags: ["Requisitions"], responses: { 200: { description: "Every requisition" } } }),
  route({ method: "PUT", path: "/hr/requisitions/{requisitionId}", fn, auth: "jwt", roles: OPERATORS, operationId: "putRequisition", summary: "Create or change a requisition", description: "Opening a requisition, or changing its budget, emails its owner a recall brief of past candidates who may fit now.", tags: ["Requisitions"], body: { type: "json", schema: RequisitionBody }, responses: { 200: { description: "The requisition, with the recall brief sent if any" } } }),
  route({ method: "GET", path: "/hr/dead-letters", fn, auth: "jwt", roles: OPERATORS, operationId: "listDeadLetters", summary: "List dead letters", description: "Webhook deliveries that were refused, kept with their raw bytes.", tags: ["Webhooks"], query: PageQuery, responses: { 200: { description: "A page of dead letters" } } }),
  route({ method: "POST", path: "/hr/dead-letters/{deadLetterId}/replay", fn, auth: "jwt", roles: OPERATORS, operationId: "replayDeadLetter", summary: "Replay a dead letter", tags: ["Webhooks"], responses: { 200: { description: "Replayed: the intake result" } } }),
  route({ method: "GET", path: "/hr/candidates/{candidateId}/preferences", fn, auth: "jwt", roles: READERS, operationId: "getPreferences", summary: "Read a person's preferences and consents", description: "The one record every journey reads: channel (and whose word it is), what they care about, best time, language, consents per purpose.", tags: ["Candidates"], responses: { 200: { description: "The record as journeys see it" } } }),
  route({ method: "PUT", path: "/hr/candidates/{candidateId}/preferences", fn, auth: "jwt", roles: OPERATORS, operationId: "putPreferences", summary: "Change a person's preferences and consents", description: "Sets the fields it names; `null` clears one. `expectedVersion` turns a concurrent edit into 409.", tags: ["Candidates"], body: { type: "json", schema: PreferencesChange }, responses: { 200: { description: "The record after the change" } } }),
  route({ method: "PUT", path: "/hr/candidates/{candidateId}/consent", fn, auth: "jwt", roles: OPERATORS, operationId: "putConsent", summary: "Record consent to future contact", description: "Re-engagement consent alone; the same as `consents.re-engagement` in PUT …/preferences.", tags: ["Re-engagement"], body: { type: "json", schema: ConsentBody }, responses: { 200: { description: "The consent as recorded" } } }),
  route({ method: "GET", path: "/hr/candidates/{candidateId}/re-engagement", fn, auth: "jwt", roles: READERS, operationId: "getReEngagement", summary: "Read a re-engagement plan", tags: ["Re-engagement"], responses: { 200: { description: "The plan" } } }),
  route({ method: "PUT", path: "/hr/candidates/{candidateId}/re-engagement", fn, auth: "jwt", roles: OPERATORS, operationId: "putReEngagement", summary: "Reschedule re-engagement", tags: ["Re-engagement"], body: { type: "json", schema: ReEngagementBody }, responses: { 200: { description: "The plan as rescheduled" } } }),
  route({ method: "DELETE", path: "/hr/candidates/{candidateId}/re-engagement", fn, auth: "jwt", roles: OPERATORS, operationId: "cancelReEngagement", summary: "Cancel re-engagement", tags: ["Re-engagement"], responses: { 200: { description: "The cancelled plan" } } }),
  route({ method: "POST", path: "/hr/policy-changes", fn, auth: "jwt", roles: OPERATORS, operationId: "recordPolicyChange", summary: "Record a policy change", description: "Re-engagement briefs list the policy changes since a candidate's offer.", tags: ["Re-engagement"], body: { type: "json", schema: PolicyChangeBody }, responses: { 201: { description: "The change" } } }),
] as const;
