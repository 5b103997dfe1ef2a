// 12. What one job-board webhook costs the local stack: CPU per webhook, from the intake's HTTP
// request to the application journey waiting for the invite to be opened (screening, the invite's
// quiet-hours plan and send, the talent pool, the provider's delivery events), and the Lambda
// invocations it takes, by function. Webhooks go one at a time, each after the previous one's work
// has settled, into warm environments, so the figure is the work itself: no cold starts, no queueing.
// The median of BENCH_INTAKE_COST_RUNS runs of BENCH_INTAKE_COST_WEBHOOKS webhooks is reported with
// the load average around it: on a shared machine the same work costs more CPU (caches, migrations).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { signGenericWebhook } from "../lambdas/core/intake/webhook-signature.js";
import { wallClock } from "../lambdas/core/shared/ports.js";
import { functionIds } from "../lib/function-catalogue.js";
import { startLocalStack, type LocalStack } from "../local/stack.js";
import { median, row, type BenchRow } from "./report.js";

const RUNS = Number(process.env.BENCH_INTAKE_COST_RUNS ?? 5);
const WEBHOOKS = Number(process.env.BENCH_INTAKE_COST_WEBHOOKS ?? 10);
const WARM_UP = 3;

/** CPU time of this process (all threads), and of its main thread alone, in ms. */
function cpu(): { all: number; main: number } {
  const usage = process.cpuUsage();
  let main = NaN;
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    main = (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    // Not Linux: the main thread's share is not reported.
  }
  return { all: (usage.user + usage.system) / 1000, main };
}

const totalInvocations = (stack: LocalStack) => functionIds.reduce((n, id) => n + stack.runtime.stats[id].invocations, 0);

/** Until no invocation has started or run for `quietMs` (the delivery events come after the send). */
async function settled(stack: LocalStack, quietMs = 400): Promise<void> {
  let last = -1;
  for (;;) {
    await stack.runtime.idle(60_000);
    const now = totalInvocations(stack);
    if (now === last) return;
    last = now;
    await new Promise((r) => setTimeout(r, quietMs));
  }
}

export async function intakeCost(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "hirepath-bench-intake-cost-"));
  // 01:00 UTC is 09:00 in Shanghai: no invite is held by quiet hours because of the hour the bench runs.
  const stack = await startLocalStack({ dataDir, appPort: 0, eventDelayMs: 1, nudgeAfterSeconds: 86_400, clockStart: Date.parse(`${new Date().toISOString().slice(0, 10)}T01:00:00Z`) });
  let sent = 0;
  const webhook = async () => {
    const i = sent++;
    const body = JSON.stringify({
      event: "application.created",
      candidate: { name: `候选人${i}`, email: `intake-cost-${i}@example.com`, locale: "zh-CN", timeZone: "Asia/Shanghai" },
      application: { requisitionId: "req-sales-sh", resumeText: "SaaS 大客户销售 6年", yearsExperience: 6, location: "上海" },
    });
    // Job boards sign with the wall clock, and the intake checks freshness against it (not journey time).
    const timestamp = Math.floor(wallClock.now().getTime() / 1000);
    const res = await fetch(`${stack.appUrl}/webhooks/generic`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hirepath-signature": signGenericWebhook(body, stack.secrets.webhookSecrets.generic!, timestamp), "x-hirepath-delivery": `intake-cost-${i}`, "x-hirepath-timestamp": String(timestamp) },
      body,
    });
    if (res.status !== 202) throw new Error(`intake cost: webhook ${i} → ${res.status} ${await res.text()}`);
    const { executionArn } = (await res.json()) as { executionArn: string };
    await settled(stack);
    // The journey must have got where the bench says it measures to: the invite sent, waiting for it to be opened.
    const entered = stack.engine.getExecutionHistory(executionArn).filter((e) => e.type.endsWith("StateEntered")).map((e) => (e as { stateName?: string }).stateName ?? "");
    if (!entered.includes("WaitForInviteEngagement")) throw new Error(`intake cost: journey ${executionArn} stopped at ${entered.at(-1)}`);
  };
  try {
    for (let i = 0; i < WARM_UP; i++) await webhook();
    const runs: Array<{ cpuMs: number; mainMs: number; invocations: Record<string, number>; coldStarts: number; load: number }> = [];
    for (let r = 0; r < RUNS; r++) {
      stack.runtime.resetStats();
      const load = loadavg()[0]!;
      const before = cpu();
      for (let i = 0; i < WEBHOOKS; i++) await webhook();
      const after = cpu();
      const invocations: Record<string, number> = {};
      for (const id of functionIds) if (stack.runtime.stats[id].invocations) invocations[id] = stack.runtime.stats[id].invocations / WEBHOOKS;
      runs.push({ cpuMs: (after.all - before.all) / WEBHOOKS, mainMs: (after.main - before.main) / WEBHOOKS, invocations, coldStarts: functionIds.reduce((n, id) => n + stack.runtime.stats[id].coldStarts, 0), load: (load + loadavg()[0]!) / 2 });
      process.stderr.write(`  run ${r + 1}: ${runs.at(-1)!.cpuMs.toFixed(0)} ms CPU per webhook (main thread ${runs.at(-1)!.mainMs.toFixed(0)} ms), ${JSON.stringify(invocations)}, cold starts ${runs.at(-1)!.coldStarts}, load ${runs.at(-1)!.load.toFixed(1)}\n`);
    }
    const perWebhook = Object.values(runs[0]!.invocations).reduce((a, b) => a + b, 0);
    return [
      row("intake.cpu_ms_per_webhook", `Stack CPU per webhook, median of ${RUNS} × ${WEBHOOKS} (warm, one at a time)`, Math.round(median(runs.map((r) => r.cpuMs))), "ms"),
      row("intake.main_thread_cpu_ms_per_webhook", "of which the main thread (HTTP, dynalite, engine, IAM)", Math.round(median(runs.map((r) => r.mainMs))), "ms"),
      row("intake.lambda_invocations_per_webhook", `Lambda invocations per webhook (${Object.entries(runs[0]!.invocations).map(([id, n]) => `${id} ${n}`).join(", ")})`, perWebhook, "invocations"),
      row("intake.load_average", "Load average (1 min) during the runs, median", Number(median(runs.map((r) => r.load)).toFixed(1)), ""),
    ];
  } finally {
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
