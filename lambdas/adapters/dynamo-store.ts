// The DynamoDB implementation of HirepathStore. Uniqueness (email, phone, delivery id, message id)
// is enforced by conditional writes on marker items, never by reading a GSI and hoping. Writes of
// more than one item are transactions or idempotent steps (core/shared/multi-item-writes.ts).
import { keys, TTL_ATTRIBUTE, type ItemKey } from "../core/shared/keys.js";
import {
  Application,
  Candidate,
  DeadLetter,
  MessageRecord,
  Requisition,
  TimelineEvent,
} from "../core/shared/model.js";
import type {
  CandidateContact,
  CandidateView,
  DeliveryRecord,
  EngagementField,
  HirepathStore,
  Page,
} from "../core/shared/ports.js";
import * as z from "../core/shared/zod.js";
import { createDocumentClient, DynamoTable, strip, type Item, type WriteAction } from "./dynamo-table.js";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoTalentStore } from "./dynamo-talent-store.js";
import { talentStatusFollower } from "../core/talent/talent-status.js";
import { hiringPathFollower } from "../core/requisitions/hiring-paths.js";
import { DynamoHiringPathStore } from "./dynamo-hiring-paths.js";
import { DynamoOfferStore } from "./dynamo-offer-store.js";
import { taskSettlingFollower } from "../core/tasks/settled-by-events.js";
import { DynamoTaskStore } from "./dynamo-task-store.js";
import { systemClock, type Clock, type TimelineFollower } from "../core/shared/ports.js";
import { ConcurrentChangeError, PersonErasedError } from "../core/shared/errors.js";
import { candidateItem, candidateListItem, markerItem, timelineItem } from "./items.js";
import { clientConfig, once, type RuntimeEnv } from "./client-config.js";
import type { ShortLinkRecord } from "../core/shared/short-links.js";
import { BUILT_IN_SENDING_RULES, seededSendingRules, SendingRulesVersion, StoredSendingRules, type SendingRules } from "../core/outreach/sending-rules.js";

const encodeCursor = (key: Record<string, unknown> | undefined) => (key ? Buffer.from(JSON.stringify(key)).toString("base64url") : undefined);
const decodeCursor = (cursor: string | undefined) => (cursor ? (JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Record<string, unknown>) : undefined);

export { createDocumentClient };

export class DynamoHirepathStore extends DynamoTable implements HirepathStore {
  constructor(
    doc: DynamoDBDocumentClient,
    tableName: string,
    followTimeline?: TimelineFollower,
    /** The sending rules in force while HR has saved none: the deployment's (env-seeded) default. */
    readonly sendingRulesDefault: SendingRules = BUILT_IN_SENDING_RULES,
  ) {
    super(doc, tableName, followTimeline);
  }

  // --- webhook deliveries -------------------------------------------------------------------

  async claimDelivery(record: DeliveryRecord): Promise<{ claimed: boolean; record: DeliveryRecord }> {
    const key = keys.webhookDelivery(record.source, record.deliveryId);
    if (await this.putIfAbsent({ ...key, kind: "delivery", ...record })) return { claimed: true, record };
    const existing = await this.get(key);
    return { claimed: false, record: strip(existing, DeliveryRecordSchema)! };
  }

  async completeDelivery(source: string, deliveryId: string, executionArn: string): Promise<void> {
    await this.update(keys.webhookDelivery(source, deliveryId), { status: "completed", executionArn });
  }

  async claimApplicationKey(source: string, externalId: string, proposed: { candidateId: string; applicationId: string; deliveryId: string; receivedAt: string }) {
    const key = keys.applicationKey(source, externalId);
    const record = { ...proposed, status: "in-progress" as const };
    if (await this.putIfAbsent({ ...key, kind: "application-key", source, externalId, ...record })) return { claimed: true, record };
    return { claimed: false, record: strip(await this.get(key), ApplicationKeyRecord)! };
  }

  async completeApplicationKey(source: string, externalId: string, executionArn: string): Promise<void> {
    await this.update(keys.applicationKey(source, externalId), { status: "completed", executionArn });
  }

  // --- candidates ---------------------------------------------------------------------------

  /**
   * Resolves a person by their phone and email markers (phone first: Chinese job boards identify
   * people by phone). A new person's markers, profile and list entry are one transaction, so no
   * crash leaves a marker without a profile or a profile missing from the list. An existing
   * person gets any marker they lack and any contact channel their profile lacks; a profile an
   * older write left without its list entry gets it back here.
   */
  async findOrCreateCandidate(proposedId: string, contact: CandidateContact, now: string): Promise<{ candidate: Candidate; created: boolean }> {
    const phoneKey = contact.phoneE164 ? keys.phoneMarker(contact.phoneE164) : undefined;
    const emailKey = contact.emailNorm ? keys.emailMarker(contact.emailNorm) : undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      const [phoneOwner, emailOwner] = await Promise.all([phoneKey, emailKey].map(async (k) => (k ? (await this.get(k))?.candidateId : undefined)));
      let candidateId = String(phoneOwner ?? emailOwner ?? proposedId);
      let existing = strip(await this.get(keys.candidateProfile(candidateId)), Candidate);
      if (existing?.erasedAt && candidateId !== proposedId) {
        // The marker was read just before erasure deleted it: it names nobody now.
        candidateId = proposedId;
        existing = strip(await this.get(keys.candidateProfile(candidateId)), Candidate);
      }
      if (existing?.erasedAt) throw new PersonErasedError(`candidate ${candidateId} was erased`);
      const missingMarkers: WriteAction[] = [
        ...(phoneKey && !phoneOwner ? [{ put: markerItem(phoneKey, candidateId), terms: { condition: "attribute_not_exists(pk)" } }] : []),
        ...(emailKey && !emailOwner ? [{ put: markerItem(emailKey, candidateId), terms: { condition: "attribute_not_exists(pk)" } }] : []),
      ];
      if (!existing) {
        const candidate: Candidate = {
          candidateId,
          name: contact.name,
          ...(contact.emailNorm ? { emailNorm: contact.emailNorm } : {}),
          ...(contact.phoneE164 ? { phoneE164: contact.phoneE164 } : {}),
          locale: contact.locale,
          timeZone: contact.timeZone,
          preferredChannel: contact.preferredChannel,
          source: contact.source,
          createdAt: now,
          updatedAt: now,
        };
        // A marker may name a profile that was never written (an import that died between its
        // marker claims and its batch): that id becomes the person, created here.
        const outcome = await this.transact([...missingMarkers, { put: candidateItem(candidate), terms: { condition: "attribute_not_exists(pk)" } }, { put: candidateListItem(now, candidateId) }]);
        if (outcome.ok) return { candidate, created: true };
        continue; // someone else claimed a marker or created the profile meanwhile: look again
      }
      // Fill in a contact channel the profile lacked; never overwrite one HR may have corrected.
      const fill: Item = {};
      if (!existing.emailNorm && contact.emailNorm) fill.emailNorm = contact.emailNorm;
      if (!existing.phoneE164 && contact.phoneE164) fill.phoneE164 = contact.phoneE164;
      const fillNames = Object.keys(fill);
      const outcome = await this.transact([
        ...missingMarkers,
        ...(fillNames.length
          ? [{ update: keys.candidateProfile(candidateId), patch: { ...fill, updatedAt: now }, terms: { condition: `attribute_exists(pk) AND attribute_not_exists(erasedAt) AND ${fillNames.map((_, i) => `attribute_not_exists(#fill${i})`).join(" AND ")}`, names: Object.fromEntries(fillNames.map((f, i) => [`#fill${i}`, f])) } }]
          : []),
        // Idempotent: the entry's key comes from the profile, so this only restores a lost one.
        { put: candidateListItem(existing.createdAt, candidateId) },
      ]);
      if (outcome.ok) return { candidate: { ...existing, ...(fill as Partial<Candidate>) }, created: false };
    }
    throw new ConcurrentChangeError(`the contact details of candidate ${proposedId} kept changing; retry`);
  }

  async getCandidate(candidateId: string): Promise<Candidate | undefined> {
    return strip(await this.get(keys.candidateProfile(candidateId)), Candidate);
  }

  async getCandidateView(candidateId: string): Promise<CandidateView | undefined> {
    // One partition holds profile, applications and timeline: a single paginated Query.
    const items: Item[] = [];
    let last: Record<string, unknown> | undefined;
    do {
      const page = await this.query({
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": keys.candidatePartition(candidateId) },
        ConsistentRead: true,
        ...(last ? { ExclusiveStartKey: last } : {}),
      });
      items.push(...page.items);
      last = page.last;
    } while (last);
    const profile = items.find((i) => i.kind === "candidate");
    if (!profile) return undefined;
    return {
      candidate: strip(profile, Candidate)!,
      applications: items.filter((i) => i.kind === "application").map((i) => strip(i, Application)!),
      timeline: items.filter((i) => i.kind === "timeline").map((i) => strip(i, TimelineEvent)!),
    };
  }

  async listCandidates(limit: number, cursor?: string): Promise<Page<Candidate>> {
    const start = decodeCursor(cursor);
    const page = await this.query({
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": keys.candidateListPartition },
      ScanIndexForward: false,
      Limit: limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    });
    const candidates = await Promise.all(page.items.map((i) => this.getCandidate(String(i.candidateId))));
    const next = encodeCursor(page.last);
    return { items: candidates.filter((c): c is Candidate => c !== undefined), ...(next ? { nextCursor: next } : {}) };
  }

  // --- applications and timeline ------------------------------------------------------------

  async putApplication(application: Application): Promise<Application> {
    const key = keys.application(application.candidateId, application.applicationId);
    const outcome = await this.transact([
      { put: { ...key, kind: "application", ...application }, terms: { condition: "attribute_not_exists(pk)" } },
      { check: keys.candidateProfile(application.candidateId), terms: { condition: "attribute_exists(pk) AND attribute_not_exists(erasedAt)" } },
    ]);
    if (outcome.ok) return application;
    if (outcome.failed.includes(1)) throw new PersonErasedError(`candidate ${application.candidateId} was erased; application ${application.applicationId} not stored`);
    return strip(await this.get(key), Application)!;
  }

  async getApplication(candidateId: string, applicationId: string): Promise<Application | undefined> {
    return strip(await this.get(keys.application(candidateId, applicationId)), Application);
  }

  async updateApplication(candidateId: string, applicationId: string, patch: Partial<Application>, record: readonly TimelineEvent[] = []): Promise<void> {
    const { candidateId: _c, applicationId: _a, ...rest } = patch;
    if (!record.length) {
      await this.update(keys.application(candidateId, applicationId), rest);
      return;
    }
    // The change and the events that tell of it: all or none, so a crash can't leave a status the
    // timeline (and the views that follow it) never heard about. As without events, an application
    // that is not there is left alone (and then so are its events).
    const outcome = await this.transact([{ update: keys.application(candidateId, applicationId), patch: rest }, ...record.map((e) => ({ put: timelineItem(e) }))]);
    if (!outcome.ok) return;
    await this.followTimeline?.(record);
  }

  async addTimelineEvent(event: TimelineEvent): Promise<void> {
    await this.putIfAbsent(timelineItem(event));
    // Also when the event was already there: a retry after a crash finishes what followed it.
    await this.followTimeline?.([event]);
  }

  // --- requisitions -------------------------------------------------------------------------

  async getRequisition(requisitionId: string): Promise<Requisition | undefined> {
    return strip(await this.get(keys.requisition(requisitionId), false), Requisition);
  }

  async putRequisition(requisition: Requisition): Promise<void> {
    // The item and its list copy together, so the list never shows an older version.
    await this.transact([
      { put: { ...keys.requisition(requisition.requisitionId), kind: "requisition", ...requisition } },
      { put: { ...keys.requisitionListEntry(requisition.requisitionId), kind: "requisition", ...requisition } },
    ]);
  }

  async listRequisitions(): Promise<Requisition[]> {
    const page = await this.query({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": keys.requisitionListPartition } });
    return page.items.map((i) => strip(i, Requisition)!);
  }

  // --- messages -----------------------------------------------------------------------------

  async claimMessage(record: MessageRecord): Promise<{ claimed: boolean; record: MessageRecord }> {
    const key = keys.message(record.messageId);
    if (await this.putIfAbsent({ ...key, kind: "message", ...record })) return { claimed: true, record };
    return { claimed: false, record: strip(await this.get(key), MessageRecord)! };
  }

  async reclaimFailedMessage(messageId: string, now: string): Promise<boolean> {
    const current = strip(await this.get(keys.message(messageId)), MessageRecord);
    if (current?.status !== "failed") return false;
    return this.moveClaim(messageId, "failed", current.attempt, now);
  }

  async takeOverMessage(messageId: string, expectedAttempt: number | undefined, now: string): Promise<boolean> {
    return this.moveClaim(messageId, "sending", expectedAttempt, now);
  }

  /** Status `from` → "sending" with the next attempt number, only while the attempt is still `expected`. */
  private moveClaim(messageId: string, from: "failed" | "sending", expected: number | undefined, now: string): Promise<boolean> {
    const attemptIs = expected === undefined ? "attribute_not_exists(#attempt)" : "#attempt = :expected";
    return this.update(
      keys.message(messageId),
      { status: "sending", attempt: (expected ?? 1) + 1, claimedAt: now },
      { condition: `#status = :from AND ${attemptIs}`, names: { "#status": "status", "#attempt": "attempt" }, values: { ":from": from, ...(expected === undefined ? {} : { ":expected": expected }) } },
    );
  }

  async markMessage(messageId: string, patch: Partial<MessageRecord>): Promise<void> {
    const { messageId: _m, ...rest } = patch;
    await this.update(keys.message(messageId), rest);
  }

  async getMessage(messageId: string): Promise<MessageRecord | undefined> {
    return strip(await this.get(keys.message(messageId)), MessageRecord);
  }

  async linkProviderMessage(provider: string, providerMessageId: string, messageId: string): Promise<void> {
    await this.putIfAbsent({ ...keys.providerMessage(provider, providerMessageId), kind: "provider-message", messageId });
  }

  async findMessageByProviderId(provider: string, providerMessageId: string): Promise<string | undefined> {
    const item = await this.get(keys.providerMessage(provider, providerMessageId));
    return item ? String(item.messageId) : undefined;
  }

  async recordMessageEvent(messageId: string, field: EngagementField, at: string): Promise<boolean> {
    return this.update(keys.message(messageId), { [field]: at }, { condition: "attribute_exists(pk) AND attribute_not_exists(#field)", names: { "#field": field } });
  }

  // --- dead letters -------------------------------------------------------------------------

  async putDeadLetter(deadLetter: DeadLetter, cap?: { source: string; hour: string; limit: number }): Promise<boolean> {
    const item = { put: { ...keys.deadLetter(deadLetter.deadLetterId), kind: "dead-letter", ...deadLetter }, terms: { condition: "attribute_not_exists(pk)" } };
    if (!cap) return (await this.transact([item])).ok;
    // The count and the dead letter together: the cap holds however many refusals arrive at once.
    const outcome = await this.transact([
      {
        update: keys.deadLetterCount(cap.hour, cap.source),
        patch: { kind: "dead-letter-count", source: cap.source, hour: cap.hour },
        terms: { add: { kept: 1 }, condition: "attribute_not_exists(kept) OR kept < :limit", values: { ":limit": cap.limit } },
      },
      item,
    ]);
    return outcome.ok;
  }

  async deadLetterRoom(source: string, hour: string, limit: number): Promise<boolean> {
    const count = await this.get(keys.deadLetterCount(hour, source), false);
    return Number(count?.kept ?? 0) < limit;
  }

  async countDroppedDeadLetter(source: string, hour: string): Promise<void> {
    await this.transact([{ update: keys.deadLetterCount(hour, source), patch: { kind: "dead-letter-count", source, hour }, terms: { add: { dropped: 1 }, condition: "attribute_not_exists(pk) OR attribute_exists(pk)" } }]); // an upsert
  }

  async deadLetterCounts(sinceHour: string): Promise<Array<{ source: string; hour: string; kept: number; dropped: number }>> {
    const items = await this.queryAll({ KeyConditionExpression: "pk = :pk AND sk >= :since", ExpressionAttributeValues: { ":pk": keys.deadLetterCountPartition, ":since": sinceHour } });
    return items.map((i) => ({ source: String(i.source), hour: String(i.hour), kept: Number(i.kept ?? 0), dropped: Number(i.dropped ?? 0) }));
  }

  async getDeadLetter(deadLetterId: string): Promise<DeadLetter | undefined> {
    return strip(await this.get(keys.deadLetter(deadLetterId)), DeadLetter);
  }

  async listDeadLetters(limit: number, cursor?: string): Promise<Page<DeadLetter>> {
    const start = decodeCursor(cursor);
    const page = await this.query({
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": keys.deadLetterPartition },
      ScanIndexForward: false,
      Limit: limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    });
    const next = encodeCursor(page.last);
    return { items: page.items.map((i) => strip(i, DeadLetter)!), ...(next ? { nextCursor: next } : {}) };
  }

  async markDeadLetterReplayed(deadLetterId: string, at: string, result: Record<string, unknown>): Promise<void> {
    await this.update(keys.deadLetter(deadLetterId), { status: "replayed", replayedAt: at, replayResult: result });
  }

  // --- unsubscribe --------------------------------------------------------------------------

  async isUnsubscribed(channel: "email" | "sms", address: string): Promise<boolean> {
    return (await this.get(keys.unsubscribe(channel, address), false)) !== undefined;
  }

  // --- SMS short links ---------------------------------------------------------------------

  putShortLink(id: string, record: ShortLinkRecord): Promise<boolean> {
    // The table's TTL removes it a day after its token expires (resolving checks the expiry itself).
    return this.putIfAbsent({ ...keys.shortLink(id), kind: "short-link", ...record, [TTL_ATTRIBUTE]: Math.floor(Date.parse(record.expiresAt) / 1000) + 86_400 });
  }

  async getShortLink(id: string): Promise<ShortLinkRecord | undefined> {
    const item = await this.get(keys.shortLink(id));
    return item ? { token: String(item.token), ...(item.query ? { query: String(item.query) } : {}), expiresAt: String(item.expiresAt) } : undefined;
  }

  async unsubscribe(channel: "email" | "sms", address: string, at: string, candidateId: string): Promise<void> {
    await this.putIfAbsent({ ...keys.unsubscribe(channel, address), kind: "unsubscribe", channel, at, candidateId });
  }

  // --- sending rules (core/outreach/sending-rules.ts) ------------------------------------------

  async getSendingRules(): Promise<StoredSendingRules | undefined> {
    return strip(await this.get(keys.sendingRules), StoredSendingRules);
  }

  async saveSendingRules(next: SendingRulesVersion, expectedVersion: number): Promise<boolean> {
    return this.saveVersioned({ ...keys.sendingRules, kind: "sending-rules", ...next }, { ...keys.sendingRulesVersion(next.version), kind: "sending-rules-version", ...next }, expectedVersion);
  }

  async sendingRulesHistory(limit: number): Promise<SendingRulesVersion[]> {
    const { items } = await this.query({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :sk)",
      ExpressionAttributeValues: { ":pk": keys.settingsPartition, ":sk": keys.sendingRulesVersionPrefix },
      ScanIndexForward: false,
      Limit: limit,
      ConsistentRead: true,
    });
    return items.map((i) => strip(i, SendingRulesVersion)!);
  }
}

const ApplicationKeyRecord = z.object({
  candidateId: z.string(),
  applicationId: z.string(),
  deliveryId: z.string(),
  receivedAt: z.string(),
  status: z.enum(["in-progress", "completed"]),
  executionArn: z.string().optional(),
  source: z.string().optional(),
  externalId: z.string().optional(),
});

const DeliveryRecordSchema = z.object({
  source: z.string(),
  deliveryId: z.string(),
  candidateId: z.string(),
  applicationId: z.string(),
  status: z.enum(["in-progress", "completed"]),
  executionArn: z.string().optional(),
  receivedAt: z.string(),
});


/** The env's seed of the sending rules' default (lambdas/config/env.ts, every function's Base). */
export interface SendingRulesSeedEnv {
  QUIET_HOURS_START?: string | undefined;
  QUIET_HOURS_END?: string | undefined;
  DAILY_MESSAGE_CAP?: number | undefined;
}

export function storeFrom(env: RuntimeEnv & { TABLE_NAME: string } & SendingRulesSeedEnv): HirepathStore {
  return once(`store:${env.TABLE_NAME}`, () => new DynamoHirepathStore(createDocumentClient(clientConfig(env, "dynamodb")), env.TABLE_NAME, timelineFollowerFrom(env), seededSendingRules(env)));
}

/**
 * What every store that writes timeline events tells: the talent status recomputes from them, the
 * tasks they settle close (core/tasks/settled-by-events.ts), whichever journey opened them, and the
 * hiring report's record of each application they touch is rewritten (core/requisitions/hiring-paths.ts).
 */
export function timelineFollowerFrom(env: RuntimeEnv & { TABLE_NAME: string }): TimelineFollower {
  return once(`timeline-follower:${env.TABLE_NAME}`, () => timelineFollowerOf(createDocumentClient(clientConfig(env, "dynamodb")), env.TABLE_NAME));
}

/** The follower on a given client and table (the data tests wire their stores with it). */
export function timelineFollowerOf(doc: DynamoDBDocumentClient, tableName: string, clock: Clock = systemClock): TimelineFollower {
  const status = talentStatusFollower({ store: new DynamoHirepathStore(doc, tableName), talent: new DynamoTalentStore(doc, tableName), clock });
  const tasks = taskSettlingFollower({ tasks: new DynamoTaskStore(doc, tableName), clock });
  const hiring = hiringPathFollower({ store: new DynamoHirepathStore(doc, tableName), offers: new DynamoOfferStore(doc, tableName), hiringPaths: new DynamoHiringPathStore(doc, tableName) });
  return async (events) => {
    await status(events);
    await tasks(events);
    await hiring(events);
  };
}
