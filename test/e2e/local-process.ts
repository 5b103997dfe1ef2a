// Boots `bin/local.ts` as a real child process (what `npm start` runs) and talks to it over HTTP.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { signGenericWebhook } from "../../lambdas/core/intake/webhook-signature.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));

export interface LocalProcess {
  url: string;
  dataDir: string;
  child: ChildProcess;
  output: () => string;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), "hirepath-e2e-"));
}

export async function startLocalProcess(dataDir: string, env: Record<string, string> = {}): Promise<LocalProcess> {
  // Node itself with tsx as a loader: one process, so SIGKILL hits the stack, not a wrapper.
  const child = spawn(process.execPath, ["--import", "tsx", join(repo, "bin/local.ts")], {
    cwd: repo,
    // Journey time in a fresh data directory begins at 01:00 UTC today (09:00 in Shanghai), so no
    // journey meets its candidate's quiet hours because of the hour the suite happens to run.
    env: { ...process.env, HIREPATH_DATA_DIR: dataDir, PORT: "0", HIREPATH_QUIET: "1", POWERTOOLS_LOG_LEVEL: "ERROR", HIREPATH_CLOCK_START: `${new Date().toISOString().slice(0, 10)}T01:00:00Z`, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Never leave a half-started stack behind: it would load the machine for every later test.
      child.kill("SIGKILL");
      reject(new Error(`local stack did not start:\n${out}`));
    }, 180_000);
    const onData = () => {
      const m = /hirepath: ready at (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`local stack exited with ${code}:\n${out}`));
    });
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return {
    url,
    dataDir,
    child,
    output: () => out,
    kill9: async () => {
      child.kill("SIGKILL");
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** The stack's generated secret for a source (or Feishu's "feishu-verification-token"). */
export function webhookSecret(dataDir: string, source = "generic"): string {
  return (JSON.parse(readFileSync(join(dataDir, "secrets.json"), "utf8")) as { webhookSecrets: Record<string, string> }).webhookSecrets[source]!;
}

export async function postWebhook(url: string, secret: string, body: string, opts: { deliveryId: string; timestamp?: number; signature?: string }) {
  // One reading of the clock for both: two readings straddle a second boundary now and then, and
  // the signature (over the first) no longer matches the header (the second).
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const res = await fetch(`${url}/webhooks/generic`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-hirepath-signature": opts.signature ?? signGenericWebhook(body, secret, timestamp),
      "x-hirepath-delivery": opts.deliveryId,
      "x-hirepath-timestamp": String(timestamp),
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function token(url: string, role: string): Promise<string> {
  const res = await fetch(`${url}/local/auth/token?role=${role}`);
  return ((await res.json()) as { token: string }).token;
}

export async function hr(url: string, bearer: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json", ...(init.headers ?? {}) } });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
}

export interface OutboxItem {
  id: string;
  channel: "email" | "sms";
  to: string[];
  subject?: string;
  text?: string;
  html?: string;
  tags: Record<string, string>;
  events: Array<{ type: string }>;
  /** When it was sent, in journey time (ISO). */
  time: string;
}

export async function outbox(url: string, query: Record<string, string> = {}): Promise<OutboxItem[]> {
  const res = await fetch(`${url}/outbox/api/messages?${new URLSearchParams(query)}`);
  const body = (await res.json()) as { messages?: OutboxItem[] } | OutboxItem[];
  return Array.isArray(body) ? body : (body.messages ?? []);
}

/** Polls until `check` returns a value; the stack does the waiting (scaled clock), not the test. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

/** GET /local/clock, or POST a command ({advance: "PT1H"}, {to}, {skip: "next"}, …): the stack's journey time. */
export async function clock(url: string, command?: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/local/clock`, command ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(command) } : {});
  return { status: res.status, body: await res.json() };
}
