// The rate limiter's counter: one item per caller and window, incremented atomically (UpdateItem ADD), so
// concurrent requests on different function instances count exactly. The table's TTL deletes old windows.
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { keys, TTL_ATTRIBUTE } from "../core/shared/keys.js";
import type { RateCounter } from "../core/access/rate-limit.js";
import { call } from "./dynamo-table.js";
import { createDocumentClient } from "./dynamo-store.js";
import { clientConfig, once, type RuntimeEnv } from "./client-config.js";

export function dynamoRateCounter(client: ReturnType<typeof createDocumentClient>, tableName: string): RateCounter {
  return {
    async increment(callerKey, windowStart, windowSeconds) {
      const out = await call(() =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.rateWindow(callerKey, windowStart.toISOString()),
            UpdateExpression: "ADD #n :one SET #ttl = if_not_exists(#ttl, :ttl), #kind = :kind",
            ExpressionAttributeNames: { "#n": "requests", "#ttl": TTL_ATTRIBUTE, "#kind": "kind" },
            // Kept one window past its end, so a late request still finds its count.
            ExpressionAttributeValues: { ":one": 1, ":ttl": Math.floor(windowStart.getTime() / 1000) + 2 * windowSeconds, ":kind": "rate-window" },
            ReturnValues: "UPDATED_NEW",
          }),
        ),
      );
      return Number(out.Attributes?.requests ?? 1);
    },
  };
}

export function rateCounterFrom(env: RuntimeEnv & { TABLE_NAME: string }): RateCounter {
  return once(`rate-counter:${env.TABLE_NAME}`, () => dynamoRateCounter(createDocumentClient(clientConfig(env, "dynamodb")), env.TABLE_NAME));
}

/** The router's rate limit for an HTTP function: RATE_LIMIT_PER_MINUTE per caller, counted in the table. */
export function rateLimitFrom(env: RuntimeEnv & { TABLE_NAME: string; RATE_LIMIT_PER_MINUTE: number }) {
  if (env.RATE_LIMIT_PER_MINUTE === 0) return undefined;
  return { counter: rateCounterFrom(env), limit: { perWindow: env.RATE_LIMIT_PER_MINUTE, windowSeconds: 60 } };
}
