import { describe, expect, it } from "vitest";
import { optOutKeyword, recordInboundSms, type TwoWayInboundMessage } from "../../lambdas/core/outreach/inbound-sms.js";
import type { HirepathStore } from "../../lambdas/core/shared/ports.js";
import type { TimelineEvent } from "../../lambdas/core/shared/model.js";

const message = (messageBody: string, messageKeyword = ""): TwoWayInboundMessage => ({
  originationNumber: "+8613900001234",
  destinationNumber: "+12065550100",
  messageKeyword,
  messageBody,
  inboundMessageId: "in-1",
  previousPublishedMessageId: "out-1",
});

function fakeStore() {
  const unsubscribed: Array<{ channel: string; address: string; candidateId: string }> = [];
  const events: TimelineEvent[] = [];
  const store = {
    unsubscribe: async (channel: string, address: string, _at: string, candidateId: string) => void unsubscribed.push({ channel, address, candidateId }),
    addTimelineEvent: async (e: TimelineEvent) => void events.push(e),
  } as unknown as HirepathStore;
  return { store, unsubscribed, events };
}

const clock = { now: () => new Date("2026-05-01T08:00:00Z") };

describe("inbound SMS", () => {
  it("knows AWS's opt-out keywords and 退订, case-insensitively, at the start of the text or as the published keyword", () => {
    expect(optOutKeyword(message("stop"))).toBe("STOP");
    expect(optOutKeyword(message("TD"))).toBe("TD");
    expect(optOutKeyword(message("退订"))).toBe("退订");
    expect(optOutKeyword(message("Quit now"))).toBe("QUIT");
    expect(optOutKeyword(message("whatever", "STOP"))).toBe("STOP");
    expect(optOutKeyword(message("Please don't stop"))).toBeUndefined();
  });

  it("unsubscribes the number from SMS and records consent.unsubscribed for the candidate who sent STOP", async () => {
    const { store, unsubscribed, events } = fakeStore();
    const result = await recordInboundSms(message("STOP"), { store, contacts: { candidateIdByPhone: async () => "cand-1" }, clock });
    expect(result).toBe("opted-out");
    expect(unsubscribed).toEqual([{ channel: "sms", address: "+8613900001234", candidateId: "cand-1" }]);
    expect(events).toMatchObject([{ candidateId: "cand-1", type: "consent.unsubscribed", at: "2026-05-01T08:00:00.000Z", data: { channel: "sms", keyword: "STOP" } }]);
  });

  it("records other texts as sms.replied, once per inbound message id", async () => {
    const { store, unsubscribed, events } = fakeStore();
    const deps = { store, contacts: { candidateIdByPhone: async () => "cand-1" }, clock };
    await recordInboundSms(message("Sure, call me"), deps);
    await recordInboundSms(message("Sure, call me"), deps);
    expect(unsubscribed).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(["sms.replied", "sms.replied"]);
    expect(events[0]!.eventId).toBe(events[1]!.eventId);
  });
});
