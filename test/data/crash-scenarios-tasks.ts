// Crash scenarios for the task model's multi-item writes and for an approver's decision on an
// offer step (core/shared/multi-item-writes.ts): crashed at each write boundary, retried as the
// caller would, every effect is there exactly once.
import { expect } from "vitest";
import { decideApproval, respondToOffer } from "../../lambdas/core/offer/offer-decisions.js";
import { DynamoPreferenceStore } from "../../lambdas/adapters/dynamo-preference-store.js";
import type { ApprovalStepRecord, Offer, OfferLink } from "../../lambdas/core/offer/offer-model.js";
import { keys } from "../../lambdas/core/shared/keys.js";
import { AlreadyClosedError } from "../../lambdas/core/shared/errors.js";
import { completeTask } from "../../lambdas/core/tasks/complete-task.js";
import { closeTask, openTask } from "../../lambdas/core/tasks/tasks.js";
import type { CrashScenario } from "./crash-scenarios.js";
import type { CrashWorld } from "./crash-world.js";

const FAR = "2099-01-01T00:00:00.000Z";

async function candidate(w: CrashWorld, run: number, name: string) {
  const phone = `+86137${String(run).padStart(8, "0")}`;
  return (await w.store.findOrCreateCandidate(`task-cand-${run}`, { name, phoneE164: phone, locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "sms", source: "generic" }, "2026-11-20T00:00:00.000Z")).candidate;
}

const offerFor = (candidateId: string, offerId: string, status: Offer["status"]): Offer => ({
  offerId,
  candidateId,
  applicationId: "app-1",
  requisitionId: "req-1",
  locale: "zh-CN",
  parts: { location: "上海" },
  includeExecutiveStep: false,
  competingOffer: false,
  status,
  createdAt: "2026-11-20T00:00:00.000Z",
  updatedAt: "2026-11-20T00:00:00.000Z",
});

/** Swallows the answer a retry gets once the first attempt's close went through. */
const closedAlready = (e: unknown) => {
  if (!(e instanceof AlreadyClosedError)) throw e;
};

export const taskCrashScenarios: Record<"task.open" | "task.close" | "task.complete" | "offer.approval-decision" | "offer.respond", CrashScenario> = {
  "task.open": {
    arrange: async (w, run) => ({ candidateId: (await candidate(w, run, "周芷若")).candidateId, key: `crash-open-${run}` }),
    act: (w, c) => openTask({ kind: "call", type: "retry", subject: { candidateId: c.candidateId }, title: "Call back", dueAt: FAR, idempotencyKey: c.key }, { tasks: w.tasks, clock: w.clock }),
    check: async (w, c) => {
      const partition = await w.partition(keys.candidatePartition(c.candidateId));
      const tasks = partition.filter((i) => i.kind === "task");
      expect(tasks).toHaveLength(1);
      expect(partition.filter((i) => i.kind === "task-slot").map((s) => s.taskId)).toEqual([tasks[0]!.taskId]);
      expect((await w.partition(keys.taskRef(String(tasks[0]!.taskId)).pk)).map((r) => r.candidateId)).toEqual([c.candidateId]);
    },
  },

  "task.close": {
    arrange: async (w, run) => {
      const { candidateId } = await candidate(w, run, "赵敏");
      const { task } = await openTask({ kind: "call", type: "retry", subject: { candidateId }, title: "Call back", dueAt: FAR, idempotencyKey: `crash-close-${run}` }, { tasks: w.tasks, clock: w.clock });
      return { candidateId, taskId: task.taskId };
    },
    act: (w, c) => closeTask(c.taskId, { outcome: "reached", by: "recruiter" }, { tasks: w.tasks, clock: w.clock }).catch(closedAlready),
    check: async (w, c) => {
      const partition = await w.partition(keys.candidatePartition(c.candidateId));
      expect(partition.filter((i) => i.kind === "task").map((t) => t.state)).toEqual(["done"]);
      // The slot is free again: the next call task opens rather than moving a closed one.
      expect(partition.filter((i) => i.kind === "task-slot")).toEqual([]);
      // The close's timeline line came with it (one transaction), once however often it was retried.
      expect(partition.filter((i) => i.kind === "timeline" && i.type === "task.done").map((e) => (e.data as { by?: string }).by)).toEqual(["recruiter"]);
    },
  },

  "task.complete": {
    arrange: async (w, run) => {
      const { candidateId } = await candidate(w, run, "黄蓉");
      const offerId = `crash-offer-${run}`;
      await w.offers.saveDraft(offerFor(candidateId, offerId, "draft"));
      await w.offers.updateOffer(candidateId, offerId, { status: "decision-stalled" });
      const { task } = await openTask(
        { kind: "offer", type: "decision-stalled", subject: { candidateId, offerId }, title: "黄蓉 did not answer", suggestion: "a competing offer", dueAt: FAR, idempotencyKey: `crash-stalled-${run}` },
        { tasks: w.tasks, clock: w.clock },
      );
      return { candidateId, offerId, taskId: task.taskId };
    },
    act: (w, c) => completeTask(c.taskId, { resolution: "took a counter-offer" }, "hr@example.com", { tasks: w.tasks, store: w.store, offers: w.offers, clock: w.clock }).catch(closedAlready),
    check: async (w, c) => {
      const partition = await w.partition(keys.candidatePartition(c.candidateId));
      expect(partition.filter((i) => i.kind === "task").map((t) => [t.state, (t.resolution as { note?: string }).note])).toEqual([["done", "took a counter-offer"]]);
      expect((await w.offers.getOffer(c.candidateId, c.offerId))?.stalledReason).toBe("took a counter-offer");
      expect(partition.filter((i) => i.type === "offer.stall-reason.recorded")).toHaveLength(1);
      expect(partition.filter((i) => i.kind === "timeline" && i.type === "task.done")).toHaveLength(1);
    },
  },

  "offer.approval-decision": {
    arrange: async (w, run) => {
      const { candidateId } = await candidate(w, run, "郭靖");
      const offerId = `crash-approval-${run}`;
      const linkId = `crashLink${String(run).padStart(12, "0")}`;
      const { executionArn, taskToken } = await w.awaitCallback(`approval-${run}`);
      await w.offers.saveDraft(offerFor(candidateId, offerId, "draft"));
      await w.offers.updateOffer(candidateId, offerId, { status: "pending-approval" });
      const step: ApprovalStepRecord = { offerId, candidateId, round: "r1", stepIndex: 0, name: "Finance", required: 1, timeouts: 0, decisions: [], openedAt: "2026-11-20T00:00:00.000Z", approvers: [{ email: "cfo@example.com", name: "CFO", linkId }], taskToken };
      await w.offers.openApprovalStep(step);
      const link: OfferLink = { linkId, purpose: "approval", offerId, candidateId, round: "r1", stepIndex: 0, boundTo: "cfo@example.com", as: "approver", expiresAt: FAR };
      await w.offers.putLink(link);
      return { candidateId, offerId, linkId, executionArn };
    },
    // The approver presses the button again after an error page: the same POST.
    act: (w, c) => decideApproval(c.linkId, "approve", undefined, { ip: "203.0.113.7", userAgent: "Mail" }, { store: w.store, offers: w.offers, tasks: w.tasks, preferences: undefined as never, callbacks: w.callbacks, clock: w.clock }),
    check: async (w, c) => {
      const step = await w.offers.getApprovalStep(c.offerId, "r1", 0);
      expect(step?.decisions.map((d) => [d.approverEmail, d.decision])).toEqual([["cfo@example.com", "approve"]]);
      expect(step?.resolution?.outcome).toBe("approved");
      expect((await w.offers.getLink(c.linkId))?.usedAt).toBe(step?.decisions[0]?.at);
      const events = (await w.partition(keys.candidatePartition(c.candidateId))).filter((i) => i.type === "offer.approval.decided");
      expect(events).toHaveLength(1);
      // The waiting workflow was resumed, with the step's outcome.
      const execution = await w.execution(c.executionArn);
      expect(execution.status).toBe("SUCCEEDED");
      expect(JSON.parse(execution.output ?? "{}")).toEqual({ outcome: "approved", reason: null });
    },
  },

  "offer.respond": {
    arrange: async (w, run) => {
      const { candidateId } = await candidate(w, run, "穆念慈");
      const offerId = `crash-respond-${run}`;
      const linkId = `crashAnswer${String(run).padStart(10, "0")}`;
      const { executionArn, taskToken } = await w.awaitCallback(`respond-${run}`);
      await w.offers.saveDraft(offerFor(candidateId, offerId, "draft"));
      await w.offers.updateOffer(candidateId, offerId, { status: "sent", sentAt: "2026-11-20T00:00:00.000Z", responseLinkId: linkId, responseToken: taskToken, parts: { location: "上海", responseDeadline: FAR } });
      await w.offers.putLink({ linkId, purpose: "candidate", offerId, candidateId, boundTo: candidateId, as: "candidate", expiresAt: FAR });
      return { candidateId, offerId, linkId, executionArn };
    },
    // The candidate declines (and may be contacted later), gets an error page, and presses the button again.
    act: (w, c) =>
      respondToOffer(c.linkId, "decline", "另一家更近", { ip: "203.0.113.9", userAgent: "Phone" }, { store: w.store, offers: w.offers, tasks: w.tasks, preferences: new DynamoPreferenceStore(w.doc, w.table), callbacks: w.callbacks, clock: w.clock }, true),
    check: async (w, c) => {
      expect(await w.offers.getOffer(c.candidateId, c.offerId)).toMatchObject({ response: "declined", status: "declined" });
      const partition = await w.partition(keys.candidatePartition(c.candidateId));
      // The answer's event (what the derived status and the hiring report read), once.
      expect(partition.filter((i) => i.kind === "timeline" && i.type === "offer.declined").map((e) => (e.data as { offerId?: string }).offerId)).toEqual([c.offerId]);
      // The consent given with the decline, once.
      expect(partition.filter((i) => i.kind === "timeline" && i.type === "consent.granted")).toHaveLength(1);
      expect((await new DynamoPreferenceStore(w.doc, w.table).getPreferences(c.candidateId))?.consents["re-engagement"]?.granted).toBe(true);
      // The waiting workflow was resumed with the answer.
      const execution = await w.execution(c.executionArn);
      expect(execution.status).toBe("SUCCEEDED");
      expect(JSON.parse(execution.output ?? "{}")).toEqual({ response: "declined" });
    },
  },
};
