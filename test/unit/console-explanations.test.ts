// The console shows core's status, lost-contact and recall phrases in the page's language
// (lambdas/pages/console/explanations.ts). Every phrase core can write is produced here through core
// itself, so a new phrase core starts writing fails this test until it has its Chinese form.
import { describe, expect, it } from "vitest";
import { deriveTalentStatus, statusFact } from "../../lambdas/core/talent/talent-status.js";
import { lostContactProbability } from "../../lambdas/core/talent/lost-contact.js";
import { newTalentProfile } from "../../lambdas/core/talent/talent-model.js";
import { scoreOf } from "../../lambdas/core/recall/recall.js";
import { explain, explainAll } from "../../lambdas/pages/console/explanations.js";
import type { TimelineEvent } from "../../lambdas/core/shared/model.js";

const now = new Date("2026-11-20T00:00:00Z");
let n = 0;
const event = (type: string, data: Record<string, unknown> = {}, summary = ""): TimelineEvent => ({ eventId: `e${++n}`, candidateId: "c", at: new Date(now.getTime() - 86_400_000 * (40 - n)).toISOString(), type, summary, data });

const EVENTS: TimelineEvent[] = [
  event("message.delivered", { channel: "sms" }), event("message.delivered", { channel: "email" }),
  event("message.bounced", { channel: "email", permanent: true }), event("message.bounced", { channel: "email", permanent: false }),
  event("message.failed", { channel: "sms", kind: "TEXT_BLOCKED", permanent: true }),
  ...["no-answer", "busy", "wrong-number", "reached", "call-back"].map((outcome) => event("talent.call", { outcome })),
  event("application.screened", { decision: "reject" }), event("application.screen-overridden", { decision: "reject" }),
  event("interview.scheduled"), event("interview.rescheduled", { side: "candidate" }), event("interview.confirmed"), event("interview.outcome-recorded", { outcome: "attended" }),
  event("offer.sent"), event("offer.decision-stalled"), event("offer.accepted"), event("offer.declined"), event("offer.outcome", { outcome: "accepted" }), event("offer.outcome", { outcome: "declined" }),
  ...["interested", "declined", "interviewing", "hired"].map((outcome) => event("talent.recall-outcome", { outcome })),
  ...["message.opened", "message.clicked", "portal.visited", "portal.pre-interview-form", "interview.link-opened", "offer.question", "sms.replied"].map((type) => event(type)),
];

/** Every phrase core writes for these: facts, failures, derived reasons, lost-contact factors, recall reasons. */
function corePhrases(): string[] {
  const phrases = new Set<string>();
  for (const e of EVENTS) {
    const fact = statusFact(e);
    if (fact && "what" in fact) phrases.add(fact.what);
    if (fact?.kind === "failure") phrases.add(fact.failure.detail);
  }
  const person = { emailNorm: "a@example.com", phoneE164: "+8613800138000" };
  const failures = EVENTS.filter((e) => e.type === "talent.call" && ["no-answer", "busy", "wrong-number"].includes(String(e.data?.outcome)));
  for (const timeline of [[], [EVENTS[0]!], [...failures, EVENTS[2]!, EVENTS[4]!], ...EVENTS.map((e) => [e])]) phrases.add(deriveTalentStatus(person, timeline).reason);
  const profile = (failedAttempts: number, statusSource?: "journey") => ({ ...newTalentProfile("c", now.toISOString()), failedAttempts, status: "unreachable" as const, ...(statusSource ? { statusSource } : {}) });
  for (const [talent, timeline] of [[profile(3), [EVENTS[2]!]], [profile(2, "journey"), []], [undefined, [event("talent.call", { outcome: "reached" })]]] as const) {
    for (const f of lostContactProbability(talent, [...timeline], now).factors) phrases.add(f);
  }
  const rated = { ...newTalentProfile("c", now.toISOString()), maxRating: 4 };
  for (const [expectations, budget] of [
    [{ salaryMin: 20000, salaryMax: 25000, currency: "CNY" }, { min: 18000, max: 26000, currency: "CNY" }],
    [{ salaryMin: 40000, currency: "CNY" }, { min: 18000, max: 26000, currency: "CNY" }],
    [{ salaryMin: 5000, currency: "USD" }, { min: 18000, max: 26000, currency: "CNY" }],
    [undefined, undefined],
  ] as const) for (const r of scoreOf({ ...rated, ...(expectations ? { expectations } : {}) } as never, budget as never, 40, 365).reasons) phrases.add(r);
  return [...phrases].filter(Boolean);
}

describe("core's phrases in the console's languages", () => {
  const phrases = corePhrases();

  it("finds the phrases it means to check", () => {
    expect(phrases.length).toBeGreaterThan(40);
    expect(phrases).toEqual(expect.arrayContaining(["sms delivered", "call wrong-number", "rated 4/5", "40 days ago", "never reached", "marked unreachable"]));
  });

  it("has a Chinese form for every one, with no English words left", () => {
    // Product and code words stay as written: SMS, HR, Offer, currencies, the provider's failure code.
    const leftovers = phrases.map((p) => [p, explain(p, "zh-CN")] as const).filter(([, r]) => !r.known || /\b(?!(?:SMS|HR|Offer|CNY|USD|TEXT_BLOCKED)\b)[A-Za-z]{3,}/.test(r.text));
    expect(leftovers).toEqual([]);
  });

  it("keeps English as core wrote it, names events, and shows HR's own words as written", () => {
    expect(explain("sms delivered", "en")).toEqual({ text: "sms delivered", known: true });
    expect(explain("portal.visited", "en").text).not.toContain("portal.visited");
    expect(explain("portal.visited", "zh-CN").text).not.toMatch(/[a-z]/);
    expect(explain("他说下个月再联系", "zh-CN")).toEqual({ text: "他说下个月再联系", known: false });
    expect(explainAll(["rated 4/5", "40 days ago"], "zh-CN")).toBe("评分 4/5；40 天前");
  });
});
