// Whole journeys driven by the clock, as a story: advance journey time, then look at what people
// got and when. The stack runs in this process, so the test's `Date` is journey time too; nothing
// sleeps, and months pass in a few seconds of wall time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLocalDays, fromLocal, toLocal } from "../../lambdas/core/shared/zoned-time.js";
import { application, startJourneyHarness, type JourneyHarness } from "./journey-harness.js";
import { actionLink, candidateFor, fetchHr, inDays, postForm, putInterviewer, schedule, zoneWhereItIs } from "./interview-harness.js";
import { approvers, completeParts, createOffer, linkIn, postLink, submitOffer, waitForOfferSent, waitForState } from "./offer-harness.js";

const DAY = 86_400_000;
let h: JourneyHarness;
beforeAll(async () => {
  h = await startJourneyHarness();
});
afterAll(async () => h?.close());

const timelineOf = async (candidateId: string) => (await h.hr(`/hr/candidates/${candidateId}`)).timeline as Array<{ type: string; summary: string; at: string; data: any }>;
const offerOf = async (o: { candidateId: string; offerId: string }) => h.hr(`/hr/candidates/${o.candidateId}/offers/${o.offerId}`);

/** The next instant after journey-now when the wall clock in `timeZone` shows hh:mm. */
function nextLocal(hour: number, minute: number, timeZone: string, after = Date.now()): number {
  const today = toLocal(new Date(after), timeZone);
  for (let d = 0; d < 3; d++) {
    const t = fromLocal({ ...addLocalDays(today, d), hour, minute }, timeZone).getTime();
    if (t > after) return t;
  }
  throw new Error("unreachable");
}

/** An offer approved by the whole chain; the journey is then planning the offer email. */
async function approvalsDone(options: Parameters<typeof createOffer>[1] = {}) {
  const o = await createOffer(h, options);
  const { body } = await submitOffer(h, o);
  const arn = body.executionArn as string;
  await waitForState(h, arn, "OpenApprovalStep");
  for (const approver of [approvers.manager, approvers.finance1, approvers.finance2]) {
    expect((await postLink(linkIn(h, approver.email, "approve")!, { action: "approve" })).status).toBe(200);
    await h.stack.engine.whenIdle();
  }
  return { ...o, arn };
}

async function approvedOffer(options: Parameters<typeof createOffer>[1] = {}) {
  const o = await approvalsDone(options);
  await waitForOfferSent(h, o.arn);
  return o;
}

const heldNow = async (candidateId: string) => (await h.hr(`/hr/candidates/${candidateId}`)).heldMessages as Array<Record<string, string>>;

describe("journeys in journey time", () => {
  it("holds the application invite through the candidate's night and sends it at 08:00 in their zone, saying so on the timeline", async () => {
    const zone = "America/Los_Angeles";
    await h.stack.clock.advanceTo(nextLocal(23, 55, zone));
    const body = application({ timeZone: zone, locale: "en", name: "Nora Night" });
    const { body: accepted } = await h.post(body);
    await h.reached(accepted.executionArn, "WaitForInviteSendTime");

    expect(h.stack.outbox.list({ to: body.candidate.email! })).toHaveLength(0);
    const held = (await timelineOf(accepted.candidateId)).find((e) => e.type === "message.held")!;
    expect(held.summary).toMatch(/^Interview invitation held until 08:00 on \d{4}-\d\d-\d\d America\/Los_Angeles: quiet hours$/);
    expect(held.data).toMatchObject({ what: "Interview invitation", zone, reason: "quiet-hours", localTime: expect.stringContaining("08:00") });
    // The HR API says so in a field of its own, in the candidate's zone, until the message goes.
    const heldNow = async () => (await h.hr(`/hr/candidates/${accepted.candidateId}`)).heldMessages as Array<Record<string, string>>;
    expect(await heldNow()).toEqual([
      expect.objectContaining({ what: "Interview invitation", heldUntil: held.data.until, heldUntilLocal: expect.stringMatching(/^\d{4}-\d\d-\d\d 08:00 America\/Los_Angeles$/), timeZone: zone, reason: "quiet-hours" }),
    ]);

    // The outbox lists it as scheduled, with its send time, until it goes.
    const scheduled = async () => ((await (await fetch(`${h.stack.appUrl}/outbox/api/scheduled`)).json()) as { scheduled: Array<Record<string, string>> }).scheduled.filter((s) => s.candidateId === accepted.candidateId);
    expect(await scheduled()).toEqual([expect.objectContaining({ what: "Interview invitation (application)", channel: "email", sendAt: held.data.until })]);
    expect(await (await fetch(`${h.stack.appUrl}/outbox`)).text()).toContain("Interview invitation (application)");

    await h.stack.clock.advanceTo(Date.parse(held.data.until) - 60_000);
    expect(h.stack.outbox.list({ to: body.candidate.email! })).toHaveLength(0);

    await h.stack.clock.advance("PT1M");
    const [invite] = h.stack.outbox.list({ to: body.candidate.email! });
    expect(await heldNow()).toEqual([]);
    expect((await scheduled()).map((s) => s.what)).not.toContain("Interview invitation (application)");
    expect(toLocal(new Date(invite!.time), zone)).toMatchObject({ hour: 8, minute: 0 });
    // The nudge an hour later is outside quiet hours and goes at 09:00 there.
    await h.stack.clock.advance("PT1H");
    const [nudge] = h.stack.outbox.list({ to: `+86${body.candidate.phone}` });
    expect(toLocal(new Date(nudge!.time), zone)).toMatchObject({ hour: 9, minute: 0 });
    expect((await h.finished(accepted.executionArn)).status).toBe("SUCCEEDED");
  });

  it("holds a far-away candidate's interview reminder to 08:00 in their zone, before the interview", async () => {
    const zone = "America/Los_Angeles";
    await putInterviewer(h);
    const c = await candidateFor(h, { timeZone: zone, locale: "en" });
    // 09:30 there, three days on: the two-hour reminder would fall at 07:30, inside quiet hours.
    const startsAt = new Date(fromLocal({ ...addLocalDays(toLocal(new Date(), zone), 3), hour: 9, minute: 30 }, zone));
    const interview = await schedule(h, c, { startsAt: startsAt.toISOString() });

    await h.stack.clock.advanceTo(startsAt.getTime());

    const sent = [...h.stack.outbox.list({ to: c.email }), ...h.stack.outbox.list({ to: c.phone })].map((m) => Date.parse(m.time)).sort((a, b) => a - b);
    const onTheDay = sent.filter((t) => toLocal(new Date(t), zone).day === toLocal(startsAt, zone).day && t < startsAt.getTime());
    expect(onTheDay.map((t) => toLocal(new Date(t), zone))).toEqual([expect.objectContaining({ hour: 8, minute: 0 })]);
    // The day-before reminder went at 09:30 the day before, in daytime there.
    expect(sent.some((t) => t === startsAt.getTime() - DAY)).toBe(true);
    expect(h.statesVisited(interview.executionArn)).toContain("SendHoursBeforeReminder");
    // The hold was visible on the timeline (and so in the HR API) while it lasted, in the candidate's zone.
    const holds = (await timelineOf(c.candidateId)).filter((e) => e.type === "message.held" && e.data.what === "Interview reminder (hours before)");
    expect(holds).toHaveLength(1);
    expect(holds[0]!.summary).toMatch(/^Interview reminder \(hours before\) held until 08:00 on \d{4}-\d\d-\d\d America\/Los_Angeles: quiet hours$/);
    expect(toLocal(new Date(holds[0]!.data.until), zone)).toMatchObject({ hour: 8, minute: 0 });
  });

  it("never lets the daily cap hold the confirmation of the candidate's own reschedule, and says so on the timeline", async () => {
    const zone = zoneWhereItIs(12);
    await putInterviewer(h);
    const c = await candidateFor(h, { timeZone: zone, locale: "en" });
    const startsAt = inDays(2);
    const interview = await schedule(h, c, { startsAt });
    await h.reached(interview.executionArn, "WaitForInvitationResponse");
    // HR moves it once: the candidate's third message today (application invite, invitation, the move).
    const moved = await fetchHr(h, `/hr/interviews/${c.candidateId}/${interview.interviewId}/reschedule`, "POST", { startsAt: inDays(2, 1), expectedVersion: 1 });
    expect(moved.status).toBe(200);
    const v2 = interview.executionArn.replace(/-v1$/, "-v2");
    await h.reached(v2, "WaitForInvitationResponse");
    const mine = () => h.stack.outbox.list({ to: c.email });
    expect(mine()).toHaveLength(3);

    // The candidate picks another time themselves: a fourth message today, over the cap of three.
    const link = actionLink(mine().at(0)!.html, "reschedule"); // the newest: the moved invitation
    const offered = [...(await (await fetch(link)).text()).matchAll(/name="startsAt" value="([^"]+)"/g)].map((m) => m[1]!);
    const bookedAt = Date.now();
    expect((await postForm(link, { action: "reschedule", startsAt: offered[0]! })).status).toBe(200);
    const v3 = interview.executionArn.replace(/-v1$/, "-v3");
    await h.reached(v3, "WaitForInvitationResponse");

    const confirmation = mine().at(0)!;
    expect(mine()).toHaveLength(4);
    expect(Date.parse(confirmation.time) - bookedAt).toBeLessThan(60_000);
    const timeline = await timelineOf(c.candidateId);
    const exempt = timeline.filter((e) => e.type === "message.cap-exempt");
    expect(exempt).toHaveLength(1);
    expect(exempt[0]!.summary).toBe("Interview invitation not held by the daily message limit: it confirms the candidate's own booking");
    expect(timeline.filter((e) => e.type === "message.held")).toHaveLength(0);
  });

  it("drops a held invitation from the HR API the moment HR moves or cancels the interview, and sends only the cancellation at 08:00", async () => {
    // 23:00 at the candidate's: whatever the interview journey plans now is held until 08:00 there.
    const zone = zoneWhereItIs(23);
    await putInterviewer(h, "iv-hold-moves");
    const c = await candidateFor(h, { timeZone: zone, locale: "en" });
    const interview = await schedule(h, c, { startsAt: inDays(3, 12), interviewerId: "iv-hold-moves" });
    await h.reached(interview.executionArn, "WaitForInvitationSendTime");
    const v1 = interview.executionArn.split(":").at(-1)!;
    const interviewHolds = async () => (await heldNow(c.candidateId)).filter((m) => m.executionId?.startsWith(interview.interviewId));
    const [first] = await interviewHolds();
    expect(first).toMatchObject({ what: "Interview invitation", reason: "quiet-hours", executionId: v1, messageId: expect.any(String) });
    expect(toLocal(new Date(first!.heldUntil!), zone)).toMatchObject({ hour: 8, minute: 0 });

    // HR moves it during the hold: v1's invitation will never go, so it is no longer listed; v2's is.
    const moved = await fetchHr(h, `/hr/interviews/${c.candidateId}/${interview.interviewId}/reschedule`, "POST", { startsAt: inDays(4, 12), expectedVersion: 1 });
    expect(moved.status).toBe(200);
    const v2 = interview.executionArn.replace(/-v1$/, "-v2");
    await h.reached(v2, "WaitForInvitationSendTime");
    expect((await interviewHolds()).map((m) => [m.what, m.executionId])).toEqual([["Interview invitation", `${interview.interviewId}-v2`]]);

    // Then cancels it: the only thing still held is the notice that it was cancelled (quiet hours still apply to it).
    expect((await fetchHr(h, `/hr/interviews/${c.candidateId}/${interview.interviewId}/cancel`, "POST", { reason: "role filled" })).status).toBe(200);
    await h.stack.engine.whenIdle();
    const afterCancel = await interviewHolds();
    expect(afterCancel.map((m) => [m.what, m.executionId])).toEqual([["Interview change notice", `${interview.interviewId}-v2-cancelled`]]);
    expect(afterCancel[0]!.heldUntil).toBe(first!.heldUntil);

    // At 08:00 the notice goes, and it is gone from the list; neither invitation was ever sent.
    await h.stack.clock.advanceTo(Date.parse(first!.heldUntil!));
    await h.stack.engine.whenIdle();
    for (const arn of [interview.executionArn, v2]) expect(h.statesVisited(arn)).not.toContain("SendInvitation");
    expect(await interviewHolds()).toEqual([]);
    const sent = (await timelineOf(c.candidateId)).filter((e) => e.type === "message.sent" && e.data.interviewId === interview.interviewId);
    expect(sent.map((e) => e.data.template)).toEqual(["interview-cancelled"]);
    expect(toLocal(new Date(sent[0]!.at), zone)).toMatchObject({ hour: 8, minute: 0 });
  });

  it("holds a missed call's follow-up SMS through the candidate's night and sends it once at 08:00 there", async () => {
    const zone = "America/Los_Angeles";
    await h.stack.clock.advanceTo(nextLocal(22, 30, zone));
    const body = application({ timeZone: zone, locale: "en", name: "Cal Late" });
    const { body: accepted } = await h.post(body);
    const phone = `+86${body.candidate.phone}`;
    const before = h.stack.outbox.list({ to: phone, channel: "sms" }).length;

    const call = { attemptKey: "late-call", outcome: "no-answer" };
    const logged = await h.hr(`/hr/talent/candidates/${accepted.candidateId}/calls`, { method: "POST", body: JSON.stringify(call) });
    expect(logged.followUp).toMatchObject({ channel: "sms", status: "held", reason: "quiet-hours", duplicate: false });
    expect(toLocal(new Date(logged.followUp.sendAt), zone)).toMatchObject({ hour: 8, minute: 0 });
    await h.stack.engine.whenIdle();
    expect(h.stack.outbox.list({ to: phone, channel: "sms" })).toHaveLength(before);

    // Visible as every other hold: the timeline, the HR API, the outbox's scheduled list.
    const hold = (await heldNow(accepted.candidateId)).find((m) => m.what === "Missed-call follow-up");
    expect(hold).toMatchObject({ heldUntil: logged.followUp.sendAt, reason: "quiet-hours", executionId: `${logged.callId}-follow-up` });
    const scheduled = ((await (await fetch(`${h.stack.appUrl}/outbox/api/scheduled`)).json()) as { scheduled: Array<Record<string, string>> }).scheduled.filter((s) => s.candidateId === accepted.candidateId);
    expect(scheduled).toContainEqual(expect.objectContaining({ what: "Missed-call follow-up", channel: "sms", sendAt: logged.followUp.sendAt }));

    // The same call logged again plans nothing new.
    const again = await h.hr(`/hr/talent/candidates/${accepted.candidateId}/calls`, { method: "POST", body: JSON.stringify(call) });
    expect(again.followUp).toMatchObject({ duplicate: true, sendAt: logged.followUp.sendAt, executionArn: logged.followUp.executionArn });

    await h.stack.clock.advanceTo(Date.parse(logged.followUp.sendAt) - 60_000);
    expect(h.stack.outbox.list({ to: phone, channel: "sms" }).filter((m) => m.text?.includes("we tried to call"))).toHaveLength(0);
    await h.stack.clock.advance("PT1M");
    const followUps = h.stack.outbox.list({ to: phone, channel: "sms" }).filter((m) => m.text?.includes("we tried to call"));
    expect(followUps).toHaveLength(1);
    expect(Date.parse(followUps[0]!.time)).toBe(Date.parse(logged.followUp.sendAt));
    expect(await heldNow(accepted.candidateId).then((held) => held.filter((m) => m.what === "Missed-call follow-up"))).toEqual([]);
    expect((await h.finished(logged.followUp.executionArn)).status).toBe("SUCCEEDED");
  });

  it("does not send a held missed-call follow-up once a later call reached the candidate: the hold ends and the timeline says why", async () => {
    const zone = "America/Los_Angeles";
    await h.stack.clock.advanceTo(nextLocal(22, 45, zone));
    const body = application({ timeZone: zone, locale: "en", name: "Cal Reached" });
    const { body: accepted } = await h.post(body);
    const phone = `+86${body.candidate.phone}`;
    const calls = `/hr/talent/candidates/${accepted.candidateId}/calls`;

    const missed = await h.hr(calls, { method: "POST", body: JSON.stringify({ attemptKey: "night-miss", outcome: "no-answer" }) });
    expect(missed.followUp).toMatchObject({ status: "held", reason: "quiet-hours" });
    await h.stack.engine.whenIdle();

    // Early the next morning, before the hold ends, the recruiter tries again and gets through.
    await h.stack.clock.advanceTo(Date.parse(missed.followUp.sendAt) - 30 * 60_000);
    const reached = await h.hr(calls, { method: "POST", body: JSON.stringify({ attemptKey: "morning-reach", outcome: "reached" }) });
    expect(reached.status).toBe("contacted");
    // The HR API stops showing the follow-up as held at once.
    expect((await heldNow(accepted.candidateId)).filter((m) => m.what === "Missed-call follow-up")).toEqual([]);

    await h.stack.clock.advanceTo(Date.parse(missed.followUp.sendAt) + 60_000);
    expect((await h.finished(missed.followUp.executionArn)).status).toBe("SUCCEEDED");
    expect(h.stack.outbox.list({ to: phone, channel: "sms" }).filter((m) => m.text?.includes("we tried to call"))).toHaveLength(0);
    const ended = (await timelineOf(accepted.candidateId)).filter((e) => e.type === "message.hold-ended");
    expect(ended).toHaveLength(1);
    expect(ended[0]!.summary).toMatch(/^Missed-call follow-up: no longer held \(not sent: Call reached/);
  }, 180_000);

  it("makes the call task for an interview booked at short notice fall due before the interview, not after it", async () => {
    // An interviewer of its own: the reschedule test before books the soonest open slot of the shared one.
    await putInterviewer(h, "iv-short-notice");
    const c = await candidateFor(h, { timeZone: zoneWhereItIs(12), locale: "en" });
    const startsAt = inDays(0, 3); // within three hours; the task's usual four hours would end after it
    const interview = await schedule(h, c, { startsAt, interviewerId: "iv-short-notice" });
    await h.reached(interview.executionArn, "WaitForInvitationResponse");
    // Nobody confirms: a follow-up an hour on, then the recruiter's call task an hour after that.
    await h.stack.clock.advance("PT2H1M");
    await h.reached(interview.executionArn, "WaitForCallTaskDeadline");
    const tasks = (await fetchHr(h, `/hr/tasks?candidateId=${c.candidateId}&kind=interview`, "GET")).body.items as Array<{ type: string; dueAt: string }>;
    const call = tasks.find((t) => t.type === "call-candidate")!;
    expect(Date.parse(call.dueAt)).toBeLessThanOrEqual(Date.parse(startsAt));
    expect(Date.parse(call.dueAt)).toBeGreaterThanOrEqual(Date.now() - 60_000);
  });

  it("sends an accepted offer's pre-onboarding touches on their planned days, all before the start date", async () => {
    const o = await approvedOffer({ name: "Pia Onboard", locale: "en" });
    expect((await postLink(linkIn(h, o.email, "accept")!, { action: "accept" })).status).toBe(200);
    await waitForState(h, o.arn, "RunPreOnboardingTouches");
    const planned = (await timelineOf(o.candidateId)).find((e) => e.type === "offer.pre-onboarding.planned")!.data.touches as Array<{ kind: string; sendAt: string }>;
    const startDate = Date.parse(`${(await offerOf(o)).offer.parts.startDate}T01:00:00Z`);
    expect(planned).toHaveLength(4);

    await h.stack.clock.advance("P40D");

    expect(h.stack.engine.describeExecution(o.arn).status).toBe("SUCCEEDED");
    const touches = (await timelineOf(o.candidateId)).filter((e) => e.type === "offer.pre-onboarding.touch").sort((a, b) => a.at.localeCompare(b.at));
    const plannedAt = planned.map((p) => Date.parse(p.sendAt)).sort((a, b) => a - b);
    expect(touches).toHaveLength(4);
    touches.forEach((t, i) => {
      // Each on its planned instant (the first, due at acceptance, a moment after it), and before day one.
      expect(Date.parse(t.at) - plannedAt[i]!).toBeGreaterThanOrEqual(0);
      expect(Date.parse(t.at) - plannedAt[i]!).toBeLessThan(60_000);
      expect(Date.parse(t.at)).toBeLessThan(startDate);
    });
    const touchEmails = h.stack.outbox.list({ to: o.email }).filter((m) => m.subject?.includes("Before your first day"));
    const emailTimes = touchEmails.map((m) => Date.parse(m.time)).sort((a, b) => a - b);
    expect(emailTimes).toHaveLength(4);
    emailTimes.forEach((t, i) => expect(Math.abs(t - Date.parse(touches[i]!.at))).toBeLessThan(60_000));
    // The start-date reminder is three days before day one, not three days after the previous touch.
    const reminder = planned.find((p) => p.kind === "start-reminder")!;
    expect(startDate - Date.parse(reminder.sendAt)).toBe(3 * DAY);
  });

  it("raises the offer's drop-off risk as the candidate stays silent, day by day", async () => {
    const o = await approvedOffer({ name: "Sid Silent", locale: "en", parts: completeParts({}, 20 * DAY) });
    const silence = async () => {
      const { risk } = await offerOf(o);
      return { score: risk.score as number, silence: (risk.topFactors as Array<{ factor: string; contribution: number }>).find((f) => f.factor === "silence")?.contribution ?? 0 };
    };
    const day0 = await silence();
    await h.stack.clock.advance("P2D");
    const day2 = await silence();
    await h.stack.clock.advance("P2D");
    const day4 = await silence();
    await h.stack.clock.advance("P3D");
    const day7 = await silence();

    expect(day0.silence).toBe(0);
    expect(day2.silence).toBeGreaterThan(day0.silence);
    expect(day4.silence).toBeGreaterThan(day2.silence);
    expect(day7.silence).toBeGreaterThan(day4.silence);
    expect(day7.score).toBeGreaterThan(day0.score);
    // The journey re-scores as it waits, so the stored score rose too.
    expect((await offerOf(o)).offer.riskScore).toBeGreaterThan(day0.score);
    h.stack.engine.stopExecution(o.arn);
  });

  it("holds the offer email through the candidate's night, says so in the HR API, and sends it at 08:00 in their zone", async () => {
    const zone = "America/Los_Angeles";
    await h.stack.clock.advanceTo(nextLocal(2, 0, zone));
    const o = await approvalsDone({ name: "Odile Night", locale: "en", timeZone: zone });
    await waitForState(h, o.arn, "WaitForOfferSendTime");

    const offerEmails = () => h.stack.outbox.list({ to: o.email }).filter((m) => m.subject?.includes("offer") || m.subject?.includes("Offer"));
    expect(offerEmails()).toHaveLength(0);
    const held = (await timelineOf(o.candidateId)).find((e) => e.type === "message.held" && e.data.what === "Offer")!;
    expect(held.summary).toMatch(/^Offer held until 08:00 America\/Los_Angeles: quiet hours$/);
    expect(await heldNow(o.candidateId)).toContainEqual(
      expect.objectContaining({ what: "Offer", heldUntil: held.data.until, heldUntilLocal: expect.stringMatching(/ 08:00 America\/Los_Angeles$/), reason: "quiet-hours" }),
    );
    const scheduled = ((await (await fetch(`${h.stack.appUrl}/outbox/api/scheduled`)).json()) as { scheduled: Array<Record<string, string>> }).scheduled;
    expect(scheduled).toContainEqual(expect.objectContaining({ what: "Offer", channel: "email", candidateId: o.candidateId, sendAt: held.data.until }));

    await h.stack.clock.advanceTo(Date.parse(held.data.until) - 60_000);
    expect(offerEmails()).toHaveLength(0);
    await h.stack.clock.advance("PT1M");
    const [offer] = offerEmails();
    expect(toLocal(new Date(offer!.time), zone)).toMatchObject({ hour: 8, minute: 0 });
    expect((await heldNow(o.candidateId)).map((m) => m.what)).not.toContain("Offer");
    expect(h.statesVisited(o.arn).at(-1)).toBe("SendOfferToCandidate");
    h.stack.engine.stopExecution(o.arn);
  });

  it("holds a nurture message due in the candidate's night until 08:00 there, then sends the rest a month apart", async () => {
    const o = await approvedOffer({ name: "Nell Nurture", locale: "en" });
    expect((await postLink(linkIn(h, o.email, "decline")!, { action: "decline", text: "Not now", consent: "yes" })).status).toBe(200);
    expect((await h.finished(o.arn)).status).toBe("SUCCEEDED");
    // HR moves the re-engagement to 03:00 Shanghai time (their own morning elsewhere) and asks for nurture.
    const fireAt = nextLocal(3, 0, "Asia/Shanghai", Date.now() + DAY);
    await h.hr(`/hr/candidates/${o.candidateId}/re-engagement`, { method: "PUT", body: JSON.stringify({ fireAt: new Date(fireAt).toISOString(), nurture: true }) });
    const nurtures = () => h.stack.outbox.list({ to: o.email }).filter((m) => m.subject?.includes("it's been a while"));

    await h.stack.clock.advanceTo(fireAt);
    const held = (await timelineOf(o.candidateId)).find((e) => e.type === "message.held" && e.data.what === "Nurture message 1 of 3")!;
    expect(held.summary).toBe("Nurture message 1 of 3 held until 08:00 Asia/Shanghai: quiet hours");
    expect(await heldNow(o.candidateId)).toContainEqual(expect.objectContaining({ what: "Nurture message 1 of 3", reason: "quiet-hours" }));
    expect(nurtures()).toHaveLength(0);

    await h.stack.clock.advanceTo(Date.parse(held.data.until));
    expect(nurtures()).toHaveLength(1);
    await h.stack.clock.advance("P61D");
    const times = nurtures().map((m) => toLocal(new Date(m.time), "Asia/Shanghai"));
    expect(times).toHaveLength(3);
    // Each outside quiet hours in the candidate's zone.
    for (const t of times) expect(t.hour).toBeGreaterThanOrEqual(8);
    expect(times[0]).toMatchObject({ hour: 8, minute: 0 });
  });

  it("re-engages a declined candidate six months later, when the clock gets there", async () => {
    const o = await approvedOffer({ name: "Rae Later", locale: "en" });
    expect((await postLink(linkIn(h, o.email, "decline")!, { action: "decline", text: "Relocating to Shenzhen", consent: "yes" })).status).toBe(200);
    expect((await h.finished(o.arn)).status).toBe("SUCCEEDED");
    const plan = await h.hr(`/hr/candidates/${o.candidateId}/re-engagement`);
    const fireAt = Date.parse(plan.fireAt);
    expect(Math.round((fireAt - Date.now()) / (30.4 * DAY))).toBe(6);
    const runs = () => h.stack.engine.listExecutions({ stateMachineArn: h.stack.stateMachineArn("ReEngagement") }).filter((e) => JSON.parse(h.stack.engine.describeExecution(e.executionArn).input).candidateId === o.candidateId);

    await h.stack.clock.advanceTo(fireAt - 60_000);
    expect(runs()).toHaveLength(0);

    await h.stack.clock.advance("PT1M");
    const [run] = runs();
    // at() names whole seconds: the schedule fires at fireAt's second.
    expect(run!.startDate.getTime()).toBe(Math.floor(fireAt / 1000) * 1000);
    expect((await h.finished(run!.executionArn)).status).toBe("SUCCEEDED");
    const brief = (await timelineOf(o.candidateId)).find((e) => e.type === "reengagement.brief")!;
    expect(Date.parse(brief.at) - run!.startDate.getTime()).toBeLessThan(60_000);
    expect(brief.data.caredAbout).toContain("Declined because: Relocating to Shenzhen");
  });
});
