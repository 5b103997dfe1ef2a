// Runs conformance cases on the local engine exactly as `npm start` runs workflows: a
// LocalStepFunctions with the real dispatcher and in-process Lambdas. Shared by the test suite
// (test/conformance/conformance.test.ts) and the benchmark (bench/conformance.ts), so the pass
// rates in `npm run bench` are the suite's own verdicts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { createTaskDispatcher } from "../../local/sfn/dispatcher.js";
import { LocalStepFunctions } from "../../local/sfn/engine.js";
import type { ExecutionDescription, LocalLambda } from "../../local/sfn/types.js";

export const REGION = "us-east-1";
export const ACCOUNT = "123456789012";
export const fn = (name: string): string => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

/** What AWS documents for the case: an output, a failure, or a rejected definition. */
export type Expectation =
  | { output: unknown }
  /** For outputs that vary (UUIDs, random numbers, timestamps): a predicate and what it checks. */
  | { outputSatisfies: (output: unknown) => boolean; what: string }
  | { error: string | null; cause?: string | RegExp | null }
  | { rejected: RegExp };

export interface ConformanceCase {
  name: string;
  /** The AWS documentation page the expectation is taken from. */
  doc: string;
  definition: Record<string, unknown>;
  input?: unknown;
  expect: Expectation;
}

export interface Category {
  name: string;
  cases: ConformanceCase[];
}

/** Lambdas the cases call: they behave like any Node.js Lambda (errors become AWS's Error/Cause). */
function lambdas(): Record<string, LocalLambda> {
  const attempts = new Map<string, number>();
  return {
    echo: async (event) => event,
    /** Throws an error named `event.errorName` (default "CustomError") with `event.message`. */
    fail: async (event) => {
      const e = (event ?? {}) as { errorName?: string; message?: string };
      const err = new Error(e.message ?? "it failed");
      err.name = e.errorName ?? "CustomError";
      throw err;
    },
    /** Fails with FlakyError until called `event.succeedOn` times for `event.key`, then returns the attempt number and its event. */
    flaky: async (event) => {
      const e = event as { key: string; succeedOn: number };
      const n = (attempts.get(e.key) ?? 0) + 1;
      attempts.set(e.key, n);
      if (n < e.succeedOn) {
        const err = new Error(`attempt ${n}`);
        err.name = "FlakyError";
        throw err;
      }
      return { attempt: n, seen: e };
    },
  };
}

export interface CaseResult {
  category: string;
  name: string;
  doc: string;
  passed: boolean;
  /** Why it failed, for people. */
  detail?: string;
}

function matchesText(actual: string | undefined, expected: string | RegExp | null | undefined): boolean {
  if (expected === undefined) return true;
  if (expected === null) return actual === undefined;
  return typeof expected === "string" ? actual === expected : actual !== undefined && expected.test(actual);
}

async function finished(engine: LocalStepFunctions, executionArn: string): Promise<ExecutionDescription> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const d = engine.describeExecution(executionArn);
    if (d.status !== "RUNNING") return d;
    if (Date.now() > deadline) throw new Error("the execution did not finish within 20 s");
    await engine.whenIdle();
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Runs one case; never throws: a harness problem is a failed case with its reason. */
export async function runCase(engine: LocalStepFunctions, category: string, c: ConformanceCase, index: number): Promise<CaseResult> {
  const base = { category, name: c.name, doc: c.doc };
  let arn: string;
  try {
    arn = engine.registerStateMachine(`conformance-${index}`, c.definition);
  } catch (err) {
    const message = (err as Error).message;
    if ("rejected" in c.expect) return { ...base, passed: c.expect.rejected.test(message), detail: `rejected: ${message}` };
    return { ...base, passed: false, detail: `definition rejected: ${message}` };
  }
  if ("rejected" in c.expect) return { ...base, passed: false, detail: "the definition was accepted, AWS rejects it" };
  try {
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn, input: JSON.stringify(c.input ?? {}) });
    const d = await finished(engine, executionArn);
    const e = c.expect;
    if ("error" in e) {
      const passed = d.status === "FAILED" && d.error === (e.error ?? undefined) && matchesText(d.cause, e.cause);
      return { ...base, passed, detail: `status ${d.status}, error ${d.error}, cause ${d.cause}, output ${d.output}` };
    }
    if (d.status !== "SUCCEEDED") return { ...base, passed: false, detail: `status ${d.status}: ${d.error} ${d.cause}` };
    const output = JSON.parse(d.output ?? "null") as unknown;
    if ("output" in e) return { ...base, passed: isDeepStrictEqual(output, e.output), detail: `output ${d.output}` };
    return { ...base, passed: e.outputSatisfies(output), detail: `output ${d.output} (expected: ${e.what})` };
  } catch (err) {
    return { ...base, passed: false, detail: `harness error: ${(err as Error).message}` };
  }
}

/** Runs categories on one fresh engine (timeScale 1000: a documented 10 s Wait takes 10 ms). */
export async function runConformance(categories: Category[]): Promise<CaseResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "hirepath-conformance-"));
  const dispatcher = createTaskDispatcher({ region: REGION, accountId: ACCOUNT, lambdas: lambdas() });
  const engine = new LocalStepFunctions({ dataDir: dir, dispatcher, timeScale: 1000, region: REGION, accountId: ACCOUNT });
  const results: CaseResult[] = [];
  let index = 0;
  try {
    for (const category of categories) {
      for (const c of category.cases) results.push(await runCase(engine, category.name, c, index++));
    }
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
