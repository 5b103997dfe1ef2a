// Every path of statemachines/application-journey.asl.json, on the local engine with the real
// handlers, dynalite and the SES/SMS emulators. Waits are advanced with the engine's test clock.
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keys } from "../../lambdas/core/shared/keys.js";
import { readFileSync } from "node:fs";
import { functionName, type FunctionId } from "../../lib/function-catalogue.js";
import { definitionSubstitutions, readDefinition, substitute } from "../../lib/state-machines.js";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "../../local/event-bus.js";
import { LOCAL_TABLE } from "../../local/stack.js";
import { application, startJourneyHarness, type JourneyHarness } from "./journey-harness.js";

let h: JourneyHarness;
beforeAll(async () => {
  h = await startJourneyHarness();
});
afterAll(async () => h?.close());

const outboxFor = (to: string) => h.stack.outbox.list({ to });
const applicationOf = async (candidateId: string) => (await h.hr(`/hr/candidates/${candidateId}`)).applications[0];

describe("application journey", () => {
  it("nudges by SMS when the invite email is not opened within the window (→ nudged)", async () => {
    const body = application();
    const { body: accepted } = await h.post(body);
    await h.reached(accepted.executionArn, "WaitForInviteEngagement");
    expect(outboxFor(body.candidate.email!)).toHaveLength(1);
    expect(outboxFor(body.candidate.phone!.replace(/^/, "+86"))).toHaveLength(0);

    expect(h.stack.engine.wakeWaits(accepted.executionArn)).toBe(1);
    const done = await h.finished(accepted.executionArn);
    expect(done.status).toBe("SUCCEEDED");
    expect(h.statesVisited(accepted.executionArn)).toEqual([
      "ScreenApplication", "RouteScreenDecision", "SendInviteEmailUnlessHeld", "RouteInviteHold", "AddToTalentPool", "WaitForInviteEngagement", "CheckInviteEngagement", "RouteEngagement", "SendNudgeSmsUnlessHeld", "RouteNudgeHold", "RecordNudged",
    ]);
    const [sms] = outboxFor(`+86${body.candidate.phone}`);
    expect(sms?.channel).toBe("sms");
    expect(sms?.text).toContain(body.candidate.name);
    expect((await applicationOf(accepted.candidateId)).status).toBe("nudged");
  });

  it("ends engaged, with no SMS, when the candidate opens the invite (→ engaged)", async () => {
    const body = application({ locale: "en", name: "Dana Li" });
    const { body: accepted } = await h.post(body);
    await h.reached(accepted.executionArn, "WaitForInviteEngagement");
    const [invite] = outboxFor(body.candidate.email!);
    // Viewing the email in the outbox is the open pixel: SES publishes an Open event.
    const page = await fetch(`${h.stack.appUrl}/outbox/messages/${encodeURIComponent(invite!.id)}`);
    expect(page.status).toBe(200);
    await expect.poll(async () => (await h.hr(`/hr/candidates/${accepted.candidateId}`)).timeline.map((e: { type: string }) => e.type)).toContain("message.opened");

    h.stack.engine.wakeWaits(accepted.executionArn);
    expect((await h.finished(accepted.executionArn)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(accepted.executionArn)).toContain("RecordEngaged");
    expect(h.statesVisited(accepted.executionArn)).not.toContain("SendNudgeSms");
    expect(outboxFor(`+86${body.candidate.phone}`)).toHaveLength(0);
    expect((await applicationOf(accepted.candidateId)).status).toBe("engaged");
  });

  it("rejects a résumé missing a required keyword, with the reason, and sends nothing (→ rejected)", async () => {
    const body = application({ resumeText: "Java backend engineer, 8 years" });
    const { body: accepted } = await h.post(body);
    expect((await h.finished(accepted.executionArn)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(accepted.executionArn)).toEqual(["ScreenApplication", "RouteScreenDecision", "RecordRejected"]);
    const app = await applicationOf(accepted.candidateId);
    expect(app.status).toBe("rejected");
    expect(app.screen.reasons[0]).toContain("销售|sales");
    expect(outboxFor(body.candidate.email!)).toHaveLength(0);
  });

  it("holds an application for an unconfigured requisition for HR instead of rejecting it (→ held-for-review)", async () => {
    const { body: accepted } = await h.post(application({ requisitionId: "req-not-configured" }));
    expect((await h.finished(accepted.executionArn)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(accepted.executionArn)).toContain("RecordHeldForReview");
    expect((await applicationOf(accepted.candidateId)).status).toBe("held-for-review");
  });

  it("records unreachable when the candidate has unsubscribed from every channel we have (→ unreachable)", async () => {
    const email = `unsub-${process.pid}@example.com`;
    const first = await h.post(application({ email, phone: null }));
    await h.reached(first.body.executionArn, "WaitForInviteEngagement");
    await unsubscribeFromInvite(email);

    const second = await h.post(application({ email, phone: null }));
    expect(second.body.candidateId).toBe(first.body.candidateId);
    expect((await h.finished(second.body.executionArn)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(second.body.executionArn)).toEqual(["ScreenApplication", "RouteScreenDecision", "SendInviteEmailUnlessHeld", "RecordUnreachable"]);
    expect(outboxFor(email)).toHaveLength(1);
    h.stack.engine.wakeWaits(first.body.executionArn);
    await h.finished(first.body.executionArn);
  });

  it("records no-response when the nudge has no channel left (→ no-response)", async () => {
    const email = `quiet-${process.pid}@example.com`;
    const { body: accepted } = await h.post(application({ email, phone: null }));
    await h.reached(accepted.executionArn, "WaitForInviteEngagement");
    await unsubscribeFromInvite(email);
    h.stack.engine.wakeWaits(accepted.executionArn);
    expect((await h.finished(accepted.executionArn)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(accepted.executionArn)).toEqual([
      "ScreenApplication", "RouteScreenDecision", "SendInviteEmailUnlessHeld", "RouteInviteHold", "AddToTalentPool", "WaitForInviteEngagement", "CheckInviteEngagement", "RouteEngagement", "SendNudgeSmsUnlessHeld", "RecordNoResponse",
    ]);
    expect((await applicationOf(accepted.candidateId)).status).toBe("no-response");
  });

  it("records the error and fails the execution when a step fails for good (→ failed)", async () => {
    // A requisition item that no longer matches the schema: screening throws, the Catch records it.
    const raw = new DynamoDBClient({ endpoint: h.stack.dynamoEndpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    const key = keys.requisition("req-corrupt");
    await raw.send(new PutItemCommand({ TableName: LOCAL_TABLE, Item: { pk: { S: key.pk }, sk: { S: key.sk }, kind: { S: "requisition" }, requisitionId: { S: "req-corrupt" }, title: { S: "x" }, screening: { S: "not-an-object" }, updatedAt: { S: "t" } } }));
    const { body: accepted } = await h.post(application({ requisitionId: "req-corrupt" }));
    const done = await h.finished(accepted.executionArn);
    expect(done).toMatchObject({ status: "FAILED", error: "JourneyFailed" });
    expect(h.statesVisited(accepted.executionArn)).toEqual(["ScreenApplication", "RecordJourneyFailure", "FailJourney"]);
    const view = await h.hr(`/hr/candidates/${accepted.candidateId}`);
    expect(view.applications[0].status).toBe("failed");
    const outcome = view.timeline.find((e: { type: string }) => e.type === "journey.outcome");
    expect(outcome.data.error.Error).toBeTruthy();
  });

  it("starts nothing for a second delivery of the same webhook", async () => {
    const body = application();
    const first = await h.post(body, `dup-${process.pid}`);
    const second = await h.post(body, `dup-${process.pid}`);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ executionArn: first.body.executionArn, candidateId: first.body.candidateId });
    await h.reached(first.body.executionArn, "WaitForInviteEngagement");
    expect(h.stack.engine.listExecutions({}).filter((e) => e.name === first.body.executionArn.split(":").pop())).toHaveLength(1);
    expect(outboxFor(body.candidate.email!)).toHaveLength(1);
    h.stack.engine.wakeWaits(first.body.executionArn);
    await h.finished(first.body.executionArn);
  });
});

describe("an application journey started before the send-unless-held step", () => {
  it("still plans with ScreenApplication and sends with the plain step after the update, as executions already running do", async () => {
    // The definition as it was: PlanInviteSendTime (ScreenApplication "plan-send"), a wait, SendInviteEmail.
    const name = h.stack.stateMachineArn("ApplicationJourney").split(":").pop()!;
    const arnOf = (fn: FunctionId) => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionName(fn)}`;
    const before = readFileSync(new URL("../fixtures/statemachines/application-journey.before-send-unless-held.asl.json", import.meta.url), "utf8");
    h.stack.engine.registerStateMachine(name, JSON.parse(substitute(before, definitionSubstitutions(arnOf))));
    const body = application();
    let accepted: { executionArn: string; candidateId: string };
    try {
      ({ body: accepted } = await h.post(body));
      await h.reached(accepted.executionArn, "WaitForInviteEngagement");
    } finally {
      // The update: the current definition, while the execution waits for the invite to be opened.
      h.stack.engine.registerStateMachine(name, JSON.parse(substitute(readDefinition("ApplicationJourney"), definitionSubstitutions(arnOf))));
    }
    expect(outboxFor(body.candidate.email!)).toHaveLength(1);
    h.stack.engine.wakeWaits(accepted.executionArn);
    expect((await h.finished(accepted.executionArn)).status).toBe("SUCCEEDED");
    expect(h.statesVisited(accepted.executionArn)).toEqual([
      "ScreenApplication", "RouteScreenDecision", "PlanInviteSendTime", "WaitForInviteSendTime", "SendInviteEmail", "AddToTalentPool", "WaitForInviteEngagement", "CheckInviteEngagement", "RouteEngagement", "PlanNudgeSendTime", "WaitForNudgeSendTime", "SendNudgeSms", "RecordNudged",
    ]);
    expect(outboxFor(`+86${body.candidate.phone}`)).toHaveLength(1);
    // A journey started now takes the new step.
    const { body: fresh } = await h.post(application());
    await h.reached(fresh.executionArn, "WaitForInviteEngagement");
    expect(h.statesVisited(fresh.executionArn)).toContain("SendInviteEmailUnlessHeld");
    h.stack.engine.wakeWaits(fresh.executionArn);
    await h.finished(fresh.executionArn);
  });
});

/** Follows the invite's unsubscribe link the way a mail client's one-click does: a POST to the link. */
async function unsubscribeFromInvite(email: string): Promise<void> {
  const [invite] = outboxFor(email);
  const link = /href="([^"]+\/l\/[^"]+)"[^>]*>[^<]*(退订|Unsubscribe|不再接收)/.exec(invite!.html ?? "")?.[1];
  expect(link).toBeTruthy();
  const res = await fetch(link!.replace(/&amp;/g, "&"), { method: "POST" });
  expect(res.status).toBe(200);
}
