// Re-engagement nurture by SMS and the candidate's STOP (issue 4): statemachines/re-engagement.asl.json
// on the local engine with the real handlers, the End User Messaging emulator and its two-way
// "SNS topic", which the local stack delivers to InboundSms. Waits are ended with wakeWaits; nothing sleeps.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJourneyHarness, type JourneyHarness } from "./journey-harness.js";
import { approvers, createOffer, linkIn, postLink, submitOffer, wakeUntilFinished, waitForState, approveWholeChain } from "./offer-harness.js";

let h: JourneyHarness;
beforeAll(async () => {
  h = await startJourneyHarness();
});
afterAll(async () => h?.close());

/** An SMS-preferring candidate who declined the offer and consented to be contacted later. */
async function declinedByTextCandidate(name: string) {
  const o = await createOffer(h, { name, locale: "en", preferredChannel: "sms" });
  const { body } = await submitOffer(h, o);
  const arn = body.executionArn as string;
  await approveWholeChain(h, arn);
  expect((await postLink(linkIn(h, o.email, "decline")!, { action: "decline", text: "Staying put for now", consent: "yes" })).status).toBe(200);
  expect((await h.finished(arn)).status).toBe("SUCCEEDED");
  const phone = `+86${o.phone}`;
  return { ...o, phone };
}

/** HR turns nurture on and the schedule fires; resolves once the first nurture text is out. */
async function nurtureStarted(candidateId: string) {
  const plan = await h.hr(`/hr/candidates/${candidateId}/re-engagement`, { method: "PUT", body: JSON.stringify({ nurture: true }) });
  expect(plan.nurture).toBe(true);
  await h.stack.scheduler.fireNow(plan.scheduleName, "hirepath");
  const machine = h.stack.stateMachineArn("ReEngagement");
  let run: string | undefined;
  await expect
    .poll(() => (run = h.stack.engine.listExecutions({ stateMachineArn: machine }).find((e) => JSON.parse(h.stack.engine.describeExecution(e.executionArn).input ?? "{}").candidateId === candidateId)?.executionArn))
    .toBeTruthy();
  await waitForState(h, run!, "WaitBeforeNextNurture");
  return run!;
}

const nurtureTexts = (phone: string) => h.stack.outbox.list({ to: phone, channel: "sms" }).filter((m) => m.text?.includes("it has been a while"));
const timeline = async (candidateId: string) => (await h.hr(`/hr/candidates/${candidateId}`)).timeline as Array<{ type: string; data?: Record<string, any> }>;

const STOPPED_AFTER_SECOND_ROUND = [
  "BuildReEngagementBrief", "RouteNurture", "SendNurtureMessage", "RouteNurtureResult", "WaitBeforeNextNurture",
  "SendNurtureMessage", "RouteNurtureResult", "RecordNurtureStopped",
];

describe("re-engagement nurture by SMS: the candidate replies STOP", () => {
  it("records the opt-out from the two-way reply, stops nurture at the next step, and sends that number no SMS again", async () => {
    const o = await declinedByTextCandidate("Sam Stop");
    const run = await nurtureStarted(o.candidateId);
    const [first] = nurtureTexts(o.phone);
    expect(first?.text).toContain("Reply STOP to opt out");

    // The candidate texts STOP back to the number the nurture came from.
    const res = await fetch(`${h.stack.appUrl}/outbox/api/sms/inbound`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ from: o.phone, to: first!.from, body: "STOP" }) });
    expect(res.status).toBe(200);
    const inbound = (await res.json()) as { optedOut: boolean; message: { messageKeyword: string; previousPublishedMessageId: string } };
    expect(inbound.optedOut).toBe(true);
    expect(inbound.message).toMatchObject({ messageKeyword: "STOP", previousPublishedMessageId: first!.id });
    const unsubscribed = (await timeline(o.candidateId)).find((e) => e.type === "consent.unsubscribed");
    expect(unsubscribed?.data).toMatchObject({ channel: "sms", keyword: "STOP" });

    // A month later the next nurture step sees it and stops, cleanly.
    expect((await wakeUntilFinished(h, run)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(run)).toEqual(STOPPED_AFTER_SECOND_ROUND);
    const stopped = (await timeline(o.candidateId)).find((e) => e.type === "reengagement.nurture.stopped");
    expect(stopped?.data?.reason).toBe("unsubscribed");
    expect(nurtureTexts(o.phone)).toHaveLength(1);
    // A message that will not go is not shown as held (the daily cap would have held it: all this is one day).
    expect((await timeline(o.candidateId)).filter((e) => e.type === "message.held" && e.data?.what === "Nurture message 2 of 3")).toEqual([]);

    // Any later SMS to the number is skipped: a missed call's SMS follow-up goes by email instead.
    const smsBefore = h.stack.outbox.list({ to: o.phone, channel: "sms" }).length;
    const call = await h.hr(`/hr/talent/candidates/${o.candidateId}/calls`, { method: "POST", body: JSON.stringify({ attemptKey: "after-stop", outcome: "no-answer" }) });
    // Planned by email (the day's cap may hold it: every message of this story is on one day).
    expect(call.followUp).toMatchObject({ channel: "email", status: expect.stringMatching(/^(sending|held)$/) });
    expect(h.stack.outbox.list({ to: o.phone, channel: "sms" })).toHaveLength(smsBefore);
  });

  it("ends nurture cleanly when only the provider knows about the opt-out (SendTextMessage refuses), and remembers it", async () => {
    const o = await declinedByTextCandidate("Pat Provider");
    const run = await nurtureStarted(o.candidateId);
    expect(nurtureTexts(o.phone)).toHaveLength(1);
    // The STOP reached End User Messaging, but its two-way delivery never reached us.
    h.stack.smsOptOuts.add(o.phone, "STOP");

    expect((await wakeUntilFinished(h, run)).status).toBe("SUCCEEDED");
    // Nothing on our side stops the second nurture before it is planned. Woken early (journey time
    // has not moved a month), it falls on the first one's day and is held; when it goes, the provider refuses it.
    expect(h.statesVisited(run)).toEqual([...STOPPED_AFTER_SECOND_ROUND.slice(0, -1), "WaitForNurtureSendTime", "SendHeldNurtureMessage", "RouteNurtureResult", "RecordNurtureStopped"]);
    expect((await timeline(o.candidateId)).find((e) => e.type === "reengagement.nurture.stopped")?.data?.reason).toBe("unsubscribed");
    expect(nurtureTexts(o.phone)).toHaveLength(1);

    const smsBefore = h.stack.outbox.list({ to: o.phone, channel: "sms" }).length;
    // Our side now knows too: the next message picks email without asking the provider.
    const call = await h.hr(`/hr/talent/candidates/${o.candidateId}/calls`, { method: "POST", body: JSON.stringify({ attemptKey: "after-refusal", outcome: "busy" }) });
    // Planned by email (the day's cap may hold it: every message of this story is on one day).
    expect(call.followUp).toMatchObject({ channel: "email", status: expect.stringMatching(/^(sending|held)$/) });
    expect(h.stack.outbox.list({ to: o.phone, channel: "sms" })).toHaveLength(smsBefore);
  });

  it("treats any other SMS reply as the candidate answering: nurture stops without an unsubscribe", async () => {
    const o = await declinedByTextCandidate("Robin Reply");
    const run = await nurtureStarted(o.candidateId);
    const res = await fetch(`${h.stack.appUrl}/outbox/api/sms/inbound`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ from: o.phone, body: "Yes, happy to talk next week" }) });
    expect(((await res.json()) as { optedOut: boolean }).optedOut).toBe(false);
    expect((await wakeUntilFinished(h, run)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(run)).toEqual(STOPPED_AFTER_SECOND_ROUND);
    const events = await timeline(o.candidateId);
    expect(events.find((e) => e.type === "reengagement.nurture.stopped")?.data?.reason).toBe("the candidate replied (sms.replied)");
    expect(events.some((e) => e.type === "consent.unsubscribed")).toBe(false);
  });
});
