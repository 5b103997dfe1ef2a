// Every path of statemachines/interview-journey.asl.json on the local engine with the real handlers,
// dynalite and the SES/SMS emulators. Waits are advanced with the engine's test clock; the candidate's
// time zone is chosen so that "now" is daytime for them unless the test is about quiet hours.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJourneyHarness, type JourneyHarness } from "./journey-harness.js";
import { actionLink, advanceTo, candidateFor, fetchHr, INTERVIEWER_EMAIL, MANAGER, postForm, putInterviewer, RECRUITER, schedule, zoneWhereItIs } from "./interview-harness.js";

let h: JourneyHarness;
beforeAll(async () => {
  h = await startJourneyHarness();
  await putInterviewer(h);
});
afterAll(async () => h?.close());

/** Messages to an address, oldest first, leaving out the application journey's own invite and nudge. */
const outbox = (to: string) => h.stack.outbox.list({ to }).reverse().filter((m) => !/面试邀请|邀请已发至|^Interview invitation:|interview invite for/.test(m.subject ?? m.text ?? ""));
const subjects = (to: string) => outbox(to).map((m) => m.subject);
const interviewOf = async (candidateId: string, interviewId: string) => (await fetchHr(h, `/hr/interviews/${candidateId}`, "GET")).body.items.find((i: { interviewId: string }) => i.interviewId === interviewId);
const timelineTypes = async (candidateId: string) => (await h.hr(`/hr/candidates/${candidateId}`)).timeline.map((e: { type: string }) => e.type);

const INVITATION_TO_REMINDERS = ["RouteJourneyKind", "NotifyStaffOfSchedule", "PlanInvitation", "RouteInvitationPlan", "WaitForInvitationSendTime", "SendInvitation", "WaitForInvitationResponse", "CheckInvitationResponse", "RouteInvitationResponse"];
const REMINDERS = [
  "PlanDayBeforeReminder", "RouteDayBeforeReminderPlan", "WaitForDayBeforeReminder", "CheckBeforeDayBeforeReminder", "RouteBeforeDayBeforeReminder", "SendDayBeforeReminder",
  "PlanHoursBeforeReminder", "RouteHoursBeforeReminderPlan", "WaitForHoursBeforeReminder", "CheckBeforeHoursBeforeReminder", "RouteBeforeHoursBeforeReminder", "SendHoursBeforeReminder",
];
const OUTCOME_CHECK = ["PlanOutcomeCheck", "WaitForInterviewToEnd", "CheckInterviewOutcome", "RouteInterviewOutcome"];

describe("interview journey", () => {
  it("invites by email with the details and an ICS, and after a confirmation sends the 24 h and 2 h reminders and records attended", async () => {
    const c = await candidateFor(h);
    const interview = await schedule(h, c);
    await h.reached(interview.executionArn, "WaitForInvitationResponse");

    const [invitation] = outbox(c.email);
    expect(invitation?.subject).toContain("面试安排");
    expect(invitation?.text).toContain("李娜");
    expect(invitation?.text).toContain("身份证");
    expect(invitation?.html).toContain("uri.amap.com");
    expect(invitation?.attachments[0]).toMatchObject({ filename: "interview.ics" });
    const ics = h.stack.outbox.readAttachment(invitation!.id, 0)!.toString("utf8");
    expect(ics).toContain(`DTSTART:${interview.startsAt.replace(/[-:]/g, "").replace(".000", "")}`);
    expect(ics).toContain("METHOD:REQUEST");
    // Staff hear about it too: the recruiter and the interviewer.
    expect(outbox(RECRUITER).some((m) => m.subject?.includes("Interview scheduled"))).toBe(true);
    expect(outbox(INTERVIEWER_EMAIL).some((m) => m.subject?.includes("Interview scheduled"))).toBe(true);

    // The candidate confirms: GET shows, POST changes state.
    const confirm = actionLink(invitation!.html, "confirm");
    expect((await fetch(confirm)).status).toBe(200);
    expect((await interviewOf(c.candidateId, interview.interviewId)).status).toBe("scheduled");
    const posted = await postForm(confirm, { action: "confirm" });
    expect(posted.status).toBe(200);
    expect((await interviewOf(c.candidateId, interview.interviewId)).status).toBe("confirmed");

    await advanceTo(h, interview.executionArn, "WaitForInterviewToEnd");
    expect(subjects(c.email)).toEqual([expect.stringContaining("面试安排"), expect.stringContaining("明天面试提醒"), expect.stringContaining("面试即将开始")]);
    expect(outbox(c.phone)).toHaveLength(0);

    expect((await fetchHr(h, `/hr/interviews/${c.candidateId}/${interview.interviewId}/outcome`, "POST", { outcome: "attended" })).status).toBe(200);
    h.stack.engine.wakeWaits(interview.executionArn);
    expect((await h.finished(interview.executionArn)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(interview.executionArn)).toEqual([...INVITATION_TO_REMINDERS, ...REMINDERS, ...OUTCOME_CHECK, "RecordAttended", "InterviewJourneyEnded"]);
    expect(await timelineTypes(c.candidateId)).toEqual(expect.arrayContaining(["interview.scheduled", "interview.confirmed", "interview.outcome-recorded", "interview.outcome"]));
  });

  it("sends the second reminder by SMS when the email is unopened after an hour, then tasks the recruiter, escalates to the manager, and ends cancelled when HR cancels", async () => {
    const c = await candidateFor(h);
    const interview = await schedule(h, c);
    await h.reached(interview.executionArn, "WaitForInvitationResponse");
    expect(outbox(c.phone)).toHaveLength(0);

    await advanceTo(h, interview.executionArn, "WaitForConfirmation");
    const [sms] = outbox(c.phone);
    expect(sms?.channel).toBe("sms");
    expect(sms?.text).toContain("尚未确认");

    await advanceTo(h, interview.executionArn, "WaitForCallTaskDeadline");
    const tasks = (await fetchHr(h, "/hr/tasks", "GET")).body.items.filter((t: { candidateId: string }) => t.candidateId === c.candidateId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ type: "call-candidate", status: "open", assignee: RECRUITER, alerts: [{ channel: "email", to: RECRUITER, status: "sent" }] });
    expect(outbox(RECRUITER).some((m) => m.subject?.includes("Call the candidate"))).toBe(true);

    await advanceTo(h, interview.executionArn, "WaitForDayBeforeReminder");
    expect(outbox(MANAGER).some((m) => m.subject?.includes("Escalation"))).toBe(true);
    const escalated = (await fetchHr(h, "/hr/tasks", "GET")).body.items.find((t: { taskId: string }) => t.taskId === tasks[0].taskId);
    expect(escalated).toMatchObject({ status: "escalated" });
    expect(escalated.alerts).toHaveLength(3); // recruiter at creation; manager and recruiter on escalation

    // HR cancels: a notice execution tells the candidate (with an ICS CANCEL) and the staff.
    const cancelled = await fetchHr(h, `/hr/interviews/${c.candidateId}/${interview.interviewId}/cancel`, "POST", { reason: "面试官出差" });
    expect(cancelled.status).toBe(200);
    const noticeArn = interview.executionArn.replace(/-v1$/, "-v1-cancelled");
    expect((await h.finished(noticeArn)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(noticeArn)).toEqual(["RouteJourneyKind", "NotifyStaffOfChange", "RouteChangeNotice", "PlanChangeNotice", "WaitForChangeNoticeSendTime", "SendChangeNotice", "RecordChangeNotice", "InterviewJourneyEnded"]);
    const notice = outbox(c.email).find((m) => m.subject?.includes("面试已取消"));
    expect(h.stack.outbox.readAttachment(notice!.id, 0)!.toString("utf8")).toContain("METHOD:CANCEL");
    expect(outbox(INTERVIEWER_EMAIL).some((m) => m.subject?.includes("Interview cancelled"))).toBe(true);

    h.stack.engine.wakeWaits(interview.executionArn);
    expect((await h.finished(interview.executionArn)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(interview.executionArn)).toEqual([
      ...INVITATION_TO_REMINDERS,
      "PlanSecondReminder", "WaitForSecondReminderSendTime", "CheckBeforeSecondReminder", "RouteBeforeSecondReminder", "SendSecondReminder",
      "WaitForConfirmation", "CheckConfirmation", "RouteConfirmation",
      "CreateCallCandidateTask", "WaitForCallTaskDeadline", "CheckCallTask", "RouteCallTask", "EscalateCallTask",
      "PlanDayBeforeReminder", "RouteDayBeforeReminderPlan", "WaitForDayBeforeReminder", "CheckBeforeDayBeforeReminder", "RouteBeforeDayBeforeReminder",
      "RecordCancelled", "InterviewJourneyEnded",
    ]);
    expect(outbox(c.email).filter((m) => m.subject?.includes("提醒"))).toHaveLength(0);
  });

  it("skips the second reminder when the invitation was opened, and goes to reminders when the recruiter's call task is done", async () => {
    const c = await candidateFor(h, { locale: "en" });
    const interview = await schedule(h, c, { mode: "video", location: undefined, videoUrl: "https://meet.example.com/abc-defg" });
    await h.reached(interview.executionArn, "WaitForInvitationResponse");
    const invitation = outbox(c.email)[0]!;
    expect(invitation.subject).toContain("Your interview for");
    expect(invitation.text).toContain("https://meet.example.com/abc-defg");
    // Viewing the email in the outbox is the open pixel: SES publishes an Open event.
    expect((await fetch(`${h.stack.appUrl}/outbox/messages/${encodeURIComponent(invitation.id)}`)).status).toBe(200);
    await expect.poll(() => timelineTypes(c.candidateId)).toContain("message.opened");

    await advanceTo(h, interview.executionArn, "WaitForCallTaskDeadline");
    const task = (await fetchHr(h, "/hr/tasks", "GET")).body.items.find((t: { candidateId: string }) => t.candidateId === c.candidateId);
    expect((await fetchHr(h, `/hr/tasks/${task.taskId}/complete`, "POST")).body).toMatchObject({ status: "done", doneBy: RECRUITER });
    expect((await fetchHr(h, "/hr/tasks", "GET")).body.items.some((t: { taskId: string }) => t.taskId === task.taskId)).toBe(false);

    await advanceTo(h, interview.executionArn, "WaitForDayBeforeReminder");
    const visited = h.statesVisited(interview.executionArn);
    expect(visited).not.toContain("PlanSecondReminder");
    expect(visited).not.toContain("EscalateCallTask");
    expect(visited.slice(INVITATION_TO_REMINDERS.length)).toEqual([
      "WaitForConfirmation", "CheckConfirmation", "RouteConfirmation", "CreateCallCandidateTask", "WaitForCallTaskDeadline", "CheckCallTask", "RouteCallTask",
      "PlanDayBeforeReminder", "RouteDayBeforeReminderPlan", "WaitForDayBeforeReminder",
    ]);
    expect(outbox(c.phone)).toHaveLength(0);
  });
});
