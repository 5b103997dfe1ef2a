import { MessageEventsEnv } from "../config/env.js";
import { MessageEventEnvelope, recordMessageEvent } from "../core/outreach/message-events.js";
import { systemClock } from "../core/shared/ports.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { interviewStoreFrom } from "../adapters/interview-store.js";
import { preferenceStoreFrom } from "../adapters/dynamo-preference-store.js";
import { taskStoreFrom } from "../adapters/dynamo-task-store.js";
import { outreachFrom } from "./outreach-deps.js";
import { stepHandler } from "./lambda-handler.js";

// EventBridge target for SES configuration-set events and End User Messaging SMS events.
export const handler = stepHandler({ name: "message-events", env: MessageEventsEnv, input: MessageEventEnvelope }, async (event, { env, logger, metrics }) => {
  const outreach = outreachFrom(env, { interviews: interviewStoreFrom(env), preferences: preferenceStoreFrom(env) });
  const result = await recordMessageEvent(event, { store: storeFrom(env), clock: systemClock, fallback: (messageId, reason) => outreach.fallbackAfterFailure(messageId, reason), tasks: taskStoreFrom(env) });
  metrics.addMetric(`MessageEvent_${result}`, "Count", 1);
  if (result === "unknown-message") logger.warn("event for a message we did not send", { source: event.source, detailType: event["detail-type"] });
  return { result };
});
