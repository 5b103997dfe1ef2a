// Shared plumbing for the messaging emulators' event publishing: the EventBridge envelope that AWS
// wraps service events in, and a tracker for the background work that publishes them (events are
// emitted after the send response, never inside it, as AWS does, and tests and shutdown need a
// way to wait for that work to finish).
import { randomUUID } from "node:crypto";
import { LOCAL_ACCOUNT, LOCAL_REGION, type EventBridgeEvent } from "../event-bus.js";

/** EventBridge's `time` has second precision ("2025-10-01T18:20:41Z"), unlike the ms timestamps inside `detail`. */
export function eventBridgeTime(at: Date = new Date()): string {
  return at.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function eventBridgeEnvelope<D>(
  source: string,
  detailType: string,
  detail: D,
  resources: string[] = [],
  at: Date = new Date(),
): EventBridgeEvent<D> {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": detailType,
    source,
    account: LOCAL_ACCOUNT,
    time: eventBridgeTime(at),
    region: LOCAL_REGION,
    resources,
    detail,
  };
}

export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs fire-and-forget publishing jobs and lets callers wait until every one has finished.
 * A failing job is logged, never thrown: a broken event handler must not break the sender.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly log: (line: string) => void) {}

  run(label: string, job: () => Promise<void>): void {
    const task = job()
      .catch((error: unknown) => this.log(`[outbox] ${label} failed: ${errorMessage(error)}`))
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  /** Resolves once no job is running, including jobs started by jobs that were running. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
