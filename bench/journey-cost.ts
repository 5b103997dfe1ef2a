// 4. Operations counted per journey on the local stack, priced at published us-east-1 prices.
// The journey measured is the longest path (invite email, an hour's wait, SMS nudge, outcome), so
// the estimate is an upper bound for the thin journey. Messaging is priced separately.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signGenericWebhook } from "../lambdas/core/intake/webhook-signature.js";
import { startLocalStack } from "../local/stack.js";
import { row, type BenchRow } from "./report.js";

/** us-east-1 list prices, November 2026. */
export const PRICE = {
  stepFunctionsTransition: 0.025 / 1000,
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecondArm: 0.0000133334,
  httpApiRequest: 1.0 / 1e6,
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  logsIngestGb: 0.5,
  sesEmail: 0.1 / 1000,
};
const READS = new Set(["GetItem", "Query", "Scan", "BatchGetItem"]);
const WRITES = new Set(["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"]);
const JOURNEYS = 40;

export async function journeyCost(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "hirepath-bench-cost-"));
  const dynamo = { reads: 0, writes: 0, readUnits: 0, writeUnits: 0 };
  let metering = false;
  const stack = await startLocalStack({
    dataDir,
    appPort: 0,
    timeScale: 1e6,
    eventDelayMs: 1,
    dynamoMeter: (op, requestBytes, responseBytes) => {
      if (!metering) return;
      // On-demand units: a strongly consistent read is 1 RRU per 4 KB read, a write 1 WRU per 1 KB written.
      if (READS.has(op)) {
        dynamo.reads++;
        dynamo.readUnits += Math.max(1, Math.ceil(responseBytes / 4096));
      } else if (WRITES.has(op)) {
        dynamo.writes++;
        dynamo.writeUnits += Math.max(1, Math.ceil(requestBytes / 1024));
      }
    },
  });
  try {
    const secret = stack.secrets.webhookSecrets.generic!;
    stack.runtime.resetStats();
    metering = true;
    const arns: string[] = [];
    for (let i = 0; i < JOURNEYS; i++) {
      const body = JSON.stringify({
        event: "application.created",
        candidate: { name: `候选人${i}`, email: `cost-${i}@example.com`, phone: `1390000${String(i).padStart(4, "0")}`, locale: "zh-CN", timeZone: "Asia/Shanghai" },
        application: { requisitionId: "req-sales-sh", resumeText: "SaaS 大客户销售 6年", yearsExperience: 6, location: "上海" },
      });
      const res = await fetch(`${stack.appUrl}/webhooks/generic`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hirepath-signature": signGenericWebhook(body, secret, Math.floor(Date.now() / 1000)), "x-hirepath-delivery": `cost-${i}`, "x-hirepath-timestamp": String(Math.floor(Date.now() / 1000)) },
        body,
      });
      arns.push(((await res.json()) as { executionArn: string }).executionArn);
    }
    for (const arn of arns) {
      while (stack.engine.describeExecution(arn).status === "RUNNING") await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 300)); // the last delivery events
    metering = false;

    let transitions = 0;
    let logBytes = 0;
    for (const arn of arns) {
      for (const e of stack.engine.getExecutionHistory(arn)) {
        if (e.type.endsWith("StateEntered")) transitions++;
        // Logging level ALL with execution data: roughly one log record per history event.
        logBytes += 250 + (e.input?.length ?? 0) + (e.output?.length ?? 0);
      }
    }
    const lambdaRequests = Object.values(stack.runtime.stats).reduce((a, s) => a + s.invocations, 0);
    const gbSeconds = Object.values(stack.runtime.stats).reduce((a, s) => a + s.gbSeconds, 0);
    logBytes += lambdaRequests * 400; // START/END/REPORT platform lines; function logs are WARN and above
    const emails = stack.outbox.list({ channel: "email" }).length;
    const sms = stack.outbox.list({ channel: "sms" }).length;
    // GSI write amplification: each new profile is written to byEmail and byPhone as well.
    const gsiWriteUnits = 2 * JOURNEYS;

    const per = (n: number) => n / JOURNEYS;
    const infraPerJourney =
      per(transitions) * PRICE.stepFunctionsTransition +
      per(lambdaRequests) * PRICE.lambdaRequest +
      per(gbSeconds) * PRICE.lambdaGbSecondArm +
      1 * PRICE.httpApiRequest +
      per(dynamo.writeUnits + gsiWriteUnits) * PRICE.dynamoWriteUnit +
      per(dynamo.readUnits) * PRICE.dynamoReadUnit +
      (per(logBytes) / 1e9) * PRICE.logsIngestGb;
    return [
      row("journey.state_transitions", "State transitions per journey (full path)", per(transitions), "transitions"),
      row("journey.lambda_requests", "Lambda requests per journey", per(lambdaRequests), "requests"),
      row("journey.lambda_gb_seconds", "Lambda GB-s per journey (local durations)", Number(per(gbSeconds).toFixed(4)), "GB-s"),
      row("journey.dynamodb_write_units", "DynamoDB write units per journey (incl. GSI)", per(dynamo.writeUnits + gsiWriteUnits), "WRU"),
      row("journey.dynamodb_read_units", "DynamoDB read units per journey", per(dynamo.readUnits), "RRU"),
      row("journey.emails", "Emails per journey", per(emails), "emails"),
      row("journey.sms", "SMS per journey", per(sms), "SMS"),
      row("journey.cost_per_1000_usd", "Infrastructure cost per 1,000 journeys, excl. messaging", Number((infraPerJourney * 1000).toFixed(3)), "USD", { op: "<=", value: 0.5 }),
      row("journey.email_cost_per_1000_usd", "SES cost per 1,000 journeys (SMS varies by country)", Number((per(emails) * PRICE.sesEmail * 1000).toFixed(3)), "USD"),
    ];
  } finally {
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
