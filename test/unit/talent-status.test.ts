// The derived talent status as a pure fold over a timeline: every journey's events, in any order.
import { describe, expect, it } from "vitest";
import { deriveTalentStatus, UNREACHABLE_AFTER_FAILURES } from "../../lambdas/core/talent/talent-status.js";
import type { TimelineEvent } from "../../lambdas/core/shared/model.js";

let n = 0;
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute)).toISOString();
const ev = (type: string, minute: number, data: Record<string, unknown> = {}, over: Partial<TimelineEvent> = {}): TimelineEvent => ({ eventId: `e${++n}`, candidateId: "c1", at: at(minute), type, summary: "", data, ...over });
const both = { emailNorm: "a@example.com", phoneE164: "+8613800000000" };

describe("derived talent status", () => {
  it("is not-contacted with nothing on the timeline, and contacted once a message is delivered or a call reaches them", () => {
    expect(deriveTalentStatus(both, []).status).toBe("not-contacted");
    expect(deriveTalentStatus(both, [ev("message.sent", 1, { channel: "email" })]).status).toBe("not-contacted");
    expect(deriveTalentStatus(both, [ev("message.delivered", 2, { channel: "email" })])).toMatchObject({ status: "contacted", source: "journey" });
    expect(deriveTalentStatus(both, [ev("talent.call", 2, { outcome: "reached" })]).status).toBe("contacted");
  });

  it("follows the application, interview and offer journeys: interviewing, offered, stalled, hired, rejected", () => {
    const app = { applicationId: "a1" };
    const booked = [ev("message.delivered", 1, { channel: "email" }), ev("interview.scheduled", 2, { interviewId: "i1" }, app)];
    expect(deriveTalentStatus(both, booked).status).toBe("interviewing");
    const offered = [...booked, ev("offer.sent", 3, { offerId: "o1" }, app)];
    expect(deriveTalentStatus(both, offered).status).toBe("offered");
    expect(deriveTalentStatus(both, [...offered, ev("offer.decision-stalled", 4, { offerId: "o1" }, app)])).toMatchObject({ status: "stalled", reason: "offer decision stalled" });
    expect(deriveTalentStatus(both, [...offered, ev("offer.accepted", 4, { offerId: "o1" }, app)]).status).toBe("hired");
    expect(deriveTalentStatus(both, [...offered, ev("offer.declined", 4, { offerId: "o1" }, app)]).status).toBe("rejected");
    expect(deriveTalentStatus(both, [ev("application.screened", 1, { decision: "reject" }, app)]).status).toBe("rejected");
  });

  it("stays offered when the interview's outcome is recorded after the offer went out, or the interview journey ends after it", () => {
    const app = { applicationId: "a1" };
    const offered = [ev("interview.scheduled", 1, { interviewId: "i1" }, app), ev("offer.sent", 3, { offerId: "o1" }, app)];
    expect(deriveTalentStatus(both, [...offered, ev("interview.outcome-recorded", 3, { interviewId: "i1", outcome: "attended" }, app)]).status).toBe("offered");
    expect(deriveTalentStatus(both, [...offered, ev("interview.outcome", 9, { interviewId: "i1", outcome: "attended" }, app)]).status).toBe("offered");
    expect(deriveTalentStatus(both, [...offered, ev("offer.decision-stalled", 5, { offerId: "o1" }, app), ev("interview.outcome", 9, { outcome: "attended" }, app)]).status).toBe("stalled");
    // A rejected application can still come back to interview (HR overrode the screen and booked one).
    expect(deriveTalentStatus(both, [ev("application.screened", 1, { decision: "reject" }, app), ev("interview.scheduled", 2, {}, app)]).status).toBe("interviewing");
  });

  it("gives the same status whatever order the events are read in", () => {
    const events = [ev("message.delivered", 1, { channel: "sms" }), ev("interview.scheduled", 2, {}, { applicationId: "a1" }), ev("offer.sent", 3, {}, { applicationId: "a1" }), ev("offer.decision-stalled", 4, {}, { applicationId: "a1" })];
    expect(deriveTalentStatus(both, [...events].reverse()).status).toBe("stalled");
  });

  it("does not let a rejection for one application hide another application still in interview", () => {
    const events = [ev("interview.scheduled", 1, {}, { applicationId: "a1" }), ev("application.screened", 2, { decision: "reject" }, { applicationId: "a2" })];
    expect(deriveTalentStatus(both, events).status).toBe("interviewing");
  });

  it("is unreachable from failures across every channel, with the evidence listed", () => {
    const events = [
      ev("message.bounced", 1, { channel: "email", kind: "Bounce" }),
      ev("message.failed", 2, { channel: "sms", kind: "TEXT_TTL_EXPIRED" }),
      ev("message.failed", 3, { channel: "sms", kind: "TEXT_TTL_EXPIRED" }),
      ev("talent.call", 4, { outcome: "no-answer" }),
    ];
    expect(events).toHaveLength(UNREACHABLE_AFTER_FAILURES);
    expect(deriveTalentStatus(both, events.slice(0, 3)).status).toBe("not-contacted");
    const derived = deriveTalentStatus(both, events);
    expect(derived.status).toBe("unreachable");
    expect(derived.contact.failures.map((f) => f.detail)).toEqual(["email bounced (permanent)", "sms TEXT_TTL_EXPIRED", "sms TEXT_TTL_EXPIRED", "call no-answer"]);
    expect(derived.reason).toContain("4 failed attempts");
  });

  it("is unreachable as soon as every address failed for good, and a failed text alone leaves calling", () => {
    const bounced = ev("message.bounced", 1, { channel: "email", permanent: true });
    const textFailed = ev("message.failed", 2, { channel: "sms", kind: "TEXT_CARRIER_UNREACHABLE" });
    expect(deriveTalentStatus(both, [bounced, textFailed])).toMatchObject({ status: "not-contacted", contact: { deadChannels: ["email", "sms"] } });
    expect(deriveTalentStatus(both, [bounced, textFailed, ev("talent.call", 3, { outcome: "wrong-number" })]).status).toBe("unreachable");
    expect(deriveTalentStatus({ emailNorm: "a@example.com" }, [bounced]).status).toBe("unreachable");
  });

  it("counts failures in a row: reaching the person clears them and revives the channel that worked", () => {
    const events = [
      ev("message.failed", 1, { channel: "sms", kind: "TEXT_CARRIER_UNREACHABLE" }),
      ev("talent.call", 2, { outcome: "busy" }),
      ev("talent.call", 3, { outcome: "no-answer" }),
      ev("message.delivered", 4, { channel: "sms" }),
      ev("talent.call", 5, { outcome: "no-answer" }),
    ];
    const derived = deriveTalentStatus(both, events);
    expect(derived).toMatchObject({ status: "contacted", contact: { deadChannels: [], lastReachAt: at(4) } });
    expect(derived.contact.failures).toHaveLength(1);
  });

  it("keeps unreachable over an interview HR booked, but not over a hire or a rejection", () => {
    const dead = [ev("message.bounced", 1, { channel: "email", permanent: true }), ev("talent.call", 2, { outcome: "wrong-number" })];
    expect(deriveTalentStatus(both, [...dead, ev("interview.scheduled", 3, {}, { applicationId: "a1" })]).status).toBe("unreachable");
    expect(deriveTalentStatus(both, [...dead, ev("interview.confirmed", 3, {}, { applicationId: "a1" })]).status).toBe("interviewing");
    expect(deriveTalentStatus(both, [...dead, ev("talent.rejection", 3, { reason: "no answer", by: "hr-1" })]).status).toBe("rejected");
  });

  it("records HR's status as HR's, until a later journey fact changes what the journeys say", () => {
    const hr = ev("talent.status", 2, { status: "stalled", reason: "went quiet on WeChat", by: "recruiter-7" });
    const set = deriveTalentStatus(both, [ev("message.delivered", 1, { channel: "email" }), hr]);
    expect(set).toMatchObject({ status: "stalled", source: "hr", by: "recruiter-7", reason: "went quiet on WeChat" });
    // Another delivery changes nothing the journeys say (still contacted): HR's word holds.
    expect(deriveTalentStatus(both, [ev("message.delivered", 1, { channel: "email" }), hr, ev("message.delivered", 3, { channel: "sms" })]).source).toBe("hr");
    // Reaching them for the first time after HR's rejection or stall does not undo it…
    expect(deriveTalentStatus(both, [ev("talent.rejection", 1, { reason: "no sales experience" }), ev("message.delivered", 2, { channel: "sms" })])).toMatchObject({ status: "rejected", source: "hr" });
    // …but it does undo HR's "unreachable": they answered.
    expect(deriveTalentStatus(both, [ev("talent.status", 1, { status: "unreachable", reason: "number dead" }), ev("sms.replied", 2, { body: "hi" })])).toMatchObject({ status: "contacted", source: "journey" });
    // A booked interview is news: the journeys' status takes over.
    expect(deriveTalentStatus(both, [hr, ev("interview.scheduled", 3, {}, { applicationId: "a1" })])).toMatchObject({ status: "interviewing", source: "journey" });
  });
});
