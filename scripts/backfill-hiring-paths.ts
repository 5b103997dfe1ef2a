// `npm run backfill:hiring`: writes the hiring report's per-application records for everyone already
// in the table (core/requisitions/hiring-paths.ts). Needed once after deploying the read model onto a
// table that already holds applications; safe to run again, and while journeys run (a record is only
// replaced by one computed from newer facts).
//   AWS:   TABLE_NAME=<the stack's table> AWS_REGION=<region> npm run backfill:hiring
//   Local: HIREPATH_RUNTIME=local AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:<port> TABLE_NAME=<table> npm run backfill:hiring
import { createDocumentClient, DynamoHirepathStore } from "../lambdas/adapters/dynamo-store.js";
import { DynamoOfferStore } from "../lambdas/adapters/dynamo-offer-store.js";
import { DynamoHiringPathStore } from "../lambdas/adapters/dynamo-hiring-paths.js";
import { clientConfig } from "../lambdas/adapters/client-config.js";
import { backfillHiringPaths } from "../lambdas/core/requisitions/hiring-paths.js";

const table = process.env.TABLE_NAME;
if (!table) throw new Error("TABLE_NAME is required: the Hirepath table to backfill");
const runtime = process.env.HIREPATH_RUNTIME === "local" ? "local" : "aws";
const doc = createDocumentClient(clientConfig({ HIREPATH_RUNTIME: runtime }, "dynamodb"));
const result = await backfillHiringPaths({ store: new DynamoHirepathStore(doc, table), offers: new DynamoOfferStore(doc, table), hiringPaths: new DynamoHiringPathStore(doc, table) });
console.log(`hiring report records: ${result.records} written for ${result.people} people`);
