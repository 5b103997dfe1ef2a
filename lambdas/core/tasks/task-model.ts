// The one task model. Everything a person at Hirepath has to do about a candidate is a task: answer an
// offer question, record why a decision stalled, call a candidate back, follow up after a no-show, act
// on a drop-off risk, look at a message that could not be delivered. Journeys open tasks through
// core/tasks/tasks.ts; HR sees every kind in one inbox (GET /hr/tasks) and closes each once.
import * as z from "../shared/zod.js";
import { AlertDelivery } from "../shared/model.js";

/** What the task is about, as HR filters it. `type` says which situation within the kind. */
export const TaskKind = z.enum(["offer", "interview", "call", "risk", "re-engagement", "message-failure"]);
export type TaskKind = z.infer<typeof TaskKind>;

/**
 * open → done | cancelled, or open → escalated → done | cancelled. Escalated is still to do (it is in
 * the inbox), only louder. Done and cancelled are final: a task closes once.
 */
export const TaskState = z.enum(["open", "escalated", "done", "cancelled"]);
export type TaskState = z.infer<typeof TaskState>;
export const ACTIVE_STATES: readonly TaskState[] = ["open", "escalated"];
export const isActive = (state: TaskState) => ACTIVE_STATES.includes(state);

/** Who or what the task is about. Every task has a candidate; the rest narrows it down. */
export const TaskSubject = z.object({
  candidateId: z.string().min(1),
  applicationId: z.string().optional(),
  offerId: z.string().optional(),
  /** One approval step of an offer: its round (the submission) and index. */
  offerStep: z.object({ round: z.string(), stepIndex: z.number().int() }).optional(),
  interviewId: z.string().optional(),
  messageId: z.string().optional(),
  requisitionId: z.string().optional(),
});
export type TaskSubject = z.infer<typeof TaskSubject>;

/** Who is told, and when, if the task is still open after its due time. */
export const EscalationRule = z.object({
  /** Seconds after dueAt. */
  afterDueSeconds: z.number().int().min(0),
  /** Email addresses (a manager, the requisition's owner). Empty: the assignee is told again. */
  to: z.array(z.string()).default([]),
});
export type EscalationRule = z.infer<typeof EscalationRule>;

export const TaskResolution = z.object({
  /** What happened, in a word the kind defines: "answered", "reached", "no-answer", "cancelled", "duplicate"… */
  outcome: z.string().min(1).max(100),
  /** HR's words: the answer to a question, the confirmed stall reason. */
  note: z.string().max(4000).optional(),
  by: z.string(),
  at: z.string(),
  /** The fact that settled it, when another journey's event closed it rather than a person. */
  cause: z.object({ eventId: z.string(), type: z.string() }).optional(),
});
export type TaskResolution = z.infer<typeof TaskResolution>;

/** Kind-specific facts a task carries (the candidate's question, a call's reason). Strings, numbers, flags. */
export const TaskContext = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export type TaskContext = z.infer<typeof TaskContext>;

export const Task = z.object({
  taskId: z.string(),
  /** What opening it twice is recognised by: the same key is the same task. */
  idempotencyKey: z.string(),
  kind: TaskKind,
  type: z.string(),
  subject: TaskSubject,
  title: z.string(),
  detail: z.string().optional(),
  /** Pre-filled by the system for HR to confirm or correct (the likely reason a decision stalled). */
  suggestion: z.string().optional(),
  context: TaskContext.default({}),
  /** A person (email or sign-in id). Without one, whoever works the queue. */
  assignee: z.string().optional(),
  queue: z.string(),
  dueAt: z.string(),
  escalation: EscalationRule.optional(),
  state: TaskState,
  /** At most one active task per candidate and slot ("call": one open call task), moved rather than duplicated. */
  slot: z.string().optional(),
  resolution: TaskResolution.optional(),
  /** Every alert about this task, failed ones included: a failed delivery is shown, never lost. */
  alerts: z.array(AlertDelivery).default([]),
  createdAt: z.string(),
  updatedAt: z.string(),
  escalatedAt: z.string().optional(),
  /** When it was moved last (a second open of its slot), and from what due time. */
  movedAt: z.string().optional(),
  previousDueAt: z.string().optional(),
  closedAt: z.string().optional(),
});
export type Task = z.infer<typeof Task>;

/** Where a kind's tasks go when the opener names no queue. */
export const DEFAULT_QUEUE: Record<TaskKind, string> = {
  offer: "hr",
  risk: "hr",
  "re-engagement": "hr",
  "message-failure": "hr",
  interview: "recruiters",
  call: "call-attempts",
};

/** Kinds whose tasks share one slot per candidate: a second open moves the first. */
export const SLOT_OF_KIND: Partial<Record<TaskKind, string>> = { call: "call" };

export const OpenTaskInput = z.object({
  kind: TaskKind,
  type: z.string().min(1).max(64),
  subject: TaskSubject,
  title: z.string().min(1).max(2000),
  detail: z.string().max(4000).optional(),
  suggestion: z.string().max(4000).optional(),
  context: TaskContext.optional(),
  assignee: z.string().max(320).optional(),
  queue: z.string().max(64).optional(),
  dueAt: z.string(),
  escalation: EscalationRule.optional(),
  /** Opening with the same key again is a no-op (it returns the task the first open made). */
  idempotencyKey: z.string().min(1).max(500),
});
export type OpenTaskInput = z.input<typeof OpenTaskInput>;

/** "call,offer": one or more kinds, comma-separated. */
const KindList = z
  .string()
  .transform((s) => s.split(",").map((v) => v.trim()).filter(Boolean))
  .pipe(z.array(TaskKind).min(1));

/** GET /hr/tasks. Without `state`, the inbox: open and escalated tasks, soonest due first. */
export const ListTasksQuery = z
  .object({
    kind: KindList.optional(),
    state: TaskState.optional(),
    assignee: z.string().min(1).max(320).optional(),
    queue: z.string().min(1).max(64).optional(),
    candidateId: z.string().min(1).max(100).optional(),
    dueBefore: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(2000).optional(),
  })
  .strict();
export type ListTasksQuery = z.output<typeof ListTasksQuery>;

/** POST /hr/tasks/{taskId}/done. */
export const CloseTaskBody = z.object({ resolution: z.string().min(1).max(4000).optional(), outcome: z.string().min(1).max(100).optional() }).strict();
export type CloseTaskBody = z.infer<typeof CloseTaskBody>;

/** POST /hr/tasks/{taskId}/cancel. */
export const CancelTaskBody = z.object({ reason: z.string().min(1).max(2000) }).strict();
export type CancelTaskBody = z.infer<typeof CancelTaskBody>;

/** The admin migration of task items written before the one model, page by page. */
export const TaskMigrationQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(200), cursor: z.string().max(2000).optional() }).strict();
export type TaskMigrationQuery = z.infer<typeof TaskMigrationQuery>;
