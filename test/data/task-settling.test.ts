// Tasks one journey opens and another journey's facts settle, on dynalite with the real stores wired
// as the functions wire them (adapters/dynamo-store.ts timelineFollowerOf): the candidate confirming
// by the link closes the recruiter's "call to confirm" task, a call logged in the talent pool closes
// it too, HR recording the outcome closes "record the outcome", an offer answer closes the stalled
// decision (and a decline cancels the offer's questions and risk alerts), a hire cancels sourcing
// calls, an SMS reply closes the recall call. A task opened after the fact, and one HR closed at the
// same moment, are left as they are.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient, DynamoHirepathStore, timelineFollowerOf } from "../../lambdas/adapters/dynamo-store.js";
import { DynamoTalentStore } from "../../lambdas/adapters/dynamo-talent-store.js";
import { DynamoInterviewStore } from "../../lambdas/adapters/interview-store.js";
import { DynamoTaskStore } from "../../lambdas/adapters/dynamo-task-store.js";
import { DynamoPreferenceStore } from "../../lambdas/adapters/dynamo-preference-store.js";
import { changePreferences } from "../../lambdas/core/preferences/preferences.js";
import { PreferencesChange } from "../../lambdas/core/preferences/preferences-model.js";
import { confirmInterview, recordInterviewOutcome } from "../../lambdas/core/interview/interview-scheduling.js";
import { logCall, LogCallInput } from "../../lambdas/core/talent/calls.js";
import { closeTask, getTask, openTask } from "../../lambdas/core/tasks/tasks.js";
import { settleTasksByEvents } from "../../lambdas/core/tasks/settled-by-events.js";
import type { OpenTaskInput, Task } from "../../lambdas/core/tasks/task-model.js";
import { newId } from "../../lambdas/core/shared/ids.js";
import type { Clock } from "../../lambdas/core/shared/ports.js";
import type { Interview, TimelineEvent } from "../../lambdas/core/shared/model.js";
import type { SendMessageInput } from "../../lambdas/core/outreach/send-message.js";
import { ensureTable, startDynalite, type LocalDynamo } from "../../local/aws/dynamodb.js";

const TABLE = "settling-test";
let dynamo: LocalDynamo;
let store: DynamoHirepathStore;
let talent: DynamoTalentStore;
let interviews: DynamoInterviewStore;
let tasks: DynamoTaskStore;
let preferences: DynamoPreferenceStore;
const clock: Clock = { now: () => new Date() };
const hr = { sub: "recruiter-9", roles: ["recruiter" as const] };

beforeAll(async () => {
  dynamo = await startDynalite(undefined);
  const config = { endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } };
  await ensureTable(new DynamoDBClient(config), TABLE);
  const doc = createDocumentClient(config);
  const follower = timelineFollowerOf(doc, TABLE, clock);
  store = new DynamoHirepathStore(doc, TABLE, follower);
  interviews = new DynamoInterviewStore(doc, TABLE, follower);
  talent = new DynamoTalentStore(doc, TABLE);
  tasks = new DynamoTaskStore(doc, TABLE);
  preferences = new DynamoPreferenceStore(doc, TABLE);
});
afterAll(async () => dynamo?.close());

let seq = 0;
async function person() {
  seq++;
  const { candidate } = await store.findOrCreateCandidate(
    newId(),
    { name: `待办${seq}`, emailNorm: `settle${seq}@example.com`, phoneE164: `+86138${String(seq).padStart(8, "0")}`, locale: "zh-CN", timeZone: "Asia/Shanghai", preferredChannel: "email", source: "test" },
    new Date().toISOString(),
  );
  const applicationId = newId();
  const now = new Date().toISOString();
  await store.putApplication({ applicationId, candidateId: candidate.candidateId, requisitionId: "req-settle", source: "test", status: "received", createdAt: now, updatedAt: now });
  return { candidateId: candidate.candidateId, applicationId };
}

async function booked(candidateId: string, applicationId: string): Promise<Interview> {
  const starts = new Date(Date.now() + 3 * 86_400_000);
  const now = new Date().toISOString();
  const interview: Interview = {
    interviewId: newId(), candidateId, applicationId, interviewerId: `iv-${newId()}`, startsAt: starts.toISOString(), endsAt: new Date(starts.getTime() + 3_600_000).toISOString(),
    mode: "video", whatToBring: {}, status: "scheduled", version: 1, recruiterEmail: "hr@example.com", createdBy: "hr", createdAt: now, updatedAt: now,
  };
  expect((await interviews.bookInterview(interview, [])).ok).toBe(true);
  return interview;
}

const inADay = () => new Date(Date.now() + 86_400_000).toISOString();
async function open(input: Omit<OpenTaskInput, "title" | "dueAt" | "idempotencyKey"> & { idempotencyKey?: string }): Promise<Task> {
  return (await openTask({ title: `${input.kind}/${input.type}`, dueAt: inADay(), idempotencyKey: input.idempotencyKey ?? newId(), ...input }, { tasks, clock })).task;
}
const interviewTask = (candidateId: string, interview: Interview, type: string) => open({ kind: "interview", type, subject: { candidateId, applicationId: interview.applicationId, interviewId: interview.interviewId } });
const offerTask = (candidateId: string, offerId: string, kind: "offer" | "risk", type: string) => open({ kind, type, subject: { candidateId, offerId } });
const stateOf = async (task: Task) => {
  const now = await getTask(task.taskId, { tasks });
  return { state: now.state, outcome: now.resolution?.outcome };
};
const event = (candidateId: string, type: string, data: Record<string, unknown>, at = new Date(Date.now() + 5).toISOString()): TimelineEvent => ({ eventId: newId(), candidateId, at, type, summary: type, data });

/** The task.done / task.cancelled lines on the candidate's timeline, per task. */
async function closeLines(candidateId: string) {
  const view = await store.getCandidateView(candidateId);
  return (view?.timeline ?? []).filter((e) => e.type === "task.done" || e.type === "task.cancelled");
}
const linesOf = async (candidateId: string, task: Task) => (await closeLines(candidateId)).filter((e) => e.data?.taskId === task.taskId);

const callDeps = () => ({
  store, talent, tasks, clock, preferences,
  followUps: { startJourney: async (name: string) => `arn:aws:states:us-east-1:000000000000:execution:hirepath-call-follow-up:${name}` },
  config: { minAttemptsForRecommendation: 30, defaultCallHour: 19 },
});

describe("tasks settled by another journey's facts", () => {
  it("closes the recruiter's call-to-confirm task when the candidate confirms by the link, and the record-outcome task when HR records the outcome", async () => {
    const { candidateId, applicationId } = await person();
    const interview = await booked(candidateId, applicationId);
    const callToConfirm = await interviewTask(candidateId, interview, "call-candidate");
    const recordOutcome = await interviewTask(candidateId, interview, "record-outcome");
    const otherInterview = await booked(candidateId, applicationId);
    const unrelated = await interviewTask(candidateId, otherInterview, "call-candidate");

    await confirmInterview({ candidateId, interviewId: interview.interviewId, version: 1 }, { store, interviews, clock });
    expect(await stateOf(callToConfirm)).toEqual({ state: "done", outcome: "confirmed" });
    expect(await stateOf(recordOutcome)).toEqual({ state: "open", outcome: undefined });
    expect(await stateOf(unrelated)).toEqual({ state: "open", outcome: undefined });

    await recordInterviewOutcome({ candidateId, interviewId: interview.interviewId }, "attended", "hr@example.com", { store, interviews, clock });
    const closed = await getTask(recordOutcome.taskId, { tasks });
    expect(closed).toMatchObject({ state: "done", resolution: { outcome: "recorded", note: "Outcome recorded: attended", by: "hirepath (interview.outcome-recorded)" } });
    // The inbox no longer lists either.
    const inbox = await tasks.list({ candidateId, limit: 100 });
    expect(inbox.items.map((t) => t.taskId)).toEqual([unrelated.taskId]);
  });

  it("settles the call-to-confirm task once the interview's outcome is recorded: done when they came, cancelled after a no-show", async () => {
    const { candidateId, applicationId } = await person();
    const came = await booked(candidateId, applicationId);
    const missed = await booked(candidateId, applicationId);
    const callCame = await interviewTask(candidateId, came, "call-candidate");
    const callMissed = await interviewTask(candidateId, missed, "call-candidate");
    await recordInterviewOutcome({ candidateId, interviewId: came.interviewId }, "attended", "hr@example.com", { store, interviews, clock });
    expect(await getTask(callCame.taskId, { tasks })).toMatchObject({ state: "done", resolution: { outcome: "attended", note: "The candidate came to the interview" } });
    expect(await stateOf(callMissed)).toEqual({ state: "open", outcome: undefined });
    await recordInterviewOutcome({ candidateId, interviewId: missed.interviewId }, "no-show", "hr@example.com", { store, interviews, clock });
    expect(await stateOf(callMissed)).toEqual({ state: "cancelled", outcome: "no-show" });
  });

  it("closes the interview's call tasks when a call logged in the talent pool reached the candidate, not when it was missed", async () => {
    const { candidateId, applicationId } = await person();
    const interview = await booked(candidateId, applicationId);
    const callToConfirm = await interviewTask(candidateId, interview, "call-candidate");
    await logCall(candidateId, LogCallInput.parse({ attemptKey: newId(), outcome: "no-answer", followUp: false }), hr, callDeps());
    expect(await stateOf(callToConfirm)).toEqual({ state: "open", outcome: undefined });
    await logCall(candidateId, LogCallInput.parse({ attemptKey: newId(), outcome: "reached", note: "will come" }), hr, callDeps());
    expect(await getTask(callToConfirm.taskId, { tasks })).toMatchObject({ state: "done", resolution: { outcome: "reached", note: "Reached by phone: will come (call logged in the talent pool)" } });
  });

  it("closes a stalled decision when the candidate answers, and after a decline cancels the offer's questions and risk alerts", async () => {
    const { candidateId } = await person();
    const stalled = await offerTask(candidateId, "offer-a", "offer", "decision-stalled");
    const question = await offerTask(candidateId, "offer-a", "offer", "candidate-question");
    const risk = await offerTask(candidateId, "offer-a", "risk", "risk-alert");
    const otherOffer = await offerTask(candidateId, "offer-b", "offer", "decision-stalled");
    await store.addTimelineEvent(event(candidateId, "offer.declined", { offerId: "offer-a", response: "declined" }));
    expect(await stateOf(stalled)).toEqual({ state: "done", outcome: "declined" });
    expect(await stateOf(question)).toEqual({ state: "cancelled", outcome: "declined" });
    expect(await stateOf(risk)).toEqual({ state: "cancelled", outcome: "declined" });
    expect(await stateOf(otherOffer)).toEqual({ state: "open", outcome: undefined });
  });

  it("keeps an accepted offer's risk alert (the no-show case) and cancels the sourcing call attempts of someone hired", async () => {
    const { candidateId } = await person();
    const stalled = await offerTask(candidateId, "offer-c", "offer", "decision-stalled");
    const risk = await offerTask(candidateId, "offer-c", "risk", "risk-alert");
    const retry = await logCall(candidateId, LogCallInput.parse({ attemptKey: newId(), outcome: "no-answer", followUp: false }), hr, callDeps());
    expect(retry.nextAttemptAt).toBeDefined();
    const callTask = (await tasks.activeInSlot(candidateId, "call"))!;
    // The journey's own outcome event says the same as the candidate's page: both land once.
    await store.addTimelineEvent(event(candidateId, "offer.accepted", { offerId: "offer-c", response: "accepted" }));
    await store.addTimelineEvent(event(candidateId, "offer.outcome", { offerId: "offer-c", outcome: "accepted" }));
    expect(await stateOf(stalled)).toEqual({ state: "done", outcome: "accepted" });
    expect(await stateOf(risk)).toEqual({ state: "open", outcome: undefined });
    expect(await stateOf(callTask)).toEqual({ state: "cancelled", outcome: "hired" });
    expect(await talent.getTalent(candidateId)).toMatchObject({ status: "hired" });
  });

  it("closes a recall's call task when the candidate replies by SMS, and the expired-approval task once the offer is sent", async () => {
    const { candidateId } = await person();
    const recallCall = await open({ kind: "call", type: "recall", subject: { candidateId, requisitionId: "req-settle" }, context: { recallId: "recall-1" } });
    const expired = await offerTask(candidateId, "offer-d", "offer", "approval-expired");
    await store.addTimelineEvent(event(candidateId, "sms.replied", { channel: "sms", body: "有兴趣，周三可以聊" }));
    expect(await getTask(recallCall.taskId, { tasks })).toMatchObject({ state: "done", resolution: { outcome: "responded", note: "The candidate replied by SMS: 有兴趣，周三可以聊" } });
    await store.addTimelineEvent(event(candidateId, "offer.sent", { offerId: "offer-d" }));
    expect(await stateOf(expired)).toEqual({ state: "done", outcome: "sent" });
  });

  it("leaves a task opened after the fact, and one HR closed at the same moment keeps HR's resolution only", async () => {
    const { candidateId, applicationId } = await person();
    const interview = await booked(candidateId, applicationId);
    const past = new Date(Date.now() - 60_000).toISOString();
    const later = await interviewTask(candidateId, interview, "call-candidate");
    // A retried delivery of an old confirmation: the task opened after it stays.
    expect(await settleTasksByEvents([event(candidateId, "interview.confirmed", { interviewId: interview.interviewId }, past)], { tasks, clock })).toEqual([]);
    expect(await stateOf(later)).toEqual({ state: "open", outcome: undefined });

    const [byHr, settled] = await Promise.allSettled([
      closeTask(later.taskId, { outcome: "reached", note: "called, confirmed", by: "recruiter-9" }, { tasks, clock }),
      settleTasksByEvents([event(candidateId, "interview.confirmed", { interviewId: interview.interviewId })], { tasks, clock }),
    ]);
    const final = await getTask(later.taskId, { tasks });
    expect(final.state).toBe("done");
    // Exactly one resolution: either HR's close won, or the settlement did and HR got 409.
    if (byHr.status === "fulfilled") expect(settled).toEqual({ status: "fulfilled", value: [] });
    else expect(settled.status === "fulfilled" && settled.value.map((t) => t.taskId)).toEqual([later.taskId]);
    expect(final.resolution?.by).toBe(byHr.status === "fulfilled" ? "recruiter-9" : "hirepath (interview.confirmed)");
    // And one timeline line, the winner's.
    const lines = await linesOf(candidateId, later);
    expect(lines.map((e) => [e.type, e.data?.by])).toEqual([["task.done", final.resolution?.by]]);
  });

  it("leaves one timeline line for every close, saying who or what closed it and why: settled by a fact, cancelled by a decline, closed by a logged call", async () => {
    const { candidateId, applicationId } = await person();
    const interview = await booked(candidateId, applicationId);
    const callToConfirm = await interviewTask(candidateId, interview, "call-candidate");
    const question = await offerTask(candidateId, "offer-e", "offer", "candidate-question");

    const confirmed = await confirmInterview({ candidateId, interviewId: interview.interviewId, version: 1 }, { store, interviews, clock });
    expect(confirmed).toBeDefined();
    const confirmation = (await store.getCandidateView(candidateId))!.timeline.find((e) => e.type === "interview.confirmed")!;
    expect(await linesOf(candidateId, callToConfirm)).toEqual([
      expect.objectContaining({
        type: "task.done",
        summary: "interview/call-candidate — done by hirepath (interview.confirmed): The candidate confirmed the interview themselves",
        data: expect.objectContaining({ outcome: "confirmed", by: "hirepath (interview.confirmed)", note: "The candidate confirmed the interview themselves", settledBy: { eventId: confirmation.eventId, type: "interview.confirmed" } }),
      }),
    ]);

    const declined = event(candidateId, "offer.declined", { offerId: "offer-e", response: "declined" });
    await store.addTimelineEvent(declined);
    // A retried delivery of the same fact changes nothing: still one line.
    await store.addTimelineEvent(declined);
    expect((await linesOf(candidateId, question)).map((e) => [e.type, e.data?.note, e.data?.settledBy])).toEqual([["task.cancelled", "The candidate declined the offer", { eventId: declined.eventId, type: "offer.declined" }]]);

    // A journey closing its own task: the logged call closes the call attempt it was.
    await logCall(candidateId, LogCallInput.parse({ attemptKey: newId(), outcome: "no-answer", followUp: false }), hr, callDeps());
    const attempt = (await tasks.activeInSlot(candidateId, "call"))!;
    await logCall(candidateId, LogCallInput.parse({ attemptKey: newId(), outcome: "reached", note: "周三下午可以" }), hr, callDeps());
    expect((await linesOf(candidateId, attempt)).map((e) => [e.type, e.data?.by, e.data?.outcome, e.data?.note])).toEqual([["task.done", "recruiter-9", "reached", "周三下午可以"]]);
  });

  it("puts the best time the candidate stated, in their words, on the next call attempt", async () => {
    const { candidateId } = await person();
    await changePreferences(candidateId, PreferencesChange.parse({ bestTime: "工作日晚上8点后" }), hr, { store, preferences, clock });
    await logCall(candidateId, LogCallInput.parse({ attemptKey: newId(), outcome: "no-answer", followUp: false }), hr, callDeps());
    const next = (await tasks.activeInSlot(candidateId, "call"))!;
    expect(next.title).toContain("(they said: 工作日晚上8点后)");
    expect(next.context).toMatchObject({ bestTime: "工作日晚上8点后" });
  });
});
