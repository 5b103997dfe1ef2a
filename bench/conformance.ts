// 8. Conformance of the local engine to AWS Step Functions: the pass rate of each category of
// the suite in test/conformance (cases written from AWS's documentation, each citing its page).
// The same cases run in `npm test`; here they become one row per category.
import { categories } from "../test/conformance/cases/index.js";
import { runConformance } from "../test/conformance/runner.js";
import { row, type BenchRow } from "./report.js";

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");

export async function conformance(): Promise<BenchRow[]> {
  const results = await runConformance(categories);
  const rows = categories.map((c) => {
    const mine = results.filter((r) => r.category === c.name);
    const passed = mine.filter((r) => r.passed).length;
    return row(`conformance.${slug(c.name)}.pass_rate`, `Conformance: ${c.name} (${passed}/${mine.length} cases)`, (100 * passed) / mine.length, "%", { op: ">=", value: 100 });
  });
  const passed = results.filter((r) => r.passed).length;
  rows.push(row("conformance.all.pass_rate", `Conformance: all categories (${passed}/${results.length} cases)`, (100 * passed) / results.length, "%", { op: ">=", value: 100 }));
  for (const r of results) if (!r.passed) process.stderr.write(`conformance: ${r.category} / ${r.name}: ${r.detail}\n`);
  return rows;
}
