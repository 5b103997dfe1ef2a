// Quiet hours and the daily cap as HR's setting, end to end on the local stack as a separate process over
// HTTP: an admin moves quiet hours to 20:00–09:00; at 08:30 in the candidate's zone (allowed under the old
// 21:00–08:00) the interview invitation (InterviewStep), the application's invite (ScreenApplication) and
// a missed call's follow-up (TalentApi) are all held until 09:00 there, and go then. Two admins saving from
// one version get one 200 and one 409; a bad value is refused with its field path; a recruiter may read only.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zoneWhereItIs } from "../statemachines/interview-harness.js";
import { clock, eventually, hr, newDataDir, outbox, postWebhook, startLocalProcess, token, webhookSecret, type LocalProcess } from "./local-process.js";

describe("sending rules on the local stack", () => {
  let stack: LocalProcess;

  beforeAll(async () => {
    // Journey time stands still until the test moves it, so "08:30 for the candidate" stays 08:30.
    stack = await startLocalProcess(newDataDir(), { HIREPATH_CLOCK_PAUSED: "1", HIREPATH_EVENT_DELAY_MS: "20", INTERVIEW_FOLLOW_UP_SECONDS: "36000" });
  });
  afterAll(async () => {
    await stack?.stop();
    if (stack) rmSync(stack.dataDir, { recursive: true, force: true });
  });

  it("lets an admin change them over the API, with the version guarding concurrent saves and field paths on refusals", async () => {
    const admin = await token(stack.url, "admin");
    const recruiter = await token(stack.url, "recruiter");
    const initial = await hr(stack.url, recruiter, "/hr/settings/sending");
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({ quietHours: { start: "21:00", end: "08:00" }, dailyCap: 3, version: 0, source: "default" });

    expect((await hr(stack.url, recruiter, "/hr/settings/sending", { method: "PUT", body: JSON.stringify({ expectedVersion: 0, quietHours: null, dailyCap: 3 }) })).status).toBe(403);
    const refused = await hr(stack.url, admin, "/hr/settings/sending", { method: "PUT", body: JSON.stringify({ expectedVersion: 0, quietHours: { start: "09:00", end: "09:00" }, dailyCap: 25 }) });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: "validation-failed" });
    expect((refused.body.errors as Array<{ path: string; code: string }>).map((e) => [e.path, e.code]).sort()).toEqual([
      ["dailyCap", "too_big"],
      ["quietHours.end", "custom"],
    ]);

    const saves = await Promise.all(
      [3, 5].map((dailyCap) => hr(stack.url, admin, "/hr/settings/sending", { method: "PUT", body: JSON.stringify({ expectedVersion: 0, quietHours: { start: "20:00", end: "09:00" }, dailyCap }) })),
    );
    expect(saves.map((s) => s.status).sort()).toEqual([200, 409]);
    const lost = saves.find((s) => s.status === 409)!;
    expect(lost.body).toMatchObject({ code: "concurrent-change", currentVersion: 1 });
    const won = saves.find((s) => s.status === 200)!;
    expect(won.body).toMatchObject({ version: 1, source: "saved", quietHours: { start: "20:00", end: "09:00" } });
    // The winner's cap back to 3, from the version it read: the history keeps both, newest first.
    const third = await hr(stack.url, admin, "/hr/settings/sending", { method: "PUT", body: JSON.stringify({ expectedVersion: 1, quietHours: { start: "20:00", end: "09:00" }, dailyCap: 3 }) });
    expect(third.status).toBe(200);
    const read = await hr(stack.url, recruiter, "/hr/settings/sending");
    expect(read.body).toMatchObject({ version: 2, dailyCap: 3, updatedBy: expect.stringContaining("admin") });
    expect((read.body.history as Array<{ version: number }>).map((h) => h.version)).toEqual([2, 1]);
  }, 120_000);

  it("holds the interview invitation, the application invite and a missed call's follow-up planned at 08:30 for the candidate until 09:00 there", async () => {
    // 08:30 in the candidate's zone: the next instant at minute 30 (UTC and whole-hour zones share minutes).
    const start = (await clock(stack.url)).body.nowMs as number;
    const at = new Date(start);
    at.setUTCMinutes(30, 0, 0);
    if (at.getTime() <= start) at.setUTCHours(at.getUTCHours() + 1);
    expect((await clock(stack.url, { to: at.toISOString() })).status).toBe(200);
    const zone = zoneWhereItIs(8, at);
    const nine = new Date(at.getTime() + 30 * 60_000);
    const recruiter = await token(stack.url, "recruiter");

    const email = `e2e-rules-${process.pid}@example.com`;
    const accepted = await postWebhook(
      stack.url,
      webhookSecret(stack.dataDir),
      JSON.stringify({
        event: "application.created",
        candidate: { name: "Zhou Min", email, phone: "13900002222", locale: "en", timeZone: zone },
        application: { requisitionId: "req-sales-sh", resumeText: "8 years SaaS sales, key account", yearsExperience: 8, location: "上海" },
      }),
      { deliveryId: `e2e-rules-${process.pid}` },
    );
    expect(accepted.status).toBe(202);
    const { candidateId, applicationId } = accepted.body as { candidateId: string; applicationId: string };

    expect(
      (
        await hr(stack.url, recruiter, "/hr/interviewers/iv-rules", {
          method: "PUT",
          body: JSON.stringify({ name: "Li Na", email: "li.na@hirepath.test", tags: ["saas"], availability: [{ startsAt: at.toISOString(), endsAt: new Date(at.getTime() + 3 * 86_400_000).toISOString() }] }),
        })
      ).status,
    ).toBe(200);
    // Tomorrow 14:00 for the candidate: outside the new quiet hours, so bookable without an override.
    const startsAt = new Date(at.getTime() + (24 + 5.5) * 3600_000);
    const scheduled = await hr(stack.url, recruiter, "/hr/interviews", {
      method: "POST",
      body: JSON.stringify({ candidateId, applicationId, interviewerId: "iv-rules", startsAt: startsAt.toISOString(), mode: "video", videoUrl: "https://meet.example.com/rules", recruiterEmail: "recruiter@hirepath.test" }),
    });
    expect(scheduled.status).toBe(201);

    const call = await hr(stack.url, recruiter, `/hr/talent/candidates/${candidateId}/calls`, { method: "POST", body: JSON.stringify({ attemptKey: `rules-${process.pid}`, outcome: "no-answer", requisitionId: "req-sales-sh" }) });
    expect(call.status).toBe(201);
    expect(call.body.followUp).toMatchObject({ status: "held", reason: "quiet-hours", sendAt: nine.toISOString() });

    // Every journey planned under the new rules: held until 09:00 for the candidate, version 2 named.
    const held = await eventually(async () => {
      const view = await hr(stack.url, recruiter, `/hr/candidates/${candidateId}`);
      const list = view.body.heldMessages as Array<{ what: string; heldUntil: string; heldUntilLocal: string; reason: string }>;
      // Two interview invitations: the application journey's (it invites to the interview stage) and the interview journey's.
      return list.filter((m) => m.what === "Interview invitation").length === 2 && list.some((m) => m.what === "Missed-call follow-up") ? { list, timeline: view.body.timeline as Array<{ type: string; data?: Record<string, unknown> }> } : undefined;
    }, "the holds");
    expect(held.list).toHaveLength(3);
    for (const m of held.list) expect(m, m.what).toMatchObject({ heldUntil: nine.toISOString(), reason: "quiet-hours", heldUntilLocal: expect.stringContaining(`09:00 ${zone}`) });
    expect(held.timeline.filter((e) => e.type === "message.held").every((e) => e.data?.rulesVersion === 2)).toBe(true);
    // Nothing went out at 08:30.
    expect(await outbox(stack.url, { to: email })).toEqual([]);
    expect(await outbox(stack.url, { to: "+8613900002222" })).toEqual([]);

    // 09:00 for the candidate: they go.
    expect((await clock(stack.url, { to: new Date(nine.getTime() + 60_000).toISOString() })).status).toBe(200);
    const invitation = await eventually(async () => (await outbox(stack.url, { to: email })).find((m) => m.subject?.startsWith("Your interview for")), "the invitation");
    expect(Date.parse(invitation.time)).toBeGreaterThanOrEqual(nine.getTime());
    const sms = await eventually(async () => {
      const list = await outbox(stack.url, { to: "+8613900002222" });
      return list.length ? list : undefined;
    }, "an SMS (the call follow-up)");
    for (const m of sms) expect(Date.parse(m.time)).toBeGreaterThanOrEqual(nine.getTime());
  }, 240_000);
});
