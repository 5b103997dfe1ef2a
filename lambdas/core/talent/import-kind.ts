// What kind of export a file is, from its name and first bytes: light enough for the upload API,
// which refuses a wrong file at once, before any reader (exceljs, csv-parse) is loaded.
import { FileRejectedError } from "../shared/errors.js";

export type FileKind = "csv" | "xlsx";

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export function detectKind(filename: string, body: Buffer): FileKind {
  const ext = filename.toLowerCase().split(".").pop();
  const isZip = body.subarray(0, 4).equals(ZIP_MAGIC);
  if (ext === "xlsx") {
    if (!isZip) throw new FileRejectedError(`${filename} is not a valid XLSX file (it is not a zip archive)`, { code: "corrupt-file", status: 400 });
    return "xlsx";
  }
  if (ext === "csv" || ext === "txt") {
    if (isZip || body.subarray(0, 5).toString("latin1") === "%PDF-" || body.includes(0)) {
      throw new FileRejectedError(`${filename} is named .${ext} but is binary`, { code: "unsupported-file-type", status: 415 });
    }
    return "csv";
  }
  throw new FileRejectedError(`.${ext ?? "?"} files cannot be imported; export CSV or XLSX from the job board`, { code: "unsupported-file-type", status: 415 });
}

