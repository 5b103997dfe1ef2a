// Every table key is built here and nowhere else. One table, partitioned by what is read together:
// a candidate's profile, applications and timeline share a partition, so the HR view is one Query.
export const TableIndex = {
  byEmail: "byEmail",
  byPhone: "byPhone",
  openTasks: "openTasks",
} as const;

export interface ItemKey {
  pk: string;
  sk: string;
}

const CANDIDATE_PREFIX = "CAND#";

export const keys = {
  candidateProfile: (candidateId: string): ItemKey => ({ pk: `${CANDIDATE_PREFIX}${candidateId}`, sk: "PROFILE" }),
  candidatePartition: (candidateId: string): string => `${CANDIDATE_PREFIX}${candidateId}`,
  application: (candidateId: string, applicationId: string): ItemKey => ({
    pk: `${CANDIDATE_PREFIX}${candidateId}`,
    sk: `APP#${applicationId}`,
  }),
  applicationPrefix: "APP#",
  /** Timeline events sort by time, then by a unique id so two events in one millisecond both survive. */
  timelineEvent: (candidateId: string, at: string, eventId: string): ItemKey => ({
    pk: `${CANDIDATE_PREFIX}${candidateId}`,
    sk: `EVT#${at}#${eventId}`,
  }),
  timelinePrefix: "EVT#",
  /** Uniqueness markers: a conditional put on these is what makes an email or phone belong to one profile. */
  emailMarker: (emailNorm: string): ItemKey => ({ pk: `UNIQ#EMAIL#${emailNorm}`, sk: "UNIQ" }),
  phoneMarker: (phoneE164: string): ItemKey => ({ pk: `UNIQ#PHONE#${phoneE164}`, sk: "UNIQ" }),
  webhookDelivery: (source: string, deliveryId: string): ItemKey => ({ pk: `DELIVERY#${source}#${deliveryId}`, sk: "DELIVERY" }),
  message: (messageId: string): ItemKey => ({ pk: `MSG#${messageId}`, sk: "MSG" }),
  /** Provider message id (SES / SMS) → our message id, for events whose tags were lost. */
  providerMessage: (provider: string, providerMessageId: string): ItemKey => ({
    pk: `PMSG#${provider}#${providerMessageId}`,
    sk: "PMSG",
  }),
  requisition: (requisitionId: string): ItemKey => ({ pk: `REQ#${requisitionId}`, sk: "REQ" }),
  requisitionListPartition: "REQS",
  requisitionListEntry: (requisitionId: string): ItemKey => ({ pk: "REQS", sk: `REQ#${requisitionId}` }),
  /** Dead letters are few and read newest-first as one list, so they share a partition sorted by time. */
  deadLetterPartition: "DLQ",
  /** Dead-letter ids are time-ordered (core/ids.ts), so the sort key alone orders them. */
  deadLetter: (deadLetterId: string): ItemKey => ({ pk: "DLQ", sk: `DL#${deadLetterId}` }),
  /** Dead letters kept and dropped per source and hour: the cap on what unauthenticated senders can add. */
  deadLetterCountPartition: "DLQCOUNT",
  deadLetterCount: (hour: string, source: string): ItemKey => ({ pk: "DLQCOUNT", sk: `${hour}#${source}` }),
  /** A source's own application identity (Greenhouse's application id, application.externalId, …) → our ids. */
  applicationKey: (source: string, externalId: string): ItemKey => ({ pk: `APPKEY#${source}#${externalId}`, sk: "APPKEY" }),
  /** A listing entry so HR can page candidates newest-first without a Scan. */
  candidateListPartition: "CANDS",
  candidateListEntry: (createdAt: string, candidateId: string): ItemKey => ({ pk: "CANDS", sk: `${createdAt}#${candidateId}` }),
  unsubscribe: (channel: string, address: string): ItemKey => ({ pk: `UNSUB#${channel}#${address}`, sk: "UNSUB" }),
  // Offer journey. An offer lives in its candidate's partition, so the HR view reads it with the timeline.
  offer: (candidateId: string, offerId: string): ItemKey => ({ pk: `${CANDIDATE_PREFIX}${candidateId}`, sk: `OFFER#${offerId}` }),
  offerPrefix: "OFFER#",
  /** Approval chain, budget and pre-onboarding touches for a requisition's offers. */
  offerPolicy: (requisitionId: string): ItemKey => ({ pk: `REQ#${requisitionId}`, sk: "OFFER-POLICY" }),
  /** One approval step of one submission ("round": the offer execution's name). */
  approvalStep: (offerId: string, round: string, stepIndex: number): ItemKey => ({ pk: `OFFERSTEP#${offerId}`, sk: `${round}#${String(stepIndex).padStart(2, "0")}` }),
  approvalStepPartition: (offerId: string): string => `OFFERSTEP#${offerId}`,
  /** A short random link id → what it may do; the task token stays in the step or offer item. */
  offerLink: (linkId: string): ItemKey => ({ pk: `OLINK#${linkId}`, sk: "OLINK" }),
  // Tasks (core/tasks): one model for every kind. A task lives in its candidate's partition, so the
  // candidate's tasks are one Query and leave with the person; a small reference item finds it by id.
  task: (candidateId: string, taskId: string): ItemKey => ({ pk: `${CANDIDATE_PREFIX}${candidateId}`, sk: `TASK#${taskId}` }),
  taskPrefix: "TASK#",
  /** taskId → candidate. The same key held an offer task before the one model (kind "hr-task"); the migration rewrites it. */
  taskRef: (taskId: string): ItemKey => ({ pk: `TASK#${taskId}`, sk: "TASK" }),
  /** The candidate's one active task in a slot ("call"): what makes a second open move the first. */
  taskSlot: (candidateId: string, slot: string): ItemKey => ({ pk: `${CANDIDATE_PREFIX}${candidateId}`, sk: `TASKSLOT#${slot}` }),
  /**
   * Every task carries `openTaskQueue` = its state's list in the openTasks index (named for its first
   * use), sorted by due time: the active ones (open, escalated) in one list, done and cancelled in theirs.
   */
  taskList: (state: "active" | "done" | "cancelled"): string => (state === "active" ? "tasks" : `tasks#${state}`),
  /** Before the preference record: the offer journey's consent item. Read only, as a fallback (preferences store). */
  consent: (candidateId: string, purpose: string): ItemKey => ({ pk: `${CANDIDATE_PREFIX}${candidateId}`, sk: `CONSENT#${purpose}` }),
  /** The one preference and consent record (core/preferences), beside the profile. */
  preferences: (candidateId: string): ItemKey => ({ pk: `${CANDIDATE_PREFIX}${candidateId}`, sk: "PREFS" }),
  /** The re-engagement plan lives with the candidate: the HR view reads it in the same Query. */
  reEngagement: (candidateId: string): ItemKey => ({ pk: `${CANDIDATE_PREFIX}${candidateId}`, sk: "REENGAGE" }),
  /** Policy changes are few and read as a time range, so they share one partition sorted by time. */
  policyChangePartition: "POLICYCHG",
  policyChange: (at: string, changeId: string): ItemKey => ({ pk: "POLICYCHG", sk: `${at}#${changeId}` }),
  // Interviews (issue 3). An interview lives in its candidate's partition, so the HR view and the
  // portal read it with the profile; each interviewer's calendar is its own partition sorted by start.
  interview: (candidateId: string, interviewId: string): ItemKey => ({ pk: `${CANDIDATE_PREFIX}${candidateId}`, sk: `INTV#${interviewId}` }),
  interviewPrefix: "INTV#",
  interviewer: (interviewerId: string): ItemKey => ({ pk: "INTVRS", sk: `INTVR#${interviewerId}` }),
  interviewerListPartition: "INTVRS",
  interviewerPrefix: "INTVR#",
  calendarPartition: (interviewerId: string): string => `CAL#${interviewerId}`,
  calendarEntry: (interviewerId: string, startsAt: string, interviewId: string): ItemKey => ({ pk: `CAL#${interviewerId}`, sk: `${startsAt}#${interviewId}` }),
  /**
   * One cell (SLOT_CELL_MINUTES) of an interviewer's time, held by the interview booked over it.
   * Claimed with a conditional put in the booking's transaction: what makes a slot bookable once.
   */
  slotClaim: (interviewerId: string, cellStart: string): ItemKey => ({ pk: `SLOT#${interviewerId}`, sk: cellStart }),
  /** Before the one task model: a recruiter task. Read only by the task migration. */
  staffTask: (taskId: string): ItemKey => ({ pk: `STAFFTASK#${taskId}`, sk: "STAFFTASK" }),
  staffTaskPrefix: "STAFFTASK#",
  /** Single-use links: the first POST claims the marker, later ones find it. */
  linkUse: (nonce: string): ItemKey => ({ pk: `LINKUSE#${nonce}`, sk: "LINKUSE" }),
  /** One chat-robot post per alert and robot: webhooks have no idempotency key of their own. */
  chatDelivery: (deliveryId: string): ItemKey => ({ pk: `CHATPOST#${deliveryId}`, sk: "CHATPOST" }),
  /** The executive priority flag on an application, beside the application in the candidate's partition. */
  priorityFlag: (candidateId: string, applicationId: string): ItemKey => ({ pk: `${CANDIDATE_PREFIX}${candidateId}`, sk: `FLAG#${applicationId}` }),
  /** A team's chat robots for staff alerts. */
  teamChat: (teamId: string): ItemKey => ({ pk: `TEAM#${teamId}`, sk: "CHAT" }),
  /** The ids of every team with chat robots: one item, so the settings page lists them without a scan. */
  teamChatIndex: { pk: "TEAMS", sk: "CHAT" } as ItemKey,
  /** HR's text for one candidate template in one language (core/outreach/template-overrides.ts), in the team's partition. */
  messageTemplate: (teamId: string, template: string, locale: string): ItemKey => ({ pk: `TEAM#${teamId}`, sk: `TPL#${template}#${locale}` }),
  teamPartition: (teamId: string): string => `TEAM#${teamId}`,
  messageTemplatePrefix: "TPL#",
  /** Each saved version of that text, kept as the audit of who changed what; zero-padded so they sort by version. */
  messageTemplateVersion: (teamId: string, template: string, locale: string, version: number): ItemKey => ({ pk: `TEAM#${teamId}`, sk: `TPLV#${template}#${locale}#${String(version).padStart(8, "0")}` }),
  messageTemplateVersionPrefix: (template: string, locale: string): string => `TPLV#${template}#${locale}#`,
  /** The ids of every team that has saved a template: one item, so the settings page lists them without a scan. */
  templateTeamIndex: { pk: "TEAMS", sk: "TEMPLATES" } as ItemKey,
  /** The deployment's sending rules (quiet hours, daily cap; core/outreach/sending-rules.ts): one item, read by every planning step. */
  sendingRules: { pk: "SETTINGS", sk: "SENDING" } as ItemKey,
  settingsPartition: "SETTINGS",
  /** Each saved version of the sending rules (the audit), zero-padded so they sort by version. */
  sendingRulesVersion: (version: number): ItemKey => ({ pk: "SETTINGS", sk: `SENDINGV#${String(version).padStart(8, "0")}` }),
  sendingRulesVersionPrefix: "SENDINGV#",

  // --- talent pool ---------------------------------------------------------------------------
  /** HR's view of a person (status, tags, preferences, ratings), beside the profile in its partition. */
  talentProfile: (candidateId: string): ItemKey => ({ pk: `${CANDIDATE_PREFIX}${candidateId}`, sk: "TALENT" }),
  /** Before the one task model: the next call attempt (kind "call-task"). Read only by the task migration. */
  callTask: (candidateId: string, callId: string): ItemKey => ({ pk: `${CANDIDATE_PREFIX}${candidateId}`, sk: `TASK#call#${callId}` }),
  /**
   * Search index entries: one partition per searchable term (tag, status, requisition, name
   * prefix, rejected-and-rated), one item per candidate in it, carrying a summary so a result page
   * is one Query. The sort key decides the order within a term.
   */
  searchPartition: (field: string, value: string): string => `IDX#${field}#${value}`,
  searchEntry: (field: string, value: string, sortValue: string): ItemKey => ({ pk: `IDX#${field}#${value}`, sk: sortValue }),
  /**
   * A person whose search entries may lag their pool record: written in the record's own transaction,
   * deleted once the entries are rewritten. Search re-indexes whoever is listed before it reads, so a
   * crash between the record and its entries never leaves search answering from the old status.
   * Sharded like the listings (by talent-search's shardOf), as every change of a record writes one.
   */
  searchReindexPartition: (shard: number): string => `IDX#pending#${shard}`,
  searchReindexPending: (candidateId: string, shard: number): ItemKey => ({ pk: `IDX#pending#${shard}`, sk: candidateId }),
  /**
   * Every call attempt of a role family: the raw material of best-time statistics. Keyed by the
   * call id alone (derived from the client's attempt key), so a retry finds the first attempt.
   */
  callLogPartition: (roleFamily: string): string => `CALLS#${roleFamily}`,
  callLogEntry: (roleFamily: string, callId: string): ItemKey => ({ pk: `CALLS#${roleFamily}`, sk: `CALL#${callId}` }),
  /** Connect counters per role family × weekday × hour, kept beside the log so a recommendation is one read. */
  callStats: (roleFamily: string): ItemKey => ({ pk: `CALLSTATS#${roleFamily}`, sk: "STATS" }),
  /**
   * The hiring report's read model: one record per application (requisitions/hiring-paths.ts), in one
   * partition sorted by when the application arrived, so a period is one Query from its start.
   */
  hiringPathPartition: "HIRINGPATHS",
  hiringPath: (appliedAt: string, applicationId: string): ItemKey => ({ pk: "HIRINGPATHS", sk: `${appliedAt}#${applicationId}` }),
  /** Interview attendance counters (no-shows by slot, channel, opened), one item: attendance.ts. */
  attendanceStats: (): ItemKey => ({ pk: "ATTENDANCESTATS", sk: "STATS" }),
  /** Raw webhook payloads as received from an ATS, kept for inspection and remapping. */
  rawPayload: (source: string, deliveryId: string): ItemKey => ({ pk: `RAW#${source}#${deliveryId}`, sk: "RAW" }),
  importJob: (importId: string): ItemKey => ({ pk: `IMPORT#${importId}`, sk: "JOB" }),
  importRow: (importId: string, rowNumber: number): ItemKey => ({ pk: `IMPORT#${importId}`, sk: `ROW#${String(rowNumber).padStart(7, "0")}` }),
  /** A landed chunk of one attempt: what makes a retried chunk count once. */
  importChunk: (importId: string, attempt: number, chunk: number): ItemKey => ({ pk: `IMPORT#${importId}`, sk: `CHUNK#${attempt}#${String(chunk).padStart(5, "0")}` }),
  importRowPrefix: "ROW#",
  importListPartition: "IMPORTS",
  importListEntry: (createdAt: string, importId: string): ItemKey => ({ pk: "IMPORTS", sk: `${createdAt}#${importId}` }),
  /** A saved column mapping per job-board source (智联, 猎聘, BOSS直聘 …). */
  importMapping: (source: string): ItemKey => ({ pk: "IMPMAP", sk: `SRC#${source}` }),
  importMappingPartition: "IMPMAP",
  /** Outreach experiments: the definition with per-arm counters, and one assignment per candidate. */
  experiment: (experimentId: string): ItemKey => ({ pk: `EXP#${experimentId}`, sk: "EXP" }),
  experimentAssignment: (experimentId: string, candidateId: string): ItemKey => ({ pk: `EXP#${experimentId}`, sk: `ASSIGN#${candidateId}` }),
  /** Every experiment's id, so the console can list them. */
  experimentListPartition: "EXPS",
  experimentListEntry: (experimentId: string): ItemKey => ({ pk: "EXPS", sk: `EXP#${experimentId}` }),
  /** A stored resume file and its extracted text, in the candidate's partition. */
  resume: (candidateId: string, resumeId: string): ItemKey => ({ pk: `${CANDIDATE_PREFIX}${candidateId}`, sk: `RESUME#${resumeId}` }),
  resumePrefix: "RESUME#",
  /** Audit entries that must outlive the person (merges, erasures), without personal data. */
  auditPartition: "AUDIT",
  auditEntry: (at: string, auditId: string): ItemKey => ({ pk: "AUDIT", sk: `${at}#${auditId}` }),
  /** An SMS's short link: the id and the one signed token it stands for (core/shared/short-links.ts). */
  shortLink: (id: string): ItemKey => ({ pk: `SLINK#${id}`, sk: "SLINK" }),
  /** One caller's request count in one rate-limit window; the table's TTL removes it after the window. */
  rateWindow: (callerKey: string, windowStart: string): ItemKey => ({ pk: `RATE#${callerKey}`, sk: `WIN#${windowStart}` }),
} as const;

/** The table's TTL attribute (epoch seconds). Only short-lived items carry it: rate-limit windows and SMS short links. */
export const TTL_ATTRIBUTE = "ttl";

/** Before the one task model, the openTasks partitions of offer, recruiter and call tasks: the migration reads them. */
export const LEGACY_TASK_QUEUES = { hr: "hr", recruiters: "recruiters", calls: "call-attempts" } as const;
/** Open priority flags share the openTasks GSI under their own queue, soonest deadline first. */
export const PRIORITY_FLAG_QUEUE = "priority-flags";

export function idFromSortKey(sk: string, prefix: string): string {
  return sk.startsWith(prefix) ? sk.slice(prefix.length) : sk;
}
