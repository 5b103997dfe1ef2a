// Upload rows: job-board exports (CSV/XLSX) imported by a workflow, import mappings, and resumes
// (PDF/DOCX). Function: TalentFiles, apart because its file readers are large.
import { OPERATORS } from "../../lambdas/core/access/roles.js";
import { ImportRequest } from "../../lambdas/core/talent/file-import.js";
import { ImportMapping, ImportRowsQuery } from "../../lambdas/core/talent/import-model.js";
import { ResumeUpload } from "../../lambdas/core/talent/resumes.js";
import { route } from "./route-spec.js";

const fn = "TalentFiles" as const;
const importFile = { type: "raw", contentTypes: ["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream"], description: "The export file's bytes (CSV or XLSX), up to 6 MB." } as const;
const accepted = { 202: { description: "Accepted: the import workflow lands the rows; the job shows progress" }, 200: { description: "The same file again: the existing job" } };

export const talentFileRoutes = [
  route({ method: "POST", path: "/hr/talent/imports", fn, auth: "jwt", roles: OPERATORS, operationId: "importCandidates", summary: "Import a job-board export", tags: ["Talent pool"], query: ImportRequest, body: importFile, responses: accepted }),
  route({ method: "POST", path: "/hr/console/imports", fn, auth: "console-session", roles: OPERATORS, operationId: "consoleImportCandidates", summary: "Import from the console", description: "The console's import form: the same as POST /hr/talent/imports, with the session cookie and its CSRF token.", tags: ["Console"], query: ImportRequest, body: importFile, responses: accepted }),
  route({ method: "GET", path: "/hr/talent/imports/{importId}", fn, auth: "jwt", roles: OPERATORS, operationId: "getImport", summary: "Read an import", tags: ["Talent pool"], query: ImportRowsQuery, responses: { 200: { description: "The job and a page of its rows" } } }),
  route({ method: "PUT", path: "/hr/talent/import-mappings/{source}", fn, auth: "jwt", roles: OPERATORS, operationId: "putImportMapping", summary: "Save an import mapping", description: "Which column of a source's export holds which field.", tags: ["Talent pool"], body: { type: "json", schema: ImportMapping }, responses: { 200: { description: "The mapping" } } }),
  route({
    method: "POST",
    path: "/hr/talent/candidates/{candidateId}/resumes",
    fn,
    auth: "jwt",
    roles: OPERATORS,
    operationId: "uploadResume",
    summary: "Upload a resume",
    tags: ["Talent pool"],
    query: ResumeUpload,
    body: { type: "raw", contentTypes: ["application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"], description: "The resume's bytes (PDF or DOCX)." },
    responses: { 201: { description: "The resume, its text (first 2,000 characters) and keywords" } },
  }),
] as const;
