// The one inbox, end to end on the local stack: one candidate's offer question, the recruiter's
// interview task and the next call attempt are three kinds of one task, listed together by
// GET /hr/tasks, filtered and closed there, each once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJourneyHarness, type JourneyHarness } from "./journey-harness.js";
import { approvers, createOffer, linkIn, postLink, submitOffer, waitForState } from "./offer-harness.js";
import { advanceTo, fetchHr, putInterviewer, RECRUITER, schedule } from "./interview-harness.js";

type InboxTask = { taskId: string; kind: string; type: string; state: string; subject: { candidateId: string; offerId?: string; interviewId?: string }; assignee?: string; dueAt: string };

let h: JourneyHarness;
beforeAll(async () => {
  h = await startJourneyHarness();
  await putInterviewer(h);
});
afterAll(async () => h?.close());

async function approve(email: string, stateAfter?: { arn: string; state: string; occurrence?: number }) {
  const res = await postLink(linkIn(h, email, "approve")!, { action: "approve" });
  expect(res.status).toBe(200);
  if (stateAfter) await waitForState(h, stateAfter.arn, stateAfter.state, stateAfter.occurrence);
}

describe("the one inbox", () => {
  it("lists the offer, interview and call tasks of one candidate together, filters them, and closes each once", async () => {
    // An offer, approved and sent; the candidate asks a question: an offer task.
    const o = await createOffer(h, { name: "任盈盈" });
    const { body } = await submitOffer(h, o);
    const arn = body.executionArn as string;
    await waitForState(h, arn, "OpenApprovalStep");
    await approve(approvers.manager.email, { arn, state: "OpenApprovalStep", occurrence: 2 });
    await approve(approvers.finance1.email);
    await approve(approvers.finance2.email, { arn, state: "SendOfferToCandidate" });
    expect((await postLink(linkIn(h, o.email, "question")!, { action: "question", text: "可以远程办公吗？" })).status).toBe(200);

    // An interview nobody confirms: the journey tasks the recruiter.
    const interview = await schedule(h, { candidateId: o.candidateId, applicationId: o.applicationId, email: o.email, phone: o.phone, timeZone: "Asia/Shanghai" });
    await advanceTo(h, interview.executionArn, "WaitForCallTaskDeadline");

    // A missed call: the next attempt is a call task.
    const call = await fetchHr(h, `/hr/talent/candidates/${o.candidateId}/calls`, "POST", { attemptKey: "inbox-1", outcome: "no-answer", followUp: false });
    expect(call.status).toBe(201);

    // The inbox: every kind, soonest due first, paged.
    const everything: InboxTask[] = [];
    let cursor: string | undefined;
    do {
      const page = await fetchHr(h, `/hr/tasks?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, "GET");
      expect(page.status).toBe(200);
      everything.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    const mine = everything.filter((t) => t.subject.candidateId === o.candidateId);
    expect(new Set(mine.map((t) => t.kind))).toEqual(new Set(["offer", "interview", "call"]));
    expect(mine.find((t) => t.kind === "offer")).toMatchObject({ type: "candidate-question", state: "open", subject: { offerId: o.offerId } });
    expect(mine.find((t) => t.kind === "interview")).toMatchObject({ type: "call-candidate", assignee: RECRUITER, subject: { interviewId: interview.interviewId } });
    expect(mine.find((t) => t.kind === "call")).toMatchObject({ type: "retry", dueAt: call.body.nextAttemptAt });
    const dues = everything.map((t) => t.dueAt);
    expect(dues).toEqual([...dues].sort());

    // Filters: by candidate and kind, by assignee.
    const calls = await fetchHr(h, `/hr/tasks?candidateId=${o.candidateId}&kind=call`, "GET");
    expect(calls.body.items.map((t: InboxTask) => t.kind)).toEqual(["call"]);
    const recruiters = await fetchHr(h, `/hr/tasks?assignee=${encodeURIComponent(RECRUITER)}&kind=interview`, "GET");
    expect(recruiters.body.items.map((t: InboxTask) => t.taskId)).toContain(mine.find((t) => t.kind === "interview")!.taskId);

    // Closing: two at once, one wins; the other is told it is closed, with the task as it is.
    const question = mine.find((t) => t.kind === "offer")!;
    const [a, b] = await Promise.all([
      fetchHr(h, `/hr/tasks/${question.taskId}/done`, "POST", { resolution: "可以，每周两天" }),
      fetchHr(h, `/hr/tasks/${question.taskId}/done`, "POST", { resolution: "不可以" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const lost = a.status === 409 ? a : b;
    expect(lost.body).toMatchObject({ code: "already-closed", task: { taskId: question.taskId, state: "done" } });
    expect((await fetchHr(h, `/hr/tasks/${question.taskId}`, "GET")).body.resolution.note).toBe((a.status === 200 ? a : b).body.resolution.note);

    // Logging the call that was asked for closes the call task, and, since it reached the candidate,
    // the interview journey's "call to confirm" task too: one call, not two tasks telling HR to make it.
    await fetchHr(h, `/hr/talent/candidates/${o.candidateId}/calls`, "POST", { attemptKey: "inbox-2", outcome: "reached", followUp: false });
    const left = (await fetchHr(h, `/hr/tasks?candidateId=${o.candidateId}`, "GET")).body.items as InboxTask[];
    expect(left).toEqual([]);
    const done = (await fetchHr(h, `/hr/tasks?candidateId=${o.candidateId}&state=done`, "GET")).body.items as Array<InboxTask & { resolution: { outcome: string } }>;
    expect(done.map((t) => t.kind).sort()).toEqual(["call", "interview", "offer"]);
    expect(done.find((t) => t.kind === "interview")?.resolution).toMatchObject({ outcome: "reached", by: "hirepath (talent.call)" });
    h.stack.engine.stopExecution(arn);
    h.stack.engine.stopExecution(interview.executionArn);
  });
});
