// Ports for the interview stage. Kept beside ports.ts rather than inside HirepathStore so the
// application journey's functions don't carry interview methods they never call.
import type { ChatRobot } from "../outreach/chat-robots.js";
import type { AlertDelivery, Interview, Interviewer, PriorityFlag, StaffTask, TimeRange } from "../shared/model.js";

export interface InterviewStore {
  putInterviewer(interviewer: Interviewer): Promise<void>;
  getInterviewer(interviewerId: string): Promise<Interviewer | undefined>;
  listInterviewers(): Promise<Interviewer[]>;
  /** Interviews on an interviewer's calendar overlapping [from, to). */
  busyTimes(interviewerId: string, from: string, to: string): Promise<TimeRange[]>;

  /** Creates the interview and its calendar entry; idempotent by interview id (returns the stored one). */
  createInterview(interview: Interview): Promise<Interview>;
  getInterview(candidateId: string, interviewId: string): Promise<Interview | undefined>;
  listInterviews(candidateId: string): Promise<Interview[]>;
  /** Conditional on the version the caller read, so two concurrent changes cannot both win. */
  updateInterview(candidateId: string, interviewId: string, expectedVersion: number, patch: Partial<Interview>): Promise<boolean>;
  /** Moves the calendar entry when the time changes or is freed. */
  moveCalendarEntry(interviewerId: string, interviewId: string, from: TimeRange | undefined, to: TimeRange | undefined): Promise<void>;

  /** Idempotent by task id. */
  createTask(task: StaffTask): Promise<StaffTask>;
  getTask(taskId: string): Promise<StaffTask | undefined>;
  listOpenTasks(limit: number): Promise<StaffTask[]>;
  /** Only an open (or escalated) task can be completed; false if it was already done. */
  completeTask(taskId: string, by: string, at: string): Promise<boolean>;
  markTaskEscalated(taskId: string, at: string): Promise<boolean>;
  appendTaskAlerts(taskId: string, alerts: AlertDelivery[]): Promise<void>;

  /** Claims a single-use link nonce. False when it was used before. */
  claimLinkUse(nonce: string, at: string, purpose: string): Promise<boolean>;
  /** Gives a single-use link back when the action it was claimed for did not happen. */
  releaseLinkUse(nonce: string): Promise<void>;

  /** Replaces the flag (a new deadline supersedes the old one). */
  putPriorityFlag(flag: PriorityFlag): Promise<void>;
  getPriorityFlag(candidateId: string, applicationId: string): Promise<PriorityFlag | undefined>;
  /** Open flags, soonest deadline first: what every recruiter sees. */
  listOpenPriorityFlags(limit: number): Promise<PriorityFlag[]>;
  /** Moves an open flag to scheduled/breached; false if it was not open. */
  closePriorityFlag(candidateId: string, applicationId: string, patch: Partial<PriorityFlag> & { status: "scheduled" | "breached" }): Promise<boolean>;

  putTeamChat(teamId: string, robots: ChatRobot[], at: string): Promise<void>;
  getTeamChat(teamId: string): Promise<ChatRobot[]>;
  /** Claims one chat post (alert × robot). False when an earlier attempt already posted it. */
  claimChatDelivery(deliveryId: string, at: string): Promise<boolean>;
  /** Releases a claim whose post definitely failed, so a later retry may post. */
  releaseChatDelivery(deliveryId: string): Promise<void>;
}
