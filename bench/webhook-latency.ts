// 2. Webhook → first message in the outbox, at a fixed arrival rate, against `bin/local.ts` running
// as its own process. Each sample runs from just before the POST until the outbox's long-poll
// answers with that candidate's invite: HTTP, signature, DynamoDB writes, StartExecution, screening
// and the SES send all sit inside it.
import { rmSync } from "node:fs";
import { signGenericWebhook } from "../lambdas/core/intake/webhook-signature.js";
import { newDataDir, startLocalProcess, webhookSecret } from "../test/e2e/local-process.js";
import { percentile, row, type BenchRow } from "./report.js";

const RATE_PER_SECOND = 20;
const DURATION_SECONDS = 30;

export async function webhookLatency(): Promise<BenchRow[]> {
  const dataDir = newDataDir();
  const stack = await startLocalProcess(dataDir, { HIREPATH_NUDGE_AFTER_SECONDS: "86400" });
  try {
    const secret = webhookSecret(dataDir);
    const send = async (i: number) => {
      const email = `bench-${i}-${Date.now()}@example.com`;
      const body = JSON.stringify({
        event: "application.created",
        candidate: { name: `候选人${i}`, email, locale: "zh-CN", timeZone: "Asia/Shanghai" },
        application: { requisitionId: "req-sales-sh", resumeText: "SaaS 大客户销售 6年", yearsExperience: 6, location: "上海" },
      });
      const started = performance.now();
      const arrived = fetch(`${stack.url}/outbox/api/messages?to=${encodeURIComponent(email)}&wait=20000`).then(async (r) => {
        const { count } = (await r.json()) as { count: number };
        if (count < 1) throw new Error(`no message for ${email}`);
        return performance.now() - started;
      });
      const res = await fetch(`${stack.url}/webhooks/generic`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hirepath-signature": signGenericWebhook(body, secret, Math.floor(Date.now() / 1000)), "x-hirepath-delivery": `bench-${i}-${email}`, "x-hirepath-timestamp": String(Math.floor(Date.now() / 1000)) },
        body,
      });
      const accepted = performance.now() - started;
      if (res.status !== 202) {
        // Throttled (WebhookIntake at its concurrency limit) or failed: counted, not a latency sample.
        arrived.catch(() => undefined);
        return { accepted, firstMessage: undefined };
      }
      return { accepted, firstMessage: await arrived };
    };
    for (let i = 0; i < 20; i++) await send(-1 - i); // warm-up: module init, JIT, connections

    const total = RATE_PER_SECOND * DURATION_SECONDS;
    const samples: Array<Promise<{ accepted: number; firstMessage: number | undefined }>> = [];
    const t0 = performance.now();
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / RATE_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      samples.push(send(i));
    }
    const results = await Promise.all(samples);
    const first = results.flatMap((r) => (r.firstMessage === undefined ? [] : [r.firstMessage]));
    const acks = results.map((r) => r.accepted);
    const label = `${RATE_PER_SECOND}/s for ${DURATION_SECONDS} s`;
    return [
      row("webhook_to_outbox.p50_ms", `Webhook → first message in the outbox, p50 (${label})`, Number(percentile(first, 50).toFixed(1)), "ms"),
      row("webhook_to_outbox.p99_ms", `Webhook → first message in the outbox, p99 (${label})`, Number(percentile(first, 99).toFixed(1)), "ms", { op: "<=", value: 50 }),
      row("webhook_ack.p99_ms", "Webhook answered, p99", Number(percentile(acks, 99).toFixed(1)), "ms"),
      row("webhook_not_accepted", `Webhooks not accepted (throttled or failed; section 10 counts them by kind)`, total - first.length, `of ${total}`),
    ];
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
