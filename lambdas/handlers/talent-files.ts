// Uploads for the talent pool: job-board exports (CSV/XLSX), accepted here and landed by the import
// workflow, and resumes (PDF/DOCX). A function of its own because the resume readers (mammoth,
// unpdf) are large: the search and timeline API stays small and starts fast.
import { parseJsonBody as parseJson, parseWith, queryOf } from "./http-input.js";
import { TalentFilesEnv } from "../config/env.js";
import { NotFoundError } from "../core/shared/errors.js";
import type { Role } from "../core/shared/model.js";
import { systemClock } from "../core/shared/ports.js";
import { OPERATORS, READERS, requireRole, rolesFromClaims } from "../core/access/roles.js";
import { acceptImport, ImportMapping, ImportRequest } from "../core/talent/file-import.js";
import { ResumeUpload, uploadResume } from "../core/talent/resumes.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { talentStoreFrom } from "../adapters/dynamo-talent-store.js";
import { fileStoreFrom } from "../adapters/file-store.js";
import { importWorkflowFrom } from "../adapters/journey-starter.js";
import { consoleIdentityFrom } from "../adapters/cognito-identity.js";
import { httpHandler, json, rawBody, type HttpResult } from "./lambda-handler.js";
import { isConsoleRoute, requireConsoleSession, type ConsoleSession } from "./console-auth.js";


export const handler = httpHandler({ name: "talent-files", env: TalentFilesEnv }, async (event, { env }) => {
  const store = storeFrom(env);
  const talent = talentStoreFrom(env);
  // The console's import form has no authorizer in front of it: its cookie session is verified here.
  let session: ConsoleSession | undefined;
  if (isConsoleRoute(event.routeKey)) {
    const gate = await requireConsoleSession(event, { identity: consoleIdentityFrom(env), publicBaseUrl: env.PUBLIC_BASE_URL });
    if ("response" in gate) return gate.response;
    session = gate.session;
  }
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const roles = session ? session.user.roles : rolesFromClaims(claims);
  const actor = { sub: session ? session.user.sub : String(claims?.sub ?? "unknown") };
  const p = event.pathParameters ?? {};

  const importRoute = async () => {
    requireRole(roles, OPERATORS, "importing candidates");
    const request = parseWith(ImportRequest, queryOf(event));
    const result = await acceptImport(request, rawBody(event), actor, { imports: talent, files: fileStoreFrom(env), clock: systemClock, workflow: importWorkflowFrom(env) });
    // 202: the rows land in the workflow; the job (GET …/imports/{importId}) shows progress and the report.
    return json(result.duplicate ? 200 : 202, { ...result, links: { job: `/hr/talent/imports/${result.job.importId}`, console: `/hr/console/imports/${result.job.importId}` } });
  };

  const routes: Record<string, () => Promise<HttpResult>> = {
    "POST /hr/talent/imports": importRoute,
    "POST /hr/console/imports": importRoute,
    "GET /hr/talent/imports/{importId}": async () => {
      requireRole(roles, OPERATORS, "reading an import");
      const job = await talent.getImportJob(p.importId!);
      if (!job) throw new NotFoundError(`import ${p.importId} not found`);
      const q = queryOf(event);
      const outcome = q.outcome === "rejected" || q.outcome === "created" || q.outcome === "merged" ? q.outcome : undefined;
      return json(200, { job, rows: await talent.listImportRows(job.importId, 200, q.cursor, outcome) });
    },
    "PUT /hr/talent/import-mappings/{source}": async () => {
      requireRole(roles, OPERATORS, "saving an import mapping");
      const mapping = parseWith(ImportMapping, parseJson(event));
      await talent.putImportMapping(p.source!, mapping);
      return json(200, { source: p.source, ...mapping });
    },
    "POST /hr/talent/candidates/{candidateId}/resumes": async () => {
      requireRole(roles, OPERATORS, "uploading a resume");
      const upload = parseWith(ResumeUpload, queryOf(event));
      const record = await uploadResume(p.candidateId!, upload, rawBody(event), { store, resumes: talent, talent, files: fileStoreFrom(env), clock: systemClock });
      return json(201, { ...record, text: record.text.slice(0, 2000), textLength: record.text.length });
    },
  };

  const route = routes[event.routeKey];
  if (!route) throw new NotFoundError(`no route ${event.routeKey}`);
  return route();
});
