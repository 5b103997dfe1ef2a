// The per-caller rate limit against dynalite: the counter is exact under concurrency, per caller and per window.
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoRateCounter } from "../../lambdas/adapters/dynamo-rate-counter.js";
import { createDocumentClient } from "../../lambdas/adapters/dynamo-store.js";
import { rateKey, takeRequest, windowOf } from "../../lambdas/core/access/rate-limit.js";
import { ThrottledError } from "../../lambdas/core/shared/errors.js";
import { keys, TTL_ATTRIBUTE } from "../../lambdas/core/shared/keys.js";
import { problemFor } from "../../lambdas/core/shared/problem.js";
import { ensureTable, startDynalite, type LocalDynamo } from "../../local/aws/dynamodb.js";

let dynamo: LocalDynamo;
let raw: DynamoDBClient;
const TABLE = "rate-limit-test";
const config = () => ({ endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });

beforeAll(async () => {
  dynamo = await startDynalite(undefined);
  raw = new DynamoDBClient(config());
  await ensureTable(raw, TABLE);
});
afterAll(async () => dynamo.close());

const limit = { perWindow: 5, windowSeconds: 60 };

describe("per-caller rate limit", () => {
  it("lets exactly the limit through when one caller sends twenty requests at once, and refuses the rest with retry-after", async () => {
    const counter = dynamoRateCounter(createDocumentClient(config()), TABLE);
    const now = new Date("2026-12-07T11:30:20Z");
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => takeRequest(counter, limit, "user:burst", now)));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(5);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected").map((o) => o.reason);
    expect(refused).toHaveLength(15);
    expect(refused.every((e) => e instanceof ThrottledError && e.retryAfterSeconds === 40 && e.limit === 5)).toBe(true);
    expect(problemFor(refused[0])).toMatchObject({ status: 429, code: "throttled", type: "/problems/throttled", limit: 5, retryAfterSeconds: 40 });
  });

  it("counts each caller on its own and starts again in the next window", async () => {
    const counter = dynamoRateCounter(createDocumentClient(config()), TABLE);
    const now = new Date("2026-12-07T11:31:59Z");
    for (let i = 0; i < 5; i++) await takeRequest(counter, limit, "user:a", now);
    await expect(takeRequest(counter, limit, "user:a", now)).rejects.toBeInstanceOf(ThrottledError);
    await expect(takeRequest(counter, limit, "user:b", now)).resolves.toBeUndefined();
    await expect(takeRequest(counter, limit, "user:a", new Date("2026-12-07T11:32:00Z"))).resolves.toBeUndefined();
  });

  it("marks each window item to expire by the table's TTL one window after it ends", async () => {
    const counter = dynamoRateCounter(createDocumentClient(config()), TABLE);
    const start = windowOf(new Date("2026-12-07T11:40:10Z"), 60).start;
    await counter.increment("ip:0a1b2c", start, 60);
    const key = keys.rateWindow("ip:0a1b2c", start.toISOString());
    const item = await raw.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: key.pk }, sk: { S: key.sk } } }));
    expect(Number(item.Item?.[TTL_ATTRIBUTE]?.N)).toBe(start.getTime() / 1000 + 120);
  });

  it("names a signed-in caller by their user, and anyone else by a hash of their address (never the address itself)", () => {
    expect(rateKey({ sub: "u-1" }, "203.0.113.9")).toBe("user:u-1");
    const byAddress = rateKey({ sub: "anonymous" }, "203.0.113.9");
    expect(byAddress).toMatch(/^ip:[0-9a-f]{24}$/);
    expect(byAddress).not.toContain("203.0.113.9");
    expect(rateKey({ sub: "anonymous" }, "203.0.113.10")).not.toBe(byAddress);
  });
});
