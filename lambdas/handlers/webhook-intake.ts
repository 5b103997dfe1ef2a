import { WebhookIntakeEnv } from "../config/env.js";
import { problemFor } from "../core/shared/problem.js";
import { problemTypeUri } from "../core/shared/problem-types.js";
import { systemClock, wallClock } from "../core/shared/ports.js";
import { keptHeaders, MAX_WEBHOOK_BYTES, processWebhook, type ReceivedWebhook } from "../core/intake/webhook-intake.js";
import { keepDeadLetter } from "../core/intake/dead-letters.js";
import { parsePhoneRegions } from "../core/intake/intake.js";
import { fileStoreFrom } from "../adapters/file-store.js";
import { journeysFrom } from "../adapters/journey-starter.js";
import { secretsFrom } from "../adapters/secrets.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { talentStoreFrom } from "../adapters/dynamo-talent-store.js";
import { webhookRoutes } from "../../lib/routes/webhooks.js";
import { json, problemResponse, rawBody, type HandlerTools } from "./lambda-handler.js";
import { routedHandler, type RouteRequest } from "./http/router.js";
import { rateLimitFrom } from "../adapters/dynamo-rate-counter.js";

// The WebhookIntake function: verifies a job-board delivery and starts the journey, or keeps it as a dead letter.
async function receiveWebhook({ params, event }: RouteRequest<(typeof webhookRoutes)[0]>, { env, logger, metrics }: HandlerTools<WebhookIntakeEnv>) {
  const store = storeFrom(env);
  const received: ReceivedWebhook = {
    source: params.source,
    route: event.routeKey,
    headers: keptHeaders({
      ...(event.headers ?? {}),
      // Moka signs in the query string; as a header it stays with a dead letter for replay.
      ...(event.queryStringParameters?.sign ? { "x-moka-sign": event.queryStringParameters.sign } : {}),
    }),
    body: rawBody(event),
  };
  // Refused before anything is kept: a body this size was never accepted, so it is no dead letter.
  if (received.body.length > MAX_WEBHOOK_BYTES) {
    metrics.addMetric("WebhookTooLarge", "Count", 1);
    return problemResponse({ type: problemTypeUri("payload-too-large"), title: "The request body is too large", status: 413, code: "payload-too-large", detail: `webhook bodies are limited to ${MAX_WEBHOOK_BYTES} bytes; this one has ${received.body.length}`, limitBytes: MAX_WEBHOOK_BYTES });
  }
  try {
    const result = await processWebhook(received, {
      store,
      journeys: journeysFrom(env),
      secrets: secretsFrom(env),
      clock: systemClock,
      senderClock: wallClock,
      config: { nudgeAfterSeconds: env.NUDGE_AFTER_SECONDS, phoneRegions: parsePhoneRegions(env.PHONE_REGIONS) },
      toleranceSeconds: env.WEBHOOK_TOLERANCE_SECONDS,
      acceptGenericV1: env.WEBHOOK_GENERIC_V1 === "accept",
      talent: talentStoreFrom(env),
    });
    // Feishu's URL check expects exactly {"challenge": …} back.
    if ("challenge" in result) return json(200, { challenge: result.challenge });
    metrics.addMetric(result.duplicate ? "WebhookDuplicate" : "WebhookAccepted", "Count", 1);
    return json("ignored" in result || result.duplicate ? 200 : 202, result);
  } catch (error) {
    // Whatever arrived is kept before we answer, so a refused delivery can be inspected and replayed.
    const problem = problemFor(error);
    const kept = await keepDeadLetter(received, error, problem, { store, files: () => fileStoreFrom(env), clock: systemClock, capPerHour: env.DEAD_LETTER_CAP_PER_HOUR });
    metrics.addMetric("deadLetterId" in kept ? "WebhookDeadLettered" : "WebhookDeadLetterDropped", "Count", 1);
    if (problem.status >= 500) logger.error("webhook failed", error as Error);
    else logger.info("webhook refused", { code: problem.code, ...kept });
    return problemResponse({ ...problem, ...("deadLetterId" in kept ? { deadLetterId: kept.deadLetterId } : { deadLettered: false }) });
  }
}

export const handler = routedHandler({ name: "webhook-intake", env: WebhookIntakeEnv, routes: webhookRoutes, rateLimit: rateLimitFrom, context: (_env: WebhookIntakeEnv, _caller: unknown, tools: HandlerTools<WebhookIntakeEnv>) => tools }, { receiveWebhook });
