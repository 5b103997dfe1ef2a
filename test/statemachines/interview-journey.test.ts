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
const outbox = (to: string) => h.stack.outbox.list({ to }).reverse().filter((m) => !/面试邀请|邀请已发至/.test(m.subject ?? m.text ?? ""));
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
});
