// The job-board webhook row. Function: WebhookIntake. The body is read raw: each source signs its bytes.
import { GenericApplicationWebhook } from "../../lambdas/core/intake/webhook-payload.js";
import { route } from "./route-spec.js";

export const webhookRoutes = [
  route({
    method: "POST",
    path: "/webhooks/{source}",
    fn: "WebhookIntake",
    auth: "webhook-signature",
    operationId: "receiveWebhook",
    summary: "Receive a job-board webhook",
    description: "A signed delivery from a job board or ATS. A refused delivery is kept as a dead letter, with its raw bytes, and the problem names its id.",
    tags: ["Webhooks"],
    body: { type: "raw", contentTypes: ["application/json"], description: "The source's payload, exactly as signed. For `generic`, the schema below; other sources send their own documented payloads.", schema: GenericApplicationWebhook },
    responses: { 202: { description: "Accepted: candidate and application created, the journey started" }, 200: { description: "A duplicate delivery (`duplicate: true`, the first delivery's ids: the same delivery id sent again, also at the same instant or after an attempt that died, or the same application under a new one), an event acknowledged without ingesting, or Feishu's URL check" } },
  }),
] as const;
