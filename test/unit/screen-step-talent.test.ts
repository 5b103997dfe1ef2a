// The application journey adds the requisition to the person's talent-pool record in a step of its
// own after the invite (AddToTalentPool), and again when it records its outcome, so a rejected or
// held application lands in the pool too. A contended profile is retried by the journey, not failed.
import { describe, expect, it } from "vitest";
import { ConcurrentChangeError, TransientError } from "../../lambdas/core/shared/errors.js";
import { addToTalentPool, recordOutcome, runScreenStep } from "../../lambdas/core/intake/application-journey.js";
import type { HirepathStore } from "../../lambdas/core/shared/ports.js";
import type { TalentStore } from "../../lambdas/core/talent/talent-ports.js";
import { newTalentProfile, type TalentProfile } from "../../lambdas/core/talent/talent-model.js";

const clock = { now: () => new Date("2026-11-21T03:00:00.000Z") };
const input = { candidateId: "cand-1", applicationId: "app-1" };

const fakeStoreApplication = () => ({ applicationId: "app-1", candidateId: "cand-1", requisitionId: "req-sales-sh", source: "greenhouse", status: "received", createdAt: "", updatedAt: "" });

function fakeStore(reads: string[] = []): HirepathStore {
  return {
    getApplication: async () => (reads.push("application"), fakeStoreApplication()),
    getRequisition: async () => undefined,
    updateApplication: async () => {},
    addTimelineEvent: async () => {},
  } as unknown as HirepathStore;
}

function fakeTalent(update: (change: (t: TalentProfile) => TalentProfile | undefined) => Promise<TalentProfile>): TalentStore {
  return { updateTalent: async (_id: string, _now: string, change: (t: TalentProfile) => TalentProfile | undefined) => update(change) } as unknown as TalentStore;
}

describe("the application journey and the talent pool", () => {
  it("screens without touching the pool: the invite is not held up by the re-index", async () => {
    const result = await runScreenStep(input, { store: fakeStore(), clock });
    expect(result.decision).toBe("hold");
  });

  it("adds the journey's requisition to the pool record without reading the application", async () => {
    let written: TalentProfile | undefined;
    const reads: string[] = [];
    const talent = fakeTalent(async (change) => (written = change(newTalentProfile("cand-1", "2026-11-21T00:00:00.000Z")) ?? written!));
    await addToTalentPool({ ...input, requisitionId: "req-sales-sh" }, { store: fakeStore(reads), clock, talent });
    expect(written?.requisitionIds).toEqual(["req-sales-sh"]);
    expect(reads).toEqual([]);
  });

  it("adds a rejected application to the pool when the outcome is recorded, but never lets the pool block recording a failure", async () => {
    let written: TalentProfile | undefined;
    const talent = fakeTalent(async (change) => (written = change(newTalentProfile("cand-1", "2026-11-21T00:00:00.000Z")) ?? written!));
    await recordOutcome({ ...input, outcome: "rejected" }, { store: fakeStore(), clock, talent });
    expect(written?.requisitionIds).toEqual(["req-sales-sh"]);
    const broken = fakeTalent(async () => {
      throw new Error("table unavailable");
    });
    await expect(recordOutcome({ ...input, outcome: "failed", error: { Error: "X" } }, { store: fakeStore(), clock, talent: broken })).resolves.toEqual({ outcome: "failed" });
  });

  it("turns a profile that kept changing into a TransientError, which the journey retries", async () => {
    const talent = fakeTalent(async () => {
      throw new ConcurrentChangeError("talent profile cand-1 kept changing; retry");
    });
    await expect(addToTalentPool(input, { store: fakeStore(), clock, talent })).rejects.toBeInstanceOf(TransientError);
  });
});
