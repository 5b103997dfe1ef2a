// The DynamoDB implementation of HirepathStore. Uniqueness (email, phone, delivery id, message id)
// is enforced by conditional writes on marker items, never by reading a GSI and hoping. No
// transactions: each write is idempotent on its own, so a retried sequence converges.
import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { keys, type ItemKey } from "../core/shared/keys.js";
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
import { call, DynamoTable, strip, type Item } from "./dynamo-table.js";
import { candidateItem, candidateListItem, markerItem, timelineItem } from "./items.js";
import { clientConfig, once, type RuntimeEnv } from "./client-config.js";

const encodeCursor = (key: Record<string, unknown> | undefined) => (key ? Buffer.from(JSON.stringify(key)).toString("base64url") : undefined);
const decodeCursor = (cursor: string | undefined) => (cursor ? (JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Record<string, unknown>) : undefined);

export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), { marshallOptions: { removeUndefinedValues: true } });
}

export class DynamoHirepathStore extends DynamoTable implements HirepathStore {
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

  // --- candidates ---------------------------------------------------------------------------

  /** Claims a marker for the proposed id, or returns the id that already owns it. */
  private async claimMarker(key: ItemKey, candidateId: string): Promise<string> {
    if (await this.putIfAbsent(markerItem(key, candidateId))) return candidateId;
    const existing = await this.get(key);
    return String(existing?.candidateId ?? candidateId);
  }

  async findOrCreateCandidate(proposedId: string, contact: CandidateContact, now: string): Promise<{ candidate: Candidate; created: boolean }> {
    // Phone first, then email: the phone is what Chinese job boards identify people by.
    const owners: string[] = [];
    if (contact.phoneE164) owners.push(await this.claimMarker(keys.phoneMarker(contact.phoneE164), proposedId));
    if (contact.emailNorm) owners.push(await this.claimMarker(keys.emailMarker(contact.emailNorm), owners[0] ?? proposedId));
    const candidateId = owners.find((o) => o !== proposedId) ?? proposedId;
    // A marker we claimed for the proposed id while another marker already names an existing
    // profile: point ours at that profile too (only if still ours, so a racing writer wins cleanly).
    if (contact.phoneE164 && owners[0] === proposedId && candidateId !== proposedId) {
      await this.update(keys.phoneMarker(contact.phoneE164), { candidateId }, { condition: "candidateId = :proposed", values: { ":proposed": proposedId } });
    }
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
    // The profile may not exist even when a marker does (an earlier attempt died between the two
    // writes); creating it here is what lets every later attempt converge.
    const created = await this.putIfAbsent(candidateItem(candidate));
    if (created) {
      await this.putIfAbsent(candidateListItem(now, candidateId));
      return { candidate, created: true };
    }
    const existing = strip(await this.get(keys.candidateProfile(candidateId)), Candidate)!;
    // Fill in a contact channel the profile lacked; never overwrite one HR may have corrected.
    const fill: Item = {};
    if (!existing.emailNorm && contact.emailNorm) fill.emailNorm = contact.emailNorm;
    if (!existing.phoneE164 && contact.phoneE164) fill.phoneE164 = contact.phoneE164;
    if (Object.keys(fill).length) {
      await this.update(keys.candidateProfile(candidateId), { ...fill, updatedAt: now });
      return { candidate: { ...existing, ...(fill as Partial<Candidate>) }, created: false };
    }
    return { candidate: existing, created: false };
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
    if (await this.putIfAbsent({ ...key, kind: "application", ...application })) return application;
    return strip(await this.get(key), Application)!;
  }

  async getApplication(candidateId: string, applicationId: string): Promise<Application | undefined> {
    return strip(await this.get(keys.application(candidateId, applicationId)), Application);
  }

  async updateApplication(candidateId: string, applicationId: string, patch: Partial<Application>): Promise<void> {
    const { candidateId: _c, applicationId: _a, ...rest } = patch;
    await this.update(keys.application(candidateId, applicationId), rest);
  }

  async addTimelineEvent(event: TimelineEvent): Promise<void> {
    await this.putIfAbsent(timelineItem(event));
  }

  // --- requisitions -------------------------------------------------------------------------

  async getRequisition(requisitionId: string): Promise<Requisition | undefined> {
    return strip(await this.get(keys.requisition(requisitionId), false), Requisition);
  }

  async putRequisition(requisition: Requisition): Promise<void> {
    await call(() => this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.requisition(requisition.requisitionId), kind: "requisition", ...requisition } })));
    await call(() =>
      this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.requisitionListEntry(requisition.requisitionId), kind: "requisition", ...requisition } })),
    );
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

  async reclaimFailedMessage(messageId: string, _now: string): Promise<boolean> {
    return this.update(keys.message(messageId), { status: "sending" }, { condition: "#status = :failed", names: { "#status": "status" }, values: { ":failed": "failed" } });
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

  async putDeadLetter(deadLetter: DeadLetter): Promise<void> {
    await this.putIfAbsent({ ...keys.deadLetter(deadLetter.deadLetterId), kind: "dead-letter", ...deadLetter });
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

  async unsubscribe(channel: "email" | "sms", address: string, at: string, candidateId: string): Promise<void> {
    await this.putIfAbsent({ ...keys.unsubscribe(channel, address), kind: "unsubscribe", channel, at, candidateId });
  }
}

const DeliveryRecordSchema = z.object({
  source: z.string(),
  deliveryId: z.string(),
  candidateId: z.string(),
  applicationId: z.string(),
  status: z.enum(["in-progress", "completed"]),
  executionArn: z.string().optional(),
  receivedAt: z.string(),
});


export function storeFrom(env: RuntimeEnv & { TABLE_NAME: string }): HirepathStore {
  return once(`store:${env.TABLE_NAME}`, () => new DynamoHirepathStore(createDocumentClient(clientConfig(env, "dynamodb")), env.TABLE_NAME));
}
