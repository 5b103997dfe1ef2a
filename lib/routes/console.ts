// HR console rows: server-rendered pages (zh-CN/en) for the same Cognito users, signed in through managed
// login with a cookie session. Function: TalentApi (the import form posts to TalentFiles).
import { CALLBACK_PATH, LOGIN_PATH, LOGOUT_PATH } from "../../lambdas/core/access/console-login.js";
import { OPERATORS, READERS } from "../../lambdas/core/access/roles.js";
import * as z from "../../lambdas/core/shared/zod.js";
import { SearchQuery } from "../../lambdas/core/talent/talent-search.js";
import { LogCallInput } from "../../lambdas/core/talent/calls.js";
import { BestTimeQuery } from "../../lambdas/core/talent/talent-views.js";
import { BulkTalentChangeBody } from "../../lambdas/core/talent/bulk-changes.js";
import { SEARCH_SORTS } from "../../lambdas/pages/console/search-sort.js";
import { route } from "./route-spec.js";

const fn = "TalentApi" as const;
const page = (description: string) => ({ 200: { description, contentType: "text/html" } });
const redirect = { 302: { description: "Redirect", contentType: "text/html" } };
const Lang = z.object({ lang: z.enum(["zh-CN", "en"]).optional() });
const SearchPageQuery = SearchQuery.extend({ ...Lang.shape, sort: z.enum(SEARCH_SORTS).default("recent") });

export const consoleRoutes = [
  route({ method: "GET", path: LOGIN_PATH, fn, auth: "public", operationId: "consoleLogin", summary: "Sign in to the console", description: "Redirects to Cognito managed login (authorization code with PKCE).", tags: ["Console"], responses: redirect }),
  route({ method: "GET", path: CALLBACK_PATH, fn, auth: "public", operationId: "consoleCallback", summary: "Finish signing in", description: "Managed login's redirect back: exchanges the code and sets the session cookie.", tags: ["Console"], responses: redirect }),
  route({ method: "GET", path: LOGOUT_PATH, fn, auth: "public", operationId: "consoleLogout", summary: "Sign out", tags: ["Console"], responses: redirect }),
  route({ method: "GET", path: "/hr/console/search", fn, auth: "console-session", roles: READERS, operationId: "consoleSearchPage", summary: "Search page", tags: ["Console"], query: SearchPageQuery, responses: page("The search page: results sortable, selectable in bulk") }),
  route({ method: "POST", path: "/hr/console/talent/bulk-changes", fn, auth: "console-session", roles: OPERATORS, operationId: "consoleBulkTalentChange", summary: "Tag or set the status of many people", description: "The search page's bulk action: each person gets the ordinary talent change and timeline event; `batchKey` makes a retry land once.", tags: ["Console"], body: { type: "json", schema: BulkTalentChangeBody }, responses: { 200: { description: "How many changed, and who could not be" } } }),
  route({ method: "GET", path: "/hr/console/candidates/{candidateId}", fn, auth: "console-session", roles: READERS, operationId: "consoleCandidatePage", summary: "Candidate page", tags: ["Console"], query: Lang, responses: page("The candidate's page") }),
  route({ method: "GET", path: "/hr/console/best-time", fn, auth: "console-session", roles: READERS, operationId: "consoleBestTimePage", summary: "Best-time page", tags: ["Console"], query: BestTimeQuery.extend(Lang.shape), responses: page("The best-time page") }),
  route({ method: "GET", path: "/hr/console/recall/{requisitionId}", fn, auth: "console-session", roles: READERS, operationId: "consoleRecallPage", summary: "Recall page", tags: ["Console"], query: Lang, responses: page("Past candidates who may fit the requisition now") }),
  route({ method: "GET", path: "/hr/console/experiments", fn, auth: "console-session", roles: READERS, operationId: "consoleExperimentsPage", summary: "Experiments page", tags: ["Console"], query: Lang, responses: page("Every outreach experiment") }),
  route({ method: "GET", path: "/hr/console/experiments/{experimentId}", fn, auth: "console-session", roles: READERS, operationId: "consoleExperimentPage", summary: "Experiment page", tags: ["Console"], query: Lang, responses: page("The experiment and its verdict") }),
  route({ method: "GET", path: "/hr/console/imports", fn, auth: "console-session", roles: READERS, operationId: "consoleImportsPage", summary: "Imports page", tags: ["Console"], query: Lang, responses: page("The import form") }),
  route({ method: "GET", path: "/hr/console/imports/{importId}", fn, auth: "console-session", roles: READERS, operationId: "consoleImportPage", summary: "Import page", tags: ["Console"], query: Lang, responses: page("The import's progress and rejected rows") }),
  route({ method: "POST", path: "/hr/console/candidates/{candidateId}/calls", fn, auth: "console-session", roles: OPERATORS, operationId: "consoleLogCall", summary: "Log a call from the console", description: "The candidate page's call form: the same as POST /hr/talent/candidates/{candidateId}/calls, with the session cookie and its CSRF token.", tags: ["Console"], body: { type: "json", schema: LogCallInput }, responses: { 201: { description: "The attempt" }, 200: { description: "The same attemptKey again: nothing new" } } }),
  // Any other console address: a "page not found" page in the viewer's language, behind the same sign-in.
  route({ method: "GET", path: "/hr/console/{proxy+}", fn, auth: "console-session", roles: "signed-in", operationId: "consoleNotFound", summary: "Unknown console page", tags: ["Console"], query: Lang, responses: { 404: { description: "The not-found page", contentType: "text/html" } } }),
] as const;
