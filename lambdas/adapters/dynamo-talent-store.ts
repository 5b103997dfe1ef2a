// The DynamoDB implementation of TalentStore: the talent item beside the profile, the search
// index entries (see core/talent-search.ts for the access pattern), call log and counters.
import { BatchGetCommand, BatchWriteCommand, DeleteCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ConcurrentChangeError } from "../core/shared/errors.js";
import { keys, type ItemKey } from "../core/shared/keys.js";
import { Candidate, type TimelineEvent } from "../core/shared/model.js";
import type { Page } from "../core/shared/ports.js";
import { CallAttempt, newTalentProfile, SearchSummary, TalentProfile } from "../core/talent/talent-model.js";
import type { CallCounts, TalentStore } from "../core/talent/talent-ports.js";
import { matchesQuery, primaryTerm, SEARCH_SHARDS, shardOf, summaryOf, type SearchQuery } from "../core/talent/talent-search.js";
import { clientConfig, once, type RuntimeEnv } from "./client-config.js";
import type { ResumeRecord, ResumeStore } from "../core/talent/resumes.js";
import type { Experiment, ExperimentDefinition, ExperimentStore } from "../core/talent/experiments.js";
import { ImportMapping, type ImportCounts, type ImportedPerson, type ImportJob, type ImportRowResult, type ImportStore } from "../core/talent/import-model.js";
import { createDocumentClient } from "./dynamo-table.js";
import { DynamoTable, isConditionFailed, type Item, type WriteAction } from "./dynamo-table.js";
import { candidateItem, candidateListItem, keyFrom, keyString, markerItem, searchEntries, talentItem, timelineItem } from "./items.js";

const encodeCursor = (key: Record<string, unknown> | undefined) => (key ? Buffer.from(JSON.stringify(key)).toString("base64url") : undefined);
const decodeCursor = (cursor: string | undefined) => (cursor ? (JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Record<string, unknown>) : undefined);
/** Whether a query filters on more than the partition (and slice) it reads. */
const filtersBeyond = (q: SearchQuery, field: string) =>
  [q.name && field !== "name", q.tag && field !== "tag", q.requisition && field !== "req", q.minRating !== undefined && field !== "rated", q.status && !["status", "tag", "req", "kw"].includes(field)].some(Boolean);
const chunksOf = <T>(list: T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
/** The role family every attempt also counts in: the widest fallback group. */
export { ALL_FAMILIES as ALL_ROLE_FAMILIES } from "../core/talent/talent-config.js";
import { ALL_FAMILIES as ALL_ROLE_FAMILIES } from "../core/talent/talent-config.js";

/** A transaction's check that erasure has not marked the person's profile (passes when there is none). */
const notErased = (candidateId: string): WriteAction => ({ check: keys.candidateProfile(candidateId), terms: { condition: "attribute_not_exists(erasedAt)" } });

export class DynamoTalentStore extends DynamoTable implements TalentStore, ImportStore, ResumeStore, ExperimentStore {
  async putExperiment(experimentId: string, definition: ExperimentDefinition, now: string): Promise<Experiment> {
    // Definition fields only: the counters stay as recorded, so stopping (or renaming) loses nothing.
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.experiment(experimentId),
        UpdateExpression: "SET #n = :n, roleFamily = :f, arms = if_not_exists(arms, :a), #s = :s, updatedAt = :now, experimentId = :id, kind = :k, assigned = if_not_exists(assigned, :zero), responded = if_not_exists(responded, :zero)",
        ExpressionAttributeNames: { "#n": "name", "#s": "status" },
        ExpressionAttributeValues: { ":n": definition.name, ":f": definition.roleFamily, ":a": definition.arms, ":s": definition.status, ":now": now, ":id": experimentId, ":k": "experiment", ":zero": Object.fromEntries(definition.arms.map((a) => [a, 0])) },
      }),
    );
    await this.putWhere({ ...keys.experimentListEntry(experimentId), kind: "experiment-list-entry", experimentId });
    return (await this.getExperiment(experimentId))!;
  }

  async listExperiments(): Promise<Experiment[]> {
    const entries = await this.queryAll({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": keys.experimentListPartition } });
    const experiments = await Promise.all(entries.map((e) => this.getExperiment(String(e.experimentId))));
    return experiments.filter((e): e is Experiment => e !== undefined);
  }

  async getExperiment(experimentId: string): Promise<Experiment | undefined> {
    const item = await this.get(keys.experiment(experimentId));
    if (!item) return undefined;
    const { pk: _p, sk: _s, kind: _k, ...experiment } = item;
    return experiment as unknown as Experiment;
  }

  async assign(experimentId: string, candidateId: string, arm: string, now: string): Promise<{ arm: string; created: boolean }> {
    const key = keys.experimentAssignment(experimentId, candidateId);
    // The assignment and its count together: a crash can't leave one without the other.
    const outcome = await this.transact([
      { put: { ...key, kind: "experiment-assignment", experimentId, candidateId, arm, assignedAt: now }, terms: { condition: "attribute_not_exists(pk)" } },
      { update: keys.experiment(experimentId), patch: {}, terms: { add: { [`assigned.${arm}`]: 1 } } },
    ]);
    if (outcome.ok) return { arm, created: true };
    return { arm: String((outcome.items[0] ?? (await this.get(key)))!.arm), created: false };
  }

  async respond(experimentId: string, candidateId: string, now: string): Promise<string | undefined> {
    const assignment = await this.get(keys.experimentAssignment(experimentId, candidateId));
    if (!assignment || assignment.respondedAt) return undefined;
    const arm = String(assignment.arm);
    // The response and its count together, counted once: the first transaction to mark it wins.
    const outcome = await this.transact([
      { update: keys.experimentAssignment(experimentId, candidateId), patch: { respondedAt: now }, terms: { condition: "attribute_exists(pk) AND attribute_not_exists(respondedAt)" } },
      { update: keys.experiment(experimentId), patch: {}, terms: { add: { [`responded.${arm}`]: 1 } } },
    ]);
    return outcome.ok ? arm : undefined;
  }

  async putResume(resume: ResumeRecord): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.resume(resume.candidateId, resume.resumeId), kind: "resume", ...resume } }));
  }

  private async batchGet(keyList: ItemKey[]): Promise<Item[]> {
    const items: Item[] = [];
    let pending: ItemKey[] = keyList;
    for (let attempt = 0; pending.length && attempt < 8; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      const out = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }));
      items.push(...((out.Responses?.[this.tableName] ?? []) as Item[]));
      pending = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as ItemKey[];
    }
    if (pending.length) throw new Error(`BatchGet left ${pending.length} keys unprocessed`);
    return items;
  }

  private async batchWrite(requests: Array<{ PutRequest: { Item: Item } } | { DeleteRequest: { Key: ItemKey } }>): Promise<void> {
    for (let i = 0; i < requests.length; i += 25) {
      let pending = requests.slice(i, i + 25);
      for (let attempt = 0; pending.length && attempt < 8; attempt++) {
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }));
        pending = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
        if (pending.length) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      }
      if (pending.length) throw new Error(`BatchWrite left ${pending.length} items unprocessed`);
    }
  }

  // --- talent profile -------------------------------------------------------------------------

  async getTalent(candidateId: string): Promise<TalentProfile | undefined> {
    const item = await this.get(keys.talentProfile(candidateId));
    return item ? TalentProfile.parse(item) : undefined;
  }

  async updateTalent(candidateId: string, now: string, change: (current: TalentProfile) => TalentProfile | undefined | Promise<TalentProfile | undefined>): Promise<TalentProfile> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const item = await this.get(keys.talentProfile(candidateId));
      const current = item ? TalentProfile.parse(item) : newTalentProfile(candidateId, now);
      // An erased person's record stays as erasure left it: a change that read it before (a status
      // follower, a pool step) must not put their tags, preferences or expectations back.
      if (current.erasedAt) return current;
      const next = await change(structuredClone(current));
      if (!next) return current;
      const version = current.version;
      const written: TalentProfile = { ...next, candidateId, version: version + 1, updatedAt: now };
      // The record and a "re-index me" marker together: if the process dies before the entries are
      // rewritten, the next search finds the marker and re-indexes first.
      // The entries' list travels with the record, so the write is also conditional on the list not
      // having been replaced since it was read (indexRev): otherwise it would put back a list that
      // misses entries a concurrent re-index wrote, and those entries would never be removed.
      const indexRev = typeof item?.indexRev === "number" ? item.indexRev : undefined;
      const record = { ...talentItem(written, item?.indexKeys ?? []), ...(indexRev !== undefined ? { indexRev } : {}) };
      // Erasure redacts the record without changing its version, so "not erased" is a condition of
      // its own, on the record and on the profile (which erasure marks even when there was no record).
      const unchanged = indexRev === undefined ? { condition: "#v = :v AND attribute_not_exists(indexRev) AND attribute_not_exists(erasedAt)", values: { ":v": version } } : { condition: "#v = :v AND indexRev = :ir AND attribute_not_exists(erasedAt)", values: { ":v": version, ":ir": indexRev } };
      const outcome = await this.transact([
        { put: record, terms: item ? { ...unchanged, names: { "#v": "version" } } : { condition: "attribute_not_exists(pk)" } },
        { put: { ...keys.searchReindexPending(candidateId, shardOf(candidateId)), kind: "search-reindex-pending", candidateId, version: written.version } },
        notErased(candidateId),
      ]);
      if (!outcome.ok && outcome.failed.includes(2)) return this.erasedTalent(candidateId, now);
      if (!outcome.ok) continue;
      await this.reindex(candidateId, record);
      return written;
    }
    throw new ConcurrentChangeError(`talent profile ${candidateId} kept changing; retry`);
  }

  /** The record of a person erasure got to first (a redacted one, or a new one: nothing to keep). */
  private async erasedTalent(candidateId: string, now: string): Promise<TalentProfile> {
    const item = await this.get(keys.talentProfile(candidateId));
    return item ? TalentProfile.parse(item) : newTalentProfile(candidateId, now);
  }

  async reindex(candidateId: string, written?: Item): Promise<void> {
    // Entries this call wrote in a round whose list lost to a concurrent change: a later round removes
    // them unless still wanted (the record's list never named them, so nothing else would).
    const writtenHere = new Set<string>();
    for (let attempt = 0; attempt < 4; attempt++) {
      // The record just written (first round of a change) saves a read; later rounds read it again.
      const [profileItem, talentItem] = await Promise.all([this.get(keys.candidateProfile(candidateId)), attempt === 0 && written ? written : this.get(keys.talentProfile(candidateId))]);
      if (!profileItem) return;
      const candidate = Candidate.parse(profileItem);
      const talent = talentItem ? TalentProfile.parse(talentItem) : newTalentProfile(candidateId, candidate.updatedAt);
      // Erased while this call was between its read and its write (or before it): what it wrote, and
      // what the record lists, goes; erasure's last sweep takes anything written before it redacted
      // the profile, and this takes what was written after.
      if (candidate.erasedAt || talent.erasedAt) return this.unindexErased(candidateId, [...((talentItem?.indexKeys as string[] | undefined) ?? []), ...writtenHere]);
      const { keys: wanted, items } = searchEntries(candidate, talent);
      const wantedSet = new Set(wanted.map(keyString));
      const previous = [...new Set([...((talentItem?.indexKeys as string[] | undefined) ?? []), ...writtenHere])].filter((k) => !wantedSet.has(k));
      await this.batchWrite([
        ...items.map((Item) => ({ PutRequest: { Item } })),
        ...previous.map((k) => ({ DeleteRequest: { Key: keyFrom(k) } })),
      ]);
      for (const k of wantedSet) writtenHere.add(k);
      if (!talentItem) {
        // No record to remember the entries on; the profile check still tells whether erasure got
        // there between the read and the write (then the next round removes them).
        const outcome = await this.transact([notErased(candidateId)]);
        if (!outcome.ok) continue;
        return this.clearReindexMarker(candidateId, 0);
      }
      // Remember which entries exist (so the next change can remove the stale ones) and drop the
      // marker, together, unless the record changed meanwhile: then this round's entries may already
      // be stale, so index again. Erasure changes no version, so "not erased" is checked on its own.
      const outcome = await this.transact([
        { update: keys.talentProfile(candidateId), patch: { indexKeys: wanted.map(keyString), indexRev: (typeof talentItem.indexRev === "number" ? talentItem.indexRev : 0) + 1 }, terms: { condition: "attribute_exists(pk) AND #v = :v AND attribute_not_exists(erasedAt)", names: { "#v": "version" }, values: { ":v": talent.version } } },
        { delete: keys.searchReindexPending(candidateId, shardOf(candidateId)), terms: { condition: "attribute_not_exists(pk) OR version <= :v", values: { ":v": talent.version } } },
        notErased(candidateId),
      ]);
      if (outcome.ok) return;
    }
    throw new ConcurrentChangeError(`talent profile ${candidateId} kept changing while re-indexing; retry`);
  }

  /** Removes the entries of an erased person this store knows of, and their re-index marker. */
  private async unindexErased(candidateId: string, entryKeys: string[]): Promise<void> {
    await this.batchWrite([...new Set(entryKeys)].map((k) => ({ DeleteRequest: { Key: keyFrom(k) } })));
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.searchReindexPending(candidateId, shardOf(candidateId)) }));
  }

  /** Drops the marker once the entries match its version (a newer change keeps its own marker). */
  private async clearReindexMarker(candidateId: string, version: number): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.searchReindexPending(candidateId, shardOf(candidateId)),
          ConditionExpression: "attribute_not_exists(pk) OR version <= :v",
          ExpressionAttributeValues: { ":v": version },
        }),
      );
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
    }
  }

  /** Re-indexes people whose record changed without its entries (a crash in between), before a search reads. */
  async reindexPending(limit = 25): Promise<number> {
    const pages = await Promise.all(
      Array.from({ length: SEARCH_SHARDS }, (_, shard) => this.query({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": keys.searchReindexPartition(shard) }, Limit: limit, ConsistentRead: true })),
    );
    const pending = pages.flatMap((p) => p.items.map((i) => String(i.candidateId)));
    for (const candidateId of pending) await this.reindex(candidateId);
    return pending.length;
  }

  async search(q: SearchQuery): Promise<Page<SearchSummary>> {
    await this.reindexPending();
    if (q.phone || q.email) {
      const id = q.phone ? await this.candidateIdByPhone(q.phone) : await this.candidateIdByEmail(q.email!);
      if (!id) return { items: [] };
      const [profileItem, talentItem] = await Promise.all([this.get(keys.candidateProfile(id)), this.get(keys.talentProfile(id))]);
      if (!profileItem) return { items: [] };
      const candidate = Candidate.parse(profileItem);
      const talent = talentItem ? TalentProfile.parse(talentItem) : newTalentProfile(id, candidate.updatedAt);
      const summary = summaryOf(candidate, talent);
      return { items: matchesQuery(summary, q) ? [summary] : [] };
    }
    const term = primaryTerm(q);
    // One cursor position per partition read: the last entry consumed from it (null: not started).
    const saved = decodeCursor(q.cursor) as { at?: Array<Record<string, unknown> | null>; done?: boolean[] } | undefined;
    const at = term.values.map((_, i) => saved?.at?.[i] ?? null);
    const done = term.values.map((_, i) => saved?.done?.[i] ?? false);
    const buffers: Item[][] = term.values.map(() => []);
    const more = term.values.map(() => false);
    const pageSize = filtersBeyond(q, term.field) ? Math.max(q.limit * 8, 200) : q.limit + 1;
    const fill = async (i: number) => {
      const page = await this.query({
        KeyConditionExpression: term.prefix ? "pk = :pk AND begins_with(sk, :p)" : term.from ? "pk = :pk AND sk >= :p" : "pk = :pk",
        ExpressionAttributeValues: { ":pk": keys.searchPartition(term.field, term.values[i]!), ...(term.prefix ? { ":p": term.prefix } : term.from ? { ":p": term.from } : {}) },
        ScanIndexForward: !term.newestFirst,
        // Sharded listings read a share of the page from each shard; filters left to apply drop
        // entries, so those read deeper pages rather than more of them.
        Limit: term.values.length > 1 && !filtersBeyond(q, term.field) ? Math.ceil(pageSize / 2) : pageSize,
        ...(at[i] ? { ExclusiveStartKey: at[i]! } : {}),
      });
      buffers[i] = page.items;
      more[i] = Boolean(page.last);
      if (!page.items.length) done[i] = true;
    };
    const found: SearchSummary[] = [];
    // A k-way merge by sort key: take the next entry across partitions, in the query's order.
    while (found.length < q.limit) {
      await Promise.all(term.values.map((_, i) => (!done[i] && buffers[i]!.length === 0 ? fill(i) : undefined)));
      let next = -1;
      for (let i = 0; i < buffers.length; i++) {
        const head = buffers[i]![0];
        if (!head) continue;
        const best = next < 0 ? undefined : buffers[next]![0]!;
        if (!best || (term.newestFirst ? String(head.sk) > String(best.sk) : String(head.sk) < String(best.sk))) next = i;
      }
      if (next < 0) break;
      const item = buffers[next]!.shift()!;
      at[next] = { pk: item.pk, sk: item.sk };
      if (buffers[next]!.length === 0 && !more[next]) done[next] = true;
      const summary = SearchSummary.parse(item);
      if (matchesQuery(summary, q)) found.push(summary);
    }
    // More may follow if any partition has entries left, in its buffer or beyond its last page.
    const exhausted = term.values.every((_, i) => done[i] && buffers[i]!.length === 0);
    const next = exhausted ? undefined : encodeCursor({ at, done });
    return { items: found, ...(next ? { nextCursor: next } : {}) };
  }

  async candidateIdByPhone(phoneE164: string): Promise<string | undefined> {
    const item = await this.get(keys.phoneMarker(phoneE164));
    return item ? String(item.candidateId) : undefined;
  }

  async candidateIdByEmail(emailNorm: string): Promise<string | undefined> {
    const item = await this.get(keys.emailMarker(emailNorm));
    return item ? String(item.candidateId) : undefined;
  }

  // --- calls ----------------------------------------------------------------------------------

  async recordCallAttempt(attempt: CallAttempt): Promise<{ created: boolean; attempt: CallAttempt }> {
    const key = keys.callLogEntry(attempt.roleFamily, attempt.callId);
    // The log entry and its counters in one transaction: counted once, and never logged uncounted.
    const cell = `${attempt.weekday}_${attempt.hour}`;
    const connected = attempt.outcome === "reached" || attempt.outcome === "call-back" ? 1 : 0;
    const outcome = await this.transact([
      { put: { ...key, kind: "call-attempt", ...attempt }, terms: { condition: "attribute_not_exists(pk)" } },
      ...[attempt.roleFamily, ALL_ROLE_FAMILIES]
        .filter((f, i, all) => all.indexOf(f) === i)
        .map((family) => ({ update: keys.callStats(family), patch: { kind: "call-stats" }, terms: { add: { [`n_${cell}`]: 1, [`k_${cell}`]: connected }, condition: "attribute_not_exists(pk) OR attribute_exists(pk)" } })),
    ]);
    if (outcome.ok) return { created: true, attempt };
    const { pk: _p, sk: _s, kind: _k, ...first } = (outcome.items[0] ?? (await this.get(key)))!;
    return { created: false, attempt: CallAttempt.parse(first) };
  }

  async callCounts(roleFamily: string): Promise<CallCounts> {
    const item = (await this.get(keys.callStats(roleFamily))) ?? {};
    const grid = (prefix: string) => Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, h) => Number(item[`${prefix}_${d}_${h}`] ?? 0)));
    return { attempts: grid("n"), connects: grid("k") };
  }

  // --- intake ---------------------------------------------------------------------------------

  async putRawPayload(source: string, deliveryId: string, raw: { body: string; encoding: "utf8" | "base64"; receivedAt: string; headers: Record<string, string> }): Promise<void> {
    await this.putIfAbsent({ ...keys.rawPayload(source, deliveryId), kind: "raw-payload", source, deliveryId, ...raw });
  }

  // --- merge ----------------------------------------------------------------------------------

  async repointMarker(kind: "phone" | "email", value: string, from: string, to: string): Promise<boolean> {
    const key = kind === "phone" ? keys.phoneMarker(value) : keys.emailMarker(value);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: "SET candidateId = :to",
          ConditionExpression: "candidateId = :from",
          ExpressionAttributeValues: { ":to": to, ":from": from },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailed(e)) return false;
      throw e;
    }
  }

  async copyHistory(fromCandidateId: string, toCandidateId: string): Promise<number> {
    let copied = 0;
    let last: Record<string, unknown> | undefined;
    do {
      const page = await this.query({
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": keys.candidatePartition(fromCandidateId) },
        ConsistentRead: true,
        ...(last ? { ExclusiveStartKey: last } : {}),
      });
      for (const item of page.items) {
        if (item.kind !== "application" && item.kind !== "timeline") continue;
        const moved = { ...item, pk: keys.candidatePartition(toCandidateId), candidateId: toCandidateId, mergedFrom: fromCandidateId };
        if (await this.putIfAbsent(moved)) copied++;
      }
      last = page.last;
    } while (last);
    return copied;
  }

  async fillContact(candidateId: string, patch: { phoneE164?: string; emailNorm?: string }, now: string): Promise<void> {
    for (const [field, value] of Object.entries(patch)) {
      if (!value) continue;
      await this.doc
        .send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.candidateProfile(candidateId),
            UpdateExpression: "SET #f = :v, updatedAt = :now",
            // Erasure removes the contact fields, so "not there yet" alone would put one back.
            ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(#f) AND attribute_not_exists(erasedAt)",
            ExpressionAttributeNames: { "#f": field },
            ExpressionAttributeValues: { ":v": value, ":now": now },
          }),
        )
        .catch((e) => {
          if (!isConditionFailed(e)) throw e;
        });
    }
  }

  async putAudit(entry: { auditId: string; at: string; action: string; actor: string; subjects: string[]; detail: Record<string, unknown> }): Promise<void> {
    await this.putIfAbsent({ ...keys.auditEntry(entry.at, entry.auditId), kind: "audit", ...entry });
  }

  // --- imports --------------------------------------------------------------------------------

  async startImportJob(job: ImportJob): Promise<{ job: ImportJob; created: boolean }> {
    // The job and its list entry together, so the list never misses a job.
    const outcome = await this.transact([
      { put: { ...keys.importJob(job.importId), kind: "import-job", ...job }, terms: { condition: "attribute_not_exists(pk)" } },
      { put: { ...keys.importListEntry(job.startedAt, job.importId), kind: "import-ref", importId: job.importId, source: job.source, filename: job.filename } },
    ]);
    if (outcome.ok) return { job, created: true };
    return { job: (await this.getImportJob(job.importId))!, created: false };
  }

  async updateImportJob(importId: string, patch: Partial<ImportJob>): Promise<void> {
    // An undefined field in the patch is removed (a re-run clears the last attempt's error).
    const set = Object.entries(patch).filter(([k, v]) => v !== undefined && k !== "importId");
    const remove = Object.entries(patch).filter(([k, v]) => v === undefined && k !== "importId").map(([k]) => k);
    if (!set.length && !remove.length) return;
    const names = [...set.map(([k]) => k), ...remove];
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.importJob(importId),
        UpdateExpression: [set.length ? `SET ${set.map((_, i) => `#f${i} = :v${i}`).join(", ")}` : "", remove.length ? `REMOVE ${remove.map((_, i) => `#f${set.length + i}`).join(", ")}` : ""].join(" ").trim(),
        ExpressionAttributeNames: Object.fromEntries(names.map((k, i) => [`#f${i}`, k])),
        ...(set.length ? { ExpressionAttributeValues: Object.fromEntries(set.map(([, v], i) => [`:v${i}`, v])) } : {}),
      }),
    );
  }

  async getImportJob(importId: string): Promise<ImportJob | undefined> {
    const item = await this.get(keys.importJob(importId));
    if (!item) return undefined;
    const { pk: _p, sk: _s, kind: _k, ...job } = item;
    return job as unknown as ImportJob;
  }

  async putImportRows(importId: string, rows: ImportRowResult[]): Promise<void> {
    await this.batchWrite(rows.map((row) => ({ PutRequest: { Item: this.importRowItem(importId, row) } })));
  }

  private importRowItem(importId: string, row: ImportRowResult): Item {
    return { ...keys.importRow(importId, row.rowNumber), kind: "import-row", importId, ...row };
  }

  async completeImportChunk(importId: string, attempt: number, chunk: number, counts: ImportCounts): Promise<boolean> {
    // The chunk's marker and the job's counts together: a retried chunk adds nothing, a crash loses nothing.
    const outcome = await this.transact([
      { put: { ...keys.importChunk(importId, attempt, chunk), kind: "import-chunk", importId, attempt, chunk, ...counts }, terms: { condition: "attribute_not_exists(pk)" } },
      { update: keys.importJob(importId), patch: {}, terms: { add: { processed: counts.processed, created: counts.created, merged: counts.merged, rejected: counts.rejected, chunksDone: 1 } } },
    ]);
    return outcome.ok;
  }

  async markerOwners(phones: string[], emails: string[]): Promise<{ phones: Map<string, string>; emails: Map<string, string> }> {
    const wanted = [...new Set(phones)].map((p) => ({ value: p, key: keys.phoneMarker(p), phone: true })).concat([...new Set(emails)].map((e) => ({ value: e, key: keys.emailMarker(e), phone: false })));
    const byKey = new Map(wanted.map((w) => [keyString(w.key), w]));
    const out = { phones: new Map<string, string>(), emails: new Map<string, string>() };
    const found = await Promise.all(chunksOf(wanted, 100).map((group) => this.batchGet(group.map((w) => w.key))));
    for (const item of found.flat()) {
      const w = byKey.get(keyString({ pk: String(item.pk), sk: String(item.sk) }));
      if (w) (w.phone ? out.phones : out.emails).set(w.value, String(item.candidateId));
    }
    return out;
  }

  async createImportedPeople(importId: string, people: ImportedPerson[]): Promise<{ lost: number[] }> {
    // Phone first, then email, as findOrCreateCandidate claims them: a person whose phone claim
    // is lost claims nothing more; one whose email claim is lost keeps a phone marker naming the
    // proposed id, which the safe path's find-or-create re-points at the email's owner.
    const claimed = await Promise.all(
      people.map(async ({ candidate: c }) => {
        if (c.phoneE164 && !(await this.putIfAbsent(markerItem(keys.phoneMarker(c.phoneE164), c.candidateId)))) return false;
        if (c.emailNorm && !(await this.putIfAbsent(markerItem(keys.emailMarker(c.emailNorm), c.candidateId)))) return false;
        return true;
      }),
    );
    const writes: Array<{ PutRequest: { Item: Item } }> = [];
    for (const [i, person] of people.entries()) {
      if (!claimed[i]) continue;
      const { candidate, talent, event, row } = person;
      const entries = searchEntries(candidate, talent);
      writes.push(
        ...[candidateItem(candidate), candidateListItem(candidate.createdAt, candidate.candidateId), talentItem(talent, entries.keys.map(keyString)), ...entries.items, timelineItem(event), this.importRowItem(importId, row)].map(
          (Item) => ({ PutRequest: { Item } }),
        ),
      );
    }
    // Several batches in flight: the table, not this loop, sets the pace.
    await Promise.all(chunksOf(writes, 25 * 4).map((group) => this.batchWrite(group)));
    return { lost: people.filter((_, i) => !claimed[i]).map((p) => p.row.rowNumber) };
  }

  async listImportRows(importId: string, limit: number, cursor?: string, outcome?: ImportRowResult["outcome"]): Promise<{ items: ImportRowResult[]; nextCursor?: string }> {
    const start = decodeCursor(cursor);
    const page = await this.query({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :row)",
      ExpressionAttributeValues: { ":pk": keys.importJob(importId).pk, ":row": keys.importRowPrefix, ...(outcome ? { ":o": outcome } : {}) },
      ...(outcome ? { FilterExpression: "outcome = :o" } : {}),
      Limit: limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    });
    const next = encodeCursor(page.last);
    return {
      items: page.items.map(({ pk: _p, sk: _s, kind: _k, importId: _i, ...row }) => row as unknown as ImportRowResult),
      ...(next ? { nextCursor: next } : {}),
    };
  }

  async getImportMapping(source: string): Promise<ImportMapping | undefined> {
    const item = await this.get(keys.importMapping(source));
    return item ? ImportMapping.parse({ columns: item.columns }) : undefined;
  }

  async putImportMapping(source: string, mapping: ImportMapping): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.importMapping(source), kind: "import-mapping", source, ...mapping } }));
  }
}

export function talentStoreFrom(env: RuntimeEnv & { TABLE_NAME: string }): DynamoTalentStore {
  return once(`talent-store:${env.TABLE_NAME}`, () => new DynamoTalentStore(createDocumentClient(clientConfig(env, "dynamodb")), env.TABLE_NAME));
}
