// The talent pool against dynalite with the real key schema: search index, optimistic updates,
// merges with their audit entry, call counting, and file imports with Chinese headers.
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient, DynamoHirepathStore } from "../../lambdas/adapters/dynamo-store.js";
import { DynamoTalentStore } from "../../lambdas/adapters/dynamo-talent-store.js";
import { DynamoPreferenceStore } from "../../lambdas/adapters/dynamo-preference-store.js";
import { LocalFileStore } from "../../lambdas/adapters/file-store.js";
import { newId } from "../../lambdas/core/shared/ids.js";
import { recordTalentChange, mergeCandidates, reindexPool } from "../../lambdas/core/talent/talent.js";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { acceptImport, finishImport, importChunk, type ImportRequest } from "../../lambdas/core/talent/file-import.js";
import { prepareImport } from "../../lambdas/core/talent/import-prepare.js";
import { FileRejectedError } from "../../lambdas/core/talent/import-rows.js";
import { uploadResume } from "../../lambdas/core/talent/resumes.js";
import type { CandidateContact, Clock } from "../../lambdas/core/shared/ports.js";
import { SearchQuery, shardOf } from "../../lambdas/core/talent/talent-search.js";
import type { SearchSummary } from "../../lambdas/core/talent/talent-model.js";
import { ensureTable, startDynalite, type LocalDynamo } from "../../local/aws/dynamodb.js";

let dynamo: LocalDynamo;
let store: DynamoHirepathStore;
let talent: DynamoTalentStore;
let preferences: DynamoPreferenceStore;
let raw: DynamoDBClient;
let filesDir: string;
const TABLE = "talent-test";
const clock: Clock = { now: () => new Date() };
const actor = { sub: "recruiter-1", roles: ["recruiter" as const] };

beforeAll(async () => {
  dynamo = await startDynalite(undefined);
  const config = { endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } };
  raw = new DynamoDBClient(config);
  await ensureTable(raw, TABLE);
  store = new DynamoHirepathStore(createDocumentClient(config), TABLE);
  talent = new DynamoTalentStore(createDocumentClient(config), TABLE);
  preferences = new DynamoPreferenceStore(createDocumentClient(config), TABLE);
  filesDir = mkdtempSync(join(tmpdir(), "hirepath-files-"));
});
afterAll(async () => {
  await dynamo.close();
  rmSync(filesDir, { recursive: true, force: true });
});

const deps = () => ({ store, talent, preferences, clock });
let seq = 0;
async function person(name: string, over: Partial<CandidateContact> = {}) {
  seq++;
  const { candidate } = await store.findOrCreateCandidate(
    newId(),
    { name, phoneE164: `+86139${String(seq).padStart(8, "0")}`, emailNorm: `p${seq}@example.com`, locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "sms", source: "test", ...over },
    new Date().toISOString(),
  );
  await talent.reindex(candidate.candidateId);
  return candidate;
}
const search = (q: Record<string, unknown>) => talent.search(SearchQuery.parse(q));

describe("talent search", () => {
  it("finds people by name prefix, phone, email, tag, status, requisition and 'rejected but rated ≥ N'", async () => {
    const a = await person("周杰");
    const b = await person("周星");
    const c = await person("Alice Smith");
    await recordTalentChange(a.candidateId, { type: "tags", add: ["Java", "大客户"], remove: [], requisitionId: "req-java" }, actor, deps());
    await recordTalentChange(a.candidateId, { type: "evaluation", interviewer: "王经理", rating: 4.5, comment: "沟通好，技术扎实" }, actor, deps());
    await recordTalentChange(a.candidateId, { type: "rejection", reason: "职位已招满", reasonCode: "position-filled" }, actor, deps());
    await recordTalentChange(b.candidateId, { type: "evaluation", interviewer: "王经理", rating: 2, comment: "经验不足" }, actor, deps());
    await recordTalentChange(b.candidateId, { type: "rejection", reason: "经验不足", reasonCode: "experience" }, actor, deps());
    await recordTalentChange(c.candidateId, { type: "status", status: "interviewing", reason: "first round booked" }, actor, deps());

    expect((await search({ name: "周" })).items.map((s) => s.name).sort()).toEqual(["周星", "周杰"]);
    expect((await search({ name: "alice" })).items.map((s) => s.candidateId)).toEqual([c.candidateId]);
    expect((await search({ phone: a.phoneE164 })).items.map((s) => s.candidateId)).toEqual([a.candidateId]);
    expect((await search({ email: c.emailNorm })).items.map((s) => s.candidateId)).toEqual([c.candidateId]);
    expect((await search({ tag: "java" })).items.map((s) => s.candidateId)).toEqual([a.candidateId]);
    expect((await search({ requisition: "req-java" })).items.map((s) => s.candidateId)).toEqual([a.candidateId]);
    expect((await search({ status: "interviewing" })).items.map((s) => s.candidateId)).toEqual([c.candidateId]);
    const rated = await search({ minRating: 4 });
    expect(rated.items.map((s) => s.candidateId)).toEqual([a.candidateId]);
    expect(rated.items[0]).toMatchObject({ status: "rejected", maxRating: 4.5, rejectionReason: "position-filled" });
    // Combined filters narrow the primary partition's entries.
    expect((await search({ name: "周", status: "rejected", minRating: 3 })).items.map((s) => s.candidateId)).toEqual([a.candidateId]);
    // A status change moves the person out of the old status partition.
    expect((await search({ status: "not-contacted", name: "周" })).items).toEqual([]);
  });

  it("pages through results with a cursor, without repeats or gaps", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const p = await person(`分页${i}`);
      await recordTalentChange(p.candidateId, { type: "tags", add: ["paging-test"], remove: [] }, actor, deps());
      ids.add(p.candidateId);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await search({ tag: "paging-test", limit: 5, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items.map((s) => s.candidateId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(12);
    expect(new Set(seen)).toEqual(ids);
  });

  it("pages a sharded listing (by status, newest first) across its shards in order, without repeats or gaps", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 14; i++) {
      const p = await person(`搁置${i}`);
      await recordTalentChange(p.candidateId, { type: "status", status: "stalled", reason: "hiring freeze" }, actor, deps());
      ids.add(p.candidateId);
    }
    const seen: SearchSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await search({ status: "stalled", limit: 4, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen.map((s) => s.candidateId))).toEqual(ids);
    expect(seen).toHaveLength(14);
    const times = seen.map((s) => s.updatedAt);
    expect(times).toEqual([...times].sort().reverse());
    // The entries really are spread over several partitions.
    expect(new Set([...ids].map(shardOf)).size).toBeGreaterThan(1);
  });

  it("rebuilds the pool's search entries page by page, dropping entries an older layout wrote", async () => {
    const p = await person("旧索引");
    await recordTalentChange(p.candidateId, { type: "tags", add: ["reindex-test"], remove: [] }, actor, deps());
    // An entry as the layout before sharding wrote it, still listed on the talent item.
    const stale = { pk: "IDX#all#all", sk: `2026-01-01T00:00:00.000Z#${p.candidateId}` };
    await talent["doc"].send(new PutCommand({ TableName: TABLE, Item: { ...stale, kind: "search-entry", candidateId: p.candidateId } }));
    await talent["doc"].send(new UpdateCommand({ TableName: TABLE, Key: { pk: `CAND#${p.candidateId}`, sk: "TALENT" }, UpdateExpression: "SET indexKeys = list_append(indexKeys, :k)", ExpressionAttributeValues: { ":k": [`${stale.pk}\u0000${stale.sk}`] } }));
    let cursor: string | undefined;
    let total = 0;
    do {
      const page = await reindexPool(7, cursor, { store, talent, clock });
      total += page.reindexed;
      cursor = page.nextCursor;
    } while (cursor);
    expect(total).toBeGreaterThanOrEqual(1);
    expect((await talent["doc"].send(new GetCommand({ TableName: TABLE, Key: stale }))).Item).toBeUndefined();
    expect((await search({ name: "旧索引" })).items.map((s) => s.candidateId)).toEqual([p.candidateId]);
  });

  it("keeps every concurrent change to one profile (optimistic version check)", async () => {
    const p = await person("并发");
    await Promise.all(Array.from({ length: 8 }, (_, i) => recordTalentChange(p.candidateId, { type: "tags", add: [`t${i}`], remove: [] }, actor, deps())));
    expect((await talent.getTalent(p.candidateId))!.tags.sort()).toEqual(["t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7"]);
    expect((await search({ tag: "t5" })).items.map((s) => s.candidateId)).toEqual([p.candidateId]);
  });

  it("records a change once per idempotency key", async () => {
    const p = await person("幂等");
    const change = { type: "evaluation" as const, interviewer: "李总", rating: 5, comment: "非常合适", idempotencyKey: "eval-1" };
    const first = await recordTalentChange(p.candidateId, change, actor, deps());
    const again = await recordTalentChange(p.candidateId, change, actor, deps());
    expect(again.event.eventId).toBe(first.event.eventId);
    const view = await store.getCandidateView(p.candidateId);
    expect(view!.timeline.filter((e) => e.type === "talent.evaluation")).toHaveLength(1);
  });
});

describe("merging duplicates", () => {
  it("moves history and contacts to the survivor, leaves an audit entry without personal data, and drops the duplicate from search", async () => {
    const survivor = await person("合并甲", { emailNorm: undefined as never });
    const duplicate = await person("合并甲", { phoneE164: undefined as never, emailNorm: "merge-dup@example.com" });
    await recordTalentChange(duplicate.candidateId, { type: "note", text: "second profile from the Excel import" }, actor, deps());
    await recordTalentChange(duplicate.candidateId, { type: "tags", add: ["from-dup"], remove: [] }, actor, deps());

    const result = await mergeCandidates(survivor.candidateId, duplicate.candidateId, { sub: "recruiter-1" }, "same person, two job boards", deps());
    expect(result.copied).toBeGreaterThan(0);
    expect(await talent.candidateIdByEmail("merge-dup@example.com")).toBe(survivor.candidateId);
    expect((await store.getCandidate(survivor.candidateId))!.emailNorm).toBe("merge-dup@example.com");
    const view = await store.getCandidateView(survivor.candidateId);
    expect(view!.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(["talent.note", "talent.merged"]));
    expect((await talent.getTalent(survivor.candidateId))!.tags).toContain("from-dup");
    expect((await talent.getTalent(duplicate.candidateId))!.mergedInto).toBe(survivor.candidateId);
    expect((await search({ tag: "from-dup" })).items.map((s) => s.candidateId)).toEqual([survivor.candidateId]);

    const audit = await raw.send(new ScanCommand({ TableName: TABLE, FilterExpression: "kind = :k", ExpressionAttributeValues: { ":k": { S: "audit" } } }));
    expect(audit.Items).toHaveLength(1);
    const text = JSON.stringify(audit.Items);
    expect(text).not.toContain("merge-dup@example.com");
    expect(text).not.toContain("合并甲");
  });
});

describe("call statistics", () => {
  it("counts a retried call attempt once", async () => {
    const attempt = { callId: "call-1", candidateId: "c1", at: "2026-11-18T11:05:00.000Z", outcome: "no-answer" as const, by: "r", roleFamily: "stats-test", weekday: 3, hour: 19 };
    expect((await talent.recordCallAttempt(attempt)).created).toBe(true);
    expect(await talent.recordCallAttempt({ ...attempt, at: "2026-11-18T11:09:00.000Z" })).toEqual({ created: false, attempt });
    await talent.recordCallAttempt({ ...attempt, callId: "call-2", outcome: "reached" });
    const counts = await talent.callCounts("stats-test");
    expect(counts.attempts[3]![19]).toBe(2);
    expect(counts.connects[3]![19]).toBe(1);
  });
});

describe("file import", () => {
  const files = () => new LocalFileStore(filesDir);
  /**
   * The import workflow's steps in order, in this process: accept (as the upload API does), then
   * what statemachines/talent-import.asl.json runs — prepare, every chunk, finish. The ASL itself
   * is exercised in test/statemachines/talent-import.test.ts.
   */
  async function runImport(request: ImportRequest, body: Buffer) {
    const base = { imports: talent, files: files(), clock, chunkRows: 200 };
    const started: Array<{ importId: string; attempt: number }> = [];
    const workflow = { startJourney: async (name: string, input: Record<string, unknown>) => (started.push(input as never), name) };
    const accepted = await acceptImport(request, body, actor, { ...base, workflow });
    for (const run of started) {
      const prepared = await prepareImport(run, base);
      for (const chunk of prepared.chunks) await importChunk(chunk, { ...base, store, talent });
      if (prepared.status === "running") await finishImport(run.importId, base);
    }
    return { ...accepted, job: (await talent.getImportJob(accepted.job.importId))!, started };
  }

  it("imports a 智联-style CSV with Chinese headers: created, merged and rejected rows each with a reason; re-import changes nothing", async () => {
    const body = readFileSync(new URL("../fixtures/imports/zhilian-export.csv", import.meta.url));
    const { job, duplicate } = await runImport({ source: "zhilian", filename: "智联导出.csv" }, body);
    expect(duplicate).toBe(false);
    expect(job).toMatchObject({ status: "completed", processed: 8, created: 3, merged: 1, rejected: 4 });
    const rows = await talent.listImportRows(job.importId, 100);
    const byRow = Object.fromEntries(rows.items.map((r) => [r.rowNumber, r]));
    expect(byRow[5]).toMatchObject({ outcome: "rejected", reason: "missing name", field: "name" });
    expect(byRow[6]).toMatchObject({ outcome: "rejected", field: "phone" });
    expect(byRow[6]!.reason).toContain("invalid phone");
    expect(byRow[7]).toMatchObject({ outcome: "rejected", field: "email" });
    expect(byRow[9]).toMatchObject({ outcome: "rejected", reason: "no phone or email" });
    expect(byRow[5]!.values).toMatchObject({ 手机号码: "13812340004" });
    // Row 8 has 张伟's phone: the same person, merged into the profile row 2 created.
    expect(byRow[8]).toMatchObject({ outcome: "merged", candidateId: byRow[2]!.candidateId });
    const zhang = await talent.getTalent(byRow[2]!.candidateId!);
    expect(zhang).toMatchObject({ requisitionIds: ["req-sales-sh"], expectations: { salaryMin: 15000, salaryMax: 25000, currency: "CNY" } });
    expect(zhang!.tags).toEqual(expect.arrayContaining(["zhilian", "SaaS", "大客户"]));
    expect((await search({ phone: "+8613812340002" })).items[0]).toMatchObject({ name: "李娜" });

    const again = await runImport({ source: "zhilian", filename: "智联导出.csv" }, body);
    expect(again.duplicate).toBe(true);
    expect(again.job.importId).toBe(job.importId);
    expect((await store.getCandidateView(byRow[2]!.candidateId!))!.timeline.filter((e) => e.type === "talent.imported")).toHaveLength(2);
    expect(existsSync(join(filesDir, job.fileKey))).toBe(true);
  });

  it("imports a BOSS直聘-style XLSX with a saved column mapping and keeps a bad row from sinking the file", async () => {
    await talent.putImportMapping("boss", { columns: { 牛人姓名: "name", 联系手机: "phone", 意向岗位: "requisition", 薪资要求: "expectedSalary" } });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("牛人列表");
    sheet.addRow(["牛人姓名", "联系手机", "意向岗位", "薪资要求", "学历"]);
    sheet.addRow(["黄磊", 13912340001, "req-ops", "1.5万-2万", "本科"]);
    sheet.addRow(["吴敏", "139 1234 0002", "req-ops", "面议", "硕士"]);
    sheet.addRow(["郑强", "not a phone", "req-ops", "20K", "本科"]);
    sheet.addRow([{ richText: [{ text: "何" }, { text: "静" }] }, "13912340004", "req-ops", "25-30k", "本科"]);
    const body = Buffer.from(await workbook.xlsx.writeBuffer());
    const { job } = await runImport({ source: "boss", filename: "boss.xlsx" }, body);
    expect(job).toMatchObject({ status: "completed", processed: 4, created: 3, rejected: 1 });
    const rows = await talent.listImportRows(job.importId, 100, undefined, "rejected");
    expect(rows.items).toEqual([expect.objectContaining({ rowNumber: 4, outcome: "rejected", field: "phone" })]);
    expect((await search({ name: "何静" })).items).toHaveLength(1);
    expect((await talent.getTalent((await talent.candidateIdByPhone("+8613912340001"))!))!.expectations).toMatchObject({ salaryMin: 15000, salaryMax: 20000 });
  });

  it("refuses a wrong-type, empty or oversized file at upload, and a corrupt or unmapped one in the workflow, each with a code, keeping the file", async () => {
    const refusedAtUpload = async (filename: string, body: Buffer) => {
      const error = await runImport({ source: "liepin", filename }, body).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FileRejectedError);
      const details = (error as FileRejectedError).details!;
      const job = await talent.getImportJob(String(details.importId));
      expect(job).toMatchObject({ status: "failed", error: { code: details.code } });
      expect(existsSync(join(filesDir, job!.fileKey))).toBe(true);
      return details;
    };
    expect(await refusedAtUpload("resume.pdf", Buffer.from("%PDF-1.7 ..."))).toMatchObject({ code: "unsupported-file-type", status: 415 });
    expect(await refusedAtUpload("export2.xlsx", Buffer.from("姓名,手机\n张三,13800000000\n"))).toMatchObject({ code: "corrupt-file", status: 400 });
    expect(await refusedAtUpload("big.csv", Buffer.alloc(4 * 1024 * 1024 + 1, 0x41))).toMatchObject({ code: "file-too-large", status: 413 });
    expect(await refusedAtUpload("empty.csv", Buffer.alloc(0))).toMatchObject({ code: "empty-file", status: 400 });

    const failedInWorkflow = async (filename: string, body: Buffer) => {
      const { job } = await runImport({ source: "liepin", filename }, body);
      expect(job.status).toBe("failed");
      expect(existsSync(join(filesDir, job.fileKey))).toBe(true);
      return job;
    };
    expect((await failedInWorkflow("export.xlsx", Buffer.from("PK\u0003\u0004 this is not really a zip"))).error).toMatchObject({ code: "corrupt-file" });
    const unmapped = await failedInWorkflow("unknown.csv", Buffer.from("foo,bar\n1,2\n"));
    expect(unmapped.error).toMatchObject({ code: "unmapped-columns" });
    expect(unmapped.error!.message).toContain("foo, bar");
  });

  it("runs a failed import again as the next attempt once a mapping is saved, instead of answering with the failure", async () => {
    const body = Buffer.from("候选人名,手机,岗位\n秦川,13612340001,req-x\n");
    const first = await runImport({ source: "lagou", filename: "lagou.csv" }, body);
    expect(first.job).toMatchObject({ status: "failed", attempt: 1, error: { code: "unmapped-columns" } });
    await talent.putImportMapping("lagou", { columns: { 候选人名: "name", 手机: "phone", 岗位: "requisition" } });
    const second = await runImport({ source: "lagou", filename: "lagou.csv" }, body);
    expect(second.duplicate).toBe(false);
    expect(second.job).toMatchObject({ importId: first.job.importId, status: "completed", attempt: 2, processed: 1, created: 1 });
    expect(second.job.error).toBeUndefined();
    const third = await runImport({ source: "lagou", filename: "lagou.csv" }, body);
    expect(third).toMatchObject({ duplicate: true, started: [] });
  });

  it("starts the workflow again for a job left queued by an upload that died before starting it", async () => {
    const body = Buffer.from("姓名,手机\n孔明,13612340077\n");
    const dead = { startJourney: async (): Promise<string> => { throw new Error("Step Functions unreachable"); } };
    await expect(acceptImport({ source: "lagou", filename: "retry.csv" }, body, actor, { imports: talent, files: files(), clock, workflow: dead })).rejects.toThrow("unreachable");
    const again = await runImport({ source: "lagou", filename: "retry.csv" }, body);
    expect(again.started).toHaveLength(1);
    expect(again.job).toMatchObject({ status: "completed", created: 1 });
  });

  it("lands a multi-chunk file: one profile per phone or email across chunks and batches, pool members merged, counts once on a retried chunk", async () => {
    const existing = await person("老员工", { phoneE164: "+8613500000007" });
    const lines = ["姓名,手机号码,电子邮箱,应聘职位"];
    for (let i = 0; i < 520; i++) {
      // i = 100 and i = 450 are the same phone (different chunks); row 7 is someone already in the
      // pool; i = 30 and 31 share an email (the same batch); every 97th row is broken.
      const phone = i === 450 ? "13500000100" : i === 7 ? "13500000007" : `135${String(i).padStart(8, "0")}`;
      const email = i === 31 ? "m30@example.com" : `m${i}@example.com`;
      lines.push(i % 97 === 96 ? `坏行${i},,,req-x` : `候选人${i},${phone},${email},req-bulk`);
    }
    const { job } = await runImport({ source: "bulk", filename: "bulk.csv" }, Buffer.from(lines.join("\n")));
    const broken = Array.from({ length: 520 }, (_, i) => i).filter((i) => i % 97 === 96).length;
    expect(job).toMatchObject({ status: "completed", totalRows: 520, chunks: 3, chunksDone: 3, processed: 520, rejected: broken, merged: 3, created: 520 - broken - 3 });
    const owner100 = await talent.candidateIdByPhone("+8613500000100");
    const rows = await talent.listImportRows(job.importId, 520);
    const byRow = new Map(rows.items.map((r) => [r.rowNumber, r]));
    // Row numbers count the header as row 1: i = 100 is row 102.
    expect(byRow.get(102)).toMatchObject({ outcome: "created", candidateId: owner100 });
    expect(byRow.get(452)).toMatchObject({ outcome: "merged", candidateId: owner100 });
    expect(byRow.get(9)).toMatchObject({ outcome: "merged", candidateId: existing.candidateId });
    expect(byRow.get(33)).toMatchObject({ outcome: "merged", candidateId: byRow.get(32)!.candidateId });
    expect(await talent.candidateIdByEmail("m30@example.com")).toBe(byRow.get(32)!.candidateId);
    // Each created person is searchable and has their pool record and import event.
    const someone = byRow.get(300)!.candidateId!;
    expect((await search({ requisition: "req-bulk", limit: 100 })).items.length).toBe(100);
    expect((await talent.getTalent(someone))!.requisitionIds).toEqual(["req-bulk"]);
    expect((await store.getCandidateView(someone))!.timeline.map((e) => e.type)).toContain("talent.imported");

    // A chunk retried after it counted (Step Functions may run a step twice) changes nothing.
    const chunkKey = `imports/${job.importId}/attempt-1/chunk-00002.json`;
    await importChunk({ importId: job.importId, attempt: 1, chunk: 2, key: chunkKey }, { imports: talent, files: files(), clock, store, talent });
    expect(await talent.getImportJob(job.importId)).toMatchObject({ processed: 520, created: job.created, merged: 3 });
    expect((await talent.listImportRows(job.importId, 520, undefined, "created")).items.length).toBe(job.created);
  });
});

/** A one-page PDF with a line of text, built byte by byte so the xref offsets are exact. */
function pdfWith(line: string): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${`BT /F1 12 Tf 72 720 Td (${line}) Tj ET`.length} >>\nstream\nBT /F1 12 Tf 72 720 Td (${line}) Tj ET\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

async function docxWith(paragraph: string): Promise<Buffer> {
  // jszip comes with exceljs; a DOCX is a zip of three XML parts at minimum.
  const { default: JSZip } = await import("jszip");
  const zip = new JSZip();
  zip.file("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`);
  zip.file("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`);
  zip.file("word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${paragraph}</w:t></w:r></w:p></w:body></w:document>`);
  return Buffer.from(await zip.generateAsync({ type: "nodebuffer" }));
}

describe("resume files", () => {
  const resumeDeps = () => ({ store, resumes: talent, talent, files: new LocalFileStore(filesDir), clock });

  it("stores a PDF and a DOCX resume and extracts their text onto the timeline", async () => {
    const p = await person("简历");
    const pdf = await uploadResume(p.candidateId, { filename: "cv.pdf" }, pdfWith("Key account sales, 6 years of SaaS"), resumeDeps());
    expect(pdf.text).toContain("Key account sales");
    expect(existsSync(join(filesDir, pdf.fileKey))).toBe(true);
    const docx = await uploadResume(p.candidateId, { filename: "简历.docx" }, await docxWith("8年大客户销售经验，熟悉CRM"), resumeDeps());
    expect(docx.text).toBe("8年大客户销售经验，熟悉CRM");
    const view = await store.getCandidateView(p.candidateId);
    expect(view!.timeline.filter((e) => e.type === "talent.resume").map((e) => e.data?.excerpt)).toEqual(expect.arrayContaining(["8年大客户销售经验，熟悉CRM"]));
    // Their words find them: Chinese segmented by ICU, English case-folded, full-width folded.
    for (const keyword of ["客户", "销售", "crm", "ＳａａＳ", "Key account"]) {
      expect((await search({ keyword })).items.map((s) => s.candidateId), keyword).toContain(p.candidateId);
    }
    expect((await search({ keyword: "销售", status: "rejected" })).items.map((s) => s.candidateId)).not.toContain(p.candidateId);
    expect((await search({ keyword: "区块链" })).items).toEqual([]);
  });

  it("refuses a wrong type or a corrupt file with a code and keeps it", async () => {
    const p = await person("坏简历");
    const refusal = async (filename: string, body: Buffer) => {
      const e = await uploadResume(p.candidateId, { filename }, body, resumeDeps()).then(() => undefined, (err: unknown) => err);
      expect(e).toBeInstanceOf(FileRejectedError);
      const details = (e as FileRejectedError).details!;
      expect(existsSync(join(filesDir, String(details.fileKey)))).toBe(true);
      return details;
    };
    expect(await refusal("cv.exe", Buffer.from("MZ..."))).toMatchObject({ code: "unsupported-file-type", status: 415 });
    expect(await refusal("cv.pdf", Buffer.from("%PDF-1.4 truncated"))).toMatchObject({ code: "corrupt-file", status: 400 });
    expect(await refusal("cv.docx", Buffer.from("not a zip"))).toMatchObject({ code: "corrupt-file" });
  });
});
