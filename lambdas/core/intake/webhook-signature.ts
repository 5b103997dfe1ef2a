// The generic job-board webhook's signature scheme, version 2:
//   X-Hirepath-Signature: v2=<hex HMAC-SHA256 of `${timestamp}.${raw body}`>
//   X-Hirepath-Timestamp: <unix seconds>         (rejected outside the tolerance)
//   X-Hirepath-Delivery:  <unique delivery id>   (idempotency key)
// The timestamp is inside what is signed, so a stale delivery can't be re-sent with a fresh
// timestamp header. Verify against the raw bytes: re-serialized JSON would not match.
//
// Version 1 (`sha256=<hex HMAC of the body alone>`) is deprecated: its timestamp is not signed.
// It is verified only where WEBHOOK_GENERIC_V1=accept, for senders not yet moved to v2.
import { createHmac, timingSafeEqual } from "node:crypto";
import { SignatureError } from "../shared/errors.js";

export interface WebhookHeaders {
  signature?: string;
  deliveryId?: string;
  timestamp?: string;
}

/** v2: the timestamp and the body, signed together. */
export function signGenericWebhook(rawBody: string | Buffer, secret: string, timestamp: number | string): string {
  return `v2=${createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest("hex")}`;
}

/** v1 (deprecated): the body alone. For senders still on it, and for testing the setting that keeps it. */
export function signGenericWebhookV1(rawBody: string | Buffer, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`;
}

export interface GenericVerifyOptions {
  /** Undefined skips the freshness check (dead-letter replays: the body is still authenticated). */
  toleranceSeconds: number | undefined;
  /** Whether the deprecated v1 scheme is still accepted. */
  acceptV1: boolean;
}

export function verifyGenericWebhook(rawBody: Buffer, headers: WebhookHeaders, secret: string, now: Date, options: GenericVerifyOptions): { deliveryId: string; scheme: "v1" | "v2" } {
  if (!headers.signature) throw new SignatureError("missing X-Hirepath-Signature header", { code: "signature-missing" });
  const match = /^(v2|sha256)=([0-9a-f]{64})$/i.exec(headers.signature.trim());
  if (!match) throw new SignatureError("X-Hirepath-Signature must be v2=<64 hex chars>", { code: "signature-malformed" });
  const scheme = match[1]!.toLowerCase() === "v2" ? "v2" : "v1";
  if (scheme === "v1" && !options.acceptV1) {
    throw new SignatureError("the sha256= (v1) signature is no longer accepted: sign `${timestamp}.${body}` and send v2=<hex>", { code: "signature-scheme-deprecated" });
  }
  if (scheme === "v2" && (!headers.timestamp || !/^\d{1,12}$/.test(headers.timestamp))) {
    throw new SignatureError("missing or invalid X-Hirepath-Timestamp header (signed in v2)", { code: "timestamp-missing" });
  }
  const mac = createHmac("sha256", secret);
  if (scheme === "v2") mac.update(`${headers.timestamp}.`);
  const expected = mac.update(rawBody).digest();
  if (!timingSafeEqual(expected, Buffer.from(match[2]!, "hex"))) throw new SignatureError("signature does not match the body", { code: "signature-mismatch" });
  if (!headers.deliveryId) throw new SignatureError("missing X-Hirepath-Delivery header", { code: "delivery-id-missing" });
  if (options.toleranceSeconds !== undefined) {
    const ts = Number(headers.timestamp);
    if (!headers.timestamp || !Number.isFinite(ts)) throw new SignatureError("missing or invalid X-Hirepath-Timestamp header", { code: "timestamp-missing" });
    const skew = Math.abs(now.getTime() / 1000 - ts);
    if (skew > options.toleranceSeconds) {
      throw new SignatureError(`timestamp is ${Math.round(skew)} s from now; the tolerance is ${options.toleranceSeconds} s`, { code: "timestamp-stale" });
    }
  }
  return { deliveryId: headers.deliveryId, scheme };
}
