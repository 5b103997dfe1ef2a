// Keeps the hiring report's read model: one record per application (its path through the stages, its
// offers' answers, the decline reasons), rewritten whenever the person's timeline gets an event that
// can change it. The report then reads one small record per application received in its period (one
// Query) instead of every person's profile, timeline and offers (up to 2000 people, 4000 reads).
//
// Why records recomputed from the source, not counters incremented per event:
// - A record is a pure function of what is stored (hiring-report.ts hiringPathRecords), so a retried
//   or duplicated event, a follower run twice, or two refreshes racing all write the same record:
//   nothing can count twice, and the write's only condition is "not computed from older facts".
//   Counters would need an exactly-once marker per event and per application, plus decrements when
//   HR reopens a screened-out application or an offer is answered, to stay equal to a recount.
// - The report needs more than counts: medians and quartiles of time in stage (by nearest rank, real
//   values), who has waited longest, periods by day of arrival, splits by requisition and source.
//   Counters would turn those into histograms and calendar buckets; the records keep them exact.
// The cost is one record (~0.5 kB) per application in the period; at 100k applications a year, an
// "all time" report reads ~50 MB, and a roll-up per month of closed applications would be the next
// step then.
import type { TimelineEvent } from "../shared/model.js";
import type { HirepathStore, TimelineFollower } from "../shared/ports.js";
import type { Offer } from "../offer/offer-model.js";
import { changesHiringPath, hiringPathRecords, type HiringPathStore } from "./hiring-report.js";

export interface HiringPathDeps {
  store: Pick<HirepathStore, "getCandidateView">;
  offers: { listOffers(candidateId: string): Promise<Offer[]> };
  hiringPaths: Pick<HiringPathStore, "putHiringPath">;
}

/** Recomputes one person's records from their view and offers and stores them. How many were written. */
export async function refreshHiringPaths(candidateId: string, deps: HiringPathDeps): Promise<number> {
  const [view, offers] = await Promise.all([deps.store.getCandidateView(candidateId), deps.offers.listOffers(candidateId)]);
  if (!view) return 0;
  let written = 0;
  for (const record of hiringPathRecords(view, offers)) if (await deps.hiringPaths.putHiringPath(record)) written++;
  return written;
}

/**
 * Told about timeline events once they are stored: refreshes the records of each person an event may
 * change. Failing here fails the write's caller, whose retry refreshes again; a refresh is always safe.
 */
export function hiringPathFollower(deps: HiringPathDeps): TimelineFollower {
  return async (events: readonly TimelineEvent[]) => {
    const people = [...new Set(events.filter(changesHiringPath).map((e) => e.candidateId))];
    for (const candidateId of people) await refreshHiringPaths(candidateId, deps);
  };
}

/**
 * Writes the records of everyone already in the table (data from before the read model existed, or
 * after a restore). Safe to run again, and while journeys run: each write yields to a newer record.
 */
export async function backfillHiringPaths(deps: HiringPathDeps & { store: Pick<HirepathStore, "listCandidates" | "getCandidateView"> }, pageSize = 100): Promise<{ people: number; records: number }> {
  let cursor: string | undefined;
  let people = 0;
  let records = 0;
  do {
    const page = await deps.store.listCandidates(pageSize, cursor);
    for (const c of page.items) {
      records += await refreshHiringPaths(c.candidateId, deps);
      people++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return { people, records };
}
