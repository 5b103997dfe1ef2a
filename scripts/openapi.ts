// `npm run openapi`: writes lib/openapi/openapi.json and local.openapi.json from the route table.
// `npm run openapi -- --check` exits 1 when a committed file is stale (what the unit test checks too).
import { readFileSync, writeFileSync } from "node:fs";
import { LOCAL_OPENAPI_FILE, OPENAPI_FILE, apiDocument, localDocument, serialize } from "../lib/openapi/documents.js";

const check = process.argv.includes("--check");
let stale = 0;
for (const [file, doc] of [[OPENAPI_FILE, apiDocument()], [LOCAL_OPENAPI_FILE, localDocument()]] as const) {
  const text = serialize(doc);
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {
    // Not written yet.
  }
  if (current === text) continue;
  if (check) {
    console.error(`${file} is stale: run npm run openapi`);
    stale += 1;
  } else {
    writeFileSync(file, text);
    console.log(`wrote ${file}`);
  }
}
process.exit(stale ? 1 : 0);
