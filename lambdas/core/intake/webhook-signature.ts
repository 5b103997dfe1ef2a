// The generic job-board webhook's signature scheme:
//   X-Hirepath-Signature: sha256=<hex HMAC-SHA256 of the raw body>
//   X-Hirepath-Delivery:  <unique delivery id>   (idempotency key)
//   X-Hirepath-Timestamp: <unix seconds>         (rejected outside the tolerance)
// Verify against the raw bytes: re-serialized JSON would not match what the sender signed.
import { createHmac, timingSafeEqual } from "node:crypto";
import { SignatureError } from "../shared/errors.js";

export interface WebhookHeaders {
  signature?: string;
  deliveryId?: string;
  timestamp?: string;
}

export function signGenericWebhook(rawBody: string | Buffer, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`;
}

export function verifyGenericWebhook(
  rawBody: Buffer,
  headers: WebhookHeaders,
  secret: string,
  now: Date,
  toleranceSeconds: number | undefined,
): { deliveryId: string } {
  if (!headers.signature) throw new SignatureError("missing X-Hirepath-Signature header", { code: "signature-missing" });
  const match = /^sha256=([0-9a-f]{64})$/i.exec(headers.signature.trim());
  if (!match) throw new SignatureError("X-Hirepath-Signature must be sha256=<64 hex chars>", { code: "signature-malformed" });
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  const given = Buffer.from(match[1]!, "hex");
  if (!timingSafeEqual(expected, given)) throw new SignatureError("signature does not match the body", { code: "signature-mismatch" });
  if (!headers.deliveryId) throw new SignatureError("missing X-Hirepath-Delivery header", { code: "delivery-id-missing" });
  // Replays of dead letters skip the freshness check (toleranceSeconds undefined): the body is
  // still authenticated, and the delivery id keeps the replay idempotent.
  if (toleranceSeconds !== undefined) {
    const ts = Number(headers.timestamp);
    if (!headers.timestamp || !Number.isFinite(ts)) throw new SignatureError("missing or invalid X-Hirepath-Timestamp header", { code: "timestamp-missing" });
    const skew = Math.abs(now.getTime() / 1000 - ts);
    if (skew > toleranceSeconds) {
      throw new SignatureError(`timestamp is ${Math.round(skew)} s from now; the tolerance is ${toleranceSeconds} s`, { code: "timestamp-stale" });
    }
  }
  return { deliveryId: headers.deliveryId };
}
