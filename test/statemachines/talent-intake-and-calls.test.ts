// The talent pool on the in-process local stack: each ATS's signed webhook (real sample payloads,
// signatures computed here from a test secret the stack generated), refusal and dead letter on a
// wrong signature, idempotent replay, a dedupe race across sources, and call logging with the
// follow-up SMS, the next-attempt task and the unreachable status.
import { createHmac } from "node:crypto";
import { GetItemCommand, DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureText } from "../fixtures/index.js";
import { eventually, hr, outbox } from "../e2e/local-process.js";
import { application, startJourneyHarness, type JourneyHarness } from "./journey-harness.js";
import { wallNow } from "../../local/clock/index.js";

let h: JourneyHarness;
let recruiter: string;
let admin: string;
const hex = (secret: string, body: string) => createHmac("sha256", secret).update(body).digest("hex");

/** Each vendor's signature placement, per its documentation (see lambdas/core/intake/ats-webhooks.ts). */
function signed(source: string, body: string, secret: string, extra: Record<string, string> = {}): { path: string; headers: Record<string, string> } {
  const sig = hex(secret, body);
  switch (source) {
    case "greenhouse": return { path: "/webhooks/greenhouse", headers: { signature: `sha256 ${sig}`, ...extra } };
    case "ashby": return { path: "/webhooks/ashby", headers: { "ashby-signature": `sha256=${sig}`, ...extra } };
    case "workable": return { path: "/webhooks/workable", headers: { "x-workable-signature": sig, ...extra } };
    case "moka": return { path: `/webhooks/moka?sign=${sig}`, headers: extra };
    default: throw new Error(source);
  }
}

async function deliver(source: string, body: string, opts: { secret?: string; headers?: Record<string, string> } = {}) {
  const { path, headers } = signed(source, body, opts.secret ?? h.stack.secrets.webhookSecrets[source]!, opts.headers);
  const res = await fetch(`${h.stack.appUrl}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  h = await startJourneyHarness();
  recruiter = await h.stack.issuer.issueToken("recruiter");
  admin = await h.stack.issuer.issueToken("admin");
});
afterAll(async () => {
  // Journeys still screening (and re-indexing the pool) would otherwise write to a closed table.
  await h?.stack.engine.whenIdle();
  await h?.close();
});

const samples: Array<[string, string, { name: string; phone: string; requisition: string }]> = [
  ["greenhouse", "greenhouse/new-candidate-application.json", { name: "Li Wei", phone: "+8613900001234", requisition: "greenhouse-107761" }],
  ["ashby", "ashby/application-submit.json", { name: "Emma Zhang", phone: "+8613900005678", requisition: "ashby-bd0a5b3e-77a4-4a0d-9f14-1b9c3d0e2f56" }],
  ["workable", "workable/candidate-created.json", { name: "Chen Jing", phone: "+8613900009012", requisition: "workable-GROOV005" }],
  ["moka", "moka/candidate-push.json", { name: "刘洋", phone: "+8613900003456", requisition: "moka-9921" }],
];

describe("ATS webhooks", () => {
  for (const [source, file, expected] of samples) {
    it(`${source}: accepts a signed sample, maps it to our model, keeps the raw payload, and replays idempotently`, async () => {
      const body = fixtureText(file);
      const first = await deliver(source, body, { headers: source === "greenhouse" ? { "greenhouse-event-id": "3ce5180d-9119-4ddc-9ef6-21edb6e76f8a" } : {} });
      expect(first.status).toBe(202);
      // The requisition reaches the pool record in the journey's first step, after the 202.
      const view = await eventually(async () => {
        const v = await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${first.body.candidateId}`);
        return v.body.talent.requisitionIds.length > 0 && v;
      }, "the requisition on the pool record");
      expect(view.body.candidate).toMatchObject({ name: expected.name, phoneE164: expected.phone, source });
      expect(view.body.talent.requisitionIds).toEqual([expected.requisition]);
      expect(view.body.timeline.map((e: { type: string }) => e.type)).toContain("application.received");

      const deliveryId = view.body.timeline.find((e: { type: string }) => e.type === "application.received").data.deliveryId;
      const rawItem = await new DynamoDBClient({ endpoint: h.stack.dynamoEndpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } }).send(
        new GetItemCommand({ TableName: "hirepath-local", Key: { pk: { S: `RAW#${source}#${deliveryId}` }, sk: { S: "RAW" } } }),
      );
      expect(rawItem.Item?.body?.S).toBe(body);

      const again = await deliver(source, body, { headers: source === "greenhouse" ? { "greenhouse-event-id": "3ce5180d-9119-4ddc-9ef6-21edb6e76f8a" } : {} });
      expect(again).toMatchObject({ status: 200, body: { candidateId: first.body.candidateId, applicationId: first.body.applicationId, duplicate: true } });
    });

    it(`${source}: refuses a wrong signature with 401 and keeps it as a dead letter`, async () => {
      const body = fixtureText(file).replace(expected.name, "Mallory");
      const refused = await deliver(source, body, { secret: "whsec_not-the-right-secret-at-all" });
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ code: "signature-mismatch" });
      const letters = await hr(h.stack.appUrl, recruiter, "/hr/dead-letters?limit=100");
      const letter = letters.body.items.find((d: { deadLetterId: string }) => d.deadLetterId === refused.body.deadLetterId);
      expect(letter).toMatchObject({ source, code: "signature-mismatch", rawBody: body, status: "open" });
    });
  }

  it("refuses a Greenhouse signature in the wrong format and a body that is not the documented shape", async () => {
    const body = fixtureText("greenhouse/new-candidate-application.json");
    const res = await fetch(`${h.stack.appUrl}/webhooks/greenhouse`, { method: "POST", headers: { "content-type": "application/json", signature: "md5 abc" }, body });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe("signature-malformed");
    const bad = JSON.stringify({ action: "new_candidate_application", payload: { application: { id: 1, candidate: { first_name: "X" } } } });
    const invalid = await deliver("greenhouse", bad);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { path: string }) => e.path)).toContain("payload.application.candidate.id");
  });

  it("keeps a Lever event's raw payload under its delivery id without creating anyone (Lever sends ids only)", async () => {
    const body = JSON.parse(fixtureText("lever/candidate-stage-change.json")) as { token: string; triggeredAt: number; signature: string };
    body.triggeredAt = wallNow(); // Lever stamps with the wall clock, not journey time
    body.signature = hex(h.stack.secrets.webhookSecrets.lever!, body.token + String(body.triggeredAt));
    const raw = JSON.stringify(body);
    const res = await fetch(`${h.stack.appUrl}/webhooks/lever`, { method: "POST", headers: { "content-type": "application/json" }, body: raw });
    const answer = (await res.json()) as Record<string, any>;
    expect(res.status).toBe(200);
    expect(answer).toMatchObject({ ignored: true, event: "candidateStageChange", externalIds: { contactId: "0c1d2e3f-4a5b-4c6d-8e7f-90a1b2c3d4e5" } });
    const rawItem = await new DynamoDBClient({ endpoint: h.stack.dynamoEndpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } }).send(
      new GetItemCommand({ TableName: "hirepath-local", Key: { pk: { S: `RAW#lever#${answer.deliveryId}` }, sk: { S: "RAW" } } }),
    );
    expect(rawItem.Item?.body?.S).toBe(raw);
  });

  it("acknowledges an authentic event it does not ingest (a Greenhouse ping) without creating anyone", async () => {
    const ping = await deliver("greenhouse", JSON.stringify({ action: "ping", payload: { web_hook_id: 1 } }));
    expect(ping).toMatchObject({ status: 200, body: { ignored: true, event: "ping" } });
  });

  it("gives two simultaneous deliveries for the same phone from different sources one profile", async () => {
    const gh = fixtureText("greenhouse/new-candidate-application.json").replace("+86 139 0000 1234", "+86 139 7777 0001").replace("li.wei@example.com", "race-a@example.com").replace("69306314", "69306399");
    const wk = fixtureText("workable/candidate-created.json").replace("13900009012", "13977770001").replace("chen.jing@example.com", "race-b@example.com").replace('"9fe1b5e2"', '"race-9fe1"').replace('"3e5d9b1"', '"race-3e5d"');
    const [a, b] = await Promise.all([deliver("greenhouse", gh), deliver("workable", wk)]);
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(a.body.candidateId).toBe(b.body.candidateId);
    const view = await eventually(async () => {
      const v = await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${a.body.candidateId}`);
      return v.body.talent.requisitionIds.length === 2 && v;
    }, "both requisitions on the pool record");
    expect(view.body.applications).toHaveLength(2);
    expect(view.body.talent.requisitionIds.sort()).toEqual(["greenhouse-107761", "workable-GROOV005"]);
  });
});

describe("call logging", () => {
  it("logs a missed call, sends one follow-up SMS with the role and salary range, and books the next attempt", async () => {
    const req = await hr(h.stack.appUrl, admin, "/hr/requisitions/req-call-sh", {
      method: "PUT",
      body: JSON.stringify({ title: "大客户销售经理", locale: "zh-CN", screening: { requiredKeywords: ["销售"] }, roleFamily: "sales", budget: { min: 15000, max: 25000, currency: "CNY" }, ownerEmail: "boss@example.com" }),
    });
    expect(req.status).toBe(200);
    const posted = await h.post(application({ phone: "13955550001", requisitionId: "req-call-sh" }));
    const candidateId = posted.body.candidateId;

    const call = { attemptKey: "attempt-1", outcome: "no-answer", requisitionId: "req-call-sh", note: "10点打了没人接" };
    const first = await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${candidateId}/calls`, { method: "POST", body: JSON.stringify(call) });
    expect(first.status).toBe(201);
    // The invitation email may have been delivered already (contacted) or not yet: a missed call changes neither.
    // 09:00 in Shanghai: nothing holds it, so its workflow sends it at once.
    expect(first.body).toMatchObject({ duplicate: false, followUp: { channel: "sms", status: "sending", reason: "now", duplicate: false } });
    expect(["not-contacted", "contacted"]).toContain(first.body.status);
    expect(Date.parse(first.body.nextAttemptAt)).toBeGreaterThan(Date.now());

    const sms = await eventually(async () => (await outbox(h.stack.appUrl, { to: "+8613955550001", channel: "sms" })).find((m) => m.text?.includes("未接通")), "the follow-up SMS");
    expect(sms.text).toContain("大客户销售经理");
    expect(sms.text).toContain("15k-25k CNY/月");
    // A short link (/s/ + ten characters), resolved server-side, not the long signed token.
    expect(sms.text).toMatch(/http:\/\/localhost:\d+\/s\/[2-9a-zA-Z]{10} /);

    const retried = await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${candidateId}/calls`, { method: "POST", body: JSON.stringify(call) });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ callId: first.body.callId, duplicate: true, followUp: { duplicate: true } });
    expect((await outbox(h.stack.appUrl, { to: "+8613955550001", channel: "sms" })).filter((m) => m.text?.includes("未接通"))).toHaveLength(1);

    // The next attempt is the candidate's one call task, in the inbox with every other kind.
    const tasks = await hr(h.stack.appUrl, recruiter, `/hr/tasks?kind=call&candidateId=${candidateId}`);
    expect(tasks.body.items).toEqual([expect.objectContaining({ kind: "call", type: "retry", state: "open", dueAt: first.body.nextAttemptAt, context: expect.objectContaining({ afterCall: first.body.callId }) })]);
    const view = await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${candidateId}`);
    expect(view.body.timeline.find((e: { type: string }) => e.type === "talent.call").data).toMatchObject({ outcome: "no-answer", roleFamily: "sales", note: "10点打了没人接" });
  });

  it("marks a person unreachable after failed attempts in a row, with the evidence, and contacted when reached", async () => {
    const posted = await h.post(application({ phone: "13955550002" }));
    const id = posted.body.candidateId;
    // The invitation's delivery reaches them first; the failures in a row count from there.
    await eventually(async () => (await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${id}`)).body.talent?.status === "contacted", "the invitation delivered");
    let last: Record<string, any> = {};
    for (let i = 0; i < 4; i++) {
      last = (await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${id}/calls`, { method: "POST", body: JSON.stringify({ attemptKey: `u-${i}`, outcome: i % 2 ? "busy" : "no-answer", followUp: false }) })).body;
    }
    expect(last.status).toBe("unreachable");
    const view = await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${id}`);
    expect(view.body.talent.status).toBe("unreachable");
    expect(view.body.talent.unreachableEvidence).toHaveLength(4);
    expect((await hr(h.stack.appUrl, recruiter, `/hr/talent/search?status=unreachable&phone=%2B8613955550002`)).body.items).toHaveLength(1);

    const reached = await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${id}/calls`, { method: "POST", body: JSON.stringify({ attemptKey: "u-4", outcome: "reached" }) });
    expect(reached.body.status).toBe("contacted");
  });

  it("refuses a call-back without a time, naming the field", async () => {
    const posted = await h.post(application({ phone: "13955550003" }));
    const res = await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${posted.body.candidateId}/calls`, { method: "POST", body: JSON.stringify({ attemptKey: "cb", outcome: "call-back" }) });
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path: "callBackAt" }));
  });
});

describe("salary masking", () => {
  it("masks expectations and budgets for a recruiter and shows them to a hiring manager", async () => {
    const posted = await h.post(application({ phone: "13955550004" }));
    const id = posted.body.candidateId;
    const set = await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${id}/changes`, { method: "POST", body: JSON.stringify({ type: "expectations", expectations: { salaryMin: 20000, salaryMax: 30000, currency: "CNY" } }) });
    expect(set.status).toBe(201);
    expect(JSON.stringify(set.body)).not.toContain("20000");
    const asRecruiter = await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${id}`);
    expect(asRecruiter.body.talent.expectations).toMatchObject({ salaryMin: "***", salaryMax: "***" });
    expect(JSON.stringify(asRecruiter.body.timeline)).not.toContain("30000");
    const manager = await h.stack.issuer.issueToken("hiring-manager");
    const asManager = await hr(h.stack.appUrl, manager, `/hr/talent/candidates/${id}`);
    expect(asManager.body.talent.expectations).toMatchObject({ salaryMin: 20000, salaryMax: 30000 });
    const page = await fetch(`${h.stack.appUrl}/hr/console/candidates/${id}?lang=en`, { headers: { authorization: `Bearer ${recruiter}` } });
    const pageHtml = await page.text();
    expect(page.status).toBe(200);
    expect(pageHtml).toContain("***");
    expect(pageHtml).not.toContain("30,000");
  });
});

describe("recall briefs", () => {
  it("emails the owner a brief when a requisition opens, once, and again when its budget changes", async () => {
    const posted = await h.post(application({ name: "司马懿", phone: "13955550010", requisitionId: "req-sales-sh" }));
    const id = posted.body.candidateId;
    const change = (body: unknown) => hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${id}/changes`, { method: "POST", body: JSON.stringify(body) });
    expect((await change({ type: "consent", purpose: "talent-pool", granted: true, source: "application form" })).status).toBe(201);
    expect((await change({ type: "evaluation", interviewer: "张总监", rating: 4.5, comment: "客户洞察很强，谈判老练" })).status).toBe(201);
    expect((await change({ type: "expectations", expectations: { salaryMin: 20000, salaryMax: 24000, currency: "CNY" } })).status).toBe(201);
    expect((await change({ type: "rejection", reason: "HC 已被内部转岗占用", reasonCode: "position-filled" })).status).toBe(201);
    // Rated lower and rejected for skills: not recalled.
    const other = await h.post(application({ name: "路人甲", phone: "13955550011" }));
    await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${other.body.candidateId}/changes`, { method: "POST", body: JSON.stringify({ type: "consent", purpose: "talent-pool", granted: true, source: "form" }) });
    await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${other.body.candidateId}/changes`, { method: "POST", body: JSON.stringify({ type: "rejection", reason: "技能不匹配", reasonCode: "skills" }) });

    const put = (budget: { min: number; max: number }) =>
      hr(h.stack.appUrl, admin, "/hr/requisitions/req-recall-bj", {
        method: "PUT",
        body: JSON.stringify({ title: "华北区大客户销售总监", locale: "zh-CN", screening: { requiredKeywords: ["销售"] }, roleFamily: "sales", budget: { ...budget, currency: "CNY" }, ownerEmail: "boss.north@example.com" }),
      });
    const opened = await put({ min: 18000, max: 26000 });
    expect(opened.body.recall).toMatchObject({ trigger: "opened", candidates: 1, sentTo: "boss.north@example.com" });
    const brief = await eventually(async () => (await outbox(h.stack.appUrl, { to: "boss.north@example.com", channel: "email" }))[0], "the recall brief");
    expect(brief.subject).toContain("华北区大客户销售总监");
    expect(brief.text).toContain("司马懿");
    expect(brief.text).toContain("张总监 (4.5/5): “客户洞察很强，谈判老练”");
    expect(brief.text).toContain("position-filled — HC 已被内部转岗占用");
    expect(brief.text).toContain("期望 vs 预算（月薪）: 20000–24000 CNY/月 / 18000–26000 CNY/月");
    expect(brief.text).toContain("真实原因是当时职位已招满");
    expect(brief.text).not.toContain("路人甲");

    const same = await put({ min: 18000, max: 26000 });
    expect(same.body.recall).toBeUndefined();
    const raised = await put({ min: 20000, max: 30000 });
    expect(raised.body.recall).toMatchObject({ trigger: "budget-changed", candidates: 1 });
    await eventually(async () => (await outbox(h.stack.appUrl, { to: "boss.north@example.com", channel: "email" })).length === 2, "the second brief");
    // Acting on the brief starts the recall journey once: its invitation goes out, and its outcome is tracked.
    const recall = await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${id}/recalls`, { method: "POST", body: JSON.stringify({ requisitionId: "req-recall-bj" }) });
    expect(recall.status).toBe(201);
    // Quiet hours in Shanghai may defer the invite; the test clock moves past them.
    const invite = await eventually(async () => {
      if (h.statesVisited(recall.body.executionArn).at(-1) === "WaitForInviteSlot") h.stack.engine.wakeWaits(recall.body.executionArn);
      return (await outbox(h.stack.appUrl, { to: "+8613955550010", channel: "sms" })).find((m) => m.text?.includes("职位开放了"));
    }, "the recall SMS");
    expect(invite.text).toContain("华北区大客户销售总监");
    const repeat = await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${id}/recalls`, { method: "POST", body: JSON.stringify({ requisitionId: "req-recall-bj" }) });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ recallId: recall.body.recallId, executionArn: recall.body.executionArn, duplicate: true });
    const outcome = await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${id}/recalls/${recall.body.recallId}/outcome`, { method: "POST", body: JSON.stringify({ outcome: "interviewing" }) });
    expect(outcome.body).toMatchObject({ outcome: "interviewing", status: "interviewing" });
    const timeline = (await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${id}`)).body.timeline.map((e: { type: string }) => e.type);
    expect(timeline).toEqual(expect.arrayContaining(["talent.recall-started", "talent.recall-outcome"]));
    const noConsent = await h.post(application({ phone: "13955550012" }));
    const refused = await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${noConsent.body.candidateId}/recalls`, { method: "POST", body: JSON.stringify({ requisitionId: "req-recall-bj" }) });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ path: "consent.talent-pool", code: "consent_missing" }));
    // A recruiter sees the requisition's budget masked.
    const listed = await hr(h.stack.appUrl, recruiter, "/hr/requisitions");
    expect(listed.body.items.find((r: { requisitionId: string }) => r.requisitionId === "req-recall-bj").budget).toBe("***");
  });
});

describe("outreach experiments", () => {
  it("assigns arms at random and records them once, counts each response once, and stops safely", async () => {
    const put = (status: "running" | "stopped") =>
      hr(h.stack.appUrl, recruiter, "/hr/talent/experiments/sms-vs-call", { method: "PUT", body: JSON.stringify({ name: "短信优先 vs 电话优先", roleFamily: "sales", arms: ["sms-first", "call-first"], status }) });
    expect((await put("running")).status).toBe(200);
    const arms: string[] = [];
    for (let i = 0; i < 40; i++) {
      const first = await hr(h.stack.appUrl, recruiter, "/hr/talent/experiments/sms-vs-call/assignments", { method: "POST", body: JSON.stringify({ candidateId: `exp-${i}` }) });
      expect(first.status).toBe(201);
      const again = await hr(h.stack.appUrl, recruiter, "/hr/talent/experiments/sms-vs-call/assignments", { method: "POST", body: JSON.stringify({ candidateId: `exp-${i}` }) });
      expect(again.body).toEqual({ arm: first.body.arm, created: false });
      arms.push(first.body.arm);
    }
    // Random, not alternating or constant: both arms appear among 40 assignments.
    expect(new Set(arms)).toEqual(new Set(["sms-first", "call-first"]));
    for (let i = 0; i < 10; i++) {
      expect((await hr(h.stack.appUrl, recruiter, "/hr/talent/experiments/sms-vs-call/responses", { method: "POST", body: JSON.stringify({ candidateId: `exp-${i}` }) })).body.counted).toBe(true);
    }
    expect((await hr(h.stack.appUrl, recruiter, "/hr/talent/experiments/sms-vs-call/responses", { method: "POST", body: JSON.stringify({ candidateId: "exp-0" }) })).body.counted).toBe(false);

    expect((await put("stopped")).status).toBe(200);
    const refused = await hr(h.stack.appUrl, recruiter, "/hr/talent/experiments/sms-vs-call/assignments", { method: "POST", body: JSON.stringify({ candidateId: "exp-late" }) });
    expect(refused).toMatchObject({ status: 409, body: { code: "experiment-stopped" } });
    const results = await hr(h.stack.appUrl, recruiter, "/hr/talent/experiments/sms-vs-call");
    const totals = results.body.results.arms.reduce((s: { a: number; r: number }, a: { assigned: number; responded: number }) => ({ a: s.a + a.assigned, r: s.r + a.responded }), { a: 0, r: 0 });
    expect(totals).toEqual({ a: 40, r: 10 });
    expect(results.body.results.winner).toBeUndefined();
    const page = await fetch(`${h.stack.appUrl}/hr/console/experiments/sms-vs-call?lang=zh-CN`, { headers: { authorization: `Bearer ${recruiter}` } });
    expect(await page.text()).toContain("sms-first");
  });
});

describe("export and erasure", () => {
  it("exports everything about a person, then erases their personal data from every item and keeps an audit entry without it", async () => {
    const body = fixtureText("greenhouse/new-candidate-application.json").replace("+86 139 0000 1234", "+86 139 8888 0042").replace("li.wei@example.com", "erase.me@example.com").replace('"Wei"', '"Erasable"').replace("69306314", "69306555");
    const delivered = await deliver("greenhouse", body, { headers: { "greenhouse-event-id": "erase-evt-1" } });
    expect(delivered.status).toBe(202);
    const id = delivered.body.candidateId;
    // A second application, whose journey is waiting for the invite to be opened.
    const running = await h.post(application({ phone: "13988880042", email: "erase.me@example.com", requisitionId: "req-sales-sh" }));
    expect(running.body.candidateId).toBe(id);
    await h.reached(running.body.executionArn, "WaitForInviteEngagement");
    const call = await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${id}/calls`, { method: "POST", body: JSON.stringify({ attemptKey: "erase-call", outcome: "no-answer", note: "他说晚上8点后方便" }) });
    const followUp = call.body.followUp as { executionArn: string; status: string };
    // A follow-up that is not held is on its way: let it go before erasing, so what erasure finds
    // is settled (held → stopped, sent → not running) rather than a race with the send.
    if (followUp.status !== "held") await h.finished(followUp.executionArn);
    await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${id}/changes`, { method: "POST", body: JSON.stringify({ type: "note", text: "住在浦东，孩子在上小学" }) });

    expect((await hr(h.stack.appUrl, recruiter, `/hr/talent/candidates/${id}/export`)).status).toBe(403);
    const exported = await hr(h.stack.appUrl, admin, `/hr/talent/candidates/${id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.body.profile[0]).toMatchObject({ emailNorm: "erase.me@example.com", phoneE164: "+8613988880042" });
    expect(exported.body.rawPayloads[0].body).toBe(body);
    expect(exported.body.callLog[0].note).toBe("他说晚上8点后方便");
    expect(exported.body.messages.length).toBeGreaterThan(0);

    const erased = await hr(h.stack.appUrl, admin, `/hr/talent/candidates/${id}/erasure`, { method: "POST" });
    expect(erased.status).toBe(200);
    expect(erased.body.counts).toMatchObject({ profile: 1, rawPayloads: 1, callLog: 1, markers: 2 });
    // The journey that was waiting is stopped; the one that had already finished is left as it was.
    expect(erased.body.journeys[running.body.executionArn]).toBe("stopped");
    expect(h.stack.engine.describeExecution(running.body.executionArn).status).toBe("ABORTED");
    // The missed call's follow-up: stopped while it is held (the day's cap: this person had their
    // messages for today), left alone once sent.
    expect(erased.body.journeys[followUp.executionArn]).toBe(followUp.status === "held" ? "stopped" : "not-running");
    expect(Object.entries(erased.body.journeys).filter(([arn]) => arn !== followUp.executionArn).map(([, v]) => v).sort()).toEqual(["not-running", "stopped"]);

    const after = await hr(h.stack.appUrl, admin, `/hr/talent/candidates/${id}/export`);
    const text = JSON.stringify(after.body);
    for (const pii of ["erase.me@example.com", "8888", "Erasable", "晚上8点", "浦东"]) expect(text).not.toContain(pii);
    expect(after.body.profile[0].name).toBe("[erased]");
    expect(after.body.rawPayloads).toEqual([]);
    expect((await hr(h.stack.appUrl, recruiter, "/hr/talent/search?phone=%2B8613988880042")).body.items).toEqual([]);
    expect((await hr(h.stack.appUrl, recruiter, "/hr/talent/search?name=li")).body.items.map((s: { candidateId: string }) => s.candidateId)).not.toContain(id);
    const audit = await new DynamoDBClient({ endpoint: h.stack.dynamoEndpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } }).send(
      new QueryCommand({ TableName: "hirepath-local", KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": { S: "AUDIT" } } }),
    );
    const entry = audit.Items!.find((i) => i.action?.S === "erase");
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).toContain(id);
    expect(JSON.stringify(entry)).not.toContain("erase.me");
    // A new application from the same phone starts a fresh profile: the old one no longer owns it.
    const again = await deliver("greenhouse", body.replace("69306555", "69306777"), { headers: { "greenhouse-event-id": "erase-evt-2" } });
    expect(again.body.candidateId).not.toBe(id);
  });
});
