// Lever webhooks. https://hire.lever.co/developer/documentation (Webhooks) and
// https://help.lever.co/hc/en-us/articles/20087284427677-Configuring-webhooks
//   The body carries `token`, `triggeredAt` (unix ms) and `signature`:
//   signature = hex HMAC-SHA256(the webhook's signature token, token + triggeredAt).
// The HMAC covers token and triggeredAt only, not `data`. So the delivery id is built from those
// two signed values alone: a copy of a captured delivery with edited data is the same delivery, a
// duplicate. triggeredAt is signed, so freshness is checked against it (like X-Hirepath-Timestamp).
// Lever issues one signature token per webhook (help.lever.co, "Webhooks Subscription API"), so the
// `lever` secret may hold several, comma-separated; a signature matching any of them is accepted.
//
// What Lever sends is ids only (`data`: opportunityId, applicationId, contactId, stage ids); the
// person's name and contact details are behind the Lever API. We do not call it (see the README):
// an authentic delivery is acknowledged and its raw payload kept with the Lever ids, and no person
// is created, because a person with no name, email or phone can be neither screened nor contacted.
import { createHmac } from "node:crypto";
import * as z from "../shared/zod.js";
import { SignatureError, ValidationError } from "../shared/errors.js";
import { zodIssues } from "../shared/problem.js";
import { compareHex, type MappedDelivery } from "./ats-webhooks.js";

const LeverEnvelope = z.object({
  token: z.string().min(1),
  triggeredAt: z.number().int().positive(),
  signature: z.string(),
});

const LeverBody = LeverEnvelope.extend({
  event: z.string().min(1),
  data: z
    .object({
      opportunityId: z.string().nullish(),
      applicationId: z.string().nullish(),
      contactId: z.string().nullish(),
      /** Older payloads name the contact `candidateId`. */
      candidateId: z.string().nullish(),
      fromStageId: z.string().nullish(),
      toStageId: z.string().nullish(),
    })
    .loose()
    .default({}),
});

export function signLeverWebhook(signatureToken: string, token: string, triggeredAt: number): string {
  return createHmac("sha256", signatureToken).update(`${token}${triggeredAt}`).digest("hex");
}

/** Verifies a Lever delivery and maps it; `toleranceSeconds` undefined skips freshness (replays). */
export function verifyLeverDelivery(body: Buffer, secret: string, now: Date, toleranceSeconds: number | undefined): MappedDelivery {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch (e) {
    throw new ValidationError("body is not valid JSON", [{ path: "(root)", message: (e as Error).message, code: "invalid_json" }]);
  }
  const envelope = LeverEnvelope.safeParse(json);
  if (!envelope.success) {
    throw new SignatureError("a Lever delivery carries token, triggeredAt and signature in its body", { code: "signature-missing" });
  }
  const { token, triggeredAt, signature } = envelope.data;
  const tokens = secret.split(",").map((s) => s.trim()).filter(Boolean);
  const matches = tokens.some((t) => {
    try {
      compareHex(Buffer.from(signLeverWebhook(t, token, triggeredAt), "hex"), signature, "signature field");
      return true;
    } catch (e) {
      if ((e as SignatureError).details?.code === "signature-mismatch") return false;
      throw e;
    }
  });
  if (!matches) throw new SignatureError("signature does not match token and triggeredAt", { code: "signature-mismatch" });
  if (toleranceSeconds !== undefined) {
    const skew = Math.abs(now.getTime() - triggeredAt) / 1000;
    if (skew > toleranceSeconds) {
      throw new SignatureError(`triggeredAt is ${Math.round(skew)} s from now; the tolerance is ${toleranceSeconds} s`, { code: "timestamp-stale" });
    }
  }

  const parsed = LeverBody.safeParse(json);
  if (!parsed.success) throw new ValidationError("body does not match the lever webhook payload", zodIssues(parsed.error));
  const { event, data } = parsed.data;
  const contactId = data.contactId ?? data.candidateId ?? undefined;
  return {
    deliveryId: `${token}-${triggeredAt}`,
    event,
    ...(contactId ? { externalCandidateId: contactId } : {}),
    externalIds: {
      ...(data.opportunityId ? { opportunityId: data.opportunityId } : {}),
      ...(data.applicationId ? { applicationId: data.applicationId } : {}),
      ...(contactId ? { contactId } : {}),
    },
  };
}
