// Erasing a person from an import blanks their rows in the upload (CSV or XLSX) and the chunk
// files, and every other row keeps its row number, so the import's report still lines up.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { blankImportFileRows, removeImportRows } from "../../lambdas/core/talent/import-file-redaction.js";
import { readRows } from "../../lambdas/core/talent/import-rows.js";
import type { FileStore } from "../../lambdas/core/shared/file-store.js";

async function rowsOf(kind: "csv" | "xlsx", body: Buffer) {
  const rows: Array<{ rowNumber: number; values: Record<string, string> }> = [];
  for await (const row of readRows(kind, body)) rows.push(row);
  return rows;
}

function memoryFiles(initial: Record<string, Buffer>): FileStore & { files: Map<string, Buffer> } {
  const files = new Map(Object.entries(initial));
  return { files, put: async (k, b) => void files.set(k, b), get: async (k) => files.get(k), delete: async (k) => void files.delete(k) };
}

describe("removing a person's rows from an import", () => {
  it("blanks a CSV row (quoted fields, a multi-line one) and keeps the others' numbers", async () => {
    const csv = Buffer.from(new TextEncoder().encode("姓名,手机,备注\n张三,13800000001,\"说 \"\"你好\"\", 再见\"\n李四,13800000002,\"两\n行\"\n王五,13800000003,\n"));
    const blanked = await blankImportFileRows("export.csv", csv, [3]);
    expect(blanked.toString("utf8")).not.toContain("13800000002");
    const rows = await rowsOf("csv", blanked);
    expect(rows.map((r) => [r.rowNumber, r.values["手机"]])).toEqual([[2, "13800000001"], [3, ""], [4, "13800000003"]]);
    expect(rows[0]!.values["备注"]).toBe('说 "你好", 再见');
  });

  it("blanks an XLSX row in the first sheet and keeps the others", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("export");
    sheet.addRows([["姓名", "手机"], ["张三", "13800000001"], ["李四", "13800000002"], ["王五", "13800000003"]]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const blanked = await blankImportFileRows("export.xlsx", xlsx, [3]);
    const rows = await rowsOf("xlsx", blanked);
    expect(rows.map((r) => [r.rowNumber, r.values["手机"]])).toEqual([[2, "13800000001"], [4, "13800000003"]]);
  });

  it("edits only the chunk files holding the rows and counts the files changed; a re-run changes nothing", async () => {
    const chunk = (rows: number[]) => Buffer.from(JSON.stringify({ columns: { 手机: "phone" }, rows: rows.map((n) => ({ rowNumber: n, values: { 手机: `1380000000${n}` } })) }));
    const store = memoryFiles({ "imports/i1/export.csv": Buffer.from("手机\n13800000002\n13800000003\n"), "imports/i1/attempt-1/chunk-00000.json": chunk([2]), "imports/i1/attempt-1/chunk-00001.json": chunk([3]) });
    const upload = { filename: "export.csv", fileKey: "imports/i1/export.csv" };
    const chunks = ["imports/i1/attempt-1/chunk-00000.json", "imports/i1/attempt-1/chunk-00001.json", "imports/i1/attempt-1/chunk-00002.json"];
    expect(await removeImportRows(upload, chunks, [2], store)).toBe(2);
    expect(JSON.parse(store.files.get(chunks[0]!)!.toString()).rows).toEqual([]);
    expect(JSON.parse(store.files.get(chunks[1]!)!.toString()).rows).toHaveLength(1);
    expect(store.files.get(upload.fileKey)!.toString()).not.toContain("13800000002");
    expect(await removeImportRows(upload, chunks, [2], store)).toBe(0);
  });
});
