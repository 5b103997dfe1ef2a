// FileStore adapters. Locally: files under the data directory (FILE_STORE_URL=file:///…). On AWS
// the store is S3 (FILE_STORE_URL=s3://bucket/prefix); that adapter needs @aws-sdk/client-s3,
// which this build does not include yet, so an s3:// URL fails loudly at first use rather than
// pretending to store anything.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import type { FileStore } from "../core/file-store.js";
import { once } from "./client-config.js";

export class LocalFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private path(key: string): string {
    const safe = normalize(key).replace(/^(\.\.(\/|\\|$))+/, "");
    if (safe.startsWith("/") || safe.includes("..")) throw new Error(`invalid file key ${key}`);
    return join(this.root, safe);
  }

  async put(key: string, body: Buffer): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.path(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
  }
}

export class FileStoreNotConfiguredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FileStoreNotConfiguredError";
  }
}

export function fileStoreFrom(env: { FILE_STORE_URL: string }): FileStore {
  return once(`files:${env.FILE_STORE_URL}`, () => {
    if (env.FILE_STORE_URL.startsWith("file://")) return new LocalFileStore(fileURLToPath(env.FILE_STORE_URL));
    const reason = env.FILE_STORE_URL.startsWith("s3://")
      ? "the S3 file store needs @aws-sdk/client-s3, which is not installed in this build"
      : "FILE_STORE_URL is not set";
    const refuse = async (): Promise<never> => {
      throw new FileStoreNotConfiguredError(`uploads are unavailable: ${reason}`);
    };
    return { put: refuse, get: refuse, delete: refuse };
  });
}
