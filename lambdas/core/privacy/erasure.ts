// Export and erasure on request (PIPL art. 45/47, GDPR art. 15/17). Export returns everything we
// hold about the person. Erasure removes their personal data from every item that carries it —
// profile, pool record, search entries, uniqueness markers, applications, timeline, call log,
// messages, raw webhook payloads, import rows, resume files and dead letters — cancels their call
// tasks, and leaves one audit entry that names only the candidate id and what was erased.
import { NotFoundError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import type { Clock, HirepathStore } from "../shared/ports.js";
import type { FileStore } from "../shared/file-store.js";
import type { TalentStore } from "../talent/talent-ports.js";

export const ERASED = "[erased]";

export interface ErasureCounts {
  [what: string]: number;
}

export interface ErasureStore {
  /** Every item about the person, for export: their partition plus the items elsewhere that name them. */
  exportCandidate(candidateId: string): Promise<Record<string, unknown[]>>;
  /** Removes personal data everywhere; returns what it touched and the files to delete. */
  eraseCandidate(candidateId: string, now: string): Promise<{ counts: ErasureCounts; fileKeys: string[]; executionArns: string[] }>;
}

export async function exportCandidate(candidateId: string, deps: { store: HirepathStore; erasure: ErasureStore }): Promise<Record<string, unknown>> {
  if (!(await deps.store.getCandidate(candidateId))) throw new NotFoundError(`candidate ${candidateId} not found`);
  return { candidateId, exportedAt: new Date().toISOString(), ...(await deps.erasure.exportCandidate(candidateId)) };
}

export async function eraseCandidate(
  candidateId: string,
  actor: { sub: string },
  deps: {
    store: HirepathStore;
    talent: TalentStore;
    erasure: ErasureStore;
    files: FileStore;
    clock: Clock;
    journeys: { stopJourney(executionArn: string, cause: string): Promise<"stopped" | "not-running"> };
  },
): Promise<{ candidateId: string; counts: ErasureCounts; journeys: Record<string, "stopped" | "not-running"> }> {
  if (!(await deps.store.getCandidate(candidateId))) throw new NotFoundError(`candidate ${candidateId} not found`);
  const now = deps.clock.now().toISOString();
  const { counts, fileKeys, executionArns } = await deps.erasure.eraseCandidate(candidateId, now);
  for (const key of fileKeys) await deps.files.delete(key);
  counts.files = fileKeys.length;
  // The cause names no person: it shows in the execution history.
  const journeys: Record<string, "stopped" | "not-running"> = {};
  for (const arn of executionArns) journeys[arn] = await deps.journeys.stopJourney(arn, "candidate erased on request");
  await deps.talent.putAudit({ auditId: derivedId("erasure", candidateId), at: now, action: "erase", actor: actor.sub, subjects: [candidateId], detail: { counts } });
  return { candidateId, counts, journeys };
}
