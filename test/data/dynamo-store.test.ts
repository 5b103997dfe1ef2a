// The store against dynalite with the real key schema and indexes (lib/table-design.ts).
import { DynamoDBClient, PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { keys } from "../../lambdas/core/shared/keys.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient, DynamoHirepathStore } from "../../lambdas/adapters/dynamo-store.js";
import { newId } from "../../lambdas/core/shared/ids.js";
import type { CandidateContact } from "../../lambdas/core/shared/ports.js";
import { ensureTable, startDynalite, type LocalDynamo } from "../../local/aws/dynamodb.js";

let dynamo: LocalDynamo;
let store: DynamoHirepathStore;
let raw: DynamoDBClient;
const TABLE = "store-test";
const config = () => ({ endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });

beforeAll(async () => {
  dynamo = await startDynalite(undefined);
  raw = new DynamoDBClient(config());
  await ensureTable(raw, TABLE);
  store = new DynamoHirepathStore(createDocumentClient(config()), TABLE);
});
afterAll(async () => dynamo.close());

const contact = (over: Partial<CandidateContact> = {}): CandidateContact => ({
  name: "王小明",
  locale: "zh-CN",
  timeZone: "Asia/Shanghai",
  preferredChannel: "email",
  source: "generic",
  ...over,
});

async function countProfiles(): Promise<number> {
  const out = await raw.send(new ScanCommand({ TableName: TABLE, FilterExpression: "kind = :k", ExpressionAttributeValues: { ":k": { S: "candidate" } } }));
  return out.Count ?? 0;
}

describe("candidate deduplication", () => {
  it("gives two simultaneous webhooks for the same phone one profile", async () => {
    const before = await countProfiles();
    const phone = "+8613900000001";
    const results = await Promise.all(
      Array.from({ length: 8 }, () => store.findOrCreateCandidate(newId(), contact({ phoneE164: phone }), new Date().toISOString())),
    );
    expect(new Set(results.map((r) => r.candidate.candidateId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect((await countProfiles()) - before).toBe(1);
  });

  it("links a new email to the profile that already owns the phone", async () => {
    const phone = "+8613900000002";
    const first = await store.findOrCreateCandidate(newId(), contact({ phoneE164: phone }), new Date().toISOString());
    const second = await store.findOrCreateCandidate(newId(), contact({ phoneE164: phone, emailNorm: "late@example.com" }), new Date().toISOString());
    expect(second.candidate.candidateId).toBe(first.candidate.candidateId);
    expect(second.candidate.emailNorm).toBe("late@example.com");
    const byEmail = await store.findOrCreateCandidate(newId(), contact({ emailNorm: "late@example.com" }), new Date().toISOString());
    expect(byEmail.candidate.candidateId).toBe(first.candidate.candidateId);
  });

  it("finishes a profile whose marker was written by an attempt that died", async () => {
    const id = newId();
    // The marker alone, as if the process died between the marker write and the profile put.
    const marker = keys.emailMarker("half@example.com");
    await raw.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: marker.pk }, sk: { S: marker.sk }, kind: { S: "marker" }, candidateId: { S: id } } }));
    expect(await store.getCandidate(id)).toBeUndefined();
    const again = await store.findOrCreateCandidate(newId(), contact({ emailNorm: "half@example.com" }), new Date().toISOString());
    expect(again.candidate.candidateId).toBe(id);
    expect(await store.getCandidate(id)).toBeDefined();
  });
});

describe("idempotency markers", () => {
  it("returns the first delivery's ids to a second claim", async () => {
    const first = { source: "generic", deliveryId: "d-1", candidateId: "c-1", applicationId: "a-1", status: "in-progress" as const, receivedAt: "2026-11-21T00:00:00Z" };
    expect(await store.claimDelivery(first)).toEqual({ claimed: true, record: first });
    const second = await store.claimDelivery({ ...first, candidateId: "c-2", applicationId: "a-2" });
    expect(second.claimed).toBe(false);
    expect(second.record).toMatchObject({ candidateId: "c-1", applicationId: "a-1" });
    await store.completeDelivery("generic", "d-1", "arn:exec");
    expect((await store.claimDelivery(first)).record).toMatchObject({ status: "completed", executionArn: "arn:exec" });
  });

  it("lets only one of many concurrent claims send a message", async () => {
    const record = { messageId: "m-1", idempotencyKey: "k", candidateId: "c", channel: "email" as const, template: "interview-invite", to: "a@b.co", status: "sending" as const, createdAt: "t" };
    const claims = await Promise.all(Array.from({ length: 6 }, () => store.claimMessage(record)));
    expect(claims.filter((c) => c.claimed)).toHaveLength(1);
  });

  it("records only the first open of a message", async () => {
    await store.claimMessage({ messageId: "m-2", idempotencyKey: "k2", candidateId: "c", channel: "email", template: "t", to: "a@b.co", status: "sent", createdAt: "t" });
    expect(await store.recordMessageEvent("m-2", "openedAt", "2026-11-21T01:00:00Z")).toBe(true);
    expect(await store.recordMessageEvent("m-2", "openedAt", "2026-11-21T02:00:00Z")).toBe(false);
    expect((await store.getMessage("m-2"))?.openedAt).toBe("2026-11-21T01:00:00Z");
  });

  it("re-claims a message only when its earlier send failed", async () => {
    await store.claimMessage({ messageId: "m-3", idempotencyKey: "k3", candidateId: "c", channel: "sms", template: "t", to: "+8613800138000", status: "sending", createdAt: "t" });
    expect(await store.reclaimFailedMessage("m-3", "t")).toBe(false);
    await store.markMessage("m-3", { status: "failed" });
    expect(await store.reclaimFailedMessage("m-3", "t")).toBe(true);
    expect((await store.getMessage("m-3"))?.status).toBe("sending");
  });
});

describe("candidate view", () => {
  it("reads profile, applications and an ordered timeline in one partition", async () => {
    const { candidate } = await store.findOrCreateCandidate(newId(), contact({ emailNorm: "view@example.com" }), "2026-11-21T00:00:00.000Z");
    await store.putApplication({ applicationId: "app-1", candidateId: candidate.candidateId, requisitionId: "r", source: "generic", status: "received", createdAt: "t", updatedAt: "t" });
    for (const [at, id] of [["2026-11-21T00:00:02.000Z", "e2"], ["2026-11-21T00:00:01.000Z", "e1"], ["2026-11-21T00:00:01.000Z", "e1"]] as const) {
      await store.addTimelineEvent({ eventId: id, candidateId: candidate.candidateId, at, type: "x", summary: id });
    }
    const view = await store.getCandidateView(candidate.candidateId);
    expect(view?.applications.map((a) => a.applicationId)).toEqual(["app-1"]);
    expect(view?.timeline.map((e) => e.eventId)).toEqual(["e1", "e2"]);
  });

  it("pages dead letters newest first", async () => {
    for (let i = 0; i < 3; i++) {
      await store.putDeadLetter({ deadLetterId: newId(Date.parse("2026-11-21T00:00:00Z") + i * 1000), receivedAt: "t", source: "generic", route: "r", reason: `r${i}`, code: "c", headers: {}, rawBody: "{}", bodyEncoding: "utf8", status: "open" });
    }
    const page1 = await store.listDeadLetters(2);
    expect(page1.items.map((d) => d.reason)).toEqual(["r2", "r1"]);
    const page2 = await store.listDeadLetters(2, page1.nextCursor);
    expect(page2.items.map((d) => d.reason)).toEqual(["r0"]);
  });
});
