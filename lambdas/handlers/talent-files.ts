// The TalentFiles function: uploads for the talent pool. Job-board exports (CSV/XLSX) are accepted here and
// landed by the import workflow; resumes (PDF/DOCX) are read here. A function of its own because the resume
// readers (mammoth, unpdf) are large: the search and timeline API stays small and starts fast.
import { TalentFilesEnv } from "../config/env.js";
import { systemClock } from "../core/shared/ports.js";
import { acceptImport } from "../core/talent/file-import.js";
import { uploadResume } from "../core/talent/resumes.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { talentStoreFrom } from "../adapters/dynamo-talent-store.js";
import { fileStoreFrom } from "../adapters/file-store.js";
import { importWorkflowFrom } from "../adapters/journey-starter.js";
import { apiTokensFrom, consoleIdentityFrom } from "../adapters/cognito-identity.js";
import { talentFileRoutes } from "../../lib/routes/talent-files.js";
import { json, rawBody } from "./lambda-handler.js";
import { found } from "./http/responses.js";
import { routedHandler, type RouteRequest } from "./http/router.js";
import { rateLimitFrom } from "../adapters/dynamo-rate-counter.js";

function filesContext(env: TalentFilesEnv) {
  const talent = talentStoreFrom(env);
  return { talent, store: storeFrom(env), files: () => fileStoreFrom(env), workflow: () => importWorkflowFrom(env), clock: systemClock };
}
type FilesContext = ReturnType<typeof filesContext>;

async function importRoute({ query, event, caller }: Pick<RouteRequest<(typeof talentFileRoutes)[0]>, "query" | "event" | "caller">, c: FilesContext) {
  const result = await acceptImport(query, rawBody(event), { sub: caller.sub }, { imports: c.talent, files: c.files(), clock: c.clock, workflow: c.workflow() });
  // 202: the rows land in the workflow; the job (GET …/imports/{importId}) shows progress and the report.
  return json(result.duplicate ? 200 : 202, { ...result, links: { job: `/hr/talent/imports/${result.job.importId}`, console: `/hr/console/imports/${result.job.importId}` } });
}

export const handler = routedHandler(
  { name: "talent-files", env: TalentFilesEnv, routes: talentFileRoutes, rateLimit: rateLimitFrom, context: filesContext, consoleSessions: (env) => ({ identity: consoleIdentityFrom(env), publicBaseUrl: env.PUBLIC_BASE_URL }), bearerTokens: (env) => apiTokensFrom(env) },
  {
    importCandidates: importRoute,
    consoleImportCandidates: importRoute,
    getImport: async ({ params, query }, c) => {
      const job = found(await c.talent.getImportJob(params.importId), `import ${params.importId}`);
      return json(200, { job, rows: await c.talent.listImportRows(job.importId, 200, query.cursor, query.outcome) });
    },
    putImportMapping: async ({ params, body }, c) => {
      await c.talent.putImportMapping(params.source, body);
      return json(200, { source: params.source, ...body });
    },
    uploadResume: async ({ params, query, event }, c) => {
      const record = await uploadResume(params.candidateId, query, rawBody(event), { store: c.store, resumes: c.talent, talent: c.talent, files: c.files(), clock: c.clock });
      return json(201, { ...record, text: record.text.slice(0, 2000), textLength: record.text.length });
    },
  },
);
