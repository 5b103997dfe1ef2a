import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { parseS3Url, S3FileStore } from "../../lambdas/adapters/s3-file-store.js";

const s3 = mockClient(S3Client);
const store = new S3FileStore(new S3Client({ region: "us-east-1" }), "s3://hirepath-files-123/files");
beforeEach(() => s3.reset());

describe("S3 file store", () => {
  it("puts under the configured prefix with the content type", async () => {
    s3.on(PutObjectCommand).resolves({});
    await store.put("resumes/c1/r1.pdf", Buffer.from("%PDF"), "application/pdf");
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input).toMatchObject({ Bucket: "hirepath-files-123", Key: "files/resumes/c1/r1.pdf", ContentType: "application/pdf" });
  });

  it("reads a file back as bytes, and a missing one as undefined", async () => {
    // The SDK's streaming body: all the adapter uses is transformToByteArray.
    s3.on(GetObjectCommand, { Key: "files/a.csv" }).resolves({ Body: { transformToByteArray: async () => new Uint8Array(Buffer.from("姓名,手机\n")) } as never });
    s3.on(GetObjectCommand, { Key: "files/missing.csv" }).rejects(new NoSuchKey({ message: "The specified key does not exist.", $metadata: {} }));
    expect((await store.get("a.csv"))?.toString("utf8")).toBe("姓名,手机\n");
    expect(await store.get("missing.csv")).toBeUndefined();
  });

  it("deletes idempotently and refuses keys that climb out of the prefix", async () => {
    s3.on(DeleteObjectCommand).resolves({});
    await store.delete("imports/x.xlsx");
    expect(s3.commandCalls(DeleteObjectCommand)[0]!.args[0].input.Key).toBe("files/imports/x.xlsx");
    await expect(store.put("../secrets", Buffer.alloc(0), "text/plain")).rejects.toThrow(/invalid file key/);
  });

  it("turns S3 throttling into TransientError", async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error("slow down"), { name: "SlowDown", $metadata: { httpStatusCode: 503 } }));
    await expect(store.put("a", Buffer.alloc(1), "text/plain")).rejects.toMatchObject({ name: "TransientError" });
  });

  it("explains a malformed FILE_STORE_URL", () => {
    expect(() => parseS3Url("https://bucket/x")).toThrow(/s3:\/\/bucket\/prefix/);
    expect(parseS3Url("s3://my-bucket")).toEqual({ bucket: "my-bucket", prefix: "" });
  });
});
