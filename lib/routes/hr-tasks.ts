// HR API rows for the one inbox: every kind of task (offer, interview, call, risk, re-engagement,
// message failure), listed, read, closed and cancelled here; the admin migration of older task items.
// Function: HrApi.
import { OPERATORS, READERS } from "../../lambdas/core/access/roles.js";
import { CancelTaskBody, CloseTaskBody, ListTasksQuery, TaskMigrationQuery } from "../../lambdas/core/tasks/task-model.js";
import { route } from "./route-spec.js";

const fn = "HrApi" as const;
const closed409 = { 409: { description: "Already closed: the problem's `task` is the task as it is now" } };

export const hrTaskRoutes = [
  route({
    method: "GET",
    path: "/hr/tasks",
    fn,
    auth: "jwt",
    roles: READERS,
    operationId: "listTasks",
    summary: "List tasks",
    description: "Every kind in one inbox, soonest due first. Without `state`, the active ones (open and escalated). Filter by `kind` (comma-separated), `state`, `assignee`, `queue`, `candidateId` and `dueBefore`; page with `nextCursor`.",
    tags: ["Tasks"],
    query: ListTasksQuery,
    responses: { 200: { description: "A page of tasks" } },
  }),
  route({ method: "GET", path: "/hr/tasks/{taskId}", fn, auth: "jwt", roles: READERS, operationId: "getTask", summary: "Read a task", tags: ["Tasks"], responses: { 200: { description: "The task" } } }),
  route({
    method: "POST",
    path: "/hr/tasks/{taskId}/done",
    fn,
    auth: "jwt",
    roles: OPERATORS,
    operationId: "completeTask",
    summary: "Close a task as done",
    description: "Once: of two concurrent closes one wins, the other gets 409 `already-closed` with the task as the winner left it. `resolution` is HR's words (the answer to a candidate's question, the confirmed stall reason).",
    tags: ["Tasks"],
    body: { type: "json", schema: CloseTaskBody, optional: true },
    responses: { 200: { description: "The closed task" }, ...closed409 },
  }),
  route({
    method: "POST",
    path: "/hr/tasks/{taskId}/complete",
    fn,
    auth: "jwt",
    roles: OPERATORS,
    operationId: "completeTaskLegacy",
    summary: "Close a task as done (deprecated path)",
    description: "Deprecated: the recruiter tasks' path before the one inbox. The same as POST /hr/tasks/{taskId}/done.",
    tags: ["Tasks"],
    body: { type: "json", schema: CloseTaskBody, optional: true },
    responses: { 200: { description: "The closed task" }, ...closed409 },
  }),
  route({ method: "POST", path: "/hr/tasks/{taskId}/cancel", fn, auth: "jwt", roles: OPERATORS, operationId: "cancelTask", summary: "Cancel a task", description: "Once, like closing it.", tags: ["Tasks"], body: { type: "json", schema: CancelTaskBody }, responses: { 200: { description: "The cancelled task" }, ...closed409 } }),
  route({
    method: "POST",
    path: "/hr/tasks/migrations",
    fn,
    auth: "jwt",
    roles: ["admin"],
    operationId: "migrateTasks",
    summary: "Migrate task items from before the one task model",
    description: "Offer/HR tasks, recruiter tasks and call tasks written before the one model become tasks (ids kept; piled-up call tasks merged into one). Paged: call again with nextCursor until it is absent. Running it again changes nothing.",
    tags: ["Tasks"],
    query: TaskMigrationQuery,
    responses: { 200: { description: "How many were migrated and merged, and where to go on" } },
  }),
] as const;
