// Resume files (PDF, DOCX): stored as received, their text extracted for search and screening.
// A wrong type, a corrupt file or one over the size limit is refused with a clear code and still
// kept for inspection. Extraction libraries load lazily: only this route pays for them.
import { createHash } from "node:crypto";
import * as z from "../shared/zod.js";
import { NotFoundError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import type { Clock, HirepathStore } from "../shared/ports.js";
import type { FileStore } from "../shared/file-store.js";
import { FileRejectedError } from "../shared/errors.js";
import { resumeKeywords } from "./resume-keywords.js";
import type { TalentStore } from "./talent-ports.js";

export const MAX_RESUME_BYTES = 5 * 1024 * 1024;
/** Keywords kept per person across resumes (each is a search entry). */
const MAX_KEYWORDS = 100;

export const ResumeUpload = z.object({
  filename: z.string().trim().min(1).max(200),
  applicationId: z.string().min(1).optional(),
});
export type ResumeUpload = z.infer<typeof ResumeUpload>;

export interface ResumeRecord {
  resumeId: string;
  candidateId: string;
  filename: string;
  fileKey: string;
  format: "pdf" | "docx";
  text: string;
  uploadedAt: string;
}

export interface ResumeStore {
  putResume(resume: ResumeRecord): Promise<void>;
}

export async function extractResumeText(kind: "pdf" | "docx", body: Buffer): Promise<string> {
  try {
    if (kind === "pdf") {
      const { extractText, getDocumentProxy } = await import("unpdf");
      const pdf = await getDocumentProxy(new Uint8Array(body));
      const { text } = await extractText(pdf, { mergePages: true });
      return text.trim();
    }
    const mammoth = await import("mammoth");
    const { value } = await mammoth.extractRawText({ buffer: body });
    return value.trim();
  } catch (e) {
    throw new FileRejectedError(`the ${kind.toUpperCase()} file cannot be read: ${(e as Error).message}`, { code: "corrupt-file", status: 400 });
  }
}

function kindOf(filename: string, body: Buffer): "pdf" | "docx" {
  const ext = filename.toLowerCase().split(".").pop();
  if (ext === "pdf") return "pdf";
  if (ext === "docx") return "docx";
  void body;
  throw new FileRejectedError(`.${ext ?? "?"} resumes are not accepted; upload PDF or DOCX`, { code: "unsupported-file-type", status: 415 });
}

export async function uploadResume(candidateId: string, upload: ResumeUpload, body: Buffer, deps: { store: HirepathStore; resumes: ResumeStore; talent: TalentStore; files: FileStore; clock: Clock }): Promise<ResumeRecord> {
  const candidate = await deps.store.getCandidate(candidateId);
  if (!candidate) throw new NotFoundError(`candidate ${candidateId} not found`);
  const hash = createHash("sha256").update(body).digest("hex");
  const resumeId = derivedId("resume", candidateId, hash);
  const fileKey = `resumes/${candidateId}/${resumeId}-${upload.filename.replace(/[^\p{L}\p{N}._-]/gu, "_")}`;
  // Kept first, whatever it is: a refused file is there to inspect.
  await deps.files.put(fileKey, body, "application/octet-stream");
  if (body.length > MAX_RESUME_BYTES) throw new FileRejectedError(`the file is ${body.length} bytes; the limit is ${MAX_RESUME_BYTES}`, { code: "file-too-large", status: 413, fileKey });
  let kind: "pdf" | "docx";
  try {
    kind = kindOf(upload.filename, body);
  } catch (e) {
    throw Object.assign(e as FileRejectedError, { details: { ...(e as FileRejectedError).details, fileKey } });
  }
  const text = await extractResumeText(kind, body).catch((e: FileRejectedError) => {
    throw Object.assign(e, { details: { ...e.details, fileKey } });
  });
  const now = deps.clock.now().toISOString();
  const record: ResumeRecord = { resumeId, candidateId, filename: upload.filename, fileKey, format: kind, text, uploadedAt: now };
  await deps.resumes.putResume(record);
  // Search finds people by their resumes' words: the newest resume's first, earlier ones' after.
  const words = resumeKeywords(text);
  await deps.talent.updateTalent(candidateId, now, (t) => {
    const keywords = [...new Set([...words, ...t.keywords])].slice(0, MAX_KEYWORDS);
    if (keywords.length === t.keywords.length && keywords.every((k, i) => k === t.keywords[i])) return t.version === 0 ? t : undefined;
    t.keywords = keywords;
    return t;
  });
  // Screening reads the application's resume text: give it the extracted text.
  if (upload.applicationId) await deps.store.updateApplication(candidateId, upload.applicationId, { resumeText: text.slice(0, 200_000), updatedAt: now });
  await deps.store.addTimelineEvent({
    eventId: derivedId("resume-uploaded", resumeId),
    candidateId,
    ...(upload.applicationId ? { applicationId: upload.applicationId } : {}),
    at: now,
    type: "talent.resume",
    summary: `Resume ${upload.filename} (${text.length} characters of text)`,
    data: { resumeId, fileKey, format: kind, excerpt: text.slice(0, 300) },
  });
  return record;
}
