// Application intake: a verified, validated webhook becomes a candidate, an application and a
// running journey, exactly once per delivery id. Every step is idempotent and derives from the
// delivery's claim (ids and receipt time), so a retried or replayed delivery rewrites the same
// items and continues from wherever an earlier attempt stopped ("intake.application" in
// core/shared/multi-item-writes.ts).
import { derivedId, newId } from "../shared/ids.js";
import type { Application, Candidate } from "../shared/model.js";
import { normalizeEmail, normalizePhone } from "../shared/normalize.js";
import type { Clock, HirepathStore, JourneyStarter } from "../shared/ports.js";
import { ValidationError } from "../shared/errors.js";
import type { GenericApplicationWebhook } from "./webhook-payload.js";

export interface IntakeDeps {
  store: HirepathStore;
  journeys: JourneyStarter;
  clock: Clock;
  config: { nudgeAfterSeconds: number };
}

export interface IntakeResult {
  candidateId: string;
  applicationId: string;
  executionArn: string;
  duplicate: boolean;
}

export function journeyExecutionName(applicationId: string): string {
  return `app-${applicationId}`;
}

export async function ingestApplication(
  payload: GenericApplicationWebhook,
  meta: { source: string; deliveryId: string },
  deps: IntakeDeps,
): Promise<IntakeResult> {
  const { store, clock } = deps;

  const phoneE164 = payload.candidate.phone === undefined ? undefined : normalizePhone(payload.candidate.phone);
  if (payload.candidate.phone !== undefined && phoneE164 === undefined) {
    throw new ValidationError("invalid phone number", [
      { path: "candidate.phone", message: "not a phone number (E.164 or a Chinese mobile)", code: "invalid_phone" },
    ]);
  }

  const claim = await store.claimDelivery({
    source: meta.source,
    deliveryId: meta.deliveryId,
    candidateId: newId(clock.now().getTime()),
    applicationId: newId(clock.now().getTime()),
    status: "in-progress",
    receivedAt: clock.now().toISOString(),
  });
  const delivery = claim.record;
  // The first attempt's time, so a retry writes the same event (its key holds the time), not a second one.
  const now = delivery.receivedAt;
  if (delivery.status === "completed") {
    return {
      candidateId: delivery.candidateId,
      applicationId: delivery.applicationId,
      executionArn: delivery.executionArn ?? "",
      duplicate: true,
    };
  }

  const emailNorm = payload.candidate.email === undefined ? undefined : normalizeEmail(payload.candidate.email);
  const { candidate } = await store.findOrCreateCandidate(
    delivery.candidateId,
    {
      name: payload.candidate.name,
      ...(emailNorm ? { emailNorm } : {}),
      ...(phoneE164 ? { phoneE164 } : {}),
      locale: payload.candidate.locale,
      timeZone: payload.candidate.timeZone,
      preferredChannel: payload.candidate.preferredChannel ?? (emailNorm ? "email" : "sms"),
      source: meta.source,
    },
    now,
  );

  const application: Application = {
    applicationId: delivery.applicationId,
    candidateId: candidate.candidateId,
    requisitionId: payload.application.requisitionId,
    source: meta.source,
    status: "received",
    ...(payload.application.resumeText !== undefined ? { resumeText: payload.application.resumeText } : {}),
    ...(payload.application.yearsExperience !== undefined ? { yearsExperience: payload.application.yearsExperience } : {}),
    ...(payload.application.answers !== undefined ? { answers: payload.application.answers } : {}),
    ...(payload.application.location !== undefined ? { location: payload.application.location } : {}),
    createdAt: now,
    updatedAt: now,
  };
  // Independent, idempotent writes go out together: fewer sequential round trips on the hot path.
  const [stored] = await Promise.all([
    store.putApplication(application),
    store.addTimelineEvent({
      eventId: derivedId("received", meta.source, meta.deliveryId),
      candidateId: candidate.candidateId,
      applicationId: application.applicationId,
      at: now,
      type: "application.received",
      summary: `Applied to ${application.requisitionId} via ${meta.source}`,
      data: { deliveryId: meta.deliveryId, source: meta.source },
    }),
  ]);

  const executionArn = await deps.journeys.startJourney(journeyExecutionName(stored.applicationId), journeyInput(candidate, stored, deps.config));
  // The application first: a completed delivery is never re-run, so it must be the last write.
  await store.updateApplication(candidate.candidateId, stored.applicationId, { executionArn, updatedAt: clock.now().toISOString() });
  await store.completeDelivery(meta.source, meta.deliveryId, executionArn);
  return { candidateId: candidate.candidateId, applicationId: stored.applicationId, executionArn, duplicate: false };
}

/** The journey's input. Deterministic for a given application, so a re-start is idempotent. */
export function journeyInput(candidate: Candidate, application: Application, config: { nudgeAfterSeconds: number }) {
  return {
    candidateId: candidate.candidateId,
    applicationId: application.applicationId,
    requisitionId: application.requisitionId,
    config: { nudgeAfterSeconds: config.nudgeAfterSeconds },
  };
}
