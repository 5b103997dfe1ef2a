// Interviewers: their record, the availability they publish, the slots it leaves, and which of them
// suit a candidate's application.
import * as z from "../shared/zod.js";
import { NotFoundError } from "../shared/errors.js";
import { Interviewer, LocalizedText, TimeRange, type Role } from "../shared/model.js";
import { OPERATORS, requireRole } from "../access/roles.js";
import type { SchedulingDeps } from "./interview-scheduling.js";
import { suggestInterviewers } from "./interviewer-matching.js";

export const InterviewerBody = z
  .object({
    name: z.string().min(1),
    email: z.email(),
    title: LocalizedText.default({}),
    background: LocalizedText.default({}),
    tags: z.array(z.string().min(1)).default([]),
    availability: z.array(TimeRange).default([]),
  })
  .strict();
export type InterviewerBody = z.infer<typeof InterviewerBody>;

export const AvailabilityBody = z.object({ availability: z.array(TimeRange) }).strict();
export type AvailabilityBody = z.infer<typeof AvailabilityBody>;

export const SlotQuery = z.object({
  candidateId: z.string().min(1),
  durationMinutes: z.coerce.number().int().min(15).max(480).default(60),
  days: z.coerce.number().int().min(1).max(60).default(14),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const SuggestionQuery = z.object({ applicationId: z.string().min(1), tags: z.string().optional(), limit: z.coerce.number().int().min(1).max(20).default(5) });
export type SuggestionQuery = z.infer<typeof SuggestionQuery>;

type Deps = Pick<SchedulingDeps, "store" | "interviews" | "clock">;

export async function saveInterviewer(interviewerId: string, body: InterviewerBody, deps: Deps): Promise<Interviewer> {
  const interviewer = Interviewer.parse({ ...body, interviewerId, updatedAt: deps.clock.now().toISOString() });
  await deps.interviews.putInterviewer(interviewer);
  return interviewer;
}

/**
 * Interviewers publish their own availability: any signed-in staff member for the interviewer record
 * carrying their own email; admins and recruiters for anyone.
 */
export async function publishAvailability(interviewerId: string, body: AvailabilityBody, by: { email?: string; roles: readonly Role[] }, deps: Deps): Promise<Interviewer> {
  const existing = await deps.interviews.getInterviewer(interviewerId);
  if (!existing) throw new NotFoundError(`interviewer ${interviewerId} not found`);
  const own = by.email !== undefined && by.email.toLowerCase() === existing.email.toLowerCase();
  if (!own) requireRole(by.roles, OPERATORS, "publishing another interviewer's availability");
  const interviewer = Interviewer.parse({ ...existing, availability: body.availability, updatedAt: deps.clock.now().toISOString() });
  await deps.interviews.putInterviewer(interviewer);
  return interviewer;
}

/** Interviewers whose tags match the résumé, the requisition and any tags HR adds. */
export async function suggestForApplication(candidateId: string, q: SuggestionQuery, deps: Deps) {
  const application = await deps.store.getApplication(candidateId, q.applicationId);
  if (!application) throw new NotFoundError(`application ${q.applicationId} not found`);
  const requisition = await deps.store.getRequisition(application.requisitionId);
  const text = [application.resumeText ?? "", requisition?.title ?? "", ...(requisition?.screening.requiredKeywords ?? []), application.location ?? ""].join("\n");
  const extra = (q.tags ?? "").split(",").map((t) => t.trim()).filter(Boolean);
  return suggestInterviewers(text, extra, await deps.interviews.listInterviewers(), q.limit);
}
