// `npm run bench`: the performance targets, as a table and as bench-results.json. Not part of
// `npm test`: timing belongs in a benchmark run on a quiet machine, not in tests.
//
// Each section runs in its own Node process: a local stack loads the handler modules (and their
// SDK clients) once per process, so two stacks in one process would share the first one's endpoints.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { conformance } from "./conformance.js";
import { engineThroughput } from "./engine-throughput.js";
import { intakeCost } from "./intake-cost.js";
import { intakeLoad } from "./intake-load.js";
import { journeyCost } from "./journey-cost.js";
import { lifecycleCost } from "./lifecycle-cost.js";
import { lambdaBundles } from "./lambda-bundles.js";
import { nurtureSkip } from "./nurture-skip.js";
import { offerJourney } from "./offer-journey.js";
import { printTable, writeResults, type BenchRow } from "./report.js";
import { reliability } from "./reliability.js";
import { talentPool } from "./talent-pool.js";
import { webhookLatency } from "./webhook-latency.js";

const sections: Array<{ title: string; run: () => Promise<BenchRow[]> }> = [
  { title: "Local engine throughput", run: engineThroughput },
  { title: "Webhook to outbox latency", run: webhookLatency },
  { title: "Lambda bundles", run: lambdaBundles },
  { title: "Cost per journey", run: journeyCost },
  { title: "Offer journey", run: offerJourney },
  { title: "Talent pool", run: talentPool },
  { title: "Reliability", run: reliability },
  { title: "Step Functions conformance", run: conformance },
  { title: "Whole candidate lifecycle", run: lifecycleCost },
  { title: "Journey time", run: nurtureSkip },
  { title: "Webhook intake under load", run: intakeLoad },
  { title: "Intake cost per webhook", run: intakeCost },
];

const child = process.env.HIREPATH_BENCH_SECTION;
if (child) {
  // Child: run one section, hand its rows back through a file.
  const rows = await sections[Number(child) - 1]!.run();
  writeFileSync(process.env.HIREPATH_BENCH_OUT!, JSON.stringify(rows));
  process.exit(0);
}

const only = process.argv.slice(2);
const scratch = mkdtempSync(join(tmpdir(), "hirepath-bench-"));
const results: Array<{ title: string; rows: BenchRow[] }> = [];
const failed: string[] = [];
for (const [i, section] of sections.entries()) {
  const n = String(i + 1);
  if (only.length && !only.includes(n)) continue;
  process.stderr.write(`running ${n}. ${section.title}…\n`);
  const out = join(scratch, `${n}.json`);
  const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
    env: { ...process.env, HIREPATH_BENCH_SECTION: n, HIREPATH_BENCH_OUT: out },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (r.status !== 0) {
    failed.push(`${n}. ${section.title}`);
    continue;
  }
  results.push({ title: section.title, rows: JSON.parse(readFileSync(out, "utf8")) as BenchRow[] });
}
rmSync(scratch, { recursive: true, force: true });
printTable(results);
writeResults("bench-results.json", results);
const missed = results.flatMap((s) => s.rows).filter((r) => r.met === false);
console.log(missed.length ? `\n${missed.length} target(s) missed: ${missed.map((r) => r.name).join(", ")}` : "\nAll targets met.");
if (failed.length) console.log(`Sections that failed to run: ${failed.join(", ")}`);
process.exit(failed.length ? 1 : 0);
