// The journey's small steps: screening, a message planned around quiet hours (and sent in the same
// call when nothing holds it), the engagement check and outcome recording.
// Each is idempotent, because Step Functions may run any task more than once.
import * as z from "../shared/zod.js";
import { ConcurrentChangeError, NotFoundError, TransientError } from "../shared/errors.js";
import { derivedId } from "../shared/ids.js";
import type { ApplicationStatus, ScreenResult } from "../shared/model.js";
import type { Clock, HirepathStore } from "../shared/ports.js";
import { screenApplication } from "../screening/screening.js";
import { noteApplication } from "../talent/talent.js";
import type { TalentStore } from "../talent/talent-ports.js";
import { planHeldMessage } from "../outreach/held-messages.js";
import type { Outreach } from "../outreach/outreach.js";
import type { SendMessageResult } from "../outreach/send-message.js";
import { messageIdFor } from "../outreach/send-once.js";
import { TemplateName } from "../outreach/templates.js";

export const ScreenStepInput = z.object({
  candidateId: z.string().min(1),
  applicationId: z.string().min(1),
});

/** Screens the application against its requisition's rules and records the decision. */
export async function runScreenStep(input: z.infer<typeof ScreenStepInput>, deps: { store: HirepathStore; clock: Clock }): Promise<ScreenResult> {
  const application = await deps.store.getApplication(input.candidateId, input.applicationId);
  if (!application) throw new NotFoundError(`application ${input.applicationId} not found`);
  const requisition = await deps.store.getRequisition(application.requisitionId);
  const result: ScreenResult = requisition
    ? screenApplication(requisition.screening, application)
    : {
        // An application for a requisition we don't know is not the candidate's fault: hold it for
        // HR (who can create the requisition and override) instead of rejecting.
        decision: "hold",
        reasons: [`requisition ${application.requisitionId} is not configured`],
        matchedRequired: [],
        missingRequired: [],
        matchedBonus: [],
        score: 0,
      };
  const now = deps.clock.now().toISOString();
  // The decision and its event together (one transaction): a crash can't leave one without the other.
  await deps.store.updateApplication(input.candidateId, input.applicationId, { screen: result, status: "screened", updatedAt: now }, [
    {
      eventId: derivedId("screened", input.applicationId),
      candidateId: input.candidateId,
      applicationId: input.applicationId,
      at: now,
      type: "application.screened",
      summary: `Screen: ${result.decision} (${result.reasons.join("; ")})`,
      data: { ...result },
    },
  ]);
  return result;
}

export const AddToPoolInput = z.object({
  step: z.literal("pool"),
  candidateId: z.string().min(1),
  applicationId: z.string().min(1),
  requisitionId: z.string().min(1).optional(),
});

/**
 * Adds the application's requisition to the person's talent-pool record (a read-modify-write of
 * the record and its search entries). Its own step after the invite, so the pool never delays the
 * first message, and again when the journey records its outcome (a no-op by then), so the paths
 * without an invite (rejected, held, unreachable) land in the pool too.
 */
export async function addToTalentPool(input: Omit<z.infer<typeof AddToPoolInput>, "step">, deps: { store: HirepathStore; clock: Clock; talent: TalentStore }): Promise<{ requisitionId: string }> {
  const requisitionId = input.requisitionId ?? (await deps.store.getApplication(input.candidateId, input.applicationId))?.requisitionId;
  if (!requisitionId) throw new NotFoundError(`application ${input.applicationId} not found`);
  await noteApplication(input.candidateId, requisitionId, deps.clock.now().toISOString(), deps.talent).catch(retryWhenContended);
  return { requisitionId };
}

/** A profile that kept changing under us is worth another go later (the state's TransientError retry), not a failed journey. */
function retryWhenContended(error: unknown): never {
  if (error instanceof ConcurrentChangeError) throw new TransientError(error.message);
  throw error;
}

export const PlanMessageInput = z.object({
  step: z.literal("plan-send"),
  candidateId: z.string().min(1),
  applicationId: z.string().min(1),
  template: z.string().min(1),
  channel: z.enum(["email", "sms"]),
  /** The message's own idempotency key: one hold event per message, however often the step runs. */
  idempotencyKey: z.string().min(1),
});

const APPLICATION_MESSAGE_WORDS: Record<string, string> = { "interview-invite": "Interview invitation", "interview-nudge": "Interview invitation reminder (SMS)" };

/**
 * When an application-journey message may go: now, or when the candidate's quiet hours end in
 * their zone. The journey waits for `sendAt` (a Timestamp Wait) before sending; a hold is on the
 * timeline ("… held until 08:00 Asia/Shanghai: quiet hours") so nobody wonders where the invite is.
 * The daily cap does not hold these: they are the first answer to the candidate's own application.
 */
export async function planApplicationMessage(input: Omit<z.infer<typeof PlanMessageInput>, "step">, deps: { store: HirepathStore; clock: Clock }): Promise<{ sendAt: string; reason: string }> {
  const candidate = await deps.store.getCandidate(input.candidateId);
  if (!candidate) throw new NotFoundError(`candidate ${input.candidateId} not found`);
  const plan = await planHeldMessage(
    {
      // The daily cap does not hold these (below), so earlier sends need not be counted: no timeline read.
      timeline: [],
      holdKey: input.idempotencyKey,
      // The send step's own key: once it has sent, the hold is over.
      messageKey: input.idempotencyKey,
      candidateId: input.candidateId,
      applicationId: input.applicationId,
      what: APPLICATION_MESSAGE_WORDS[input.template] ?? input.template,
      timeZone: candidate.timeZone,
      dailyCapApplies: false,
    },
    deps,
  );
  return { sendAt: plan.sendAt.toISOString(), reason: plan.reason };
}

export const SendUnlessHeldInput = z.object({
  step: z.literal("send-unless-held"),
  candidateId: z.string().min(1),
  applicationId: z.string().min(1),
  template: z.enum(TemplateName),
  channel: z.enum(["email", "sms"]),
  idempotencyKey: z.string().min(1),
});

/** Every field, held or sent: the journey's ResultSelector needs each path to exist. */
export interface SendUnlessHeldResult {
  held: boolean;
  sendAt: string;
  reason: string;
  /** The message's id: sent now, or the id its send will have once the hold ends. */
  messageId: string;
  channel: SendMessageResult["channel"];
  status: "held" | SendMessageResult["status"];
}

/**
 * An application-journey message in one call when nothing holds it: planned around the candidate's
 * quiet hours (planApplicationMessage, the hold on the timeline when there is one) and, when it may
 * go now, sent in the same call. A held message goes back to the journey with its time; the journey
 * waits and sends it with the plain send step. Before, every message took a planning call and a
 * send call, though almost every plan says "now".
 */
export async function sendApplicationMessageUnlessHeld(
  input: Omit<z.infer<typeof SendUnlessHeldInput>, "step">,
  deps: { store: HirepathStore; clock: Clock; outreach: Pick<Outreach, "sendTemplated"> },
): Promise<SendUnlessHeldResult> {
  const plan = await planApplicationMessage(input, deps);
  // The plan's own threshold: planHeldMessage records a hold only past a minute's slack.
  if (Date.parse(plan.sendAt) > deps.clock.now().getTime() + 60_000) {
    return { held: true, sendAt: plan.sendAt, reason: plan.reason, messageId: messageIdFor({ idempotencyKey: input.idempotencyKey }), channel: input.channel, status: "held" };
  }
  const { candidateId, applicationId, template, channel, idempotencyKey } = input;
  const sent = await deps.outreach.sendTemplated({ candidateId, applicationId, template, channel, idempotencyKey });
  return { held: false, sendAt: plan.sendAt, reason: plan.reason, messageId: sent.messageId, channel: sent.channel, status: sent.status };
}

export const CheckEngagementInput = z.object({ messageId: z.string().min(1) });
export interface Engagement {
  delivered: boolean;
  opened: boolean;
  clicked: boolean;
  bounced: boolean;
}

export async function checkEngagement(input: z.infer<typeof CheckEngagementInput>, deps: { store: HirepathStore }): Promise<Engagement> {
  const message = await deps.store.getMessage(input.messageId);
  if (!message) throw new NotFoundError(`message ${input.messageId} not found`);
  return {
    delivered: Boolean(message.deliveredAt),
    opened: Boolean(message.openedAt),
    clicked: Boolean(message.clickedAt),
    bounced: Boolean(message.bouncedAt),
  };
}

export const JourneyOutcome = z.enum(["engaged", "nudged", "no-response", "unreachable", "rejected", "held-for-review", "failed"]);
export type JourneyOutcome = z.infer<typeof JourneyOutcome>;

export const RecordOutcomeInput = z.object({
  candidateId: z.string().min(1),
  applicationId: z.string().min(1),
  outcome: JourneyOutcome,
  executionId: z.string().optional(),
  /** Step Functions' caught error ({Error, Cause}) when the outcome is "failed". */
  error: z.object({ Error: z.string(), Cause: z.string().optional() }).optional(),
});

const statusFor: Record<JourneyOutcome, ApplicationStatus> = {
  engaged: "engaged",
  nudged: "nudged",
  "no-response": "no-response",
  unreachable: "unreachable",
  rejected: "rejected",
  "held-for-review": "held-for-review",
  failed: "failed",
};

export async function recordOutcome(input: z.infer<typeof RecordOutcomeInput>, deps: { store: HirepathStore; clock: Clock; talent?: TalentStore }): Promise<{ outcome: JourneyOutcome }> {
  const now = deps.clock.now().toISOString();
  // Recording a failure must not depend on the pool it may have failed on.
  if (deps.talent && input.outcome !== "failed") await addToTalentPool(input, { ...deps, talent: deps.talent });
  await deps.store.updateApplication(input.candidateId, input.applicationId, { status: statusFor[input.outcome], updatedAt: now }, [
    {
      eventId: derivedId("outcome", input.applicationId, input.executionId ?? "", input.outcome),
      candidateId: input.candidateId,
      applicationId: input.applicationId,
      at: now,
      type: "journey.outcome",
      summary: input.error ? `Journey ${input.outcome}: ${input.error.Error}` : `Journey outcome: ${input.outcome}`,
      data: { outcome: input.outcome, ...(input.error ? { error: input.error } : {}) },
    },
  ]);
  return { outcome: input.outcome };
}
