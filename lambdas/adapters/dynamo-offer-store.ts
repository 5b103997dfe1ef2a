// The DynamoDB implementation of OfferStore, on the same table and key module as the rest. Single
// use, "decide once" and "answer once" are conditional writes, never read-then-write.
import { QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { keys, TableIndex, type ItemKey } from "../core/shared/keys.js";
import { ApprovalStepRecord, Offer, OfferLink, OfferPolicy, PolicyChange, ReEngagement, type ApprovalDecision } from "../core/offer/offer-model.js";
import type { OfferStore } from "../core/shared/ports.js";
import { clientConfig, once, type RuntimeEnv } from "./client-config.js";
import { call, createDocumentClient, DynamoTable, strip, type Item } from "./dynamo-table.js";
import { timelineItem } from "./items.js";
import type { TimelineEvent } from "../core/shared/model.js";

export class DynamoOfferStore extends DynamoTable implements OfferStore {
  // This store's argument order for the shared writes.
  private put(item: Item, condition?: string, values?: Record<string, unknown>, names?: Record<string, string>): Promise<boolean> {
    return this.putWhere(item, { ...(condition ? { condition } : {}), ...(values ? { values } : {}), ...(names ? { names } : {}) });
  }

  private set(key: ItemKey, patch: Item, condition = "attribute_exists(pk)", extra: { names?: Record<string, string>; values?: Record<string, unknown> } = {}): Promise<boolean> {
    return this.update(key, patch, { condition, ...extra });
  }

  // --- offers ---------------------------------------------------------------------------------

  async saveDraft(offer: Offer): Promise<boolean> {
    return this.put({ ...keys.offer(offer.candidateId, offer.offerId), kind: "offer", ...offer }, "attribute_not_exists(pk) OR #status = :draft", { ":draft": "draft" }, { "#status": "status" });
  }

  async getOffer(candidateId: string, offerId: string): Promise<Offer | undefined> {
    return strip(await this.get(keys.offer(candidateId, offerId)), Offer);
  }

  async listOffers(candidateId: string): Promise<Offer[]> {
    const out = await call(() =>
      this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": keys.candidatePartition(candidateId), ":prefix": keys.offerPrefix },
          ConsistentRead: true,
        }),
      ),
    );
    return (out.Items ?? []).map((i) => strip(i, Offer)!);
  }

  async updateOffer(candidateId: string, offerId: string, patch: Partial<Offer>, onlyIfStatus?: readonly Offer["status"][]): Promise<boolean> {
    const { candidateId: _c, offerId: _o, ...rest } = patch;
    if (!onlyIfStatus) return this.set(keys.offer(candidateId, offerId), rest);
    const values = Object.fromEntries(onlyIfStatus.map((s, i) => [`:s${i}`, s]));
    return this.set(keys.offer(candidateId, offerId), rest, `attribute_exists(pk) AND #status IN (${Object.keys(values).join(", ")})`, { names: { "#status": "status" }, values });
  }

  async recordResponse(candidateId: string, offerId: string, response: NonNullable<Offer["response"]>, event: TimelineEvent): Promise<boolean> {
    // The answer and its timeline event: all or none, so a crash can't leave an answered offer whose
    // offer.accepted / offer.declined (which the derived status and the hiring report read) is missing.
    const outcome = await this.transact([
      {
        update: keys.offer(candidateId, offerId),
        patch: { response, respondedAt: event.at, status: response, updatedAt: event.at },
        terms: { condition: "attribute_exists(pk) AND attribute_not_exists(#response) AND #status = :sent", names: { "#response": "response", "#status": "status" }, values: { ":sent": "sent" } },
      },
      { put: timelineItem(event) },
    ]);
    return outcome.ok;
  }

  async getOfferPolicy(requisitionId: string): Promise<OfferPolicy | undefined> {
    return strip(await this.get(keys.offerPolicy(requisitionId)), OfferPolicy);
  }

  async putOfferPolicy(requisitionId: string, policy: OfferPolicy): Promise<void> {
    await this.put({ ...keys.offerPolicy(requisitionId), kind: "offer-policy", ...policy });
  }

  // --- approval steps -------------------------------------------------------------------------

  async openApprovalStep(step: ApprovalStepRecord): Promise<ApprovalStepRecord> {
    const key = keys.approvalStep(step.offerId, step.round, step.stepIndex);
    if (await this.put({ ...key, kind: "approval-step", ...step }, "attribute_not_exists(pk)")) return step;
    return strip(await this.get(key), ApprovalStepRecord)!;
  }

  async getApprovalStep(offerId: string, round: string, stepIndex: number): Promise<ApprovalStepRecord | undefined> {
    return strip(await this.get(keys.approvalStep(offerId, round, stepIndex)), ApprovalStepRecord);
  }

  async listApprovalSteps(offerId: string): Promise<ApprovalStepRecord[]> {
    const out = await call(() =>
      this.doc.send(new QueryCommand({ TableName: this.tableName, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": keys.approvalStepPartition(offerId) }, ConsistentRead: true })),
    );
    return (out.Items ?? []).map((i) => strip(i, ApprovalStepRecord)!);
  }

  async updateApprovalStep(offerId: string, round: string, stepIndex: number, patch: Partial<ApprovalStepRecord>): Promise<void> {
    const { offerId: _o, round: _r, stepIndex: _s, ...rest } = patch;
    await this.set(keys.approvalStep(offerId, round, stepIndex), rest);
  }

  async appendDecision(offerId: string, round: string, stepIndex: number, decision: ApprovalDecision): Promise<ApprovalStepRecord> {
    const out = await call(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.approvalStep(offerId, round, stepIndex),
          UpdateExpression: "SET #d = list_append(if_not_exists(#d, :empty), :one)",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: { "#d": "decisions" },
          ExpressionAttributeValues: { ":empty": [], ":one": [decision] },
          ReturnValues: "ALL_NEW",
        }),
      ),
    );
    return strip(out.Attributes, ApprovalStepRecord)!;
  }

  async resolveApprovalStep(offerId: string, round: string, stepIndex: number, resolution: NonNullable<ApprovalStepRecord["resolution"]>): Promise<boolean> {
    return this.set(keys.approvalStep(offerId, round, stepIndex), { resolution }, "attribute_exists(pk) AND attribute_not_exists(#res)", { names: { "#res": "resolution" } });
  }

  // --- links ----------------------------------------------------------------------------------

  async putLink(link: OfferLink): Promise<boolean> {
    return this.put({ ...keys.offerLink(link.linkId), kind: "offer-link", ...link }, "attribute_not_exists(pk)");
  }

  async getLink(linkId: string): Promise<OfferLink | undefined> {
    return strip(await this.get(keys.offerLink(linkId)), OfferLink);
  }

  async useLink(linkId: string, at: string, decision: string): Promise<boolean> {
    return this.set(keys.offerLink(linkId), { usedAt: at, decision }, "attribute_exists(pk) AND attribute_not_exists(usedAt)");
  }

  async recordApprovalDecision(linkId: string, step: { offerId: string; round: string; stepIndex: number }, decision: ApprovalDecision, event: TimelineEvent): Promise<ApprovalStepRecord | undefined> {
    // The link's single use, the decision on the step and its timeline event: all or none, so a
    // crash can't leave a used link whose decision was never written.
    const outcome = await this.transact([
      { update: keys.offerLink(linkId), patch: { usedAt: decision.at, decision: decision.decision }, terms: { condition: "attribute_exists(pk) AND attribute_not_exists(usedAt)" } },
      { update: keys.approvalStep(step.offerId, step.round, step.stepIndex), patch: {}, terms: { append: { decisions: [decision] } } },
      { put: timelineItem(event) },
    ]);
    if (!outcome.ok) return undefined;
    return this.getApprovalStep(step.offerId, step.round, step.stepIndex);
  }

  // --- re-engagement, policy changes --------------------------------------------------

  async getReEngagement(candidateId: string): Promise<ReEngagement | undefined> {
    return strip(await this.get(keys.reEngagement(candidateId)), ReEngagement);
  }

  async putReEngagement(plan: ReEngagement): Promise<void> {
    await this.put({ ...keys.reEngagement(plan.candidateId), kind: "re-engagement", ...plan });
  }

  async addPolicyChange(change: PolicyChange): Promise<void> {
    await this.put({ ...keys.policyChange(change.at, change.changeId), kind: "policy-change", ...change }, "attribute_not_exists(pk)");
  }

  async listPolicyChanges(since: string): Promise<PolicyChange[]> {
    const out = await call(() =>
      this.doc.send(new QueryCommand({ TableName: this.tableName, KeyConditionExpression: "pk = :pk AND sk >= :since", ExpressionAttributeValues: { ":pk": keys.policyChangePartition, ":since": since } })),
    );
    return (out.Items ?? []).map((i) => strip(i, PolicyChange)!);
  }
}

export function offerStoreFrom(env: RuntimeEnv & { TABLE_NAME: string }): OfferStore {
  return once(`offer-store:${env.TABLE_NAME}`, () => new DynamoOfferStore(createDocumentClient(clientConfig(env, "dynamodb")), env.TABLE_NAME));
}
