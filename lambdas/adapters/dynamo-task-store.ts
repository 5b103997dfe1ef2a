// The DynamoDB TaskStore. A task is one item in its candidate's partition (`TASK#<id>`), found by id
// through a reference item (`TASK#<id>` / `TASK`). Its state's list in the openTasks index orders it
// by due time. Opening (task + reference + slot) and closing (task + slot) are transactions, so the
// slot never points at a task that is gone, and a task is never half open. A close also writes its
// timeline event, so a task never closes without one.
import { ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { keys, TableIndex, type ItemKey } from "../core/shared/keys.js";
import { ConcurrentChangeError } from "../core/shared/errors.js";
import type { AlertDelivery } from "../core/shared/model.js";
import type { Page } from "../core/shared/ports.js";
import { fromLegacyCallTask, fromLegacyHrTask, fromLegacyStaffTask } from "../core/tasks/legacy-tasks.js";
import { isActive, Task, type TaskState } from "../core/tasks/task-model.js";
import { taskClosedEvent } from "../core/tasks/task-closed-event.js";
import type { LegacyTaskPage, OpenOutcome, TaskChange, TaskListFilter, TaskStore, TransitionOutcome } from "../core/tasks/task-ports.js";
import { clientConfig, once, type RuntimeEnv } from "./client-config.js";
import { call, createDocumentClient, DynamoTable, type Item, type WriteAction } from "./dynamo-table.js";
import { timelineItem } from "./items.js";

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const decode = <T>(cursor: string | undefined): T | undefined => {
  if (!cursor) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as T;
  } catch {
    return undefined;
  }
};

const listOf = (state: TaskState) => keys.taskList(isActive(state) ? "active" : state === "done" ? "done" : "cancelled");
// Every item's `kind` names its item type in the single table, so the task's own kind is kept as
// `taskKind`; `candidateId` sits on top as on every item that names a candidate (erasure finds it).
const taskItem = (t: Task): Item => ({ ...keys.task(t.subject.candidateId, t.taskId), ...t, kind: "task", taskKind: t.kind, candidateId: t.subject.candidateId, openTaskQueue: listOf(t.state) });
const taskFrom = (i: Item | undefined): Task | undefined => {
  if (!i) return undefined;
  const { pk: _p, sk: _s, kind: _k, taskKind, candidateId: _c, openTaskQueue: _q, ...rest } = i;
  return Task.parse({ ...rest, kind: taskKind });
};
const refItem = (t: Task): Item => ({ ...keys.taskRef(t.taskId), kind: "task-ref", taskId: t.taskId, candidateId: t.subject.candidateId });
const slotItem = (t: Task): Item => ({ ...keys.taskSlot(t.subject.candidateId, t.slot!), kind: "task-slot", taskId: t.taskId, candidateId: t.subject.candidateId, slot: t.slot });
const keyOf = (i: Item): ItemKey => ({ pk: String(i.pk), sk: String(i.sk) });

/** How many index pages one listing reads at most before it returns what it has, with a cursor. */
const MAX_PAGES_PER_LISTING = 20;
const ATTEMPTS = 5;

export class DynamoTaskStore extends DynamoTable implements TaskStore {
  private async primary(candidateId: string, taskId: string): Promise<Task | undefined> {
    return taskFrom(await this.get(keys.task(candidateId, taskId)));
  }

  /** The task by id, and the item of an earlier model it still is, if it has not been migrated. */
  private async locate(taskId: string): Promise<{ task: Task; legacy?: Item } | undefined> {
    const ref = await this.get(keys.taskRef(taskId));
    if (ref?.kind === "task-ref") {
      const task = await this.primary(String(ref.candidateId), taskId);
      return task ? { task } : undefined;
    }
    if (ref?.kind === "hr-task") return { task: fromLegacyHrTask(ref), legacy: ref };
    const staff = await this.get(keys.staffTask(taskId));
    if (staff) return { task: fromLegacyStaffTask(staff), legacy: staff };
    return undefined;
  }

  async getTask(taskId: string): Promise<Task | undefined> {
    return (await this.locate(taskId))?.task;
  }

  async open(task: Task): Promise<OpenOutcome> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const existing = await this.getTask(task.taskId);
      if (existing) return { outcome: "existing", task: existing };
      const slot = task.slot ? await this.get(keys.taskSlot(task.subject.candidateId, task.slot)) : undefined;
      if (slot) {
        const holder = await this.primary(task.subject.candidateId, String(slot.taskId));
        if (holder && isActive(holder.state)) {
          const moved = { dueAt: task.dueAt, previousDueAt: holder.dueAt, movedAt: task.createdAt, updatedAt: task.createdAt };
          const ok = await this.update(keys.task(holder.subject.candidateId, holder.taskId), moved, { condition: "#state IN (:open, :escalated)", names: { "#state": "state" }, values: { ":open": "open", ":escalated": "escalated" } });
          if (ok) return { outcome: "moved", task: { ...holder, ...moved } };
          continue;
        }
      }
      const actions: WriteAction[] = [{ put: taskItem(task), terms: { condition: "attribute_not_exists(pk)" } }, { put: refItem(task) }];
      // The slot is taken only if it is still as read: free, or pointing at a task that is no longer active.
      if (task.slot) actions.push({ put: slotItem(task), terms: slot ? { condition: "taskId = :was", values: { ":was": slot.taskId } } : { condition: "attribute_not_exists(pk)" } });
      const outcome = await this.transact(actions);
      if (outcome.ok) return { outcome: "opened", task };
    }
    throw new ConcurrentChangeError(`task ${task.taskId}: its slot kept changing while it was opened`);
  }

  async activeInSlot(candidateId: string, slot: string): Promise<Task | undefined> {
    const marker = await this.get(keys.taskSlot(candidateId, slot));
    if (!marker) return undefined;
    const task = await this.primary(candidateId, String(marker.taskId));
    return task && isActive(task.state) ? task : undefined;
  }

  async transition(taskId: string, from: readonly TaskState[], change: TaskChange): Promise<TransitionOutcome> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const found = await this.locate(taskId);
      if (!found) return { ok: false, current: undefined };
      // A task still in an earlier model's item becomes a task first; then it changes like any other.
      if (found.legacy) {
        await this.migrateOne(found.legacy, change.at);
        continue;
      }
      const task = found.task;
      if (!from.includes(task.state)) return { ok: false, current: task };
      const next: Task = {
        ...task,
        state: change.state,
        updatedAt: change.at,
        ...(change.state === "escalated" ? { escalatedAt: change.at } : {}),
        ...(isActive(change.state) ? {} : { closedAt: change.at }),
        ...(change.resolution ? { resolution: change.resolution } : {}),
      };
      const values = Object.fromEntries(from.map((s, i) => [`:from${i}`, s]));
      const actions: WriteAction[] = [{ put: taskItem(next), terms: { condition: `#state IN (${Object.keys(values).join(", ")})`, names: { "#state": "state" }, values } }];
      const slot = task.slot && isActive(task.state) && !isActive(change.state) ? await this.get(keys.taskSlot(task.subject.candidateId, task.slot)) : undefined;
      if (slot?.taskId === taskId) actions.push({ delete: keyOf(slot), terms: { condition: "taskId = :me", values: { ":me": taskId } } });
      // Every close leaves its timeline line, whoever closed it (core/tasks/task-closed-event.ts). Only
      // the winning close gets here, and the line's key derives from the task: one line per task.
      const closed = taskClosedEvent(next);
      if (closed) actions.push({ put: timelineItem(closed) });
      const outcome = await this.transact(actions);
      if (outcome.ok) return { ok: true, task: next };
      if (outcome.failed.includes(0)) return { ok: false, current: await this.getTask(taskId) };
    }
    throw new ConcurrentChangeError(`task ${taskId} kept changing`);
  }

  async appendAlerts(taskId: string, alerts: AlertDelivery[]): Promise<void> {
    let found = await this.locate(taskId);
    if (found?.legacy) {
      await this.migrateOne(found.legacy, alerts[0]?.at ?? new Date(0).toISOString());
      found = await this.locate(taskId);
    }
    if (!found) return;
    await call(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.task(found.task.subject.candidateId, taskId),
          UpdateExpression: "SET #a = list_append(if_not_exists(#a, :empty), :more)",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: { "#a": "alerts" },
          ExpressionAttributeValues: { ":empty": [], ":more": alerts },
        }),
      ),
    );
  }

  // --- listing ----------------------------------------------------------------------------------

  async list(filter: TaskListFilter): Promise<Page<Task>> {
    return filter.candidateId ? this.listForCandidate(filter.candidateId, filter) : this.listFromIndex(filter);
  }

  private matches(task: Task, filter: TaskListFilter): boolean {
    if (filter.kinds && !filter.kinds.includes(task.kind)) return false;
    if (filter.state ? task.state !== filter.state : !isActive(task.state)) return false;
    if (filter.assignee && task.assignee !== filter.assignee) return false;
    if (filter.queue && task.queue !== filter.queue) return false;
    if (filter.dueBefore && !(task.dueAt < filter.dueBefore)) return false;
    return true;
  }

  /** A candidate's tasks are few and in one partition: read them all, order by due time, page by position. */
  private async listForCandidate(candidateId: string, filter: TaskListFilter): Promise<Page<Task>> {
    const items = await this.queryAll({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": keys.candidatePartition(candidateId), ":prefix": keys.taskPrefix },
      ConsistentRead: true,
    });
    const after = decode<{ d: string; t: string }>(filter.cursor);
    const tasks = items
      .filter((i) => i.kind === "task")
      .map((i) => taskFrom(i)!)
      .filter((t) => this.matches(t, filter))
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.taskId.localeCompare(b.taskId))
      .filter((t) => !after || t.dueAt > after.d || (t.dueAt === after.d && t.taskId > after.t));
    const page = tasks.slice(0, filter.limit);
    const last = page.at(-1);
    return { items: page, ...(tasks.length > filter.limit && last ? { nextCursor: encode({ d: last.dueAt, t: last.taskId }) } : {}) };
  }

  /** One state's list in the openTasks index, soonest due first, filtered on the way. */
  private async listFromIndex(filter: TaskListFilter): Promise<Page<Task>> {
    const list = filter.state ? listOf(filter.state) : keys.taskList("active");
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ":list": list };
    const conditions: string[] = [];
    if (filter.kinds?.length) conditions.push(`taskKind IN (${filter.kinds.map((k, i) => ((values[`:k${i}`] = k), `:k${i}`)).join(", ")})`);
    if (filter.state === "open" || filter.state === "escalated") {
      names["#state"] = "state";
      values[":state"] = filter.state;
      conditions.push("#state = :state");
    }
    if (filter.assignee) (values[":assignee"] = filter.assignee), conditions.push("assignee = :assignee");
    if (filter.queue) (names["#queue"] = "queue"), (values[":queue"] = filter.queue), conditions.push("#queue = :queue");
    if (filter.dueBefore) values[":before"] = filter.dueBefore;
    const collected: Item[] = [];
    let start = decode<Record<string, unknown>>(filter.cursor);
    let more = false;
    for (let page = 0; page < MAX_PAGES_PER_LISTING; page++) {
      const out = await this.query({
        IndexName: TableIndex.openTasks,
        KeyConditionExpression: `openTaskQueue = :list${filter.dueBefore ? " AND dueAt < :before" : ""}`,
        ...(conditions.length ? { FilterExpression: conditions.join(" AND ") } : {}),
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
        Limit: Math.max(filter.limit, 25),
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      collected.push(...out.items);
      start = out.last;
      more = Boolean(out.last);
      if (!more || collected.length >= filter.limit) break;
    }
    const page = collected.slice(0, filter.limit);
    const cut = collected.length > filter.limit || (more && collected.length === filter.limit);
    const last = page.at(-1);
    // Resume after the last item returned (its table and index keys), or where the reading stopped.
    const nextKey = cut && last ? { pk: last.pk, sk: last.sk, openTaskQueue: last.openTaskQueue, dueAt: last.dueAt } : more ? start : undefined;
    return { items: page.map((i) => taskFrom(i)!), ...(nextKey ? { nextCursor: encode(nextKey) } : {}) };
  }

  // --- migration from the earlier models -----------------------------------------------------

  /** Rewrites one item of an earlier model as a task. Idempotent: a second run finds nothing to do. */
  private async migrateOne(item: Item, now: string): Promise<"migrated" | "merged" | "done"> {
    if (item.kind === "hr-task") {
      const task = fromLegacyHrTask(item);
      // The old item sat where the reference goes: the reference replaces it, only while it is still the old item.
      const outcome = await this.transact([
        { put: taskItem(task), terms: { condition: "attribute_not_exists(pk)" } },
        { put: refItem(task), terms: { condition: "kind = :old", values: { ":old": "hr-task" } } },
      ]);
      if (outcome.ok) return "migrated";
      if (outcome.failed.includes(1)) return "done";
      // The task exists (opened again under its old id): only the reference is missing.
      await this.putWhere(refItem(task), { condition: "kind = :old", values: { ":old": "hr-task" } });
      return "migrated";
    }
    if (String(item.pk).startsWith(keys.staffTaskPrefix)) {
      const task = fromLegacyStaffTask(item);
      const outcome = await this.transact([{ put: taskItem(task), terms: { condition: "attribute_not_exists(pk)" } }, { put: refItem(task) }, { delete: keyOf(item) }]);
      if (!outcome.ok) await this.transact([{ delete: keyOf(item) }]);
      return "migrated";
    }
    if (item.kind === "call-task") {
      const task = fromLegacyCallTask(item, now);
      // Call tasks piled up (one per missed call, never closed): the first becomes the candidate's
      // open call task, and each later one is merged into it (the earlier due time wins).
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        if (await this.getTask(task.taskId)) {
          await this.transact([{ delete: keyOf(item) }]);
          return "done";
        }
        const holder = await this.activeInSlot(task.subject.candidateId, "call");
        if (holder) {
          const merged: Task = { ...task, state: "cancelled", closedAt: now, resolution: { outcome: "duplicate", note: `merged into task ${holder.taskId}`, by: "task migration", at: now } };
          const earlier = task.dueAt < holder.dueAt ? { dueAt: task.dueAt, previousDueAt: holder.dueAt, movedAt: now, updatedAt: now } : undefined;
          const outcome = await this.transact([
            { put: taskItem(merged), terms: { condition: "attribute_not_exists(pk)" } },
            { put: refItem(merged) },
            { delete: keyOf(item) },
            ...(earlier ? [{ put: taskItem({ ...holder, ...earlier }), terms: { condition: "#state IN (:open, :escalated)", names: { "#state": "state" }, values: { ":open": "open", ":escalated": "escalated" } } }] : []),
          ]);
          if (outcome.ok) return "merged";
          continue;
        }
        const slot = await this.get(keys.taskSlot(task.subject.candidateId, "call"));
        const outcome = await this.transact([
          { put: taskItem(task), terms: { condition: "attribute_not_exists(pk)" } },
          { put: refItem(task) },
          { put: slotItem(task), terms: slot ? { condition: "taskId = :was", values: { ":was": slot.taskId } } : { condition: "attribute_not_exists(pk)" } },
          { delete: keyOf(item) },
        ]);
        if (outcome.ok) return "migrated";
      }
      throw new ConcurrentChangeError(`call task ${String(item.callId)}: the candidate's call tasks kept changing during the migration`);
    }
    return "done";
  }

  async migrateLegacy(limit: number, cursor: string | undefined, now: string): Promise<LegacyTaskPage> {
    // A one-off walk of the whole table (earlier task items have no index that finds the closed
    // ones), page by page so each request stays short. Limit counts items read, not items found.
    const out = await call(() =>
      this.doc.send(
        new ScanCommand({
          TableName: this.tableName,
          Limit: limit,
          FilterExpression: "kind IN (:hr, :call) OR begins_with(pk, :staff)",
          ExpressionAttributeValues: { ":hr": "hr-task", ":call": "call-task", ":staff": keys.staffTaskPrefix },
          ConsistentRead: true,
          ...(cursor ? { ExclusiveStartKey: decode<Record<string, unknown>>(cursor) } : {}),
        }),
      ),
    );
    let migrated = 0;
    let merged = 0;
    for (const item of (out.Items ?? []) as Item[]) {
      const result = await this.migrateOne(item, now);
      if (result === "migrated") migrated++;
      if (result === "merged") merged++;
    }
    return { migrated, merged, scanned: out.ScannedCount ?? 0, ...(out.LastEvaluatedKey ? { nextCursor: encode(out.LastEvaluatedKey) } : {}) };
  }
}

export function taskStoreFrom(env: RuntimeEnv & { TABLE_NAME: string }): TaskStore {
  return once(`task-store:${env.TABLE_NAME}`, () => new DynamoTaskStore(createDocumentClient(clientConfig(env, "dynamodb")), env.TABLE_NAME));
}
