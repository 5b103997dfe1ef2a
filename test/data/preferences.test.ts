// The preference record against dynalite with the real key schema: what people said before the record
// existed is read back from where it lived, concurrent edits both land, and a stale version is refused.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient, DynamoHirepathStore } from "../../lambdas/adapters/dynamo-store.js";
import { DynamoPreferenceStore } from "../../lambdas/adapters/dynamo-preference-store.js";
import { ConcurrentChangeError } from "../../lambdas/core/shared/errors.js";
import { newId } from "../../lambdas/core/shared/ids.js";
import { keys } from "../../lambdas/core/shared/keys.js";
import { readPreferences, recordConsent } from "../../lambdas/core/preferences/preferences.js";
import type { Clock } from "../../lambdas/core/shared/ports.js";
import { ensureTable, startDynalite, type LocalDynamo } from "../../local/aws/dynamodb.js";

let dynamo: LocalDynamo;
let store: DynamoHirepathStore;
let preferences: DynamoPreferenceStore;
const TABLE = "preferences-test";
const clock: Clock = { now: () => new Date("2026-06-01T08:00:00.000Z") };
const doc = () => createDocumentClient({ endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });

beforeAll(async () => {
  dynamo = await startDynalite(undefined);
  await ensureTable(new DynamoDBClient({ endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } }), TABLE);
  store = new DynamoHirepathStore(doc(), TABLE);
  preferences = new DynamoPreferenceStore(doc(), TABLE);
});
afterAll(async () => dynamo.close());

async function person() {
  const { candidate } = await store.findOrCreateCandidate(newId(), { name: "林", emailNorm: `${newId()}@example.com`, phoneE164: `+8613${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`, locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "email", source: "test" }, clock.now().toISOString());
  return candidate;
}

describe("preference record", () => {
  it("reads what was said before the record existed: the talent item's preferences and consents, and the offer's consent", async () => {
    const c = await person();
    await doc().send(new PutCommand({ TableName: TABLE, Item: { ...keys.talentProfile(c.candidateId), kind: "talent", candidateId: c.candidateId, status: "contacted", tags: [], requisitionIds: [], keywords: [], failedAttempts: 0, version: 2, updatedAt: "2026-01-01T00:00:00.000Z", preferences: { channel: "sms", caresAbout: ["弹性工作"], bestTime: "晚上" }, consents: { "talent-pool": { purpose: "talent-pool", granted: true, at: "2026-01-01T00:00:00.000Z", source: "application form" } } } }));
    await doc().send(new PutCommand({ TableName: TABLE, Item: { ...keys.consent(c.candidateId, "re-engagement"), kind: "consent", candidateId: c.candidateId, purpose: "re-engagement", granted: true, at: "2026-02-01T00:00:00.000Z", source: "candidate", expiresAt: "2028-02-01T00:00:00.000Z" } }));

    const read = await readPreferences(c.candidateId, { store, preferences, clock });
    expect(read).toMatchObject({ channel: { value: "sms", source: "hr" }, messageChannel: "sms", caresAbout: ["弹性工作"], bestTime: "晚上", version: 0 });
    expect(read.consents["talent-pool"]).toMatchObject({ granted: true, source: "hr", by: "application form", current: true });
    expect(read.consents["re-engagement"]).toMatchObject({ granted: true, source: "candidate", current: true });

    // The first write stores all of it, not just the new consent.
    await recordConsent(c.candidateId, "marketing", { granted: false, source: "hr", by: "u1" }, { store, preferences, clock });
    const stored = await preferences.getPreferences(c.candidateId);
    expect(stored).toMatchObject({ version: 1, channel: "sms", caresAbout: ["弹性工作"] });
    expect(Object.keys(stored!.consents).sort()).toEqual(["marketing", "re-engagement", "talent-pool"]);
  });

  it("lands two concurrent consents, and refuses an edit made against a stale version", async () => {
    const c = await person();
    await Promise.all([
      recordConsent(c.candidateId, "talent-pool", { granted: true, source: "hr" }, { store, preferences, clock }),
      recordConsent(c.candidateId, "marketing", { granted: true, source: "hr" }, { store, preferences, clock }),
    ]);
    const after = (await preferences.getPreferences(c.candidateId))!;
    expect(after.version).toBe(2);
    expect(Object.keys(after.consents).sort()).toEqual(["marketing", "talent-pool"]);
    await expect(preferences.updatePreferences(c.candidateId, clock.now().toISOString(), (p) => ({ ...p, bestTime: "noon" }), 1)).rejects.toBeInstanceOf(ConcurrentChangeError);
  });
});
