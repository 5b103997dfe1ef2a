// dynalite on disk, on its own loopback port, with TransactWriteItems/TransactGetItems added in
// front of it (dynamo-transactions.ts). dynalite has no TTL, streams or PartiQL; the store is
// designed not to need them. Only one process may open a data directory, which is why the local
// stack is one process.
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { mkdirSync } from "node:fs";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { tableIndexes, tableKeys } from "../../lib/table-design.js";
import { listenOnLoopback } from "../http/listen.js";
import { addTransactions, type TransactionLayerOptions } from "./dynamo-transactions.js";

const require = createRequire(import.meta.url);
const dynalite = require("dynalite") as (options: Record<string, unknown>) => Server;
/** dynalite's store factory: index.js calls it per server, which is how compact() reaches the LevelDB it opens. */
const dynaliteDb = require("dynalite/db") as { create(options: Record<string, unknown>): DynaliteStore };

interface Resource {
  close(): Promise<void>;
}

interface DynaliteStore {
  db: {
    attachResource(resource: Resource): void;
    detachResource(resource: Resource): void;
    compactRange(start: string, end: string): Promise<void>;
    keys(options: { limit: number; reverse?: boolean }): { all(): Promise<string[]> };
    put(key: string, value: unknown): Promise<void>;
    del(key: string): Promise<void>;
  };
}

/**
 * The store's open iterators. dynalite leaves the iterator of a Query or Scan that stopped at its
 * Limit open, and an open iterator pins a snapshot: LevelDB then keeps every old version it could
 * see, through any compaction. Compaction closes them first (no request is in flight by then).
 */
function trackResources(store: DynaliteStore): Set<Resource> {
  const open = new Set<Resource>();
  const attach = store.db.attachResource.bind(store.db);
  const detach = store.db.detachResource.bind(store.db);
  store.db.attachResource = (r) => {
    open.add(r);
    attach(r);
  };
  store.db.detachResource = (r) => {
    open.delete(r);
    detach(r);
  };
  return open;
}

/** Creates dynalite's server, keeping hold of the store it opens. */
function dynaliteWithStore(options: Record<string, unknown>): { server: Server; store: DynaliteStore; openResources: Set<Resource> } {
  const create = dynaliteDb.create;
  let store: DynaliteStore | undefined;
  dynaliteDb.create = (o) => (store = create(o));
  try {
    const server = dynalite(options);
    return { server, store: store!, openResources: trackResources(store!) };
  } finally {
    dynaliteDb.create = create;
  }
}

export interface LocalDynamo {
  endpoint: string;
  /**
   * Rewrites the on-disk store so deleted items and the old versions of updated ones are gone from
   * its files. LevelDB keeps both (its write-ahead log, older table files) until a compaction drops
   * them; an erasure compacts so nothing it removed stays readable in the data directory.
   */
  compact(): Promise<void>;
  close(): Promise<void>;
}

/** One DynamoDB request as the benchmark sees it: enough to estimate capacity units. */
export interface DynamoRequestMeter {
  (operation: string, requestBytes: number, responseBytes: number): void;
}

export interface DynaliteOptions {
  /** Benchmark hook: sees every DynamoDB request (operation and sizes). */
  meter?: DynamoRequestMeter;
  /** Test hooks of the transaction layer (a kill -9 in the middle of a transaction). */
  transactions?: Omit<TransactionLayerOptions, "journalDir" | "log">;
  log?: (line: string) => void;
}

/** `dir` undefined keeps the data in memory (unit and data-layer tests). */
export async function startDynalite(dir: string | undefined, port = 0, options: DynaliteOptions = {}): Promise<LocalDynamo> {
  if (dir) mkdirSync(dir, { recursive: true });
  const { server, store, openResources } = dynaliteWithStore({ ...(dir ? { path: dir } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  if (options.meter) meterRequests(server, options.meter);
  const transactions = addTransactions(server, { ...options.transactions, ...(options.log ? { log: options.log } : {}), ...(dir ? { journalDir: `${dir}-transactions` } : {}) });
  const { endpoint, close } = await listenOnLoopback(server, port);
  await transactions.attach(endpoint);
  const compact = () => transactions.exclusively(async () => {
    if (!dir) return;
    const { db } = store;
    // Leaked iterators (see trackResources); under the exclusive gate none belongs to a live request.
    await Promise.all([...openResources].map((r) => r.close().catch(() => undefined)));
    const [first] = await db.keys({ limit: 1 }).all();
    const [last] = await db.keys({ limit: 1, reverse: true }).all();
    if (first === undefined || last === undefined) return;
    // LevelDB drops a deleted or overwritten entry only when a compaction merges the file holding it
    // with a newer one, and CompactRange never rewrites the deepest level on its own. So: flush the
    // log into a table file (the log held the old values), then write and delete two markers that
    // span every key, whose flushed file lands above the data and so makes the next CompactRange
    // merge (and rewrite) every file below it, keeping only live versions.
    await db.compactRange(first, `${last}\u0000`);
    const markers = [`${first}\u0000`, `${last}\u0000`];
    for (const m of markers) await db.put(m, {});
    for (const m of markers) await db.del(m);
    await db.compactRange(first, `${last}\u0001`);
  });
  return { endpoint, compact, close };
}

/** Wraps dynalite's request listener to report each operation with its request and response sizes. */
function meterRequests(server: Server, meter: DynamoRequestMeter): void {
  const listeners = server.listeners("request") as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners("request");
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const operation = String(req.headers["x-amz-target"] ?? "").split(".").pop() ?? "";
    const requestBytes = Number(req.headers["content-length"] ?? 0);
    let responseBytes = 0;
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
    const count = (chunk: unknown) => {
      if (typeof chunk === "string" || chunk instanceof Uint8Array) responseBytes += Buffer.byteLength(chunk as string);
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => (count(chunk), write(chunk, ...rest))) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      count(chunk);
      meter(operation, requestBytes, responseBytes);
      return end(chunk, ...rest);
    }) as typeof res.end;
    for (const listener of listeners) listener(req, res);
  });
}

/** Creates the table with the deployed key schema and GSIs if it does not exist yet. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (e) {
    if ((e as Error).name !== "ResourceNotFoundException") throw e;
  }
  const attributes = new Set<string>([tableKeys.partitionKey, tableKeys.sortKey]);
  for (const i of tableIndexes) attributes.add(i.partitionKey).add(i.sortKey);
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [...attributes].map((a) => ({ AttributeName: a, AttributeType: "S" })),
      KeySchema: [
        { AttributeName: tableKeys.partitionKey, KeyType: "HASH" },
        { AttributeName: tableKeys.sortKey, KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: tableIndexes.map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: "HASH" },
          { AttributeName: i.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
    }),
  );
  // dynalite answers CreateTable while the table is still CREATING and flips it to ACTIVE on a
  // timer; a write that arrives first (a loaded machine) gets ResourceNotFoundException. Wait, as
  // the SDK's waitUntilTableExists would on AWS.
  for (let attempt = 0; attempt < 200; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === "ACTIVE") return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}
