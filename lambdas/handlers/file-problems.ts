// Problems for uploads: a file refused for what it is (type, size, corruption) carries its own
// status (400/413/415) and code; a missing file store is a 503 that says so.
import { FileRejectedError } from "../core/errors.js";
import type { Problem } from "../core/problem.js";
import { FileStoreNotConfiguredError } from "../adapters/file-store.js";

export function fileProblem(error: unknown): Problem | undefined {
  if (error instanceof FileRejectedError) {
    const details = error.details ?? {};
    return {
      type: "about:blank",
      title: "The file cannot be accepted",
      status: Number(details.status ?? 400),
      code: String(details.code ?? "file-rejected"),
      detail: error.message,
      ...(details.importId ? { importId: details.importId } : {}),
      ...(details.fileKey ? { fileKey: details.fileKey } : {}),
    };
  }
  if (error instanceof FileStoreNotConfiguredError) {
    return { type: "about:blank", title: "Uploads are unavailable", status: 503, code: "file-store-unavailable", detail: error.message };
  }
  return undefined;
}
