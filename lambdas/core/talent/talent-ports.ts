// The talent pool's store port. Kept apart from HirepathStore so the journey functions don't carry it.
import type { Page } from "../shared/ports.js";
import type { CallAttempt, SearchSummary, TalentProfile } from "./talent-model.js";
import type { SearchQuery } from "./talent-search.js";

/** Connect counts per weekday (0 = Sunday) × hour, in the candidates' local time. */
export interface CallCounts {
  attempts: number[][];
  connects: number[][];
}

export interface TalentStore {
  getTalent(candidateId: string): Promise<TalentProfile | undefined>;
  /**
   * Read-modify-write under an optimistic version check, retried on a concurrent change. `change`
   * returns the new profile, or undefined to leave it as it is; it may read other items (it runs
   * again, reading them again, after a concurrent change). Re-indexes the candidate after, crash-safely.
   */
  updateTalent(candidateId: string, now: string, change: (current: TalentProfile) => TalentProfile | undefined | Promise<TalentProfile | undefined>): Promise<TalentProfile>;
  reindex(candidateId: string): Promise<void>;
  search(query: SearchQuery): Promise<Page<SearchSummary>>;
  candidateIdByPhone(phoneE164: string): Promise<string | undefined>;
  candidateIdByEmail(emailNorm: string): Promise<string | undefined>;

  /**
   * Idempotent by call id: `created` only for the call that recorded it (and counted it in the
   * statistics); a retry gets the attempt as first recorded.
   */
  recordCallAttempt(attempt: CallAttempt): Promise<{ created: boolean; attempt: CallAttempt }>;
  callCounts(roleFamily: string): Promise<CallCounts>;

  putRawPayload(source: string, deliveryId: string, raw: { body: string; encoding: "utf8" | "base64"; receivedAt: string; headers: Record<string, string> }): Promise<void>;

  /** Points a uniqueness marker at another profile if it still names `from`. */
  repointMarker(kind: "phone" | "email", value: string, from: string, to: string): Promise<boolean>;
  /** Copies every application and timeline item of one candidate into another's partition (idempotent). */
  copyHistory(fromCandidateId: string, toCandidateId: string): Promise<number>;
  fillContact(candidateId: string, patch: { phoneE164?: string; emailNorm?: string }, now: string): Promise<void>;
  putAudit(entry: { auditId: string; at: string; action: string; actor: string; subjects: string[]; detail: Record<string, unknown> }): Promise<void>;
}
