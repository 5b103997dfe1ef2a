// The import's model, apart from the file readers so the store and the light functions don't load them.
import * as z from "./zod.js";

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
  status: "running" | "completed" | "failed";
  processed: number;
  created: number;
  merged: number;
  rejected: number;
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

export interface ImportStore {
  /** Creates the job if absent; returns the job that exists. */
  startImportJob(job: ImportJob): Promise<{ job: ImportJob; created: boolean }>;
  updateImportJob(importId: string, patch: Partial<ImportJob>): Promise<void>;
  getImportJob(importId: string): Promise<ImportJob | undefined>;
  putImportRow(importId: string, row: ImportRowResult): Promise<void>;
  listImportRows(importId: string, limit: number, cursor?: string, outcome?: ImportRowResult["outcome"]): Promise<{ items: ImportRowResult[]; nextCursor?: string }>;
  getImportMapping(source: string): Promise<ImportMapping | undefined>;
  putImportMapping(source: string, mapping: ImportMapping): Promise<void>;
}

