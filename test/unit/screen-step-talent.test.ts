// The journey's first step adds the requisition to the person's talent-pool record (moved there from
// the webhook acknowledgement), and a contended profile is retried by the journey, not failed.
import { describe, expect, it } from "vitest";
import { ConcurrentChangeError, TransientError } from "../../lambdas/core/errors.js";
import { runScreenStep } from "../../lambdas/core/journey-steps.js";
import type { HirepathStore } from "../../lambdas/core/ports.js";
import type { TalentStore } from "../../lambdas/core/talent-ports.js";
import { newTalentProfile, type TalentProfile } from "../../lambdas/core/talent-model.js";

const clock = { now: () => new Date("2026-11-21T03:00:00.000Z") };
const input = { candidateId: "cand-1", applicationId: "app-1" };

const fakeStoreApplication = () => ({ applicationId: "app-1", candidateId: "cand-1", requisitionId: "req-sales-sh", source: "greenhouse", status: "received", createdAt: "", updatedAt: "" });

function fakeStore(): HirepathStore {
  return {
    getApplication: async () => fakeStoreApplication(),
    getRequisition: async () => undefined,
    updateApplication: async () => {},
    addTimelineEvent: async () => {},
  } as unknown as HirepathStore;
}

function fakeTalent(update: (change: (t: TalentProfile) => TalentProfile | undefined) => Promise<TalentProfile>): TalentStore {
  return { updateTalent: async (_id: string, _now: string, change: (t: TalentProfile) => TalentProfile | undefined) => update(change) } as unknown as TalentStore;
}

describe("ScreenApplication and the talent pool", () => {
  it("adds the application's requisition to the person's pool record while screening", async () => {
    let written: TalentProfile | undefined;
    const talent = fakeTalent(async (change) => (written = change(newTalentProfile("cand-1", "2026-11-21T00:00:00.000Z")) ?? written!));
    const result = await runScreenStep(input, { store: fakeStore(), clock, talent });
    expect(result.decision).toBe("hold");
    expect(written?.requisitionIds).toEqual(["req-sales-sh"]);
  });

  it("starts the re-index from the journey's requisition id before reading the application", async () => {
    const order: string[] = [];
    const store = { ...fakeStore(), getApplication: async () => (order.push("read application"), fakeStoreApplication()) } as unknown as HirepathStore;
    const talent = fakeTalent(async (change) => (order.push("re-index"), change(newTalentProfile("cand-1", "2026-11-21T00:00:00.000Z"))!));
    await runScreenStep({ ...input, requisitionId: "req-sales-sh" }, { store, clock, talent });
    expect(order).toEqual(["re-index", "read application"]);
  });

  it("turns a profile that kept changing into a TransientError, which the journey retries", async () => {
    const talent = fakeTalent(async () => {
      throw new ConcurrentChangeError("talent profile cand-1 kept changing; retry");
    });
    await expect(runScreenStep(input, { store: fakeStore(), clock, talent })).rejects.toBeInstanceOf(TransientError);
  });
});
