// DynamoDB side of export and erasure: the table operations the registry walk needs (core/privacy).
// Every write is idempotent and conditional on the item still existing, so an interrupted erasure
// can be re-run and never resurrects an item.
import { DeleteCommand, GetCommand, QueryCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { keys, type ItemKey } from "../core/shared/keys.js";
import type { PersonalDataTable } from "../core/privacy/erasure.js";
import type { StoredItem } from "../core/privacy/item-kinds.js";
import { clientConfig, once, type RuntimeEnv } from "./client-config.js";
import { createDocumentClient } from "./dynamo-table.js";

const conditionFailed = (e: unknown) => (e as { name?: string })?.name === "ConditionalCheckFailedException";

/** Parallel scan segments: an erasure reads the whole table once, so it spreads the read. */
const SCAN_SEGMENTS = 4;

export class DynamoPersonalDataTable implements PersonalDataTable {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async partition(pk: string): Promise<StoredItem[]> {
    const items: StoredItem[] = [];
    let last: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(new QueryCommand({ TableName: this.tableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": pk }, ConsistentRead: true, ...(last ? { ExclusiveStartKey: last } : {}) }));
      items.push(...((out.Items ?? []) as StoredItem[]));
      last = out.LastEvaluatedKey;
    } while (last);
    return items;
  }

  /**
   * A filtered Scan: tasks, messages, call attempts, import rows, offer links and search entries
   * live in partitions of their own and carry the candidate's id, and erasure must find every one,
   * whichever feature wrote it. Erasure is rare; one read of the table is its price.
   */
  async itemsNaming(candidateId: string, kinds?: readonly string[]): Promise<StoredItem[]> {
    const own = keys.candidatePartition(candidateId);
    const ofKinds = kinds?.length ? { filter: ` AND #kind IN (${kinds.map((_, i) => `:k${i}`).join(", ")})`, names: { "#kind": "kind" }, values: Object.fromEntries(kinds.map((k, i) => [`:k${i}`, k])) } : undefined;
    const segment = async (n: number) => {
      const items: StoredItem[] = [];
      let last: Record<string, unknown> | undefined;
      do {
        const out = await this.doc.send(
          new ScanCommand({
            TableName: this.tableName,
            Segment: n,
            TotalSegments: SCAN_SEGMENTS,
            FilterExpression: `candidateId = :c AND pk <> :own${ofKinds?.filter ?? ""}`,
            ExpressionAttributeValues: { ":c": candidateId, ":own": own, ...ofKinds?.values },
            ...(ofKinds ? { ExpressionAttributeNames: ofKinds.names } : {}),
            ConsistentRead: true,
            ...(last ? { ExclusiveStartKey: last } : {}),
          }),
        );
        items.push(...((out.Items ?? []) as StoredItem[]));
        last = out.LastEvaluatedKey;
      } while (last);
      return items;
    };
    return (await Promise.all(Array.from({ length: SCAN_SEGMENTS }, (_, n) => segment(n)))).flat();
  }

  async get(key: ItemKey): Promise<StoredItem | undefined> {
    return (await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }))).Item;
  }

  async delete(key: ItemKey): Promise<boolean> {
    const out = await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: key, ReturnValues: "ALL_OLD" }));
    return out.Attributes !== undefined;
  }

  async redact(key: ItemKey, set: Record<string, unknown>, remove: readonly string[]): Promise<boolean> {
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
    if (!expression) return (await this.get(key)) !== undefined;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: expression,
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: names,
          ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
        }),
      );
      return true;
    } catch (e) {
      if (conditionFailed(e)) return false;
      throw e;
    }
  }
}

export function personalDataTableFrom(env: RuntimeEnv & { TABLE_NAME: string }): DynamoPersonalDataTable {
  return once(`personal-data:${env.TABLE_NAME}`, () => new DynamoPersonalDataTable(createDocumentClient(clientConfig(env, "dynamodb")), env.TABLE_NAME));
}
