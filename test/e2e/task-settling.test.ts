// One journey's facts settle another journey's tasks, on the local stack as a separate process over
// HTTP. Two candidates leave their interview invitations unanswered, so the interview journey asks a
// recruiter to call each to confirm. One then confirms from the invitation's link; the other is
// reached by a call HR logs in the talent pool. Both tasks leave the inbox, each saying what settled
// it, and the journeys carry on as they would have.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zoneWhereItIs } from "../statemachines/interview-harness.js";
import { eventually, hr, newDataDir, outbox, postWebhook, startLocalProcess, token, webhookSecret, type LocalProcess } from "./local-process.js";

interface InboxTask {
  taskId: string;
  kind: string;
  type: string;
  state: string;
  subject: { candidateId: string; interviewId?: string };
  resolution?: { outcome: string; note?: string; by: string };
}

describe("tasks settled across journeys on the local stack", () => {
  let stack: LocalProcess;
  let recruiter: string;

  beforeAll(async () => {
    // ×3600: an hour a second. Ten minutes without an answer and the reminder by the other channel
    // goes out; ten more and the recruiter is tasked to call. The interviews are a day away.
    stack = await startLocalProcess(newDataDir(), { HIREPATH_TIME_SCALE: "3600", HIREPATH_EVENT_DELAY_MS: "20", INTERVIEW_FOLLOW_UP_SECONDS: "600" });
    recruiter = await token(stack.url, "recruiter");
  });
  afterAll(async () => {
    await stack?.stop();
    if (stack) rmSync(stack.dataDir, { recursive: true, force: true });
  });

  async function applyAndBook(key: string, name: string, phone: string, hoursAhead: number) {
    const email = `e2e-settle-${key}-${process.pid}@example.com`;
    const body = JSON.stringify({
      event: "application.created",
      candidate: { name, email, phone, locale: "en", timeZone: zoneWhereItIs(12) },
      application: { requisitionId: "req-sales-sh", resumeText: "8 years SaaS sales, key account", yearsExperience: 8, location: "上海" },
    });
    const accepted = await postWebhook(stack.url, webhookSecret(stack.dataDir), body, { deliveryId: `e2e-settle-${key}` });
    expect(accepted.status).toBe(202);
    const { candidateId, applicationId } = accepted.body as { candidateId: string; applicationId: string };
    const startsAt = new Date(Date.now() + hoursAhead * 3600_000);
    startsAt.setUTCMinutes(0, 0, 0);
    const scheduled = await hr(stack.url, recruiter, "/hr/interviews", {
      method: "POST",
      body: JSON.stringify({ candidateId, applicationId, interviewerId: "iv-settle", startsAt: startsAt.toISOString(), mode: "video", videoUrl: "https://meet.example.com/settle", recruiterEmail: "recruiter@hirepath.test" }),
    });
    expect(scheduled.status).toBe(201);
    return { candidateId, email, interviewId: String(scheduled.body.interviewId) };
  }

  const interviewTasks = async (candidateId: string, state?: string) =>
    (await hr(stack.url, recruiter, `/hr/tasks?candidateId=${candidateId}&kind=interview${state ? `&state=${state}` : ""}`)).body.items as InboxTask[];

  it("closes the recruiter's call-to-confirm task when the candidate confirms by the link, or when a call logged in the talent pool reaches them", async () => {
    const availability = [{ startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 3 * 86_400_000).toISOString() }];
    expect((await hr(stack.url, recruiter, "/hr/interviewers/iv-settle", { method: "PUT", body: JSON.stringify({ name: "Li Na", email: "li.na@hirepath.test", availability }) })).status).toBe(200);
    const byLink = await applyAndBook("link", "Chen Jie", "13900002221", 26);
    const byCall = await applyAndBook("call", "Wu Fan", "13900002222", 28);

    // Nobody answers: the journey asks the recruiter to call each of them.
    for (const who of [byLink, byCall]) {
      const [task] = await eventually(async () => {
        const open = await interviewTasks(who.candidateId);
        return open.length ? open : undefined;
      }, `the call-to-confirm task for ${who.email}`, 60_000);
      expect(task).toMatchObject({ type: "call-candidate", subject: { interviewId: who.interviewId } });
    }

    // One confirms from the invitation's link.
    const invitation = (await outbox(stack.url, { to: byLink.email })).find((m) => m.subject?.startsWith("Your interview for"))!;
    const confirm = /data-action="confirm" href="([^"]+)"/.exec(invitation.html ?? "")![1]!.replace(/&amp;/g, "&");
    const confirmed = await fetch(confirm, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "action=confirm" });
    expect(confirmed.status).toBe(200);

    // The other is reached by phone: HR logs the call in the talent pool, not on the task.
    const call = await hr(stack.url, recruiter, `/hr/talent/candidates/${byCall.candidateId}/calls`, { method: "POST", body: JSON.stringify({ attemptKey: `settle-${process.pid}`, outcome: "reached", note: "confirmed on the phone" }) });
    expect(call.status).toBe(201);

    // Both tasks are out of the inbox, each saying what settled it.
    expect(await interviewTasks(byLink.candidateId)).toEqual([]);
    expect(await interviewTasks(byCall.candidateId)).toEqual([]);
    expect((await interviewTasks(byLink.candidateId, "done"))[0]).toMatchObject({ type: "call-candidate", resolution: { outcome: "confirmed", by: "hirepath (interview.confirmed)" } });
    expect((await interviewTasks(byCall.candidateId, "done"))[0]).toMatchObject({ type: "call-candidate", resolution: { outcome: "reached", note: "Reached by phone: confirmed on the phone (call logged in the talent pool)", by: "hirepath (talent.call)" } });
    const all = (await hr(stack.url, recruiter, "/hr/tasks?kind=interview&limit=100")).body.items as InboxTask[];
    expect(all.filter((t) => t.subject.candidateId === byLink.candidateId || t.subject.candidateId === byCall.candidateId)).toEqual([]);
    // The talent pool agrees: both were reached.
    for (const who of [byLink, byCall]) expect((await hr(stack.url, recruiter, `/hr/talent/candidates/${who.candidateId}`)).body.talent.status).toBe("interviewing");
  });
});
