// The recall journey's decisions, pure: what the timeline says about a recall, how a reply reads,
// and the brief's signed "Recall this candidate" link.
import { describe, expect, it } from "vitest";
import type { Requisition, TimelineEvent } from "../../lambdas/core/shared/model.js";
import { classifyReply, otherChannel, readRecall, recallExecutionName, recallIdFor, talentPoolConsent } from "../../lambdas/core/recall/recall-journey.js";
import { recallLinkFor, renderRecallBrief, type RecallCandidate } from "../../lambdas/core/recall/recall.js";
import { verifyLink } from "../../lambdas/core/shared/signed-links.js";
import { emptyPreferenceRecord } from "../../lambdas/core/preferences/preferences-model.js";

const recallId = "R1";
let seq = 0;
const ev = (type: string, at: string, data: Record<string, unknown> = {}): TimelineEvent => ({ eventId: `e${++seq}`, candidateId: "c1", at, type, summary: type, data });
const started = ev("talent.recall-started", "2026-03-01T08:00:00.000Z", { recallId });
const invited = ev("talent.recall-invited", "2026-03-01T08:00:01.000Z", { recallId, messageId: "M-invite" });

describe("classifyReply", () => {
  it.each(["好的，我有兴趣", "Yes, happy to talk next week", "可以，周三下午", "what is the salary?"])("reads %j as interest", (body) => {
    expect(classifyReply(body)).toBe("interested");
  });
  it.each(["不感兴趣，谢谢", "暂时不考虑", "已入职新公司了", "Not interested, thanks", "no thanks"])("reads %j as a decline", (body) => {
    expect(classifyReply(body)).toBe("declined");
  });
});

describe("readRecall", () => {
  it("waits while nothing has happened and consent stands", () => {
    expect(readRecall(recallId, [started, invited], true)).toEqual({ status: "waiting" });
  });

  it("is settled by an outcome HR recorded for this recall, with that outcome", () => {
    const outcome = ev("talent.recall-outcome", "2026-03-02T08:00:00.000Z", { recallId, outcome: "interviewing" });
    expect(readRecall(recallId, [started, invited, outcome], true)).toEqual({ status: "end", ending: "settled", outcome: "interviewing" });
  });

  it("ignores another recall's outcome", () => {
    const other = ev("talent.recall-outcome", "2026-03-02T08:00:00.000Z", { recallId: "R0", outcome: "hired" });
    expect(readRecall(recallId, [started, invited, other], true)).toEqual({ status: "waiting" });
  });

  it("reads an SMS reply after the recall started as the candidate's answer", () => {
    const reply = ev("sms.replied", "2026-03-01T09:00:00.000Z", { body: "不感兴趣" });
    expect(readRecall(recallId, [started, invited, reply], true)).toEqual({ status: "end", ending: "responded", outcome: "declined" });
  });

  it("does not count a reply from before the recall started", () => {
    const old = ev("sms.replied", "2026-02-01T09:00:00.000Z", { body: "好的" });
    expect(readRecall(recallId, [old, started, invited], true)).toEqual({ status: "waiting" });
  });

  it("counts a click on the recall's own message as interest, and not a click on another message", () => {
    const click = ev("message.clicked", "2026-03-01T10:00:00.000Z", { messageId: "M-invite" });
    const otherClick = ev("message.clicked", "2026-03-01T10:00:00.000Z", { messageId: "M-other" });
    expect(readRecall(recallId, [started, invited, click], true)).toEqual({ status: "end", ending: "responded", outcome: "interested" });
    expect(readRecall(recallId, [started, invited, otherClick], true)).toEqual({ status: "waiting" });
  });

  it("counts opening the portal the invite links to as interest once an invite went out", () => {
    const visit = ev("portal.visited", "2026-03-01T10:00:00.000Z");
    expect(readRecall(recallId, [started, invited, visit], true)).toMatchObject({ ending: "responded", outcome: "interested" });
    expect(readRecall(recallId, [started, visit], true)).toEqual({ status: "waiting" });
  });

  it("stops on withdrawn consent, and on an unsubscribe (as declined)", () => {
    expect(readRecall(recallId, [started, invited], false)).toEqual({ status: "end", ending: "consent-withdrawn" });
    const unsub = ev("consent.unsubscribed", "2026-03-01T10:00:00.000Z", { channel: "sms" });
    expect(readRecall(recallId, [started, invited, unsub], true)).toEqual({ status: "end", ending: "unsubscribed", outcome: "declined" });
  });

  it("lets HR's outcome win over withdrawn consent", () => {
    const outcome = ev("talent.recall-outcome", "2026-03-02T08:00:00.000Z", { recallId, outcome: "hired" });
    expect(readRecall(recallId, [started, invited, outcome], false)).toMatchObject({ ending: "settled", outcome: "hired" });
  });
});

describe("recall identity and consent", () => {
  it("derives one execution name per candidate and requisition, within Step Functions' 80 characters", () => {
    const id = recallIdFor("cand-1", "req-1");
    expect(recallIdFor("cand-1", "req-1")).toBe(id);
    expect(recallIdFor("cand-1", "req-2")).not.toBe(id);
    expect(recallExecutionName(id)).toMatch(/^recall-[0-9a-z]+$/i);
    expect(recallExecutionName(id).length).toBeLessThanOrEqual(80);
  });

  it("nudges on the other channel", () => {
    expect(otherChannel("sms")).toBe("email");
    expect(otherChannel("email")).toBe("sms");
  });

  it("needs a current talent-pool consent in the preference record, not another purpose", () => {
    const now = new Date("2026-02-01T00:00:00.000Z");
    const p = emptyPreferenceRecord("c1", "2026-01-01T00:00:00.000Z");
    expect(talentPoolConsent(p, now)).toBe(false);
    p.consents.marketing = { granted: true, at: "x", source: "hr" };
    expect(talentPoolConsent(p, now)).toBe(false);
    p.consents["talent-pool"] = { granted: true, at: "x", source: "hr", expiresAt: "2026-01-15T00:00:00.000Z" };
    expect(talentPoolConsent(p, now)).toBe(false);
    p.consents["talent-pool"] = { granted: true, at: "x", source: "hr" };
    expect(talentPoolConsent(p, now)).toBe(true);
  });
});

describe("the brief's recall link", () => {
  const requisition = { requisitionId: "req-1", title: "销售<总监>", locale: "zh-CN", screening: { requiredKeywords: [] }, updatedAt: "2026-03-01T00:00:00.000Z" } as unknown as Requisition;
  const candidate: RecallCandidate = { candidateId: "c1", name: "王<b>五</b>", rejectionReason: "budget", evaluations: [], score: 80, reasons: ["rated 5/5"], daysAgo: 30, openingMessage: "您好" };
  const now = new Date("2026-03-01T00:00:00.000Z");

  it("signs who and for which requisition, and expires in two weeks", () => {
    const url = recallLinkFor("c1", "req-1", "k".repeat(32), "https://hr.example.com", now);
    const token = url.split("/l/")[1]!;
    expect(verifyLink(token, "k".repeat(32), now)).toMatchObject({ p: "recall", c: "c1", r: "req-1" });
    expect(() => verifyLink(token, "k".repeat(32), new Date(now.getTime() + 15 * 86_400_000))).toThrow(/expired/);
  });

  it("puts one escaped link per candidate in the email, in text and HTML", () => {
    const rendered = renderRecallBrief(requisition, "opened", [candidate], "https://hr.example.com", { c1: "https://hr.example.com/l/abc?x=1&y=2" });
    expect(rendered.text).toContain("Recall this candidate / 召回: https://hr.example.com/l/abc?x=1&y=2");
    expect(rendered.html).toContain('<a class="recall-link" href="https://hr.example.com/l/abc?x=1&amp;y=2">Recall this candidate / 召回</a>');
    expect(rendered.html).toContain("王&lt;b&gt;五&lt;/b&gt;");
    expect(renderRecallBrief(requisition, "opened", [candidate], "https://hr.example.com").html).not.toContain("recall-link");
  });
});
