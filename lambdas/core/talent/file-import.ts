// Importing job-board exports (智联, 猎聘, BOSS直聘 have no open API; HR exports files).
//
// The import is a workflow (statemachines/talent-import.asl.json), not a request: a 50,000-row
// file does not fit API Gateway's 29 seconds, and HR should watch it progress, not wait on a
// spinner. The API accepts the file (acceptImport: kept first, whatever it is; a wrong type,
// empty or oversized file is refused at once), the workflow reads it into chunks
// (import-prepare.ts), lands each chunk (importChunk) and closes the job (finishImport).
//
// Columns map to our fields by a saved mapping per source, then by known Chinese and English
// headers. Each row is deduplicated against the pool by phone/email markers, lands once (ids
// derive from the file's hash and the row number), and gets a line in the report: created,
// merged, or rejected with the reason. The same file imported again returns the first import's
// job and changes nothing; a failed one (say, columns nobody mapped) can be run again.
import { createHash } from "node:crypto";
import * as z from "../shared/zod.js";
import { FileRejectedError } from "../shared/errors.js";
import { ImportField, ImportMapping, type ImportCounts, type ImportedPerson, type ImportJob, type ImportRowResult, type ImportStore } from "./import-model.js";
import { detectKind } from "./import-kind.js";
import { derivedId } from "../shared/ids.js";
import { normalizeEmail, parsePhone } from "../shared/normalize.js";
import type { CandidateContact, Clock, HirepathStore, JourneyStarter } from "../shared/ports.js";
import type { FileStore } from "../shared/file-store.js";
import type { TalentStore } from "./talent-ports.js";
import type { Candidate, TimelineEvent } from "../shared/model.js";
import { newTalentProfile, type TalentProfile } from "./talent-model.js";

export { ImportField, ImportMapping, type ImportJob, type ImportRowResult, type ImportStore };

/** Headers seen in 智联招聘, 猎聘, BOSS直聘 and common English exports. */
export const KNOWN_HEADERS: Record<string, ImportField> = {
  姓名: "name", 名字: "name", 候选人: "name", 候选人姓名: "name", name: "name", "full name": "name",
  手机: "phone", 手机号: "phone", 手机号码: "phone", 联系电话: "phone", 电话: "phone", 联系方式: "phone", phone: "phone", mobile: "phone",
  邮箱: "email", 电子邮箱: "email", 邮件: "email", email: "email", "e-mail": "email",
  应聘职位: "requisition", 投递职位: "requisition", 职位: "requisition", 岗位: "requisition", 职位编号: "requisition", job: "requisition",
  工作年限: "yearsExperience", 工作经验: "yearsExperience", 经验: "yearsExperience", years: "yearsExperience",
  现居住地: "location", 所在地: "location", 居住地: "location", 城市: "location", 现居地: "location", location: "location", city: "location",
  标签: "tags", 技能标签: "tags", tags: "tags",
  期望薪资: "expectedSalary", 期望月薪: "expectedSalary", 期望薪水: "expectedSalary", "expected salary": "expectedSalary",
  备注: "note", 最近公司: "note", 自我评价: "note", note: "note",
};

/**
 * What the upload API takes in one request. API Gateway base64-encodes a binary body and Lambda's
 * synchronous payload limit is 6 MB, so 4 MB of file (5.4 MB encoded) is what reliably fits; a
 * 50,000-row 智联 export is about 2.5 MB as XLSX.
 */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;
/** Rows per chunk: one step invocation each, well inside its timeout on AWS. */
export const IMPORT_CHUNK_ROWS = 1000;
/** Rows whose markers are read and claimed together inside a chunk (BatchGet takes 100 keys). */
const FAST_BATCH_ROWS = 50;

export const ImportRequest = z.object({
  source: z.string().trim().min(1).max(40).regex(/^[\p{L}\p{N}_-]+$/u, "letters, digits, - and _ only"),
  filename: z.string().trim().min(1).max(200),
  requisitionId: z.string().min(1).max(100).optional(),
});
export type ImportRequest = z.infer<typeof ImportRequest>;

/** One chunk as the workflow hands it to a step: where its rows are kept. */
export const ImportChunkInput = z.object({ importId: z.string().min(1), attempt: z.number().int().min(1), chunk: z.number().int().min(0), key: z.string().min(1) });
export type ImportChunkInput = z.infer<typeof ImportChunkInput>;

/** The rows of a chunk as kept in the file store between the read and the landing. */
export interface ImportChunkFile {
  columns: Record<string, ImportField>;
  rows: Array<{ rowNumber: number; values: Record<string, string> }>;
}

export interface ImportFilesDeps {
  imports: ImportStore;
  files: FileStore;
  clock: Clock;
  /** Rows per chunk (IMPORT_CHUNK_ROWS unless a test wants many small chunks). */
  chunkRows?: number;
}

export interface AcceptImportDeps extends ImportFilesDeps {
  /** Starts the import workflow; idempotent by execution name. */
  workflow: JourneyStarter;
}

export interface ImportChunkDeps extends ImportFilesDeps {
  store: HirepathStore;
  talent: TalentStore;
  /** Slow-path rows (people already in the pool) in flight at once. */
  concurrency?: number;
}

/** Parses "15-25K", "1.5万-2.5万", "20k", "15000-20000元/月" to monthly CNY; "面议" to nothing. */
export function parseSalary(text: string): { salaryMin?: number; salaryMax?: number } {
  const t = text.replace(/\s/g, "").toLowerCase();
  const nums = [...t.matchAll(/(\d+(?:\.\d+)?)(k|千|w|万)?/g)];
  if (!nums.length) return {};
  const unitAfter = /万|w/.test(t) ? 10_000 : /k|千/.test(t) ? 1_000 : 1;
  const values = nums.slice(0, 2).map((m) => Number(m[1]) * (m[2] === "万" || m[2] === "w" ? 10_000 : m[2] === "k" || m[2] === "千" ? 1_000 : unitAfter));
  return { salaryMin: values[0]!, salaryMax: values[1] ?? values[0]! };
}

export function resolveColumns(headers: string[], saved: ImportMapping | undefined): Record<string, ImportField> {
  const columns: Record<string, ImportField> = {};
  for (const h of headers) {
    const field = saved?.columns[h] ?? KNOWN_HEADERS[h] ?? KNOWN_HEADERS[h.toLowerCase()];
    if (field && field !== "ignore") columns[h] = field;
  }
  return columns;
}

/** Why a mapping cannot import anything, or undefined when it can. */
export function unmappedReason(columns: Record<string, ImportField>): string | undefined {
  const fields = new Set(Object.values(columns));
  if (!fields.has("name")) return "name";
  if (!fields.has("phone") && !fields.has("email")) return "phone or email";
  return undefined;
}

function pick(values: Record<string, string>, columns: Record<string, ImportField>, field: ImportField): string | undefined {
  for (const [h, f] of Object.entries(columns)) if (f === field && values[h]) return values[h];
  return undefined;
}

export const importExecutionName = (importId: string, attempt: number) => `import-${importId}-${attempt}`;

/**
 * Accepts an upload: keeps the file, refuses what can never import (too large, empty, not CSV or
 * XLSX) with the job marked failed, and starts the workflow. The same file again returns the job
 * that exists, unless it failed, when it runs again as the next attempt.
 */
export async function acceptImport(request: ImportRequest, body: Buffer, actor: { sub: string }, deps: AcceptImportDeps): Promise<{ job: ImportJob; duplicate: boolean }> {
  const fileHash = createHash("sha256").update(body).digest("hex");
  const importId = derivedId("import", request.source, fileHash);
  const now = deps.clock.now().toISOString();
  const fileKey = `imports/${importId}/${request.filename.replace(/[^\p{L}\p{N}._-]/gu, "_")}`;
  const fresh: ImportJob = {
    importId, source: request.source, filename: request.filename, fileKey, fileHash, status: "queued", attempt: 1,
    ...(request.requisitionId ? { requisitionId: request.requisitionId } : {}),
    processed: 0, created: 0, merged: 0, rejected: 0, startedAt: now, by: actor.sub,
  };
  let { job, created } = await deps.imports.startImportJob(fresh);
  if (!created) {
    // Still queued: the first upload may have died before starting the workflow. Starting it again
    // is harmless (the execution name is the job's), and it is what keeps the job from waiting forever.
    if (job.status === "queued") await deps.workflow.startJourney(importExecutionName(importId, job.attempt), { importId, attempt: job.attempt });
    if (job.status !== "failed") return { job, duplicate: true };
    job = { ...fresh, attempt: job.attempt + 1 };
    await deps.imports.updateImportJob(importId, { ...job, error: undefined, finishedAt: undefined, totalRows: undefined, chunks: undefined, chunksDone: 0, columns: undefined });
  }

  const refuse = async (error: FileRejectedError): Promise<never> => {
    await failImport(importId, { code: String(error.details?.code ?? "rejected"), message: error.message }, deps);
    throw Object.assign(error, { details: { ...error.details, importId } });
  };
  // Kept first, whatever it is: a rejected file is there to inspect.
  try {
    await deps.files.put(fileKey, body, "application/octet-stream");
  } catch (e) {
    // Without a place to keep the file we import nothing: the job says why, and the caller gets the error.
    await failImport(importId, { code: "file-store-unavailable", message: (e as Error).message }, deps);
    throw e;
  }
  if (body.length > MAX_IMPORT_BYTES) await refuse(new FileRejectedError(`the file is ${body.length} bytes; the limit is ${MAX_IMPORT_BYTES}`, { code: "file-too-large", status: 413 }));
  if (body.length === 0) await refuse(new FileRejectedError("the file is empty", { code: "empty-file", status: 400 }));
  try {
    detectKind(request.filename, body);
  } catch (e) {
    if (e instanceof FileRejectedError) await refuse(e);
    throw e;
  }
  await deps.workflow.startJourney(importExecutionName(importId, job.attempt), { importId, attempt: job.attempt });
  return { job, duplicate: false };
}

export async function failImport(importId: string, error: { code: string; message: string }, deps: { imports: ImportStore; clock: Clock }): Promise<void> {
  await deps.imports.updateImportJob(importId, { status: "failed", error, finishedAt: deps.clock.now().toISOString() });
}

/** Closes the job once every chunk has counted. */
export async function finishImport(importId: string, deps: { imports: ImportStore; clock: Clock }): Promise<ImportJob> {
  const job = await deps.imports.getImportJob(importId);
  if (!job) throw new FileRejectedError(`import ${importId} not found`, { code: "import-not-found", status: 404 });
  if (job.status === "completed" || job.status === "failed") return job;
  if ((job.chunksDone ?? 0) < (job.chunks ?? 0)) throw new Error(`import ${importId}: ${job.chunksDone ?? 0} of ${job.chunks} chunks counted`);
  const finishedAt = deps.clock.now().toISOString();
  await deps.imports.updateImportJob(importId, { status: "completed", finishedAt });
  return { ...job, status: "completed", finishedAt };
}

// --- landing a chunk ------------------------------------------------------------------------------

interface ParsedRow {
  rowNumber: number;
  proposedId: string;
  contact: CandidateContact;
  values: Record<string, string>;
}

type RowCheck = { ok: true; row: ParsedRow } | { ok: false; result: ImportRowResult };

function checkRow(row: ImportChunkFile["rows"][number], columns: Record<string, ImportField>, job: ImportJob): RowCheck {
  const reject = (reason: string, field: string): RowCheck => ({ ok: false, result: { rowNumber: row.rowNumber, outcome: "rejected", reason, field, values: row.values } });
  const name = pick(row.values, columns, "name");
  const phoneRaw = pick(row.values, columns, "phone");
  const emailRaw = pick(row.values, columns, "email");
  if (!name) return reject("missing name", "name");
  if (!phoneRaw && !emailRaw) return reject("no phone or email", "phone");
  const phone = phoneRaw ? parsePhone(phoneRaw) : undefined;
  if (phone && !phone.ok) return reject(`invalid phone "${phoneRaw}": ${phone.reason}`, "phone");
  const phoneE164 = phone?.ok ? phone.e164 : undefined;
  const emailNorm = emailRaw ? normalizeEmail(emailRaw) : undefined;
  if (emailNorm && !z.email().safeParse(emailNorm).success) return reject(`invalid email "${emailRaw}"`, "email");
  return {
    ok: true,
    row: {
      rowNumber: row.rowNumber,
      values: row.values,
      proposedId: derivedId("import-candidate", job.importId, String(row.rowNumber)),
      contact: {
        name,
        ...(emailNorm ? { emailNorm } : {}),
        ...(phoneE164 ? { phoneE164 } : {}),
        locale: /[\u4e00-\u9fff]/.test(name) ? "zh-CN" : "en",
        timeZone: "Asia/Shanghai",
        preferredChannel: phoneE164 ? "sms" : "email",
        source: job.source,
      },
    },
  };
}

/** What a row adds to a person's pool record (tags, requisition, expectations) and its timeline event. */
function rowEffects(row: ParsedRow, candidateId: string, columns: Record<string, ImportField>, job: ImportJob, now: string) {
  const requisitionId = job.requisitionId ?? pick(row.values, columns, "requisition");
  const tags = (pick(row.values, columns, "tags") ?? "").split(/[,，;；、|/]/).map((t) => t.trim()).filter(Boolean);
  const salary = parseSalary(pick(row.values, columns, "expectedSalary") ?? "");
  const location = pick(row.values, columns, "location");
  const years = Number(pick(row.values, columns, "yearsExperience")?.match(/\d+(\.\d+)?/)?.[0]);
  const note = pick(row.values, columns, "note");
  const apply = (t: TalentProfile): TalentProfile | undefined => {
    const before = JSON.stringify(t);
    if (requisitionId && !t.requisitionIds.includes(requisitionId)) t.requisitionIds.push(requisitionId);
    for (const tag of [job.source, ...tags]) if (!t.tags.some((x) => x.toLowerCase() === tag.toLowerCase())) t.tags.push(tag);
    if (salary.salaryMin !== undefined && !t.expectations) t.expectations = { ...salary, currency: "CNY", ...(location ? { location } : {}) };
    return JSON.stringify(t) === before && t.version > 0 ? undefined : t;
  };
  const event: TimelineEvent = {
    eventId: derivedId("imported", job.importId, String(row.rowNumber)),
    candidateId,
    at: now,
    type: "talent.imported",
    summary: `Imported from ${job.source} (${job.filename}, row ${row.rowNumber})`,
    data: {
      importId: job.importId, rowNumber: row.rowNumber, source: job.source,
      ...(requisitionId ? { requisitionId } : {}),
      ...(Number.isFinite(years) ? { yearsExperience: years } : {}),
      ...(location ? { location } : {}),
      ...(note ? { note } : {}),
    },
  };
  return { apply, event };
}

/**
 * Lands one chunk. Rows nobody in the pool matches take the fast path (markers read in batches,
 * claimed with conditional writes, everything else batch-written); a row matching someone, sharing
 * a phone or email with another row of its batch, or losing a claim to a concurrent writer takes
 * the safe path: the same find-or-create and versioned update a webhook uses. Retrying a chunk is
 * harmless: every id derives from the import and the row, and the counts are added once.
 */
export async function importChunk(input: ImportChunkInput, deps: ImportChunkDeps): Promise<ImportCounts> {
  const job = await deps.imports.getImportJob(input.importId);
  if (!job) throw new FileRejectedError(`import ${input.importId} not found`, { code: "import-not-found", status: 404 });
  const stored = await deps.files.get(input.key);
  if (!stored) throw new Error(`import ${input.importId}: chunk ${input.key} is missing from the file store`);
  const chunk = JSON.parse(stored.toString("utf8")) as ImportChunkFile;
  // The import's own time, not this attempt's: a retried chunk writes the same items (a timeline
  // event's key holds its time), so it completes what an attempt that died left out, and adds nothing twice.
  const now = job.startedAt;

  const results: ImportRowResult[] = [];
  const valid: ParsedRow[] = [];
  for (const raw of chunk.rows) {
    const checked = checkRow(raw, chunk.columns, job);
    if (checked.ok) valid.push(checked.row);
    else results.push(checked.result);
  }
  const recorded: ImportRowResult[] = [];
  const safe: ParsedRow[] = [];
  // Keys of rows already sent the safe way: a later row with the same phone or email follows them.
  const waiting = new Set<string>();
  for (let i = 0; i < valid.length; i += FAST_BATCH_ROWS) {
    const batch = valid.slice(i, i + FAST_BATCH_ROWS);
    const { fast, slow } = await splitByPool(batch, waiting, deps.imports);
    safe.push(...slow);
    for (const r of slow) for (const k of identityKeys(r)) waiting.add(k);
    const people = fast.map((row) => newPerson(row, chunk.columns, job, now));
    const lost = new Set((await deps.imports.createImportedPeople(job.importId, people)).lost);
    fast.forEach((row, i) => (lost.has(row.rowNumber) ? safe.push(row) : recorded.push(people[i]!.row)));
  }
  results.push(...(await landSafely(safe, chunk.columns, job, now, deps)));
  await deps.imports.putImportRows(input.importId, results);

  const counts: ImportCounts = { processed: results.length + recorded.length, created: 0, merged: 0, rejected: 0 };
  for (const r of [...results, ...recorded]) counts[r.outcome]++;
  await deps.imports.completeImportChunk(input.importId, input.attempt, input.chunk, counts);
  return counts;
}

/** Fast: nobody in the pool has the row's phone or email, and no other waiting or batch row shares them. */
async function splitByPool(batch: ParsedRow[], waiting: ReadonlySet<string>, imports: ImportStore): Promise<{ fast: ParsedRow[]; slow: ParsedRow[] }> {
  const seen = new Map<string, number>();
  for (const r of batch) for (const k of identityKeys(r)) seen.set(k, (seen.get(k) ?? 0) + 1);
  const owners = await imports.markerOwners(
    batch.flatMap((r) => (r.contact.phoneE164 ? [r.contact.phoneE164] : [])),
    batch.flatMap((r) => (r.contact.emailNorm ? [r.contact.emailNorm] : [])),
  );
  const fast: ParsedRow[] = [];
  const slow: ParsedRow[] = [];
  for (const r of batch) {
    const known = (r.contact.phoneE164 && owners.phones.has(r.contact.phoneE164)) || (r.contact.emailNorm && owners.emails.has(r.contact.emailNorm));
    const shared = identityKeys(r).some((k) => seen.get(k)! > 1 || waiting.has(k));
    (known || shared ? slow : fast).push(r);
  }
  return { fast, slow };
}

const identityKeys = (r: ParsedRow) => [...(r.contact.phoneE164 ? [`p:${r.contact.phoneE164}`] : []), ...(r.contact.emailNorm ? [`e:${r.contact.emailNorm}`] : [])];

function newPerson(row: ParsedRow, columns: Record<string, ImportField>, job: ImportJob, now: string): ImportedPerson {
  const candidate: Candidate = { candidateId: row.proposedId, ...row.contact, createdAt: now, updatedAt: now };
  const { apply, event } = rowEffects(row, row.proposedId, columns, job, now);
  const talent = { ...apply(newTalentProfile(row.proposedId, now))!, version: 1 };
  return { candidate, talent, event, row: { rowNumber: row.rowNumber, outcome: "created", candidateId: row.proposedId } };
}

/**
 * The safe path, as a webhook does it. Rows that may be the same person (sharing a phone or an
 * email) run one after another in file order, so the first creates and the next merges; unrelated
 * rows run side by side.
 */
async function landSafely(rows: ParsedRow[], columns: Record<string, ImportField>, job: ImportJob, now: string, deps: ImportChunkDeps): Promise<ImportRowResult[]> {
  const groups = groupByIdentity(rows);
  const results: ImportRowResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < groups.length) {
      for (const row of groups[next++]!) results.push(await landOne(row, columns, job, now, deps));
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.concurrency ?? 16, groups.length) }, worker));
  return results;
}

async function landOne(row: ParsedRow, columns: Record<string, ImportField>, job: ImportJob, now: string, deps: ImportChunkDeps): Promise<ImportRowResult> {
  const { candidate } = await deps.store.findOrCreateCandidate(row.proposedId, row.contact, now);
  const { apply, event } = rowEffects(row, candidate.candidateId, columns, job, now);
  await deps.talent.updateTalent(candidate.candidateId, now, apply);
  await deps.store.addTimelineEvent(event);
  // The row's own id means this row made the person: on its first run, or on a retried chunk.
  return { rowNumber: row.rowNumber, outcome: candidate.candidateId === row.proposedId ? "created" : "merged", candidateId: candidate.candidateId };
}

/** Connected components over shared phones and emails, each in file order. */
function groupByIdentity(rows: ParsedRow[]): ParsedRow[][] {
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const firstWith = new Map<string, number>();
  rows.forEach((r, i) => {
    for (const k of identityKeys(r)) {
      const j = firstWith.get(k);
      if (j === undefined) firstWith.set(k, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, ParsedRow[]>();
  rows.forEach((r, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), r]));
  return [...groups.values()].map((g) => g.sort((a, b) => a.rowNumber - b.rowNumber));
}
