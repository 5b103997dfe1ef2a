// The import workflow's first step: reads the kept file once (CSV or streamed XLSX), resolves its
// columns, and writes its rows as chunk files beside it, each landed by its own step. Apart from
// file-import.ts because it loads the readers (exceljs, csv-parse); the upload API never does.
import * as z from "../shared/zod.js";
import { FileRejectedError } from "../shared/errors.js";
import { IMPORT_CHUNK_ROWS, failImport, resolveColumns, unmappedReason, type ImportChunkFile, type ImportChunkInput, type ImportFilesDeps } from "./file-import.js";
import { detectKind } from "./import-kind.js";
import { importChunkFileKey } from "./import-file-redaction.js";
import { readRows } from "./import-rows.js";
import type { ImportField } from "./import-model.js";

export const PrepareImportInput = z.object({ importId: z.string().min(1), attempt: z.number().int().min(1) });
export type PrepareImportInput = z.infer<typeof PrepareImportInput>;

export type PreparedImport = { status: "running"; chunks: ImportChunkInput[]; totalRows: number } | { status: "failed"; chunks: []; error: { code: string; message: string } };

export async function prepareImport(input: PrepareImportInput, deps: ImportFilesDeps): Promise<PreparedImport> {
  const job = await deps.imports.getImportJob(input.importId);
  if (!job) throw new FileRejectedError(`import ${input.importId} not found`, { code: "import-not-found", status: 404 });
  const body = await deps.files.get(job.fileKey);
  if (!body) throw new Error(`import ${input.importId}: ${job.fileKey} is missing from the file store`);
  const saved = await deps.imports.getImportMapping(job.source);

  const chunks: ImportChunkInput[] = [];
  let columns: Record<string, ImportField> | undefined;
  let pending: ImportChunkFile["rows"] = [];
  let totalRows = 0;
  const flush = async () => {
    if (!pending.length) return;
    const chunk = chunks.length;
    const key = importChunkFileKey(input.importId, input.attempt, chunk);
    const file: ImportChunkFile = { columns: columns!, rows: pending };
    await deps.files.put(key, Buffer.from(JSON.stringify(file)), "application/json");
    chunks.push({ importId: input.importId, attempt: input.attempt, chunk, key });
    pending = [];
  };
  try {
    for await (const row of readRows(detectKind(job.filename, body), body)) {
      if (!columns) {
        columns = resolveColumns(Object.keys(row.values), saved);
        const missing = unmappedReason(columns);
        if (missing) {
          const headers = Object.keys(row.values);
          throw new FileRejectedError(`no column maps to ${missing}; headers: ${headers.join(", ")}. Save a mapping for source "${job.source}".`, { code: "unmapped-columns", status: 400, headers });
        }
      }
      pending.push(row);
      totalRows++;
      if (pending.length === (deps.chunkRows ?? IMPORT_CHUNK_ROWS)) await flush();
    }
    await flush();
    if (!columns) throw new FileRejectedError("the file has no header row and no rows", { code: "no-rows", status: 400 });
  } catch (e) {
    // A file that cannot import is an outcome, not a crash: the job says why, the workflow ends.
    if (!(e instanceof FileRejectedError)) throw e;
    const error = { code: String(e.details?.code ?? "rejected"), message: e.message };
    await failImport(input.importId, error, deps);
    return { status: "failed", chunks: [], error };
  }
  await deps.imports.updateImportJob(input.importId, { status: "running", totalRows, chunks: chunks.length, chunksDone: 0, ...(columns ? { columns } : {}) });
  return { status: "running", chunks, totalRows };
}
