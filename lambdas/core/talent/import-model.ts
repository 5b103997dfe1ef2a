// The import's model, apart from the file readers so the store and the light functions don't load them.
import * as z from "../shared/zod.js";
import type { Candidate, TimelineEvent } from "../shared/model.js";
import type { TalentProfile } from "./talent-model.js";

export const ImportField = z.enum(["name", "phone", "email", "requisition", "yearsExperience", "location", "tags", "expectedSalary", "note", "ignore"]);
export type ImportField = z.infer<typeof ImportField>;

export const ImportMapping = z.object({ columns: z.record(z.string().min(1), ImportField) }).strict();
export type ImportMapping = z.infer<typeof ImportMapping>;

export interface ImportJob {
  importId: string;
  source: string;
  filename: string;
  fileKey: string;
  fileHash: string;
  requisitionId?: string;
  /** queued: accepted, the workflow not yet reading it; running: rows landing chunk by chunk. */
  status: "queued" | "running" | "completed" | "failed";
  /** Starts at 1; a failed import of the same file can be run again (after a mapping is saved). */
  attempt: number;
  processed: number;
  created: number;
  merged: number;
  rejected: number;
  /** Known once the file is read: what progress is measured against. */
  totalRows?: number;
  chunks?: number;
  chunksDone?: number;
  error?: { code: string; message: string };
  columns?: Record<string, ImportField>;
  startedAt: string;
  finishedAt?: string;
  by: string;
}

export interface ImportRowResult {
  rowNumber: number;
  outcome: "created" | "merged" | "rejected";
  candidateId?: string;
  reason?: string;
  field?: string;
  /** The row as it was in the file: a rejected row is kept whole for inspection. */
  values?: Record<string, string>;
}

export type ImportCounts = Pick<ImportJob, "processed" | "created" | "merged" | "rejected">;

/** A person no marker knew when their row was read: everything the fast path writes for them. */
export interface ImportedPerson {
  candidate: Candidate;
  talent: TalentProfile;
  event: TimelineEvent;
  row: ImportRowResult;
}

export interface ImportStore {
  /** Creates the job if absent; returns the job that exists. */
  startImportJob(job: ImportJob): Promise<{ job: ImportJob; created: boolean }>;
  updateImportJob(importId: string, patch: Partial<ImportJob>): Promise<void>;
  getImportJob(importId: string): Promise<ImportJob | undefined>;
  putImportRows(importId: string, rows: ImportRowResult[]): Promise<void>;
  listImportRows(importId: string, limit: number, cursor?: string, outcome?: ImportRowResult["outcome"]): Promise<{ items: ImportRowResult[]; nextCursor?: string }>;
  getImportMapping(source: string): Promise<ImportMapping | undefined>;
  putImportMapping(source: string, mapping: ImportMapping): Promise<void>;
  /**
   * Marks a chunk of an attempt done and adds its counts to the job, once: a retried chunk
   * counts nothing twice. True for the call that marked it.
   */
  completeImportChunk(importId: string, attempt: number, chunk: number, counts: ImportCounts): Promise<boolean>;
  /** The candidate each existing phone / email marker names; absent values are missing from the maps. */
  markerOwners(phones: string[], emails: string[]): Promise<{ phones: Map<string, string>; emails: Map<string, string> }>;
  /**
   * The fast path for people no marker knew: claims each person's phone then email marker with
   * conditional writes (uniqueness is never assumed), and for every person whose claims all held,
   * writes profile, pool record, search entries, timeline event and report line in batches.
   * Returns the row numbers whose claim was lost to a concurrent writer: those go the safe way.
   */
  createImportedPeople(importId: string, people: ImportedPerson[]): Promise<{ lost: number[] }>;
}

/** Reading an import's rows: which outcome, and where the previous page stopped. */
export const ImportRowsQuery = z.object({ outcome: z.enum(["created", "merged", "rejected"]).optional(), cursor: z.string().optional() });
