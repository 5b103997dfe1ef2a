// The hiring report's per-application records (core/requisitions/hiring-paths.ts) in the table: one
// partition sorted by arrival, each write conditional on the stored record not being computed from
// newer facts, so a late or repeated refresh never puts an older picture back.
import { keys } from "../core/shared/keys.js";
import type { HiringPathRecord, HiringPathStore } from "../core/requisitions/hiring-report.js";
import { clientConfig, once, type RuntimeEnv } from "./client-config.js";
import { createDocumentClient, DynamoTable, type Item } from "./dynamo-table.js";

export class DynamoHiringPathStore extends DynamoTable implements HiringPathStore {
  async putHiringPath(record: HiringPathRecord): Promise<boolean> {
    const { path } = record;
    return this.putWhere(
      { ...keys.hiringPath(path.appliedAt, path.applicationId), kind: "hiring-path", candidateId: path.candidateId, ...record },
      { condition: "attribute_not_exists(pk) OR basis <= :basis", values: { ":basis": record.basis } },
    );
  }

  async listHiringPaths(since?: string): Promise<HiringPathRecord[]> {
    const items = await this.queryAll({
      KeyConditionExpression: since ? "pk = :pk AND sk >= :since" : "pk = :pk",
      ExpressionAttributeValues: { ":pk": keys.hiringPathPartition, ...(since ? { ":since": since } : {}) },
      ProjectionExpression: "#path, offers, declines, basis",
      ExpressionAttributeNames: { "#path": "path" },
    });
    return items.map((i: Item) => i as unknown as HiringPathRecord);
  }
}

export function hiringPathStoreFrom(env: RuntimeEnv & { TABLE_NAME: string }): DynamoHiringPathStore {
  return once(`hiring-paths:${env.TABLE_NAME}`, () => new DynamoHiringPathStore(createDocumentClient(clientConfig(env, "dynamodb")), env.TABLE_NAME));
}
