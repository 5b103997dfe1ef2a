// The sending rules' schema: what HR may save (quiet hours that may cross midnight, or none; a daily cap
// of 1 to 20), what is refused and at which field path, and the env's seed of the default.
import { describe, expect, it } from "vitest";
import { BUILT_IN_SENDING_RULES, seededSendingRules, SendingRulesBody } from "../../lambdas/core/outreach/sending-rules.js";
import { problemFor } from "../../lambdas/core/shared/problem.js";
import { InterviewStepInput } from "../../lambdas/core/interview/interview-journey.js";
import { SchedulingLinkStepInput } from "../../lambdas/core/interview/scheduling-link-steps.js";

const refusal = (body: unknown) => {
  const parsed = SendingRulesBody.safeParse(body);
  expect(parsed.success, JSON.stringify(body)).toBe(false);
  return problemFor(parsed.error).errors!.map((e) => ({ path: e.path, code: e.code }));
};

describe("the sending rules HR may save", () => {
  it("takes quiet hours that cross midnight, ones inside one day, and none at all", () => {
    expect(SendingRulesBody.parse({ expectedVersion: 0, quietHours: { start: "20:00", end: "09:00" }, dailyCap: 3 }).quietHours).toEqual({ start: "20:00", end: "09:00" });
    expect(SendingRulesBody.parse({ expectedVersion: 4, quietHours: { start: "12:00", end: "13:30" }, dailyCap: 20 }).dailyCap).toBe(20);
    expect(SendingRulesBody.parse({ expectedVersion: 1, quietHours: null, dailyCap: 1 }).quietHours).toBeNull();
  });

  it("refuses a time that is not HH:MM at its own field path", () => {
    expect(refusal({ expectedVersion: 0, quietHours: { start: "9pm", end: "08:00" }, dailyCap: 3 })).toEqual([{ path: "quietHours.start", code: "invalid_format" }]);
    expect(refusal({ expectedVersion: 0, quietHours: { start: "21:00", end: "24:00" }, dailyCap: 3 })).toEqual([{ path: "quietHours.end", code: "invalid_format" }]);
  });

  it("refuses quiet hours that start when they end (a window of nothing, or of everything) on quietHours.end", () => {
    expect(refusal({ expectedVersion: 0, quietHours: { start: "08:00", end: "08:00" }, dailyCap: 3 })).toEqual([{ path: "quietHours.end", code: "custom" }]);
  });

  it("refuses a daily cap outside 1..20 or not a whole number", () => {
    expect(refusal({ expectedVersion: 0, quietHours: null, dailyCap: 0 })).toEqual([{ path: "dailyCap", code: "too_small" }]);
    expect(refusal({ expectedVersion: 0, quietHours: null, dailyCap: 21 })).toEqual([{ path: "dailyCap", code: "too_big" }]);
    expect(refusal({ expectedVersion: 0, quietHours: null, dailyCap: 2.5 })).toEqual([{ path: "dailyCap", code: "invalid_type" }]);
    expect(refusal({ expectedVersion: 0, quietHours: null, dailyCap: "3" })).toEqual([{ path: "dailyCap", code: "invalid_type" }]);
  });

  it("needs the version the editor read, and nothing it does not know", () => {
    expect(refusal({ quietHours: null, dailyCap: 3 })).toEqual([{ path: "expectedVersion", code: "invalid_type" }]);
    expect(refusal({ expectedVersion: 0, quietHours: { start: "21:00", end: "08:00", zone: "UTC" }, dailyCap: 3 })).toEqual([{ path: "quietHours", code: "unrecognized_keys" }]);
  });
});

describe("the default while nothing is saved", () => {
  it("is 21:00–08:00 and 3 a day, unless the deployer's env seeds others", () => {
    expect(seededSendingRules({})).toEqual(BUILT_IN_SENDING_RULES);
    expect(BUILT_IN_SENDING_RULES).toEqual({ quietHours: { start: "21:00", end: "08:00" }, dailyCap: 3 });
    expect(seededSendingRules({ QUIET_HOURS_START: "22:00", QUIET_HOURS_END: "07:30", DAILY_MESSAGE_CAP: 5 })).toEqual({ quietHours: { start: "22:00", end: "07:30" }, dailyCap: 5 });
    // Equal start and end meant "never quiet" to the env's planner: it stays so.
    expect(seededSendingRules({ QUIET_HOURS_START: "00:00", QUIET_HOURS_END: "00:00" }).quietHours).toBeNull();
  });
});

describe("journeys already running", () => {
  it("still accept the policy their executions carry, and plan without it", () => {
    const legacy = { quietHours: { start: "21:00", end: "08:00" }, dailyCap: 3 };
    const ref = { candidateId: "c1", interviewId: "i1", version: 1 };
    expect(InterviewStepInput.parse({ op: "plan-message", ...ref, channel: "preferred", policy: legacy }).op).toBe("plan-message");
    expect(InterviewStepInput.parse({ op: "plan-reminder", ...ref, beforeSeconds: 3600, policy: legacy }).op).toBe("plan-reminder");
    expect(SchedulingLinkStepInput.parse({ op: "plan-candidate-message", candidateId: "c1", policy: legacy }).op).toBe("plan-candidate-message");
    expect(InterviewStepInput.parse({ op: "plan-message", ...ref, channel: "preferred" }).op).toBe("plan-message");
  });
});
