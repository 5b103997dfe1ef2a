// Signed, expiring links for people without accounts (candidates, approvers). The token carries
// its own purpose, subject and expiry under an HMAC, so the public route needs no lookup to reject
// a forged or stale link. Actions that change state happen on POST (see handlers/public-links.ts),
// so a mail scanner that prefetches a link changes nothing.
import { createHmac, timingSafeEqual } from "node:crypto";
import * as z from "./zod.js";
import { LinkExpiredError, SignatureError } from "./errors.js";

export const LinkClaims = z.object({
  /** What the link is for. */
  p: z.enum(["portal", "unsubscribe", "interview", "schedule", "recall"]),
  /** Candidate id. */
  c: z.string(),
  /** Application id, when the link is about one application. */
  a: z.string().optional(),
  /** Channel, for unsubscribe. */
  ch: z.enum(["email", "sms"]).optional(),
  /** Interview id, for "interview" links (confirm / reschedule / decline). */
  i: z.string().optional(),
  /** Interview version the link was issued for: a link from before a reschedule is stale. */
  v: z.number().int().optional(),
  /** Nonce of a single-use link ("schedule"): the first booking claims it. */
  n: z.string().optional(),
  /** Self-scheduling offer (interviewer, mode, place), base64url JSON, for "schedule" links. */
  o: z.string().optional(),
  /** Requisition id, for "recall" links: the owner recalls candidate `c` for requisition `r`. */
  r: z.string().optional(),
  /** Expiry, epoch seconds. */
  exp: z.number().int(),
});
export type LinkClaims = z.infer<typeof LinkClaims>;

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString("base64url");

function mac(key: string, payload: string): Buffer {
  return createHmac("sha256", key).update(payload).digest();
}

export function signLink(claims: LinkClaims, key: string): string {
  const payload = b64url(JSON.stringify(claims));
  return `${payload}.${b64url(mac(key, payload))}`;
}

export function verifyLink(token: string, key: string, now: Date): LinkClaims {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) throw new SignatureError("malformed link");
  const expected = mac(key, payload);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new SignatureError("link signature does not match");
  let claims: LinkClaims;
  try {
    claims = LinkClaims.parse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
  } catch {
    throw new SignatureError("malformed link");
  }
  if (claims.exp * 1000 < now.getTime()) throw new LinkExpiredError("this link has expired");
  return claims;
}

/** When a token we signed expires, read without verifying (for a short link that stands for it). */
export function linkExpiresAt(token: string): Date {
  const claims = LinkClaims.parse(JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8")));
  return new Date(claims.exp * 1000);
}

export function linkUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/$/, "")}/l/${token}`;
}
