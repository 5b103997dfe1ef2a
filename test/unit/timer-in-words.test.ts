// The outbox's "Next:" line names the clock's next timer for a person, not by an execution's internal name.
import { describe, expect, it } from "vitest";
import { timerInWords } from "../../local/messaging/scheduled-sends.js";

describe("the outbox's next timer in words", () => {
  it("names a planned send by its message", () => {
    expect(timerInWords("01m9707k0mevyzepxaz8pkmph5-follow-up: WaitForFollowUpSendTime")).toBe("Missed-call follow-up (a planned send)");
    expect(timerInWords("app-01m9707k0mevyzepxaz8pkmph5: WaitForInviteSendTime")).toBe("Interview invitation (application) (a planned send)");
  });

  it("says what any other journey wait is, without the execution's name", () => {
    const words = timerInWords("app-01m9707k0mevyzepxaz8pkmph5: WaitForInviteEngagement");
    expect(words).toBe("A journey step: wait for invite engagement");
    expect(words).not.toContain("app-01m9");
  });

  it("names a scheduled re-engagement", () => {
    expect(timerInWords("schedule hirepath/reengage-01m9707k0mevyzepxaz8pkmph5")).toBe("A re-engagement brief (scheduled)");
  });
});
