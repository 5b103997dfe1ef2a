// A message to a candidate that failed for good and could not go by the other channel is lost:
// nothing later in the journey will reach that person. HR gets a task for it (kind
// "message-failure"), so the loss is work in someone's inbox, not a line in a timeline that a later
// "nudged" status hides.
import type { MessageRecord } from "../shared/model.js";
import { openTask, type TaskDeps } from "../tasks/tasks.js";

/** How long HR has to act on a lost message before the task is overdue. */
export const LOST_MESSAGE_DUE_SECONDS = 24 * 3600;

export async function reportLostMessage(message: MessageRecord, failure: { reason: string }, why: string, deps: TaskDeps): Promise<void> {
  const now = deps.clock.now();
  await openTask(
    {
      kind: "message-failure",
      type: "undelivered",
      subject: { candidateId: message.candidateId, ...(message.applicationId ? { applicationId: message.applicationId } : {}), messageId: message.messageId },
      // No address in the title or context: tasks are listed to every recruiter; the candidate page
      // shows the address to those allowed to see it.
      title: `Not delivered: ${message.template} by ${message.channel} (${failure.reason})`,
      detail: why,
      suggestion: "Check the candidate's email and phone, correct them on the candidate page, or call.",
      context: { messageId: message.messageId, channel: message.channel, template: message.template, reason: failure.reason },
      dueAt: new Date(now.getTime() + LOST_MESSAGE_DUE_SECONDS * 1000).toISOString(),
      idempotencyKey: `message-failure#${message.messageId}`,
    },
    deps,
  );
}
