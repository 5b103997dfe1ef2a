// Reading and changing the one preference and consent record. Journeys call readPreferences (or
// effectivePreferences when they already hold the candidate); HR changes it with changePreferences;
// a consent given anywhere (the offer's decline page, HR on the phone) goes through recordConsent.
import { NotFoundError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import type { Candidate } from "../shared/model.js";
import type { Clock, HirepathStore } from "../shared/ports.js";
import type { Consent, ConsentPurpose, PreferenceRecord, Preferences, PreferencesChange, PreferenceSource } from "./preferences-model.js";
import type { PreferenceStore } from "./preferences-ports.js";

export interface PreferenceDeps {
  store: HirepathStore;
  preferences: PreferenceStore;
  clock: Clock;
}

export function consentIsCurrent(consent: Pick<Consent, "granted" | "expiresAt"> | undefined, now: Date): boolean {
  return Boolean(consent?.granted && (!consent.expiresAt || Date.parse(consent.expiresAt) > now.getTime()));
}

/** The record as journeys read it: merged with the profile's language, zone and intake channel. */
export function effectivePreferences(candidate: Candidate, record: PreferenceRecord | undefined, now: Date): Preferences {
  const channel = record?.channel ? { value: record.channel, source: record.channelSource ?? "hr" } : { value: candidate.preferredChannel, source: "intake" as const };
  const wantsText = channel.value !== "email";
  // A message goes where they asked, if we have that address; phone and WeChat people get a text.
  const messageChannel = wantsText ? (candidate.phoneE164 || !candidate.emailNorm ? "sms" : "email") : candidate.emailNorm || !candidate.phoneE164 ? "email" : "sms";
  const consents: Preferences["consents"] = {};
  for (const [purpose, consent] of Object.entries(record?.consents ?? {}) as Array<[ConsentPurpose, Consent]>) consents[purpose] = { ...consent, current: consentIsCurrent(consent, now) };
  return {
    candidateId: candidate.candidateId,
    channel,
    messageChannel,
    caresAbout: record?.caresAbout ?? [],
    ...(record?.careerGoal ? { careerGoal: record.careerGoal } : {}),
    ...(record?.bestTime ? { bestTime: record.bestTime } : {}),
    language: candidate.locale,
    timeZone: candidate.timeZone,
    consents,
    version: record?.version ?? 0,
    ...(record?.version ? { updatedAt: record.updatedAt } : {}),
    ...(record?.updatedBy ? { updatedBy: record.updatedBy } : {}),
  };
}

export async function readPreferences(candidateId: string, deps: PreferenceDeps): Promise<Preferences> {
  const [candidate, record] = await Promise.all([deps.store.getCandidate(candidateId), deps.preferences.getPreferences(candidateId)]);
  if (!candidate) throw new NotFoundError(`candidate ${candidateId} not found`);
  return effectivePreferences(candidate, record, deps.clock.now());
}

/** The message channel the person (or HR for them) asked for; undefined when only intake guessed one. */
export function statedMessageChannel(preferences: Preferences): "email" | "sms" | undefined {
  return preferences.channel.source === "intake" ? undefined : preferences.messageChannel;
}

/** Whether the person currently consents to being contacted for this purpose. */
export function hasConsent(preferences: Preferences, purpose: ConsentPurpose): boolean {
  return preferences.consents[purpose]?.current === true;
}

/** HR's edit. Fields present are set, null clears one; each consent is recorded with who and when. */
export async function changePreferences(candidateId: string, change: PreferencesChange, actor: { sub: string }, deps: PreferenceDeps): Promise<Preferences> {
  const candidate = await deps.store.getCandidate(candidateId);
  if (!candidate) throw new NotFoundError(`candidate ${candidateId} not found`);
  const now = deps.clock.now().toISOString();
  const changed: string[] = [];
  const record = await deps.preferences.updatePreferences(
    candidateId,
    now,
    (current) => {
      changed.length = 0;
      const next: PreferenceRecord = { ...current, consents: { ...current.consents }, updatedBy: actor.sub };
      const set = <K extends "channel" | "careerGoal" | "bestTime">(field: K, value: PreferenceRecord[K] | null | undefined) => {
        if (value === undefined) return;
        if (value === null) delete next[field];
        else next[field] = value;
        changed.push(field);
      };
      set("channel", change.channel);
      if (change.channel !== undefined) {
        if (change.channel === null) delete next.channelSource;
        else next.channelSource = "hr";
      }
      set("careerGoal", change.careerGoal);
      set("bestTime", change.bestTime);
      if (change.caresAbout) {
        next.caresAbout = dedupe(change.caresAbout);
        changed.push("caresAbout");
      }
      for (const [purpose, c] of Object.entries(change.consents ?? {}) as Array<[ConsentPurpose, { granted: boolean; expiresAt?: string }]>) {
        next.consents[purpose] = { granted: c.granted, at: now, source: "hr", by: actor.sub, ...(c.expiresAt ? { expiresAt: new Date(c.expiresAt).toISOString() } : {}) };
        changed.push(`consents.${purpose}`);
      }
      return changed.length ? next : undefined;
    },
    change.expectedVersion,
  );
  if (change.language || change.timeZone) {
    await deps.preferences.setLanguage(candidateId, { ...(change.language ? { locale: change.language } : {}), ...(change.timeZone ? { timeZone: change.timeZone } : {}) }, now);
    if (change.language) changed.push("language");
    if (change.timeZone) changed.push("timeZone");
  }
  if (changed.length) {
    await deps.store.addTimelineEvent({
      eventId: derivedId("preferences", candidateId, String(record.version), changed.join(",")),
      candidateId,
      at: now,
      type: "preferences.changed",
      summary: `Preferences updated by ${actor.sub}: ${changed.join(", ")}`,
      data: { changed, by: actor.sub, version: record.version },
    });
    for (const purpose of Object.keys(change.consents ?? {}) as ConsentPurpose[]) await consentEvent(candidateId, purpose, record.consents[purpose]!, deps);
  }
  const updated = change.language || change.timeZone ? await deps.store.getCandidate(candidateId) : candidate;
  return effectivePreferences(updated ?? candidate, record, deps.clock.now());
}

/** A consent given or withdrawn outside HR's edit (the decline page, a legacy route). */
export async function recordConsent(
  candidateId: string,
  purpose: ConsentPurpose,
  consent: { granted: boolean; source: PreferenceSource; by?: string; expiresAt?: string },
  deps: PreferenceDeps,
): Promise<Consent> {
  const at = deps.clock.now().toISOString();
  const recorded: Consent = { granted: consent.granted, at, source: consent.source, ...(consent.by ? { by: consent.by } : {}), ...(consent.expiresAt ? { expiresAt: consent.expiresAt } : {}) };
  await deps.preferences.updatePreferences(candidateId, at, (current) => ({ ...current, consents: { ...current.consents, [purpose]: recorded } }));
  await consentEvent(candidateId, purpose, recorded, deps);
  return recorded;
}

/**
 * The timeline event of a recorded consent. Its id and contents derive from the consent as stored, so
 * a caller retrying after a crash between the record and its event writes the same event once.
 */
export async function consentEvent(candidateId: string, purpose: ConsentPurpose, consent: Consent, deps: Pick<PreferenceDeps, "store">) {
  // "consent.changed" is HR's word and stops a running nurture; the candidate's own grant is "consent.granted".
  const type = consent.source === "candidate" && consent.granted ? "consent.granted" : "consent.changed";
  await deps.store.addTimelineEvent({
    eventId: derivedId("consent", candidateId, purpose, consent.at),
    candidateId,
    at: consent.at,
    type,
    summary: `Consent for ${purpose} ${consent.granted ? "given" : "withdrawn"} (${consent.source}${consent.by ? `: ${consent.by}` : ""})`,
    data: { purpose, ...consent },
  });
}

function dedupe(words: string[]): string[] {
  const seen = new Set<string>();
  return words.filter((w) => {
    const k = w.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
