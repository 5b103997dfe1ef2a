// HR sends a candidate a single-use self-scheduling link. The offer (interviewer, length, mode…) travels
// inside the signed link, so the public route needs no extra lookup; the nonce makes it single-use.
import * as z from "../shared/zod.js";
import { NotFoundError } from "../shared/errors.js";
import { derivedId, newId } from "../shared/ids.js";
import { InterviewMode, LocalizedText } from "../shared/model.js";
import { linkUrl, signLink } from "../shared/signed-links.js";
import type { SecretsProvider } from "../shared/ports.js";
import type { SchedulingDeps } from "./interview-scheduling.js";

export const SchedulingLinkBody = z
  .object({
    interviewerId: z.string().min(1),
    durationMinutes: z.number().int().min(15).max(480).default(60),
    mode: InterviewMode,
    location: z.string().min(1).optional(),
    videoUrl: z.url().optional(),
    whatToBring: LocalizedText.default({}),
    recruiterEmail: z.email(),
    managerEmail: z.email().optional(),
    teamId: z.string().min(1).optional(),
    validDays: z.number().int().min(1).max(30).default(7),
  })
  .strict();
export type SchedulingLinkBody = z.infer<typeof SchedulingLinkBody>;

/** What the signed link carries. */
export const SchedulingOffer = SchedulingLinkBody.omit({ validDays: true });

export async function sendSchedulingLink(
  ref: { candidateId: string; applicationId: string },
  body: SchedulingLinkBody,
  actor: string,
  deps: SchedulingDeps & { secrets: SecretsProvider; publicBaseUrl: string },
) {
  const application = await deps.store.getApplication(ref.candidateId, ref.applicationId);
  if (!application) throw new NotFoundError(`application ${ref.applicationId} not found`);
  if (!(await deps.interviews.getInterviewer(body.interviewerId))) throw new NotFoundError(`interviewer ${body.interviewerId} not found`);
  const { validDays, ...offer } = body;
  const exp = Math.floor(deps.clock.now().getTime() / 1000) + validDays * 86_400;
  const key = await deps.secrets.linkSigningKey();
  // The nonce makes the link single-use: the first booking claims it.
  const token = signLink({ p: "schedule", c: ref.candidateId, a: ref.applicationId, n: newId(), exp, o: Buffer.from(JSON.stringify(offer)).toString("base64url") }, key);
  const url = linkUrl(deps.publicBaseUrl, token);
  // The link goes to the candidate through the interview machine, so quiet hours, the daily cap
  // and send-once apply to it like to every other candidate message.
  const executionArn = await deps.journeys.schedulingLink.startJourney(`link-${derivedId("scheduling-link", token)}`, {
    candidateId: ref.candidateId,
    applicationId: ref.applicationId,
    actionUrl: url,
  });
  const expiresAt = new Date(exp * 1000).toISOString();
  await deps.store.addTimelineEvent({
    eventId: derivedId("scheduling-link-created", token),
    candidateId: ref.candidateId,
    applicationId: ref.applicationId,
    at: deps.clock.now().toISOString(),
    type: "interview.scheduling-link-created",
    summary: `Self-scheduling link sent by ${actor} (interviewer ${body.interviewerId}, valid ${validDays} days)`,
    data: { interviewerId: body.interviewerId, expiresAt, by: actor, executionArn },
  });
  return { url, expiresAt, executionArn };
}
