// The timeline line every task close leaves: who or what closed it, and why. HR closing a task in the
// inbox, a journey closing its own call task, another journey's fact settling it (the candidate
// confirmed by the link): each is one `task.done` or `task.cancelled` event. The task store writes it
// in the same transaction as the close, so no close path can skip it and a crash can't separate the
// two; the id derives from the task, so the event is written once however often the close is retried.
import { derivedId } from "../shared/ids.js";
import type { TimelineEvent } from "../shared/model.js";
import { isActive, type Task } from "./task-model.js";

export function taskClosedEvent(task: Task): TimelineEvent | undefined {
  const resolution = task.resolution;
  if (isActive(task.state) || !resolution) return undefined;
  const { candidateId, applicationId } = task.subject;
  const done = task.state === "done";
  const note = resolution.note?.slice(0, 2000);
  return {
    eventId: derivedId("task-closed", task.taskId),
    candidateId,
    ...(applicationId ? { applicationId } : {}),
    at: resolution.at,
    type: done ? "task.done" : "task.cancelled",
    summary: `${task.title} — ${done ? "done" : "cancelled"} by ${resolution.by}${note ? `: ${note}` : ""}`.slice(0, 2000),
    data: {
      taskId: task.taskId,
      kind: task.kind,
      type: task.type,
      outcome: resolution.outcome,
      by: resolution.by,
      ...(note ? { note } : {}),
      // Settled by another journey's fact: which one, so the timeline can point at it.
      ...(resolution.cause ? { settledBy: resolution.cause } : {}),
    },
  };
}
