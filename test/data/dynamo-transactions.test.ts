// The local DynamoDB's transactions (local/aws/dynamo-transactions.ts) against AWS's semantics:
// all or nothing, one cancellation reason per action, isolation from concurrent writers,
// idempotency tokens, and a kill -9 in the middle undone at the next start.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DynamoDBClient, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactGetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTable, startDynalite, type LocalDynamo } from "../../local/aws/dynamodb.js";

const TABLE = "tx-test";
let dynamo: LocalDynamo;
let doc: DynamoDBDocumentClient;
const config = (endpoint: string) => ({ endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
let n = 0;
const id = (prefix: string) => `${prefix}-${++n}`;

beforeAll(async () => {
  dynamo = await startDynalite(undefined);
  const raw = new DynamoDBClient(config(dynamo.endpoint));
  await ensureTable(raw, TABLE);
  doc = DynamoDBDocumentClient.from(raw);
});
afterAll(async () => dynamo.close());

const get = async (pk: string) => (await doc.send(new GetCommand({ TableName: TABLE, Key: { pk, sk: pk } }))).Item;
const put = (pk: string, extra: Record<string, unknown> = {}) => doc.send(new PutCommand({ TableName: TABLE, Item: { pk, sk: pk, ...extra } }));

async function cancellation(run: Promise<unknown>): Promise<TransactionCanceledException> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransactionCanceledException);
  return error as TransactionCanceledException;
}

describe("TransactWriteItems", () => {
  it("applies a put, an update, a delete and a condition check together", async () => {
    const [a, b, c, d] = [id("a"), id("b"), id("c"), id("d")];
    await put(b, { n: 1 });
    await put(c);
    await put(d, { open: true });
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: TABLE, Item: { pk: a, sk: a, v: "x" }, ConditionExpression: "attribute_not_exists(pk)" } },
          { Update: { TableName: TABLE, Key: { pk: b, sk: b }, UpdateExpression: "SET n = n + :one", ConditionExpression: "n = :one", ExpressionAttributeValues: { ":one": 1 } } },
          { Delete: { TableName: TABLE, Key: { pk: c, sk: c } } },
          { ConditionCheck: { TableName: TABLE, Key: { pk: d, sk: d }, ConditionExpression: "#o = :t", ExpressionAttributeNames: { "#o": "open" }, ExpressionAttributeValues: { ":t": true } } },
        ],
      }),
    );
    expect(await get(a)).toMatchObject({ v: "x" });
    expect(await get(b)).toMatchObject({ n: 2 });
    expect(await get(c)).toBeUndefined();
    expect(await get(d)).toEqual({ pk: d, sk: d, open: true });
  });

  it("writes nothing when one condition fails, and gives one reason per action with the old item on request", async () => {
    const [a, b, c] = [id("a"), id("b"), id("c")];
    await put(b, { owner: "first" });
    const error = await cancellation(
      doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: TABLE, Item: { pk: a, sk: a } } },
            { Put: { TableName: TABLE, Item: { pk: b, sk: b, owner: "second" }, ConditionExpression: "attribute_not_exists(pk)", ReturnValuesOnConditionCheckFailure: "ALL_OLD" } },
            { Update: { TableName: TABLE, Key: { pk: c, sk: c }, UpdateExpression: "SET x = :x", ExpressionAttributeValues: { ":x": 1 } } },
          ],
        }),
      ),
    );
    expect(error.CancellationReasons?.map((r) => r.Code)).toEqual(["None", "ConditionalCheckFailed", "None"]);
    expect(error.CancellationReasons?.[1]?.Item).toMatchObject({ owner: { S: "first" } });
    expect(await get(a)).toBeUndefined();
    expect(await get(b)).toMatchObject({ owner: "first" });
    expect(await get(c)).toBeUndefined();
  });

  it("rolls back the earlier writes when a later update is refused", async () => {
    const [a, b] = [id("a"), id("b")];
    await put(b, { n: "text" });
    const error = await cancellation(
      doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: TABLE, Item: { pk: a, sk: a } } },
            { Update: { TableName: TABLE, Key: { pk: b, sk: b }, UpdateExpression: "SET n = n + :one", ExpressionAttributeValues: { ":one": 1 } } },
          ],
        }),
      ),
    );
    expect(error.CancellationReasons?.map((r) => r.Code)).toEqual(["None", "ValidationError"]);
    expect(await get(a)).toBeUndefined();
    expect(await get(b)).toMatchObject({ n: "text" });
  });

  it("refuses two actions on one item and more than 100 actions, as AWS does", async () => {
    const a = id("a");
    await expect(
      doc.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: TABLE, Item: { pk: a, sk: a } } }, { Delete: { TableName: TABLE, Key: { pk: a, sk: a } } }] })),
    ).rejects.toMatchObject({ name: "ValidationException", message: expect.stringMatching(/multiple operations on one item/) });
    const many = Array.from({ length: 101 }, (_, i) => ({ Put: { TableName: TABLE, Item: { pk: `${a}-${i}`, sk: "x" } } }));
    await expect(doc.send(new TransactWriteCommand({ TransactItems: many }))).rejects.toMatchObject({ name: "ValidationException" });
    expect(await get(`${a}-0`)).toBeUndefined();
  });

  it("applies a repeated client request token once and refuses the token on a different request", async () => {
    const a = id("a");
    await put(a, { n: 0 });
    const items = [{ Update: { TableName: TABLE, Key: { pk: a, sk: a }, UpdateExpression: "ADD n :one", ExpressionAttributeValues: { ":one": 1 } } }];
    const token = `token-${a}`;
    await doc.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: token }));
    await doc.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: token }));
    expect(await get(a)).toMatchObject({ n: 1 });
    const other = [{ Update: { TableName: TABLE, Key: { pk: a, sk: a }, UpdateExpression: "ADD n :two", ExpressionAttributeValues: { ":two": 2 } } }];
    await expect(doc.send(new TransactWriteCommand({ TransactItems: other, ClientRequestToken: token }))).rejects.toMatchObject({ name: "IdempotentParameterMismatchException" });
  });

  it("lets exactly one of many simultaneous claims of one item win, while plain writes interleave", async () => {
    const slot = id("slot");
    const counter = id("counter");
    await put(counter, { n: 0 });
    const claims = Array.from({ length: 20 }, (_, i) =>
      doc
        .send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: TABLE, Item: { pk: slot, sk: slot, owner: i }, ConditionExpression: "attribute_not_exists(pk)" } },
              { Put: { TableName: TABLE, Item: { pk: `${slot}-booking-${i}`, sk: "x" } } },
            ],
          }),
        )
        .then(() => i),
    );
    const plain = Array.from({ length: 20 }, () => doc.send(new UpdateCommand({ TableName: TABLE, Key: { pk: counter, sk: counter }, UpdateExpression: "ADD n :one", ExpressionAttributeValues: { ":one": 1 } })));
    const results = await Promise.allSettled([...claims, ...plain]);
    const winners = results.slice(0, 20).filter((r) => r.status === "fulfilled") as PromiseFulfilledResult<number>[];
    expect(winners).toHaveLength(1);
    expect(await get(slot)).toMatchObject({ owner: winners[0]!.value });
    const bookings = await Promise.all(Array.from({ length: 20 }, (_, i) => doc.send(new GetCommand({ TableName: TABLE, Key: { pk: `${slot}-booking-${i}`, sk: "x" } }))));
    expect(bookings.filter((b) => b.Item)).toHaveLength(1);
    expect(await get(counter)).toMatchObject({ n: 20 });
  });
});

describe("TransactGetItems", () => {
  it("reads several items at once, with an empty response for a missing one", async () => {
    const [a, b] = [id("a"), id("b")];
    await put(a, { v: 1 });
    const out = await doc.send(new TransactGetCommand({ TransactItems: [{ Get: { TableName: TABLE, Key: { pk: a, sk: a } } }, { Get: { TableName: TABLE, Key: { pk: b, sk: b } } }] }));
    expect(out.Responses?.[0]?.Item).toMatchObject({ v: 1 });
    expect(out.Responses?.[1]?.Item).toBeUndefined();
  });
});

describe("a kill -9 in the middle of a transaction", () => {
  const repo = fileURLToPath(new URL("../../", import.meta.url));
  const child = fileURLToPath(new URL("./fixtures/transaction-child.ts", import.meta.url));

  async function killedAt(dir: string, write: number): Promise<string> {
    const proc = spawn(process.execPath, ["--import", "tsx", child, dir, String(write)], { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    proc.stdout.on("data", (c: Buffer) => (out += c.toString()));
    proc.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => proc.once("exit", (_code, s) => resolve(s)));
    expect(signal, out).toBe("SIGKILL");
    return out;
  }

  for (const write of [1, 2]) {
    it(`leaves none of the transaction after a kill before its write ${write + 1}, once restarted`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "hirepath-tx-"));
      try {
        const out = await killedAt(join(dir, "dynamodb"), write);
        expect(out).toContain("BASELINE");
        expect(out).not.toContain("COMMITTED");
        const restarted = await startDynalite(join(dir, "dynamodb"));
        try {
          const d = DynamoDBDocumentClient.from(new DynamoDBClient(config(restarted.endpoint)));
          const read = async (pk: string) => (await d.send(new GetCommand({ TableName: "txn", Key: { pk, sk: pk } }))).Item;
          expect(await read("A")).toMatchObject({ n: 1 });
          expect(await read("B")).toBeUndefined();
          expect(await read("C")).toBeUndefined();
          expect(await read("D")).toMatchObject({ keep: "me" });
        } finally {
          await restarted.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
