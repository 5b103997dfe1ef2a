// The personal-data registry: every item kind the table holds (the `kind` attribute each item is
// written with) declares whether it carries a candidate's personal data, how erasure finds and
// erases it, what export calls it, and which files and journeys hang off it. Erasure and export walk
// this registry and nothing else, so a new kind cannot be forgotten: an item whose kind is missing
// here stops an erasure with UndeclaredItemKindError, and test/unit/item-kinds.test.ts fails on any
// kind written in the code without a declaration. lib/table-design.ts publishes it with the keys.
import { keys, type ItemKey } from "../shared/keys.js";

export type StoredItem = Record<string, unknown>;

/**
 * How an erasure finds a candidate's items of a kind:
 * - "partition": in the candidate's own partition (CAND#<id>), read with one Query;
 * - "names-candidate": anywhere in the table, carrying the candidate's id in `candidateId` (one
 *   filtered Scan finds them all, so an item kept in another partition can't be missed);
 * - "linked": only through the key another item of theirs holds (`links` on that kind);
 * - "dead-letter-body": dead letters have no candidate id; their raw body names the person.
 */
export type FoundBy = "partition" | "names-candidate" | "linked" | "dead-letter-body";

export type Erase =
  /** The item is theirs alone: gone. */
  | { action: "delete" }
  /**
   * The item must stay (others read it, or a record must survive): personal attributes go.
   * `markErased` stamps `erasedAt`, which the stores' writes are conditional on: a change that read
   * the item before the erasure cannot put the data back.
   */
  | { action: "redact"; set?: Record<string, unknown>; remove: readonly string[]; markErased?: true }
  /** Kept on purpose; the reason is the point. */
  | { action: "keep"; reason: string };

/** A file erasure must remove or edit: a whole file, or the candidate's rows of an import. */
export type FileErasure = { action: "delete"; key: string } | { action: "remove-import-rows"; importId: string; rowNumbers: number[] };

export interface PersonalData {
  readonly personalData: true;
  readonly foundBy: FoundBy;
  readonly erase: Erase;
  /** The export section these items appear in. */
  readonly export: string;
  /** Items elsewhere this item points at (found by key, erased by their own kind's rule). */
  readonly links?: (item: StoredItem) => ItemKey[];
  /** Files this item's erasure must take with it. */
  readonly files?: (item: StoredItem) => FileErasure[];
  /** Journey executions running for this item, stopped before any data is touched. */
  readonly journeys?: (item: StoredItem) => string[];
}

export interface NoPersonalData {
  readonly personalData: false;
  /** Why nothing here identifies a candidate (ids are pseudonyms; staff data is not the candidate's). */
  readonly reason: string;
}

export type ItemKindDeclaration = PersonalData | NoPersonalData;

export const ERASED = "[erased]";

const str = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);
const arn = (item: StoredItem) => (str(item.executionArn) ? [String(item.executionArn)] : []);
const data = (item: StoredItem) => (item.data ?? {}) as Record<string, unknown>;

export const itemKinds = {
  // --- the candidate's partition ----------------------------------------------------------
  candidate: {
    personalData: true,
    foundBy: "partition",
    // The profile stays as the erased person's tombstone: it is what a retried erasure, the audit
    // entry and ids held elsewhere (tasks, slot claims) still resolve to.
    erase: { action: "redact", set: { name: ERASED }, remove: ["emailNorm", "phoneE164"], markErased: true },
    export: "profile",
    links: (item) => [
      ...(str(item.emailNorm) ? [keys.emailMarker(String(item.emailNorm))] : []),
      ...(str(item.phoneE164) ? [keys.phoneMarker(String(item.phoneE164))] : []),
      ...(str(item.createdAt) ? [keys.candidateListEntry(String(item.createdAt), String(item.candidateId))] : []),
    ],
  },
  talent: {
    personalData: true,
    foundBy: "partition",
    erase: {
      action: "redact",
      set: { tags: [], preferences: { caresAbout: [] }, consents: {}, indexKeys: [], requisitionIds: [], keywords: [], failedAttempts: 0 },
      remove: ["expectations", "statusReason", "unreachableEvidence", "rejectionReason", "maxRating", "lastRating", "lastContactAt"],
      markErased: true,
    },
    export: "talent",
    // Search entries are keyed by what they index (name prefixes, tags…), which the talent item lists.
    links: (item) =>
      ((item.indexKeys as string[] | undefined) ?? []).map((s) => {
        const [pk, sk] = s.split("\u0000");
        return { pk: pk!, sk: sk! };
      }),
  },
  application: {
    personalData: true,
    foundBy: "partition",
    erase: { action: "redact", remove: ["resumeText", "location", "answers", "screenOverride"] },
    export: "applications",
    journeys: arn,
  },
  timeline: {
    personalData: true,
    foundBy: "partition",
    erase: { action: "redact", set: { summary: ERASED }, remove: ["data"] },
    export: "timeline",
    // A journey that is not about one item of theirs (a recall, a scheduling link) is on the timeline.
    journeys: (item) => (str(data(item).executionArn) ? [String(data(item).executionArn)] : []),
    links: (item) => {
      const d = data(item);
      const type = String(item.type ?? "");
      if (type === "talent.call" && str(d.roleFamily) && str(d.callId)) return [keys.callLogEntry(String(d.roleFamily), String(d.callId))];
      if (type.startsWith("message.") && str(d.messageId)) return [keys.message(String(d.messageId))];
      if (type === "application.received" && str(d.source) && str(d.deliveryId)) return [keys.rawPayload(String(d.source), String(d.deliveryId))];
      if (type === "talent.imported" && str(d.importId) && d.rowNumber) return [keys.importRow(String(d.importId), Number(d.rowNumber))];
      return [];
    },
  },
  offer: { personalData: true, foundBy: "partition", erase: { action: "delete" }, export: "offers", journeys: arn },
  consent: { personalData: true, foundBy: "partition", erase: { action: "delete" }, export: "consents" },
  preferences: { personalData: true, foundBy: "partition", erase: { action: "delete" }, export: "preferences" },
  "re-engagement": { personalData: true, foundBy: "partition", erase: { action: "delete" }, export: "reEngagement" },
  interview: {
    personalData: true,
    foundBy: "partition",
    // Kept without its details: the interviewer's calendar entry and slot claims point at it.
    erase: { action: "redact", remove: ["whatToBring", "outcome", "mapUrl", "videoUrl", "location"] },
    export: "interviews",
    journeys: arn,
  },
  "priority-flag": { personalData: true, foundBy: "partition", erase: { action: "delete" }, export: "priorityFlags", journeys: arn },
  "call-task": { personalData: true, foundBy: "partition", erase: { action: "delete" }, export: "callTasks" },
  resume: {
    personalData: true,
    foundBy: "partition",
    erase: { action: "delete" },
    export: "resumes",
    files: (item) => (str(item.fileKey) ? [{ action: "delete", key: String(item.fileKey) }] : []),
  },

  // --- elsewhere, naming the candidate by id --------------------------------------------------
  marker: { personalData: true, foundBy: "names-candidate", erase: { action: "delete" }, export: "markers" },
  // The hiring report's record of one application (its stages, offers' answers, decline reasons and
  // the person's name): derived from their partition, so it goes with them.
  "hiring-path": { personalData: true, foundBy: "names-candidate", erase: { action: "delete" }, export: "hiringReport" },
  "candidate-ref": { personalData: true, foundBy: "names-candidate", erase: { action: "delete" }, export: "listEntries" },
  "search-entry": { personalData: true, foundBy: "names-candidate", erase: { action: "delete" }, export: "searchEntries" },
  // A talent change whose search entries are still being rewritten (the status stream's reindex marker).
  // It holds only ids, but left behind it would make the reindex sweep write entries for an erased person.
  "search-reindex-pending": { personalData: true, foundBy: "names-candidate", erase: { action: "delete" }, export: "searchEntries" },
  message: { personalData: true, foundBy: "names-candidate", erase: { action: "redact", set: { to: ERASED }, remove: [] }, export: "messages" },
  "call-attempt": {
    personalData: true,
    foundBy: "names-candidate",
    // The attempt stays, without its note: best-time statistics count it.
    erase: { action: "redact", remove: ["note"] },
    export: "callLog",
  },
  "import-row": {
    personalData: true,
    foundBy: "names-candidate",
    erase: { action: "redact", remove: ["values", "reason"] },
    export: "importRows",
    files: (item) => [{ action: "remove-import-rows", importId: String(item.importId), rowNumbers: [Number(item.rowNumber)] }],
  },
  "hr-task": { personalData: true, foundBy: "names-candidate", erase: { action: "delete" }, export: "hrTasks" },
  // The one task model (core/tasks) keeps tasks in the candidate's partition; earlier staff tasks
  // (STAFFTASK#) live apart. Both carry candidateId, and titles and context name the person.
  task: { personalData: true, foundBy: "names-candidate", erase: { action: "delete" }, export: "tasks" },
  "task-ref": { personalData: true, foundBy: "names-candidate", erase: { action: "delete" }, export: "taskRefs" },
  "task-slot": { personalData: true, foundBy: "names-candidate", erase: { action: "delete" }, export: "taskSlots" },
  "approval-step": { personalData: true, foundBy: "names-candidate", erase: { action: "delete" }, export: "offerApprovals" },
  "offer-link": { personalData: true, foundBy: "names-candidate", erase: { action: "delete" }, export: "offerLinks" },
  unsubscribe: {
    personalData: true,
    foundBy: "names-candidate",
    erase: { action: "keep", reason: "an opt-out must stay honoured after erasure: it is the address that must never be messaged again" },
    export: "unsubscribes",
  },
  "raw-payload": { personalData: true, foundBy: "linked", erase: { action: "delete" }, export: "rawPayloads" },
  "dead-letter": {
    personalData: true,
    foundBy: "dead-letter-body",
    erase: { action: "redact", set: { rawBody: ERASED, headers: {} }, remove: ["bodyKey", "bodySha256"] },
    export: "deadLetters",
    files: (item) => (str(item.bodyKey) ? [{ action: "delete", key: String(item.bodyKey) }] : []),
  },

  // --- no personal data ----------------------------------------------------------------------
  delivery: { personalData: false, reason: "a webhook delivery claim: source, delivery id and our ids" },
  "application-key": { personalData: false, reason: "a source's application id mapped to our ids" },
  "provider-message": { personalData: false, reason: "a provider's message id mapped to ours" },
  "experiment-assignment": { personalData: false, reason: "which arm a candidate id was given" },
  experiment: { personalData: false, reason: "an experiment's definition and counters" },
  "experiment-list-entry": { personalData: false, reason: "an experiment's entry in the list of experiments" },
  "slot-claim": { personalData: false, reason: "an interviewer's time cell held by an interview id" },
  "calendar-entry": { personalData: false, reason: "an interviewer's calendar: interview ids and times" },
  "link-use": { personalData: false, reason: "a used link's nonce and time" },
  "short-link": {
    personalData: false,
    reason: "an SMS short id for one signed link: the token holds ids, a purpose and an expiry, no name or contact (the pages it opens read the person's items, which erasure handles); TTL removes it a day after the token expires",
  },
  "chat-delivery": { personalData: false, reason: "a chat-robot post's delivery id" },
  "team-chat": { personalData: false, reason: "a team's robot webhooks (staff configuration)" },
  "message-template": { personalData: false, reason: "a team's wording of a candidate message, with {{variables}} in place of anyone's details; names the staff member who saved it" },
  "message-template-version": { personalData: false, reason: "one saved version of that wording (the audit of who changed it): staff, no candidate" },
  "template-team-index": { personalData: false, reason: "the ids of teams that have saved a message template" },
  "sending-rules": { personalData: false, reason: "the deployment's quiet hours and daily message cap; names the staff member who saved them" },
  "sending-rules-version": { personalData: false, reason: "one saved version of the sending rules (the audit of who changed them): staff, no candidate" },
  interviewer: { personalData: false, reason: "staff: an interviewer's own record, not a candidate's" },
  requisition: { personalData: false, reason: "a job opening; its owner is staff" },
  "offer-policy": { personalData: false, reason: "a requisition's approval chain and budget (staff)" },
  "policy-change": { personalData: false, reason: "HR's re-engagement policy changes" },
  "dead-letter-count": { personalData: false, reason: "dead letters counted per source and hour" },
  "call-stats": { personalData: false, reason: "connect counters per role family, weekday and hour" },
  "attendance-stats": { personalData: false, reason: "interview attendance and no-show counters for the no-show report: counts only" },
  "import-job": { personalData: false, reason: "an import's file name, counts and progress; its rows are import-row items" },
  "import-ref": { personalData: false, reason: "an import's list entry" },
  "import-chunk": { personalData: false, reason: "a landed chunk's counts; the chunk's file is edited through import-row" },
  "import-mapping": { personalData: false, reason: "a source's column mapping" },
  audit: { personalData: false, reason: "audit entries name only ids and counts, by design" },
  "rate-window": { personalData: false, reason: "one caller's request count for a minute: a staff id or a hashed client address, naming no candidate; TTL removes it within two minutes" },
} as const satisfies Record<string, ItemKindDeclaration>;

export type ItemKind = keyof typeof itemKinds;

export class UndeclaredItemKindError extends Error {
  constructor(readonly kind: string, readonly key: ItemKey) {
    super(`item kind "${kind}" (${key.pk} / ${key.sk}) has no personal-data declaration in lambdas/core/privacy/item-kinds.ts`);
    this.name = "UndeclaredItemKindError";
  }
}

/** The declaration of an item's kind; an undeclared kind is an error, never silently skipped. */
export function declarationOf(item: StoredItem): ItemKindDeclaration {
  const kind = String(item.kind ?? "");
  const declaration = (itemKinds as Record<string, ItemKindDeclaration>)[kind];
  if (!declaration) throw new UndeclaredItemKindError(kind || "(none)", { pk: String(item.pk), sk: String(item.sk) });
  return declaration;
}
