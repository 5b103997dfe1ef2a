// dynalite on disk, on its own loopback port. dynalite has no transactions, TTL, streams or
// PartiQL; the store is designed not to need them (conditional writes on marker items instead).
// Only one process may open a data directory, which is why the local stack is one process.
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { tableIndexes, tableKeys } from "../../lib/table-design.js";

const require = createRequire(import.meta.url);
const dynalite = require("dynalite") as (options: Record<string, unknown>) => Server;

export interface LocalDynamo {
  endpoint: string;
  close(): Promise<void>;
}

/** `dir` undefined keeps the data in memory (unit and data-layer tests). */
export async function startDynalite(dir: string | undefined, port = 0): Promise<LocalDynamo> {
  if (dir) mkdirSync(dir, { recursive: true });
  const server = dynalite({ ...(dir ? { path: dir } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
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
}
