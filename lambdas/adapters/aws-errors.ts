// SDK error → domain error, shared by the messaging adapters. Throttling and server faults are
// worth retrying (TransientError, which the ASL's Retry names); anything else is the caller's.
import { TransientError } from "../core/shared/errors.js";

export function translateSendError(service: string, error: unknown): never {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown; message?: string };
  const status = e?.$metadata?.httpStatusCode ?? 0;
  if (status === 429 || status >= 500 || e?.$retryable || /Throttl|TooManyRequests|ServiceUnavailable/i.test(e?.name ?? "")) {
    throw new TransientError(`${service} ${e?.name ?? "error"}: ${e?.message ?? ""}`);
  }
  throw error;
}
