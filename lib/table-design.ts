// The table's key schema and indexes, shared by the CDK table and the local dynalite table so the
// local stack runs against exactly the keys the deployed one has.
import { TableIndex } from "../lambdas/core/shared/keys.js";

/**
 * Every item kind the table holds (its `kind` attribute), each declaring whether it carries a
 * candidate's personal data and how erasure finds, erases and exports it. Defined beside the use
 * cases that walk it (lambdas/core/privacy/item-kinds.ts); a kind written without a declaration
 * fails test/unit/item-kinds.test.ts and stops an erasure that meets it.
 */
export { itemKinds, type ItemKind, type ItemKindDeclaration } from "../lambdas/core/privacy/item-kinds.js";

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
