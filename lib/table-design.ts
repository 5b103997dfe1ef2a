// The table's key schema and indexes, shared by the CDK table and the local dynalite table so the
// local stack runs against exactly the keys the deployed one has.
import { TableIndex } from "../lambdas/core/shared/keys.js";

export const tableKeys = { partitionKey: "pk", sortKey: "sk" } as const;

export interface IndexDesign {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

/** All string keys. Sparse: only items carrying the partition attribute appear in an index. */
export const tableIndexes: readonly IndexDesign[] = [
  { name: TableIndex.byEmail, partitionKey: "emailNorm", sortKey: "sk" },
  { name: TableIndex.byPhone, partitionKey: "phoneE164", sortKey: "sk" },
  { name: TableIndex.openTasks, partitionKey: "openTaskQueue", sortKey: "dueAt" },
];
