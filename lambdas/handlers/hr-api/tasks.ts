// HR API: the one inbox (rows in lib/routes/hr-tasks.ts). Each implementation calls one use case in core.
import { cancelTaskByHr, completeTask } from "../../core/tasks/complete-task.js";
import { getTask, listTasks, migrateLegacyTasks } from "../../core/tasks/tasks.js";
import type { hrTaskRoutes } from "../../../lib/routes/hr-tasks.js";
import { json } from "../lambda-handler.js";
import type { RouteImplementations } from "../http/router.js";
import type { HrContext } from "./hr-context.js";

export const taskRoutes: RouteImplementations<typeof hrTaskRoutes, HrContext> = {
  listTasks: async ({ query }, c) => json(200, await listTasks(query, c)),
  getTask: async ({ params }, c) => json(200, await getTask(params.taskId, c)),
  completeTask: async ({ params, body, caller }, c) => json(200, await completeTask(params.taskId, body, caller.label, c)),
  completeTaskLegacy: async ({ params, body, caller }, c) => json(200, await completeTask(params.taskId, body, caller.label, c)),
  cancelTask: async ({ params, body, caller }, c) => json(200, await cancelTaskByHr(params.taskId, body, caller.label, c)),
  migrateTasks: async ({ query }, c) => json(200, await migrateLegacyTasks(query.limit, query.cursor, c)),
};
