// `npm run build:asl`: writes the generated workflows (statemachines/src) to their committed
// statemachines/*.asl.json files. test/statemachines/asl-generated.test.ts fails when they drift.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../lib/state-machines.js";
import { aslText } from "../statemachines/src/builder.js";
import { generatedWorkflows } from "../statemachines/src/index.js";

for (const w of generatedWorkflows) {
  writeFileSync(join(repoRoot, w.file), aslText(w));
  console.log(`wrote ${w.file}`);
}
