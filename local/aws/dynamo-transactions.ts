// TransactWriteItems and TransactGetItems in front of dynalite, which has neither. The same store
// code then runs unchanged against DynamoDB and locally, and the local stack keeps AWS's promise:
// all of a transaction or none of it, even across kill -9.
//
// How: every ordinary request holds a shared gate while dynalite serves it; a transaction takes
// the gate exclusively, so nothing interleaves with it. Under the gate it reads each item, checks
// every condition with dynalite's own expression parser and evaluator (so the semantics match a
// single-item conditional write), and answers TransactionCanceledException with one reason per
// action, as AWS does. If all pass, it writes an undo journal (each item's before-image), applies
// the writes through dynalite, and deletes the journal. A process killed mid-transaction finds
// the journal at the next start and puts the before-images back before serving anything.
// Idempotency tokens (ClientRequestToken) are remembered for AWS's ten minutes.
import { createHash, randomUUID } from "node:crypto";
import { Agent, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { crc32 } from "node:zlib";

const require = createRequire(import.meta.url);
type DynaliteValidation = { types: Record<string, unknown>; custom: (data: Record<string, unknown>, store: unknown) => string | undefined };
const validations = require("dynalite/validations") as { checkValidations(data: unknown, types: unknown, custom: unknown, store: unknown): void };
const dynaliteDb = require("dynalite/db") as { checkConditional(data: unknown, existing: unknown): Error | null | undefined };
const actionValidation: Record<"Put" | "Update" | "Delete" | "ConditionCheck", DynaliteValidation> = {
  Put: require("dynalite/validations/putItem") as DynaliteValidation,
  Update: require("dynalite/validations/updateItem") as DynaliteValidation,
  Delete: require("dynalite/validations/deleteItem") as DynaliteValidation,
  // A condition check is a delete's key and condition without the delete.
  ConditionCheck: require("dynalite/validations/deleteItem") as DynaliteValidation,
};
/** DynamoDB's item size limit, which dynalite's validations read from its store options. */
const VALIDATION_STORE = { options: { maxItemSize: 400 * 1024 } };

const MAX_ACTIONS = 100;
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
const TOKEN_WINDOW_MS = 10 * 60_000;
const INTERNAL_HEADER = "x-hirepath-transaction-layer";

type AttributeValue = Record<string, unknown>;
type Key = Record<string, AttributeValue>;
type Item = Record<string, AttributeValue>;
type ActionKind = keyof typeof actionValidation;
interface Action {
  kind: ActionKind;
  body: Record<string, unknown> & { TableName: string; ReturnValuesOnConditionCheckFailure?: string };
  key: Key;
}

export interface TransactionLayerOptions {
  /** Where the undo journal lives; undefined keeps the data in memory (nothing to recover). */
  journalDir?: string;
  /** Test hook: called before the n-th write of an applying transaction (0-based), e.g. to kill -9 there. */
  beforeTransactionWrite?: (index: number) => void;
  /** Test hook: true refuses a request (by operation) as if its caller had died before sending it. */
  refuse?: (operation: string) => boolean;
  log?: (line: string) => void;
}

export interface TransactionLayer {
  /** Binds to the listening endpoint and undoes a transaction a killed process left half-applied. */
  attach(endpoint: string): Promise<void>;
  /** Runs `work` with no request in flight and none starting (the store's maintenance: compaction). */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
}

class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Many readers or one writer; a waiting writer holds back later readers so it is never starved. */
class Gate {
  private shared = 0;
  private exclusive = false;
  private readonly waiting: Array<{ exclusive: boolean; grant: () => void }> = [];

  acquire(exclusive: boolean): Promise<void> {
    return new Promise((grant) => {
      this.waiting.push({ exclusive, grant });
      this.pump();
    });
  }

  release(exclusive: boolean): void {
    if (exclusive) this.exclusive = false;
    else this.shared--;
    this.pump();
  }

  private pump(): void {
    while (this.waiting.length && !this.exclusive) {
      const next = this.waiting[0]!;
      if (next.exclusive) {
        if (this.shared > 0) return;
        this.exclusive = true;
      } else this.shared++;
      this.waiting.shift();
      next.grant();
    }
  }
}

export function addTransactions(server: Server, options: TransactionLayerOptions = {}): TransactionLayer {
  const dynaliteListeners = server.listeners("request") as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners("request");
  const gate = new Gate();
  const internalSecret = randomUUID();
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const tokens = new Map<string, { hash: string; at: number }>();
  const keySchemas = new Map<string, string[]>();
  const journal = options.journalDir ? join(options.journalDir, "transaction-undo.json") : undefined;
  if (options.journalDir) mkdirSync(options.journalDir, { recursive: true });
  let endpoint: URL | undefined;
  let ready: Promise<void> | undefined;

  const passThrough = (req: IncomingMessage, res: ServerResponse) => {
    for (const listener of dynaliteListeners) listener(req, res);
  };

  /** One request to dynalite itself, past the gate (the caller already holds it). */
  async function dynamo<T = Record<string, unknown>>(operation: string, body: unknown): Promise<T> {
    if (!endpoint) throw new Error("transaction layer not attached");
    const payload = Buffer.from(JSON.stringify(body));
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          agent,
          host: endpoint!.hostname,
          port: endpoint!.port,
          method: "POST",
          path: "/",
          headers: {
            "content-type": "application/x-amz-json-1.0",
            "content-length": payload.length,
            "x-amz-target": `DynamoDB_20120810.${operation}`,
            "x-amz-date": "20200101T000000Z",
            authorization: "AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=local",
            [INTERNAL_HEADER]: internalSecret,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 500, text: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
    const parsed = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    if (status >= 300) {
      const type = String(parsed.__type ?? "InternalServerError").split("#").pop()!;
      throw new AwsError(status, type, String(parsed.message ?? parsed.Message ?? type));
    }
    return parsed as T;
  }

  async function keyAttributes(tableName: string): Promise<string[]> {
    const known = keySchemas.get(tableName);
    if (known) return known;
    try {
      const out = await dynamo<{ Table: { KeySchema: Array<{ AttributeName: string }> } }>("DescribeTable", { TableName: tableName });
      const names = out.Table.KeySchema.map((k) => k.AttributeName);
      keySchemas.set(tableName, names);
      return names;
    } catch (e) {
      if (e instanceof AwsError && e.type === "ResourceNotFoundException") throw new AwsError(400, "ResourceNotFoundException", "Requested resource not found");
      throw e;
    }
  }

  async function parseActions(transactItems: unknown): Promise<Action[]> {
    if (!Array.isArray(transactItems) || transactItems.length === 0) {
      throw new AwsError(400, "ValidationException", "1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null");
    }
    if (transactItems.length > MAX_ACTIONS) {
      throw new AwsError(400, "ValidationException", `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ACTIONS}`);
    }
    const seen = new Set<string>();
    const actions: Action[] = [];
    for (const entry of transactItems as Array<Record<string, Record<string, unknown>>>) {
      const kinds = (Object.keys(entry) as ActionKind[]).filter((k) => k in actionValidation && entry[k]);
      if (kinds.length !== 1) throw new AwsError(400, "ValidationException", "TransactItems can only contain one of Check, Put, Update or Delete");
      const kind = kinds[0]!;
      const body = structuredClone(entry[kind]!) as Action["body"];
      const attributes = await keyAttributes(String(body.TableName));
      const source = (kind === "Put" ? body.Item : body.Key) as Item | undefined;
      if (!source) throw new AwsError(400, "ValidationException", `The parameter '${kind === "Put" ? "Item" : "Key"}' is required but was not present in the request`);
      const key: Key = {};
      for (const a of attributes) {
        if (!source[a]) throw new AwsError(400, "ValidationException", "One of the required keys was not given a value");
        key[a] = source[a]!;
      }
      if (kind !== "Put" && Object.keys(source).length !== attributes.length) throw new AwsError(400, "ValidationException", "The provided key element does not match the schema");
      const identity = `${body.TableName}\u0000${JSON.stringify(attributes.map((a) => key[a]))}`;
      if (seen.has(identity)) throw new AwsError(400, "ValidationException", "Transaction request cannot include multiple operations on one item");
      seen.add(identity);
      if (kind === "ConditionCheck" && !body.ConditionExpression) throw new AwsError(400, "ValidationException", "The parameter 'ConditionExpression' is required but was not present in the request");
      actions.push({ kind, body, key });
    }
    return actions;
  }

  /** Runs dynalite's validation (it parses the expressions into `_condition`), then its evaluator. */
  function conditionHolds(action: Action, existing: Item | undefined): boolean {
    const data = structuredClone(action.body) as Record<string, unknown>;
    delete data.ReturnValuesOnConditionCheckFailure;
    const v = actionValidation[action.kind];
    try {
      validations.checkValidations(data, v.types, v.custom, VALIDATION_STORE);
    } catch (e) {
      const body = (e as { body?: { message?: string } }).body;
      throw new AwsError(400, "ValidationException", body?.message ?? (e as Error).message);
    }
    return !dynaliteDb.checkConditional(data, existing);
  }

  async function restore(before: Array<{ table: string; key: Key; item: Item | undefined }>): Promise<void> {
    for (const b of before) {
      if (b.item) await dynamo("PutItem", { TableName: b.table, Item: b.item });
      else await dynamo("DeleteItem", { TableName: b.table, Key: b.key });
    }
  }

  function writeJournal(before: Array<{ table: string; key: Key; item: Item | undefined }>): void {
    if (!journal) return;
    // Written whole, then renamed: a journal is either complete or absent, never torn.
    writeFileSync(`${journal}.tmp`, JSON.stringify(before));
    renameSync(`${journal}.tmp`, journal);
  }

  async function transactWrite(input: Record<string, unknown>, rawBody: Buffer): Promise<Record<string, unknown>> {
    if (rawBody.length > MAX_REQUEST_BYTES) throw new AwsError(400, "ValidationException", "Transaction request size exceeds the maximum allowed size of 4 MB");
    const actions = await parseActions(input.TransactItems);
    const token = typeof input.ClientRequestToken === "string" ? input.ClientRequestToken : undefined;
    const hash = createHash("sha256").update(JSON.stringify(input.TransactItems)).digest("hex");
    const now = Date.now();
    for (const [t, seen] of tokens) if (now - seen.at > TOKEN_WINDOW_MS) tokens.delete(t);
    if (token && tokens.has(token)) {
      if (tokens.get(token)!.hash !== hash) throw new AwsError(400, "IdempotentParameterMismatchException", "The request uses the same client token as a previous, but non-identical request.");
      return {};
    }

    await gate.acquire(true);
    try {
      const before = await Promise.all(
        actions.map(async (a) => {
          const out = await dynamo<{ Item?: Item }>("GetItem", { TableName: a.body.TableName, Key: a.key, ConsistentRead: true });
          return { table: a.body.TableName, key: a.key, item: out.Item };
        }),
      );
      const reasons = actions.map((a, i) => {
        if (conditionHolds(a, before[i]!.item)) return { Code: "None" };
        const withItem = a.body.ReturnValuesOnConditionCheckFailure === "ALL_OLD" && before[i]!.item;
        return { Code: "ConditionalCheckFailed", Message: "The conditional request failed", ...(withItem ? { Item: before[i]!.item } : {}) };
      });
      if (reasons.some((r) => r.Code !== "None")) throw cancelled(reasons);

      writeJournal(before);
      const applied: typeof before = [];
      try {
        for (const [i, a] of actions.entries()) {
          if (a.kind === "ConditionCheck") continue;
          options.beforeTransactionWrite?.(applied.length);
          const { ConditionExpression: _c, ReturnValuesOnConditionCheckFailure: _r, ...write } = a.body;
          // Values only the condition used would now be "unused", which dynalite rejects.
          const trimmed = dropUnusedPlaceholders(write);
          applied.push(before[i]!);
          if (a.kind === "Put") await dynamo("PutItem", trimmed);
          else if (a.kind === "Update") await dynamo("UpdateItem", trimmed);
          else await dynamo("DeleteItem", trimmed);
        }
      } catch (e) {
        // A write dynalite refused (a type mismatch in an update): put back what went before it.
        await restore(applied);
        if (journal) rmSync(journal, { force: true });
        const failedAt = applied.length - 1;
        throw cancelled(actions.map((_, i) => (i === failedAt ? { Code: "ValidationError", Message: (e as Error).message } : { Code: "None" })));
      }
      if (journal) rmSync(journal, { force: true });
      if (token) tokens.set(token, { hash, at: Date.now() });
      return {};
    } finally {
      gate.release(true);
    }
  }

  async function transactGet(input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const items = input.TransactItems;
    if (!Array.isArray(items) || items.length === 0 || items.length > MAX_ACTIONS) {
      throw new AwsError(400, "ValidationException", `TransactItems must have between 1 and ${MAX_ACTIONS} members`);
    }
    await gate.acquire(true);
    try {
      const responses = await Promise.all(
        (items as Array<{ Get?: Record<string, unknown> }>).map(async (entry) => {
          if (!entry.Get) throw new AwsError(400, "ValidationException", "TransactGetItems accepts Get actions only");
          const out = await dynamo<{ Item?: Item }>("GetItem", { ...entry.Get, ConsistentRead: true });
          return out.Item ? { Item: out.Item } : {};
        }),
      );
      return { Responses: responses };
    } finally {
      gate.release(true);
    }
  }

  function send(res: ServerResponse, status: number, body: Record<string, unknown>): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/x-amz-json-1.0",
      "content-length": Buffer.byteLength(text),
      "x-amzn-requestid": randomUUID(),
      "x-amz-crc32": String(crc32(text)),
    });
    res.end(text);
  }

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers[INTERNAL_HEADER] === internalSecret) return passThrough(req, res);
    const operation = String(req.headers["x-amz-target"] ?? "").split(".").pop() ?? "";
    if (options.refuse?.(operation)) {
      req.resume();
      // A ValidationException: the SDK does not retry it, so the caller's operation stops here.
      send(res, 400, { __type: "com.amazon.coral.validate#ValidationException", message: `refused ${operation}: the caller is treated as crashed (test fault)` });
      return;
    }
    if (operation !== "TransactWriteItems" && operation !== "TransactGetItems") {
      void (async () => {
        await ready;
        await gate.acquire(false);
        res.once("close", () => gate.release(false));
        passThrough(req, res);
      })();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        await ready;
        const raw = Buffer.concat(chunks);
        try {
          const input = JSON.parse(raw.toString("utf8") || "{}") as Record<string, unknown>;
          send(res, 200, operation === "TransactWriteItems" ? await transactWrite(input, raw) : await transactGet(input));
        } catch (e) {
          if (e instanceof AwsError) send(res, e.status, { __type: `com.amazonaws.dynamodb.v20120810#${e.type}`, message: e.message, ...e.extra });
          else send(res, 500, { __type: "com.amazonaws.dynamodb.v20120810#InternalServerError", message: (e as Error).message });
        }
      })();
    });
  });

  return {
    async exclusively(work) {
      await gate.acquire(true);
      try {
        return await work();
      } finally {
        gate.release(true);
      }
    },
    attach(url: string) {
      endpoint = new URL(url);
      ready = (async () => {
        if (!journal || !existsSync(journal)) return;
        const before = JSON.parse(readFileSync(journal, "utf8")) as Array<{ table: string; key: Key; item: Item | undefined }>;
        await restore(before);
        rmSync(journal, { force: true });
        options.log?.(`dynamodb: undid a transaction interrupted by the last stop (${before.length} items)`);
      })();
      return ready;
    },
  };
}

function cancelled(reasons: Array<{ Code: string; Message?: string; Item?: Item }>): AwsError {
  const message = `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(", ")}]`;
  return new AwsError(400, "TransactionCanceledException", message, { Message: message, CancellationReasons: reasons });
}

/** Removes expression placeholders that no remaining expression mentions. */
function dropUnusedPlaceholders(body: Record<string, unknown>): Record<string, unknown> {
  const expressions = ["UpdateExpression", "ProjectionExpression"].map((k) => String(body[k] ?? "")).join(" ");
  const out: Record<string, unknown> = { ...body };
  for (const field of ["ExpressionAttributeNames", "ExpressionAttributeValues"] as const) {
    const map = body[field] as Record<string, unknown> | undefined;
    if (!map) continue;
    const kept = Object.fromEntries(Object.entries(map).filter(([placeholder]) => new RegExp(`${placeholder.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9_])`).test(expressions)));
    if (Object.keys(kept).length) out[field] = kept;
    else delete out[field];
  }
  return out;
}
