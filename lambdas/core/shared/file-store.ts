// Where uploaded files live: S3 on AWS, the data directory locally. Core sees only this port.
export interface FileStore {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer | undefined>;
  /** Idempotent: deleting a missing file is not an error (erasure may be re-run). */
  delete(key: string): Promise<void>;
}
