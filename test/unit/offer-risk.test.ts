import { describe, expect, it } from "vitest";
import { DEFAULT_RISK_WEIGHTS, riskAlert, riskInputsFor, scoreRisk, type RiskInputs } from "../../lambdas/core/offer/offer-risk.js";

const calm: RiskInputs = {
  expectationGap: 0.05,
  competingOffer: false,
  daysSinceLastResponse: 0.5,
  engagement: { opens: 2, clicks: 2, portalVisits: 1, questionsAnswered: 0 },
  daysFinalInterviewToOffer: 2,
  approvalHours: 10,
};

describe("drop-off risk score", () => {
  it("is 0 for an engaged candidate with a fair offer made quickly", () => {
    expect(scoreRisk(calm)).toEqual({ score: 0, topFactors: [] });
  });

  const worse: Array<[string, Partial<RiskInputs>]> = [
    ["an offer further below the expectation", { expectationGap: -0.1 }],
    ["a competing offer", { competingOffer: true }],
    ["more days since the candidate last responded", { daysSinceLastResponse: 4 }],
    ["less engagement", { engagement: { opens: 1, clicks: 0, portalVisits: 0, questionsAnswered: 0 } }],
    ["more days from final interview to offer", { daysFinalInterviewToOffer: 9 }],
    ["slower approvals", { approvalHours: 72 }],
  ];
  for (const [what, change] of worse) {
    it(`rises with ${what}, and names it as a top factor`, () => {
      const before = scoreRisk(calm);
      const after = scoreRisk({ ...calm, ...change });
      expect(after.score).toBeGreaterThan(before.score);
      expect(after.topFactors).toHaveLength(1);
      expect(after.topFactors[0]!.contribution).toBe(after.score);
    });
  }

  it("falls again when the candidate engages (answers a question, visits the portal)", () => {
    const quiet = scoreRisk({ ...calm, engagement: { opens: 0, clicks: 0, portalVisits: 0, questionsAnswered: 0 } });
    const engaged = scoreRisk({ ...calm, engagement: { opens: 0, clicks: 0, portalVisits: 1, questionsAnswered: 1 } });
    expect(engaged.score).toBeLessThan(quiet.score);
  });

  it("stays within 0–10 and lists at most three factors, largest first", () => {
    const worst = scoreRisk({ expectationGap: -0.5, competingOffer: true, daysSinceLastResponse: 30, engagement: { opens: 0, clicks: 0, portalVisits: 0, questionsAnswered: 0 }, daysFinalInterviewToOffer: 40, approvalHours: 500 });
    expect(worst.score).toBe(10);
    expect(worst.topFactors.map((f) => f.factor)).toEqual(["compensationGap", "competingOffer", "silence"]);
  });

  it("uses configured weights: a factor weighted 0 does not count, and the rest rescale to 0–10", () => {
    const weights = { ...DEFAULT_RISK_WEIGHTS, competingOffer: 0 };
    expect(scoreRisk({ ...calm, competingOffer: true }, weights).score).toBe(0);
    const onlyComp = { compensationGap: 1, competingOffer: 0, silence: 0, engagement: 0, interviewToOffer: 0, approvalDuration: 0 };
    expect(scoreRisk({ ...calm, expectationGap: -0.2 }, onlyComp).score).toBe(10);
  });
});

describe("risk alerts", () => {
  const at = (score: number) => ({ score, topFactors: [{ factor: "compensationGap" as const, contribution: score, detail: "" }] });
  it("alerts when the score crosses the threshold, suggesting actions from the top factors", () => {
    expect(riskAlert(5, at(6.5))).toEqual({ reason: "crossed-threshold", suggestedActions: ["clarify comp"] });
  });
  it("alerts when the score rises by 3 or more below the threshold", () => {
    expect(riskAlert(1, at(4))?.reason).toBe("rose-by-3");
  });
  it("stays quiet for a small rise, a fall, or staying above the threshold", () => {
    expect(riskAlert(3, at(5))).toBeUndefined();
    expect(riskAlert(8, at(7))).toBeUndefined();
    expect(riskAlert(7, at(8))).toBeUndefined();
  });
  it("does not count the first assessment as a rise", () => {
    expect(riskAlert(undefined, at(4))).toBeUndefined();
    expect(riskAlert(undefined, at(7))?.reason).toBe("crossed-threshold");
  });
});

describe("risk inputs from the timeline", () => {
  it("counts the candidate's own events as responses and engagement", () => {
    const now = new Date("2026-06-10T00:00:00Z");
    const inputs = riskInputsFor(
      { competingOffer: false, finalInterviewAt: "2026-06-01T00:00:00Z", submittedAt: "2026-06-03T00:00:00Z", approvedAt: "2026-06-05T00:00:00Z", sentAt: "2026-06-05T00:00:00Z" },
      -0.1,
      [
        { type: "message.opened", at: "2026-06-06T00:00:00Z" },
        { type: "portal.visited", at: "2026-06-07T00:00:00Z" },
        { type: "message.sent", at: "2026-06-09T00:00:00Z" },
      ],
      now,
    );
    expect(inputs).toEqual({
      expectationGap: -0.1,
      competingOffer: false,
      daysSinceLastResponse: 3,
      engagement: { opens: 1, clicks: 0, portalVisits: 1, questionsAnswered: 0 },
      daysFinalInterviewToOffer: 4,
      approvalHours: 48,
    });
  });
});
