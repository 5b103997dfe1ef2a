// Candidate files (imports, resumes) in S3 on AWS. The bucket encrypts with the Hirepath CMK by
// default (SSE-KMS with a bucket key), so objects need no per-request encryption settings.
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { FileStore } from "../core/shared/file-store.js";
import { translateSendError } from "./aws-errors.js";

/** Parses "s3://bucket/prefix" into its parts; the prefix may be empty. */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!m) throw new Error(`FILE_STORE_URL must look like s3://bucket/prefix, got "${url}"`);
  return { bucket: m[1]!, prefix: (m[2] ?? "").replace(/\/+$/, "") };
}

export class S3FileStore implements FileStore {
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(
    private readonly client: S3Client,
    url: string,
  ) {
    ({ bucket: this.bucket, prefix: this.prefix } = parseS3Url(url));
  }

  private key(key: string): string {
    if (key.split("/").some((part) => part === ".." || part === "")) throw new Error(`invalid file key ${key}`);
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key(key), Body: body, ContentType: contentType }));
    } catch (error) {
      translateSendError("S3", error);
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
      return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : undefined;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === "NoSuchKey") return undefined;
      translateSendError("S3", error);
    }
  }

  /** Idempotent, as the port requires: S3 answers 204 for a missing key too. */
  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
    } catch (error) {
      translateSendError("S3", error);
    }
  }
}
