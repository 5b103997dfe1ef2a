// Channel failures through the one outreach path, on the local stack: the emulators' simulated
// hard bounce and unreachable carrier arrive as provider events, and the message goes once by the
// other channel, with the failure on the timeline for HR and for the talent status.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { application, startJourneyHarness, type JourneyHarness } from "./journey-harness.js";

let h: JourneyHarness;
beforeAll(async () => {
  h = await startJourneyHarness();
});
afterAll(async () => h?.close());

interface Event {
  type: string;
  summary: string;
  data?: Record<string, unknown>;
}
const timeline = async (candidateId: string): Promise<Event[]> => (await h.hr(`/hr/candidates/${candidateId}`)).timeline;

describe("channel failures", () => {
  it("sends an invitation whose email bounced for good by SMS, once, and shows HR the bounce", async () => {
    const body = application({ email: `bounce+${process.pid}@simulator.amazonses.com` });
    const { body: accepted } = await h.post(body);
    await h.reached(accepted.executionArn, "WaitForInviteEngagement");
    const phone = `+86${body.candidate.phone}`;

    await expect.poll(async () => h.stack.outbox.list({ to: phone }).length, { timeout: 20_000 }).toBe(1);
    const [sms] = h.stack.outbox.list({ to: phone });
    expect(sms?.text).toContain(body.candidate.name);

    // The outbox has the SMS as soon as the provider took it; its record follows.
    await expect.poll(async () => (await timeline(accepted.candidateId)).filter((e) => e.type === "message.sent").length, { timeout: 20_000 }).toBe(2);
    const events = await timeline(accepted.candidateId);
    const bounced = events.find((e) => e.type === "message.bounced");
    expect(bounced?.data).toMatchObject({ channel: "email", template: "interview-invite", permanent: true, reason: "bounced" });
    const sent = events.filter((e) => e.type === "message.sent");
    expect(sent.map((e) => e.data?.channel)).toEqual(expect.arrayContaining(["email", "sms"]));
    expect(sent.find((e) => e.data?.channel === "sms")?.data).toMatchObject({ template: "interview-invite", fallbackFrom: { channel: "email", reason: "bounced" } });
    // No address in the event data: the timeline is read by status and shown to HR.
    expect(JSON.stringify(bounced?.data)).not.toContain("simulator.amazonses.com");

    // The nudge after an unopened invite goes by SMS as planned; nothing goes to the dead address again.
    h.stack.engine.wakeWaits(accepted.executionArn);
    expect((await h.finished(accepted.executionArn)).status).toBe("SUCCEEDED");
    expect(h.stack.outbox.list({ to: body.candidate.email! })).toHaveLength(1);
    // Reached by the other channel: not lost, so no task for HR.
    expect((await h.hr(`/hr/tasks?kind=message-failure&candidateId=${accepted.candidateId}`)).items).toHaveLength(0);
  });

  it("follows an SMS the carrier could not deliver with the same message by email, and never texts that number again", async () => {
    // +86 numbers ending 0000: the SMS emulator's carrier is unreachable (TEXT_CARRIER_UNREACHABLE).
    const body = application({ phone: `139${String(process.pid % 10000).padStart(4, "0")}0000` });
    const { body: accepted } = await h.post(body);
    await h.reached(accepted.executionArn, "WaitForInviteEngagement");
    h.stack.engine.wakeWaits(accepted.executionArn);
    expect((await h.finished(accepted.executionArn)).status).toBe("SUCCEEDED");
    const email = body.candidate.email!;
    const phone = `+86${body.candidate.phone}`;

    // The invite by email, then the nudge: by SMS (failed at the carrier), then by email.
    await expect.poll(async () => h.stack.outbox.list({ to: email }).length, { timeout: 20_000 }).toBe(2);
    expect(h.stack.outbox.list({ to: phone })).toHaveLength(1);
    await expect.poll(async () => (await timeline(accepted.candidateId)).filter((e) => e.type === "message.sent").length, { timeout: 20_000 }).toBe(3);
    const events = await timeline(accepted.candidateId);
    expect(events.find((e) => e.type === "message.failed")?.data).toMatchObject({ channel: "sms", permanent: true, reason: "carrier-unreachable", kind: "TEXT_CARRIER_UNREACHABLE" });
    expect(events.find((e) => e.type === "message.sent" && e.data?.channel === "email" && e.data?.fallbackFrom)?.data).toMatchObject({ fallbackFrom: { channel: "sms", reason: "carrier-unreachable" } });
  });

  it("gives HR a message-failure task, once, when an invitation bounced for good and there is no other channel", async () => {
    const body = application({ email: `bounce+lost${process.pid}@simulator.amazonses.com`, phone: null });
    const { body: accepted } = await h.post(body);
    await h.reached(accepted.executionArn, "WaitForInviteEngagement");
    const inbox = async () => (await h.hr(`/hr/tasks?kind=message-failure&candidateId=${accepted.candidateId}`)).items as Array<Record<string, any>>;
    await expect.poll(async () => (await inbox()).length, { timeout: 20_000 }).toBe(1);
    const [task] = await inbox();
    expect(task).toMatchObject({ kind: "message-failure", state: "open", subject: { candidateId: accepted.candidateId, messageId: expect.any(String) }, context: { channel: "email", template: "interview-invite", reason: "bounced" } });
    expect(task!.detail).toContain("sms is not available");
    // Tasks are listed to every recruiter: no address in them.
    expect(JSON.stringify(task)).not.toContain("simulator.amazonses.com");

    // EventBridge delivers at least once: the same bounce again finds the task, opens no second one.
    const messageId = task!.subject.messageId as string;
    const bounce = {
      version: "0",
      id: `redelivered-${messageId}`,
      "detail-type": "Email Bounced",
      source: "aws.ses",
      account: "000000000000",
      time: new Date().toISOString(),
      region: "us-east-1",
      resources: [],
      detail: { eventType: "Bounce", mail: { messageId: `provider-${messageId}`, tags: { "hirepath-message-id": [messageId] } }, bounce: { bounceType: "Permanent", bounceSubType: "General", timestamp: new Date().toISOString() } },
    };
    await h.stack.runtime.lambdas.MessageEvents(bounce, h.stack.runtime.context("MessageEvents"));
    expect(await inbox()).toHaveLength(1);
  });
});
