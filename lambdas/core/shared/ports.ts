// Ports: the small interfaces core depends on. Adapters implement them; tests pass fakes or the
// real adapters against the local stand-ins. No SDK type crosses this line.
import type { ApprovalDecision, ApprovalStepRecord, Offer, OfferLink, OfferPolicy, PolicyChange, ReEngagement } from "../offer/offer-model.js";
import type { Application, Candidate, Channel, DeadLetter, MessageRecord, Requisition, TimelineEvent } from "./model.js";
import type { ShortLinkRecord } from "./short-links.js";
import type { SendingRulesStore } from "../outreach/sending-rules.js";

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
/**
 * The time outside the journeys: the clock job boards and chat platforms stamp their signed
 * requests with, so webhook freshness is checked against it. On AWS it is the system clock. The
 * local stack's `Date` reads journey time, which may run ahead of the wall (local/clock), and
 * exposes the real time under this symbol.
 */
export const wallClock: Clock = {
  now: () => {
    const wall = (Date as unknown as Record<symbol, (() => number) | undefined>)[Symbol.for("hirepath.wallNow")];
    return new Date(wall ? wall() : Date.now());
  },
};

export interface DeliveryRecord {
  source: string;
  deliveryId: string;
  candidateId: string;
  applicationId: string;
  status: "in-progress" | "completed";
  executionArn?: string;
  receivedAt: string;
}

export interface CandidateContact {
  name: string;
  emailNorm?: string;
  phoneE164?: string;
  locale: Candidate["locale"];
  timeZone: string;
  preferredChannel: Channel;
  source: string;
}

export interface CandidateView {
  candidate: Candidate;
  applications: Application[];
  timeline: TimelineEvent[];
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** The one store of candidates, messages and the rest; it also holds the sending rules every planner reads. */
export interface HirepathStore extends SendingRulesStore {
  // Webhook deliveries: the marker pre-allocates ids so a retried delivery continues, not duplicates.
  /** Writes the marker if absent. Either way returns the marker that won, and whether it was ours. */
  claimDelivery(record: DeliveryRecord): Promise<{ claimed: boolean; record: DeliveryRecord }>;
  /**
   * Claims a source's own application identity for the proposed ids, or returns the ids (and
   * receipt time) of the delivery that claimed it first: the same application again, whatever its
   * delivery id. `completed` once that application's journey has started.
   */
  claimApplicationKey(source: string, externalId: string, proposed: { candidateId: string; applicationId: string; deliveryId: string; receivedAt: string }): Promise<{ claimed: boolean; record: { candidateId: string; applicationId: string; deliveryId: string; receivedAt: string; status: "in-progress" | "completed"; executionArn?: string } }>;
  completeApplicationKey(source: string, externalId: string, executionArn: string): Promise<void>;
  completeDelivery(source: string, deliveryId: string, executionArn: string): Promise<void>;

  /**
   * Resolves the candidate by email/phone uniqueness markers, creating the profile if new. A marker
   * naming an erased person names nobody; a proposed id that is itself an erased person throws
   * PersonErasedError (propose another).
   */
  findOrCreateCandidate(proposedId: string, contact: CandidateContact, now: string): Promise<{ candidate: Candidate; created: boolean }>;
  getCandidate(candidateId: string): Promise<Candidate | undefined>;
  getCandidateView(candidateId: string): Promise<CandidateView | undefined>;
  listCandidates(limit: number, cursor?: string): Promise<Page<Candidate>>;

  /**
   * Idempotent: a second put of the same application id keeps the first. Throws PersonErasedError,
   * writing nothing, when the person was erased (or never written): an application read its person
   * before an erasure must not land in the erased partition.
   */
  putApplication(application: Application): Promise<Application>;
  getApplication(candidateId: string, applicationId: string): Promise<Application | undefined>;
  /** SETs the patch on an existing application; with `record`, those timeline events in the same transaction (then followed). */
  updateApplication(candidateId: string, applicationId: string, patch: Partial<Application>, record?: readonly TimelineEvent[]): Promise<void>;

  /** Idempotent by event id. */
  addTimelineEvent(event: TimelineEvent): Promise<void>;

  getRequisition(requisitionId: string): Promise<Requisition | undefined>;
  putRequisition(requisition: Requisition): Promise<void>;
  listRequisitions(): Promise<Requisition[]>;

  /** Claims a message id for sending. Fails with the existing record when already claimed. */
  claimMessage(record: MessageRecord): Promise<{ claimed: boolean; record: MessageRecord }>;
  /** Re-claims a message whose earlier send definitely failed; true if this call took it (its attempt goes up by one). */
  reclaimFailedMessage(messageId: string, now: string): Promise<boolean>;
  /**
   * Takes over a claim left "sending" by an attempt that never finished, if it is still the one read
   * (same attempt number): of two retries that both found it, only one takes it and may send.
   */
  takeOverMessage(messageId: string, expectedAttempt: number | undefined, now: string): Promise<boolean>;
  markMessage(messageId: string, patch: Partial<MessageRecord>): Promise<void>;
  getMessage(messageId: string): Promise<MessageRecord | undefined>;
  linkProviderMessage(provider: string, providerMessageId: string, messageId: string): Promise<void>;
  findMessageByProviderId(provider: string, providerMessageId: string): Promise<string | undefined>;
  /** Sets an engagement timestamp only if not already set; returns whether this call set it. */
  recordMessageEvent(messageId: string, field: EngagementField, at: string): Promise<boolean>;

  /**
   * Keeps a dead letter. With a cap, it counts against its source's hour in the same transaction,
   * and is not written (false) when the hour is full.
   */
  putDeadLetter(deadLetter: DeadLetter, cap?: { source: string; hour: string; limit: number }): Promise<boolean>;
  /** Whether the source's hour still has room under the cap (a cheap check before the write). */
  deadLetterRoom(source: string, hour: string, limit: number): Promise<boolean>;
  countDroppedDeadLetter(source: string, hour: string): Promise<void>;
  /** Kept and dropped counts per source and hour, from `sinceHour` on. */
  deadLetterCounts(sinceHour: string): Promise<Array<{ source: string; hour: string; kept: number; dropped: number }>>;
  getDeadLetter(deadLetterId: string): Promise<DeadLetter | undefined>;
  listDeadLetters(limit: number, cursor?: string): Promise<Page<DeadLetter>>;
  markDeadLetterReplayed(deadLetterId: string, at: string, result: Record<string, unknown>): Promise<void>;

  isUnsubscribed(channel: Channel, address: string): Promise<boolean>;
  /** SMS short links (core/shared/short-links.ts). */
  putShortLink(id: string, record: ShortLinkRecord): Promise<boolean>;
  getShortLink(id: string): Promise<ShortLinkRecord | undefined>;
  unsubscribe(channel: Channel, address: string, at: string, candidateId: string): Promise<void>;
}

export type EngagementField = "acceptedAt" | "deliveredAt" | "openedAt" | "clickedAt" | "bouncedAt" | "complainedAt" | "failedAt";

/**
 * Told about timeline events once they are stored, by every store that writes them: how views
 * derived from the timeline (the talent status) follow every journey without each journey knowing them.
 */
export type TimelineFollower = (events: readonly TimelineEvent[]) => Promise<void>;

export interface JourneyStarter {
  /** Idempotent by name: the same name and input return the same execution. */
  startJourney(name: string, input: Record<string, unknown>): Promise<string>;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  tags: Record<string, string>;
  /** Files attached to the message (the interview's ICS calendar event). */
  attachments?: ReadonlyArray<{ filename: string; contentType: string; content: string }>;
}

export interface OutgoingSms {
  to: string;
  body: string;
  tags: Record<string, string>;
}

export interface SendReceipt {
  provider: string;
  providerMessageId: string;
}

export interface EmailSender {
  sendEmail(email: OutgoingEmail): Promise<SendReceipt>;
}
export interface SmsSender {
  sendSms(sms: OutgoingSms): Promise<SendReceipt>;
}

export interface SecretsProvider {
  webhookSecret(source: string): Promise<string | undefined>;
  linkSigningKey(): Promise<string>;
}

// --- offer journey (see offer-model.ts) ----------------------------------------------------

export interface OfferStore {
  /** Creates or replaces a draft; false if the offer exists and is no longer a draft. */
  saveDraft(offer: Offer): Promise<boolean>;
  getOffer(candidateId: string, offerId: string): Promise<Offer | undefined>;
  listOffers(candidateId: string): Promise<Offer[]>;
  /** SETs the patch; with `onlyIfStatus`, only while the offer has one of those statuses. */
  updateOffer(candidateId: string, offerId: string, patch: Partial<Offer>, onlyIfStatus?: readonly Offer["status"][]): Promise<boolean>;
  /** The candidate's answer and its timeline event (at the event's time), together, once: false if already answered or not sent. */
  recordResponse(candidateId: string, offerId: string, response: NonNullable<Offer["response"]>, event: TimelineEvent): Promise<boolean>;

  getOfferPolicy(requisitionId: string): Promise<OfferPolicy | undefined>;
  putOfferPolicy(requisitionId: string, policy: OfferPolicy): Promise<void>;

  /** Idempotent: returns the step already stored for the same key, if any. */
  openApprovalStep(step: ApprovalStepRecord): Promise<ApprovalStepRecord>;
  getApprovalStep(offerId: string, round: string, stepIndex: number): Promise<ApprovalStepRecord | undefined>;
  listApprovalSteps(offerId: string): Promise<ApprovalStepRecord[]>;
  updateApprovalStep(offerId: string, round: string, stepIndex: number, patch: Partial<ApprovalStepRecord>): Promise<void>;
  /** Appends one decision and returns the step as it is now. */
  appendDecision(offerId: string, round: string, stepIndex: number, decision: ApprovalDecision): Promise<ApprovalStepRecord>;
  /** Sets the resolution once; false if the step was already resolved. */
  resolveApprovalStep(offerId: string, round: string, stepIndex: number, resolution: NonNullable<ApprovalStepRecord["resolution"]>): Promise<boolean>;

  /** Never overwrites: false if a link with that id already exists (e.g. written by an earlier attempt). */
  putLink(link: OfferLink): Promise<boolean>;
  getLink(linkId: string): Promise<OfferLink | undefined>;
  /** Single use: marks the link used unless it already is (false then). */
  useLink(linkId: string, at: string, decision: string): Promise<boolean>;
  /**
   * An approver's decision through their link, in one transaction: the link used, the decision
   * appended to the step, the timeline event. Undefined (nothing written) when the link was used
   * already; else the step as it is now.
   */
  recordApprovalDecision(linkId: string, step: { offerId: string; round: string; stepIndex: number }, decision: ApprovalDecision, event: TimelineEvent): Promise<ApprovalStepRecord | undefined>;

  getReEngagement(candidateId: string): Promise<ReEngagement | undefined>;
  putReEngagement(plan: ReEngagement): Promise<void>;
  addPolicyChange(change: PolicyChange): Promise<void>;
  listPolicyChanges(since: string): Promise<PolicyChange[]>;
}

/** EventBridge Scheduler one-time schedules in the hirepath group, starting the re-engagement machine. */
export interface ReEngagementSchedules {
  /** Creates or replaces the schedule. */
  schedule(name: string, at: Date, input: Record<string, unknown>): Promise<void>;
  /** False if there was no such schedule (already fired or deleted). */
  cancel(name: string): Promise<boolean>;
}

export interface TaskCallbacks {
  /** SendTaskSuccess. False when the token is no longer open (timed out, already completed). */
  succeed(taskToken: string, output: Record<string, unknown>): Promise<boolean>;
}
