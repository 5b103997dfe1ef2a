import { InboundSmsEnv } from "../config/env.js";
import { recordInboundSms, SnsInboundSmsEvent, TwoWayInboundMessage } from "../core/outreach/inbound-sms.js";
import { systemClock } from "../core/shared/ports.js";
import { settleRecallByReply } from "../core/recall/recall-journey.js";
import { storeFrom } from "../adapters/dynamo-store.js";
import { talentStoreFrom } from "../adapters/dynamo-talent-store.js";
import { stepHandler } from "./lambda-handler.js";

// Target of the two-way SMS SNS topic: each record's Message is End User Messaging's inbound-text JSON.
export const handler = stepHandler({ name: "inbound-sms", env: InboundSmsEnv, input: SnsInboundSmsEvent }, async (event, { env, metrics }) => {
  const store = storeFrom(env);
  const talent = talentStoreFrom(env);
  const deps = { store, contacts: talent, clock: systemClock, onReply: (reply: { candidateId: string; body: string }) => settleRecallByReply(reply, { store, talent, clock: systemClock }) };
  const results = [];
  for (const record of event.Records) {
    const result = await recordInboundSms(TwoWayInboundMessage.parse(JSON.parse(record.Sns.Message)), deps);
    metrics.addMetric(`InboundSms_${result}`, "Count", 1);
    results.push(result);
  }
  return { results };
});
