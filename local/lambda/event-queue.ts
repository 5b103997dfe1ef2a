// Lambda's event queue for asynchronous invocations (EventBridge, SNS, Scheduler, Step Functions'
// InvocationType Event), locally: a function error (its own, a timeout, a crash) is retried twice,
// then the event goes to the function's on-failure destination if the deployed stack configures one
// (lib/function-catalogue.ts `asyncFailure`, lib/hirepath-stack.ts configureAsyncInvoke), or is
// dropped, as Lambda drops it. Only a shutdown ends the attempts early.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Lambda waits about 1 minute before the second attempt and 2 before the third. Locally 1 and 2
 * seconds of real time (compressed 60×, not the journey clock's time), so an event the outbox or a
 * test is waiting on is settled in seconds, not minutes.
 */
export const ASYNC_RETRY_DELAYS_MS = [1_000, 2_000] as const;

/** What Lambda sends an SQS on-failure destination (the "invocation record" of its documentation). */
export interface AsyncFailureRecord {
  version: "1.0";
  timestamp: string;
  requestContext: { requestId: string; functionArn: string; condition: "RetriesExhausted"; approximateInvokeCount: number };
  requestPayload: unknown;
  responseContext: { statusCode: 200; executedVersion: "$LATEST"; functionError: "Unhandled" };
  responsePayload: { errorType: string; errorMessage: string; stackTrace: string[] };
}

export interface EventQueueOptions {
  functionName: string;
  functionArn: string;
  /** One attempt; every attempt of an event carries the event's request id, as Lambda's retries do. */
  attempt: () => Promise<unknown>;
  /** Errors that end the attempts at once (the local stack shutting down). */
  isFinal: (error: unknown) => boolean;
  /** The on-failure destination, or undefined: the event is dropped after the last attempt. */
  onFailure?: LocalQueue;
  delaysMs?: readonly number[];
  log?: (line: string) => void;
}

/** Runs one asynchronous invocation to its end: its result, or its last error after the retries. */
export async function runQueuedEvent(event: unknown, requestId: string, o: EventQueueOptions): Promise<unknown> {
  const delays = o.delaysMs ?? ASYNC_RETRY_DELAYS_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await o.attempt();
    } catch (error) {
      if (o.isFinal(error)) throw error;
      const e = error as Error;
      if (attempt < delays.length) {
        o.log?.(`lambda: asynchronous invocation of ${o.functionName} failed (${e.name}); retry ${attempt + 1} of ${delays.length}`);
        await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
        continue;
      }
      if (o.onFailure) {
        o.onFailure.send({
          version: "1.0",
          timestamp: new Date().toISOString(),
          requestContext: { requestId, functionArn: `${o.functionArn}:$LATEST`, condition: "RetriesExhausted", approximateInvokeCount: attempt + 1 },
          requestPayload: event,
          responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
          responsePayload: { errorType: e.name, errorMessage: e.message, stackTrace: e.stack ? e.stack.split("\n").slice(1).map((l) => l.trim()) : [] },
        });
        o.log?.(`lambda: asynchronous invocation of ${o.functionName} failed ${attempt + 1} times (${e.name}); the event is in its on-failure destination ${o.onFailure.name} (${o.onFailure.file})`);
      } else {
        o.log?.(`lambda: asynchronous invocation of ${o.functionName} failed ${attempt + 1} times (${e.name}); dropped, as Lambda drops it without an on-failure destination`);
      }
      throw error;
    }
  }
}

/**
 * A local stand-in for the SQS queue an on-failure destination names: one JSON record a line, kept
 * in the stack's data directory so an operator can read and replay what failed, as from the DLQ.
 */
export class LocalQueue {
  constructor(
    readonly name: string,
    readonly file: string,
  ) {}

  send(record: AsyncFailureRecord): void {
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${JSON.stringify(record)}\n`);
  }

  /** Every message sent so far, oldest first. */
  messages(): AsyncFailureRecord[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AsyncFailureRecord);
  }
}
