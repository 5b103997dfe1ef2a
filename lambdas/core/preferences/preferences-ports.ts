// The preference record's store. Kept apart from HirepathStore so journeys that never read it don't carry it.
import type { Locale } from "../shared/model.js";
import type { PreferenceRecord } from "./preferences-model.js";

export interface PreferenceStore {
  /**
   * The stored record. For a person whose record was never written, one composed from where these
   * facts lived before (the talent item's preferences and consents, the offer journey's consent), so
   * nothing HR or a candidate said earlier is lost; the first write stores it.
   */
  getPreferences(candidateId: string): Promise<PreferenceRecord | undefined>;
  /**
   * Read-modify-write under the record's version. `change` gets the current record (empty if none)
   * and returns the new one, or undefined to leave it. Retried on a concurrent change, unless
   * `expectedVersion` is given: then a different version is a ConcurrentChangeError.
   */
  updatePreferences(candidateId: string, now: string, change: (current: PreferenceRecord) => PreferenceRecord | undefined, expectedVersion?: number): Promise<PreferenceRecord>;
  /** Language and time zone live on the candidate profile, which every template reads. */
  setLanguage(candidateId: string, patch: { locale?: Locale; timeZone?: string }, now: string): Promise<void>;
}
