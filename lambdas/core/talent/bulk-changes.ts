// One change to many people at once, from the console's search results (tag them, or set their status).
// Each person's change is the ordinary talent change with its own timeline event; the batch key makes a
// retried batch land once per person, and a person who fails does not stop the others.
import * as z from "../shared/zod.js";
import type { Role } from "../shared/model.js";
import { problemFor } from "../shared/problem.js";
import { TalentStatus } from "./talent-model.js";
import { recordTalentChange, type TalentChange, type TalentDeps } from "./talent.js";

export const BulkTalentChangeBody = z
  .object({
    /** A client-chosen key for the batch: a retry with the same key changes nobody twice. */
    batchKey: z.string().min(1).max(100),
    candidateIds: z.array(z.string().min(1).max(100)).min(1).max(100),
    addTag: z.string().trim().min(1).max(60).optional(),
    status: TalentStatus.optional(),
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .strict()
  .refine((b) => b.addTag !== undefined || b.status !== undefined, { message: "name a tag to add or a status to set", path: ["addTag"] })
  .refine((b) => b.status === undefined || b.reason !== undefined, { message: "a status change needs a reason", path: ["reason"] });
export type BulkTalentChangeBody = z.infer<typeof BulkTalentChangeBody>;

export interface BulkTalentChangeResult {
  changed: number;
  failed: { candidateId: string; code: string }[];
}

export async function recordBulkTalentChange(body: BulkTalentChangeBody, actor: { sub: string; roles: Role[] }, deps: TalentDeps): Promise<BulkTalentChangeResult> {
  const changes: TalentChange[] = [];
  if (body.addTag) changes.push({ type: "tags", add: [body.addTag], remove: [] });
  if (body.status) changes.push({ type: "status", status: body.status, reason: body.reason! });
  const failed: BulkTalentChangeResult["failed"] = [];
  let changed = 0;
  for (const candidateId of new Set(body.candidateIds)) {
    try {
      for (const change of changes) await recordTalentChange(candidateId, { ...change, idempotencyKey: `bulk:${body.batchKey}:${change.type}` }, actor, deps);
      changed++;
    } catch (error) {
      const problem = problemFor(error);
      if (problem.status >= 500) throw error;
      failed.push({ candidateId, code: problem.code });
    }
  }
  return { changed, failed };
}
