// Ports for the interview stage. Kept beside ports.ts rather than inside HirepathStore so the
// application journey's functions don't carry interview methods they never call.
import type { ChatRobot } from "../outreach/chat-robots.js";
import type { AttendanceCounts, AttendanceTally } from "./attendance.js";
import type { Interview, Interviewer, PriorityFlag, TimeRange, TimelineEvent } from "../shared/model.js";
import type { JourneyStarter } from "../shared/ports.js";

/** A booking change that did not happen, and why. */
export type BookingOutcome = { ok: true } | { ok: false; reason: "exists" | "slot-taken" | "link-used" | "changed" };

export interface InterviewStore {
  putInterviewer(interviewer: Interviewer): Promise<void>;
  getInterviewer(interviewerId: string): Promise<Interviewer | undefined>;
  listInterviewers(): Promise<Interviewer[]>;
  /** Interviews on an interviewer's calendar overlapping [from, to). */
  busyTimes(interviewerId: string, from: string, to: string): Promise<TimeRange[]>;

  /**
   * Books an interview in one transaction: the interview (if its id is new), its calendar entry, a
   * claim on every slot cell it covers (free, or already its own), its timeline events and, for a
   * single-use link, the link's use. "exists": that interview id is taken; "slot-taken": another
   * interview holds part of the time; "link-used": the link was used.
   */
  bookInterview(interview: Interview, record: readonly TimelineEvent[], linkUse?: { nonce: string; at: string; purpose: string }): Promise<BookingOutcome>;
  /** Moves a booking in one transaction: the interview (if still at the version read), calendar entry, cells, events. */
  moveInterview(current: Interview, patch: Partial<Interview> & TimeRange, record: readonly TimelineEvent[]): Promise<BookingOutcome>;
  /** Ends a booking (cancelled, declined) in one transaction: the interview, its calendar entry and cells freed, events. */
  releaseInterview(current: Interview, patch: Partial<Interview>, record: readonly TimelineEvent[]): Promise<BookingOutcome>;
  getInterview(candidateId: string, interviewId: string): Promise<Interview | undefined>;
  listInterviews(candidateId: string): Promise<Interview[]>;
  /** Conditional on the version the caller read, so two concurrent changes cannot both win; the events go in the same transaction. */
  updateInterview(candidateId: string, interviewId: string, expectedVersion: number, patch: Partial<Interview>, record?: readonly TimelineEvent[], unlessSet?: keyof Interview): Promise<boolean>;


  /**
   * Settles the interview's outcome (attended / no-show) once: the interview (if still at the version
   * read and without an outcome), the attendance counters for `tally` and the events, in one
   * transaction. False when the version moved or an outcome was already there.
   */
  settleInterview(current: Interview, patch: Pick<Interview, "outcome" | "outcomeAt" | "updatedAt">, tally: AttendanceTally, record?: readonly TimelineEvent[]): Promise<boolean>;
  attendanceCounts(): Promise<AttendanceCounts>;

  /** Claims a single-use link nonce. False when it was used before. */
  claimLinkUse(nonce: string, at: string, purpose: string): Promise<boolean>;
  /** Whether a single-use link nonce was used (read only: what a GET shows before anyone acts). */
  linkUsed(nonce: string): Promise<boolean>;
  /** Gives a single-use link back when the action it was claimed for did not happen. */
  releaseLinkUse(nonce: string): Promise<void>;

  /** Replaces the flag (a new deadline supersedes the old one). */
  putPriorityFlag(flag: PriorityFlag): Promise<void>;
  getPriorityFlag(candidateId: string, applicationId: string): Promise<PriorityFlag | undefined>;
  /** Open flags, soonest deadline first: what every recruiter sees. */
  listOpenPriorityFlags(limit: number): Promise<PriorityFlag[]>;
  /** Moves an open flag to scheduled/breached, with its events in the same transaction; false if it was not open. */
  closePriorityFlag(candidateId: string, applicationId: string, patch: Partial<PriorityFlag> & { status: "scheduled" | "breached" }, record?: readonly TimelineEvent[]): Promise<boolean>;
  /** Notes a scheduling that came after the flag closed (breached), once, with its events. */
  noteLateScheduling(candidateId: string, applicationId: string, patch: Pick<PriorityFlag, "interviewScheduledAt" | "interviewId">, record: readonly TimelineEvent[]): Promise<boolean>;

  putTeamChat(teamId: string, robots: ChatRobot[], at: string): Promise<void>;
  getTeamChat(teamId: string): Promise<ChatRobot[]>;
  /** Every team with robots (the teams index kept by putTeamChat). */
  listTeamChats(): Promise<{ teamId: string; robots: ChatRobot[]; updatedAt?: string }[]>;
  /** Claims one chat post (alert × robot). False when an earlier attempt already posted it. */
  claimChatDelivery(deliveryId: string, at: string): Promise<boolean>;
  /** Releases a claim whose post definitely failed, so a later retry may post. */
  releaseChatDelivery(deliveryId: string): Promise<void>;
}

/**
 * The interview's workflows, each its own state machine: the use case knows which one it starts.
 * `journey` follows one interview version (statemachines/interview-journey.asl.json); the others are
 * statemachines/interview-change-notice, interview-priority-sla and interview-scheduling-link.
 */
export interface InterviewWorkflows {
  journey: JourneyStarter;
  changeNotice: JourneyStarter;
  prioritySla: JourneyStarter;
  schedulingLink: JourneyStarter;
}
