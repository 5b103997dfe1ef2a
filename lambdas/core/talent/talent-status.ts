// The talent status, derived. A person's status in the pool is not kept by hand in one journey and
// forgotten by the others: it is a fold over their timeline, which every journey writes to. The same
// events in any order give the same status, so recomputing is always safe: after a crash, after a
// merge, or for the whole pool from the admin reindex.
//
// - contacted: a message was delivered (or opened, clicked, answered) or a call reached them;
// - interviewing, offered, stalled, hired, rejected: from application, interview, offer and recall events;
// - unreachable: failures in a row across every channel (bounces, failed SMS, missed calls) reached the
//   threshold, or every address we have failed for good; the failures are listed as the evidence;
// - HR may set any status (a talent.status, talent.stage or talent.rejection event). It is shown as
//   HR's and holds until a later journey fact changes what the journeys say.
import type { Candidate, TimelineEvent } from "../shared/model.js";
import type { Clock, HirepathStore } from "../shared/ports.js";
import { MISSED_OUTCOMES, type CallOutcome, type TalentProfile, type TalentStatus } from "./talent-model.js";
import type { TalentStore } from "./talent-ports.js";

/** Failed attempts in a row, across channels, after which a person is unreachable. */
export const UNREACHABLE_AFTER_FAILURES = 4;

export type ContactChannel = "email" | "sms" | "call";

export interface ContactFailure {
  at: string;
  channel: ContactChannel;
  /** What failed, in HR's words: "email bounced (Permanent)", "sms TEXT_CARRIER_UNREACHABLE", "call no-answer". */
  detail: string;
  /** The address failed for good (hard bounce, invalid or unreachable number, wrong number). */
  permanent: boolean;
  eventId: string;
}

export interface ContactState {
  /** Failures since the person was last reached, oldest first. */
  failures: ContactFailure[];
  /** Channels whose address failed for good and has not worked since. */
  deadChannels: ContactChannel[];
  lastReachAt?: string;
}

export interface DerivedStatus {
  status: TalentStatus;
  /** "hr" when HR set it and no later journey fact changed it. */
  source: "journey" | "hr";
  reason: string;
  /** When the fact that decided it happened. */
  at?: string;
  /** Who set it, for HR's statuses. */
  by?: string;
  contact: ContactState;
}

/** SMS event types that mean the number will not take a message (End User Messaging SMS). */
const PERMANENT_SMS_FAILURES = new Set(["TEXT_INVALID", "TEXT_UNREACHABLE", "TEXT_CARRIER_UNREACHABLE", "TEXT_BLOCKED", "TEXT_CARRIER_BLOCKED", "TEXT_PROTECT_BLOCKED", "TEXT_INVALID_MESSAGE", "TEXT_OPTED_OUT"]);

/** Events in which the candidate did something: each one means we reached them. */
const CANDIDATE_ACTS = new Set([
  "message.opened",
  "message.clicked",
  "portal.visited",
  "portal.pre-interview-form",
  "interview.link-opened",
  "interview.confirmed",
  "offer.question",
  "offer.accepted",
  "offer.declined",
  "sms.replied",
]);

type StageStatus = Extract<TalentStatus, "interviewing" | "offered" | "stalled" | "hired" | "rejected">;
const ACTIVE: ReadonlySet<TalentStatus> = new Set(["interviewing", "offered", "stalled"]);
/** An application's stages after its interviews: an interview fact does not move it back. */
const PAST_INTERVIEW: ReadonlySet<TalentStatus> = new Set(["offered", "stalled", "hired"]);
/** Statuses about reaching the person, not about where they are in a process. */
const CONTACT_STATUSES: ReadonlySet<TalentStatus> = new Set(["not-contacted", "contacted", "unreachable"]);

type Fact =
  | { kind: "reach"; channel?: ContactChannel; what: string }
  | { kind: "failure"; failure: Omit<ContactFailure, "at" | "eventId"> }
  | { kind: "stage"; status: StageStatus; what: string; reach?: boolean }
  | { kind: "hr"; status: TalentStatus; reason: string; by?: string }
  /** A new start with someone whose process had ended (they answered a recall with interest). */
  | { kind: "reopen"; what: string };

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

function messageChannel(e: TimelineEvent): ContactChannel {
  const channel = str(e.data?.channel);
  if (channel === "sms" || channel === "email") return channel;
  if (str(e.data?.provider)?.startsWith("sms") || /\(sms\)/.test(e.summary)) return "sms";
  return "email";
}

/** What one timeline event says about the person's status, if anything. */
export function statusFact(e: TimelineEvent): Fact | undefined {
  const d = e.data ?? {};
  switch (e.type) {
    case "message.delivered":
      return { kind: "reach", channel: messageChannel(e), what: `${messageChannel(e)} delivered` };
    case "message.bounced":
    case "message.failed": {
      const channel = messageChannel(e);
      const kind = str(d.kind) ?? (e.type === "message.bounced" ? "Bounce" : "failed");
      // The outreach module says whether the address failed for good; older events are classified here.
      const permanent = typeof d.permanent === "boolean" ? d.permanent : e.type === "message.bounced" ? !/Transient|Undetermined/i.test(e.summary) : PERMANENT_SMS_FAILURES.has(kind);
      const detail = e.type === "message.bounced" ? `${channel} bounced${permanent ? " (permanent)" : ""}` : `${channel} ${kind}`;
      return { kind: "failure", failure: { channel, detail, permanent } };
    }
    case "talent.call": {
      const outcome = str(d.outcome) as CallOutcome | undefined;
      if (!outcome) return undefined;
      if (MISSED_OUTCOMES.includes(outcome)) return { kind: "failure", failure: { channel: "call", detail: `call ${outcome}`, permanent: outcome === "wrong-number" } };
      return { kind: "reach", channel: "call", what: "reached by phone" };
    }
    case "application.screened":
      return d.decision === "reject" ? { kind: "stage", status: "rejected", what: "screened out" } : undefined;
    case "application.screen-overridden":
      return d.decision === "reject" ? { kind: "stage", status: "rejected", what: "screen overridden: reject" } : undefined;
    case "interview.scheduled":
      return { kind: "stage", status: "interviewing", what: "interview booked" };
    case "interview.rescheduled":
      return { kind: "stage", status: "interviewing", what: "interview moved", reach: d.side === "candidate" };
    case "interview.confirmed":
      return { kind: "stage", status: "interviewing", what: "interview confirmed", reach: true };
    case "interview.outcome-recorded":
    case "interview.outcome":
      return d.outcome === "attended" ? { kind: "stage", status: "interviewing", what: "attended the interview", reach: true } : undefined;
    case "offer.sent":
      return { kind: "stage", status: "offered", what: "offer sent" };
    case "offer.decision-stalled":
      return { kind: "stage", status: "stalled", what: "offer decision stalled" };
    case "offer.accepted":
      return { kind: "stage", status: "hired", what: "accepted the offer", reach: true };
    case "offer.declined":
      return { kind: "stage", status: "rejected", what: "declined the offer", reach: true };
    case "offer.outcome":
      return d.outcome === "accepted" ? { kind: "stage", status: "hired", what: "offer accepted" } : d.outcome === "declined" ? { kind: "stage", status: "rejected", what: "offer declined" } : undefined;
    case "talent.recall-outcome":
      switch (d.outcome) {
        case "interested": return { kind: "reopen", what: "interested in a recall" };
        case "declined": return { kind: "stage", status: "stalled", what: "declined a recall", reach: true };
        case "interviewing": return { kind: "stage", status: "interviewing", what: "recalled to interview", reach: true };
        case "hired": return { kind: "stage", status: "hired", what: "hired from a recall", reach: true };
        default: return undefined;
      }
    case "talent.status":
      return { kind: "hr", status: d.status as TalentStatus, reason: str(d.reason) ?? "", ...(str(d.by) ? { by: str(d.by)! } : {}) };
    case "talent.rejection":
      return { kind: "hr", status: "rejected", reason: str(d.reason) ?? "", ...(str(d.by) ? { by: str(d.by)! } : {}) };
    case "talent.stage": {
      const status = ({ interview: "interviewing", offer: "offered", hired: "hired" } as Record<string, TalentStatus>)[String(d.stage).toLowerCase()];
      return status ? { kind: "hr", status, reason: str(d.reason) ?? "", ...(str(d.by) ? { by: str(d.by)! } : {}) } : undefined;
    }
    default:
      return CANDIDATE_ACTS.has(e.type) ? { kind: "reach", ...(e.type.startsWith("sms.") ? { channel: "sms" as const } : e.type.startsWith("message.") ? { channel: messageChannel(e) } : {}), what: e.type } : undefined;
  }
}

/** Whether an event of this type can change a person's status: only those are worth a recompute. */
export function affectsTalentStatus(e: Pick<TimelineEvent, "type" | "data" | "summary" | "eventId" | "candidateId" | "at">): boolean {
  return statusFact(e as TimelineEvent) !== undefined;
}

const phoneChannels: ContactChannel[] = ["sms", "call"];

function isUnreachable(contact: ContactState, candidate: Pick<Candidate, "emailNorm" | "phoneE164">): boolean {
  if (contact.failures.length >= UNREACHABLE_AFTER_FAILURES) return true;
  // Every way we have to reach them failed for good: a number whose texts fail can still be called
  // until a call finds it wrong.
  const channels: ContactChannel[] = [...(candidate.emailNorm ? ["email" as const] : []), ...(candidate.phoneE164 ? phoneChannels : [])];
  // Only failures since they were last reached count: someone who answered since is not lost, even if
  // an old address of theirs stays dead (and is still avoided).
  return channels.length > 0 && contact.failures.some((f) => f.permanent) && channels.every((c) => contact.deadChannels.includes(c));
}

interface Stage {
  status: StageStatus;
  at: string;
  what: string;
}

/** The journeys' word: the latest stage, except that a rejection never hides another application still open. */
function combine(stages: Map<string, Stage>): Stage | undefined {
  const all = [...stages.values()].sort((a, b) => a.at.localeCompare(b.at));
  const latest = all[all.length - 1];
  const latestActive = all.filter((s) => ACTIVE.has(s.status)).pop();
  return latest?.status === "rejected" && latestActive ? latestActive : latest;
}

function journeyStatus(stage: Stage | undefined, contact: ContactState, candidate: Pick<Candidate, "emailNorm" | "phoneE164">): { status: TalentStatus; reason: string; at?: string } {
  if (stage && !ACTIVE.has(stage.status)) return { status: stage.status, reason: stage.what, at: stage.at };
  if (isUnreachable(contact, candidate)) {
    const last = contact.failures[contact.failures.length - 1];
    return { status: "unreachable", reason: `${contact.failures.length} failed attempts: ${contact.failures.map((f) => f.detail).join(", ")}`, ...(last ? { at: last.at } : {}) };
  }
  if (stage) return { status: stage.status, reason: stage.what, at: stage.at };
  if (contact.lastReachAt) return { status: "contacted", reason: "reached", at: contact.lastReachAt };
  return { status: "not-contacted", reason: "not reached yet" };
}

/** The status a timeline says, and why. Order-independent: events are read in time order. */
export function deriveTalentStatus(candidate: Pick<Candidate, "emailNorm" | "phoneE164">, timeline: readonly TimelineEvent[]): DerivedStatus {
  const events = [...timeline].sort((a, b) => (a.at === b.at ? a.eventId.localeCompare(b.eventId) : a.at.localeCompare(b.at)));
  const contact: ContactState = { failures: [], deadChannels: [] };
  const stages = new Map<string, Stage>();
  let hr: { status: TalentStatus; reason: string; at: string; by?: string } | undefined;
  let lastReachWhat = "";
  for (const e of events) {
    const fact = statusFact(e);
    if (!fact) continue;
    if (fact.kind === "hr") {
      hr = { status: fact.status, reason: fact.reason, at: e.at, ...(fact.by ? { by: fact.by } : {}) };
      continue;
    }
    const before = journeyStatus(combine(stages), contact, candidate).status;
    if (fact.kind === "reopen") {
      stages.clear();
      hr = undefined;
    }
    const reach = fact.kind === "reach" || fact.kind === "reopen" || (fact.kind === "stage" && fact.reach);
    if (reach) {
      contact.failures = [];
      contact.lastReachAt = e.at;
      lastReachWhat = fact.what;
      const channel = fact.kind === "reach" ? fact.channel : undefined;
      if (channel) contact.deadChannels = contact.deadChannels.filter((c) => c !== channel);
    }
    if (fact.kind === "failure") {
      contact.failures.push({ ...fact.failure, at: e.at, eventId: e.eventId });
      const dead = fact.failure.permanent ? (fact.failure.channel === "call" ? phoneChannels : [fact.failure.channel]) : [];
      for (const c of dead) if (!contact.deadChannels.includes(c)) contact.deadChannels.push(c);
    }
    if (fact.kind === "stage") {
      const key = e.applicationId ?? str(e.data?.offerId) ?? str(e.data?.recallId) ?? "_";
      // An interview fact about an application whose offer is out does not take it back to
      // "interviewing": HR records an interview's outcome after the offer went, and the interview
      // journey ends hours after its interview, often after the offer was sent.
      const now = stages.get(key)?.status;
      if (!(fact.status === "interviewing" && now && PAST_INTERVIEW.has(now))) stages.set(key, { status: fact.status, at: e.at, what: fact.what });
    }
    // HR's word holds until the journeys say something new about the person. Whether they can be
    // reached is news only against HR's own word about reaching them: a delivered message does not
    // undo HR's rejection or stall, but it does undo HR's "unreachable".
    const after = journeyStatus(combine(stages), contact, candidate).status;
    if (hr && after !== before && (!CONTACT_STATUSES.has(after) || CONTACT_STATUSES.has(hr.status))) hr = undefined;
  }
  const journey = journeyStatus(combine(stages), contact, candidate);
  if (journey.status === "contacted" && lastReachWhat) journey.reason = lastReachWhat;
  if (hr) return { status: hr.status, source: "hr", reason: hr.reason, at: hr.at, ...(hr.by ? { by: hr.by } : {}), contact };
  return { status: journey.status, source: "journey", reason: journey.reason, ...(journey.at ? { at: journey.at } : {}), contact };
}

/** The derived status written onto the pool record; undefined when nothing changes. */
export function withDerivedStatus(t: TalentProfile, d: DerivedStatus): TalentProfile | undefined {
  const next: TalentProfile = {
    ...t,
    status: d.status,
    statusReason: d.reason,
    statusSource: d.source,
    failedAttempts: d.contact.failures.length,
    deadChannels: d.contact.deadChannels,
  };
  if (d.at) next.statusAt = d.at;
  else delete next.statusAt;
  if (d.by) next.statusBy = d.by;
  else delete next.statusBy;
  if (d.contact.failures.length) next.unreachableEvidence = d.contact.failures.map((f) => `${f.at} ${f.detail}`).slice(-20);
  else delete next.unreachableEvidence;
  if (d.contact.lastReachAt) next.lastContactAt = d.contact.lastReachAt;
  const fields = ["status", "statusReason", "statusSource", "statusAt", "statusBy", "failedAttempts", "deadChannels", "unreachableEvidence", "lastContactAt"] as const;
  return fields.every((f) => JSON.stringify(t[f]) === JSON.stringify(next[f])) ? undefined : next;
}

export interface TalentStatusDeps {
  store: Pick<HirepathStore, "getCandidateView">;
  talent: Pick<TalentStore, "updateTalent">;
  clock: Clock;
}

/**
 * Recomputes one person's status from their whole timeline and stores it (with the search entries).
 * The timeline is read inside the record's optimistic update, after the version it replaces, so of
 * two recomputes at once the one that lands last has seen every event the other saw.
 */
export async function refreshTalentStatus(candidateId: string, deps: TalentStatusDeps): Promise<TalentProfile | undefined> {
  let missing = false;
  const profile = await deps.talent.updateTalent(candidateId, deps.clock.now().toISOString(), async (t) => {
    if (t.mergedInto) return undefined;
    const view = await deps.store.getCandidateView(candidateId);
    if (!view) {
      missing = true;
      return undefined;
    }
    return withDerivedStatus(t, deriveTalentStatus(view.candidate, view.timeline));
  });
  return missing ? undefined : profile;
}

/**
 * Told about timeline events once they are stored (by the stores' follower hook): recomputes the
 * status of each person an event may change. Failing here fails the write's caller, whose retry
 * (Step Functions, EventBridge, the client) recomputes again; a recompute is always safe.
 */
export function talentStatusFollower(deps: TalentStatusDeps): (events: readonly TimelineEvent[]) => Promise<void> {
  return async (events) => {
    const people = [...new Set(events.filter((e) => statusFact(e) !== undefined).map((e) => e.candidateId))];
    for (const candidateId of people) await refreshTalentStatus(candidateId, deps);
  };
}
