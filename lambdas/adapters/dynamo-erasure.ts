// DynamoDB side of export and erasure: reads the person's partition, follows the ids in their
// timeline to the items kept elsewhere (call log, messages, raw payloads, import rows), and
// rewrites or deletes each one. Every step is idempotent, so an interrupted erasure can be re-run.
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { keys, type ItemKey } from "../core/shared/keys.js";
import { ERASED, type ErasureCounts, type ErasureStore } from "../core/privacy/erasure.js";
import { clientConfig, once, type RuntimeEnv } from "./client-config.js";
import { createDocumentClient } from "./dynamo-table.js";

type Item = Record<string, unknown>;
const keyOf = (i: Item): ItemKey => ({ pk: String(i.pk), sk: String(i.sk) });

export class DynamoErasureStore implements ErasureStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async partition(pk: string): Promise<Item[]> {
    const items: Item[] = [];
    let last: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(new QueryCommand({ TableName: this.tableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": pk }, ConsistentRead: true, ...(last ? { ExclusiveStartKey: last } : {}) }));
      items.push(...((out.Items ?? []) as Item[]));
      last = out.LastEvaluatedKey;
    } while (last);
    return items;
  }

  private async get(key: ItemKey): Promise<Item | undefined> {
    return (await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }))).Item;
  }

  /** True when an item was there and is now gone. */
  private del(key: ItemKey, condition?: { expression: string; values: Record<string, unknown> }): Promise<boolean> {
    return this.doc
      .send(new DeleteCommand({ TableName: this.tableName, Key: key, ReturnValues: "ALL_OLD", ...(condition ? { ConditionExpression: condition.expression, ExpressionAttributeValues: condition.values } : {}) }))
      .then((out) => out.Attributes !== undefined)
      .catch((e: { name?: string }) => {
        if (e?.name !== "ConditionalCheckFailedException") throw e;
        return false;
      });
  }

  private set(key: ItemKey, set: Record<string, unknown>, remove: string[] = []) {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets = Object.entries(set).map(([k, v], i) => {
      names[`#s${i}`] = k;
      values[`:s${i}`] = v;
      return `#s${i} = :s${i}`;
    });
    const removes = remove.map((k, i) => {
      names[`#r${i}`] = k;
      return `#r${i}`;
    });
    const expression = [sets.length ? `SET ${sets.join(", ")}` : "", removes.length ? `REMOVE ${removes.join(", ")}` : ""].filter(Boolean).join(" ");
    return this.doc
      .send(new UpdateCommand({ TableName: this.tableName, Key: key, UpdateExpression: expression, ConditionExpression: "attribute_exists(pk)", ExpressionAttributeNames: names, ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}) }))
      .catch((e: { name?: string }) => {
        if (e?.name !== "ConditionalCheckFailedException") throw e;
      });
  }

  /** Items outside the person's partition that their timeline points at. */
  private async linked(items: Item[]) {
    const out = { calls: [] as ItemKey[], messages: [] as ItemKey[], raw: [] as ItemKey[], importRows: [] as ItemKey[] };
    for (const e of items.filter((i) => i.kind === "timeline")) {
      const data = (e.data ?? {}) as Record<string, unknown>;
      if (e.type === "talent.call" && data.roleFamily && data.callId) out.calls.push(keys.callLogEntry(String(data.roleFamily), String(data.callId)));
      if (typeof e.type === "string" && e.type.startsWith("message.") && data.messageId) out.messages.push(keys.message(String(data.messageId)));
      if (e.type === "application.received" && data.source && data.deliveryId) out.raw.push(keys.rawPayload(String(data.source), String(data.deliveryId)));
      if (e.type === "talent.imported" && data.importId && data.rowNumber) out.importRows.push(keys.importRow(String(data.importId), Number(data.rowNumber)));
    }
    return out;
  }

  async exportCandidate(candidateId: string): Promise<Record<string, unknown[]>> {
    const items = await this.partition(keys.candidatePartition(candidateId));
    const links = await this.linked(items);
    const fetch = async (ks: ItemKey[]) => (await Promise.all(ks.map((k) => this.get(k)))).filter(Boolean) as Item[];
    const strip = (i: Item) => {
      const { pk: _p, sk: _s, indexKeys: _x, ...rest } = i;
      return rest;
    };
    const byKind = (kind: string) => items.filter((i) => i.kind === kind).map(strip);
    return {
      profile: byKind("candidate"),
      talent: byKind("talent"),
      applications: byKind("application"),
      timeline: byKind("timeline"),
      resumes: byKind("resume"),
      tasks: byKind("task"),
      callTasks: byKind("call-task"),
      preferences: byKind("preferences"),
      callLog: (await fetch(links.calls)).map(strip),
      messages: (await fetch(links.messages)).map(strip),
      rawPayloads: (await fetch(links.raw)).map(strip),
      importRows: (await fetch(links.importRows)).map(strip),
    };
  }

  async eraseCandidate(candidateId: string, now: string): Promise<{ counts: ErasureCounts; fileKeys: string[]; executionArns: string[] }> {
    const items = await this.partition(keys.candidatePartition(candidateId));
    const links = await this.linked(items);
    const counts: ErasureCounts = {};
    const count = (what: string, n = 1) => (counts[what] = (counts[what] ?? 0) + n);
    const fileKeys: string[] = [];
    const executionArns: string[] = [];
    const profile = items.find((i) => i.kind === "candidate");
    const talent = items.find((i) => i.kind === "talent");
    const phone = profile?.phoneE164 as string | undefined;
    const email = profile?.emailNorm as string | undefined;

    // Elsewhere first, while the timeline still says where to look.
    for (const k of links.calls) await this.set(k, {}, ["note"]).then(() => count("callLog"));
    for (const k of links.messages) await this.set(k, { to: ERASED }).then(() => count("messages"));
    for (const k of links.raw) if (await this.del(k)) count("rawPayloads");
    for (const k of links.importRows) await this.set(k, {}, ["values"]).then(() => count("importRows"));
    for (const k of ((talent?.indexKeys as string[] | undefined) ?? []).map((s) => ({ pk: s.split("\u0000")[0]!, sk: s.split("\u0000")[1]! }))) {
      if (await this.del(k)) count("searchEntries");
    }
    if (phone && (await this.del(keys.phoneMarker(phone), { expression: "candidateId = :c", values: { ":c": candidateId } }))) count("markers");
    if (email && (await this.del(keys.emailMarker(email), { expression: "candidateId = :c", values: { ":c": candidateId } }))) count("markers");
    if (profile?.createdAt && (await this.del(keys.candidateListEntry(String(profile.createdAt), candidateId)))) count("listEntries");
    // Dead letters are few and kept in one partition: drop the raw body of any that names them.
    for (const letter of await this.partition(keys.deadLetterPartition)) {
      const body = String(letter.rawBody ?? "");
      const digits = phone?.replace(/^\+86/, "");
      if ((email && body.toLowerCase().includes(email)) || (digits && body.replace(/[\s-]/g, "").includes(digits))) {
        await this.set(keyOf(letter), { rawBody: ERASED, headers: {} });
        count("deadLetters");
      }
    }

    for (const item of items) {
      const key = keyOf(item);
      switch (item.kind) {
        case "candidate":
          await this.set(key, { name: ERASED, erasedAt: now, updatedAt: now }, ["emailNorm", "phoneE164"]);
          count("profile");
          break;
        case "talent":
          await this.set(key, { tags: [], preferences: { caresAbout: [] }, consents: {}, indexKeys: [], requisitionIds: [], keywords: [], erasedAt: now, failedAttempts: 0 }, ["expectations", "statusReason", "unreachableEvidence", "rejectionReason", "maxRating", "lastRating", "lastContactAt"]);
          count("talent");
          break;
        case "application":
          if (item.executionArn) executionArns.push(String(item.executionArn));
          await this.set(key, {}, ["resumeText", "location"]);
          count("applications");
          break;
        case "timeline": {
          // A journey that is not about one application (a recall) is recorded on the timeline with its execution.
          const executionArn = (item.data as { executionArn?: unknown } | undefined)?.executionArn;
          if (typeof executionArn === "string" && executionArn) executionArns.push(executionArn);
          await this.set(key, { summary: ERASED }, ["data"]);
          count("timeline");
          break;
        }
        case "resume":
          if (item.fileKey) fileKeys.push(String(item.fileKey));
          await this.del(key);
          count("resumes");
          break;
        case "call-task":
          await this.del(key);
          count("callTasks");
          break;
        case "task":
          // Titles and context name the person: the task goes, with the reference that finds it by id.
          await this.del(keys.taskRef(String(item.taskId)));
          await this.del(key);
          count("tasks");
          break;
        case "task-slot":
          await this.del(key);
          break;
        case "preferences":
        case "consent":
          // What they care about and said they want is theirs; consents go with them (unsubscribe entries stay).
          await this.del(key);
          count("preferences");
          break;
      }
    }
    return { counts, fileKeys, executionArns };
  }
}

export function erasureFrom(env: RuntimeEnv & { TABLE_NAME: string }): DynamoErasureStore {
  return once(`erasure:${env.TABLE_NAME}`, () => new DynamoErasureStore(createDocumentClient(clientConfig(env, "dynamodb")), env.TABLE_NAME));
}
