// Workflow tests boot the local stack in this process (same ASL, same handlers, dynalite, the
// emulators) on a fresh data directory, and drive it over HTTP like a job board and HR would.
// Time is controlled, not slept through: waits last a real hour unless the test advances them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signGenericWebhook } from "../../lambdas/core/intake/webhook-signature.js";
import { startLocalStack, type LocalStack, type LocalStackOptions } from "../../local/stack.js";
import { wallNow } from "../../local/clock/index.js";
import { machineShare } from "../../local/clock/compute-time.js";

export interface JourneyHarness {
  stack: LocalStack;
  /** The stack's data directory (dynalite, files, journal). */
  dataDir: string;
  post(body: unknown, deliveryId?: string): Promise<{ status: number; body: { candidateId: string; applicationId: string; executionArn: string } }>;
  hr(path: string, init?: RequestInit): Promise<any>;
  /** Resolves when the execution is parked in (or past) the named state. */
  reached(executionArn: string, stateName: string): Promise<void>;
  finished(executionArn: string): Promise<ReturnType<LocalStack["engine"]["describeExecution"]>>;
  statesVisited(executionArn: string): string[];
  close(): Promise<void>;
}

let counter = 0;

/**
 * A stack whose journey time starts this morning at 09:00 in Shanghai (01:00 UTC) by default, so
 * journeys never meet a candidate's quiet hours by accident of when the suite runs. The test shares
 * the process and so its `Date`: `Date.now()` in a test is journey time, and
 * `await h.stack.clock.advance("PT1H")` moves it. `dynamoMeter`: counts DynamoDB requests (the
 * lifecycle cost bench prices them).
 */
export async function startJourneyHarness(options: Pick<LocalStackOptions, "clockStart" | "clockPaused" | "timeSkip" | "dynamoMeter"> = {}): Promise<JourneyHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), "hirepath-wf-"));
  const today = new Date(wallNow()).toISOString().slice(0, 10);
  const stack = await startLocalStack({ dataDir, appPort: 0, timeScale: 1, nudgeAfterSeconds: 3600, eventDelayMs: 1, clockStart: Date.parse(`${today}T01:00:00Z`), ...options });
  const secret = stack.secrets.webhookSecrets.generic!;

  const visited = (arn: string) =>
    stack.engine
      .getExecutionHistory(arn)
      .filter((e) => e.type.endsWith("StateEntered"))
      .map((e) => e.stateName ?? "");
  // Real time (performance.now()): Date is journey time here, and a test may advance it. Counted at
  // the machine's share, as the stack's own timeouts are (local/clock/compute-time.ts): a journey's
  // first steps cold-start one execution environment per function, and at load 20 on 2 cores that
  // took longer than 20 wall seconds while the journey was still progressing.
  const until = async (check: () => boolean | Promise<boolean>, what: string, arn: string, timeoutMs = 20_000) => {
    let left = timeoutMs;
    let last = performance.now();
    while (!(await check())) {
      const now = performance.now();
      left -= (now - last) * machineShare();
      last = now;
      if (left <= 0) {
        // Where the journey was: still running (slow) or closed on some other path (a bug).
        const { status, error } = stack.engine.describeExecution(arn);
        throw new Error(`timed out waiting for ${what}: ${status}${error ? ` (${error})` : ""}, last state ${visited(arn).at(-1) ?? "none"}`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  return {
    stack,
    dataDir,
    async post(body, deliveryId = `wf-${process.pid}-${++counter}`) {
      const raw = JSON.stringify(body);
      // Job boards sign with the wall clock, not journey time.
      const timestamp = Math.floor(wallNow() / 1000);
      const res = await fetch(`${stack.appUrl}/webhooks/generic`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-hirepath-signature": signGenericWebhook(raw, secret, timestamp),
          "x-hirepath-delivery": deliveryId,
          "x-hirepath-timestamp": String(timestamp),
        },
        body: raw,
      });
      return { status: res.status, body: (await res.json()) as never };
    },
    async hr(path, init = {}) {
      // A fresh token each time: tokens expire in journey time, and a test may advance it by months.
      const recruiter = await stack.issuer.issueToken("recruiter");
      const res = await fetch(`${stack.appUrl}${path}`, { ...init, headers: { authorization: `Bearer ${recruiter}`, "content-type": "application/json" } });
      return res.json();
    },
    async reached(arn, stateName) {
      await until(() => visited(arn).includes(stateName), `${stateName} in ${arn}`, arn);
      await stack.engine.whenIdle();
    },
    async finished(arn) {
      await until(() => stack.engine.describeExecution(arn).status !== "RUNNING", `${arn} to finish`, arn);
      return stack.engine.describeExecution(arn);
    },
    statesVisited: visited,
    async close() {
      await stack.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function application(over: { name?: string; email?: string | null; phone?: string | null; requisitionId?: string; resumeText?: string; locale?: "zh-CN" | "en"; preferredChannel?: "email" | "sms"; timeZone?: string } = {}) {
  const n = ++counter;
  return {
    event: "application.created",
    candidate: {
      name: over.name ?? `候选人${n}`,
      ...(over.email === null ? {} : { email: over.email ?? `candidate${n}-${process.pid}@example.com` }),
      ...(over.phone === null ? {} : { phone: over.phone ?? `139${String(process.pid % 10000).padStart(4, "0")}${String(n).padStart(4, "0")}` }),
      locale: over.locale ?? "zh-CN",
      timeZone: over.timeZone ?? "Asia/Shanghai",
      ...(over.preferredChannel ? { preferredChannel: over.preferredChannel } : {}),
    },
    application: { requisitionId: over.requisitionId ?? "req-sales-sh", resumeText: over.resumeText ?? "8年SaaS销售，大客户 key account", yearsExperience: 8, location: "上海" },
  };
}
