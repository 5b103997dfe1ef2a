// The offer store against dynalite with the real key schema: the
// conditional writes that make links single-use, steps settle once and answers count once.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient } from "../../lambdas/adapters/dynamo-store.js";
import { DynamoOfferStore } from "../../lambdas/adapters/dynamo-offer-store.js";
import type { ApprovalStepRecord, Offer, OfferLink } from "../../lambdas/core/offer/offer-model.js";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { keys } from "../../lambdas/core/shared/keys.js";
import type { TimelineEvent } from "../../lambdas/core/shared/model.js";
import { ensureTable, startDynalite, type LocalDynamo } from "../../local/aws/dynamodb.js";

let dynamo: LocalDynamo;
let offers: DynamoOfferStore;
const TABLE = "offer-store-test";
const config = () => ({ endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });

beforeAll(async () => {
  dynamo = await startDynalite(undefined);
  await ensureTable(new DynamoDBClient(config()), TABLE);
  offers = new DynamoOfferStore(createDocumentClient(config()), TABLE);
});
afterAll(async () => dynamo.close());

const offer = (over: Partial<Offer> = {}): Offer => ({
  offerId: "o1", candidateId: "c1", applicationId: "a1", requisitionId: "r1", locale: "zh-CN", parts: { location: "上海" },
  includeExecutiveStep: false, competingOffer: false, status: "draft", createdAt: "t", updatedAt: "t", ...over,
});
const step = (over: Partial<ApprovalStepRecord> = {}): ApprovalStepRecord => ({
  offerId: "o1", candidateId: "c1", round: "r1", stepIndex: 0, name: "Finance", required: 2, timeouts: 0, decisions: [], openedAt: "t",
  approvers: [{ email: "a@x.test", name: "A", linkId: "la" }, { email: "b@x.test", name: "B", linkId: "lb" }], ...over,
});

describe("offers", () => {
  it("edits a draft freely but refuses to overwrite a submitted offer", async () => {
    expect(await offers.saveDraft(offer())).toBe(true);
    expect(await offers.saveDraft(offer({ parts: { location: "北京" } }))).toBe(true);
    expect(await offers.updateOffer("c1", "o1", { status: "pending-approval" }, ["draft"])).toBe(true);
    expect(await offers.saveDraft(offer({ parts: { location: "深圳" } }))).toBe(false);
    expect((await offers.getOffer("c1", "o1"))?.parts.location).toBe("北京");
    expect(await offers.updateOffer("c1", "o1", { status: "sent" }, ["draft"])).toBe(false);
  });

  it("records the candidate's answer with its timeline event once, and only while the offer is out", async () => {
    const answer = (response: "accepted" | "declined", at: string): TimelineEvent => ({ eventId: `answer-${at}`, candidateId: "c1", at, type: `offer.${response}`, summary: response, data: { offerId: "o2" } });
    await offers.saveDraft(offer({ offerId: "o2" }));
    expect(await offers.recordResponse("c1", "o2", "accepted", answer("accepted", "t1"))).toBe(false); // still a draft
    await offers.updateOffer("c1", "o2", { status: "sent" });
    expect(await offers.recordResponse("c1", "o2", "accepted", answer("accepted", "t1"))).toBe(true);
    expect(await offers.recordResponse("c1", "o2", "declined", answer("declined", "t2"))).toBe(false);
    expect(await offers.getOffer("c1", "o2")).toMatchObject({ response: "accepted", status: "accepted", respondedAt: "t1" });
    // The refused answers left no event: only the recorded one's is on the timeline.
    const timeline = await createDocumentClient(config()).send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: "pk = :pk AND begins_with(sk, :t)", ExpressionAttributeValues: { ":pk": keys.candidatePartition("c1"), ":t": "EVT#" } }));
    expect((timeline.Items ?? []).map((i) => i.type)).toEqual(["offer.accepted"]);
    expect((await offers.listOffers("c1")).map((o) => o.offerId).sort()).toEqual(["o1", "o2"]);
  });
});

describe("approval steps and links", () => {
  it("opens a step once: a retried open gets the first attempt's link ids", async () => {
    await offers.openApprovalStep(step());
    const again = await offers.openApprovalStep(step({ approvers: [{ email: "a@x.test", name: "A", linkId: "other" }] }));
    expect(again.approvers.map((a) => a.linkId)).toEqual(["la", "lb"]);
  });

  it("appends decisions and settles the step only once", async () => {
    const after = await offers.appendDecision("o1", "r1", 0, { approverEmail: "a@x.test", decision: "approve", at: "t", ip: "203.0.113.1", userAgent: "ua", as: "approver" });
    expect(after.decisions).toHaveLength(1);
    expect(await offers.resolveApprovalStep("o1", "r1", 0, { outcome: "approved", at: "t" })).toBe(true);
    expect(await offers.resolveApprovalStep("o1", "r1", 0, { outcome: "rejected", at: "t2" })).toBe(false);
    expect((await offers.getApprovalStep("o1", "r1", 0))?.resolution?.outcome).toBe("approved");
  });

  it("lets a link be used once", async () => {
    const link: OfferLink = { linkId: "la", purpose: "approval", offerId: "o1", candidateId: "c1", round: "r1", stepIndex: 0, boundTo: "a@x.test", as: "approver", expiresAt: "2999-01-01T00:00:00Z" };
    expect(await offers.putLink(link)).toBe(true);
    expect(await offers.putLink({ ...link, boundTo: "mallory@x.test" })).toBe(false);
    expect(await offers.useLink("la", "t1", "approve")).toBe(true);
    expect(await offers.useLink("la", "t2", "reject")).toBe(false);
    expect(await offers.getLink("la")).toMatchObject({ boundTo: "a@x.test", usedAt: "t1", decision: "approve" });
  });
});
