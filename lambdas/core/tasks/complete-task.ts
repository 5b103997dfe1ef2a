// HR closing a task from the inbox (POST /hr/tasks/{taskId}/done). The close is one conditional
// write, and its timeline line is written with it. What follows (the offer's reaction) derives from
// the task as stored, so it is repeated, harmlessly, by a retry after a crash and by the loser of two
// concurrent closes before it gets its 409: nothing the winner's close implies is ever left undone.
import { AlreadyClosedError, NotFoundError } from "../shared/errors.js";
import type { Clock, HirepathStore, OfferStore } from "../shared/ports.js";
import { afterOfferTaskDone } from "../offer/offer-tasks.js";
import { ACTIVE_STATES, type CancelTaskBody, type CloseTaskBody, type Task } from "./task-model.js";
import type { TaskStore } from "./task-ports.js";

export interface CompleteTaskDeps {
  tasks: TaskStore;
  store: HirepathStore;
  offers: OfferStore;
  clock: Clock;
}

async function afterClose(task: Task, deps: CompleteTaskDeps): Promise<void> {
  // The task.done / task.cancelled line was written with the close (the task store's transaction);
  // what is left is the offer's reaction to an answered question or a confirmed stall reason.
  if (task.state === "done") await afterOfferTaskDone(task, deps);
}

async function finish(taskId: string, state: "done" | "cancelled", resolution: { outcome: string; note?: string; by: string }, deps: CompleteTaskDeps): Promise<Task> {
  const at = deps.clock.now().toISOString();
  const r = await deps.tasks.transition(taskId, ACTIVE_STATES, { state, at, resolution: { ...resolution, at } });
  if (r.ok) {
    await afterClose(r.task, deps);
    return r.task;
  }
  if (!r.current) throw new NotFoundError(`task ${taskId} not found`);
  if (!ACTIVE_STATES.includes(r.current.state)) await afterClose(r.current, deps);
  throw new AlreadyClosedError(`task ${taskId} is already ${r.current.state}`, { task: r.current });
}

export function completeTask(taskId: string, body: CloseTaskBody | undefined, by: string, deps: CompleteTaskDeps): Promise<Task> {
  return finish(taskId, "done", { outcome: body?.outcome ?? "done", ...(body?.resolution ? { note: body.resolution } : {}), by }, deps);
}

export function cancelTaskByHr(taskId: string, body: CancelTaskBody, by: string, deps: CompleteTaskDeps): Promise<Task> {
  return finish(taskId, "cancelled", { outcome: "cancelled", note: body.reason, by }, deps);
}
