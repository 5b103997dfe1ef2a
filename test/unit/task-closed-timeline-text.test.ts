// A task's close on the console timeline: what the task asked, who closed it and why. A task settled by
// another journey's fact names that fact in the page's language, not as "hirepath (interview.confirmed)".
import { describe, expect, it } from "vitest";
import { timelineEntry } from "../../lambdas/pages/console/timeline-text.js";
import { taskClosedEvent } from "../../lambdas/core/tasks/task-closed-event.js";
import type { Task } from "../../lambdas/core/tasks/task-model.js";

const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&#39;/g, "'");
const task: Task = {
  taskId: "t1", idempotencyKey: "k1", kind: "interview", type: "call-candidate", subject: { candidateId: "c1", interviewId: "i1" },
  title: "Call the candidate to confirm the interview: 林晓彤", context: {}, queue: "recruiters", dueAt: "2026-12-08T02:00:00.000Z", state: "done", alerts: [],
  createdAt: "2026-12-08T01:00:00.000Z", updatedAt: "2026-12-08T01:30:00.000Z",
  resolution: { outcome: "confirmed", note: "The candidate confirmed the interview themselves", by: "hirepath (interview.confirmed)", at: "2026-12-08T01:30:00.000Z", cause: { eventId: "e9", type: "interview.confirmed" } },
};

describe("a task's close on the console timeline", () => {
  it("names the fact that settled it in the page's language, with the reason", () => {
    const event = taskClosedEvent(task)!;
    expect(event).toMatchObject({ type: "task.done", data: { settledBy: { eventId: "e9", type: "interview.confirmed" } } });
    const zh = text(timelineEntry(event, "zh-CN", "12-08 09:30"));
    expect(zh).toContain("任务完成");
    expect(zh).toContain("自动：");
    expect(zh).not.toContain("hirepath (interview.confirmed)");
    expect(zh).toContain("The candidate confirmed the interview themselves");
    expect(text(timelineEntry(event, "en", "12-08 09:30"))).toMatch(/Automatically: \S/);
  });

  it("names the person who closed it by hand", () => {
    const byHand = taskClosedEvent({ ...task, resolution: { outcome: "reached", note: "周三可以", by: "recruiter@example.com", at: "2026-12-08T01:30:00.000Z" } })!;
    expect(text(timelineEntry(byHand, "zh-CN", "12-08 09:30"))).toContain("recruiter@example.com：周三可以");
  });

  it("writes no event for a task still active", () => {
    expect(taskClosedEvent({ ...task, state: "escalated" })).toBeUndefined();
  });
});
