// The table's item shapes: key (from keys.ts), kind, attributes. One place, so the webhook path,
// the import's batch path and the benchmark's seeding write the same items.
import { keys, type ItemKey } from "../core/shared/keys.js";
import type { Candidate, TimelineEvent } from "../core/shared/model.js";
import type { TalentProfile } from "../core/talent/talent-model.js";
import { searchTerms, summaryOf } from "../core/talent/talent-search.js";
import type { Item } from "./dynamo-table.js";

/** How a key is remembered in a talent item's indexKeys list. */
export const keyString = (k: ItemKey) => `${k.pk}\u0000${k.sk}`;
export const keyFrom = (s: string): ItemKey => {
  const [pk, sk] = s.split("\u0000");
  return { pk: pk!, sk: sk! };
};

export const candidateItem = (c: Candidate): Item => ({ ...keys.candidateProfile(c.candidateId), kind: "candidate", ...c });
export const candidateListItem = (createdAt: string, candidateId: string): Item => ({ ...keys.candidateListEntry(createdAt, candidateId), kind: "candidate-ref", candidateId });
export const timelineItem = (e: TimelineEvent): Item => ({ ...keys.timelineEvent(e.candidateId, e.at, e.eventId), kind: "timeline", ...e });
export const markerItem = (key: ItemKey, candidateId: string): Item => ({ ...key, kind: "marker", candidateId });
export const talentItem = (t: TalentProfile, indexKeys: unknown): Item => ({ ...keys.talentProfile(t.candidateId), kind: "talent", ...t, indexKeys });

/** A person's search entries (see core/talent-search.ts): their keys and the items, each carrying the summary. */
export function searchEntries(candidate: Candidate, talent: TalentProfile): { keys: ItemKey[]; items: Item[] } {
  const entryKeys = searchTerms(candidate, talent).map((t) => keys.searchEntry(t.field, t.value, t.sort));
  const summary = summaryOf(candidate, talent);
  return { keys: entryKeys, items: entryKeys.map((k) => ({ ...k, kind: "search-entry", ...summary })) };
}
