// What every DynamoDB store on the single table shares: SDK errors translated into domain errors,
// item-to-schema parsing, the three write shapes we use (put, put-if-absent, conditional SET/REMOVE),
// each reporting a failed condition as `false` rather than an exception, and transactions of those
// shapes (TransactWriteItems), which report which conditions failed.
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { TransientError } from "../core/shared/errors.js";
import { withLocalHooks } from "./client-config.js";
import type { ItemKey } from "../core/shared/keys.js";
import type { TimelineFollower } from "../core/shared/ports.js";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type * as z from "../core/shared/zod.js";

export type Item = Record<string, unknown>;

const unmarshallItem = (item: Record<string, unknown>) => unmarshall(item as Parameters<typeof unmarshall>[0]) as Item;

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

/** One action of a transaction, in the store's own terms. */
export type WriteAction =
  | { put: Item; terms?: ConditionTerms }
  /** SET the patch's defined fields, ADD `add`, REMOVE `remove`; the default condition is that the item exists. */
  | { update: ItemKey; patch: Item; terms?: ConditionTerms & { remove?: string[]; /** Counters to add to; a dotted key names one inside a map. */ add?: Record<string, number>; /** Lists to append to (created if absent). */ append?: Record<string, unknown[]> } }
  | { delete: ItemKey; terms?: ConditionTerms }
  | { check: ItemKey; terms: ConditionTerms & { condition: string } };

/** A cancelled transaction: which actions' conditions failed (by index), with each item as it was. */
export interface TransactionRefused {
  ok: false;
  failed: number[];
  items: Array<Item | undefined>;
}
export type TransactionOutcome = { ok: true } | TransactionRefused;

/** AWS's cap on actions per TransactWriteItems. */
export const MAX_TRANSACTION_ACTIONS = 100;

function withTerms(terms: ConditionTerms | undefined, names: Record<string, string> = {}, values: Item = {}) {
  const n = { ...terms?.names, ...names };
  const v = { ...terms?.values, ...values };
  return {
    ...(terms?.condition ? { ConditionExpression: terms.condition } : {}),
    ...(Object.keys(n).length ? { ExpressionAttributeNames: n } : {}),
    ...(Object.keys(v).length ? { ExpressionAttributeValues: v } : {}),
  };
}

/** SET/ADD/REMOVE expression for a patch, with placeholders callers won't pick for their own conditions. */
function updateExpression(patch: Item, remove: string[] = [], add: Record<string, number> = {}, append: Record<string, unknown[]> = {}) {
  const names: Record<string, string> = {};
  const values: Item = {};
  const sets = Object.entries(patch)
    .filter(([, v]) => v !== undefined)
    .map(([k, v], i) => {
      names[`#upd${i}`] = k;
      values[`:upd${i}`] = v;
      return `#upd${i} = :upd${i}`;
    });
  for (const [i, [k, more]] of Object.entries(append).entries()) {
    names[`#app${i}`] = k;
    values[`:app${i}`] = more;
    values[":appEmpty"] = [];
    sets.push(`#app${i} = list_append(if_not_exists(#app${i}, :appEmpty), :app${i})`);
  }
  // A counter may sit inside a map ("assigned.sms-first"): each segment gets its own name.
  const adds = Object.entries(add).map(([k, v], i) => {
    const path = k
      .split(".")
      .map((segment, j) => {
        names[`#add${i}_${j}`] = segment;
        return `#add${i}_${j}`;
      })
      .join(".");
    values[`:add${i}`] = v;
    return `${path} :add${i}`;
  });
  const removes = remove.map((k, i) => {
    names[`#rm${i}`] = k;
    return `#rm${i}`;
  });
  const expression = [sets.length ? `SET ${sets.join(", ")}` : "", adds.length ? `ADD ${adds.join(", ")}` : "", removes.length ? `REMOVE ${removes.join(", ")}` : ""].filter(Boolean).join(" ");
  return { expression, names, values };
}

function transactItem(tableName: string, action: WriteAction) {
  if ("put" in action) return { Put: { TableName: tableName, Item: action.put, ...withTerms(action.terms), ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const } };
  if ("delete" in action) return { Delete: { TableName: tableName, Key: action.delete, ...withTerms(action.terms), ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const } };
  if ("check" in action) return { ConditionCheck: { TableName: tableName, Key: action.check, ...withTerms(action.terms), ConditionExpression: action.terms.condition, ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const } };
  const u = updateExpression(action.patch, action.terms?.remove, action.terms?.add, action.terms?.append);
  return {
    Update: {
      TableName: tableName,
      Key: action.update,
      UpdateExpression: u.expression,
      ...withTerms({ ...action.terms, condition: action.terms?.condition ?? "attribute_exists(pk)" }, u.names, u.values),
      ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
    },
  };
}

export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  // The document client shares the base client's middleware stack, so local hooks see every call.
  return DynamoDBDocumentClient.from(withLocalHooks(new DynamoDBClient(config)), { marshallOptions: { removeUndefinedValues: true } });
}

export abstract class DynamoTable {
  constructor(
    protected readonly doc: DynamoDBDocumentClient,
    protected readonly tableName: string,
    /** Told about timeline events once they are stored (the derived talent status follows them). */
    protected readonly followTimeline?: TimelineFollower,
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
    const u = updateExpression(patch, terms.remove);
    if (!u.expression) return true;
    try {
      await call(() =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: u.expression,
            ...withTerms({ ...terms, condition: terms.condition ?? "attribute_exists(pk)" }, u.names, u.values),
          }),
        ),
      );
      return true;
    } catch (e) {
      if (isConditionFailed(e)) return false;
      throw e;
    }
  }

  /**
   * All of the actions or none (TransactWriteItems). A failed condition is an answer, not an
   * error: it says which actions failed and how their items looked. A conflict with another
   * transaction in flight is retried briefly, then reported as TransientError (the ASL retries it).
   */
  async transact(actions: readonly WriteAction[]): Promise<TransactionOutcome> {
    if (actions.length === 0) return { ok: true };
    if (actions.length > MAX_TRANSACTION_ACTIONS) throw new Error(`a transaction takes at most ${MAX_TRANSACTION_ACTIONS} actions, got ${actions.length}`);
    for (let attempt = 0; ; attempt++) {
      try {
        await call(() => this.doc.send(new TransactWriteCommand({ TransactItems: actions.map((a) => transactItem(this.tableName, a)) })));
        return { ok: true };
      } catch (e) {
        if (!(e instanceof TransactionCanceledException) && (e as { name?: string })?.name !== "TransactionCanceledException") throw e;
        const reasons = (e as TransactionCanceledException).CancellationReasons ?? [];
        const conflicted = reasons.some((r) => r.Code === "TransactionConflict" || r.Code === "ThrottlingError");
        if (conflicted) {
          if (attempt >= 4) throw new TransientError("DynamoDB transaction conflict");
          await new Promise((r) => setTimeout(r, 10 * 2 ** attempt + Math.random() * 10));
          continue;
        }
        const failed = reasons.flatMap((r, i) => (r.Code === "ConditionalCheckFailed" ? [i] : []));
        if (failed.length === 0) throw e;
        return { ok: false, failed, items: reasons.map((r) => (r.Item ? unmarshallItem(r.Item) : undefined)) };
      }
    }
  }

  /**
   * A versioned setting's save (core/shared/versioned-settings.ts): the current item, written only if it is
   * still at `expectedVersion` (absent for 0), and the version's own history item, in one transaction, so
   * of two saves from the same version exactly one lands. False when the version moved on.
   */
  protected async saveVersioned(current: Item, history: Item, expectedVersion: number): Promise<boolean> {
    const outcome = await this.transact([
      { put: current, terms: expectedVersion === 0 ? { condition: "attribute_not_exists(pk)" } : { condition: "#v = :v", names: { "#v": "version" }, values: { ":v": expectedVersion } } },
      { put: history, terms: { condition: "attribute_not_exists(pk)" } },
    ]);
    return outcome.ok;
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
