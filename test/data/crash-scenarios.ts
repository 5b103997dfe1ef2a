// One crash scenario per multi-item operation: arrange what it needs, act as its caller does (the
// retry is the same call again), and check that each effect is there exactly once.
import { expect } from "vitest";
import { ingestApplication } from "../../lambdas/core/intake/intake.js";
import { keys } from "../../lambdas/core/shared/keys.js";
import type { MultiItemWriteId } from "../../lambdas/core/shared/multi-item-writes.js";
import type { CrashWorld } from "./crash-world.js";

export interface CrashScenario<C = any> {
  /** Sets up what the operation needs, with the switch off. `run` makes ids unique per run. */
  arrange(w: CrashWorld, run: number): Promise<C>;
  /** The operation as its caller runs it; the retry is the same call. */
  act(w: CrashWorld, ctx: C): Promise<unknown>;
  /** Every effect present exactly once. */
  check(w: CrashWorld, ctx: C): Promise<void>;
}

const phoneOf = (run: number) => `+86139${String(run).padStart(8, "0")}`;

async function onlyCandidateWithPhone(w: CrashWorld, phone: string): Promise<string> {
  const marker = (await w.partition(keys.phoneMarker(phone).pk))[0];
  expect(marker, `phone marker for ${phone}`).toBeDefined();
  const profiles = (await w.itemsOfKind("candidate")).filter((c) => c.phoneE164 === phone);
  expect(profiles.map((p) => p.candidateId)).toEqual([marker!.candidateId]);
  const listed = (await w.partition(keys.candidateListPartition)).filter((e) => e.candidateId === marker!.candidateId);
  expect(listed, "list entries").toHaveLength(1);
  return String(marker!.candidateId);
}

export const crashScenarios: Record<MultiItemWriteId, CrashScenario> = {
  "candidate.find-or-create": {
    arrange: async (_w, run) => ({ id: `cand-${run}`, phone: phoneOf(run), email: `p${run}@example.com` }),
    act: (w, c) =>
      w.store.findOrCreateCandidate(c.id, { name: "王小明", phoneE164: c.phone, emailNorm: c.email, locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "email", source: "generic" }, w.clock.now().toISOString()),
    check: async (w, c) => {
      const id = await onlyCandidateWithPhone(w, c.phone);
      expect((await w.partition(keys.emailMarker(c.email).pk))[0]?.candidateId).toBe(id);
    },
  },

  "intake.application": {
    arrange: async (_w, run) => ({ deliveryId: `delivery-${run}`, phone: phoneOf(run) }),
    act: (w, c) =>
      ingestApplication(
        {
          event: "application.created",
          candidate: { name: "李雷", phone: c.phone, locale: "zh-CN", timeZone: "Asia/Shanghai" },
          application: { requisitionId: "req-crash" },
        } as Parameters<typeof ingestApplication>[0],
        { source: "generic", deliveryId: c.deliveryId },
        { store: w.store, journeys: w.journeys("application"), clock: w.clock, config: { nudgeAfterSeconds: 3600 } },
      ),
    check: async (w, c) => {
      const candidateId = await onlyCandidateWithPhone(w, c.phone);
      const partition = await w.partition(keys.candidatePartition(candidateId));
      const applications = partition.filter((i) => i.kind === "application");
      expect(applications).toHaveLength(1);
      const applicationId = String(applications[0]!.applicationId);
      expect(partition.filter((i) => i.type === "application.received")).toHaveLength(1);
      expect(w.executions("application", `app-${applicationId}`)).toHaveLength(1);
      expect(applications[0]!.executionArn).toBe(w.executions("application", `app-${applicationId}`)[0]);
      const delivery = (await w.partition(keys.webhookDelivery("generic", c.deliveryId).pk))[0];
      expect(delivery).toMatchObject({ status: "completed", applicationId, candidateId });
    },
  },

  "requisition.put": {
    arrange: async (_w, run) => ({ requisitionId: `req-${run}`, title: `Sales ${run}` }),
    act: (w, c) => w.store.putRequisition({ requisitionId: c.requisitionId, title: c.title, locale: "zh-CN", screening: { requiredKeywords: [], bonusKeywords: [], knockOutQuestions: [] }, updatedAt: w.clock.now().toISOString() }),
    check: async (w, c) => {
      const item = await w.store.getRequisition(c.requisitionId);
      const listed = (await w.store.listRequisitions()).filter((r) => r.requisitionId === c.requisitionId);
      expect(listed).toHaveLength(1);
      expect(listed[0]).toEqual(item);
    },
  },
};
