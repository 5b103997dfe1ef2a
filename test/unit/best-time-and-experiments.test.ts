// Statistics on synthetic call logs: a planted best hour is found, thin data widens the group,
// and an A/B test with no real difference is not declared a winner.
import { describe, expect, it } from "vitest";
import { countAttempts, localSlot, nextSlot, recommend, wilson } from "../../lambdas/core/talent/best-time.js";
import { compareArms } from "../../lambdas/core/talent/ab-test.js";

/** Deterministic PRNG (mulberry32) so the synthetic logs are the same on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticLog(n: number, rate: (weekday: number, hour: number) => number, seed: number) {
  const random = rng(seed);
  const out: Array<{ weekday: number; hour: number; connected: boolean }> = [];
  for (let i = 0; i < n; i++) {
    const weekday = 1 + Math.floor(random() * 5);
    const hour = 9 + Math.floor(random() * 12);
    out.push({ weekday, hour, connected: random() < rate(weekday, hour) });
  }
  return out;
}

describe("best time to contact", () => {
  it("finds a planted best hour (Wednesday 19:00) among weekday working hours", () => {
    const log = syntheticLog(60_000, (d, h) => (d === 3 && h === 19 ? 0.62 : 0.3), 7);
    const counts = countAttempts(log);
    const rec = recommend({ name: "sales", counts }, counts, 30)!;
    expect(rec).toMatchObject({ level: "family-weekday-hour", weekday: 3, hour: 19 });
    expect(rec.low).toBeGreaterThan(0.5);
    expect(rec.high).toBeLessThan(0.75);
  });

  it("falls back to the role family's hours, then to everyone, when cells are thin", () => {
    const thin = countAttempts(syntheticLog(900, (_d, h) => (h === 12 ? 0.7 : 0.2), 11));
    const rec = recommend({ name: "sales", counts: thin }, thin, 30)!;
    expect(rec.level).toBe("family-hour");
    expect(rec.hour).toBe(12);

    const empty = countAttempts([]);
    const everyone = countAttempts(syntheticLog(60_000, (_d, h) => (h === 10 ? 0.6 : 0.25), 3));
    const wide = recommend({ name: "design", counts: empty }, everyone, 30)!;
    expect(wide.group).toBe("*");
    expect(wide.hour).toBe(10);
    expect(recommend({ name: "x", counts: empty }, empty, 30)).toBeUndefined();
  });

  it("gives Wilson intervals that contain the rate and narrow with more data", () => {
    const small = wilson(4, 10);
    const large = wilson(400, 1000);
    expect(small.low).toBeLessThan(0.4);
    expect(small.high).toBeGreaterThan(0.4);
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it("computes local weekday and hour in the candidate's time zone and the next such slot", () => {
    // 2026-11-20 is a Friday; 11:30 UTC is 19:30 in Shanghai.
    expect(localSlot(new Date("2026-11-20T11:30:00Z"), "Asia/Shanghai")).toEqual({ weekday: 5, hour: 19 });
    const next = nextSlot(new Date("2026-11-20T11:30:00Z"), "Asia/Shanghai", 19, 3);
    expect(next.toISOString()).toBe("2026-11-25T11:00:00.000Z");
  });
});

describe("outreach experiments", () => {
  it("does not declare a winner when both arms have the same true response rate", () => {
    // 200 independent simulated experiments with no real difference: at alpha 0.05, about 5% are
    // false positives by chance; far more would mean the test is miscalibrated.
    let falseWinners = 0;
    const random = rng(42);
    for (let e = 0; e < 200; e++) {
      const arm = (name: string) => {
        let responded = 0;
        for (let i = 0; i < 500; i++) if (random() < 0.2) responded++;
        return { arm: name, assigned: 500, responded };
      };
      if (compareArms(arm("sms-first"), arm("call-first")).winner) falseWinners++;
    }
    expect(falseWinners).toBeLessThanOrEqual(20);
    // And a specific equal-rate experiment reports not-significant, with no winner.
    const verdict = compareArms({ arm: "A", assigned: 500, responded: 101 }, { arm: "B", assigned: 500, responded: 99 });
    expect(verdict).toMatchObject({ reason: "not-significant" });
    expect(verdict.winner).toBeUndefined();
  });

  it("declares the better arm when the difference is real and the sample large", () => {
    const verdict = compareArms({ arm: "template-A", assigned: 1000, responded: 150 }, { arm: "template-B", assigned: 1000, responded: 250 });
    expect(verdict.winner).toBe("template-B");
    expect(verdict.pValue).toBeLessThan(0.001);
  });

  it("waits for a minimum sample before judging", () => {
    expect(compareArms({ arm: "A", assigned: 10, responded: 9 }, { arm: "B", assigned: 10, responded: 1 })).toMatchObject({ reason: "too-few" });
  });
});
