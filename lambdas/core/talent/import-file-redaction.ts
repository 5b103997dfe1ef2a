// Erasing a person from an import: the uploaded export and its chunk files hold every row as the job
// board wrote it, the person's phone and email included. Their rows are blanked in place, so every
// other row keeps its row number (import rows, the report and a re-run still line up with the file).
// The readers are loaded on first use: erasure (TalentApi) rarely meets an import.
import { Readable } from "node:stream";
import type { FileStore } from "../shared/file-store.js";
import { detectKind } from "./import-kind.js";
import type { ImportChunkFile } from "./file-import.js";

/** Where a chunk of one attempt is kept, beside the upload. */
export const importChunkFileKey = (importId: string, attempt: number, chunk: number) => `imports/${importId}/attempt-${attempt}/chunk-${String(chunk).padStart(5, "0")}.json`;

const csvField = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);

function decodeText(body: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return new TextDecoder("gb18030").decode(body);
  }
}

/** The CSV again, as UTF-8 with a BOM (Excel reads it), with the given rows' fields emptied. */
async function blankCsvRows(body: Buffer, rowNumbers: ReadonlySet<number>): Promise<Buffer> {
  const { parse: parseCsv } = await import("csv-parse/sync");
  // The same options as the reader (import-rows.ts), so row numbers count the same records.
  const records = parseCsv(decodeText(body), { bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true }) as string[][];
  // A blanked row is quoted empties (`"",""`), never an empty line, which the reader would skip and so renumber the rest.
  const lines = records.map((record, i) => (rowNumbers.has(i + 1) ? record.map(() => '""') : record.map(csvField)).join(","));
  return Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`, "utf8");
}

async function blankXlsxRows(body: Buffer, rowNumbers: ReadonlySet<number>): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.read(Readable.from([body]));
  // The reader imports the first worksheet only.
  const sheet = workbook.worksheets[0];
  if (sheet) for (const n of rowNumbers) sheet.getRow(n).eachCell({ includeEmpty: true }, (cell) => (cell.value = null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Blanks rows of an uploaded export (CSV or XLSX). */
export async function blankImportFileRows(filename: string, body: Buffer, rowNumbers: readonly number[]): Promise<Buffer> {
  const rows = new Set(rowNumbers);
  return detectKind(filename, body) === "csv" ? blankCsvRows(body, rows) : blankXlsxRows(body, rows);
}

/**
 * Removes the rows from the upload and from every chunk file that holds them. Returns how many files
 * changed; a file already without them (a re-run erasure) is left alone.
 */
export async function removeImportRows(
  upload: { filename: string; fileKey: string } | undefined,
  chunkKeys: readonly string[],
  rowNumbers: readonly number[],
  files: FileStore,
): Promise<number> {
  let changed = 0;
  const wanted = new Set(rowNumbers);
  for (const key of chunkKeys) {
    const stored = await files.get(key);
    if (!stored) continue;
    const chunk = JSON.parse(stored.toString("utf8")) as ImportChunkFile;
    const rows = chunk.rows.filter((r) => !wanted.has(r.rowNumber));
    if (rows.length === chunk.rows.length) continue;
    await files.put(key, Buffer.from(JSON.stringify({ ...chunk, rows })), "application/json");
    changed++;
  }
  const body = upload ? await files.get(upload.fileKey) : undefined;
  if (upload && body) {
    const blanked = await blankImportFileRows(upload.filename, body, rowNumbers);
    if (!blanked.equals(body)) {
      await files.put(upload.fileKey, blanked, "application/octet-stream");
      changed++;
    }
  }
  return changed;
}
