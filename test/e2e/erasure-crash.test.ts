// Erasure on the local stack as a separate process, killed with SIGKILL twice in the middle of it.
// A candidate with a scheduled interview and a submitted (open) offer is erased:
//  1. killed after the journeys were stopped and the files erased, before any item was touched:
//     every journey is ABORTED, the résumé file is gone, the profile and the outbox copies are
//     still there, and there is no audit entry: journeys go first, the audit record last;
//  2. the retry is killed after the items were erased, before the local store is compacted:
//     still no audit entry, although nothing is left to erase;
//  3. the next retry completes: one audit entry, no item, outbox message or file in the data
//     directory holding the person (the raw bytes are read), and every journey still stopped.
// HIREPATH_CRASH_AT (bin/local.ts) has the process kill itself at those two steps: a real kill -9 at
// a known point, which a timer racing a sub-second request could not hit.
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { DescribeExecutionCommand, SFNClient } from "@aws-sdk/client-sfn";
import JSZip from "jszip";
import { afterAll, describe, expect, it } from "vitest";
import { completeParts, defaultPolicy } from "../statemachines/offer-harness.js";
import { zoneWhereItIs } from "../statemachines/interview-harness.js";
import { clock, eventually, hr, newDataDir, outbox, postWebhook, startLocalProcess, token, webhookSecret, type LocalProcess } from "./local-process.js";

const PERSON = { name: "Velmira Stroud", email: `velmira.stroud.${process.pid}@example.com`, phone: "13966660077", e164: "+8613966660077" };
const TRACES = [PERSON.name, "Stroud", PERSON.email, PERSON.phone, PERSON.e164];
const credentials = { accessKeyId: "local", secretAccessKey: "local" };

/** The stand-ins' endpoints, from the banner `npm start` prints. */
function endpoints(stack: LocalProcess) {
  const out = stack.output();
  return { aws: /AWS stand-ins:\s+(\S+)/.exec(out)![1]!, dynamo: /DynamoDB \(dynalite\):\s+(\S+)/.exec(out)![1]! };
}

async function scanTable(stack: LocalProcess): Promise<Array<Record<string, unknown>>> {
  const client = new DynamoDBClient({ endpoint: endpoints(stack).dynamo, region: "us-east-1", credentials });
  const items: Array<Record<string, unknown>> = [];
  let last: Record<string, any> | undefined;
  do {
    const out = await client.send(new ScanCommand({ TableName: "hirepath-local", ...(last ? { ExclusiveStartKey: last } : {}) }));
    items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
    last = out.LastEvaluatedKey;
  } while (last);
  return items;
}

async function statusOf(stack: LocalProcess, executionArn: string): Promise<string | undefined> {
  const sfn = new SFNClient({ endpoint: endpoints(stack).aws, region: executionArn.split(":")[3]!, credentials });
  return (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status;
}

const auditsOf = (items: Array<Record<string, unknown>>, candidateId: string) =>
  items.filter((i) => i.kind === "audit" && i.action === "erase" && (i.subjects as string[] | undefined)?.includes(candidateId));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Every file in the data directory whose raw bytes hold one of the traces. */
function filesHolding(dataDir: string): string[] {
  return filesUnder(dataDir).flatMap((file) => {
    if (!statSync(file).isFile()) return [];
    const bytes = readFileSync(file);
    const found = TRACES.filter((t) => bytes.includes(Buffer.from(t, "utf8")));
    return found.length ? [`${relative(dataDir, file)}: ${found.join(", ")}`] : [];
  });
}

async function docx(paragraph: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`);
  zip.file("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`);
  zip.file("word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${paragraph}</w:t></w:r></w:p></w:body></w:document>`);
  // Stored, not deflated: the raw-file scan must be able to see the name inside it.
  return Buffer.from(await zip.generateAsync({ type: "nodebuffer", compression: "STORE" }));
}

/** The erasure request, answered, or cut off by the process killing itself. */
async function erase(stack: LocalProcess, admin: string, candidateId: string): Promise<{ status: number; body: any } | "killed"> {
  try {
    return await hr(stack.url, admin, `/hr/talent/candidates/${candidateId}/erasure`, { method: "POST" });
  } catch {
    await new Promise<void>((r) => (stack.child.exitCode !== null || stack.child.signalCode !== null ? r() : stack.child.once("exit", () => r())));
    return "killed";
  }
}

describe("erasure on the local stack, killed mid-way", () => {
  const dataDir = newDataDir();
  let stack: LocalProcess | undefined;
  // Journey time stands still (the stack's clock, paused): the interview two days away, the offer's
  // approvals and the application's waits all stay pending through the kills and restarts.
  const start = (crashAt?: string) => startLocalProcess(dataDir, { HIREPATH_CLOCK_PAUSED: "1", HIREPATH_EVENT_DELAY_MS: "20", ...(crashAt ? { HIREPATH_CRASH_AT: crashAt } : {}) });
  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("stops every journey first, erases items, files and outbox copies, writes the audit entry last, and a retry after kill -9 completes", async () => {
    stack = await start("erasure-local-copies");
    expect(stack.output()).toContain("CRASH SWITCH ARMED");
    const recruiter = await token(stack.url, "recruiter");
    const now = (await clock(stack.url)).body.nowMs as number;

    // --- a candidate with a scheduled interview and an open offer ----------------------------
    const requisitionId = `req-erasure-crash-${process.pid}`;
    expect((await hr(stack.url, recruiter, `/hr/requisitions/${requisitionId}`, { method: "PUT", body: JSON.stringify({ title: "大客户销售 / Key Account", locale: "zh-CN", screening: { requiredKeywords: ["销售|sales"] } }) })).status).toBe(200);
    expect((await hr(stack.url, recruiter, `/hr/requisitions/${requisitionId}/offer-policy`, { method: "PUT", body: JSON.stringify(defaultPolicy()) })).status).toBe(200);
    const body = JSON.stringify({
      event: "application.created",
      candidate: { name: PERSON.name, email: PERSON.email, phone: PERSON.phone, locale: "en", timeZone: zoneWhereItIs(12, new Date(now)) },
      application: { requisitionId, resumeText: "8 years SaaS sales, key account", yearsExperience: 8, location: "上海" },
    });
    const applied = await postWebhook(stack.url, webhookSecret(dataDir), body, { deliveryId: `erasure-crash-${process.pid}` });
    expect(applied.status).toBe(202);
    const { candidateId, applicationId } = applied.body as { candidateId: string; applicationId: string };
    const applicationArn = String(applied.body.executionArn);

    expect((await hr(stack.url, recruiter, "/hr/interviewers/iv-erasure", { method: "PUT", body: JSON.stringify({ name: "Li Na", email: "li.na@hirepath.test", tags: ["saas"], availability: [{ startsAt: new Date(now).toISOString(), endsAt: new Date(now + 5 * 86_400_000).toISOString() }] }) })).status).toBe(200);
    const startsAt = new Date(now + 50 * 3600_000);
    startsAt.setUTCMinutes(0, 0, 0);
    const interview = await hr(stack.url, recruiter, "/hr/interviews", { method: "POST", body: JSON.stringify({ candidateId, applicationId, interviewerId: "iv-erasure", startsAt: startsAt.toISOString(), mode: "video", videoUrl: "https://meet.example.com/erasure", recruiterEmail: "recruiter@hirepath.test" }) });
    expect(interview.status).toBe(201);
    const interviewArn = String(interview.body.executionArn);

    const offerId = `offer-erasure-${process.pid}`;
    const draft = await hr(stack.url, recruiter, `/hr/candidates/${candidateId}/offers/${offerId}`, { method: "PUT", body: JSON.stringify({ applicationId, parts: completeParts(), candidateExpectation: { amount: 360_000, currency: "CNY" }, includeExecutiveStep: false, competingOffer: false }) });
    expect(draft.status).toBe(200);
    const submitted = await hr(stack.url, recruiter, `/hr/candidates/${candidateId}/offers/${offerId}/submit`, { method: "POST" });
    expect(submitted.status).toBe(202);
    const offerArn = String(submitted.body.executionArn);

    const cv = await fetch(`${stack.url}/hr/talent/candidates/${candidateId}/resumes?filename=cv.docx`, { method: "POST", headers: { authorization: `Bearer ${recruiter}`, "content-type": "application/octet-stream" }, body: await docx(`${PERSON.name} ${PERSON.email} ${PERSON.phone}`) });
    expect(cv.status).toBe(201);
    // The interview invitation reached the outbox: a local copy naming them.
    await eventually(async () => (await outbox(stack!.url, { to: PERSON.email })).find((m) => m.subject?.startsWith("Your interview for")), "the interview invitation").catch(async (e: Error) => {
      const timeline = (await hr(stack!.url, recruiter, `/hr/candidates/${candidateId}`)).body.timeline as Array<{ type: string; data?: unknown }>;
      throw new Error(`${e.message}; outbox: ${JSON.stringify((await outbox(stack!.url, { to: PERSON.email })).map((m) => m.subject))}; timeline: ${JSON.stringify(timeline.map((t) => [t.type, t.data]))}`);
    });
    const journeys = [applicationArn, interviewArn, offerArn];
    for (const arn of journeys) expect(await statusOf(stack, arn), arn).toBe("RUNNING");
    expect(filesHolding(dataDir).some((f) => f.startsWith("files"))).toBe(true);

    // --- 1. killed after the journeys and files, before any item ------------------------------
    let admin = await token(stack.url, "admin");
    expect(await erase(stack, admin, candidateId)).toBe("killed");
    stack = await start("erasure-compact");
    // A new port each start, so a new issuer URL: tokens from the last process no longer verify.
    admin = await token(stack.url, "admin");
    for (const arn of journeys) expect(await statusOf(stack, arn), arn).toBe("ABORTED");
    const afterFirst = await hr(stack.url, admin, `/hr/talent/candidates/${candidateId}/export`);
    expect(afterFirst.status).toBe(200);
    expect(afterFirst.body.profile[0]).toMatchObject({ name: PERSON.name, emailNorm: PERSON.email });
    expect(afterFirst.body.resumes).toHaveLength(1);
    expect(filesHolding(join(dataDir, "files"))).toEqual([]);
    expect((await outbox(stack.url, { to: PERSON.email })).length).toBeGreaterThan(0);
    expect(auditsOf(await scanTable(stack), candidateId)).toEqual([]);

    // --- 2. the retry, killed after the items, before compaction and the audit entry ------------
    expect(await erase(stack, admin, candidateId)).toBe("killed");
    stack = await start();
    admin = await token(stack.url, "admin");
    const afterSecond = await scanTable(stack);
    expect(afterSecond.filter((i) => i.kind !== "unsubscribe" && TRACES.some((t) => JSON.stringify(i).includes(t))).map((i) => `${i.kind} ${i.pk} ${i.sk}`)).toEqual([]);
    expect((await outbox(stack.url, { to: PERSON.email })).length).toBe(0);
    expect(auditsOf(afterSecond, candidateId)).toEqual([]);

    // --- 3. the next retry completes ---------------------------------------------------------------
    const done = await erase(stack, admin, candidateId);
    expect(done).not.toBe("killed");
    if (done === "killed") return;
    expect(done.status).toBe(200);
    // The items that named the journeys are gone by now; whatever it still finds is not running.
    expect(Object.values(done.body.journeys).filter((s) => s !== "not-running")).toEqual([]);
    const audits = auditsOf(await scanTable(stack), candidateId);
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits[0])).not.toMatch(new RegExp(TRACES.map((t) => t.replace(/[+.]/g, "\\$&")).join("|")));
    for (const arn of journeys) expect(await statusOf(stack, arn), arn).toBe("ABORTED");
    expect((await outbox(stack.url, { to: PERSON.e164 })).length).toBe(0);
    // Nothing in the data directory holds them: the table's own files, the outbox, the files, the journeys' state.
    expect(filesHolding(dataDir)).toEqual([]);
    await stack.stop();
    expect(filesHolding(dataDir)).toEqual([]);
    stack = undefined;
    // Three starts of the whole stack (10–26 s each on a shared 2-core machine).
  }, 300_000);
});
