// The one task model against dynalite (with its transaction layer) and the real key schema: a task
// opens once per idempotency key, closes once however many close it at the same moment, a candidate
// has one open call task (moved, not doubled; closed when the call is logged), the inbox filters and
// pages every kind, and the admin migration turns the three earlier task models into tasks, once.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutCommand, QueryCommand, ScanCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient, DynamoHirepathStore } from "../../lambdas/adapters/dynamo-store.js";
import { DynamoTalentStore } from "../../lambdas/adapters/dynamo-talent-store.js";
import { DynamoOfferStore } from "../../lambdas/adapters/dynamo-offer-store.js";
import { DynamoTaskStore } from "../../lambdas/adapters/dynamo-task-store.js";
import { keys } from "../../lambdas/core/shared/keys.js";
import { problemFor } from "../../lambdas/core/shared/problem.js";
import type { Clock } from "../../lambdas/core/shared/ports.js";
import { closeTask, listTasks, openTask } from "../../lambdas/core/tasks/tasks.js";
import { completeTask } from "../../lambdas/core/tasks/complete-task.js";
import { ListTasksQuery, type OpenTaskInput, type Task } from "../../lambdas/core/tasks/task-model.js";
import { logCall, LogCallInput } from "../../lambdas/core/talent/calls.js";
import { ensureTable, startDynalite, type LocalDynamo } from "../../local/aws/dynamodb.js";

let dynamo: LocalDynamo;
let doc: DynamoDBDocumentClient;
let tasks: DynamoTaskStore;
let store: DynamoHirepathStore;
let talent: DynamoTalentStore;
let offers: DynamoOfferStore;
const TABLE = "tasks-test";
const clock: Clock = { now: () => new Date() };
const deps = () => ({ tasks, clock });

beforeAll(async () => {
  dynamo = await startDynalite(undefined);
  const config = { endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } };
  await ensureTable(new DynamoDBClient(config), TABLE);
  doc = createDocumentClient(config);
  tasks = new DynamoTaskStore(doc, TABLE);
  store = new DynamoHirepathStore(doc, TABLE);
  talent = new DynamoTalentStore(doc, TABLE);
  offers = new DynamoOfferStore(doc, TABLE);
});
afterAll(async () => dynamo?.close());

let seq = 0;
const unique = (prefix: string) => `${prefix}-${++seq}`;
const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

const offerQuestion = (candidateId: string, over: Partial<OpenTaskInput> = {}): OpenTaskInput => ({
  kind: "offer",
  type: "candidate-question",
  subject: { candidateId, offerId: "o1" },
  title: "李雷 asked about the offer: 几点到？",
  context: { question: "几点到？" },
  dueAt: inAnHour(),
  idempotencyKey: unique("question"),
  ...over,
});

/** Every item of the candidate's partition that is a task (not the references or slots). */
async function taskItems(candidateId: string) {
  const out = await doc.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: "pk = :pk AND begins_with(sk, :t)", ExpressionAttributeValues: { ":pk": keys.candidatePartition(candidateId), ":t": "TASK" }, ConsistentRead: true }));
  return (out.Items ?? []).filter((i) => i.kind === "task");
}

const list = (query: Record<string, string | number>) => listTasks(ListTasksQuery.parse(query), { tasks });

describe("opening a task", () => {
  it("is a no-op the second time, even when both opens race", async () => {
    const candidateId = unique("cand");
    const input = offerQuestion(candidateId);
    const results = await Promise.all(Array.from({ length: 6 }, () => openTask(input, deps())));
    expect(results.filter((r) => r.outcome === "opened")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "existing")).toHaveLength(5);
    expect(new Set(results.map((r) => r.task.taskId)).size).toBe(1);
    expect(await taskItems(candidateId)).toHaveLength(1);
    // Later, with a changed title: still the first task, unchanged.
    const again = await openTask({ ...input, title: "something else" }, deps());
    expect(again).toMatchObject({ outcome: "existing", task: { title: input.title, state: "open" } });
  });
});

describe("closing a task", () => {
  it("lets exactly one of many concurrent closes win; every other gets 409 with the winner's resolution", async () => {
    const candidateId = unique("cand");
    const { task } = await openTask(offerQuestion(candidateId), deps());
    const closers = Array.from({ length: 8 }, (_, i) => `hr-${i}@example.com`);
    const settled = await Promise.allSettled(closers.map((by) => closeTask(task.taskId, { outcome: "answered", note: `answer from ${by}`, by }, deps())));
    const won = settled.filter((s): s is PromiseFulfilledResult<Task> => s.status === "fulfilled");
    const lost = settled.filter((s): s is PromiseRejectedResult => s.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(7);
    const stored = await tasks.getTask(task.taskId);
    expect(stored).toMatchObject({ state: "done", resolution: { by: won[0]!.value.resolution!.by, note: won[0]!.value.resolution!.note } });
    for (const l of lost) {
      const problem = problemFor(l.reason);
      expect(problem).toMatchObject({ status: 409, code: "already-closed", task: { taskId: task.taskId, state: "done", resolution: { by: stored!.resolution!.by } } });
    }
  });

  it("answers an offer question once: the answer reaches the timeline, and a late second close repairs nothing twice", async () => {
    const { candidate } = await store.findOrCreateCandidate(unique("cand"), { name: "李雷", phoneE164: `+86138${String(10_000_000 + seq).slice(-8)}`, locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "sms", source: "generic" }, new Date().toISOString());
    const { task } = await openTask(offerQuestion(candidate.candidateId), deps());
    const c = { tasks, store, offers, clock };
    const [a, b] = await Promise.allSettled([completeTask(task.taskId, { resolution: "九点" }, "hr-a", c), completeTask(task.taskId, { resolution: "十点" }, "hr-b", c)]);
    expect([a, b].filter((s) => s.status === "fulfilled")).toHaveLength(1);
    const view = await store.getCandidateView(candidate.candidateId);
    const answers = view!.timeline.filter((e) => e.type === "offer.question.answered");
    expect(answers).toHaveLength(1);
    expect(answers[0]!.data).toMatchObject({ question: "几点到？", answer: (await tasks.getTask(task.taskId))!.resolution!.note });
  });
});

describe("call tasks", () => {
  const callTask = (candidateId: string, key: string, dueAt: string): OpenTaskInput => ({ kind: "call", type: "retry", subject: { candidateId }, title: "Call back", dueAt, idempotencyKey: key });

  it("keeps one open call task per candidate: a second open moves it, and racing opens still leave one", async () => {
    const candidateId = unique("cand");
    const first = await openTask(callTask(candidateId, "k1", "2026-12-01T02:00:00.000Z"), deps());
    const second = await openTask(callTask(candidateId, "k2", "2026-12-02T02:00:00.000Z"), deps());
    expect(first.outcome).toBe("opened");
    expect(second).toMatchObject({ outcome: "moved", task: { taskId: first.task.taskId, dueAt: "2026-12-02T02:00:00.000Z", previousDueAt: "2026-12-01T02:00:00.000Z" } });

    const other = unique("cand");
    const raced = await Promise.all(Array.from({ length: 5 }, (_, i) => openTask(callTask(other, `race-${i}`, `2026-12-0${i + 1}T02:00:00.000Z`), deps())));
    expect(raced.filter((r) => r.outcome === "opened")).toHaveLength(1);
    const active = (await list({ kind: "call", candidateId: other })).items;
    expect(active).toHaveLength(1);
    expect(await taskItems(other)).toHaveLength(1);
  });

  it("closes the call task when the call is logged, and books the next attempt as the one call task", async () => {
    const { candidate } = await store.findOrCreateCandidate(unique("cand"), { name: "韩梅梅", phoneE164: `+86139${String(10_000_000 + seq).slice(-8)}`, locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "sms", source: "generic" }, new Date().toISOString());
    const callDeps = {
      store,
      talent,
      tasks,
      clock,
      followUps: {
        startJourney: async (): Promise<string> => {
          throw new Error("no follow-up in this test");
        },
      },
      config: { unreachableAfter: 10, minAttemptsForRecommendation: 5, defaultCallHour: 19 },
    };
    const log = (attemptKey: string, outcome: string) => logCall(candidate.candidateId, LogCallInput.parse({ attemptKey, outcome, followUp: false }), { sub: "recruiter-1" }, callDeps);

    await log("a1", "no-answer");
    const afterFirst = (await list({ kind: "call", candidateId: candidate.candidateId })).items;
    expect(afterFirst).toHaveLength(1);
    // The same call logged again (a retried request) closes nothing and books nothing new.
    await log("a1", "no-answer");
    expect((await list({ kind: "call", candidateId: candidate.candidateId })).items.map((t) => t.taskId)).toEqual([afterFirst[0]!.taskId]);

    await log("a2", "busy");
    const afterSecond = (await list({ kind: "call", candidateId: candidate.candidateId })).items;
    expect(afterSecond).toHaveLength(1);
    expect(afterSecond[0]!.taskId).not.toBe(afterFirst[0]!.taskId);
    expect(await tasks.getTask(afterFirst[0]!.taskId)).toMatchObject({ state: "done", resolution: { outcome: "busy", by: "recruiter-1" } });

    await log("a3", "reached");
    expect((await list({ kind: "call", candidateId: candidate.candidateId })).items).toHaveLength(0);
    expect(await tasks.getTask(afterSecond[0]!.taskId)).toMatchObject({ state: "done", resolution: { outcome: "reached" } });
    expect((await list({ kind: "call", candidateId: candidate.candidateId, state: "done" })).items).toHaveLength(2);
  });
});

describe("the inbox", () => {
  it("filters by kind, state, assignee, candidate and due time, and pages every kind without losing or repeating one", async () => {
    const candidateId = unique("cand");
    const opened: Task[] = [];
    for (let i = 0; i < 7; i++) {
      const kind = (["offer", "interview", "risk"] as const)[i % 3]!;
      const dueAt = `2030-01-0${i + 1}T00:00:00.000Z`;
      opened.push((await openTask({ kind, type: `t${i}`, subject: { candidateId }, title: `task ${i}`, dueAt, idempotencyKey: unique("inbox"), ...(kind === "interview" ? { assignee: "r@example.com" } : {}) }, deps())).task);
    }
    await closeTask(opened[6]!.taskId, { outcome: "done", by: "hr" }, deps());

    // Paged, from the index: every active task of this candidate once, soonest first.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ limit: 2, dueBefore: "2030-02-01T00:00:00Z", ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.filter((t) => t.subject.candidateId === candidateId).map((t) => t.taskId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(opened.slice(0, 6).map((t) => t.taskId));

    expect((await list({ candidateId, kind: "interview" })).items.map((t) => t.title)).toEqual(["task 1", "task 4"]);
    expect((await list({ assignee: "r@example.com", dueBefore: "2030-02-01T00:00:00Z" })).items.every((t) => t.kind === "interview")).toBe(true);
    expect((await list({ candidateId, state: "done" })).items.map((t) => t.taskId)).toEqual([opened[6]!.taskId]);
    expect((await list({ candidateId, dueBefore: "2030-01-03T00:00:00Z" })).items.map((t) => t.title)).toEqual(["task 0", "task 1"]);
    expect((await list({ kind: "offer,risk", state: "done", dueBefore: "2030-02-01T00:00:00Z" })).items.map((t) => t.taskId)).toContain(opened[6]!.taskId);
    // A candidate's tasks page too.
    const first = await list({ candidateId, limit: 4 });
    const second = await list({ candidateId, limit: 4, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((t) => t.taskId)).toEqual(opened.slice(0, 6).map((t) => t.taskId));
    expect(second.nextCursor).toBeUndefined();
  });
});

describe("migrating task items from before the one model", () => {
  const put = (item: Record<string, unknown>) => doc.send(new PutCommand({ TableName: TABLE, Item: item }));

  it("turns offer, recruiter and piled-up call tasks into tasks once, keeping ids, and a second run changes nothing", async () => {
    const piled = unique("cand");
    const lone = unique("cand");
    // Offer/HR tasks (one open, one done) where the task reference now goes.
    await put({ ...keys.taskRef("hr-open"), kind: "hr-task", taskId: "hr-open", candidateId: lone, offerId: "o9", taskType: "candidate-question", summary: "a question", question: "薪资？", createdAt: "2026-11-01T00:00:00.000Z", dueAt: "2026-11-01T01:00:00.000Z", status: "open", openTaskQueue: "hr" });
    await put({ ...keys.taskRef("hr-done"), kind: "hr-task", taskId: "hr-done", candidateId: lone, offerId: "o9", taskType: "risk-alert", summary: "risk", createdAt: "2026-11-01T00:00:00.000Z", dueAt: "2026-11-01T04:00:00.000Z", status: "done", doneAt: "2026-11-01T02:00:00.000Z", resolution: "called" });
    // A recruiter task, escalated.
    await put({ ...keys.staffTask("staff-1"), kind: "task", taskId: "staff-1", type: "call-candidate", candidateId: lone, interviewId: "i1", title: "Call the candidate", assignee: "r@example.com", managerEmail: "m@example.com", dueAt: "2026-11-02T00:00:00.000Z", status: "escalated", createdAt: "2026-11-01T00:00:00.000Z", escalatedAt: "2026-11-02T00:00:00.000Z", alerts: [{ channel: "email", to: "r@example.com", status: "sent", attempts: 1, at: "2026-11-01T00:00:00.000Z" }], openTaskQueue: "recruiters" });
    // Three call tasks for one person, never closed, and one for another.
    for (const [callId, dueAt] of [["c1", "2026-11-05T11:00:00.000Z"], ["c2", "2026-11-03T11:00:00.000Z"], ["c3", "2026-11-04T11:00:00.000Z"]] as const) {
      await put({ ...keys.callTask(piled, callId), kind: "call-task", candidateId: piled, callId, dueAt, reason: "retry after no-answer", openTaskQueue: "call-attempts" });
    }
    await put({ ...keys.callTask(lone, "c4"), kind: "call-task", candidateId: lone, callId: "c4", dueAt: "2026-11-06T11:00:00.000Z", reason: "candidate asked for a call back", openTaskQueue: "call-attempts" });

    // Before the migration, a task of the earlier model can still be read by its id.
    expect(await tasks.getTask("hr-open")).toMatchObject({ kind: "offer", type: "candidate-question", state: "open", context: { question: "薪资？" } });

    const run = async () => {
      const totals = { migrated: 0, merged: 0, pages: 0 };
      let cursor: string | undefined;
      do {
        const page = await tasks.migrateLegacy(3, cursor, "2026-11-10T00:00:00.000Z");
        totals.migrated += page.migrated;
        totals.merged += page.merged;
        totals.pages++;
        cursor = page.nextCursor;
      } while (cursor);
      return totals;
    };
    const first = await run();
    expect(first.pages).toBeGreaterThan(1);
    expect(first).toMatchObject({ migrated: 5, merged: 2 });

    expect(await tasks.getTask("hr-open")).toMatchObject({ kind: "offer", state: "open", subject: { candidateId: lone, offerId: "o9" } });
    expect(await tasks.getTask("hr-done")).toMatchObject({ kind: "risk", state: "done", resolution: { note: "called" } });
    expect(await tasks.getTask("staff-1")).toMatchObject({ kind: "interview", state: "escalated", assignee: "r@example.com", escalation: { to: ["m@example.com"] }, alerts: [{ to: "r@example.com" }] });
    const piledCalls = (await list({ kind: "call", candidateId: piled })).items;
    expect(piledCalls).toHaveLength(1);
    // The earliest due time wins: the most overdue call is the one to make.
    expect(piledCalls[0]!.dueAt).toBe("2026-11-03T11:00:00.000Z");
    expect((await list({ kind: "call", candidateId: piled, state: "cancelled" })).items.map((t) => t.resolution?.outcome)).toEqual(["duplicate", "duplicate"]);
    expect((await list({ kind: "call", candidateId: lone })).items).toEqual([expect.objectContaining({ type: "call-back", dueAt: "2026-11-06T11:00:00.000Z" })]);
    // The inbox shows them; no item of the earlier models is left.
    const inbox = (await list({ dueBefore: "2026-12-01T00:00:00Z", limit: 100 })).items.map((t) => t.taskId);
    expect(inbox).toEqual(expect.arrayContaining(["hr-open", "staff-1", piledCalls[0]!.taskId]));
    const leftovers = await doc.send(new ScanCommand({ TableName: TABLE, FilterExpression: "kind IN (:a, :b) OR begins_with(pk, :s)", ExpressionAttributeValues: { ":a": "hr-task", ":b": "call-task", ":s": "STAFFTASK#" }, ConsistentRead: true }));
    expect(leftovers.Items).toEqual([]);

    const before = JSON.stringify([...(await taskItems(piled)), ...(await taskItems(lone))]);
    expect(await run()).toMatchObject({ migrated: 0, merged: 0 });
    expect(JSON.stringify([...(await taskItems(piled)), ...(await taskItems(lone))])).toBe(before);
    // A migrated task closes like any other, once.
    await closeTask("staff-1", { outcome: "done", by: "r@example.com" }, deps());
    await expect(closeTask("staff-1", { outcome: "done", by: "r@example.com" }, deps())).rejects.toMatchObject({ name: "AlreadyClosedError" });
  });
});
