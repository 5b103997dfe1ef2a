// The talent pool's record: every change HR makes to a person is a timeline event plus an update
// of the talent profile, so "why didn't we hire them?" always has an answer in order.
import * as z from "../shared/zod.js";
import { NotFoundError, ValidationError } from "../shared/errors.js";
import { derivedId, newId } from "../shared/ids.js";
import type { Role, TimelineEvent } from "../shared/model.js";
import type { Clock, HirepathStore } from "../shared/ports.js";
import { Expectations, TalentStatus, type TalentProfile } from "./talent-model.js";
import type { TalentStore } from "./talent-ports.js";
import { ConsentPurpose, ContactChannel, type PreferenceRecord } from "../preferences/preferences-model.js";
import type { PreferenceStore } from "../preferences/preferences-ports.js";
import { refreshTalentStatus, statusFact } from "./talent-status.js";

export interface TalentDeps {
  store: HirepathStore;
  talent: TalentStore;
  preferences: PreferenceStore;
  clock: Clock;
}

/** The talent API's older way to state preferences: written to the one preference record. */
const TalentPreferences = z.object({
  channel: ContactChannel.optional(),
  caresAbout: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
  careerGoal: z.string().trim().max(500).optional(),
  bestTime: z.string().trim().max(100).optional(),
});

const Text = z.string().trim().min(1).max(4000);
/** A client-chosen key makes a retried request land once (the event id is derived from it). */
const Base = { idempotencyKey: z.string().min(1).max(200).optional(), requisitionId: z.string().min(1).max(100).optional() };

export const TalentChange = z.union([
  z.object({ type: z.literal("status"), status: TalentStatus, reason: Text, ...Base }).strict(),
  z.object({ type: z.literal("tags"), add: z.array(z.string().trim().min(1).max(60)).max(30).default([]), remove: z.array(z.string().trim().min(1).max(60)).max(30).default([]), ...Base }).strict(),
  z.object({ type: z.literal("preferences"), preferences: TalentPreferences, ...Base }).strict(),
  z.object({ type: z.literal("expectations"), expectations: Expectations, ...Base }).strict(),
  z.object({ type: z.literal("evaluation"), interviewer: z.string().trim().min(1).max(200), rating: z.number().min(1).max(5), comment: Text, stage: z.string().max(100).optional(), ...Base }).strict(),
  z.object({ type: z.literal("rejection"), reason: Text, reasonCode: z.enum(["position-filled", "budget", "skills", "experience", "salary", "location", "culture", "withdrew", "other"]).default("other"), ...Base }).strict(),
  z.object({ type: z.literal("note"), text: Text, ...Base }).strict(),
  z.object({ type: z.literal("consent"), purpose: ConsentPurpose, granted: z.boolean(), source: z.string().trim().min(1).max(200), ...Base }).strict(),
  z.object({ type: z.literal("stage"), stage: z.string().trim().min(1).max(100), reason: Text, ...Base }).strict(),
]);
export type TalentChange = z.infer<typeof TalentChange>;

function applyChange(t: TalentProfile, c: TalentChange): TalentProfile | undefined {
  if (c.requisitionId && !t.requisitionIds.includes(c.requisitionId)) t.requisitionIds.push(c.requisitionId);
  switch (c.type) {
    case "status":
    case "stage":
      // The status itself is derived from this change's timeline event (talent-status.ts), as HR's.
      break;
    case "tags": {
      const remove = new Set(c.remove.map((x) => x.toLowerCase()));
      const tags = t.tags.filter((x) => !remove.has(x.toLowerCase()));
      for (const tag of c.add) if (!tags.some((x) => x.toLowerCase() === tag.toLowerCase())) tags.push(tag);
      t.tags = tags;
      break;
    }
    case "preferences":
    case "consent":
      // The preference record (core/preferences) holds these: see recordPreferenceChange.
      return undefined;
    case "expectations":
      t.expectations = c.expectations;
      break;
    case "evaluation":
      t.maxRating = Math.max(t.maxRating ?? 0, c.rating);
      t.lastRating = c.rating;
      break;
    case "rejection":
      t.rejectionReason = c.reasonCode;
      break;
    case "note":
      break;
  }
  return t;
}

function summaryFor(c: TalentChange): string {
  switch (c.type) {
    case "status": return `Status → ${c.status}: ${c.reason}`;
    case "tags": return `Tags +[${c.add.join(", ")}] −[${c.remove.join(", ")}]`;
    case "preferences": return "Preferences updated";
    case "expectations": return "Expectations recorded";
    case "evaluation": return `${c.interviewer} rated ${c.rating}/5: ${c.comment}`;
    case "rejection": return `Rejected (${c.reasonCode}): ${c.reason}`;
    case "note": return c.text;
    case "consent": return `Consent for ${c.purpose} ${c.granted ? "given" : "withdrawn"} (${c.source})`;
    case "stage": return `Stage → ${c.stage}: ${c.reason}`;
  }
}

export async function recordTalentChange(candidateId: string, change: TalentChange, actor: { sub: string; roles: Role[] }, deps: TalentDeps): Promise<{ event: TimelineEvent; talent: TalentProfile }> {
  const candidate = await deps.store.getCandidate(candidateId);
  if (!candidate) throw new NotFoundError(`candidate ${candidateId} not found`);
  const existing = await deps.talent.getTalent(candidateId);
  if (existing?.mergedInto) throw new ValidationError(`candidate ${candidateId} was merged into ${existing.mergedInto}`, [{ path: "candidateId", message: `merged into ${existing.mergedInto}`, code: "merged" }]);
  const now = deps.clock.now().toISOString();
  const eventId = change.idempotencyKey ? derivedId("talent", candidateId, change.idempotencyKey) : newId(deps.clock.now().getTime());
  const { idempotencyKey: _k, ...data } = change;
  const event: TimelineEvent = {
    eventId,
    candidateId,
    at: now,
    type: `talent.${change.type}`,
    summary: summaryFor(change),
    data: { ...data, by: actor.sub },
  };
  // A retry with the same key finds its event and changes nothing twice.
  if (change.idempotencyKey) {
    const view = await deps.store.getCandidateView(candidateId);
    const earlier = view?.timeline.find((e) => e.eventId === eventId);
    if (earlier) return { event: earlier, talent: (statusFact(earlier) ? await refreshTalentStatus(candidateId, deps) : undefined) ?? (await deps.talent.getTalent(candidateId))! };
  }
  await recordPreferenceChange(candidateId, change, actor.sub, now, deps.preferences);
  const talent = await deps.talent.updateTalent(candidateId, now, (t) => {
    const changed = applyChange(t, change);
    // Preferences and consent leave the pool record as it was, unless they name a requisition.
    return changed ?? (change.requisitionId && !t.requisitionIds.includes(change.requisitionId) ? { ...t, requisitionIds: [...t.requisitionIds, change.requisitionId] } : undefined);
  });
  await deps.store.addTimelineEvent(event);
  // HR's status, stage or rejection is a fact on the timeline like any journey's: the status is re-derived.
  const derived = statusFact(event) ? await refreshTalentStatus(candidateId, deps) : undefined;
  return { event, talent: derived ?? talent };
}

function recordPreferenceChange(candidateId: string, change: TalentChange, by: string, now: string, preferences: PreferenceStore): Promise<unknown> | undefined {
  if (change.type === "preferences") {
    const p = change.preferences;
    return preferences.updatePreferences(candidateId, now, (current): PreferenceRecord => {
      const { channel: _c, channelSource: _s, careerGoal: _g, bestTime: _b, ...rest } = current;
      return { ...rest, caresAbout: p.caresAbout, ...(p.channel ? { channel: p.channel, channelSource: "hr" } : {}), ...(p.careerGoal ? { careerGoal: p.careerGoal } : {}), ...(p.bestTime ? { bestTime: p.bestTime } : {}), updatedBy: by };
    });
  }
  if (change.type === "consent") {
    return preferences.updatePreferences(candidateId, now, (current) => ({ ...current, consents: { ...current.consents, [change.purpose]: { granted: change.granted, at: now, source: "hr", by: change.source } }, updatedBy: by }));
  }
  return undefined;
}

/** Adds a requisition to a person's pool record when an application arrives (webhook, import). */
export async function noteApplication(candidateId: string, requisitionId: string, now: string, talent: TalentStore): Promise<void> {
  await talent.updateTalent(candidateId, now, (t) => {
    if (t.requisitionIds.includes(requisitionId)) return t.version === 0 ? t : undefined;
    t.requisitionIds.push(requisitionId);
    return t;
  });
}

/**
 * Merges a duplicate into a survivor: its history moves, its phone and email point at the
 * survivor, the pool records combine, and the duplicate stays as a tombstone pointing at the
 * survivor. The audit entry names ids only, no personal data.
 */
export async function mergeCandidates(survivorId: string, duplicateId: string, actor: { sub: string }, reason: string, deps: TalentDeps): Promise<{ survivorId: string; copied: number }> {
  if (survivorId === duplicateId) throw new ValidationError("cannot merge a candidate into itself", [{ path: "duplicateId", message: "must differ from the survivor", code: "same_candidate" }]);
  const [survivor, duplicate] = await Promise.all([deps.store.getCandidate(survivorId), deps.store.getCandidate(duplicateId)]);
  if (!survivor) throw new NotFoundError(`candidate ${survivorId} not found`);
  if (!duplicate) throw new NotFoundError(`candidate ${duplicateId} not found`);
  const now = deps.clock.now().toISOString();
  const copied = await deps.talent.copyHistory(duplicateId, survivorId);
  if (duplicate.phoneE164) await deps.talent.repointMarker("phone", duplicate.phoneE164, duplicateId, survivorId);
  if (duplicate.emailNorm) await deps.talent.repointMarker("email", duplicate.emailNorm, duplicateId, survivorId);
  await deps.talent.fillContact(survivorId, { ...(duplicate.phoneE164 && !survivor.phoneE164 ? { phoneE164: duplicate.phoneE164 } : {}), ...(duplicate.emailNorm && !survivor.emailNorm ? { emailNorm: duplicate.emailNorm } : {}) }, now);
  const dupTalent = await deps.talent.getTalent(duplicateId);
  await deps.talent.updateTalent(survivorId, now, (t) => {
    if (!dupTalent) return t;
    for (const tag of dupTalent.tags) if (!t.tags.includes(tag)) t.tags.push(tag);
    for (const r of dupTalent.requisitionIds) if (!t.requisitionIds.includes(r)) t.requisitionIds.push(r);
    if (dupTalent.maxRating !== undefined) t.maxRating = Math.max(t.maxRating ?? 0, dupTalent.maxRating);
    t.expectations ??= dupTalent.expectations;
    t.rejectionReason ??= dupTalent.rejectionReason;
    return t;
  });
  const dupPreferences = await deps.preferences.getPreferences(duplicateId);
  if (dupPreferences) {
    await deps.preferences.updatePreferences(survivorId, now, (p) => {
      // The newer word on each consent wins; what either said they care about is kept.
      for (const [purpose, consent] of Object.entries(dupPreferences.consents) as Array<[keyof PreferenceRecord["consents"], NonNullable<PreferenceRecord["consents"][ConsentPurpose]>]>) {
        const mine = p.consents[purpose];
        if (!mine || mine.at < consent.at) p.consents[purpose] = consent;
      }
      for (const word of dupPreferences.caresAbout) if (!p.caresAbout.some((w) => w.toLowerCase() === word.toLowerCase())) p.caresAbout.push(word);
      if (!p.channel && dupPreferences.channel) {
        p.channel = dupPreferences.channel;
        if (dupPreferences.channelSource) p.channelSource = dupPreferences.channelSource;
      }
      p.careerGoal ??= dupPreferences.careerGoal;
      p.bestTime ??= dupPreferences.bestTime;
      if (p.careerGoal === undefined) delete p.careerGoal;
      if (p.bestTime === undefined) delete p.bestTime;
      return p;
    });
  }
  await deps.talent.updateTalent(duplicateId, now, (t) => ({ ...t, mergedInto: survivorId }));
  const auditId = derivedId("merge", survivorId, duplicateId);
  await Promise.all([
    deps.store.addTimelineEvent({ eventId: auditId, candidateId: survivorId, at: now, type: "talent.merged", summary: `Merged duplicate ${duplicateId}: ${reason}`, data: { duplicateId, by: actor.sub, reason, copied } }),
    deps.store.addTimelineEvent({ eventId: auditId, candidateId: duplicateId, at: now, type: "talent.merged-into", summary: `Merged into ${survivorId}`, data: { survivorId, by: actor.sub } }),
    deps.talent.putAudit({ auditId, at: now, action: "merge", actor: actor.sub, subjects: [survivorId, duplicateId], detail: { copied } }),
  ]);
  // The survivor's status now follows both histories.
  await refreshTalentStatus(survivorId, deps);
  return { survivorId, copied };
}

/**
 * Rebuilds the derived status and search entries of one page of the pool (newest first), for after
 * an upgrade that changes what entries a person has or how the status is derived: each re-index writes the entries the current code wants and
 * deletes the ones it no longer does. Run page by page with the returned cursor until none is left.
 */
export async function reindexPool(limit: number, cursor: string | undefined, deps: { store: HirepathStore; talent: TalentStore; clock: Clock }): Promise<{ reindexed: number; nextCursor?: string }> {
  const page = await deps.store.listCandidates(limit, cursor);
  // The status is re-derived too (records from before derivation, or a crash between an event and it).
  for (const candidate of page.items) {
    await refreshTalentStatus(candidate.candidateId, deps);
    await deps.talent.reindex(candidate.candidateId);
  }
  return { reindexed: page.items.length, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}
