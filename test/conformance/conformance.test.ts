// Conformance of the local engine to AWS Step Functions, one `describe` per category. Each case
// is written from the AWS documentation page it cites (see cases/), and runs on the engine that
// `npm start` uses. `npm run bench` reports the pass rate per category from the same cases.
import { describe, expect, it } from "vitest";
import { categories } from "./cases/index.js";
import { runConformance, type CaseResult } from "./runner.js";

for (const category of categories) {
  describe(category.name, () => {
    let results: Map<string, CaseResult>;
    it.each(category.cases.map((c) => [c.name, c.doc] as const))("%s (%s)", async (name) => {
      results ??= new Map((await runConformance([category])).map((r) => [r.name, r]));
      const r = results.get(name)!;
      expect(r.passed, r.detail).toBe(true);
    });
  });
}
