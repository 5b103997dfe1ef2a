// What every DynamoDB store on the single table shares: SDK errors translated into domain errors,
// item-to-schema parsing, and the three write shapes we use (put, put-if-absent, conditional SET/REMOVE),
// each reporting a failed condition as `false` rather than an exception.
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { TransientError } from "../core/shared/errors.js";
import type { ItemKey } from "../core/shared/keys.js";
import type * as z from "../core/shared/zod.js";

export type Item = Record<string, unknown>;

export const isConditionFailed = (e: unknown) =>
  e instanceof ConditionalCheckFailedException || (e as { name?: string })?.name === "ConditionalCheckFailedException";

const THROTTLING = new Set(["ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded", "InternalServerError", "ServiceUnavailable"]);

/** Translates SDK errors into domain errors: throttling becomes TransientError, which the ASL retries. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const name = (e as { name?: string })?.name ?? "";
    if (THROTTLING.has(name)) throw new TransientError(`DynamoDB ${name}`);
    throw e;
  }
}

/** An item as its domain schema: table plumbing (keys, kind, index attributes) removed, then parsed. */
export function strip<T>(item: Item | undefined, schema: z.ZodType<T>): T | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, kind: _kind, openTaskQueue: _q, ...rest } = item;
  return schema.parse(rest);
}

export interface ConditionTerms {
  condition?: string;
  names?: Record<string, string>;
  values?: Item;
}

export abstract class DynamoTable {
  constructor(
    protected readonly doc: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  protected async get(key: ItemKey, consistent = true): Promise<Item | undefined> {
    const out = await call(() => this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: consistent })));
    return out.Item;
  }

  /** Put, optionally under a condition. False if the condition failed. */
  protected async putWhere(item: Item, terms: ConditionTerms = {}): Promise<boolean> {
    try {
      await call(() =>
        this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: item,
            ...(terms.condition ? { ConditionExpression: terms.condition } : {}),
            ...(terms.values && Object.keys(terms.values).length ? { ExpressionAttributeValues: terms.values } : {}),
            ...(terms.names && Object.keys(terms.names).length ? { ExpressionAttributeNames: terms.names } : {}),
          }),
        ),
      );
      return true;
    } catch (e) {
      if (isConditionFailed(e)) return false;
      throw e;
    }
  }

  /** Put if absent. True when this call created the item. */
  protected putIfAbsent(item: Item): Promise<boolean> {
    return this.putWhere(item, { condition: "attribute_not_exists(pk)" });
  }

  /** SET the patch's defined fields and REMOVE `remove`, under a condition (default: the item exists). False if it failed. */
  protected async update(key: ItemKey, patch: Item, terms: ConditionTerms & { remove?: string[] } = {}): Promise<boolean> {
    const names: Record<string, string> = { ...terms.names };
    const values: Item = { ...terms.values };
    const sets = Object.entries(patch)
      .filter(([, v]) => v !== undefined)
      .map(([k, v], i) => {
        // Prefixes callers won't pick for their own condition placeholders.
        names[`#upd${i}`] = k;
        values[`:upd${i}`] = v;
        return `#upd${i} = :upd${i}`;
      });
    const removes = (terms.remove ?? []).map((k, i) => {
      names[`#rm${i}`] = k;
      return `#rm${i}`;
    });
    if (sets.length === 0 && removes.length === 0) return true;
    const expression = [sets.length ? `SET ${sets.join(", ")}` : "", removes.length ? `REMOVE ${removes.join(", ")}` : ""].filter(Boolean).join(" ");
    try {
      await call(() =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: expression,
            ConditionExpression: terms.condition ?? "attribute_exists(pk)",
            ExpressionAttributeNames: names,
            ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
          }),
        ),
      );
      return true;
    } catch (e) {
      if (isConditionFailed(e)) return false;
      throw e;
    }
  }

  /** One page. */
  protected async query(input: Omit<QueryCommandInput, "TableName">): Promise<{ items: Item[]; last?: Record<string, unknown> }> {
    const out = await call(() => this.doc.send(new QueryCommand({ TableName: this.tableName, ...input })));
    return { items: (out.Items as Item[] | undefined) ?? [], ...(out.LastEvaluatedKey ? { last: out.LastEvaluatedKey } : {}) };
  }

  /** Every page, or until `Limit` items have been collected. */
  protected async queryAll(input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">): Promise<Item[]> {
    const items: Item[] = [];
    let last: Record<string, unknown> | undefined;
    do {
      const page = await this.query({ ...input, ...(last ? { ExclusiveStartKey: last } : {}) });
      items.push(...page.items);
      last = page.last;
      if (input.Limit && items.length >= input.Limit) break;
    } while (last);
    return items;
  }
}
