// Task items written before the one task model, and what each becomes. Three models lived side by
// side: offer/HR tasks (kind "hr-task"), recruiter tasks around interviews (under STAFFTASK#) and
// call tasks (kind "call-task", which never closed). The admin migration (POST /hr/tasks/migrations)
// rewrites them as tasks; until it has run, reading a task by id converts the old item on the fly.
import * as z from "../shared/zod.js";
import { AlertDelivery } from "../shared/model.js";
import { derivedId } from "../shared/ids.js";
import type { Task, TaskKind } from "./task-model.js";

export const LegacyHrTask = z.object({
  taskId: z.string(),
  candidateId: z.string(),
  offerId: z.string().optional(),
  taskType: z.string(),
  summary: z.string(),
  suggestion: z.string().optional(),
  question: z.string().optional(),
  createdAt: z.string(),
  dueAt: z.string(),
  status: z.enum(["open", "done"]),
  doneAt: z.string().optional(),
  resolution: z.string().optional(),
});

export const LegacyStaffTask = z.object({
  taskId: z.string(),
  type: z.string(),
  candidateId: z.string(),
  applicationId: z.string().optional(),
  interviewId: z.string().optional(),
  title: z.string(),
  assignee: z.string(),
  managerEmail: z.string().optional(),
  dueAt: z.string(),
  status: z.enum(["open", "done", "escalated"]),
  createdAt: z.string(),
  doneAt: z.string().optional(),
  doneBy: z.string().optional(),
  escalatedAt: z.string().optional(),
  alerts: z.array(AlertDelivery).default([]),
});

export const LegacyCallTask = z.object({ candidateId: z.string(), callId: z.string(), dueAt: z.string(), reason: z.string() });

/** The id a task opened with this kind and idempotency key has. */
export const taskIdFor = (kind: TaskKind, idempotencyKey: string) => derivedId("task", kind, idempotencyKey);

const UNKNOWN_CLOSER = "(before the task model)";

export function fromLegacyHrTask(raw: Record<string, unknown>): Task {
  const t = LegacyHrTask.parse(raw);
  const kind: TaskKind = t.taskType === "risk-alert" ? "risk" : t.taskType === "re-engagement" ? "re-engagement" : "offer";
  const closedAt = t.doneAt ?? t.createdAt;
  return {
    taskId: t.taskId,
    idempotencyKey: `legacy:${t.taskId}`,
    kind,
    type: t.taskType,
    subject: { candidateId: t.candidateId, ...(t.offerId ? { offerId: t.offerId } : {}) },
    title: t.summary,
    ...(t.suggestion ? { suggestion: t.suggestion } : {}),
    context: t.question ? { question: t.question } : {},
    queue: "hr",
    dueAt: t.dueAt,
    state: t.status,
    alerts: [],
    createdAt: t.createdAt,
    updatedAt: t.status === "done" ? closedAt : t.createdAt,
    ...(t.status === "done" ? { closedAt, resolution: { outcome: "done", ...(t.resolution ? { note: t.resolution } : {}), by: UNKNOWN_CLOSER, at: closedAt } } : {}),
  };
}

export function fromLegacyStaffTask(raw: Record<string, unknown>): Task {
  const t = LegacyStaffTask.parse(raw);
  const closedAt = t.doneAt ?? t.createdAt;
  return {
    taskId: t.taskId,
    idempotencyKey: `legacy:${t.taskId}`,
    kind: "interview",
    type: t.type,
    subject: { candidateId: t.candidateId, ...(t.applicationId ? { applicationId: t.applicationId } : {}), ...(t.interviewId ? { interviewId: t.interviewId } : {}) },
    title: t.title,
    context: {},
    assignee: t.assignee,
    queue: "recruiters",
    dueAt: t.dueAt,
    escalation: { afterDueSeconds: 0, to: t.managerEmail ? [t.managerEmail] : [] },
    state: t.status,
    alerts: t.alerts,
    createdAt: t.createdAt,
    updatedAt: t.doneAt ?? t.escalatedAt ?? t.createdAt,
    ...(t.escalatedAt ? { escalatedAt: t.escalatedAt } : {}),
    ...(t.status === "done" ? { closedAt, resolution: { outcome: "done", by: t.doneBy ?? UNKNOWN_CLOSER, at: closedAt } } : {}),
  };
}

/** Old call tasks said why only in words; the type is read back from them. */
export function callTaskType(reason: string): string {
  if (reason.startsWith("recall")) return "recall";
  if (reason.includes("call back")) return "call-back";
  return "retry";
}

export function fromLegacyCallTask(raw: Record<string, unknown>, now: string): Task {
  const t = LegacyCallTask.parse(raw);
  const idempotencyKey = `legacy-call:${t.callId}`;
  return {
    taskId: taskIdFor("call", idempotencyKey),
    idempotencyKey,
    kind: "call",
    type: callTaskType(t.reason),
    subject: { candidateId: t.candidateId },
    title: `Call the candidate: ${t.reason}`,
    context: { reason: t.reason, callId: t.callId },
    queue: "call-attempts",
    dueAt: t.dueAt,
    state: "open",
    slot: "call",
    alerts: [],
    createdAt: now,
    updatedAt: now,
  };
}
