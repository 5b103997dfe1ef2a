// The generated workflows are committed; this fails when a file differs from what its
// TypeScript source (statemachines/src) generates. Fix: `npm run build:asl`.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../lib/state-machines.js";
import { aslText } from "../../statemachines/src/builder.js";
import { generatedWorkflows } from "../../statemachines/src/index.js";

describe("generated workflows", () => {
  it("generates every statemachines/*.asl.json (none is written by hand)", () => {
    const files = readdirSync(join(repoRoot, "statemachines")).filter((f) => f.endsWith(".asl.json"));
    expect(generatedWorkflows.map((w) => w.file.replace("statemachines/", "")).sort()).toEqual(files.sort());
  });

  for (const w of generatedWorkflows) {
    it(`${w.file} is what statemachines/src generates (run npm run build:asl)`, () => {
      expect(readFileSync(join(repoRoot, w.file), "utf8")).toBe(aslText(w));
    });
  }
});
