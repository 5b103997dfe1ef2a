// Reading job-board exports: CSV (UTF-8 or GB18030, as Chinese boards often export) and XLSX
// (streamed, so a 50,000-row sheet never sits in memory as a workbook). Output is header → text.
import { Readable } from "node:stream";
import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { FileRejectedError } from "../shared/errors.js";

export { FileRejectedError };

export interface RawRow {
  /** 1-based line/row number in the file, the header being row 1. */
  rowNumber: number;
  values: Record<string, string>;
}

import type { FileKind } from "./import-kind.js";

function decodeText(body: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    // Not UTF-8: Chinese job boards' "Excel-compatible" CSV is GBK, a subset of GB18030.
    return new TextDecoder("gb18030").decode(body);
  }
}

const cleanHeader = (h: string) => h.replace(/^\uFEFF/, "").trim();

function* csvRows(body: Buffer): Generator<RawRow> {
  let records: string[][];
  try {
    records = parseCsv(decodeText(body), { bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true }) as string[][];
  } catch (e) {
    throw new FileRejectedError(`the CSV cannot be parsed: ${(e as Error).message}`, { code: "corrupt-file", status: 400 });
  }
  const [header, ...rest] = records;
  if (!header) return;
  const headers = header.map(cleanHeader);
  let n = 1;
  for (const record of rest) {
    n++;
    const values: Record<string, string> = {};
    headers.forEach((h, i) => {
      if (h) values[h] = (record[i] ?? "").trim();
    });
    yield { rowNumber: n, values };
  }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v.trim();
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") {
    const o = v as { text?: unknown; richText?: Array<{ text: string }>; result?: unknown; hyperlink?: string };
    if (o.richText) return o.richText.map((r) => r.text).join("").trim();
    if (o.text !== undefined) return cellText(o.text);
    if (o.result !== undefined) return cellText(o.result);
  }
  return String(v);
}

async function* xlsxRows(body: Buffer): AsyncGenerator<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([body]), { sharedStrings: "cache", hyperlinks: "ignore", styles: "ignore", worksheets: "emit", entries: "emit" });
  try {
    // The first worksheet is the export; others (notes, pivot) are ignored.
    for await (const worksheet of reader) {
      let headers: string[] | undefined;
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const cells = (row.values as unknown[]).slice(1).map(cellText);
        if (!headers) {
          headers = cells.map(cleanHeader);
          continue;
        }
        if (cells.every((c) => c === "")) continue;
        const values: Record<string, string> = {};
        headers.forEach((h, i) => {
          if (h) values[h] = cells[i] ?? "";
        });
        yield { rowNumber: row.number, values };
      }
      return;
    }
  } catch (e) {
    if (e instanceof FileRejectedError) throw e;
    throw new FileRejectedError(`the XLSX file cannot be read: ${(e as Error).message}`, { code: "corrupt-file", status: 400 });
  }
}

export function readRows(kind: FileKind, body: Buffer): AsyncIterable<RawRow> | Iterable<RawRow> {
  return kind === "csv" ? csvRows(body) : xlsxRows(body);
}
