// Tasks that one journey opens and another journey's facts settle. A recruiter's "call the candidate
// to confirm the interview" is moot once the candidate confirms by the link or is reached by a call
// logged in the talent pool; "record the interview outcome" once HR records it on the interview; a
// stalled decision once the candidate answers the offer. Without this, each journey only ever closed
// its own tasks, and the inbox kept telling HR to do things that were already done.
//
// The rules are data: which events settle which active tasks, and how (done, or cancelled when nobody
// is to do it any more). The stores' timeline follower runs them after every stored event, like the
// derived talent status. Only tasks opened before the event are settled, so a retry of an old event
// never closes a task opened after it; a task already closed stays as it is (it closes once).
import type { TimelineEvent } from "../shared/model.js";
import type { TimelineFollower } from "../shared/ports.js";
import type { Task } from "./task-model.js";
import { ACTIVE_STATES } from "./task-model.js";
import type { TaskDeps } from "./tasks.js";

export interface Settlement {
  state: "done" | "cancelled";
  outcome: string;
  note: string;
}

export interface SettlingRule {
  /** Event types the rule listens to. */
  events: readonly string[];
  /** What HR reads in the README and in the task's resolution. */
  description: string;
  /** The settlement for `task`, if this event settles it. */
  settles(task: Task, event: TimelineEvent): Settlement | undefined;
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const sameInterview = (task: Task, e: TimelineEvent) => task.kind === "interview" && task.subject.interviewId !== undefined && task.subject.interviewId === str(e.data?.interviewId);
const sameOffer = (task: Task, e: TimelineEvent) => task.subject.offerId !== undefined && task.subject.offerId === str(e.data?.offerId);

/** The offer's answer, from the candidate's page (offer.accepted/declined) or the journey's outcome. */
function offerAnswer(e: TimelineEvent): "accepted" | "declined" | undefined {
  if (e.type === "offer.accepted") return "accepted";
  if (e.type === "offer.declined") return "declined";
  const outcome = str(e.data?.outcome);
  return outcome === "accepted" || outcome === "declined" ? outcome : undefined;
}

/** Call task types that only serve to reach someone about a job: moot once they are hired. */
const SOURCING_CALLS = new Set(["retry", "recall"]);
const REACHED_CALL_OUTCOMES = new Set(["reached"]);

export const TASK_SETTLING_RULES: readonly SettlingRule[] = [
  {
    events: ["interview.confirmed"],
    description: "The candidate confirmed the interview: the task to call them to confirm it is done.",
    settles: (task, e) => (sameInterview(task, e) && task.type === "call-candidate" ? { state: "done", outcome: "confirmed", note: "The candidate confirmed the interview themselves" } : undefined),
  },
  {
    events: ["talent.call"],
    description: "A call logged in the talent pool reached the candidate: the interview tasks to call them (to confirm, or after a no-show) are done.",
    settles: (task, e) =>
      task.kind === "interview" && (task.type === "call-candidate" || task.type === "reach-out-after-no-show") && REACHED_CALL_OUTCOMES.has(str(e.data?.outcome) ?? "")
        ? { state: "done", outcome: "reached", note: `Reached by phone${str(e.data?.note) ? `: ${str(e.data?.note)}` : ""} (call logged in the talent pool)` }
        : undefined,
  },
  {
    events: ["interview.outcome-recorded", "interview.outcome"],
    description: "The interview's outcome (attended or no-show) is recorded: the task to record it is done.",
    settles: (task, e) => {
      const outcome = str(e.data?.outcome);
      return sameInterview(task, e) && task.type === "record-outcome" && (outcome === "attended" || outcome === "no-show") ? { state: "done", outcome: "recorded", note: `Outcome recorded: ${outcome}` } : undefined;
    },
  },
  {
    events: ["interview.outcome-recorded", "interview.outcome"],
    description: "The interview took place or was missed: the task to call the candidate to confirm it is moot (done if they came; cancelled after a no-show, which has its own follow-up).",
    settles: (task, e) => {
      const outcome = str(e.data?.outcome);
      if (!sameInterview(task, e) || task.type !== "call-candidate") return undefined;
      if (outcome === "attended") return { state: "done", outcome: "attended", note: "The candidate came to the interview" };
      if (outcome === "no-show") return { state: "cancelled", outcome: "no-show", note: "The interview time passed without them; the no-show follow-up takes over" };
      return undefined;
    },
  },
  {
    events: ["interview.rescheduled"],
    description: "The interview moved: the tasks about the old time (call to confirm it, record its outcome) are cancelled; the new time's journey opens its own.",
    settles: (task, e) => (sameInterview(task, e) && (task.type === "call-candidate" || task.type === "record-outcome") ? { state: "cancelled", outcome: "rescheduled", note: `The interview moved to ${str(e.data?.to) ?? "another time"}` } : undefined),
  },
  {
    events: ["offer.accepted", "offer.declined", "offer.outcome"],
    description: "The candidate answered the offer: the stalled decision is done; after a decline, the offer's open questions and risk alerts are cancelled.",
    settles: (task, e) => {
      const answer = offerAnswer(e);
      if (!answer || !sameOffer(task, e)) return undefined;
      if (task.type === "decision-stalled") return { state: "done", outcome: answer, note: `The candidate ${answer} the offer` };
      if (answer === "declined" && (task.type === "candidate-question" || task.type === "risk-alert")) return { state: "cancelled", outcome: "declined", note: "The candidate declined the offer" };
      return undefined;
    },
  },
  {
    events: ["offer.sent"],
    description: "The offer went out after all: the task about its expired approval or failed journey is done.",
    settles: (task, e) => (sameOffer(task, e) && task.type === "approval-expired" ? { state: "done", outcome: "sent", note: "The offer was sent to the candidate" } : undefined),
  },
  {
    events: ["offer.accepted", "offer.outcome", "talent.recall-outcome"],
    description: "The candidate was hired: call attempts to reach them about a job (retries after a missed call, recall calls) are cancelled.",
    settles: (task, e) => {
      const hired = e.type === "talent.recall-outcome" ? e.data?.outcome === "hired" : offerAnswer(e) === "accepted";
      return hired && task.kind === "call" && SOURCING_CALLS.has(task.type) ? { state: "cancelled", outcome: "hired", note: "The candidate was hired" } : undefined;
    },
  },
  {
    events: ["talent.recall-outcome", "sms.replied"],
    description: "The candidate answered a recall (by SMS, by the link, or HR recorded it): the call task for that recall is done.",
    settles: (task, e) => {
      if (task.kind !== "call" || task.type !== "recall") return undefined;
      if (e.type === "sms.replied") return { state: "done", outcome: "responded", note: `The candidate replied by SMS${str(e.data?.body) ? `: ${str(e.data?.body)!.slice(0, 200)}` : ""}` };
      const outcome = str(e.data?.outcome);
      return outcome && outcome !== "no-response" && (task.context.recallId === undefined || task.context.recallId === str(e.data?.recallId)) ? { state: "done", outcome: "responded", note: `Recall outcome: ${outcome}` } : undefined;
    },
  },
];

const LISTENED = new Set(TASK_SETTLING_RULES.flatMap((r) => r.events));

/** Whether any rule listens to this event type: only those are worth reading the inbox for. */
export const settlesTasks = (e: Pick<TimelineEvent, "type">) => LISTENED.has(e.type);

/** The first rule's settlement of `task` by `event`, if any; a task opened after the event is left alone. */
export function settlementOf(task: Task, event: TimelineEvent): Settlement | undefined {
  if (!ACTIVE_STATES.includes(task.state) || task.createdAt > event.at) return undefined;
  for (const rule of TASK_SETTLING_RULES) {
    if (!rule.events.includes(event.type)) continue;
    const settlement = rule.settles(task, event);
    if (settlement) return settlement;
  }
  return undefined;
}

/** Settles the active tasks the events make moot. Returns the tasks it closed or cancelled. */
export async function settleTasksByEvents(events: readonly TimelineEvent[], deps: TaskDeps): Promise<Task[]> {
  const settled: Task[] = [];
  const byCandidate = new Map<string, TimelineEvent[]>();
  for (const e of events.filter(settlesTasks)) byCandidate.set(e.candidateId, [...(byCandidate.get(e.candidateId) ?? []), e]);
  for (const [candidateId, theirs] of byCandidate) {
    let cursor: string | undefined;
    do {
      const page = await deps.tasks.list({ candidateId, limit: 100, ...(cursor ? { cursor } : {}) });
      for (const task of page.items) {
        for (const event of theirs) {
          const settlement = settlementOf(task, event);
          if (!settlement) continue;
          const at = deps.clock.now().toISOString();
          // Conditional on the task being active: of this and a person closing it at once, one wins.
          const r = await deps.tasks.transition(task.taskId, ACTIVE_STATES, { state: settlement.state, at, resolution: { outcome: settlement.outcome, note: settlement.note, by: `hirepath (${event.type})`, at, cause: { eventId: event.eventId, type: event.type } } });
          if (r.ok) settled.push(r.task);
          break;
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
  return settled;
}

/** The stores' follower: after timeline events are stored, the tasks they settle close. */
export function taskSettlingFollower(deps: TaskDeps): TimelineFollower {
  return async (events) => {
    await settleTasksByEvents(events, deps);
  };
}
