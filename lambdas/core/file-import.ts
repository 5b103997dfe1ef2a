// Importing job-board exports (智联, 猎聘, BOSS直聘 have no open API; HR exports files). Columns map
// to our fields by a saved mapping per source, then by known Chinese and English headers. Each row
// is deduplicated against the pool by phone/email markers, lands once (ids derive from the file's
// hash and the row number), and gets a line in the report: created, merged, or rejected with the
// reason. The same file imported again returns the first import's report and changes nothing.
// Every file, good or bad, is kept in the file store for inspection.
import { createHash } from "node:crypto";
import * as z from "./zod.js";
import { ImportField, ImportMapping, type ImportJob, type ImportRowResult, type ImportStore } from "./import-model.js";

export { ImportField, ImportMapping, type ImportJob, type ImportRowResult, type ImportStore };
import { derivedId } from "./ids.js";
import { normalizeEmail, normalizePhone } from "./normalize.js";
import type { Clock, HirepathStore } from "./ports.js";
import type { FileStore } from "./file-store.js";
import type { TalentStore } from "./talent-ports.js";
import type { TimelineEvent } from "./model.js";
import { newTalentProfile, type TalentProfile } from "./talent-model.js";
import { detectKind, FileRejectedError, readRows, type RawRow } from "./import-rows.js";

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

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export interface ImportDeps {
  store: HirepathStore;
  talent: TalentStore;
  imports: ImportStore;
  files: FileStore;
  clock: Clock;
  /** Rows in flight at once: enough to hide store latency, few enough to stay polite. */
  concurrency?: number;
  progressEvery?: number;
}

export const ImportRequest = z.object({
  source: z.string().trim().min(1).max(40).regex(/^[\p{L}\p{N}_-]+$/u, "letters, digits, - and _ only"),
  filename: z.string().trim().min(1).max(200),
  requisitionId: z.string().min(1).max(100).optional(),
});
export type ImportRequest = z.infer<typeof ImportRequest>;

/** Parses "15-25K", "1.5万-2.5万", "20k", "15000-20000元/月" to monthly CNY; "面议" to nothing. */
export function parseSalary(text: string): { salaryMin?: number; salaryMax?: number } {
  const t = text.replace(/\s/g, "").toLowerCase();
  const nums = [...t.matchAll(/(\d+(?:\.\d+)?)(k|千|w|万)?/g)];
  if (!nums.length) return {};
  const unitAfter = /万|w/.test(t) ? 10_000 : /k|千/.test(t) ? 1_000 : 1;
  const values = nums.slice(0, 2).map((m) => Number(m[1]) * (m[2] === "万" || m[2] === "w" ? 10_000 : m[2] === "k" || m[2] === "千" ? 1_000 : unitAfter));
  return { salaryMin: values[0]!, salaryMax: values[1] ?? values[0]! };
}

function resolveColumns(headers: string[], saved: ImportMapping | undefined): Record<string, ImportField> {
  const columns: Record<string, ImportField> = {};
  for (const h of headers) {
    const field = saved?.columns[h] ?? KNOWN_HEADERS[h] ?? KNOWN_HEADERS[h.toLowerCase()];
    if (field && field !== "ignore") columns[h] = field;
  }
  return columns;
}

function pick(values: Record<string, string>, columns: Record<string, ImportField>, field: ImportField): string | undefined {
  for (const [h, f] of Object.entries(columns)) if (f === field && values[h]) return values[h];
  return undefined;
}

export async function runImport(request: ImportRequest, body: Buffer, actor: { sub: string }, deps: ImportDeps): Promise<{ job: ImportJob; duplicate: boolean }> {
  const fileHash = createHash("sha256").update(body).digest("hex");
  const importId = derivedId("import", request.source, fileHash);
  const now = deps.clock.now().toISOString();
  const fileKey = `imports/${importId}/${request.filename.replace(/[^\p{L}\p{N}._-]/gu, "_")}`;
  const { job: existing, created } = await deps.imports.startImportJob({
    importId, source: request.source, filename: request.filename, fileKey, fileHash, status: "running",
    processed: 0, created: 0, merged: 0, rejected: 0, startedAt: now, by: actor.sub,
  });
  if (!created && existing.status !== "running") return { job: existing, duplicate: true };

  const fail = async (error: FileRejectedError): Promise<never> => {
    await deps.imports.updateImportJob(importId, { status: "failed", error: { code: String(error.details?.code ?? "rejected"), message: error.message }, finishedAt: deps.clock.now().toISOString() });
    throw Object.assign(error, { details: { ...error.details, importId } });
  };
  // Kept first, whatever it is: a rejected file is there to inspect.
  try {
    await deps.files.put(fileKey, body, "application/octet-stream");
  } catch (e) {
    // Without a place to keep the file we import nothing: the job says why, and the caller gets the error.
    await deps.imports.updateImportJob(importId, { status: "failed", error: { code: "file-store-unavailable", message: (e as Error).message }, finishedAt: deps.clock.now().toISOString() });
    throw e;
  }
  if (body.length > MAX_IMPORT_BYTES) await fail(new FileRejectedError(`the file is ${body.length} bytes; the limit is ${MAX_IMPORT_BYTES}`, { code: "file-too-large", status: 413 }));
  if (body.length === 0) await fail(new FileRejectedError("the file is empty", { code: "empty-file", status: 400 }));
  let kind;
  try {
    kind = detectKind(request.filename, body);
  } catch (e) {
    return fail(e as FileRejectedError);
  }

  const saved = await deps.imports.getImportMapping(request.source);
  const counts = { processed: 0, created: 0, merged: 0, rejected: 0 };
  let columns: Record<string, ImportField> | undefined;
  const concurrency = deps.concurrency ?? 16;
  const progressEvery = deps.progressEvery ?? 500;
  const inFlight = new Set<Promise<void>>();

  const processRow = async (row: RawRow) => {
    const { result, recorded } = await importRow(row, columns!, request, importId, deps);
    if (!recorded) await deps.imports.putImportRow(importId, result);
    counts.processed++;
    counts[result.outcome]++;
    if (counts.processed % progressEvery === 0) await deps.imports.updateImportJob(importId, { ...counts });
  };

  try {
    for await (const row of readRows(kind, body)) {
      if (!columns) {
        columns = resolveColumns(Object.keys(row.values), saved);
        const fields = new Set(Object.values(columns));
        if (!fields.has("name") || (!fields.has("phone") && !fields.has("email"))) {
          await fail(new FileRejectedError(`no column maps to ${!fields.has("name") ? "name" : "phone or email"}; headers: ${Object.keys(row.values).join(", ")}. Save a mapping for source "${request.source}".`, { code: "unmapped-columns", status: 400, headers: Object.keys(row.values) }));
        }
        await deps.imports.updateImportJob(importId, { columns });
      }
      const p = processRow(row).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } catch (e) {
    await Promise.allSettled(inFlight);
    if (e instanceof FileRejectedError) {
      if ((await deps.imports.getImportJob(importId))?.status !== "failed") await fail(e);
      throw e;
    }
    throw e;
  }
  const finished: Partial<ImportJob> = { ...counts, status: "completed", finishedAt: deps.clock.now().toISOString() };
  await deps.imports.updateImportJob(importId, finished);
  return { job: { ...existing, ...finished, ...(columns ? { columns } : {}) } as ImportJob, duplicate: false };
}

async function importRow(row: RawRow, columns: Record<string, ImportField>, request: ImportRequest, importId: string, deps: ImportDeps): Promise<{ result: ImportRowResult; recorded: boolean }> {
  const reject = (reason: string, field: string) => ({ result: { rowNumber: row.rowNumber, outcome: "rejected", reason, field, values: row.values } as ImportRowResult, recorded: false });
  const name = pick(row.values, columns, "name");
  const phoneRaw = pick(row.values, columns, "phone");
  const emailRaw = pick(row.values, columns, "email");
  if (!name) return reject("missing name", "name");
  if (!phoneRaw && !emailRaw) return reject("no phone or email", "phone");
  const phoneE164 = phoneRaw ? normalizePhone(phoneRaw) : undefined;
  if (phoneRaw && !phoneE164) return reject(`invalid phone "${phoneRaw}"`, "phone");
  const emailNorm = emailRaw ? normalizeEmail(emailRaw) : undefined;
  if (emailNorm && !z.email().safeParse(emailNorm).success) return reject(`invalid email "${emailRaw}"`, "email");

  const now = deps.clock.now().toISOString();
  const { candidate, created } = await deps.store.findOrCreateCandidate(
    derivedId("import-candidate", importId, String(row.rowNumber)),
    {
      name,
      ...(emailNorm ? { emailNorm } : {}),
      ...(phoneE164 ? { phoneE164 } : {}),
      locale: /[\u4e00-\u9fff]/.test(name) ? "zh-CN" : "en",
      timeZone: "Asia/Shanghai",
      preferredChannel: phoneE164 ? "sms" : "email",
      source: request.source,
    },
    now,
  );
  const requisitionId = request.requisitionId ?? pick(row.values, columns, "requisition");
  const tags = (pick(row.values, columns, "tags") ?? "").split(/[,，;；、|/]/).map((t) => t.trim()).filter(Boolean);
  const salary = parseSalary(pick(row.values, columns, "expectedSalary") ?? "");
  const location = pick(row.values, columns, "location");
  const years = Number(pick(row.values, columns, "yearsExperience")?.match(/\d+(\.\d+)?/)?.[0]);
  const note = pick(row.values, columns, "note");
  const apply = (t: TalentProfile): TalentProfile | undefined => {
    const before = JSON.stringify(t);
    if (requisitionId && !t.requisitionIds.includes(requisitionId)) t.requisitionIds.push(requisitionId);
    for (const tag of [request.source, ...tags]) if (!t.tags.some((x) => x.toLowerCase() === tag.toLowerCase())) t.tags.push(tag);
    if (salary.salaryMin !== undefined && !t.expectations) t.expectations = { ...salary, currency: "CNY", ...(location ? { location } : {}) };
    return JSON.stringify(t) === before && t.version > 0 ? undefined : t;
  };
  const event: TimelineEvent = {
    eventId: derivedId("imported", importId, String(row.rowNumber)),
    candidateId: candidate.candidateId,
    at: now,
    type: "talent.imported",
    summary: `Imported from ${request.source} (${request.filename}, row ${row.rowNumber})`,
    data: {
      importId, rowNumber: row.rowNumber, source: request.source,
      ...(requisitionId ? { requisitionId } : {}),
      ...(Number.isFinite(years) ? { yearsExperience: years } : {}),
      ...(location ? { location } : {}),
      ...(note ? { note } : {}),
    },
  };
  const result: ImportRowResult = { rowNumber: row.rowNumber, outcome: created ? "created" : "merged", candidateId: candidate.candidateId };
  // A person this row created gets their pool record, index entries, timeline event and report
  // line in one batch: the fast path that makes large imports feasible. Anyone else is merged
  // through the versioned update, which is safe against HR changing them at the same moment.
  if (created && (await deps.talent.createImportedTalent(candidate, apply(newTalentProfile(candidate.candidateId, now))!, event, importId, result))) {
    return { result, recorded: true };
  }
  await deps.talent.updateTalent(candidate.candidateId, now, apply);
  await deps.store.addTimelineEvent(event);
  return { result, recorded: false };
}
