// Lambda's execution model in the local stack: one request per environment, environments started on
// demand up to the concurrency limit, throttles beyond it, and a timeout that stops the work.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { ensureTable, startDynalite, type LocalDynamo } from "../../local/aws/dynamodb.js";
import { FunctionPool, TooManyRequestsException } from "../../local/lambda/environment-pool.js";
import { machineShare, MIN_SHARE, setComputeTimeout } from "../../local/clock/compute-time.js";
import { invokeLocalLambda } from "../../local/sfn/dispatcher.js";
import { startLocalStack, type LocalStack } from "../../local/stack.js";

const TABLE = "lambda-env-test";

describe("execution environments of one function (a worker pool)", () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let pool: FunctionPool;
  let lines: string[];
  /** A writer with a limit of 2: the local default (reserved = false), or a reserved concurrency of 2. */
  const slowWriter = (reserved: boolean, timeoutSeconds = 1, idleMs?: number) =>
    new FunctionPool(
      {
        functionId: "SlowWriter",
        functionName: "slow-writer",
        functionArn: "arn:aws:lambda:us-east-1:000000000000:function:slow-writer",
        entry: resolve("test/fixtures/lambdas/slow-writer.ts"),
        memoryMb: 128,
        timeoutSeconds,
        // Wall-clock timeouts here, whatever the machine's load: the timing is the test's own.
        share: () => 1,
        concurrency: 2,
        ...(idleMs !== undefined ? { idleMs } : {}),
        env: { ...(process.env as Record<string, string>), AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, TABLE_NAME: TABLE },
        logLine: (line) => lines.push(line),
      },
      reserved,
    );
  beforeAll(async () => {
    dynamo = await startDynalite(undefined, 0);
    client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    await ensureTable(client, TABLE);
    lines = [];
    pool = slowWriter(false);
  });
  afterAll(async () => {
    await pool?.close();
    await dynamo?.close();
  });

  const items = async (runId: string) =>
    ((await client.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": { S: `SLOW#${runId}` } } }))).Items ?? []).map((i) => Number(i["at"]!.N));

  it("stops a timed-out invocation's work: Lambda's timeout error, and no write after it", async () => {
    const runId = crypto.randomUUID();
    // 200 writes 20 ms apart would take 4 s; the timeout is 1 s.
    const error = await pool.invoke({ runId, writes: 200, everyMs: 20 }, "sync", "req-timeout").then(
      () => undefined,
      (e: Error) => e,
    );
    const erroredAt = Date.now();
    expect(error?.name).toBe("Sandbox.Timedout");
    expect(error?.message).toBe("RequestId: req-timeout Error: Task timed out after 1.00 seconds");
    const atError = await items(runId);
    expect(atError.length).toBeGreaterThan(0); // it was writing when it timed out
    await new Promise((r) => setTimeout(r, 1_500));
    const later = await items(runId);
    expect(later.length).toBe(atError.length);
    expect(Math.max(...later)).toBeLessThanOrEqual(erroredAt);
    expect(pool.stats.timeouts).toBe(1);
    expect(pool.environments).toBe(0); // the timed-out environment is gone, not reused
  });

  it("starts environments on demand, reuses them one request at a time, and throttles past the limit at once", async () => {
    // A timeout no loaded machine reaches: this test is about the limit.
    const pool = slowWriter(false, 60);
    onTestFinished(() => pool.close());
    const before = pool.stats.coldStarts;
    const first = await Promise.all([1, 2].map(() => pool.invoke({ runId: crypto.randomUUID(), writes: 1, everyMs: 0 })));
    expect(pool.stats.coldStarts - before).toBe(2);
    // Two environments, each with its own module state; a third concurrent request is throttled.
    const busy = [1, 2].map(() => pool.invoke({ runId: crypto.randomUUID(), writes: 5, everyMs: 50 }) as Promise<{ served: number }>);
    const refusedAt = performance.now();
    const third = await pool.invoke({ runId: crypto.randomUUID(), writes: 1, everyMs: 0 }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(third).toBeInstanceOf(TooManyRequestsException);
    expect(performance.now() - refusedAt).toBeLessThan(100);
    const second = await Promise.all(busy);
    expect(pool.stats.coldStarts - before).toBe(2);
    expect([...first, ...second].map((r) => (r as { served: number }).served).sort()).toEqual([1, 1, 2, 2]);
    // An asynchronous invocation beyond the limit waits for an environment instead (Lambda's queue).
    const queued = await Promise.all([1, 2, 3].map(() => pool.invoke({ runId: crypto.randomUUID(), writes: 2, everyMs: 20 }, "async")));
    expect(queued).toHaveLength(3);
    // So does Step Functions' past the local default: on AWS the account's 1,000 would have served it.
    const stepped = await Promise.all([1, 2, 3].map(() => pool.invoke({ runId: crypto.randomUUID(), writes: 2, everyMs: 20 }, "step")));
    expect(stepped).toHaveLength(3);
    expect(pool.stats.throttles).toBe(1);
  });

  it("terminates an environment left idle past the idle time, so the next request is a cold start with fresh module state", async () => {
    const pool = slowWriter(false, 60, 300);
    onTestFinished(() => pool.close());
    const once = () => pool.invoke({ runId: crypto.randomUUID(), writes: 0, everyMs: 0 }) as Promise<{ served: number }>;
    // Reused while warm: the second request finds the first one's environment and module state.
    expect((await once()).served).toBe(1);
    expect((await once()).served).toBe(2);
    expect(pool.stats.coldStarts).toBe(1);
    // Left idle: reaped (polled, not timed: a loaded machine runs the reaper late, never early).
    for (const until = Date.now() + 30_000; pool.environments > 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
    expect(pool.environments).toBe(0);
    expect(pool.stats.reaped).toBe(1);
    expect((await once()).served).toBe(1);
    expect(pool.stats.coldStarts).toBe(2);
  });

  it("gives Step Functions a throttle past a reserved concurrency as Lambda.TooManyRequestsException, and a timeout as Sandbox.Timedout", async () => {
    const reserved = slowWriter(true, 3);
    onTestFinished(() => reserved.close());
    const invoke = (payload: unknown) => invokeLocalLambda((event) => reserved.invoke(event, "step"), "slow-writer", "arn:aws:lambda:us-east-1:000000000000:function:slow-writer", payload, 900_000);
    const [slowA, slowB, throttled] = await Promise.allSettled([
      invoke({ runId: crypto.randomUUID(), writes: 200, everyMs: 20 }),
      invoke({ runId: crypto.randomUUID(), writes: 0, everyMs: 0 }),
      (async () => {
        await new Promise((r) => setTimeout(r, 50));
        return invoke({ runId: crypto.randomUUID(), writes: 1, everyMs: 0 });
      })(),
    ]);
    expect(slowB.status).toBe("fulfilled");
    expect(throttled.status === "rejected" && (throttled.reason as Error).name).toBe("Lambda.TooManyRequestsException");
    expect(throttled.status === "rejected" && (throttled.reason as Error).message).toMatch(/^Rate Exceeded\. \(Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException/);
    expect(slowA.status === "rejected" && (slowA.reason as Error).name).toBe("Sandbox.Timedout");
    const cause = JSON.parse(((slowA as PromiseRejectedResult).reason as Error).message) as { errorType: string; errorMessage: string };
    expect(cause.errorType).toBe("Sandbox.Timedout");
    expect(cause.errorMessage).toMatch(/^RequestId: [0-9a-f-]{36} Error: Task timed out after 3\.00 seconds$/);
  });
});

describe("timeouts in machine time (an overloaded machine does not time out work Lambda would finish)", () => {
  const firesAfter = (ms: number, share: () => number) =>
    new Promise<number>((resolve) => {
      const started = performance.now();
      setComputeTimeout(() => resolve(performance.now() - started), ms, share);
    });

  it("counts wall time exactly on a machine that is not overloaded, and at its share when it is", async () => {
    expect(await firesAfter(300, () => 1)).toBeGreaterThanOrEqual(299);
    // A quarter of a core for each runnable thread: 300 ms of machine time is 1.2 s of wall time.
    expect(await firesAfter(300, () => 0.25)).toBeGreaterThanOrEqual(1_190);
    const share = machineShare();
    expect(share).toBeGreaterThanOrEqual(MIN_SHARE);
    expect(share).toBeLessThanOrEqual(1);
  });

  it("still times out a call that hangs: the stretch is bounded", async () => {
    // A share of 0 (a machine that never runs us) is floored: 50 ms end within 50 / MIN_SHARE.
    const waited = await firesAfter(50, () => 0);
    expect(waited).toBeGreaterThanOrEqual(50 / MIN_SHARE - 1);
    expect(waited).toBeLessThan(50 / MIN_SHARE + 5_000); // timers run late on a loaded machine
  });
});

describe("the local stack's functions in their own environments", () => {
  let stack: LocalStack;
  let dataDir: string;
  const lines: Array<{ fn: string; line: string }> = [];
  const notes: string[] = [];
  const saved = { POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL, POWERTOOLS_DEV: process.env.POWERTOOLS_DEV };
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "hirepath-lambda-env-"));
    // INFO: the HTTP handlers log each refused request, with the invocation's request id.
    process.env.POWERTOOLS_LOG_LEVEL = "INFO";
    // One JSON line per log entry, as in CloudWatch (the test config pretty-prints them).
    process.env.POWERTOOLS_DEV = "false";
    stack = await startLocalStack({ dataDir, appPort: 0, seed: false, log: (line) => notes.push(line), lambda: { overrides: { PublicLinks: { concurrency: 2 } }, logLine: (fn, line) => lines.push({ fn, line }) } });
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("never lets concurrent invocations share a request context: each log line carries its own invocation's request id", async () => {
    const requestIds = Array.from({ length: 8 }, () => crypto.randomUUID());
    const event = (id: string) => ({
      version: "2.0",
      routeKey: "GET /hr/requisitions",
      rawPath: "/hr/requisitions",
      rawQueryString: "",
      headers: { authorization: "Bearer not-a-token" },
      requestContext: { http: { method: "GET", path: "/hr/requisitions" }, routeKey: "GET /hr/requisitions", stage: "$default", requestId: id },
      isBase64Encoded: false,
    });
    const results = (await Promise.all(requestIds.map((id) => stack.runtime.lambdas.HrApi(event(id), { awsRequestId: id })))) as Array<{ statusCode: number }>;
    expect(results.map((r) => r.statusCode)).toEqual(requestIds.map(() => 401));
    await new Promise((r) => setTimeout(r, 200)); // worker stdout reaches this thread asynchronously
    const logged = lines
      .filter((l) => l.fn === "HrApi" && l.line.startsWith("{"))
      .map((l) => JSON.parse(l.line) as { message: string; function_request_id?: string; requisitionRequest?: string })
      .filter((l) => l.message === "request refused");
    expect(logged.map((l) => l.function_request_id).sort()).toEqual([...requestIds].sort());
    expect(stack.runtime.stats.HrApi.coldStarts).toBeLessThanOrEqual(8);
    expect(stack.runtime.stats.HrApi.coldStarts).toBeGreaterThan(1); // concurrent requests got environments of their own
  });

  it("gives each function only its own environment variables", async () => {
    // ApiReference's schema names no table; HrApi's does. Both see the local wiring.
    const { functionEnvironment } = await import("../../local/lambda-runtime.js");
    const union = { TABLE_NAME: "t", AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:1", EMAIL_FROM: "a@b.c" };
    expect(functionEnvironment("ApiReference", union, {})).not.toHaveProperty("TABLE_NAME");
    expect(functionEnvironment("ApiReference", union, {})).toHaveProperty("AWS_ENDPOINT_URL_DYNAMODB");
    expect(functionEnvironment("HrApi", union, {})).toMatchObject({ TABLE_NAME: "t", EMAIL_FROM: "a@b.c", AWS_LAMBDA_FUNCTION_NAME: expect.any(String) });
    expect(functionEnvironment("ScreenApplication", union, {})).not.toHaveProperty("EMAIL_FROM");
  });

  it("answers a request beyond the function's concurrency with API Gateway's 500 at once, not after a wait", async () => {
    const url = `${stack.appUrl}/l/not-a-real-token`;
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 8 }, () => fetch(url).then(async (r) => ({ status: r.status, error: r.headers.get("x-hirepath-lambda-error"), ms: performance.now() - started }))));
    const throttled = answers.filter((a) => a.error === "TooManyRequestsException");
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled.every((a) => a.status === 500)).toBe(true);
    expect(answers.filter((a) => !a.error).length).toBeGreaterThanOrEqual(2);
    // Not after the function's 10 s timeout, as a queued request was (on a loaded machine the HTTP path itself takes seconds).
    expect(Math.min(...throttled.map((a) => a.ms))).toBeLessThan(10_000);
    expect(stack.runtime.stats.PublicLinks.throttles).toBe(throttled.length);
  });

  // Lambda's event queue (EventBridge, SNS, Scheduler, Step Functions' InvocationType Event): a failed
  // asynchronous invocation is tried three times in all, then goes where the deployed stack says.
  const failingEvent = () => ({ id: crypto.randomUUID(), source: "aws.ses", "detail-type": 42, detail: {} });
  const attemptsOf = async (fn: "MessageEvents" | "CheckEngagement", event: unknown) => {
    const before = stack.runtime.stats[fn].invocations;
    const error = await stack.runtime.invokeAsync(fn, event).then(
      () => undefined,
      (e: Error) => e,
    );
    return { error, attempts: stack.runtime.stats[fn].invocations - before };
  };

  it("retries a failed asynchronous invocation twice, then puts the event with its error in MessageEvents' on-failure destination (the DLQ)", async () => {
    const event = failingEvent();
    const { error, attempts } = await attemptsOf("MessageEvents", event);
    expect(error?.name).toBe("ValidationError");
    // One attempt and two retries: no fewer (no retry) and no more (a third retry) than Lambda's.
    expect(attempts).toBe(3);
    expect(notes.filter((n) => n.includes("asynchronous invocation of") && n.includes("retry"))).toEqual(
      expect.arrayContaining([expect.stringMatching(/retry 1 of 2$/), expect.stringMatching(/retry 2 of 2$/)]),
    );
    const [record, ...more] = stack.deadLetterQueue.messages().filter((m) => (m.requestPayload as { id?: string }).id === event.id);
    expect(more).toEqual([]);
    expect(record).toMatchObject({
      requestContext: { condition: "RetriesExhausted", approximateInvokeCount: 3, functionArn: expect.stringMatching(/:function:hirepath-message-events:\$LATEST$/) },
      requestPayload: event,
      responseContext: { functionError: "Unhandled" },
      responsePayload: { errorType: "ValidationError", errorMessage: expect.stringContaining("detail-type") },
    });
  });

  it("drops a failed asynchronous invocation after its three attempts when the function has no on-failure destination", async () => {
    const inQueue = stack.deadLetterQueue.messages().length;
    const { error, attempts } = await attemptsOf("CheckEngagement", failingEvent());
    expect(error?.name).toBe("ValidationError");
    expect(attempts).toBe(3);
    expect(stack.deadLetterQueue.messages()).toHaveLength(inQueue);
    expect(notes.some((n) => /hirepath-check-engagement failed 3 times .*dropped/.test(n))).toBe(true);
  });
});
