// Opening, closing and listing tasks: what every journey calls. A task opens once per idempotency
// key, closes once (a second close gets the task as it is, never a second resolution), and a
// candidate has at most one active task per slot (one open call task, moved rather than duplicated).
import { AlreadyClosedError, NotFoundError } from "../shared/errors.js";
import type { AlertDelivery } from "../shared/model.js";
import type { Clock, Page } from "../shared/ports.js";
import { taskIdFor } from "./legacy-tasks.js";
import { ACTIVE_STATES, DEFAULT_QUEUE, OpenTaskInput, SLOT_OF_KIND, type ListTasksQuery, type Task, type TaskState } from "./task-model.js";
import type { OpenOutcome, TaskStore } from "./task-ports.js";

export interface TaskDeps {
  tasks: TaskStore;
  clock: Clock;
}

/**
 * Opens a task. The same idempotency key again returns the first task unchanged ("existing"). A
 * kind with a slot (call) moves the candidate's active task in it to the new due time ("moved").
 */
export async function openTask(input: OpenTaskInput, deps: TaskDeps): Promise<OpenOutcome> {
  const i = OpenTaskInput.parse(input);
  const now = deps.clock.now().toISOString();
  const slot = SLOT_OF_KIND[i.kind];
  const task: Task = {
    taskId: taskIdFor(i.kind, i.idempotencyKey),
    idempotencyKey: i.idempotencyKey,
    kind: i.kind,
    type: i.type,
    subject: i.subject,
    title: i.title,
    ...(i.detail ? { detail: i.detail } : {}),
    ...(i.suggestion ? { suggestion: i.suggestion } : {}),
    context: i.context ?? {},
    ...(i.assignee ? { assignee: i.assignee } : {}),
    queue: i.queue ?? DEFAULT_QUEUE[i.kind],
    dueAt: new Date(i.dueAt).toISOString(),
    ...(i.escalation ? { escalation: i.escalation } : {}),
    state: "open",
    ...(slot ? { slot } : {}),
    alerts: [],
    createdAt: now,
    updatedAt: now,
  };
  return deps.tasks.open(task);
}

export async function getTask(taskId: string, deps: Pick<TaskDeps, "tasks">): Promise<Task> {
  const task = await deps.tasks.getTask(taskId);
  if (!task) throw new NotFoundError(`task ${taskId} not found`);
  return task;
}

function closed(task: Task | undefined, taskId: string): never {
  if (!task) throw new NotFoundError(`task ${taskId} not found`);
  throw new AlreadyClosedError(`task ${taskId} is already ${task.state}`, { task });
}

/**
 * Marks an active task done with its resolution. Exactly one of two concurrent closes wins; the
 * other gets AlreadyClosedError (409) carrying the task as the winner left it.
 */
export async function closeTask(taskId: string, resolution: { outcome: string; note?: string; by: string }, deps: TaskDeps): Promise<Task> {
  const at = deps.clock.now().toISOString();
  const r = await deps.tasks.transition(taskId, ACTIVE_STATES, { state: "done", at, resolution: { ...resolution, at } });
  if (!r.ok) closed(r.current, taskId);
  return r.task;
}

/** Cancels an active task (the interview it was about was cancelled, the person was erased). */
export async function cancelTask(taskId: string, reason: { note: string; by: string; outcome?: string }, deps: TaskDeps): Promise<Task> {
  const at = deps.clock.now().toISOString();
  const r = await deps.tasks.transition(taskId, ACTIVE_STATES, { state: "cancelled", at, resolution: { outcome: reason.outcome ?? "cancelled", note: reason.note, by: reason.by, at } });
  if (!r.ok) closed(r.current, taskId);
  return r.task;
}

/** Open → escalated. False when the task is no longer open (done, cancelled, or escalated already). */
export async function escalateTask(taskId: string, deps: TaskDeps): Promise<boolean> {
  return (await deps.tasks.transition(taskId, ["open"], { state: "escalated", at: deps.clock.now().toISOString() })).ok;
}

export async function recordTaskAlerts(taskId: string, alerts: AlertDelivery[], deps: Pick<TaskDeps, "tasks">): Promise<void> {
  if (alerts.length) await deps.tasks.appendAlerts(taskId, alerts);
}

/**
 * Closes the candidate's active task in a slot, if it is older than `openedBefore` and was not opened
 * by `exceptKey` (the step's own follow-up, on a retry). Returns the closed task.
 */
export async function closeActiveInSlot(
  candidateId: string,
  slot: string,
  resolution: { outcome: string; note?: string; by: string },
  guard: { openedBefore: string; exceptKey?: string },
  deps: TaskDeps,
): Promise<Task | undefined> {
  const active = await deps.tasks.activeInSlot(candidateId, slot);
  if (!active || active.idempotencyKey === guard.exceptKey || active.createdAt > guard.openedBefore) return undefined;
  const at = deps.clock.now().toISOString();
  const r = await deps.tasks.transition(active.taskId, ACTIVE_STATES, { state: "done", at, resolution: { ...resolution, at } });
  return r.ok ? r.task : undefined;
}

/**
 * Cancels the candidate's active tasks that `about` picks (those about an interview that was
 * cancelled): nobody is to do them any more. Only tasks opened by `openedBefore`, so a retry never
 * cancels one opened after the change. Returns how many it cancelled.
 */
export async function cancelTasksAbout(candidateId: string, about: (task: Task) => boolean, reason: { note: string; by: string; openedBefore: string }, deps: TaskDeps): Promise<number> {
  let cancelled = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.tasks.list({ candidateId, limit: 100, ...(cursor ? { cursor } : {}) });
    for (const task of page.items.filter((t) => about(t) && t.createdAt <= reason.openedBefore)) {
      const at = deps.clock.now().toISOString();
      const r = await deps.tasks.transition(task.taskId, ACTIVE_STATES, { state: "cancelled", at, resolution: { outcome: "cancelled", note: reason.note, by: reason.by, at } });
      if (r.ok) cancelled++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return cancelled;
}

/** The inbox: every kind, filtered and paged. Without a state, the active tasks (open and escalated). */
export async function listTasks(query: ListTasksQuery, deps: Pick<TaskDeps, "tasks">): Promise<Page<Task>> {
  return deps.tasks.list({
    ...(query.kind ? { kinds: query.kind } : {}),
    ...(query.state ? { state: query.state as TaskState } : {}),
    ...(query.assignee ? { assignee: query.assignee } : {}),
    ...(query.queue ? { queue: query.queue } : {}),
    ...(query.candidateId ? { candidateId: query.candidateId } : {}),
    ...(query.dueBefore ? { dueBefore: new Date(query.dueBefore).toISOString() } : {}),
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
}

/** One page of the admin migration of task items from before the one model. Run until nextCursor is absent. */
export async function migrateLegacyTasks(limit: number, cursor: string | undefined, deps: TaskDeps) {
  return deps.tasks.migrateLegacy(limit, cursor, deps.clock.now().toISOString());
}
