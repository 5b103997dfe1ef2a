// Application intake: a verified, validated webhook becomes a candidate, an application and a
// running journey, exactly once per delivery id. Every step is idempotent and derives from the
// delivery's claim (ids and receipt time), so a retried or replayed delivery rewrites the same
// items and continues from wherever an earlier attempt stopped ("intake.application" in
// core/shared/multi-item-writes.ts).
import { derivedId, newId } from "../shared/ids.js";
import type { Application, Candidate } from "../shared/model.js";
import { DEFAULT_PHONE_REGION, isPhoneRegion, normalizeEmail, parsePhone, type PhoneRegion } from "../shared/normalize.js";
import type { Clock, HirepathStore, JourneyStarter } from "../shared/ports.js";
import { PersonErasedError, ValidationError } from "../shared/errors.js";
import type { GenericApplicationWebhook } from "./webhook-payload.js";

export interface IntakeDeps {
  store: HirepathStore;
  journeys: JourneyStarter;
  clock: Clock;
  config: {
    nudgeAfterSeconds: number;
    /** Region for numbers without a country code, per source (a requisition's phoneRegion wins). */
    phoneRegions?: Readonly<Record<string, PhoneRegion>>;
  };
}

/** "greenhouse=US, ashby=US" → { greenhouse: "US", ashby: "US" }; a region that isn't one is a startup error. */
export function parsePhoneRegions(setting: string): Record<string, PhoneRegion> {
  const out: Record<string, PhoneRegion> = {};
  for (const pair of setting.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [source, region] = pair.split("=").map((x) => x.trim());
    if (!source || !region || !isPhoneRegion(region.toUpperCase())) throw new Error(`PHONE_REGIONS: "${pair}" is not source=REGION (an ISO 3166 code such as US)`);
    out[source] = region.toUpperCase() as PhoneRegion;
  }
  return out;
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
  const phoneE164 = payload.candidate.phone === undefined ? undefined : await phoneOf(payload, meta.source, deps);

  // The source's own application identity, when it has one: the same application again is a
  // duplicate whatever its delivery id, and continues the first one's work with its ids.
  const externalId = payload.application.externalId;
  const proposed = { candidateId: newId(clock.now().getTime()), applicationId: newId(clock.now().getTime()), deliveryId: meta.deliveryId, receivedAt: clock.now().toISOString() };
  const appKey = externalId ? await store.claimApplicationKey(meta.source, externalId, proposed) : undefined;
  const sameApplication = appKey !== undefined && !appKey.claimed && appKey.record.deliveryId !== meta.deliveryId;
  if (sameApplication && appKey.record.status === "completed") {
    return { candidateId: appKey.record.candidateId, applicationId: appKey.record.applicationId, executionArn: appKey.record.executionArn ?? "", duplicate: true };
  }
  const ids = appKey?.record ?? proposed;

  const claim = await store.claimDelivery({
    source: meta.source,
    deliveryId: meta.deliveryId,
    candidateId: ids.candidateId,
    applicationId: ids.applicationId,
    status: "in-progress",
    receivedAt: ids.receivedAt,
  });
  const delivery = claim.record;
  if (delivery.status === "completed") {
    return {
      candidateId: delivery.candidateId,
      applicationId: delivery.applicationId,
      executionArn: delivery.executionArn ?? "",
      duplicate: true,
    };
  }
  // The first attempt's time, so a retry writes the same event (its key holds the time), not a second one.
  const now = delivery.receivedAt;

  const emailNorm = payload.candidate.email === undefined ? undefined : normalizeEmail(payload.candidate.email);
  const contact = {
    name: payload.candidate.name,
    ...(emailNorm ? { emailNorm } : {}),
    ...(phoneE164 ? { phoneE164 } : {}),
    locale: payload.candidate.locale,
    timeZone: payload.candidate.timeZone,
    preferredChannel: payload.candidate.preferredChannel ?? (emailNorm ? "email" : "sms"),
    source: meta.source,
  } as const;
  // The person and the application are one step against erasure: the application is stored only
  // while its person is not erased. A person erased in between (or a retried delivery whose person HR
  // has since erased) gets this application as a new person, with a new id: erasure is never undone.
  let candidate: Candidate;
  let stored: Application;
  for (let attempt = 0; ; attempt++) {
    try {
      ({ candidate } = await store.findOrCreateCandidate(attempt === 0 ? delivery.candidateId : newId(clock.now().getTime()), contact, now));
      stored = await store.putApplication(applicationOf(payload, meta.source, delivery.applicationId, candidate.candidateId, now));
      break;
    } catch (e) {
      if (!(e instanceof PersonErasedError) || attempt >= 2) throw e;
    }
  }
  await store.addTimelineEvent({
    eventId: externalId ? derivedId("received", meta.source, "application", externalId) : derivedId("received", meta.source, meta.deliveryId),
    candidateId: candidate.candidateId,
    applicationId: stored.applicationId,
    at: now,
    type: "application.received",
    summary: `Applied to ${stored.requisitionId} via ${meta.source}`,
    data: { deliveryId: meta.deliveryId, source: meta.source },
  });

  const executionArn = await deps.journeys.startJourney(journeyExecutionName(stored.applicationId), journeyInput(candidate, stored, deps.config));
  // The application first: a completed delivery is never re-run, so it must be the last write.
  await store.updateApplication(candidate.candidateId, stored.applicationId, { executionArn, updatedAt: clock.now().toISOString() });
  if (externalId) await store.completeApplicationKey(meta.source, externalId, executionArn);
  await store.completeDelivery(meta.source, meta.deliveryId, executionArn);
  // Only the attempt that claimed the delivery id is its first: any other (the same delivery sent
  // twice at the same instant, or again after an attempt died) is a duplicate, and answers so once
  // it has made sure the work is all there. So two identical deliveries at once get one 202 and one
  // 200 `duplicate: true`, as they would one after the other.
  return { candidateId: candidate.candidateId, applicationId: stored.applicationId, executionArn, duplicate: sameApplication || !claim.claimed };
}

function applicationOf(payload: GenericApplicationWebhook, source: string, applicationId: string, candidateId: string, now: string): Application {
  const externalId = payload.application.externalId;
  return {
    applicationId,
    candidateId,
    requisitionId: payload.application.requisitionId,
    source,
    status: "received",
    ...(payload.application.resumeText !== undefined ? { resumeText: payload.application.resumeText } : {}),
    ...(payload.application.yearsExperience !== undefined ? { yearsExperience: payload.application.yearsExperience } : {}),
    ...(payload.application.answers !== undefined ? { answers: payload.application.answers } : {}),
    ...(payload.application.location !== undefined ? { location: payload.application.location } : {}),
    ...(externalId !== undefined ? { externalId } : {}),
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * The candidate's phone in E.164, read in the requisition's region, else the source's, else CN.
 * A number that is not a valid mobile there is refused with its field path and the reason.
 */
async function phoneOf(payload: GenericApplicationWebhook, source: string, deps: IntakeDeps): Promise<string> {
  const raw = payload.candidate.phone!;
  // An unreadable requisition is the journey's to report (its screening step records it), not the intake's.
  const requisition = raw.trim().startsWith("+") ? undefined : await deps.store.getRequisition(payload.application.requisitionId).catch(() => undefined);
  const region = requisition?.phoneRegion ?? deps.config.phoneRegions?.[source] ?? DEFAULT_PHONE_REGION;
  const parsed = parsePhone(raw, region as PhoneRegion);
  if (!parsed.ok) throw new ValidationError(`invalid phone number: ${parsed.reason}`, [{ path: "candidate.phone", message: parsed.reason, code: "invalid_phone" }]);
  return parsed.e164;
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
