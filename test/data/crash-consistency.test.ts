// Every multi-item operation (core/shared/multi-item-writes.ts), crashed at each of its write
// boundaries in turn, then retried as its caller would: afterwards each effect is there exactly
// once. A run without a crash first counts the boundaries; an operation with none to crash at
// fails the test, so the list cannot hold an entry that is not exercised.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { multiItemWrites, type MultiItemWriteId } from "../../lambdas/core/shared/multi-item-writes.js";
import { openCrashWorld, type CrashWorld } from "./crash-world.js";
import { crashScenarios } from "./crash-scenarios.js";

let w: CrashWorld;
beforeAll(async () => {
  w = await openCrashWorld();
});
afterAll(async () => w?.close());

describe("crash consistency of multi-item writes", () => {
  it("has a crash scenario for every listed operation, and lists every scenario", () => {
    expect(Object.keys(crashScenarios).sort()).toEqual(multiItemWrites.map((o) => o.id).sort());
  });

  let run = 0;
  for (const op of multiItemWrites) {
    it(`${op.id} (${op.strategy}): a crash at any write boundary, then a retry, leaves every effect exactly once`, async () => {
      const scenario = crashScenarios[op.id as MultiItemWriteId];
      w.crash.arm(Number.POSITIVE_INFINITY);
      const clean = await scenario.arrange(w, ++run);
      w.crash.arm(Number.POSITIVE_INFINITY);
      await scenario.act(w, clean);
      const boundaries = w.crash.effects;
      w.crash.disarm();
      await scenario.check(w, clean);
      expect(boundaries, `${op.id} made no effect to crash before`).toBeGreaterThan(0);
      // A transaction has no boundary inside it: nothing a crash could leave half done, with or
      // without a retry (the caller may never retry: HR closes the tab, the process is killed).
      if (op.strategy === "transaction") expect(boundaries, `${op.id} is listed as one transaction but made ${boundaries} writes`).toBe(1);

      for (let crashAfter = 0; crashAfter < boundaries; crashAfter++) {
        const ctx = await scenario.arrange(w, ++run);
        w.crash.arm(crashAfter);
        const outcome = await scenario.act(w, ctx).then(
          () => "finished",
          (e: unknown) => e,
        );
        expect(w.crash.refused, `${op.id}: nothing was refused after ${crashAfter} effects (${String(outcome)})`).toBeGreaterThan(0);
        w.crash.disarm();
        await scenario.act(w, ctx);
        await scenario.check(w, ctx);
        // A second retry changes nothing either.
        await scenario.act(w, ctx);
        await scenario.check(w, ctx);
      }
    });
  }
});
