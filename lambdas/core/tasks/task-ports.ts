// The task store port: one store for every kind, with the conditional writes that make a task open
// once, close once, and keep one active task per candidate and slot.
import type { AlertDelivery } from "../shared/model.js";
import type { Page } from "../shared/ports.js";
import type { Task, TaskResolution, TaskState } from "./task-model.js";

export type OpenOutcome =
  /** This call created the task. */
  | { outcome: "opened"; task: Task }
  /** A task with this id (the same idempotency key) exists: nothing changed. */
  | { outcome: "existing"; task: Task }
  /** The candidate's slot already held an active task: its due time was moved instead. */
  | { outcome: "moved"; task: Task };

/** A conditional state change: applied, or refused with the task as it is now. */
export type TransitionOutcome = { ok: true; task: Task } | { ok: false; current: Task | undefined };

export interface TaskChange {
  state: TaskState;
  at: string;
  resolution?: TaskResolution;
}

export interface TaskListFilter {
  kinds?: readonly string[];
  /** Absent: the active ones (open and escalated). */
  state?: TaskState;
  assignee?: string;
  queue?: string;
  candidateId?: string;
  dueBefore?: string;
  limit: number;
  cursor?: string;
}

export interface LegacyTaskPage {
  /** Items written before the one model, as tasks (ids kept), each with what to do with the old item. */
  migrated: number;
  merged: number;
  scanned: number;
  nextCursor?: string;
}

export interface TaskStore {
  /**
   * Opens `task` unless its id exists. A task with a slot moves the candidate's active task in that
   * slot (new due time) instead of adding a second one.
   */
  open(task: Task): Promise<OpenOutcome>;
  getTask(taskId: string): Promise<Task | undefined>;
  /** Moves the task to `change.state` only from one of `from`; a slot it held is freed when it leaves the active states. */
  transition(taskId: string, from: readonly TaskState[], change: TaskChange): Promise<TransitionOutcome>;
  /** The candidate's active task in a slot, if any. */
  activeInSlot(candidateId: string, slot: string): Promise<Task | undefined>;
  appendAlerts(taskId: string, alerts: AlertDelivery[]): Promise<void>;
  list(filter: TaskListFilter): Promise<Page<Task>>;
  /** One page of the admin migration: task items of the earlier models rewritten as tasks. Idempotent. */
  migrateLegacy(limit: number, cursor: string | undefined, now: string): Promise<LegacyTaskPage>;
}
