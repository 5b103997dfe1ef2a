// `npm run bench`: the performance targets, as a table and as bench-results.json. Not part of
// `npm test`: timing belongs in a benchmark run on a quiet machine, not in tests.
import { engineThroughput } from "./engine-throughput.js";
import { journeyCost } from "./journey-cost.js";
import { lambdaBundles } from "./lambda-bundles.js";
import { offerJourney } from "./offer-journey.js";
import { printTable, writeResults, type BenchRow } from "./report.js";
import { webhookLatency } from "./webhook-latency.js";
import { talentPool } from "./talent-pool.js";

const sections: Array<{ title: string; run: () => Promise<BenchRow[]> }> = [
  { title: "Local engine throughput", run: engineThroughput },
  { title: "Webhook to outbox latency", run: webhookLatency },
  { title: "Lambda bundles", run: lambdaBundles },
  { title: "Cost per journey", run: journeyCost },
  { title: "Offer journey", run: offerJourney },
  { title: "Talent pool", run: talentPool },
];

const only = process.argv.slice(2);
const results: Array<{ title: string; rows: BenchRow[] }> = [];
for (const [i, section] of sections.entries()) {
  if (only.length && !only.includes(String(i + 1))) continue;
  process.stderr.write(`running ${i + 1}. ${section.title}…\n`);
  results.push({ title: section.title, rows: await section.run() });
}
printTable(results);
writeResults("bench-results.json", results);
const missed = results.flatMap((s) => s.rows).filter((r) => r.met === false);
console.log(missed.length ? `\n${missed.length} target(s) missed: ${missed.map((r) => r.name).join(", ")}` : "\nAll targets met.");
process.exit(0);
