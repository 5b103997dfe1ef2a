// What the outbox lists as scheduled: only waits that end in a message, with the channel their plan chose.
import { describe, expect, it } from "vitest";
import { scheduledSends } from "../../local/messaging/scheduled-sends.js";

const at = Date.parse("2026-12-08T00:00:00Z");
const wait = (stateName: string, input: unknown, until = at) => ({ executionArn: `arn:x:${stateName}`, executionName: "x", stateName, until, input: input as never });

describe("scheduled sends", () => {
  it("lists the waits before a send, soonest first, with the planned channel and the candidate", () => {
    const rows = scheduledSends([
      wait("WaitForDayBeforeReminder", { candidateId: "c1", reminderPlan: { sendAt: new Date(at + 3600_000).toISOString(), channel: "sms" } }, at + 3600_000),
      wait("WaitForInviteSendTime", { candidateId: "c2", invitePlan: { sendAt: new Date(at).toISOString(), reason: "quiet-hours" } }),
      wait("WaitForInviteEngagement", { candidateId: "c2" }),
      wait("WaitForInterviewToEnd", { candidateId: "c1" }),
    ]);
    expect(rows).toEqual([
      expect.objectContaining({ sendAt: new Date(at).toISOString(), what: "Interview invitation (application)", channel: "email", candidateId: "c2" }),
      expect.objectContaining({ sendAt: new Date(at + 3600_000).toISOString(), what: "Day-before interview reminder", channel: "sms", candidateId: "c1" }),
    ]);
  });

  it("leaves the channel out when no plan in the input names one", () => {
    const [row] = scheduledSends([wait("WaitForTouchTime", { candidateId: "c3", touch: { sendAt: new Date(at).toISOString() } })]);
    expect(row).toMatchObject({ what: "Pre-onboarding touch", candidateId: "c3" });
    expect(row).not.toHaveProperty("channel");
  });
});
