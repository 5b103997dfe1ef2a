// DynamoDB implementation of InterviewStore on the shared single table (keys from core/keys.ts).
import { DeleteCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { slotCells } from "../core/interview/interview-slots.js";
import { counterNames, countsFromItem, type AttendanceCounts, type AttendanceTally } from "../core/interview/attendance.js";
import { timelineItem } from "./items.js";
import { keys, PRIORITY_FLAG_QUEUE, TableIndex } from "../core/shared/keys.js";
import type { BookingOutcome, InterviewStore } from "../core/interview/interview-ports.js";
import { Interview, Interviewer, PriorityFlag, type TimeRange, type TimelineEvent } from "../core/shared/model.js";
import { ChatRobot } from "../core/outreach/chat-robots.js";
import { createDocumentClient, timelineFollowerFrom } from "./dynamo-store.js";
import { call, DynamoTable, strip, type WriteAction } from "./dynamo-table.js";
import { clientConfig, once, type RuntimeEnv } from "./client-config.js";

export class DynamoInterviewStore extends DynamoTable implements InterviewStore {
  async putInterviewer(interviewer: Interviewer): Promise<void> {
    await call(() => this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.interviewer(interviewer.interviewerId), kind: "interviewer", ...interviewer } })));
  }

  async getInterviewer(interviewerId: string): Promise<Interviewer | undefined> {
    return strip(await this.get(keys.interviewer(interviewerId)), Interviewer);
  }

  async listInterviewers(): Promise<Interviewer[]> {
    const items = await this.queryAll({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": keys.interviewerListPartition } });
    return items.map((i) => strip(i, Interviewer)!);
  }

  async busyTimes(interviewerId: string, from: string, to: string): Promise<TimeRange[]> {
    // Sort keys start with the start instant; an interview starting up to a day before `from` may still overlap.
    const earliest = new Date(Date.parse(from) - 86_400_000).toISOString();
    const items = await this.queryAll({
      KeyConditionExpression: "pk = :pk AND sk BETWEEN :a AND :b",
      ExpressionAttributeValues: { ":pk": keys.calendarPartition(interviewerId), ":a": earliest, ":b": `${to}~` },
    });
    return items.map((i) => ({ startsAt: String(i.startsAt), endsAt: String(i.endsAt) })).filter((r) => r.endsAt > from && r.startsAt < to);
  }

  async bookInterview(interview: Interview, record: readonly TimelineEvent[], linkUse?: { nonce: string; at: string; purpose: string }): Promise<BookingOutcome> {
    const cells = slotCells(interview);
    const outcome = await this.transact([
      { put: { ...keys.interview(interview.candidateId, interview.interviewId), kind: "interview", ...interview }, terms: { condition: "attribute_not_exists(pk)" } },
      ...(linkUse ? [{ put: { ...keys.linkUse(linkUse.nonce), kind: "link-use", at: linkUse.at, purpose: linkUse.purpose }, terms: { condition: "attribute_not_exists(pk)" } }] : []),
      calendarPut(interview),
      ...cells.map((cell) => cellClaim(interview, cell)),
      ...record.map((e) => ({ put: timelineItem(e) })),
    ]);
    if (outcome.ok) return this.followed(record);
    if (outcome.failed.includes(0)) return { ok: false, reason: "exists" };
    if (linkUse && outcome.failed.includes(1)) return { ok: false, reason: "link-used" };
    return { ok: false, reason: "slot-taken" };
  }

  async moveInterview(current: Interview, patch: Partial<Interview> & TimeRange, record: readonly TimelineEvent[]): Promise<BookingOutcome> {
    const before = new Set(slotCells(current));
    const after = new Set(slotCells(patch));
    const moved = { ...current, ...patch };
    const outcome = await this.transact([
      versioned(current, patch),
      { delete: keys.calendarEntry(current.interviewerId, current.startsAt, current.interviewId) },
      calendarPut(moved),
      ...[...before].filter((c) => !after.has(c)).map((cell) => cellRelease(current, cell)),
      ...[...after].filter((c) => !before.has(c)).map((cell) => cellClaim(moved, cell)),
      ...record.map((e) => ({ put: timelineItem(e) })),
    ]);
    if (outcome.ok) return this.followed(record);
    return { ok: false, reason: outcome.failed.includes(0) ? "changed" : "slot-taken" };
  }

  async releaseInterview(current: Interview, patch: Partial<Interview>, record: readonly TimelineEvent[]): Promise<BookingOutcome> {
    const outcome = await this.transact([
      versioned(current, patch),
      { delete: keys.calendarEntry(current.interviewerId, current.startsAt, current.interviewId) },
      ...slotCells(current).map((cell) => cellRelease(current, cell)),
      ...record.map((e) => ({ put: timelineItem(e) })),
    ]);
    return outcome.ok ? this.followed(record) : { ok: false, reason: "changed" };
  }

  async getInterview(candidateId: string, interviewId: string): Promise<Interview | undefined> {
    return strip(await this.get(keys.interview(candidateId, interviewId)), Interview);
  }

  async listInterviews(candidateId: string): Promise<Interview[]> {
    const items = await this.queryAll({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
      ExpressionAttributeValues: { ":pk": keys.candidatePartition(candidateId), ":p": keys.interviewPrefix },
    });
    return items.map((i) => strip(i, Interview)!);
  }

  async updateInterview(candidateId: string, interviewId: string, expectedVersion: number, patch: Partial<Interview>, record: readonly TimelineEvent[] = [], unlessSet?: keyof Interview): Promise<boolean> {
    const update = versioned({ candidateId, interviewId, version: expectedVersion }, patch) as Extract<WriteAction, { update: unknown }>;
    const terms = unlessSet ? { ...update.terms!, condition: `${update.terms!.condition} AND attribute_not_exists(#unless)`, names: { ...update.terms!.names, "#unless": unlessSet } } : update.terms!;
    const outcome = await this.transact([{ ...update, terms }, ...record.map((e) => ({ put: timelineItem(e) }))]);
    if (outcome.ok) await this.followed(record);
    return outcome.ok;
  }

  async settleInterview(current: Interview, patch: Pick<Interview, "outcome" | "outcomeAt" | "updatedAt">, tally: AttendanceTally, record: readonly TimelineEvent[] = []): Promise<boolean> {
    const update = versioned(current, patch) as Extract<WriteAction, { update: unknown }>;
    const once = { ...update.terms!, condition: `${update.terms!.condition} AND attribute_not_exists(#outcome)`, names: { ...update.terms!.names, "#outcome": "outcome" } };
    const add = Object.fromEntries(counterNames(tally).flatMap((c) => [[`n_${c}`, 1], [`x_${c}`, tally.noShow ? 1 : 0]]));
    const outcome = await this.transact([
      { ...update, terms: once },
      { update: keys.attendanceStats(), patch: { kind: "attendance-stats" }, terms: { add, condition: "attribute_not_exists(pk) OR attribute_exists(pk)" } },
      ...record.map((e) => ({ put: timelineItem(e) })),
    ]);
    // The outcome's events move what follows them (the derived status, the tasks they settle) like any other.
    if (outcome.ok) await this.followed(record);
    return outcome.ok;
  }

  async attendanceCounts(): Promise<AttendanceCounts> {
    return countsFromItem((await this.get(keys.attendanceStats())) ?? {});
  }

  async linkUsed(nonce: string): Promise<boolean> {
    return Boolean(await this.get(keys.linkUse(nonce)));
  }

  async claimLinkUse(nonce: string, at: string, purpose: string): Promise<boolean> {
    return this.putIfAbsent({ ...keys.linkUse(nonce), kind: "link-use", at, purpose });
  }

  async putPriorityFlag(flag: PriorityFlag): Promise<void> {
    await call(() =>
      this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.priorityFlag(flag.candidateId, flag.applicationId), kind: "priority-flag", ...flag, ...(flag.status === "open" ? { openTaskQueue: PRIORITY_FLAG_QUEUE, dueAt: flag.mustInterviewBy } : {}) },
        }),
      ),
    );
  }

  async getPriorityFlag(candidateId: string, applicationId: string): Promise<PriorityFlag | undefined> {
    const item = await this.get(keys.priorityFlag(candidateId, applicationId));
    if (!item) return undefined;
    const { dueAt: _d, ...rest } = item;
    return strip(rest, PriorityFlag);
  }

  async listOpenPriorityFlags(limit: number): Promise<PriorityFlag[]> {
    const items = await this.queryAll({ IndexName: TableIndex.openTasks, KeyConditionExpression: "openTaskQueue = :q", ExpressionAttributeValues: { ":q": PRIORITY_FLAG_QUEUE }, Limit: limit });
    return items.slice(0, limit).map(({ dueAt: _d, ...i }) => strip(i, PriorityFlag)!);
  }

  async closePriorityFlag(candidateId: string, applicationId: string, patch: Partial<PriorityFlag> & { status: "scheduled" | "breached" }, record: readonly TimelineEvent[] = []): Promise<boolean> {
    const outcome = await this.transact([
      { update: keys.priorityFlag(candidateId, applicationId), patch, terms: { condition: "attribute_exists(pk) AND #status = :open", names: { "#status": "status" }, values: { ":open": "open" }, remove: ["openTaskQueue", "dueAt"] } },
      ...record.map((e) => ({ put: timelineItem(e) })),
    ]);
    return outcome.ok;
  }

  async noteLateScheduling(candidateId: string, applicationId: string, patch: Pick<PriorityFlag, "interviewScheduledAt" | "interviewId">, record: readonly TimelineEvent[]): Promise<boolean> {
    const outcome = await this.transact([
      { update: keys.priorityFlag(candidateId, applicationId), patch, terms: { condition: "attribute_exists(pk) AND attribute_not_exists(interviewScheduledAt)" } },
      ...record.map((e) => ({ put: timelineItem(e) })),
    ]);
    return outcome.ok;
  }

  /** After a transaction that wrote timeline events: the views derived from them follow. */
  private async followed(record: readonly TimelineEvent[]): Promise<{ ok: true }> {
    if (record.length) await this.followTimeline?.(record);
    return { ok: true };
  }

  async releaseLinkUse(nonce: string): Promise<void> {
    await call(() => this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.linkUse(nonce) })));
  }

  async putTeamChat(teamId: string, robots: ChatRobot[], at: string): Promise<void> {
    await call(() => this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.teamChat(teamId), kind: "team-chat", teamId, robots, updatedAt: at } })));
    // A set: adding a team twice keeps one entry. A team whose robots are cleared stays listed (with none).
    await call(() => this.doc.send(new UpdateCommand({ TableName: this.tableName, Key: keys.teamChatIndex, UpdateExpression: "ADD teamIds :t SET kind = :k", ExpressionAttributeValues: { ":t": new Set([teamId]), ":k": "team-chat-index" } })));
  }

  async listTeamChats(): Promise<{ teamId: string; robots: ChatRobot[]; updatedAt?: string }[]> {
    const index = await this.get(keys.teamChatIndex);
    const ids = [...((index?.teamIds as Set<string> | undefined) ?? [])].sort();
    return Promise.all(
      ids.map(async (teamId) => {
        const item = await this.get(keys.teamChat(teamId));
        return { teamId, robots: ((item?.robots as unknown[]) ?? []).map((r) => ChatRobot.parse(r)), ...(typeof item?.updatedAt === "string" ? { updatedAt: item.updatedAt } : {}) };
      }),
    );
  }

  async getTeamChat(teamId: string): Promise<ChatRobot[]> {
    const item = await this.get(keys.teamChat(teamId));
    return ((item?.robots as unknown[]) ?? []).map((r) => ChatRobot.parse(r));
  }

  async claimChatDelivery(deliveryId: string, at: string): Promise<boolean> {
    return this.putIfAbsent({ ...keys.chatDelivery(deliveryId), kind: "chat-delivery", at });
  }

  async releaseChatDelivery(deliveryId: string): Promise<void> {
    await call(() => this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.chatDelivery(deliveryId) })));
  }
}

/** The interview item, changed only if it still has the version the caller read. */
function versioned(current: Pick<Interview, "candidateId" | "interviewId" | "version">, patch: Partial<Interview>): WriteAction {
  return { update: keys.interview(current.candidateId, current.interviewId), patch, terms: { condition: "attribute_exists(pk) AND #version = :expected", names: { "#version": "version" }, values: { ":expected": current.version } } };
}

function calendarPut(interview: Interview): WriteAction {
  return { put: { ...keys.calendarEntry(interview.interviewerId, interview.startsAt, interview.interviewId), kind: "calendar-entry", interviewId: interview.interviewId, startsAt: interview.startsAt, endsAt: interview.endsAt } };
}

/** A cell is free, or already this interview's (a retried booking). */
function cellClaim(interview: Interview, cell: string): WriteAction {
  return {
    put: { ...keys.slotClaim(interview.interviewerId, cell), kind: "slot-claim", interviewerId: interview.interviewerId, interviewId: interview.interviewId, candidateId: interview.candidateId },
    terms: { condition: "attribute_not_exists(pk) OR interviewId = :me", values: { ":me": interview.interviewId } },
  };
}

/** Frees a cell this interview holds; one it never claimed (booked before claims existed) is fine too. */
function cellRelease(interview: Interview, cell: string): WriteAction {
  return { delete: keys.slotClaim(interview.interviewerId, cell), terms: { condition: "attribute_not_exists(pk) OR interviewId = :me", values: { ":me": interview.interviewId } } };
}

export function interviewStoreFrom(env: RuntimeEnv & { TABLE_NAME: string }): InterviewStore {
  return once(`interview-store:${env.TABLE_NAME}`, () => new DynamoInterviewStore(createDocumentClient(clientConfig(env, "dynamodb")), env.TABLE_NAME, timelineFollowerFrom(env)));
}
