// The interview journey end to end on the local stack as a separate process over HTTP: HR publishes
// an interviewer and schedules; the candidate gets the invitation (with its ICS), confirms from the
// link, gets the 24 h and 2 h reminders; HR records the outcome and the journey records it.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zoneWhereItIs } from "../statemachines/interview-harness.js";
import { clock, eventually, hr, newDataDir, outbox, postWebhook, startLocalProcess, token, webhookSecret, type LocalProcess } from "./local-process.js";

describe("interview journey on the local stack", () => {
  let stack: LocalProcess;
  let recruiter: string;

  beforeAll(async () => {
    // Journey time stands still until the test moves it (POST /local/clock), so the booking's times,
    // read from the stack's clock, stay ahead of it however loaded the machine is.
    stack = await startLocalProcess(newDataDir(), { HIREPATH_CLOCK_PAUSED: "1", HIREPATH_EVENT_DELAY_MS: "20", INTERVIEW_FOLLOW_UP_SECONDS: "36000" });
    recruiter = await token(stack.url, "recruiter");
  });
  afterAll(async () => {
    await stack?.stop();
    if (stack) rmSync(stack.dataDir, { recursive: true, force: true });
  });

  it("schedules, invites with an ICS, takes the candidate's confirmation, reminds 24 h and 2 h before, and records attended", async () => {
    const now = (await clock(stack.url)).body.nowMs as number;
    const email = `e2e-interview-${process.pid}@example.com`;
    const body = JSON.stringify({
      event: "application.created",
      candidate: { name: "Chen Jie", email, phone: "13900001111", locale: "en", timeZone: zoneWhereItIs(12, new Date(now)) },
      application: { requisitionId: "req-sales-sh", resumeText: "8 years SaaS sales, key account", yearsExperience: 8, location: "上海" },
    });
    const accepted = await postWebhook(stack.url, webhookSecret(stack.dataDir), body, { deliveryId: "e2e-interview-1" });
    expect(accepted.status).toBe(202);
    const { candidateId, applicationId } = accepted.body as { candidateId: string; applicationId: string };

    const interviewer = await hr(stack.url, recruiter, "/hr/interviewers/iv-e2e", {
      method: "PUT",
      body: JSON.stringify({
        name: "Li Na",
        email: "li.na@hirepath.test",
        background: { en: "Led the East China key-account team" },
        tags: ["saas"],
        // Bookings must fall inside availability: open for the next three days.
        availability: [{ startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3 * 86_400_000).toISOString() }],
      }),
    });
    expect(interviewer.status).toBe(200);
    // Two days on, so the day-before reminder falls on another day than the invitations (the daily cap counts per local day).
    const startsAt = new Date(now + 50 * 3600_000);
    startsAt.setUTCMinutes(0, 0, 0);
    const scheduled = await hr(stack.url, recruiter, "/hr/interviews", {
      method: "POST",
      body: JSON.stringify({ candidateId, applicationId, interviewerId: "iv-e2e", startsAt: startsAt.toISOString(), mode: "video", videoUrl: "https://meet.example.com/e2e", recruiterEmail: "recruiter@hirepath.test" }),
    });
    expect(scheduled.status).toBe(201);

    const invitation = await eventually(async () => (await outbox(stack.url, { to: email })).find((m) => m.subject?.startsWith("Your interview for")), "the invitation");
    expect(invitation.text).toContain("Li Na: Led the East China key-account team");
    expect(JSON.stringify(invitation)).toContain("interview.ics");
    const confirm = /data-action="confirm" href="([^"]+)"/.exec(invitation.html ?? "")![1]!.replace(/&amp;/g, "&");
    const confirmed = await fetch(confirm, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "action=confirm" });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("Confirmed");
    const outcome = await hr(stack.url, recruiter, `/hr/interviews/${candidateId}/${scheduled.body.interviewId}/outcome`, { method: "POST", body: JSON.stringify({ outcome: "attended" }) });
    expect(outcome.status).toBe(200);

    // A day and a bit later: the call returns once everything that fell due has run.
    expect((await clock(stack.url, { to: new Date(startsAt.getTime() + 2 * 3600_000).toISOString() })).status).toBe(200);
    recruiter = await token(stack.url, "recruiter"); // tokens expire in journey time
    await eventually(async () => (await outbox(stack.url, { to: email })).find((m) => m.subject?.startsWith("Tomorrow:")), "the 24 h reminder");
    await eventually(async () => (await outbox(stack.url, { to: email })).find((m) => m.subject?.startsWith("Starting soon:")), "the 2 h reminder");
    const view = await eventually(async () => {
      const r = await hr(stack.url, recruiter, `/hr/candidates/${candidateId}`);
      return (r.body.timeline as Array<{ type: string; data?: { outcome?: string } }>).find((e) => e.type === "interview.outcome" && e.data?.outcome === "attended") ? r.body : undefined;
    }, "the attended outcome");
    const types = (view.timeline as Array<{ type: string }>).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["interview.scheduled", "interview.confirmed", "interview.outcome-recorded", "interview.outcome"]));
    // No second reminder by SMS: the candidate confirmed within the window.
    expect((await outbox(stack.url, { to: "+8613900001111" })).filter((m) => m.text?.includes("confirm or move"))).toHaveLength(0);
  });
});
