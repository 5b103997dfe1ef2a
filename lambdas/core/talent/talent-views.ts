// What HR reads about the talent pool: one person's full record (profile, talent record, timeline in
// order, the chance contact is lost), the best time to call, and an experiment with its verdict.
import * as z from "../shared/zod.js";
import { NotFoundError } from "../shared/errors.js";
import type { Clock, HirepathStore } from "../shared/ports.js";
import type { TalentStore } from "./talent-ports.js";
import type { PreferenceStore } from "../preferences/preferences-ports.js";
import { effectivePreferences } from "../preferences/preferences.js";
import { heatmap, recommend } from "./best-time.js";
import { lostContactProbability } from "./lost-contact.js";
import { experimentResults, type ExperimentStore } from "./experiments.js";
import { ALL_FAMILIES } from "./talent-config.js";

export const BestTimeQuery = z.object({ roleFamily: z.string().min(1).max(60).default(ALL_FAMILIES) });
export const ReindexQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(200), cursor: z.string().optional() });
export const MergeBody = z.object({ survivorId: z.string().min(1), duplicateId: z.string().min(1), reason: z.string().trim().min(1).max(500) }).strict();
export const CandidateRef = z.object({ candidateId: z.string().min(1) }).strict();

interface Deps {
  store: HirepathStore;
  talent: TalentStore;
  preferences: PreferenceStore;
  clock: Clock;
}

export async function talentCandidateView(candidateId: string, deps: Deps) {
  const [view, profile, record] = await Promise.all([deps.store.getCandidateView(candidateId), deps.talent.getTalent(candidateId), deps.preferences.getPreferences(candidateId)]);
  if (!view) throw new NotFoundError(`candidate ${candidateId} not found`);
  const timeline = [...view.timeline].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const now = deps.clock.now();
  return { ...view, talent: profile ?? null, preferences: effectivePreferences(view.candidate, record, now), timeline, lostContact: lostContactProbability(profile, timeline, now) };
}

/** Connect rates by weekday and hour for a role family, and the recommended time once there is enough data. */
export async function bestTimeStats(roleFamily: string, minAttempts: number, deps: Pick<Deps, "talent">) {
  const [family, everyone] = await Promise.all([deps.talent.callCounts(roleFamily), roleFamily === ALL_FAMILIES ? undefined : deps.talent.callCounts(ALL_FAMILIES)]);
  return { roleFamily, cells: heatmap(family), recommendation: recommend({ name: roleFamily, counts: family }, everyone ?? family, minAttempts) ?? null, minAttempts };
}

export async function experimentWithResults(experimentId: string, deps: { talent: Pick<ExperimentStore, "getExperiment"> }) {
  const experiment = await deps.talent.getExperiment(experimentId);
  if (!experiment) throw new NotFoundError(`experiment ${experimentId} not found`);
  return { experiment, results: experimentResults(experiment) };
}
