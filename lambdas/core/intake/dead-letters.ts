// Dead letters: a refused webhook is kept, with its raw bytes, so HR can read and replay it. A
// body of any accepted size is kept: a small one inside the item, a larger one in the file store
// (S3 on AWS, the data directory locally) with the item pointing at it, because an item can hold
// only 400 KB. What an unauthenticated sender can add is capped per source and hour, and the
// refusals beyond the cap are counted, so garbage can't flood the list HR reads.
import { createHash } from "node:crypto";
import { DomainError } from "../shared/errors.js";
import type { FileStore } from "../shared/file-store.js";
import { newId } from "../shared/ids.js";
import type { DeadLetter } from "../shared/model.js";
import type { Problem } from "../shared/problem.js";
import type { Clock, HirepathStore } from "../shared/ports.js";
import type { ReceivedWebhook } from "./webhook-intake.js";

/** Bodies up to this size stay inside the dead-letter item (DynamoDB items hold 400 KB, headers included). */
export const INLINE_DEAD_LETTER_BYTES = 96 * 1024;
/** Where larger bodies go in the file store. */
export const deadLetterBodyKey = (deadLetterId: string) => `dead-letters/${deadLetterId}`;
/** Dead letters kept per source and hour from senders that did not authenticate. */
export const DEFAULT_DEAD_LETTER_CAP_PER_HOUR = 100;
/** Sources we don't know share one count: the path segment is the sender's to choose. */
export const UNKNOWN_SOURCE = "(unknown)";

export interface DeadLetterDeps {
  store: HirepathStore;
  /** Needed only for bodies over INLINE_DEAD_LETTER_BYTES. */
  files: () => FileStore;
  clock: Clock;
  capPerHour: number;
}

/** Refusals from senders that did not prove who they are: these count against the cap. */
export function isUnauthenticated(problem: Problem): boolean {
  return problem.status === 401 || problem.code === "unknown-source" || problem.code === "source-not-configured";
}

export const hourOf = (at: Date) => at.toISOString().slice(0, 13);

export async function keepDeadLetter(received: ReceivedWebhook, error: unknown, problem: Problem, deps: DeadLetterDeps): Promise<{ deadLetterId: string } | { dropped: true }> {
  const now = deps.clock.now();
  const utf8 = received.body.toString("utf8");
  const isText = Buffer.from(utf8, "utf8").equals(received.body);
  const deadLetterId = newId(now.getTime());
  const base: DeadLetter = {
    deadLetterId,
    receivedAt: now.toISOString(),
    source: received.source,
    route: received.route,
    reason: error instanceof DomainError || problem.status < 500 ? String((error as Error).message) : "internal error",
    code: problem.code,
    headers: received.headers,
    bodyEncoding: isText ? "utf8" : "base64",
    bodyBytes: received.body.length,
    status: "open",
  };
  const cap = isUnauthenticated(problem) ? { source: problem.code === "unknown-source" ? UNKNOWN_SOURCE : received.source, hour: hourOf(now), limit: deps.capPerHour } : undefined;
  // Over the cap nothing is written, not even the file: checked first so garbage costs one read.
  if (cap && !(await deps.store.deadLetterRoom(cap.source, cap.hour, cap.limit))) {
    await deps.store.countDroppedDeadLetter(cap.source, cap.hour);
    return { dropped: true };
  }
  let deadLetter: DeadLetter;
  if (received.body.length <= INLINE_DEAD_LETTER_BYTES) {
    deadLetter = { ...base, rawBody: isText ? utf8 : received.body.toString("base64") };
  } else {
    // The file first: an item never points at a body that isn't there. A crash in between leaves
    // an unreferenced file under dead-letters/, which the sender's retry does not reuse.
    const bodyKey = deadLetterBodyKey(deadLetterId);
    await deps.files().put(bodyKey, received.body, received.headers["content-type"] ?? "application/octet-stream");
    deadLetter = { ...base, bodyKey, bodySha256: createHash("sha256").update(received.body).digest("hex") };
  }
  if (!(await deps.store.putDeadLetter(deadLetter, cap))) {
    await deps.store.countDroppedDeadLetter(cap!.source, cap!.hour);
    if (deadLetter.bodyKey) await deps.files().delete(deadLetter.bodyKey);
    return { dropped: true };
  }
  return { deadLetterId };
}

/** The body as it arrived, from the item or the file store. */
export async function deadLetterBody(deadLetter: DeadLetter, files: () => FileStore): Promise<Buffer> {
  if (deadLetter.rawBody !== undefined) return Buffer.from(deadLetter.rawBody, deadLetter.bodyEncoding === "base64" ? "base64" : "utf8");
  if (!deadLetter.bodyKey) return Buffer.alloc(0);
  const body = await files().get(deadLetter.bodyKey);
  if (!body) throw new Error(`dead letter ${deadLetter.deadLetterId}: its body ${deadLetter.bodyKey} is missing from the file store`);
  return body;
}
