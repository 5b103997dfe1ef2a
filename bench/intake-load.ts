// 11. Webhook intake under load: signed application webhooks at 10, 20 and 40 per second against
// `npm start` (its own process), open loop (each sent at its time, whatever the earlier ones are
// doing), each rate for a fixed time. Every answer is counted: accepted (202), throttled (the HTTP
// API's 500 when WebhookIntake is at its concurrency limit, which Lambda refuses at once) and failed
// (anything else: a function error, a timeout, no answer).
//
// After each rate, the stack is checked against what the answers claimed:
// - every accepted delivery has exactly one candidate (its unique email) with exactly one application;
// - a throttled delivery left nothing: on AWS a throttled invocation never ran, so no candidate;
// - a failed one may have left work (on AWS a function that timed out may have written before it
//   was stopped): that is allowed, but the job board's retry must complete it exactly once.
// Then every delivery that was not accepted is sent again, as a job board redelivers a 5xx, and must
// end with exactly one candidate and one application (202, or 200 when the first attempt had finished).
import { readFileSync, rmSync } from "node:fs";
import { hr, newDataDir, startLocalProcess, token, webhookSecret } from "../test/e2e/local-process.js";
import { signGenericWebhook } from "../lambdas/core/intake/webhook-signature.js";
import { percentile, row, type BenchRow } from "./report.js";

const RATES = [10, 20, 40];
const SECONDS_PER_RATE = Number(process.env.BENCH_INTAKE_SECONDS ?? 10);
/** The job board's retries run this many at a time (below WebhookIntake's concurrency limit). */
const RETRY_PARALLELISM = 4;
/** Warm-up: WebhookIntake's local concurrency limit (local/lambda-runtime.ts), twice. */
const WARM_ENVIRONMENTS = 10;

interface Answer {
  status: number;
  lambdaError: string | null;
  ms: number;
  deliveryId: string;
  email: string;
  body: string;
}

type Kind = "accepted" | "throttled" | "failed";
const kindOf = (a: Answer): Kind => (a.status === 202 ? "accepted" : a.lambdaError === "TooManyRequestsException" ? "throttled" : "failed");

export async function intakeLoad(): Promise<BenchRow[]> {
  const dataDir = newDataDir();
  const stack = await startLocalProcess(dataDir, { HIREPATH_NUDGE_AFTER_SECONDS: "86400" });
  const rows: BenchRow[] = [];
  const table: string[] = ["| Rate (open loop) | Sent | Accepted | Throttled | Failed | p50 / p99 accepted | p50 / p99 throttled | Stack CPU per accepted | Checks |", "|---|---:|---:|---:|---:|---:|---:|---:|---|"];
  const connectionErrors: string[] = [];
  try {
    const secret = webhookSecret(dataDir);
    const admin = await token(stack.url, "admin");
    const payload = (id: string, email: string) =>
      JSON.stringify({
        event: "application.created",
        candidate: { name: `候选人${id}`, email, locale: "zh-CN", timeZone: "Asia/Shanghai" },
        application: { requisitionId: "req-sales-sh", resumeText: "SaaS 大客户销售 6年", yearsExperience: 6, location: "上海" },
      });
    const send = async (deliveryId: string, email: string, body: string): Promise<Answer> => {
      // One reading of the wall clock for the signature and its header (job boards sign with the wall).
      const timestamp = Math.floor(Date.now() / 1000);
      const started = performance.now();
      try {
        const res = await fetch(`${stack.url}/webhooks/generic`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-hirepath-signature": signGenericWebhook(body, secret, timestamp), "x-hirepath-delivery": deliveryId, "x-hirepath-timestamp": String(timestamp) },
          body,
        });
        await res.arrayBuffer();
        return { status: res.status, lambdaError: res.headers.get("x-hirepath-lambda-error"), ms: performance.now() - started, deliveryId, email, body };
      } catch (error) {
        // No answer at all (the connection dropped): a failure, and its delivery is retried below.
        connectionErrors.push(String((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message));
        return { status: 0, lambdaError: null, ms: performance.now() - started, deliveryId, email, body };
      }
    };
    const delivery = (label: string) => {
      const id = `${label}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      const email = `${id}@load.example.com`;
      return { id, email, body: payload(id, email) };
    };

    // The stack's CPU time (all its threads), from /proc: what a webhook costs, whatever the load.
    const stackCpuMs = () => {
      try {
        const fields = readFileSync(`/proc/${stack.child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
        return (Number(fields[11]) + Number(fields[12])) * 10;
      } catch {
        return NaN;
      }
    };
    /** Until the stack is quiet (its journeys have reached their waits), at most `boundMs`. */
    const settle = async (boundMs = 120_000) => {
      const until = performance.now() + boundMs;
      let last = stackCpuMs();
      while (performance.now() < until) {
        await new Promise((r) => setTimeout(r, 2_000));
        const now = stackCpuMs();
        if (!(now - last > 200)) return; // under a tenth of a core
        last = now;
      }
    };

    /** Every candidate's email → candidate ids, through the HR API (as HR would look). */
    const candidatesByEmail = async () => {
      const byEmail = new Map<string, string[]>();
      let cursor: string | undefined;
      do {
        const page = await hr(stack.url, admin, `/hr/candidates?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
        if (page.status !== 200) throw new Error(`intake bench: GET /hr/candidates → ${page.status}`);
        for (const c of page.body.items as Array<{ candidateId: string; email?: string; emailNorm?: string }>) {
          const email = (c.emailNorm ?? c.email ?? "").toLowerCase();
          byEmail.set(email, [...(byEmail.get(email) ?? []), c.candidateId]);
        }
        cursor = page.body.nextCursor as string | undefined;
      } while (cursor);
      return byEmail;
    };
    /** Deliveries that do not have exactly one candidate with exactly one application. */
    const notExactlyOnce = async (answers: Answer[], byEmail: Map<string, string[]>) => {
      const wrong: string[] = [];
      const queue = [...answers];
      await Promise.all(
        Array.from({ length: RETRY_PARALLELISM }, async () => {
          for (let a = queue.shift(); a; a = queue.shift()) {
            const ids = byEmail.get(a.email.toLowerCase()) ?? [];
            if (ids.length !== 1) {
              wrong.push(`${a.deliveryId}: ${ids.length} candidates`);
              continue;
            }
            const got = await hr(stack.url, admin, `/hr/candidates/${ids[0]}`);
            const applications = (got.body?.applications as unknown[] | undefined)?.length ?? 0;
            if (applications !== 1) wrong.push(`${a.deliveryId}: ${applications} applications`);
          }
        }),
      );
      return wrong;
    };

    // Warm-up: WebhookIntake's environments started (as wide as its concurrency limit, twice), then
    // the journeys those started left to settle, so the rates measure warm environments.
    for (let round = 0; round < 2; round++) {
      await Promise.all(Array.from({ length: WARM_ENVIRONMENTS }, () => delivery("warm")).map((d) => send(d.id, d.email, d.body)));
    }
    await settle();

    let allRetried = 0;
    let allRetriedOk = 0;
    for (const rate of RATES) {
      const total = rate * SECONDS_PER_RATE;
      const answers: Array<Promise<Answer>> = [];
      const cpuBefore = stackCpuMs();
      const t0 = performance.now();
      for (let i = 0; i < total; i++) {
        const due = t0 + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const d = delivery(`load${rate}`);
        answers.push(send(d.id, d.email, d.body));
      }
      const all = await Promise.all(answers);
      // The work those 202s started (their journeys' first steps) counts too.
      await settle();
      const cpu = stackCpuMs() - cpuBefore;
      const by = (k: Kind) => all.filter((a) => kindOf(a) === k);
      const [accepted, throttled, failed] = [by("accepted"), by("throttled"), by("failed")];

      // The checks: accepted → exactly once; throttled → nothing; failed → whatever it left, counted.
      const before = await candidatesByEmail();
      const acceptedWrong = await notExactlyOnce(accepted, before);
      const throttledLeftWork = throttled.filter((a) => (before.get(a.email.toLowerCase()) ?? []).length > 0);
      const failedLeftWork = failed.filter((a) => (before.get(a.email.toLowerCase()) ?? []).length > 0);

      // The job board's redelivery of every delivery that was not accepted, a few at a time; one
      // throttled again is retried with back-off (as a job board does), up to 6 attempts.
      const notAccepted = [...throttled, ...failed];
      const queue = [...notAccepted];
      let gaveUp = 0;
      await Promise.all(
        Array.from({ length: RETRY_PARALLELISM }, async () => {
          for (let a = queue.shift(); a; a = queue.shift()) {
            let done = false;
            for (let attempt = 0; attempt < 6 && !done; attempt++) {
              const again = await send(a.deliveryId, a.email, a.body);
              done = again.status === 202 || again.status === 200;
              if (!done) await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
            }
            if (!done) gaveUp += 1;
          }
        }),
      );
      const retriedWrong = await notExactlyOnce(notAccepted, await candidatesByEmail());
      allRetried += notAccepted.length;
      allRetriedOk += notAccepted.length - retriedWrong.length;

      const ms = (xs: Answer[], p: number) => (xs.length ? Math.round(percentile(xs.map((a) => a.ms), p)) : NaN);
      const label = `${rate}/s for ${SECONDS_PER_RATE} s`;
      const checks = [
        acceptedWrong.length ? `❌ ${acceptedWrong.length} accepted not exactly once (${acceptedWrong.slice(0, 3).join("; ")})` : "accepted: each exactly one application",
        throttledLeftWork.length ? `❌ ${throttledLeftWork.length} throttled left a candidate` : "throttled: left nothing",
        failed.length ? `failed: ${failedLeftWork.length} of ${failed.length} had written before failing` : "",
        retriedWrong.length || gaveUp ? `❌ retries: ${retriedWrong.length} not exactly once, ${gaveUp} still refused after 6 attempts` : `retries: all ${notAccepted.length} exactly once`,
      ].filter(Boolean);
      process.stderr.write(`intake-load: ${label}: ${accepted.length} accepted, ${throttled.length} throttled, ${failed.length} failed; ${checks.join("; ")}\n`);
      table.push(
        `| ${rate}/s × ${SECONDS_PER_RATE} s | ${total} | ${accepted.length} | ${throttled.length} | ${failed.length} | ${ms(accepted, 50)} / ${ms(accepted, 99)} ms | ${ms(throttled, 50)} / ${ms(throttled, 99)} ms | ${accepted.length ? Math.round(cpu / accepted.length) : "—"} ms | ${checks.join("; ")} |`,
      );
      rows.push(
        row(`intake.${rate}.accepted`, `Intake at ${label}: accepted (202)`, accepted.length, `of ${total}`),
        row(`intake.${rate}.throttled`, `Intake at ${label}: throttled (500, Lambda TooManyRequestsException)`, throttled.length, `of ${total}`),
        row(`intake.${rate}.failed`, `Intake at ${label}: failed (other 5xx or no answer: function error or timeout)`, failed.length, `of ${total}`),
        row(`intake.${rate}.accepted_p50_ms`, `Intake at ${label}: accepted answer p50`, ms(accepted, 50), "ms"),
        row(`intake.${rate}.accepted_p99_ms`, `Intake at ${label}: accepted answer p99`, ms(accepted, 99), "ms"),
        row(`intake.${rate}.throttled_p50_ms`, `Intake at ${label}: throttled answer p50`, ms(throttled, 50), "ms"),
        row(`intake.${rate}.throttled_p99_ms`, `Intake at ${label}: throttled answer p99`, ms(throttled, 99), "ms"),
        row(`intake.${rate}.stack_cpu_per_accepted_ms`, `Intake at ${label}: the stack's CPU (all threads) per accepted webhook, its journey's first steps included`, accepted.length ? Math.round(cpu / accepted.length) : NaN, "ms"),
        row(`intake.${rate}.accepted_not_exactly_once`, `Intake at ${label}: accepted deliveries without exactly one candidate and one application`, acceptedWrong.length, "", { op: "<=", value: 0 }),
        row(`intake.${rate}.throttled_left_work`, `Intake at ${label}: throttled deliveries that left a candidate (a throttled invocation never ran)`, throttledLeftWork.length, "", { op: "<=", value: 0 }),
        row(`intake.${rate}.retried_not_exactly_once`, `Intake at ${label}: not-accepted deliveries without exactly one candidate and application after the job board's retries (${notAccepted.length} retried)`, retriedWrong.length + gaveUp, "", { op: "<=", value: 0 }),
      );
      // The retries' journeys settle before the next rate.
      await settle();
    }
    if (connectionErrors.length) process.stderr.write(`intake-load: ${connectionErrors.length} request(s) without an answer: ${[...new Set(connectionErrors)].join(", ")}\n`);
    process.stderr.write(`\n${table.join("\n")}\n\n`);
    rows.push(row("intake.retried_ok", `Throttled or failed deliveries completed exactly once by the job board's retries (${allRetried} retried)`, allRetriedOk, `of ${allRetried}`, { op: ">=", value: allRetried }));
    return rows;
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
