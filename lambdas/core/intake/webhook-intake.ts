// The webhook pipeline, shared by the live route and dead-letter replay: authenticate, parse,
// validate, ingest. A failure is kept as a dead letter by the caller, with the raw bytes, so
// nothing that arrived is lost and HR can replay it once the cause is fixed.
import { NotFoundError, ValidationError } from "../shared/errors.js";
import { ingestApplication, type IntakeDeps, type IntakeResult } from "./intake.js";
import { zodIssues } from "../shared/problem.js";
import type { Clock, SecretsProvider } from "../shared/ports.js";
import { verifyGenericWebhook } from "./webhook-signature.js";
import { GenericApplicationWebhook } from "./webhook-payload.js";
import { isAtsSource, mapAtsDelivery, verifyAtsSignature, atsSources, type MappedDelivery } from "./ats-webhooks.js";
import { verifyLeverDelivery } from "./lever-webhook.js";
import { FEISHU_VERIFICATION_TOKEN_SECRET, openFeishuDelivery, type FeishuChallenge } from "./feishu-webhook.js";
import { noteApplication } from "../talent/talent.js";
import type { TalentStore } from "../talent/talent-ports.js";

export interface ReceivedWebhook {
  source: string;
  route: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface WebhookDeps extends IntakeDeps {
  secrets: SecretsProvider;
  /** Undefined skips the freshness check (replays). */
  toleranceSeconds: number | undefined;
  /**
   * The clock senders stamp their signatures with (the wall), for the freshness check. Defaults to
   * `clock`; they differ only on the local stack, whose journey time may run ahead (ports.wallClock).
   */
  senderClock?: Clock;
  /** The generic scheme's deprecated v1 signature (body only), for senders not yet on v2 (WEBHOOK_GENERIC_V1=accept). */
  acceptGenericV1?: boolean;
  /**
   * The talent pool: keeps ATS raw payloads. A new application's requisition is added to the
   * person's record by the journey's first step (ScreenApplication), off the acknowledgement path.
   */
  talent?: TalentStore;
}

/** An authentic delivery of an event we acknowledge without ingesting (kept raw). */
export interface IgnoredDelivery {
  ignored: true;
  source: string;
  deliveryId: string;
  event: string;
  duplicate: false;
  /** For a vendor that sends ids only: why no person was created, and the ids that were kept. */
  reason?: string;
  externalIds?: Record<string, string>;
}

/**
 * The largest webhook body taken. Lambda takes 6 MB per request, and API Gateway base64-encodes a
 * body that isn't text, so 4 MiB is what fits either way; a larger one is refused with 413.
 */
export const MAX_WEBHOOK_BYTES = 4 * 1024 * 1024;

/** Signed sources that send ids only (no name, email or phone): kept raw, nobody is created. */
export const idsOnlySources = ["lever", "feishu"] as const;

/** Sources whose signature scheme and payload we understand. Later issues add the job boards. */
export const webhookSources = ["generic", ...atsSources, ...idsOnlySources] as const;

/** Secret names beyond one per source: Feishu's Verification Token travels with its Encrypt Key. */
export const webhookSecretNames = [...webhookSources, FEISHU_VERIFICATION_TOKEN_SECRET] as const;

export async function processWebhook(received: ReceivedWebhook, deps: WebhookDeps): Promise<IntakeResult | IgnoredDelivery | FeishuChallenge> {
  if (!(webhookSources as readonly string[]).includes(received.source)) {
    throw new NotFoundError(`unknown webhook source "${received.source}"`, { code: "unknown-source" });
  }
  const secret = await deps.secrets.webhookSecret(received.source);
  if (!secret) throw new NotFoundError(`no secret is configured for webhook source "${received.source}"`, { code: "source-not-configured" });
  if (isAtsSource(received.source)) return processAtsWebhook(received.source, received, secret, deps);
  if (received.source === "lever") {
    return recordIdsOnly(received, verifyLeverDelivery(received.body, secret, (deps.senderClock ?? deps.clock).now(), deps.toleranceSeconds), received.body.toString("utf8"), deps);
  }
  if (received.source === "feishu") {
    const verificationToken = await deps.secrets.webhookSecret(FEISHU_VERIFICATION_TOKEN_SECRET);
    if (!verificationToken) throw new NotFoundError(`no Verification Token is configured for webhook source "feishu"`, { code: "source-not-configured" });
    const opened = openFeishuDelivery(received.body, received.headers, { encryptKey: secret, verificationToken }, (deps.senderClock ?? deps.clock).now(), deps.toleranceSeconds);
    if (opened.kind === "challenge") return { challenge: opened.challenge };
    return recordIdsOnly(received, opened.mapped, opened.plaintext, deps);
  }
  const { deliveryId } = verifyGenericWebhook(
    received.body,
    {
      ...(received.headers["x-hirepath-signature"] ? { signature: received.headers["x-hirepath-signature"] } : {}),
      ...(received.headers["x-hirepath-delivery"] ? { deliveryId: received.headers["x-hirepath-delivery"] } : {}),
      ...(received.headers["x-hirepath-timestamp"] ? { timestamp: received.headers["x-hirepath-timestamp"] } : {}),
    },
    secret,
    (deps.senderClock ?? deps.clock).now(),
    { toleranceSeconds: deps.toleranceSeconds, acceptV1: deps.acceptGenericV1 ?? false },
  );
  let json: unknown;
  try {
    json = JSON.parse(received.body.toString("utf8"));
  } catch (e) {
    throw new ValidationError("body is not valid JSON", [{ path: "(root)", message: (e as Error).message, code: "invalid_json" }]);
  }
  const parsed = GenericApplicationWebhook.safeParse(json);
  if (!parsed.success) throw new ValidationError("body does not match the application.created schema", zodIssues(parsed.error));
  const result = await ingestApplication(parsed.data, { source: received.source, deliveryId }, deps);
  await noteDuplicateApplication(result, parsed.data.application.requisitionId, deps);
  return result;
}

async function processAtsWebhook(source: (typeof atsSources)[number], received: ReceivedWebhook, secret: string, deps: WebhookDeps): Promise<IntakeResult | IgnoredDelivery> {
  verifyAtsSignature(source, received.body, received.headers, secret);
  const mapped = mapAtsDelivery(source, received.body, received.headers);
  const utf8 = received.body.toString("utf8");
  await deps.talent?.putRawPayload(received.source, mapped.deliveryId, {
    body: utf8,
    encoding: "utf8",
    receivedAt: deps.clock.now().toISOString(),
    headers: received.headers,
  });
  if (!mapped.application) return { ignored: true, source: received.source, deliveryId: mapped.deliveryId, event: mapped.event, duplicate: false };
  const parsed = GenericApplicationWebhook.safeParse(mapped.application);
  if (!parsed.success) throw new ValidationError(`the ${received.source} candidate does not map to an application`, zodIssues(parsed.error));
  const result = await ingestApplication(parsed.data, { source: received.source, deliveryId: mapped.deliveryId }, deps);
  await noteDuplicateApplication(result, parsed.data.application.requisitionId, deps);
  return result;
}

/**
 * Keeps an authentic ids-only delivery. `body` is what HR can read: the raw body, or for an
 * encrypted Feishu event its plaintext (the raw ciphertext is unreadable once the key rotates).
 * Written once per delivery id (the first copy wins), so a replay changes nothing.
 */
async function recordIdsOnly(received: ReceivedWebhook, mapped: MappedDelivery, body: string, deps: WebhookDeps): Promise<IgnoredDelivery> {
  await deps.talent?.putRawPayload(received.source, mapped.deliveryId, { body, encoding: "utf8", receivedAt: deps.clock.now().toISOString(), headers: received.headers });
  return {
    ignored: true,
    source: received.source,
    deliveryId: mapped.deliveryId,
    event: mapped.event,
    duplicate: false,
    reason: `${received.source} sends ids only; the payload is kept and no person is created`,
    ...(mapped.externalIds ? { externalIds: mapped.externalIds } : {}),
  };
}

/**
 * A duplicate delivery's journey already exists and will not screen again, and it may predate the
 * journey's re-index (started when the webhook did it, and that attempt failed after the start).
 * So a duplicate re-applies it here: idempotent, a single read when the record has it, and off the
 * hot path because duplicates are rare.
 */
async function noteDuplicateApplication(result: IntakeResult, requisitionId: string, deps: WebhookDeps): Promise<void> {
  if (result.duplicate && deps.talent) await noteApplication(result.candidateId, requisitionId, deps.clock.now().toISOString(), deps.talent);
}

/** Headers worth keeping with a dead letter: everything except credentials. */
export function keptHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || /^(authorization|cookie)$/i.test(k)) continue;
    out[k.toLowerCase()] = v;
  }
  return out;
}
