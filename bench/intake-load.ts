// 10. Webhook intake under load: signed application webhooks at 10, 20 and 40 per second against
// `npm start` (its own process), each rate for a fixed time. Every answer is counted: accepted
// (202), throttled (the HTTP API's 500 when WebhookIntake is at its concurrency limit, which Lambda
// refuses at once) and failed (anything else: a function error or timeout). Afterwards each delivery
// that was not accepted is sent again, as a job board retries a 5xx, to show that a failed answer
// hid no half-done work: the retry must be accepted (202) or found done (200 duplicate).
import { rmSync } from "node:fs";
import { newDataDir, postWebhook, startLocalProcess, webhookSecret } from "../test/e2e/local-process.js";
import { percentile, row, type BenchRow } from "./report.js";

const RATES = [10, 20, 40];
const SECONDS_PER_RATE = Number(process.env.BENCH_INTAKE_SECONDS ?? 10);
/** The job board's retries run this many at a time (below WebhookIntake's concurrency limit). */
const RETRY_PARALLELISM = 4;
/** The local default concurrency per function (local/lambda-runtime.ts). */
const WARM_ENVIRONMENTS = 50;

interface Answer {
  status: number;
  lambdaError: string | null;
  ms: number;
  deliveryId: string;
  body: string;
}

export async function intakeLoad(): Promise<BenchRow[]> {
  const dataDir = newDataDir();
  const stack = await startLocalProcess(dataDir, { HIREPATH_NUDGE_AFTER_SECONDS: "86400" });
  const rows: BenchRow[] = [];
  const connectionErrors: string[] = [];
  try {
    const secret = webhookSecret(dataDir);
    const payload = (i: string) =>
      JSON.stringify({
        event: "application.created",
        candidate: { name: `候选人${i}`, email: `load-${i}@example.com`, locale: "zh-CN", timeZone: "Asia/Shanghai" },
        application: { requisitionId: "req-sales-sh", resumeText: "SaaS 大客户销售 6年", yearsExperience: 6, location: "上海" },
      });
    const send = async (deliveryId: string, body: string): Promise<Answer> => {
      const timestamp = Math.floor(Date.now() / 1000);
      const { signGenericWebhook } = await import("../lambdas/core/intake/webhook-signature.js");
      const started = performance.now();
      try {
        const res = await fetch(`${stack.url}/webhooks/generic`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-hirepath-signature": signGenericWebhook(body, secret, timestamp), "x-hirepath-delivery": deliveryId, "x-hirepath-timestamp": String(timestamp) },
          body,
        });
        await res.arrayBuffer();
        return { status: res.status, lambdaError: res.headers.get("x-hirepath-lambda-error"), ms: performance.now() - started, deliveryId, body };
      } catch (error) {
        // No answer at all (the connection dropped): a failure, and its delivery is retried below.
        connectionErrors.push(String((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message));
        return { status: 0, lambdaError: null, ms: performance.now() - started, deliveryId, body };
      }
    };
    // Warm-up: WebhookIntake's environments started (a burst as wide as its concurrency limit, twice),
    // so the rates measure warm environments, not cold starts queued behind each other.
    for (let round = 0; round < 2; round++) {
      await Promise.all(
        Array.from({ length: WARM_ENVIRONMENTS }, (_, i) => {
          const id = `warm-${round}-${i}-${Date.now()}`;
          return postWebhook(stack.url, secret, payload(id), { deliveryId: id });
        }),
      );
    }

    const notAccepted: Answer[] = [];
    for (const rate of RATES) {
      const total = rate * SECONDS_PER_RATE;
      const answers: Array<Promise<Answer>> = [];
      const t0 = performance.now();
      for (let i = 0; i < total; i++) {
        const due = t0 + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const id = `load-${rate}-${i}-${Date.now()}`;
        answers.push(send(id, payload(id)));
      }
      const all = await Promise.all(answers);
      const accepted = all.filter((a) => a.status === 202);
      const throttled = all.filter((a) => a.lambdaError === "TooManyRequestsException");
      const failed = all.filter((a) => a.status !== 202 && a.lambdaError !== "TooManyRequestsException");
      notAccepted.push(...throttled, ...failed);
      const ms = all.map((a) => a.ms);
      const label = `${rate}/s for ${SECONDS_PER_RATE} s`;
      process.stderr.write(`intake-load: ${label}: ${accepted.length} accepted, ${throttled.length} throttled, ${failed.length} failed\n`);
      rows.push(
        row(`intake.${rate}.accepted`, `Intake at ${label}: accepted (202)`, accepted.length, `of ${total}`),
        row(`intake.${rate}.throttled`, `Intake at ${label}: throttled (500, Lambda TooManyRequestsException)`, throttled.length, `of ${total}`),
        row(`intake.${rate}.failed`, `Intake at ${label}: failed (other 5xx: function error or timeout)`, failed.length, `of ${total}`),
        row(`intake.${rate}.p50_ms`, `Intake at ${label}: answer p50 (all answers)`, Number(percentile(ms, 50).toFixed(1)), "ms"),
        row(`intake.${rate}.p99_ms`, `Intake at ${label}: answer p99 (all answers)`, Number(percentile(ms, 99).toFixed(1)), "ms"),
      );
      // Let the journeys this rate started settle before the next rate (under the server's 5 s keep-alive,
      // so the next rate's first requests don't race an idle socket being closed).
      await new Promise((r) => setTimeout(r, 4_000));
    }

    // The job board's retry of every delivery that was not accepted, a few at a time; a retry that
    // is throttled again is tried again (as a job board backs off and retries), up to 5 times.
    let done = 0;
    const queue = [...notAccepted];
    await Promise.all(
      Array.from({ length: RETRY_PARALLELISM }, async () => {
        for (let a = queue.shift(); a; a = queue.shift()) {
          for (let attempt = 0; attempt < 5; attempt++) {
            const again = await send(a.deliveryId, a.body);
            if (again.status === 202 || again.status === 200) {
              done += 1;
              break;
            }
            await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
          }
        }
      }),
    );
    if (connectionErrors.length) process.stderr.write(`intake-load: ${connectionErrors.length} request(s) without an answer: ${[...new Set(connectionErrors)].join(", ")}\n`);
    rows.push(row("intake.retried_ok", `Throttled or failed deliveries accepted when the job board retries (${notAccepted.length} retried)`, done, `of ${notAccepted.length}`, { op: ">=", value: notAccepted.length }));
    return rows;
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
