// 9. What a whole candidate lifecycle costs on AWS: application → interview (confirmed, attended)
// → offer (one approver, accepted) → pre-onboarding touches until day one. Every workflow runs on
// the local stack with the real handlers; transitions come from the engine's history, Lambda
// requests from the runtime, read/write units from a meter on dynalite. Priced at us-east-1 list
// prices (the same table as section 4). Waits are woken with the engine's test clock.
import { startJourneyHarness, type JourneyHarness } from "../test/statemachines/journey-harness.js";
import { PRICE } from "./journey-cost.js";
import { row, type BenchRow } from "./report.js";

const LIFECYCLES = Number(process.env.BENCH_LIFECYCLES ?? 5);
const READS = new Set(["GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"]);
const WRITES = new Set(["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"]);
const DAY = 86_400_000;

/** A zone where it is about noon now, so no message waits for quiet hours to end. */
function zoneWhereItIsNoon(now = new Date()): string {
  let offset = 12 - now.getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? "Etc/UTC" : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

async function until(what: string, check: () => boolean | Promise<boolean>, h: JourneyHarness, arn?: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`lifecycle bench: timed out waiting for ${what}${arn ? `; visited ${h.statesVisited(arn).join(" → ")}` : ""}`);
    if (arn) h.stack.engine.wakeWaits(arn);
    await new Promise((r) => setTimeout(r, 10));
  }
  await h.stack.engine.whenIdle();
}

const running = (h: JourneyHarness, arn: string) => h.stack.engine.describeExecution(arn).status === "RUNNING";

/** Drives an execution to its end, waking each Wait as it is reached. */
async function runToEnd(h: JourneyHarness, arn: string): Promise<void> {
  await until(`${arn} to end`, () => !running(h, arn), h, arn);
  const d = h.stack.engine.describeExecution(arn);
  if (d.status !== "SUCCEEDED") throw new Error(`lifecycle bench: ${arn} ended ${d.status}: ${d.error} ${d.cause}`);
}

function link(h: JourneyHarness, to: string, pattern: RegExp): string {
  for (const m of h.stack.outbox.list({ to })) {
    const found = pattern.exec(m.html ?? "")?.[1];
    if (found) return found.replace(/&amp;/g, "&");
  }
  throw new Error(`lifecycle bench: no link ${pattern} in mail to ${to}`);
}

async function form(url: string, fields: Record<string, string>): Promise<void> {
  const res = await fetch(url.split("?")[0]!.includes("/o/") ? url.split("?")[0]! : url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
  if (res.status !== 200) throw new Error(`lifecycle bench: POST ${url} → ${res.status}: ${await res.text()}`);
}

/** One lifecycle; returns the executions it ran. */
async function lifecycle(h: JourneyHarness, i: number): Promise<string[]> {
  const hr = async (path: string, method: string, body?: unknown) => {
    const token = await h.stack.issuer.issueToken("recruiter", { email: "recruiter@hirepath.test" });
    const res = await fetch(`${h.stack.appUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (res.status >= 300) throw new Error(`lifecycle bench: ${method} ${path} → ${res.status}: ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  const requisitionId = `req-lifecycle-${i}`;
  const manager = `manager-${i}@bench.test`;
  await hr(`/hr/requisitions/${requisitionId}`, "PUT", { title: "大客户销售经理", locale: "zh-CN", screening: { requiredKeywords: ["销售|sales"] } });
  await hr(`/hr/requisitions/${requisitionId}/offer-policy`, "PUT", {
    ownerEmail: "owner@bench.test",
    ownerName: "Owner",
    approvalChain: [{ name: "Hiring manager", approvers: [{ email: manager, name: "M" }], required: 1, when: "always" }],
  });

  // 1. Application.
  const email = `lifecycle-${i}-${process.pid}@example.com`;
  const applied = await h.post({
    event: "application.created",
    candidate: { name: `候选人${i}`, email, phone: `1360000${String(i).padStart(4, "0")}`, locale: "zh-CN", timeZone: zoneWhereItIsNoon() },
    application: { requisitionId, resumeText: "8年SaaS销售，大客户 key account", yearsExperience: 8, location: "上海" },
  });
  const { candidateId, applicationId, executionArn: applicationArn } = applied.body;
  await runToEnd(h, applicationArn);

  // 2. Interview: scheduled, confirmed by the candidate, attended.
  const start = new Date(Date.now() + (3 + i) * DAY);
  start.setUTCMinutes(0, 0, 0);
  const interview = await hr("/hr/interviews", "POST", {
    candidateId, applicationId, interviewerId: "iv-lifecycle", startsAt: start.toISOString(), durationMinutes: 60, mode: "onsite", location: "上海市浦东新区世纪大道100号",
    recruiterEmail: "recruiter@hirepath.test", managerEmail: manager,
  });
  // The invitation may be held (quiet hours, the daily cap): wake its wait like every other.
  await until("the interview invitation", () => h.statesVisited(interview.executionArn).includes("WaitForInvitationResponse"), h, interview.executionArn);
  await form(link(h, email, /data-action="confirm" href="([^"]+)"/), { action: "confirm" });
  await until("the outcome wait", () => h.statesVisited(interview.executionArn).includes("WaitForInterviewToEnd"), h, interview.executionArn);
  await hr(`/hr/interviews/${candidateId}/${interview.interviewId}/outcome`, "POST", { outcome: "attended" });
  await runToEnd(h, interview.executionArn);

  // 3. Offer: approved, sent, accepted; 4. pre-onboarding touches until day one.
  const offerId = `offer${i}x${process.pid}`;
  const startDate = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
  await hr(`/hr/candidates/${candidateId}/offers/${offerId}`, "PUT", {
    applicationId,
    parts: {
      basePay: { amount: 25_000, currency: "CNY", period: "month", monthsPerYear: 14 },
      commission: { kind: "none" },
      bonus: { kind: "none" },
      benefits: ["五险一金"],
      probation: { months: 3, payPercent: 100 },
      startDate,
      location: "上海",
      responseDeadline: new Date(Date.now() + 3 * DAY).toISOString(),
    },
    candidateExpectation: { amount: 360_000, currency: "CNY" },
    includeExecutiveStep: false,
    competingOffer: false,
  });
  const submitted = await hr(`/hr/candidates/${candidateId}/offers/${offerId}/submit`, "POST");
  const offerArn = submitted.executionArn as string;
  await until("the approval request", () => h.stack.outbox.list({ to: manager }).some((m) => /action=approve/.test(m.html ?? "")), h);
  await form(link(h, manager, /href="([^"]+\/o\/[A-Za-z0-9_-]+\?action=approve)"/), { action: "approve" });
  await until("the offer email", () => h.statesVisited(offerArn).includes("SendOfferToCandidate"), h);
  await until("the accept link", () => h.stack.outbox.list({ to: email }).some((m) => /action=accept/.test(m.html ?? "")), h);
  await form(link(h, email, /href="([^"]+\/o\/[A-Za-z0-9_-]+\?action=accept)"/), { action: "accept" });
  await runToEnd(h, offerArn);
  return [applicationArn, interview.executionArn, offerArn];
}

export async function lifecycleCost(): Promise<BenchRow[]> {
  const dynamo = { readUnits: 0, writeUnits: 0 };
  let metering = false;
  const h = await startJourneyHarness({
    dynamoMeter: (op, requestBytes, responseBytes) => {
      if (!metering) return;
      if (READS.has(op)) dynamo.readUnits += Math.max(1, Math.ceil(responseBytes / 4096));
      else if (WRITES.has(op)) dynamo.writeUnits += Math.max(1, Math.ceil(requestBytes / 1024));
    },
  });
  try {
    const token = await h.stack.issuer.issueToken("recruiter");
    const availability = [{ startsAt: new Date(Date.now() - DAY).toISOString(), endsAt: new Date(Date.now() + 90 * DAY).toISOString() }];
    await fetch(`${h.stack.appUrl}/hr/interviewers/iv-lifecycle`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "李娜", email: "interviewer@bench.test", title: { "zh-CN": "销售总监", en: "Sales Director" }, background: { "zh-CN": "企业软件销售", en: "Enterprise sales" }, tags: ["saas"], availability }),
    });
    h.stack.runtime.resetStats();
    metering = true;
    const arns: string[] = [];
    for (let i = 0; i < LIFECYCLES; i++) arns.push(...(await lifecycle(h, i)));
    await new Promise((r) => setTimeout(r, 300)); // the last delivery events
    metering = false;

    let transitions = 0;
    for (const arn of arns) transitions += h.stack.engine.getExecutionHistory(arn).filter((e) => e.type.endsWith("StateEntered")).length;
    const stats = Object.values(h.stack.runtime.stats);
    const lambdaRequests = stats.reduce((a, s) => a + s.invocations, 0);
    const gbSeconds = stats.reduce((a, s) => a + s.gbSeconds, 0);
    const emails = h.stack.outbox.list({ channel: "email" }).length;
    const per = (n: number) => n / LIFECYCLES;
    const infra =
      per(transitions) * PRICE.stepFunctionsTransition +
      per(lambdaRequests) * PRICE.lambdaRequest +
      per(gbSeconds) * PRICE.lambdaGbSecondArm +
      per(dynamo.writeUnits) * PRICE.dynamoWriteUnit +
      per(dynamo.readUnits) * PRICE.dynamoReadUnit;
    return [
      row("lifecycle.state_transitions", "Whole lifecycle (application → interview → offer accepted → pre-onboarding): state transitions", per(transitions), "transitions"),
      row("lifecycle.lambda_requests", "Whole lifecycle: Lambda requests", per(lambdaRequests), "requests"),
      row("lifecycle.dynamodb_write_units", "Whole lifecycle: DynamoDB write units (table, no GSI amplification)", per(dynamo.writeUnits), "WRU"),
      row("lifecycle.dynamodb_read_units", "Whole lifecycle: DynamoDB read units", per(dynamo.readUnits), "RRU"),
      row("lifecycle.emails", "Whole lifecycle: emails (candidate and staff)", per(emails), "emails"),
      row("lifecycle.cost_per_1000_usd", "Whole lifecycle: cost per 1,000 candidates, Step Functions + Lambda + DynamoDB, list prices", Number((infra * 1000).toFixed(3)), "USD"),
      row("lifecycle.email_cost_per_1000_usd", "Whole lifecycle: SES cost per 1,000 candidates", Number((per(emails) * PRICE.sesEmail * 1000).toFixed(3)), "USD"),
    ];
  } finally {
    await h.close();
  }
}
