// Every path of statemachines/interview-journey.asl.json on the local engine with the real handlers,
// dynalite and the SES/SMS emulators. Waits are advanced with the engine's test clock; the candidate's
// time zone is chosen so that "now" is daytime for them unless the test is about quiet hours.
import { DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keys } from "../../lambdas/core/shared/keys.js";
import { LOCAL_TABLE } from "../../local/stack.js";
import { LOCAL_CHAT_ROBOT_SECRET } from "../../local/chat/chat-outbox.js";
import { startJourneyHarness, type JourneyHarness } from "./journey-harness.js";
import { actionLink, advanceTo, candidateFor, fetchHr, inDays, INTERVIEWER_EMAIL, MANAGER, postForm, putInterviewer, RECRUITER, schedule, zoneWhereItIs } from "./interview-harness.js";

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
/** The outcomes the journey recorded (RecordOutcome writes one `interview.outcome` event per execution). */
const outcomesRecorded = async (candidateId: string) => (await h.hr(`/hr/candidates/${candidateId}`)).timeline.filter((e: { type: string }) => e.type === "interview.outcome").map((e: { data?: { outcome?: string } }) => e.data?.outcome);

const INVITATION_TO_REMINDERS = ["NotifyStaffOfSchedule", "PlanInvitation", "RouteInvitationPlan", "WaitForInvitationSendTime", "RouteAfterInvitationHold", "SendInvitation", "WaitForInvitationResponse", "CheckInvitationResponse", "RouteInvitationResponse"];
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
    expect(h.statesVisited(interview.executionArn)).toEqual([...INVITATION_TO_REMINDERS, ...REMINDERS, ...OUTCOME_CHECK, "RecordOutcome", "InterviewJourneyEnded"]);
    expect(await outcomesRecorded(c.candidateId)).toEqual(["attended"]);
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
    const tasks = (await fetchHr(h, `/hr/tasks?candidateId=${c.candidateId}`, "GET")).body.items;
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ kind: "interview", type: "call-candidate", state: "open", assignee: RECRUITER, alerts: [{ channel: "email", to: RECRUITER, status: "sent" }] });
    expect(outbox(RECRUITER).some((m) => m.subject?.includes("Call the candidate"))).toBe(true);

    await advanceTo(h, interview.executionArn, "WaitForDayBeforeReminder");
    expect(outbox(MANAGER).some((m) => m.subject?.includes("Escalation"))).toBe(true);
    const escalated = (await fetchHr(h, `/hr/tasks?state=escalated&kind=interview`, "GET")).body.items.find((t: { taskId: string }) => t.taskId === tasks[0].taskId);
    expect(escalated).toMatchObject({ state: "escalated" });
    expect(escalated.alerts).toHaveLength(3); // recruiter at creation; manager and recruiter on escalation

    // HR cancels: a notice execution tells the candidate (with an ICS CANCEL) and the staff.
    const cancelled = await fetchHr(h, `/hr/interviews/${c.candidateId}/${interview.interviewId}/cancel`, "POST", { reason: "面试官出差" });
    expect(cancelled.status).toBe(200);
    // Nobody is to call about an interview that is off: its task leaves the inbox, cancelled.
    expect((await fetchHr(h, `/hr/tasks/${tasks[0].taskId}`, "GET")).body).toMatchObject({ state: "cancelled", resolution: { outcome: "cancelled", note: "interview cancelled" } });
    expect((await fetchHr(h, `/hr/tasks?candidateId=${c.candidateId}`, "GET")).body.items).toEqual([]);
    // The notice is a run of its own machine, named after the interview version and the change.
    const noticeArn = interview.executionArn.replace("-interview-journey:", "-interview-change-notice:").replace(/-v1$/, "-v1-cancelled");
    expect((await h.finished(noticeArn)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(noticeArn)).toEqual(["NotifyStaffOfChange", "RouteChangeNotice", "PlanChangeNotice", "WaitForChangeNoticeSendTime", "SendChangeNotice", "RecordChangeNotice", "ChangeNoticeEnded"]);
    const notice = outbox(c.email).find((m) => m.subject?.includes("面试已取消"));
    expect(h.stack.outbox.readAttachment(notice!.id, 0)!.toString("utf8")).toContain("METHOD:CANCEL");
    expect(outbox(INTERVIEWER_EMAIL).some((m) => m.subject?.includes("Interview cancelled"))).toBe(true);
    // The same cancellation retried after its notice closed: AWS answers ExecutionAlreadyExists, HrApi describes
    // that execution (under its deployed role), finds the same input, and the retry is the same success.
    const again = await fetchHr(h, `/hr/interviews/${c.candidateId}/${interview.interviewId}/cancel`, "POST", { reason: "面试官出差" });
    expect(again.status).toBe(200);
    expect(outbox(c.email).filter((m) => m.subject?.includes("面试已取消"))).toHaveLength(1);

    h.stack.engine.wakeWaits(interview.executionArn);
    expect((await h.finished(interview.executionArn)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(interview.executionArn)).toEqual([
      ...INVITATION_TO_REMINDERS,
      "PlanSecondReminder", "WaitForSecondReminderSendTime", "CheckBeforeSecondReminder", "RouteBeforeSecondReminder", "SendSecondReminder",
      "WaitForConfirmation", "CheckConfirmation", "RouteConfirmation",
      "CreateCallCandidateTask", "WaitForCallTaskDeadline", "CheckCallTask", "RouteCallTask", "EscalateCallTask",
      "PlanDayBeforeReminder", "RouteDayBeforeReminderPlan", "WaitForDayBeforeReminder", "CheckBeforeDayBeforeReminder", "RouteBeforeDayBeforeReminder",
      "RecordOutcome", "InterviewJourneyEnded",
    ]);
    expect(await outcomesRecorded(c.candidateId)).toContain("cancelled");
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
    const task = (await fetchHr(h, `/hr/tasks?candidateId=${c.candidateId}`, "GET")).body.items[0];
    expect((await fetchHr(h, `/hr/tasks/${task.taskId}/done`, "POST")).body).toMatchObject({ state: "done", resolution: { by: RECRUITER } });
    // Closing twice: the second close is told it is closed already, with the task as it is.
    const again = await fetchHr(h, `/hr/tasks/${task.taskId}/complete`, "POST");
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: "already-closed", task: { taskId: task.taskId, state: "done" } });
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

  it("invites an SMS-only candidate by SMS and counts a click on the SMS link as engagement (no second reminder)", async () => {
    const c = await candidateFor(h, { email: null });
    const interview = await schedule(h, c);
    await h.reached(interview.executionArn, "WaitForInvitationResponse");
    // The interview's SMS (not the application's invitation) carries a short link (/s/ + ten characters)
    // standing for the signed confirm link.
    const interviewSms = () => outbox(c.phone).filter((m) => m.text?.includes("面试定于") && /\/s\/[2-9a-zA-Z]{10}/.test(m.text));
    const [sms] = interviewSms();
    expect(sms?.channel).toBe("sms");
    const link = /(https?:\/\/\S+\/s\/[2-9a-zA-Z]{10})/.exec(sms?.text ?? "")![1]!;
    expect((await fetch(link)).status).toBe(200); // opened, not yet confirmed
    expect(await timelineTypes(c.candidateId)).toContain("interview.link-opened");

    await advanceTo(h, interview.executionArn, "WaitForConfirmation");
    expect(h.statesVisited(interview.executionArn)).not.toContain("PlanSecondReminder");
    expect(interviewSms()).toHaveLength(1);
  });

  it("moves the interview when the candidate picks a new slot: a new version and execution, the old one ends rescheduled, old links go stale", async () => {
    const c = await candidateFor(h);
    await putInterviewer(h, "iv-flex", [{ startsAt: inDays(2), endsAt: inDays(2, 6) }]);
    const interview = await schedule(h, c, { interviewerId: "iv-flex", startsAt: inDays(2, 1) });
    await h.reached(interview.executionArn, "WaitForInvitationResponse");
    const invitation = outbox(c.email)[0]!;

    const page = await (await fetch(actionLink(invitation.html, "reschedule"))).text();
    const offered = [...page.matchAll(/name="startsAt" value="([^"]+)"/g)].map((m) => m[1]);
    expect(offered).toContain(inDays(2, 3));
    expect(offered).not.toContain(inDays(2, 1)); // the interview's own slot is taken
    // A time outside the offered slots (outside availability, say) is refused, with the open ones listed again.
    const outside = await postForm(actionLink(invitation.html, "reschedule"), { action: "reschedule", startsAt: inDays(2, 9) });
    expect(outside.status).toBe(409);
    expect(outside.text).toContain("您选择的时间不在可预约的时间内");
    expect([...outside.text.matchAll(/name="startsAt" value="([^"]+)"/g)].map((m) => m[1])).toEqual(offered);
    const moved = await postForm(actionLink(invitation.html, "reschedule"), { action: "reschedule", startsAt: inDays(2, 3) });
    expect(moved.status).toBe(200);
    const after = await interviewOf(c.candidateId, interview.interviewId);
    expect(after).toMatchObject({ version: 2, status: "confirmed", startsAt: inDays(2, 3) });

    const v2 = interview.executionArn.replace(/-v1$/, "-v2");
    await h.reached(v2, "WaitForInvitationResponse");
    const rescheduled = outbox(c.email).find((m) => m.subject?.includes("面试时间已更改"));
    const ics = h.stack.outbox.readAttachment(rescheduled!.id, 0)!.toString("utf8");
    expect(ics).toContain("SEQUENCE:4");
    expect(ics).toContain(`UID:${interview.interviewId}@hirepath`);
    expect(outbox(RECRUITER).some((m) => m.subject?.includes("Interview rescheduled"))).toBe(true);
    // A link from the first invitation no longer acts on the interview.
    expect((await postForm(actionLink(invitation.html, "confirm"), { action: "confirm" })).status).toBe(409);

    h.stack.engine.wakeWaits(interview.executionArn);
    expect((await h.finished(interview.executionArn)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(interview.executionArn)).toEqual([...INVITATION_TO_REMINDERS, "RecordOutcome", "InterviewJourneyEnded"]);
    expect(await outcomesRecorded(c.candidateId)).toContain("rescheduled");
    await advanceTo(h, v2, "WaitForDayBeforeReminder");
    expect(h.statesVisited(v2)).toEqual([...INVITATION_TO_REMINDERS, "PlanDayBeforeReminder", "RouteDayBeforeReminderPlan", "WaitForDayBeforeReminder"]);
    expect(await timelineTypes(c.candidateId)).toContain("interview.rescheduled");
  });

  it("moves the interview when HR reschedules: the candidate gets the new time to confirm, every party is told", async () => {
    const c = await candidateFor(h);
    const interview = await schedule(h, c);
    await h.reached(interview.executionArn, "WaitForInvitationResponse");
    const to = new Date(Date.parse(interview.startsAt) + 3600_000).toISOString();
    const moved = await fetchHr(h, `/hr/interviews/${c.candidateId}/${interview.interviewId}/reschedule`, "POST", { startsAt: to, expectedVersion: 1 });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ version: 2, status: "scheduled", startsAt: to });
    // The same move posted again (a retry) is the same move; another change based on the old version is refused.
    expect((await fetchHr(h, `/hr/interviews/${c.candidateId}/${interview.interviewId}/reschedule`, "POST", { startsAt: to, expectedVersion: 1 })).body).toMatchObject({ version: 2, startsAt: to });
    const later = new Date(Date.parse(to) + 3600_000).toISOString();
    expect((await fetchHr(h, `/hr/interviews/${c.candidateId}/${interview.interviewId}/reschedule`, "POST", { startsAt: later, expectedVersion: 1 })).status).toBe(409);

    const v2 = interview.executionArn.replace(/-v1$/, "-v2");
    await h.reached(v2, "WaitForInvitationResponse");
    const notice = outbox(c.email).find((m) => m.subject?.includes("面试时间已更改"));
    expect(notice?.html).toContain('data-action="confirm"');
    expect(outbox(RECRUITER).some((m) => m.subject?.includes("Interview rescheduled"))).toBe(true);
    expect(outbox(INTERVIEWER_EMAIL).some((m) => m.subject?.includes("Interview rescheduled"))).toBe(true);
    h.stack.engine.wakeWaits(interview.executionArn);
    await h.finished(interview.executionArn);
    expect(h.statesVisited(interview.executionArn).at(-2)).toBe("RecordOutcome");
  });

  it("tells the staff when the candidate declines, and the journey ends declined", async () => {
    const c = await candidateFor(h);
    const interview = await schedule(h, c);
    await h.reached(interview.executionArn, "WaitForInvitationResponse");
    const declined = await postForm(actionLink(outbox(c.email)[0]!.html, "decline"), { action: "decline" });
    expect(declined.status).toBe(200);
    expect(declined.text).toContain("招聘顾问会尽快与您联系");

    const notice = interview.executionArn.replace("-interview-journey:", "-interview-change-notice:").replace(/-v1$/, "-v1-declined");
    expect((await h.finished(notice)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(notice)).toEqual(["NotifyStaffOfChange", "RouteChangeNotice", "RecordChangeNotice", "ChangeNoticeEnded"]);
    expect(outbox(RECRUITER).some((m) => m.subject?.includes("Candidate declined"))).toBe(true);
    // The decline sent again (a double submit, a reload) after its notice closed: PublicLinks describes the
    // closed execution under its own role, and the candidate sees the same answer, not a conflict.
    const again = await postForm(actionLink(outbox(c.email)[0]!.html, "decline"), { action: "decline" });
    expect(again.status).toBe(200);
    expect(again.text).toContain("招聘顾问会尽快与您联系");
    expect(outbox(RECRUITER).filter((m) => m.subject?.includes("Candidate declined"))).toHaveLength(1);

    h.stack.engine.wakeWaits(interview.executionArn);
    await h.finished(interview.executionArn);
    expect(h.statesVisited(interview.executionArn)).toEqual([...INVITATION_TO_REMINDERS, "RecordOutcome", "InterviewJourneyEnded"]);
    expect(await outcomesRecorded(c.candidateId)).toContain("declined");
  });

  it("reaches out once after a no-show: one message with a reschedule link and a recruiter task (→ no-show)", async () => {
    const c = await candidateFor(h);
    const interview = await schedule(h, c);
    await h.reached(interview.executionArn, "WaitForInvitationResponse");
    await postForm(actionLink(outbox(c.email)[0]!.html, "confirm"), { action: "confirm" });
    await advanceTo(h, interview.executionArn, "WaitForInterviewToEnd");
    expect((await fetchHr(h, `/hr/interviews/${c.candidateId}/${interview.interviewId}/outcome`, "POST", { outcome: "no-show" })).status).toBe(200);

    await advanceTo(h, interview.executionArn, "InterviewJourneyEnded");
    expect((await h.finished(interview.executionArn)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(interview.executionArn).slice(INVITATION_TO_REMINDERS.length + REMINDERS.length)).toEqual([
      ...OUTCOME_CHECK, "PlanNoShowReachOut", "WaitForNoShowReachOutSendTime", "CheckBeforeNoShowReachOut", "RouteBeforeNoShowReachOut", "SendNoShowReachOut", "CreateReachOutTask", "RecordOutcome", "InterviewJourneyEnded",
    ]);
    expect(await outcomesRecorded(c.candidateId)).toEqual(["no-show"]);
    const reachOut = outbox(c.email).filter((m) => m.subject?.includes("我们错过了您"));
    expect(reachOut).toHaveLength(1);
    expect(reachOut[0]!.html).toContain('data-action="reschedule"');
    const task = (await fetchHr(h, `/hr/tasks?candidateId=${c.candidateId}`, "GET")).body.items.find((t: { type: string }) => t.type === "reach-out-after-no-show");
    expect(task).toMatchObject({ kind: "interview", state: "open" });
  });

  it("sends no no-show reach-out held through the night once a call reached the candidate meanwhile; the hold ends saying why", async () => {
    // An evening interview the candidate agreed to: the no-show is recorded in their night, so the
    // reach-out waits for 08:00 there.
    const c = await candidateFor(h, { timeZone: zoneWhereItIs(22) });
    const interview = await schedule(h, c, { override: true, overrideReason: "the candidate asked for an evening slot" });
    await advanceTo(h, interview.executionArn, "WaitForInvitationResponse");
    await postForm(actionLink(outbox(c.email)[0]!.html, "confirm"), { action: "confirm" });
    await advanceTo(h, interview.executionArn, "WaitForInterviewToEnd", 20);
    expect((await fetchHr(h, `/hr/interviews/${c.candidateId}/${interview.interviewId}/outcome`, "POST", { outcome: "no-show" })).status).toBe(200);
    h.stack.engine.wakeWaits(interview.executionArn);
    await h.reached(interview.executionArn, "WaitForNoShowReachOutSendTime");
    expect(h.statesVisited(interview.executionArn).at(-1)).toBe("WaitForNoShowReachOutSendTime");
    const held = (await h.hr(`/hr/candidates/${c.candidateId}`)).heldMessages.map((m: { what: string }) => m.what);
    expect(held).toContain("No-show reach-out");

    // The recruiter rings first thing and gets through.
    const call = await fetchHr(h, `/hr/talent/candidates/${c.candidateId}/calls`, "POST", { attemptKey: "after-no-show", outcome: "reached", note: "堵车了，想改期" });
    expect(call.status).toBe(201);
    await advanceTo(h, interview.executionArn, "InterviewJourneyEnded");
    expect(h.statesVisited(interview.executionArn).slice(-6)).toEqual(["PlanNoShowReachOut", "WaitForNoShowReachOutSendTime", "CheckBeforeNoShowReachOut", "RouteBeforeNoShowReachOut", "RecordOutcome", "InterviewJourneyEnded"]);
    expect(outbox(c.email).filter((m) => m.subject?.includes("我们错过了您"))).toHaveLength(0);
    expect(outbox(c.phone).filter((m) => m.text?.includes("错过"))).toHaveLength(0);
    expect(await outcomesRecorded(c.candidateId)).toEqual(["no-show"]);
    const timeline = (await h.hr(`/hr/candidates/${c.candidateId}`)).timeline as Array<{ type: string; summary: string }>;
    expect(timeline.filter((e) => e.type === "message.hold-ended").map((e) => e.summary)).toEqual([expect.stringMatching(/^No-show reach-out: no longer held \(not sent: a call reached the candidate/)]);
    // Nobody is asked to reach out to someone already reached.
    const tasks = (await fetchHr(h, `/hr/tasks?candidateId=${c.candidateId}`, "GET")).body.items.filter((t: { type: string }) => t.type === "reach-out-after-no-show");
    expect(tasks).toEqual([]);
  }, 180_000);

  it("asks the recruiter to record a missing outcome, escalates, and ends unrecorded rather than silently", async () => {
    const c = await candidateFor(h);
    const interview = await schedule(h, c);
    await h.reached(interview.executionArn, "WaitForInvitationResponse");
    await postForm(actionLink(outbox(c.email)[0]!.html, "confirm"), { action: "confirm" });
    await advanceTo(h, interview.executionArn, "InterviewJourneyEnded", 20);
    expect(h.statesVisited(interview.executionArn).slice(INVITATION_TO_REMINDERS.length + REMINDERS.length)).toEqual([
      ...OUTCOME_CHECK, "CreateRecordOutcomeTask", "WaitForRecordOutcomeTaskDeadline", "CheckRecordedOutcome", "RouteRecordedOutcome", "EscalateRecordOutcomeTask", "RecordOutcome", "InterviewJourneyEnded",
    ]);
    expect(await outcomesRecorded(c.candidateId)).toEqual(["unrecorded"]);
    expect(outbox(MANAGER).some((m) => m.subject?.includes("Escalation") && m.text?.includes("Record the interview outcome"))).toBe(true);
  });

  it("holds the invitation until quiet hours end in the candidate's time zone", async () => {
    const c = await candidateFor(h, { timeZone: zoneWhereItIs(23) });
    // An evening interview the candidate agreed to: HR books it inside their quiet hours on purpose.
    const interview = await schedule(h, c, { override: true, overrideReason: "the candidate asked for an evening slot" });
    await h.reached(interview.executionArn, "WaitForInvitationSendTime");
    await h.stack.engine.whenIdle();
    expect(h.statesVisited(interview.executionArn).at(-1)).toBe("WaitForInvitationSendTime");
    expect(outbox(c.email)).toHaveLength(0);
    const history = h.stack.engine.getExecutionHistory(interview.executionArn);
    expect(JSON.stringify(history)).toContain("quiet-hours");

    expect(h.stack.engine.wakeWaits(interview.executionArn)).toBe(1);
    await h.reached(interview.executionArn, "WaitForInvitationResponse");
    expect(outbox(c.email)).toHaveLength(1);
  });

  it("creates the call task straight away when the candidate cannot be reached on any channel", async () => {
    const c = await candidateFor(h);
    // Unsubscribe both channels the way the candidate would: the one-click POST on each address.
    const raw = new DynamoDBClient({ endpoint: h.stack.dynamoEndpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    for (const [channel, address] of [["email", c.email], ["sms", c.phone]] as const) {
      const key = keys.unsubscribe(channel, address);
      await raw.send(new UpdateItemCommand({ TableName: LOCAL_TABLE, Key: { pk: { S: key.pk }, sk: { S: key.sk } }, UpdateExpression: "SET kind = :k", ExpressionAttributeValues: { ":k": { S: "unsubscribe" } } }));
    }
    const interview = await schedule(h, c);
    await h.reached(interview.executionArn, "WaitForCallTaskDeadline");
    expect(h.statesVisited(interview.executionArn)).toEqual(["NotifyStaffOfSchedule", "PlanInvitation", "RouteInvitationPlan", "WaitForInvitationSendTime", "RouteAfterInvitationHold", "SendInvitation", "CreateCallCandidateTask", "WaitForCallTaskDeadline"]);
    expect(outbox(c.email)).toHaveLength(0);
  });

  it("records the error and fails the execution when a step fails for good (→ failed)", async () => {
    const c = await candidateFor(h, { timeZone: zoneWhereItIs(23) });
    // An evening interview the candidate agreed to: HR books it inside their quiet hours on purpose.
    const interview = await schedule(h, c, { override: true, overrideReason: "the candidate asked for an evening slot" });
    await h.reached(interview.executionArn, "WaitForInvitationSendTime");
    const raw = new DynamoDBClient({ endpoint: h.stack.dynamoEndpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    const key = keys.interview(c.candidateId, interview.interviewId);
    await raw.send(new UpdateItemCommand({ TableName: LOCAL_TABLE, Key: { pk: { S: key.pk }, sk: { S: key.sk } }, UpdateExpression: "SET #m = :m", ExpressionAttributeNames: { "#m": "mode" }, ExpressionAttributeValues: { ":m": { S: "teleport" } } }));
    h.stack.engine.wakeWaits(interview.executionArn);
    expect(await h.finished(interview.executionArn)).toMatchObject({ status: "FAILED", error: "InterviewJourneyFailed" });
    // A held invitation looks at the interview again before sending: that read is the step that fails.
    expect(h.statesVisited(interview.executionArn).slice(-3)).toEqual(["CheckBeforeInvitation", "RecordInterviewJourneyFailure", "FailInterviewJourney"]);
    const outcome = (await h.hr(`/hr/candidates/${c.candidateId}`)).timeline.find((e: { type: string; data?: { outcome?: string } }) => e.type === "interview.outcome" && e.data?.outcome === "failed");
    expect(outcome.data.error.Error).toBeTruthy();
  });

  it("books from a single-use self-scheduling link: slots in the candidate's zone, confirmed on booking, a second booking refused", async () => {
    const c = await candidateFor(h, { locale: "en" });
    await putInterviewer(h, "iv-self", [{ startsAt: inDays(4), endsAt: inDays(4, 3) }]);
    const link = await fetchHr(h, `/hr/interviews/${c.candidateId}/${c.applicationId}/scheduling-link`, "POST", {
      interviewerId: "iv-self", mode: "video", videoUrl: "https://meet.example.com/self", recruiterEmail: RECRUITER,
    });
    expect(link.status).toBe(201);
    // The link reaches the candidate by message, through the machine (quiet hours, cap, send-once).
    expect((await h.finished(link.body.executionArn)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(link.body.executionArn)).toEqual(["PlanSchedulingLinkMessage", "WaitForSchedulingLinkSendTime", "SendSchedulingLink", "RecordSchedulingLinkSent", "SchedulingLinkEnded"]);
    const message = outbox(c.email).find((m) => m.subject?.startsWith("Pick your interview time"));
    expect(actionLink(message?.html, "schedule")).toBe(link.body.url);
    const page = await (await fetch(link.body.url)).text();
    const offered = [...page.matchAll(/name="startsAt" value="([^"]+)"/g)].map((m) => m[1]!);
    expect(offered).toEqual([inDays(4), inDays(4, 1), inDays(4, 2)]);

    const booked = await postForm(link.body.url, { action: "book", startsAt: offered[1]! });
    expect(booked.status).toBe(200);
    expect(booked.text).toContain("Booked for");
    const [interview] = (await fetchHr(h, `/hr/interviews/${c.candidateId}`, "GET")).body.items;
    expect(interview).toMatchObject({ status: "confirmed", startsAt: offered[1], mode: "video" });
    expect((await postForm(link.body.url, { action: "book", startsAt: offered[2]! })).status).toBe(409);

    await advanceTo(h, interview.executionArn, "WaitForDayBeforeReminder");
    expect(h.statesVisited(interview.executionArn)).toContain("SendInvitation");
  });

  it("answers a past, an unoffered and a just-taken slot on the self-scheduling page by saying so and listing the open times; of two links booking one slot at once, one wins", async () => {
    await putInterviewer(h, "iv-race", [{ startsAt: inDays(6), endsAt: inDays(6, 3) }]);
    const [a, b] = [await candidateFor(h, { locale: "en" }), await candidateFor(h, { locale: "en" })];
    const linkFor = async (c: Awaited<ReturnType<typeof candidateFor>>) =>
      (await fetchHr(h, `/hr/interviews/${c.candidateId}/${c.applicationId}/scheduling-link`, "POST", { interviewerId: "iv-race", mode: "video", videoUrl: "https://meet.example.com/race", recruiterEmail: RECRUITER })).body.url as string;
    const [urlA, urlB] = [await linkFor(a), await linkFor(b)];
    const open = [inDays(6), inDays(6, 1), inDays(6, 2)];
    const listed = (html: string) => [...html.matchAll(/name="startsAt" value="([^"]+)"/g)].map((m) => m[1]!);

    const past = await postForm(urlA, { action: "book", startsAt: new Date(Date.now() - 3600_000).toISOString() });
    expect(past.status).toBe(409);
    expect(past.text).toContain("already passed");
    expect(listed(past.text)).toEqual(open);
    const unoffered = await postForm(urlA, { action: "book", startsAt: inDays(6, 5) });
    expect(unoffered.status).toBe(409);
    expect(unoffered.text).toContain("not one of the open times");
    expect(listed(unoffered.text)).toEqual(open);

    const [ra, rb] = await Promise.all([postForm(urlA, { action: "book", startsAt: open[0]! }), postForm(urlB, { action: "book", startsAt: open[0]! })]);
    expect([ra.status, rb.status].sort()).toEqual([200, 409]);
    const loser = ra.status === 409 ? ra : rb;
    // Each link runs in its own Lambda environment, so "at once" has no fixed order: the loser either
    // read the slot as open and lost the conditional write (slot-taken), or read it after the winner's
    // write (no longer offered). Either way it gets 409 with the times still open.
    expect(loser.text).toMatch(/Someone has just booked the time you picked|The time you picked is not one of the open times/);
    expect(listed(loser.text)).toEqual(open.slice(1));
    // The loser's link is still good for another time.
    const again = await postForm(ra.status === 409 ? urlA : urlB, { action: "book", startsAt: open[1]! });
    expect(again.status).toBe(200);
  });

  it("refuses a schedule request with field paths and an interviewer double-booking with 409", async () => {
    const c = await candidateFor(h);
    const bad = await fetchHr(h, "/hr/interviews", "POST", { candidateId: c.candidateId, applicationId: c.applicationId, interviewerId: "iv-sales-lead", startsAt: "tomorrow", mode: "onsite", recruiterEmail: "nope" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(["startsAt", "recruiterEmail"]));
    const first = await schedule(h, c);
    // The same booking again is the same interview; another candidate in that slot is refused with the open slots.
    const again = await fetchHr(h, "/hr/interviews", "POST", { candidateId: c.candidateId, applicationId: c.applicationId, interviewerId: "iv-sales-lead", startsAt: first.startsAt, mode: "onsite", location: "上海市浦东新区世纪大道100号 20层", whatToBring: { "zh-CN": "身份证、简历打印件", en: "ID card and a printed résumé" }, recruiterEmail: RECRUITER, managerEmail: MANAGER });
    expect(again).toMatchObject({ status: 201, body: { interviewId: first.interviewId } });
    const other = await candidateFor(h);
    const clash = await fetchHr(h, "/hr/interviews", "POST", { candidateId: other.candidateId, applicationId: other.applicationId, interviewerId: "iv-sales-lead", startsAt: first.startsAt, mode: "onsite", location: "x", recruiterEmail: RECRUITER });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ code: "slot-taken" });
    expect(clash.body.slots.length).toBeGreaterThan(0);
    expect(clash.body.slots.some((s: { startsAt: string }) => s.startsAt === first.startsAt)).toBe(false);
    // Outside availability or in the past is refused with the field; HR may override availability, saying why.
    const lateNight = { candidateId: other.candidateId, applicationId: other.applicationId, interviewerId: "iv-night", mode: "onsite", location: "x", recruiterEmail: RECRUITER, startsAt: inDays(6) };
    await putInterviewer(h, "iv-night", [{ startsAt: inDays(5), endsAt: inDays(5, 4) }]);
    const outside = await fetchHr(h, "/hr/interviews", "POST", lateNight);
    expect(outside.status).toBe(400);
    expect(outside.body.errors).toEqual([expect.objectContaining({ path: "startsAt", code: "outside-availability" })]);
    expect(outside.body.slots.map((s: { startsAt: string }) => s.startsAt)).toEqual([inDays(5), inDays(5, 1), inDays(5, 2), inDays(5, 3)]);
    expect((await fetchHr(h, "/hr/interviews", "POST", { ...lateNight, startsAt: new Date(Date.now() - 3600_000).toISOString() })).body.errors[0]).toMatchObject({ code: "in-the-past" });
    expect((await fetchHr(h, "/hr/interviews", "POST", { ...lateNight, override: true })).body.errors[0]).toMatchObject({ path: "overrideReason" });
    const overridden = await fetchHr(h, "/hr/interviews", "POST", { ...lateNight, override: true, overrideReason: "the interviewer agreed by phone" });
    expect(overridden.status).toBe(201);
    const audit = (await fetchHr(h, `/hr/candidates/${other.candidateId}`, "GET")).body.timeline.find((e: { type: string }) => e.type === "interview.availability-overridden");
    expect(audit).toMatchObject({ data: { by: RECRUITER, reason: "the interviewer agreed by phone", overridden: ["the interviewer's availability"] } });
  });

  it("sends the recruiter task to the team's chat robots in each provider's format and signature; a failed robot is retried and shown on the task", async () => {
    const admin = await h.stack.issuer.issueToken("admin");
    const base = `${h.stack.appUrl}/chat-outbox`;
    const put = await fetch(`${h.stack.appUrl}/hr/teams/sales-east/chat-robots`, {
      method: "PUT",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
      body: JSON.stringify({
        robots: [
          { kind: "wecom", webhookUrl: `${base}/wecom/r1?key=k1` },
          { kind: "dingtalk", webhookUrl: `${base}/dingtalk/r2?access_token=t2`, secret: LOCAL_CHAT_ROBOT_SECRET },
          { kind: "feishu", webhookUrl: `${base}/feishu/r3`, secret: LOCAL_CHAT_ROBOT_SECRET },
          { kind: "slack", webhookUrl: `${base}/slack/r4` },
          { kind: "dingtalk", webhookUrl: `${base}/dingtalk/r5?access_token=t5`, secret: "not-the-robot-secret" },
        ],
      }),
    });
    expect(put.status).toBe(200);
    // A recruiter may not change where alerts go.
    expect((await fetchHr(h, "/hr/teams/sales-east/chat-robots", "PUT", { robots: [] })).status).toBe(403);

    const c = await candidateFor(h);
    const interview = await schedule(h, c, { teamId: "sales-east" });
    await advanceTo(h, interview.executionArn, "WaitForCallTaskDeadline");
    const task = (await fetchHr(h, `/hr/tasks?candidateId=${c.candidateId}`, "GET")).body.items[0];
    expect(task.alerts.map((a: { channel: string; status: string }) => `${a.channel}:${a.status}`)).toEqual(["email:sent", "wecom:sent", "dingtalk:sent", "feishu:sent", "slack:sent", "dingtalk:failed"]);
    expect(task.alerts.at(-1)).toMatchObject({ attempts: 3, error: expect.stringContaining("sign not match") });

    const received = h.stack.chatOutbox.messages.filter((m) => JSON.stringify(m.body).includes("Call the candidate") && JSON.stringify(m.body).includes(c.phone.slice(3)));
    expect(received.map((m) => m.kind).sort()).toEqual(["dingtalk", "feishu", "slack", "wecom"]);
    expect(received.find((m) => m.kind === "dingtalk")).toMatchObject({ signed: true, body: { msgtype: "markdown" } });
    expect(received.find((m) => m.kind === "feishu")).toMatchObject({ signed: true, body: { msg_type: "text" } });
  });
});

describe("candidate portal", () => {
  it("shows the interview stage and reassuring events, offers confirm, and takes the pre-interview form (zh-CN)", async () => {
    const c = await candidateFor(h);
    const interview = await schedule(h, c);
    await h.reached(interview.executionArn, "WaitForInvitationResponse");
    const invitation = outbox(c.email)[0]!;
    const portal = /href="([^"]+)">查看我的应聘进度/.exec(invitation.html ?? "")![1]!.replace(/&amp;/g, "&");
    expect((await fetchHr(h, `/hr/candidates/${c.candidateId}/reassurance`, "POST", { applicationId: c.applicationId, kind: "resume-read" })).status).toBe(201);

    const page = await (await fetch(portal)).text();
    // One tracker from the real records: round 1 as booked, awaiting the candidate's yes.
    expect(page).toMatch(/<li class="current" data-stage="interview" data-round="1">第1轮面试 · 已安排：[^<]+，请确认<\/li>/);
    expect(page).not.toMatch(/初试已通过|复试安排中/);
    expect(page).toContain("面试官已阅读您的简历");
    const confirm = /data-action="confirm" href="([^"]+)"/.exec(page)![1]!.replace(/&amp;/g, "&");
    expect((await postForm(`${h.stack.appUrl}${confirm}`, { action: "confirm" })).status).toBe(200);
    expect(await (await fetch(portal)).text()).toMatch(/<li class="current" data-stage="interview" data-round="1">第1轮面试 · 时间已确认：/);

    const submitted = await postForm(portal, { action: "pre-interview-form", expectedSalary: "30k", earliestStart: "2026-12-01", questions: "团队规模？" });
    expect(submitted.status).toBe(200);
    expect(submitted.text).toContain("已提交，谢谢！");
    const formAs = async (role: "admin" | "recruiter") => {
      const token = await h.stack.issuer.issueToken(role);
      const view = (await (await fetch(`${h.stack.appUrl}/hr/candidates/${c.candidateId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { timeline: Array<{ type: string; data: unknown }> };
      return view.timeline.find((e) => e.type === "portal.pre-interview-form")!;
    };
    expect((await formAs("admin")).data).toMatchObject({ interviewId: interview.interviewId, expectedSalary: "30k", questions: "团队规模？" });
    // The salary expectation is masked for roles outside SALARY_VIEWER_ROLES (the one masking policy).
    expect((await formAs("recruiter")).data).toMatchObject({ interviewId: interview.interviewId, expectedSalary: "***", questions: "团队规模？" });
    const tooLong = await postForm(portal, { action: "pre-interview-form", questions: "x".repeat(501) });
    expect(tooLong.status).toBe(400);
  });

  it("shows no interview stage to a candidate who has only just applied", async () => {
    const c = await candidateFor(h);
    await expect.poll(() => h.stack.outbox.list({ to: c.email }).length).toBe(1);
    const [applicationInvite] = h.stack.outbox.list({ to: c.email });
    const portal = /href="([^"]+)"[^>]*>查看并确认/.exec(applicationInvite!.html ?? "")![1]!.replace(/&amp;/g, "&");
    const page = await (await fetch(portal)).text();
    expect(page).toContain("我的应聘进度");
    expect(page).not.toContain('id="interview"');
  });
});

describe("screening: knock-out questions and HR override", () => {
  it("rejects on a wrong knock-out answer with the reason, and HR's override is recorded beside it", async () => {
    const put = await fetchHr(h, "/hr/requisitions/req-ko", "PUT", {
      title: "大客户销售（需出差）",
      screening: { requiredKeywords: ["销售|sales"], knockOutQuestions: [{ id: "travel", question: { "zh-CN": "能否接受经常出差？", en: "Can you travel often?" }, requiredAnswer: true }] },
    });
    expect(put.status).toBe(200);
    const { body: accepted } = await h.post({
      event: "application.created",
      candidate: { name: "赵六", email: `ko-${process.pid}@example.com`, locale: "zh-CN", timeZone: "Asia/Shanghai" },
      application: { requisitionId: "req-ko", resumeText: "5年销售", answers: { travel: "否" } },
    });
    expect((await h.finished(accepted.executionArn)).status).toBe("SUCCEEDED");
    const app = (await h.hr(`/hr/candidates/${accepted.candidateId}`)).applications[0];
    expect(app).toMatchObject({ status: "rejected", screen: { decision: "reject" } });
    expect(app.screen.reasons[0]).toContain("Can you travel often?");

    const overridden = await fetchHr(h, `/hr/applications/${accepted.candidateId}/${accepted.applicationId}/screen-override`, "POST", { decision: "advance", reason: "电话确认可以出差" });
    expect(overridden.status).toBe(200);
    const after = await h.hr(`/hr/candidates/${accepted.candidateId}`);
    expect(after.applications[0]).toMatchObject({ status: "screened", screen: { decision: "reject" }, screenOverride: { decision: "advance", previous: "reject", by: RECRUITER, reason: "电话确认可以出差" } });
    expect(after.timeline.map((e: { type: string }) => e.type)).toContain("application.screen-overridden");
    expect((await fetchHr(h, `/hr/applications/${accepted.candidateId}/${accepted.applicationId}/screen-override`, "POST", { decision: "maybe", reason: "" })).body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["decision", "reason"]);
  });
});

describe("interviewer matching", () => {
  it("suggests interviewers by tag overlap with the résumé, with the reason", async () => {
    const c = await candidateFor(h);
    await putInterviewer(h, "iv-retail");
    await h.hr("/hr/interviewers/iv-retail", { method: "PUT", body: JSON.stringify({ name: "王强", email: "wq@hirepath.test", tags: ["retail|零售"] }) });
    const res = await fetchHr(h, `/hr/candidates/${c.candidateId}/interviewer-suggestions?applicationId=${c.applicationId}`, "GET");
    expect(res.status).toBe(200);
    const lead = res.body.items.find((s: { interviewerId: string }) => s.interviewerId === "iv-sales-lead");
    expect(lead).toMatchObject({ sharedTags: ["saas", "key-account"] });
    expect(lead.reason["zh-CN"]).toContain("saas、key-account");
    expect(res.body.items.some((s: { interviewerId: string }) => s.interviewerId === "iv-retail")).toBe(false);
  });
});

describe("executive priority", () => {
  const flag = async (candidateId: string, applicationId: string, hours: number, teamId?: string) => {
    const executive = await h.stack.issuer.issueToken("executive", { email: "ceo@hirepath.test" });
    const res = await fetch(`${h.stack.appUrl}/hr/candidates/${candidateId}/priority`, {
      method: "POST",
      headers: { authorization: `Bearer ${executive}`, "content-type": "application/json" },
      body: JSON.stringify({ applicationId, mustInterviewBy: new Date(Date.now() + hours * 3600_000).toISOString(), recruiterEmail: RECRUITER, note: "明天必须面试", ...(teamId ? { teamId } : {}) }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { executionArn: string; mustInterviewBy: string };
  };

  it("shows the flag to every recruiter and alerts the recruiter and the flagger when no interview is scheduled by the deadline", async () => {
    const admin = await h.stack.issuer.issueToken("admin");
    await fetch(`${h.stack.appUrl}/hr/teams/exec-team/chat-robots`, {
      method: "PUT",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
      body: JSON.stringify({ robots: [{ kind: "feishu", webhookUrl: `${h.stack.appUrl}/chat-outbox/feishu/exec`, secret: LOCAL_CHAT_ROBOT_SECRET }] }),
    });
    const c = await candidateFor(h);
    const flagged = await flag(c.candidateId, c.applicationId, 20, "exec-team");
    const listed = (await fetchHr(h, "/hr/priority-flags", "GET")).body.items.find((f: { candidateId: string }) => f.candidateId === c.candidateId);
    expect(listed).toMatchObject({ flaggedBy: "ceo@hirepath.test", flaggedByRole: "executive", status: "open", mustInterviewBy: flagged.mustInterviewBy });
    // A recruiter cannot set the flag.
    expect((await fetchHr(h, `/hr/candidates/${c.candidateId}/priority`, "POST", { applicationId: c.applicationId, mustInterviewBy: flagged.mustInterviewBy, recruiterEmail: RECRUITER })).status).toBe(403);

    await h.reached(flagged.executionArn, "WaitForPriorityDeadline");
    h.stack.engine.wakeWaits(flagged.executionArn);
    expect((await h.finished(flagged.executionArn)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(flagged.executionArn)).toEqual(["WaitForPriorityDeadline", "CheckPrioritySla", "RoutePrioritySla", "AlertPrioritySlaBreach", "RecordPrioritySlaBreached", "PrioritySlaEnded"]);
    expect(outbox("ceo@hirepath.test").some((m) => m.subject?.includes("Priority SLA missed"))).toBe(true);
    expect(outbox(RECRUITER).some((m) => m.subject?.includes("Priority SLA missed") && m.text?.includes("明天必须面试"))).toBe(true);
    expect(h.stack.chatOutbox.messages.some((m) => m.robot === "exec" && m.signed && JSON.stringify(m.body).includes("Priority SLA missed"))).toBe(true);
    expect((await fetchHr(h, "/hr/priority-flags", "GET")).body.items.some((f: { candidateId: string }) => f.candidateId === c.candidateId)).toBe(false);

    // Scheduled late: the audit trail still says when.
    await schedule(h, c);
    expect(await timelineTypes(c.candidateId)).toEqual(expect.arrayContaining(["priority.flagged", "priority.sla-breached", "priority.outcome", "priority.scheduled"]));
  });

  it("ends met, with no alert, when the interview is scheduled before the deadline", async () => {
    const c = await candidateFor(h);
    const alertsBefore = outbox("ceo@hirepath.test").length;
    const flagged = await flag(c.candidateId, c.applicationId, 20);
    await schedule(h, c);
    const timeline = (await h.hr(`/hr/candidates/${c.candidateId}`)).timeline;
    expect(timeline.find((e: { type: string }) => e.type === "priority.scheduled").data).toMatchObject({ late: false, flaggedBy: "ceo@hirepath.test" });
    await h.reached(flagged.executionArn, "WaitForPriorityDeadline");
    h.stack.engine.wakeWaits(flagged.executionArn);
    await h.finished(flagged.executionArn);
    expect(h.statesVisited(flagged.executionArn)).toEqual(["WaitForPriorityDeadline", "CheckPrioritySla", "RoutePrioritySla", "RecordPrioritySlaMet", "PrioritySlaEnded"]);
    expect(outbox("ceo@hirepath.test")).toHaveLength(alertsBefore);
  });
});
