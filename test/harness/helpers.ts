// Shared helpers for the harness tests: temp data dirs, a tiny HTTP front for emulators (so the
// real AWS SDK clients can be pointed at them), and polling.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AwsRequest, ServiceEmulator } from "../../local/http/aws-protocol.js";
import type { LocalStepFunctions } from "../../local/sfn/engine.js";
import type { ExecutionDescription } from "../../local/sfn/types.js";

export const REGION = "us-east-1";
export const ACCOUNT = "000000000000";
export const CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };

export function tempDir(prefix = "hirepath-harness-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Serves emulators on 127.0.0.1:<random> the way local mode does: first emulator whose matches() says yes. */
export async function serveEmulators(...emulators: ServiceEmulator[]): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const request: AwsRequest = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks) };
      const emulator = emulators.find((e) => e.matches(request));
      if (!emulator) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "no emulator" }));
        return;
      }
      emulator.handle(request).then(
        (r) => res.writeHead(r.status, r.headers ?? {}).end(r.body ?? ""),
        (err: unknown) => res.writeHead(500).end(String(err)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function until<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Waits until the execution is closed and returns its description. */
export function finished(engine: LocalStepFunctions, executionArn: string, timeoutMs = 10_000): Promise<ExecutionDescription> {
  return until(
    () => {
      const d = engine.describeExecution(executionArn);
      return d.status !== "RUNNING" ? d : undefined;
    },
    timeoutMs,
    `execution ${executionArn} to finish`,
  );
}

export const lambdaArn = (name: string): string => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

/** An error class whose `name` is its type name, as Hirepath's domain errors do. */
export class OfferExpiredError extends Error {
  override name = "OfferExpiredError";
}
