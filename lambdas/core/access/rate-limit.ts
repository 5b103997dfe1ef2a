// Per-caller rate limiting, answered as a 429 problem with Retry-After. API Gateway's HTTP APIs have no
// gateway responses (a REST API feature), so the stage throttle's own 429 is `{"message":"Too Many
// Requests"}` and cannot be reshaped. The router therefore limits each caller itself, below the stage's
// ceiling: a caller who sends too much meets this limit, in the API's one error format, long before the
// stage's. The stage throttle stays as the ceiling for floods (lib/constructs/http-api.ts).
import { createHash } from "node:crypto";
import { ThrottledError } from "../shared/errors.js";

/** Counts one request of a caller in a window and returns the window's count so far (this one included). */
export interface RateCounter {
  increment(callerKey: string, windowStart: Date, windowSeconds: number): Promise<number>;
}

export interface RateLimit {
  /** Requests a caller may send per window. */
  perWindow: number;
  windowSeconds: number;
}

/**
 * Who a request counts against: the signed-in user, or for routes without one (candidates' links, webhooks),
 * the source address. An address is personal data, so the table keeps only a hash of it.
 */
export function rateKey(caller: { sub: string }, sourceIp: string | undefined): string {
  if (caller.sub !== "anonymous") return `user:${caller.sub}`;
  return `ip:${createHash("sha256").update(sourceIp ?? "unknown").digest("hex").slice(0, 24)}`;
}

/** Fixed windows aligned to the epoch: every function instance agrees on which window a request is in. */
export function windowOf(now: Date, windowSeconds: number): { start: Date; secondsLeft: number } {
  const ms = windowSeconds * 1000;
  const start = Math.floor(now.getTime() / ms) * ms;
  return { start: new Date(start), secondsLeft: Math.max(1, Math.ceil((start + ms - now.getTime()) / 1000)) };
}

/** Counts the request; throws ThrottledError (429) when the caller is over the limit in this window. */
export async function takeRequest(counter: RateCounter, limit: RateLimit, callerKey: string, now: Date): Promise<void> {
  const { start, secondsLeft } = windowOf(now, limit.windowSeconds);
  const count = await counter.increment(callerKey, start, limit.windowSeconds);
  if (count > limit.perWindow) {
    throw new ThrottledError(`more than ${limit.perWindow} requests in ${limit.windowSeconds} s from this caller; retry after ${secondsLeft} s`, limit.perWindow, secondsLeft);
  }
}
