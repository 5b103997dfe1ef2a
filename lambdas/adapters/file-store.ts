// FileStore adapters. Locally: files under the data directory (FILE_STORE_URL=file:///…). On AWS:
// S3 (FILE_STORE_URL=s3://bucket/prefix, see s3-file-store.ts). Anything else fails loudly at first
// use rather than pretending to store anything.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import type { FileStore } from "../core/shared/file-store.js";
import { FileStoreNotConfiguredError } from "../core/shared/errors.js";
import { S3Client } from "@aws-sdk/client-s3";
import { clientConfig, localAwsHooks, withLocalHooks, once, type RuntimeEnv } from "./client-config.js";
import { S3FileStore } from "./s3-file-store.js";

export class LocalFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private path(key: string): string {
    const safe = normalize(key).replace(/^(\.\.(\/|\\|$))+/, "");
    if (safe.startsWith("/") || safe.includes("..")) throw new Error(`invalid file key ${key}`);
    return join(this.root, safe);
  }

  async put(key: string, body: Buffer): Promise<void> {
    await localAwsHooks.authorizeFileAccess?.("PutObject", key);
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
  }

  async delete(key: string): Promise<void> {
    await localAwsHooks.authorizeFileAccess?.("DeleteObject", key);
    await rm(this.path(key), { force: true });
  }

  async get(key: string): Promise<Buffer | undefined> {
    await localAwsHooks.authorizeFileAccess?.("GetObject", key);
    try {
      return await readFile(this.path(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
  }
}

export function fileStoreFrom(env: RuntimeEnv & { FILE_STORE_URL: string }): FileStore {
  return once(`files:${env.FILE_STORE_URL}`, () => {
    if (env.FILE_STORE_URL.startsWith("file://")) return new LocalFileStore(fileURLToPath(env.FILE_STORE_URL));
    if (env.FILE_STORE_URL.startsWith("s3://")) return new S3FileStore(withLocalHooks(new S3Client(clientConfig(env, "s3"))), env.FILE_STORE_URL);
    const reason = "FILE_STORE_URL is not set";
    const refuse = async (): Promise<never> => {
      throw new FileStoreNotConfiguredError(`uploads are unavailable: ${reason}`);
    };
    return { put: refuse, get: refuse, delete: refuse };
  });
}
