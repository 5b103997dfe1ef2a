// Every operation that writes more than one item, and how each stays whole when the process dies
// between two of its writes. The crash tests (test/data/crash-consistency.test.ts) iterate this
// list: each entry has a scenario that crashes it at every write boundary, retries it, and checks
// that every effect is there exactly once. A new multi-item operation belongs here.
//
// Two strategies:
// - "transaction": the items are written by one TransactWriteItems (on AWS, and locally through the
//   transaction layer in front of dynalite, local/aws/dynamo-transactions.ts), so there is no
//   boundary to crash at. Used wherever the items fit in one (≤ 100 actions, ≤ 4 MB).
// - "repairing-steps": an ordered sequence of idempotent writes, for operations that also touch
//   something outside the table (a workflow start, a file) or more items than a transaction takes.
//   Every step derives its keys and contents from the first step's record (ids, timestamps), so
//   a retry rewrites exactly what the first attempt wrote and completes what it did not.
// A step never skips its followers because its own write already exists: that is the bug this
// list exists to prevent (a profile whose list entry was never written, an event never recorded).

export type WriteStrategy = "transaction" | "repairing-steps";

export interface MultiItemWrite {
  /** Stable name; the crash tests key their scenarios by it. */
  readonly id: string;
  /** Module and function. */
  readonly where: string;
  /** What it writes, in order. */
  readonly writes: readonly string[];
  readonly strategy: WriteStrategy;
  /** Why this strategy, and what a retry does. */
  readonly how: string;
}

export const multiItemWrites = [
  {
    id: "candidate.find-or-create",
    where: "adapters/dynamo-store.ts findOrCreateCandidate",
    writes: ["phone marker", "email marker", "candidate profile", "candidate list entry"],
    strategy: "transaction",
    how: "A new person's markers, profile and list entry are one transaction. An existing person gets missing markers, missing contact fields and their list entry (keyed by the profile's createdAt, so rewriting it is harmless) in one transaction.",
  },
  {
    id: "intake.application",
    where: "core/intake/intake.ts ingestApplication",
    writes: ["delivery claim (pre-allocated ids, receivedAt)", "candidate (candidate.find-or-create)", "application (with a not-erased check on its person)", "application.received event", "workflow start", "application executionArn", "delivery completed"],
    strategy: "repairing-steps",
    how: "The claim pre-allocates the ids and the receipt time; every later step derives from it (the event's time is the claim's, the execution's name is the application's), so a retried delivery rewrites the same items and starts the same execution, until the claim is completed. The application is stored in one transaction with a check that its person is not erased; a person erased in between (or since a crashed attempt) gets the application as a new person.",
  },
  {
    id: "dead-letter.keep",
    where: "core/intake/dead-letters.ts keepDeadLetter",
    writes: ["body in the file store (over 96 KB)", "dead-letter item + the source's hourly count (unauthenticated senders)"],
    strategy: "repairing-steps",
    how: "The file first, then the item and its count in one transaction, so an item never points at a missing body and the count is the number kept. A crash between the two leaves an unreferenced file under dead-letters/ (no item, nothing shown); the sender's retry is kept as a new dead letter.",
  },
  {
    id: "requisition.put",
    where: "adapters/dynamo-store.ts putRequisition",
    writes: ["requisition", "requisition list copy"],
    strategy: "transaction",
    how: "Both copies in one transaction, so the list never shows another version than the item.",
  },
  {
    id: "interview.book",
    where: "core/interview/interview-scheduling.ts scheduleInterview (HR, and the candidate's self-scheduling link)",
    writes: ["interview", "calendar entry", "a claim on each slot cell", "interview.scheduled event (and confirmed, override audit)", "the link's use (self-scheduling)", "journey start", "executionArn", "priority flag closed + priority.scheduled event"],
    strategy: "repairing-steps",
    how: "The booking is one transaction, which also decides who gets the slot. What follows is idempotent: the journey's name and input derive from the interview, the ARN is set if missing, the flag closes once with its event in one transaction at the booking's time. The interview id derives from what is booked (HR) or from the link and the time (self-scheduling), so the retry finds its booking and finishes it.",
  },
  {
    id: "interview.reschedule",
    where: "core/interview/interview-scheduling.ts rescheduleInterview",
    writes: ["interview (new time, version + 1)", "calendar entry moved", "old cells released, new cells claimed", "interview.rescheduled event", "journey start for the new version", "executionArn"],
    strategy: "repairing-steps",
    how: "The move is one transaction conditional on the version read. A retry finds the interview already at the new time one version on, and finishes the journey start and ARN.",
  },
  {
    id: "interview.cancel",
    where: "core/interview/interview-scheduling.ts cancelInterview (HR cancels, the candidate declines)",
    writes: ["interview status", "calendar entry deleted", "cells released", "interview.cancelled/declined event", "notice journey start", "the interview's open tasks cancelled (task.close each)"],
    strategy: "repairing-steps",
    how: "The release is one transaction. A retry that finds the interview already cancelled still starts the notice journey (named by interview, version and change), so the notice is never skipped; likewise it cancels the interview's tasks opened before the change (each a conditional close) that are still open.",
  },
  {
    id: "interview.confirm",
    where: "core/interview/interview-scheduling.ts confirmInterview (and the first link open, handlers/public-interview-links.ts)",
    writes: ["interview status", "interview.confirmed event"],
    strategy: "transaction",
    how: "The status change and its event in one transaction, conditional on the version read.",
  },
  {
    id: "interview.outcome",
    where: "core/interview/interview-scheduling.ts recordInterviewOutcome",
    writes: ["interview outcome", "interview.outcome-recorded event"],
    strategy: "transaction",
    how: "The outcome and its event in one transaction, conditional on the version read.",
  },
  {
    id: "experiment.assign",
    where: "adapters/dynamo-talent-store.ts assign",
    writes: ["assignment", "the arm's assigned count"],
    strategy: "transaction",
    how: "Both in one transaction; the assignment's condition makes a second assignment of the same candidate change neither.",
  },
  {
    id: "experiment.respond",
    where: "adapters/dynamo-talent-store.ts respond",
    writes: ["assignment respondedAt", "the arm's responded count"],
    strategy: "transaction",
    how: "Both in one transaction, conditional on no response yet: counted once, never marked without being counted.",
  },
  {
    id: "call.record-attempt",
    where: "adapters/dynamo-talent-store.ts recordCallAttempt",
    writes: ["call log entry", "role family's counters", "all families' counters"],
    strategy: "transaction",
    how: "The entry and both counters in one transaction, conditional on the entry being new: a retried attempt is counted once.",
  },
  {
    id: "outreach.send",
    where: "core/outreach/send-once.ts sendOnce (every message: templated, composed, staff alerts)",
    writes: ["message claim (attempt 1)", "the provider's send (SES / SMS)", "message sent + provider id", "provider-id link", "the caller's follow-up (an invitation: application invited)", "message.recovered / message.sent events"],
    strategy: "repairing-steps",
    how: "The claim's id derives from the idempotency key. A retry that finds it sent repeats the idempotent writes after the send. One that finds it still sending waits (bounded) for the provider's Send or Delivery event, recorded against the id the message carried; with it, the message is recorded as sent without a second send (provider-confirmed), without it the retry takes the claim over by attempt number and sends again (resent). The remaining window is in the README.",
  },
  {
    id: "import.start-job",
    where: "adapters/dynamo-talent-store.ts startImportJob",
    writes: ["import job", "import list entry"],
    strategy: "transaction",
    how: "Both in one transaction, so the list never misses a job.",
  },
  {
    id: "import.land-chunk",
    where: "core/talent/file-import.ts importChunk",
    writes: ["new people: phone/email markers, then profile, list entry, talent item, search entries, timeline event, report row (batch)", "people already in the pool: candidate.find-or-create, talent update, timeline event", "report rows", "chunk completion (import.complete-chunk)"],
    strategy: "repairing-steps",
    how: "Every id derives from the import and the row, and every time from the job's start, so a retried chunk rewrites the same items. A person whose markers were claimed before a crash takes the find-or-create path on the retry, which creates the missing profile and list entry in one transaction. The chunk is counted once, in its own transaction, last.",
  },
  {
    id: "import.complete-chunk",
    where: "adapters/dynamo-talent-store.ts completeImportChunk",
    writes: ["chunk marker", "job counters"],
    strategy: "transaction",
    how: "Both in one transaction, conditional on the marker being new: a retried chunk adds nothing, and a crash can't leave a chunk marked but uncounted.",
  },
  {
    id: "task.open",
    where: "adapters/dynamo-task-store.ts open (core/tasks/tasks.ts openTask)",
    writes: ["task (in the candidate's partition)", "task reference (id → candidate)", "the candidate's slot (call tasks)"],
    strategy: "transaction",
    how: "All three in one transaction, conditional on the task being new and the slot being as read; a retry finds the task by its id (derived from the idempotency key) and changes nothing. When the slot holds an active task, that task's due time is moved instead (one conditional update).",
  },
  {
    id: "task.close",
    where: "adapters/dynamo-task-store.ts transition (core/tasks/tasks.ts closeTask, cancelTask)",
    writes: ["task state and resolution", "the candidate's slot released", "the task.done / task.cancelled timeline event (who or what closed it, and why)"],
    strategy: "transaction",
    how: "All in one transaction, conditional on the task still being active: it closes once, a closed task never keeps its slot, and every close (by HR, by its journey, or settled by another journey's fact) leaves its one timeline event.",
  },
  {
    id: "task.complete",
    where: "core/tasks/complete-task.ts completeTask (HR closes a task in the inbox)",
    writes: ["task.close", "the offer's stall reason (decision-stalled tasks)", "the offer's timeline event (offer.question.answered or offer.stall-reason.recorded)"],
    strategy: "repairing-steps",
    how: "The close decides who wins. What follows derives only from the task as stored (its resolution and time), so the retry after a crash, which gets 409 already-closed, first writes what the winner's close implies and is missing.",
  },
  {
    id: "offer.approval-decision",
    where: "core/offer/offer-decisions.ts decideApproval",
    writes: ["the link's single use + the decision on the step + offer.approval.decided event", "the step's resolution", "the waiting workflow resumed (SendTaskSuccess)"],
    strategy: "repairing-steps",
    how: "The first three in one transaction, so a used link always has its decision. The resolution is written once at the settling decision's time; a repeated POST on the used link settles the step if its decisions settle it and completes the token again (a closed token is a no-op), so a crash before the workflow resumed is finished by the retry.",
  },
  {
    id: "offer.respond",
    where: "core/offer/offer-decisions.ts respondToOffer (the candidate accepts or declines on the offer page)",
    writes: ["the offer's answer + offer.accepted / offer.declined event", "the re-engagement consent given with a decline", "the timeline's followers (tasks the answer settles, derived status, hiring paths)", "the waiting workflow resumed (SendTaskSuccess)"],
    strategy: "repairing-steps",
    how: "The answer and its event in one transaction, so an answered offer always has the event the derived status and the hiring report read. What follows derives from the offer as stored (its answer and respondedAt): a repeated POST on the link, which answers already-decided, records the consent if the decline's grant is not there yet, runs the followers on the stored event and completes the response token again (a closed token is a no-op).",
  },
  {
    id: "application.status-and-event",
    where: "adapters/dynamo-store.ts updateApplication with events (core/screening/screen-override.ts overrideScreen; core/intake/application-journey.ts runScreenStep, recordOutcome)",
    writes: ["application status (screen, override or outcome)", "its timeline event (application.screen-overridden, application.screened, journey.outcome)"],
    strategy: "transaction",
    how: "Both in one transaction, then the timeline's followers: the derived status and the hiring report read the event, so a status without its event would be invisible to them. HR's repeated override is a second override (a new time and event), as it was before.",
  },
] as const satisfies readonly MultiItemWrite[];

export type MultiItemWriteId = (typeof multiItemWrites)[number]["id"];
