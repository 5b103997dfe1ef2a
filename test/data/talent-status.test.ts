// The derived talent status on dynalite with the real stores: events from the application, message,
// call, interview, offer and HR paths each move the status (through the stores' timeline follower),
// search by status follows, and a crash between a record and its search entries is repaired before
// the next search reads.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient, DynamoHirepathStore } from "../../lambdas/adapters/dynamo-store.js";
import { DynamoTalentStore } from "../../lambdas/adapters/dynamo-talent-store.js";
import { DynamoInterviewStore } from "../../lambdas/adapters/interview-store.js";
import { DynamoPreferenceStore } from "../../lambdas/adapters/dynamo-preference-store.js";
import { DynamoTaskStore } from "../../lambdas/adapters/dynamo-task-store.js";
import { recordMessageEvent } from "../../lambdas/core/outreach/message-events.js";
import { logCall, LogCallInput } from "../../lambdas/core/talent/calls.js";
import { recordTalentChange } from "../../lambdas/core/talent/talent.js";
import { talentStatusFollower } from "../../lambdas/core/talent/talent-status.js";
import { SearchQuery, shardOf } from "../../lambdas/core/talent/talent-search.js";
import { keys } from "../../lambdas/core/shared/keys.js";
import { newId } from "../../lambdas/core/shared/ids.js";
import type { Clock } from "../../lambdas/core/shared/ports.js";
import type { Interview } from "../../lambdas/core/shared/model.js";
import type { SendMessageInput } from "../../lambdas/core/outreach/send-message.js";
import { ensureTable, startDynalite, type LocalDynamo } from "../../local/aws/dynamodb.js";

const TABLE = "status-test";
let dynamo: LocalDynamo;
let store: DynamoHirepathStore;
let talent: DynamoTalentStore;
let interviews: DynamoInterviewStore;
let preferences: DynamoPreferenceStore;
let doc: ReturnType<typeof createDocumentClient>;
const clock: Clock = { now: () => new Date() };
const hr = { sub: "recruiter-7", roles: ["recruiter" as const] };

beforeAll(async () => {
  dynamo = await startDynalite(undefined);
  const config = { endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } };
  await ensureTable(new DynamoDBClient(config), TABLE);
  doc = createDocumentClient(config);
  talent = new DynamoTalentStore(doc, TABLE);
  // Wired as the functions wire them (adapters/dynamo-store.ts timelineFollowerFrom).
  const follower = talentStatusFollower({ store: new DynamoHirepathStore(doc, TABLE), talent, clock });
  store = new DynamoHirepathStore(doc, TABLE, follower);
  interviews = new DynamoInterviewStore(doc, TABLE, follower);
  preferences = new DynamoPreferenceStore(doc, TABLE);
});
afterAll(async () => dynamo.close());

let seq = 0;
async function person(over: { email?: string | null; phone?: string | null } = {}) {
  seq++;
  const { candidate } = await store.findOrCreateCandidate(
    newId(),
    {
      name: `状态${seq}`,
      ...(over.email === null ? {} : { emailNorm: over.email ?? `status${seq}@example.com` }),
      ...(over.phone === null ? {} : { phoneE164: over.phone ?? `+86137${String(seq).padStart(8, "0")}` }),
      locale: "zh-CN",
      timeZone: "Asia/Shanghai",
      preferredChannel: "email",
      source: "test",
    },
    new Date().toISOString(),
  );
  const applicationId = newId();
  const now = new Date().toISOString();
  await store.putApplication({ applicationId, candidateId: candidate.candidateId, requisitionId: "req-status", source: "test", status: "received", createdAt: now, updatedAt: now });
  return { candidateId: candidate.candidateId, applicationId };
}

const statusOf = async (candidateId: string) => (await talent.getTalent(candidateId))?.status ?? "not-contacted";
const found = async (status: string, candidateId: string) => (await talent.search(SearchQuery.parse({ status, limit: 100 }))).items.some((s) => s.candidateId === candidateId);

/** A message of ours the provider reports on, as the send module leaves it. */
async function sentMessage(candidateId: string, applicationId: string, channel: "email" | "sms") {
  const messageId = newId();
  await store.claimMessage({ messageId, idempotencyKey: messageId, candidateId, applicationId, channel, template: "interview-invite", to: "x", status: "sent", createdAt: new Date().toISOString() });
  return messageId;
}
const sesEvent = (messageId: string, eventType: "Delivery" | "Bounce") => ({
  source: "aws.ses",
  "detail-type": eventType === "Delivery" ? "Email Delivered" : "Email Bounced",
  time: new Date().toISOString(),
  detail: {
    eventType,
    mail: { messageId: `ses-${messageId}`, tags: { "hirepath-message-id": [messageId] } },
    ...(eventType === "Delivery" ? { delivery: { timestamp: new Date().toISOString() } } : { bounce: { timestamp: new Date().toISOString(), bounceType: "Permanent" } }),
  },
});
const smsEvent = (messageId: string, eventType: string) => ({
  source: "aws.sms-voice",
  "detail-type": "Text Message Delivery Status Updated",
  time: new Date().toISOString(),
  detail: { eventType, messageId: `sms-${messageId}-${eventType}`, eventTimestamp: Date.now(), context: { "hirepath-message-id": messageId } },
});

function interviewFor(candidateId: string, applicationId: string): Interview {
  const starts = new Date(Date.now() + 3 * 86_400_000);
  const now = new Date().toISOString();
  return {
    interviewId: newId(), candidateId, applicationId, interviewerId: `iv-${newId()}`, startsAt: starts.toISOString(), endsAt: new Date(starts.getTime() + 3_600_000).toISOString(),
    mode: "video", whatToBring: {}, status: "scheduled", version: 1, recruiterEmail: "hr@example.com", createdBy: "hr", createdAt: now, updatedAt: now,
  };
}
const offerEvent = (candidateId: string, applicationId: string, type: string) => ({ eventId: newId(), candidateId, applicationId, at: new Date().toISOString(), type, summary: type, data: { offerId: `offer-${applicationId}` } });

const sent: SendMessageInput[] = [];
const callDeps = () => ({ store, talent, tasks: new DynamoTaskStore(doc, TABLE), clock, followUps: { startJourney: async (name: string, input: Record<string, unknown>) => (sent.push(input.message as SendMessageInput), `arn:aws:states:us-east-1:000000000000:execution:hirepath-call-follow-up:${name}`) }, config: { minAttemptsForRecommendation: 30, defaultCallHour: 19 } });
const call = (candidateId: string, attemptKey: string, outcome: string) => logCall(candidateId, LogCallInput.parse({ attemptKey, outcome }), hr, callDeps());

describe("derived talent status on the local DynamoDB", () => {
  it("follows one person through delivery, interview, offer and stall, and search by status finds them at each point", async () => {
    const { candidateId, applicationId } = await person();
    expect(await statusOf(candidateId)).toBe("not-contacted");

    const invite = await sentMessage(candidateId, applicationId, "email");
    expect(await recordMessageEvent(sesEvent(invite, "Delivery"), { store, clock })).toBe("recorded");
    expect(await statusOf(candidateId)).toBe("contacted");
    expect(await found("contacted", candidateId)).toBe(true);

    const interview = interviewFor(candidateId, applicationId);
    const booked = { eventId: newId(), candidateId, applicationId, at: new Date().toISOString(), type: "interview.scheduled", summary: "booked", data: { interviewId: interview.interviewId } };
    expect((await interviews.bookInterview(interview, [booked])).ok).toBe(true);
    expect(await statusOf(candidateId)).toBe("interviewing");
    expect(await found("interviewing", candidateId)).toBe(true);
    expect(await found("contacted", candidateId)).toBe(false);

    await store.addTimelineEvent(offerEvent(candidateId, applicationId, "offer.sent"));
    expect(await statusOf(candidateId)).toBe("offered");
    await store.addTimelineEvent(offerEvent(candidateId, applicationId, "offer.decision-stalled"));
    const stalled = await talent.getTalent(candidateId);
    expect(stalled).toMatchObject({ status: "stalled", statusSource: "journey", statusReason: "offer decision stalled" });
    expect(await found("stalled", candidateId)).toBe(true);
    expect(await found("offered", candidateId)).toBe(false);
  });

  it("becomes unreachable from a bounced email, failed texts and missed calls, lists the evidence, and stops the follow-up SMS", async () => {
    const { candidateId, applicationId } = await person({ phone: "+8613700000000" });
    const email = await sentMessage(candidateId, applicationId, "email");
    await recordMessageEvent(sesEvent(email, "Bounce"), { store, clock });
    const text = await sentMessage(candidateId, applicationId, "sms");
    await recordMessageEvent(smsEvent(text, "TEXT_CARRIER_UNREACHABLE"), { store, clock });
    // Email and texts are dead, calling is left: not unreachable yet.
    expect(await talent.getTalent(candidateId)).toMatchObject({ status: "not-contacted", deadChannels: ["email", "sms"] });

    sent.length = 0;
    const missed = await call(candidateId, "miss-1", "no-answer");
    // Texts to this number fail for good, and the email bounced: no follow-up at all.
    expect(missed.followUp).toBeUndefined();
    expect(sent).toEqual([]);
    const last = await call(candidateId, "miss-2", "busy");
    expect(last.status).toBe("unreachable");
    expect(last.nextAttemptAt).toBeUndefined();
    const profile = await talent.getTalent(candidateId);
    expect(profile?.unreachableEvidence?.map((e) => e.replace(/^\S+ /, ""))).toEqual(["email bounced (permanent)", "sms TEXT_CARRIER_UNREACHABLE", "call no-answer", "call busy"]);
    expect(await found("unreachable", candidateId)).toBe(true);
  });

  it("sends the missed-call follow-up by email once the number's texts failed for good, and none once the person is unreachable", async () => {
    const { candidateId, applicationId } = await person();
    const text = await sentMessage(candidateId, applicationId, "sms");
    await recordMessageEvent(smsEvent(text, "TEXT_INVALID"), { store, clock });
    sent.length = 0;
    await call(candidateId, "f-1", "no-answer");
    expect(sent.map((s) => s.channel)).toEqual(["email"]);
    await call(candidateId, "f-2", "no-answer");
    const third = await call(candidateId, "f-3", "no-answer");
    expect(third.status).toBe("unreachable");
    expect(sent).toHaveLength(2);
  });

  it("records HR's status as HR's, searchable, until a journey fact says something new", async () => {
    const { candidateId, applicationId } = await person();
    const { talent: set } = await recordTalentChange(candidateId, { type: "status", status: "stalled", reason: "went quiet on WeChat" }, hr, { store, talent, preferences, clock });
    expect(set).toMatchObject({ status: "stalled", statusSource: "hr", statusBy: "recruiter-7", statusReason: "went quiet on WeChat" });
    expect((await talent.search(SearchQuery.parse({ status: "stalled", limit: 100 }))).items.find((s) => s.candidateId === candidateId)).toMatchObject({ statusSource: "hr" });
    const interview = interviewFor(candidateId, applicationId);
    await interviews.bookInterview(interview, [{ eventId: newId(), candidateId, applicationId, at: new Date(Date.now() + 1000).toISOString(), type: "interview.scheduled", summary: "booked", data: {} }]);
    expect(await talent.getTalent(candidateId)).toMatchObject({ status: "interviewing", statusSource: "journey" });
  });

  it("lands both of two events written at once", async () => {
    const { candidateId, applicationId } = await person();
    const message = await sentMessage(candidateId, applicationId, "email");
    await Promise.all([recordMessageEvent(sesEvent(message, "Delivery"), { store, clock }), store.addTimelineEvent(offerEvent(candidateId, applicationId, "offer.sent"))]);
    expect(await talent.getTalent(candidateId)).toMatchObject({ status: "offered", lastContactAt: expect.any(String) });
  });

  it("leaves one search entry per term however many status changes race, so a requisition lists the person once", async () => {
    const { candidateId } = await person();
    const statuses = ["contacted", "interviewing", "offered", "stalled", "hired", "rejected", "unreachable", "contacted"] as const;
    await talent.updateTalent(candidateId, new Date().toISOString(), (t) => ({ ...t, requisitionIds: ["req-race"], tags: ["竞速"] }));
    await Promise.all(statuses.map((status) => talent.updateTalent(candidateId, new Date().toISOString(), (t) => ({ ...t, status }))));
    const entries = async (partition: string) =>
      ((await doc.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": partition }, ConsistentRead: true }))).Items ?? []).filter((i) => i.candidateId === candidateId);
    const final = (await talent.getTalent(candidateId))!;
    expect((await entries(keys.searchPartition("req", "req-race"))).map((i) => i.sk)).toEqual([`${final.status}#${candidateId}`]);
    expect(await entries(keys.searchPartition("tag", "竞速"))).toHaveLength(1);
    expect((await talent.search(SearchQuery.parse({ requisition: "req-race", limit: 100 }))).items.map((i) => i.candidateId)).toEqual([candidateId]);
  });

  it("re-indexes a record whose entries a crash left behind before search reads", async () => {
    const { candidateId } = await person();
    await talent.updateTalent(candidateId, new Date().toISOString(), (t) => t);
    const before = (await talent.getTalent(candidateId))!;
    // As if the process died after the record's transaction and before its entries were rewritten.
    await doc.send(new PutCommand({ TableName: TABLE, Item: { ...keys.talentProfile(candidateId), kind: "talent", ...before, status: "hired", version: before.version + 1, indexKeys: (await doc.send(new GetCommand({ TableName: TABLE, Key: keys.talentProfile(candidateId) }))).Item?.indexKeys } }));
    await doc.send(new PutCommand({ TableName: TABLE, Item: { ...keys.searchReindexPending(candidateId, shardOf(candidateId)), kind: "search-reindex-pending", candidateId, version: before.version + 1 } }));
    expect(await found("hired", candidateId)).toBe(true);
    expect(await found("not-contacted", candidateId)).toBe(false);
    const marker = await doc.send(new GetCommand({ TableName: TABLE, Key: keys.searchReindexPending(candidateId, shardOf(candidateId)) }));
    expect(marker.Item).toBeUndefined();
  });
});
