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
import { LocalFileStore } from "../../lambdas/adapters/file-store.js";
import { newId } from "../../lambdas/core/ids.js";
import { recordTalentChange, mergeCandidates } from "../../lambdas/core/talent.js";
import { runImport } from "../../lambdas/core/file-import.js";
import { FileRejectedError } from "../../lambdas/core/import-rows.js";
import { uploadResume } from "../../lambdas/core/resumes.js";
import type { CandidateContact, Clock } from "../../lambdas/core/ports.js";
import { SearchQuery } from "../../lambdas/core/talent-search.js";
import { ensureTable, startDynalite, type LocalDynamo } from "../../local/aws/dynamodb.js";

let dynamo: LocalDynamo;
let store: DynamoHirepathStore;
let talent: DynamoTalentStore;
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
  filesDir = mkdtempSync(join(tmpdir(), "hirepath-files-"));
});
afterAll(async () => {
  await dynamo.close();
  rmSync(filesDir, { recursive: true, force: true });
});

const deps = () => ({ store, talent, clock });
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
  const importDeps = () => ({ store, talent, imports: talent, files: new LocalFileStore(filesDir), clock, progressEvery: 2 });

  it("imports a 智联-style CSV with Chinese headers: created, merged and rejected rows each with a reason; re-import changes nothing", async () => {
    const body = readFileSync(new URL("../fixtures/imports/zhilian-export.csv", import.meta.url));
    const { job, duplicate } = await runImport({ source: "zhilian", filename: "智联导出.csv" }, body, actor, importDeps());
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

    const again = await runImport({ source: "zhilian", filename: "智联导出.csv" }, body, actor, importDeps());
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
    const { job } = await runImport({ source: "boss", filename: "boss.xlsx" }, body, actor, importDeps());
    expect(job).toMatchObject({ status: "completed", processed: 4, created: 3, rejected: 1 });
    const rows = await talent.listImportRows(job.importId, 100, undefined, "rejected");
    expect(rows.items).toEqual([expect.objectContaining({ rowNumber: 4, outcome: "rejected", field: "phone" })]);
    expect((await search({ name: "何静" })).items).toHaveLength(1);
    expect((await talent.getTalent((await talent.candidateIdByPhone("+8613912340001"))!))!.expectations).toMatchObject({ salaryMin: 15000, salaryMax: 20000 });
  });

  it("refuses a wrong-type, corrupt or unmapped file with a clear code, and keeps it for inspection", async () => {
    const attempt = async (filename: string, body: Buffer) => {
      try {
        await runImport({ source: "liepin", filename }, body, actor, importDeps());
        throw new Error("expected a refusal");
      } catch (e) {
        expect(e).toBeInstanceOf(FileRejectedError);
        const details = (e as FileRejectedError).details!;
        const job = await talent.getImportJob(String(details.importId));
        expect(job).toMatchObject({ status: "failed", error: { code: details.code } });
        expect(existsSync(join(filesDir, job!.fileKey))).toBe(true);
        return details;
      }
    };
    expect(await attempt("resume.pdf", Buffer.from("%PDF-1.7 ..."))).toMatchObject({ code: "unsupported-file-type", status: 415 });
    expect(await attempt("export.xlsx", Buffer.from("PK\u0003\u0004 this is not really a zip"))).toMatchObject({ code: "corrupt-file", status: 400 });
    expect(await attempt("export2.xlsx", Buffer.from("姓名,手机\n张三,13800000000\n"))).toMatchObject({ code: "corrupt-file" });
    expect(await attempt("unknown.csv", Buffer.from("foo,bar\n1,2\n"))).toMatchObject({ code: "unmapped-columns", status: 400 });
    expect(await attempt("big.csv", Buffer.alloc(5 * 1024 * 1024 + 1, 0x41))).toMatchObject({ code: "file-too-large", status: 413 });
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
  const resumeDeps = () => ({ store, resumes: talent, files: new LocalFileStore(filesDir), clock });

  it("stores a PDF and a DOCX resume and extracts their text onto the timeline", async () => {
    const p = await person("简历");
    const pdf = await uploadResume(p.candidateId, { filename: "cv.pdf" }, pdfWith("Key account sales, 6 years of SaaS"), resumeDeps());
    expect(pdf.text).toContain("Key account sales");
    expect(existsSync(join(filesDir, pdf.fileKey))).toBe(true);
    const docx = await uploadResume(p.candidateId, { filename: "简历.docx" }, await docxWith("8年大客户销售经验，熟悉CRM"), resumeDeps());
    expect(docx.text).toBe("8年大客户销售经验，熟悉CRM");
    const view = await store.getCandidateView(p.candidateId);
    expect(view!.timeline.filter((e) => e.type === "talent.resume").map((e) => e.data?.excerpt)).toEqual(expect.arrayContaining(["8年大客户销售经验，熟悉CRM"]));
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
