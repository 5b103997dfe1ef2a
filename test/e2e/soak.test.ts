// The soak at a size CI carries: about 50 journeys through `npm start`, kill -9 three times at
// random moments with a restart each time. Nothing lost, nothing twice, nothing stuck.
// `npm run bench` runs a bigger one (the reliability row).
import { describe, expect, it } from "vitest";
import { runSoak } from "./soak.js";

describe("soak: journeys through kill -9 and restart", () => {
  it("loses, duplicates and strands nothing over 50 journeys and 3 kills", async () => {
    const result = await runSoak({ journeys: 50, kills: 3, seed: 7 });
    expect(result.kills).toBe(3);
    expect(result.findings).toEqual([]);
    expect(result).toMatchObject({ lost: 0, duplicated: 0, stuck: 0 });
  }, 300_000);
});
