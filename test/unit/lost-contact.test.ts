import { describe, expect, it } from "vitest";
import { lostContactProbability } from "../../lambdas/core/talent/lost-contact.js";
import { newTalentProfile } from "../../lambdas/core/talent/talent-model.js";

const now = new Date("2026-11-20T00:00:00Z");
const event = (type: string, at: string, data: Record<string, unknown> = {}) => ({ eventId: `${type}${at}`, candidateId: "c", at, type, summary: "", data });

describe("lost-contact probability", () => {
  it("is zero with no evidence and grows with each failed attempt and bounced message", () => {
    expect(lostContactProbability(undefined, [], now)).toEqual({ probability: 0, factors: [] });
    const one = lostContactProbability({ ...newTalentProfile("c", now.toISOString()), failedAttempts: 1 }, [], now);
    const three = lostContactProbability({ ...newTalentProfile("c", now.toISOString()), failedAttempts: 3 }, [event("message.bounced", "2026-11-19T00:00:00Z")], now);
    expect(one.probability).toBeGreaterThan(0);
    expect(three.probability).toBeGreaterThan(one.probability);
    expect(three.factors).toEqual(["3 failed call attempts in a row", "1 bounced or failed messages", "never reached"]);
  });

  it("counts months of silence since the last engagement", () => {
    const recent = lostContactProbability(undefined, [event("message.opened", "2026-11-10T00:00:00Z")], now);
    const old = lostContactProbability(undefined, [event("talent.call", "2026-05-01T00:00:00Z", { outcome: "reached" })], now);
    expect(recent.probability).toBe(0);
    expect(old.probability).toBeGreaterThan(0.5);
    expect(old.factors[0]).toMatch(/no engagement for 6 months/);
  });
});
