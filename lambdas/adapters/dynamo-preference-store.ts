// The DynamoDB side of the preference record: one item beside the profile, written under its version.
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { ConcurrentChangeError } from "../core/shared/errors.js";
import { keys } from "../core/shared/keys.js";
import type { Locale } from "../core/shared/model.js";
import { ConsentPurpose, ContactChannel, emptyPreferenceRecord, PreferenceRecord, PreferenceSource, type Consent } from "../core/preferences/preferences-model.js";
import type { PreferenceStore } from "../core/preferences/preferences-ports.js";
import { clientConfig, once, type RuntimeEnv } from "./client-config.js";
import { createDocumentClient } from "./dynamo-table.js";
import { call, DynamoTable, isConditionFailed, strip, type Item } from "./dynamo-table.js";

export class DynamoPreferenceStore extends DynamoTable implements PreferenceStore {
  async getPreferences(candidateId: string): Promise<PreferenceRecord | undefined> {
    return (await this.read(candidateId)).record;
  }

  private async read(candidateId: string): Promise<{ record: PreferenceRecord | undefined; stored: boolean }> {
    const stored = strip(await this.get(keys.preferences(candidateId)), PreferenceRecord);
    if (stored) return { record: stored, stored: true };
    const [talent, consent] = await Promise.all([this.get(keys.talentProfile(candidateId)), this.get(keys.consent(candidateId, "re-engagement"))]);
    return { record: legacyRecord(candidateId, talent, consent), stored: false };
  }

  async updatePreferences(candidateId: string, now: string, change: (current: PreferenceRecord) => PreferenceRecord | undefined, expectedVersion?: number): Promise<PreferenceRecord> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const { record, stored } = await this.read(candidateId);
      const current = record ?? emptyPreferenceRecord(candidateId, now);
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        throw new ConcurrentChangeError(`preferences of ${candidateId} are at version ${current.version}, not ${expectedVersion}: read them again`);
      }
      const next = change(structuredClone(current));
      if (!next) return current;
      const written = PreferenceRecord.parse({ ...next, candidateId, version: current.version + 1, updatedAt: now });
      try {
        await call(() =>
          this.doc.send(
            new PutCommand({
              TableName: this.tableName,
              Item: { ...keys.preferences(candidateId), kind: "preferences", ...written },
              ConditionExpression: stored ? "#v = :v" : "attribute_not_exists(pk)",
              ...(stored ? { ExpressionAttributeNames: { "#v": "version" }, ExpressionAttributeValues: { ":v": current.version } } : {}),
            }),
          ),
        );
        return written;
      } catch (e) {
        if (!isConditionFailed(e)) throw e;
        if (expectedVersion !== undefined) throw new ConcurrentChangeError(`preferences of ${candidateId} changed while saving: read them again`);
      }
    }
    throw new ConcurrentChangeError(`preferences of ${candidateId} kept changing; retry`);
  }

  async setLanguage(candidateId: string, patch: { locale?: Locale; timeZone?: string }, now: string): Promise<void> {
    await this.update(keys.candidateProfile(candidateId), { ...patch, updatedAt: now });
  }
}

/** What HR and candidates said before the record existed: the talent item's fields and the offer's consent. */
function legacyRecord(candidateId: string, talent: Item | undefined, consent: Item | undefined): PreferenceRecord | undefined {
  const prefs = (talent?.preferences ?? {}) as { channel?: string; caresAbout?: string[]; careerGoal?: string; bestTime?: string };
  const consents: PreferenceRecord["consents"] = {};
  for (const [purpose, c] of Object.entries((talent?.consents ?? {}) as Record<string, { granted?: boolean; at?: string; source?: string }>)) {
    const p = ConsentPurpose.safeParse(purpose);
    if (!p.success || typeof c.granted !== "boolean" || !c.at) continue;
    const source = PreferenceSource.safeParse(c.source);
    consents[p.data] = { granted: c.granted, at: c.at, source: source.success ? source.data : "hr", ...(!source.success && c.source ? { by: c.source } : {}) };
  }
  if (consent && typeof consent.granted === "boolean") {
    const source = PreferenceSource.safeParse(consent.source);
    consents["re-engagement"] = { granted: consent.granted, at: String(consent.at), source: source.success ? source.data : "hr", ...(consent.expiresAt ? { expiresAt: String(consent.expiresAt) } : {}) } satisfies Consent;
  }
  const channel = ContactChannel.safeParse(prefs.channel);
  if (!channel.success && !prefs.caresAbout?.length && !prefs.careerGoal && !prefs.bestTime && Object.keys(consents).length === 0) return undefined;
  return PreferenceRecord.parse({
    candidateId,
    ...(channel.success ? { channel: channel.data, channelSource: "hr" } : {}),
    caresAbout: prefs.caresAbout ?? [],
    ...(prefs.careerGoal ? { careerGoal: prefs.careerGoal } : {}),
    ...(prefs.bestTime ? { bestTime: prefs.bestTime } : {}),
    consents,
    version: 0,
    updatedAt: String(talent?.updatedAt ?? consent?.at ?? new Date(0).toISOString()),
  });
}

export function preferenceStoreFrom(env: RuntimeEnv & { TABLE_NAME: string }): PreferenceStore {
  return once(`preference-store:${env.TABLE_NAME}`, () => new DynamoPreferenceStore(createDocumentClient(clientConfig(env, "dynamodb")), env.TABLE_NAME));
}
