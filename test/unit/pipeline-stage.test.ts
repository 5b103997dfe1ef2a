// Where the requisition board puts an application, from the application and the person's derived status.
import { describe, expect, it } from "vitest";
import { stageOf } from "../../lambdas/core/requisitions/pipeline.js";

const at = "2026-12-01T10:00:00.000Z";

describe("the pipeline board's stage", () => {
  it("keeps a stalled offer decision at the offer stage, and a stall without an offer where the application is", () => {
    expect(stageOf({ status: "engaged" }, { status: "stalled", updatedAt: at }, true)).toBe("offer");
    expect(stageOf({ status: "engaged" }, { status: "stalled", updatedAt: at }, false)).toBe("contacted");
  });

  it("follows the derived status for interviews, offers and hires, and a rejection wins", () => {
    expect(stageOf({ status: "engaged" }, { status: "interviewing", updatedAt: at })).toBe("interview");
    expect(stageOf({ status: "engaged" }, { status: "offered", updatedAt: at })).toBe("offer");
    expect(stageOf({ status: "engaged" }, { status: "hired", updatedAt: at })).toBe("hired");
    expect(stageOf({ status: "rejected" }, { status: "interviewing", updatedAt: at })).toBe("rejected");
  });
});
