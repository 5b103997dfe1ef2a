import { SFNClient, SendTaskSuccessCommand } from "@aws-sdk/client-sfn";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { keys } from "../../lambdas/core/shared/keys.js";
import { lambdaContext, stubHandlerEnv } from "./handler-env.js";

/** Updates other than the router's per-caller request count (RATE#…), which every request makes. */
const domainUpdates = () => ddb.commandCalls(UpdateCommand).filter((c) => !String(c.args[0].input.Key?.pk).startsWith("RATE#"));

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);

const LINK = "AbCdEfGhIjKlMnOpQrStUv";
const TOKEN = "AQC" + "t".repeat(512);
const future = new Date(Date.now() + 86_400_000).toISOString();
const link = { ...keys.offerLink(LINK), kind: "offer-link", linkId: LINK, purpose: "approval", offerId: "o1", candidateId: "c1", round: "r1", stepIndex: 0, boundTo: "boss@example.com", as: "approver", expiresAt: future };
const offer = {
  ...keys.offer("c1", "o1"), kind: "offer", offerId: "o1", candidateId: "c1", applicationId: "a1", requisitionId: "req", locale: "en", status: "pending-approval", includeExecutiveStep: false, competingOffer: false, createdAt: "t", updatedAt: "t",
  parts: { basePay: { amount: 400000, currency: "CNY", period: "year" }, location: "Shanghai" },
};
const candidate = { ...keys.candidateProfile("c1"), kind: "candidate", candidateId: "c1", name: "Alex", locale: "en", timeZone: "UTC", preferredChannel: "email", source: "generic", createdAt: "t", updatedAt: "t" };
const step = { ...keys.approvalStep("o1", "r1", 0), kind: "approval-step", offerId: "o1", candidateId: "c1", round: "r1", stepIndex: 0, name: "Manager", required: 1, approvers: [{ email: "boss@example.com", name: "Boss", linkId: LINK }], taskToken: TOKEN, timeouts: 0, decisions: [], openedAt: "t" };

const event = (method: "GET" | "POST", body?: string) => ({
  version: "2.0",
  routeKey: `${method} /o/{linkId}`,
  rawPath: `/o/${LINK}`,
  headers: {},
  pathParameters: { linkId: LINK },
  ...(method === "GET" ? { queryStringParameters: { action: "approve" } } : {}),
  ...(body ? { body, isBase64Encoded: false } : { isBase64Encoded: false }),
  requestContext: { http: { method, path: `/o/${LINK}`, sourceIp: "203.0.113.9", userAgent: "Mail/1.0" }, routeKey: `${method} /o/{linkId}`, stage: "$default", requestId: "r" },
});

let handler: (e: unknown, c: unknown) => Promise<{ statusCode: number; body: string }>;
beforeAll(async () => {
  stubHandlerEnv();
  ({ handler } = (await import("../../lambdas/handlers/offer-links.js")) as never);
});

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: keys.offerLink(LINK) }).resolves({ Item: link });
  ddb.on(GetCommand, { Key: keys.offer("c1", "o1") }).resolves({ Item: offer });
  ddb.on(GetCommand, { Key: keys.candidateProfile("c1") }).resolves({ Item: candidate });
  ddb.on(GetCommand, { Key: keys.approvalStep("o1", "r1", 0) }).resolves({ Item: step });
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  // The decision's transaction: afterwards the step reads back with the decision on it.
  ddb.on(TransactWriteCommand).callsFake(() => {
    ddb.on(GetCommand, { Key: keys.approvalStep("o1", "r1", 0) }).resolves({ Item: { ...step, decisions: [{ approverEmail: "boss@example.com", decision: "approve", at: "t", ip: "203.0.113.9", userAgent: "Mail/1.0", as: "approver" }] } });
    return {};
  });
  sfn.on(SendTaskSuccessCommand).resolves({});
});

describe("offer-links handler", () => {
  it("shows the confirm form on GET and writes nothing (a mail scanner's prefetch decides nothing)", async () => {
    const res = await handler(event("GET"), lambdaContext);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<form method="post">');
    expect(domainUpdates()).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it("on POST uses the link once, records who and from where, and completes the step's task token", async () => {
    const res = await handler(event("POST", "action=approve"), lambdaContext);
    expect(res.statusCode).toBe(200);
    // One transaction: the link's single use, the decision on the step, the timeline event.
    const [transaction] = ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);
    expect(transaction).toHaveLength(3);
    const useLink = transaction![0]!.Update!;
    expect(useLink.Key).toEqual(keys.offerLink(LINK));
    expect(useLink.ConditionExpression).toContain("attribute_not_exists(usedAt)");
    const decision = transaction![1]!.Update!;
    expect(decision.UpdateExpression).toContain("list_append");
    expect(decision.ExpressionAttributeValues?.[":app0"]).toEqual([expect.objectContaining({ approverEmail: "boss@example.com", ip: "203.0.113.9", userAgent: "Mail/1.0", decision: "approve" })]);
    expect(transaction![2]!.Put!.Item).toMatchObject({ kind: "timeline", type: "offer.approval.decided" });
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input).toEqual({ taskToken: TOKEN, output: JSON.stringify({ outcome: "approved", reason: null }) });
  });

  it("answers 409 already decided when the single-use write loses, and completes nothing", async () => {
    ddb.on(TransactWriteCommand).rejects(new TransactionCanceledException({ message: "used", $metadata: {}, CancellationReasons: [{ Code: "ConditionalCheckFailed" }, { Code: "None" }, { Code: "None" }] }));
    const res = await handler(event("POST", "action=approve"), lambdaContext);
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain("already decided");
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it("asks again for a reason when a reject comes without one", async () => {
    const res = await handler(event("POST", "action=reject"), lambdaContext);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("Please give a reason");
    expect(domainUpdates()).toHaveLength(0);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it("answers 404 for an unknown or malformed link id, and 410 for an expired one", async () => {
    ddb.on(GetCommand, { Key: keys.offerLink(LINK) }).resolves({});
    expect((await handler(event("GET"), lambdaContext)).statusCode).toBe(404);
    ddb.on(GetCommand, { Key: keys.offerLink(LINK) }).resolves({ Item: { ...link, expiresAt: new Date(Date.now() - 1000).toISOString() } });
    expect((await handler(event("GET"), lambdaContext)).statusCode).toBe(410);
  });
});
