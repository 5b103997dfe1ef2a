// kill -9 a process mid-execution, restart the engine on the same data directory, recover().
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalStepFunctions } from "../../local/sfn/engine.js";
import { WAIT_SECONDS, TIME_SCALE, createEngine } from "./fixtures/durable-machines.js";
import { finished, tempDir, until } from "./helpers.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const WAIT_MS = (WAIT_SECONDS * 1000) / TIME_SCALE;

let dir: { dir: string; cleanup: () => void };
let invocationLog: string;
let child: ChildProcess | undefined;
let parked: { quick: string; waitEnteredAt: number };
let childToken: string;
let killedAt: number;
let engine: LocalStepFunctions;
let recoveredAt: number;

/** Runs the child until it reports PARKED, then SIGKILLs it partway through the Wait. */
async function runChildAndKill(): Promise<void> {
  child = spawn(join(root, "node_modules/.bin/tsx"), [join(here, "fixtures/durable-child.ts"), dir.dir, invocationLog], {
    cwd: root,
    env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env["PATH"] ?? ""}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  const line = await until(() => /^PARKED (.*)$/m.exec(out)?.[1], 30_000, `child to park (stderr: ${err})`);
  parked = JSON.parse(line) as typeof parked;
  childToken = /^TOKEN (\S+)$/m.exec(out)![1]!;
  // Kill roughly 40% into the 3 s wait.
  const killAt = parked.waitEnteredAt + WAIT_MS * 0.4;
  await new Promise((r) => setTimeout(r, Math.max(0, killAt - Date.now())));
  const exited = new Promise((r) => child!.once("exit", r));
  child.kill("SIGKILL");
  await exited;
  killedAt = Date.now();
}

beforeAll(async () => {
  dir = tempDir();
  invocationLog = join(dir.dir, "invocations.log");
  await runChildAndKill();
  engine = createEngine(dir.dir, invocationLog);
  recoveredAt = Date.now();
  await engine.recover();
}, 60_000);

afterAll(async () => {
  child?.kill("SIGKILL");
  await engine?.close();
  dir?.cleanup();
});

const arnOf = (name: string): string => `arn:aws:states:us-east-1:000000000000:execution:${name}`;

describe("durable executions across kill -9", () => {
  it("resumes a Wait with only its remaining time", async () => {
    expect(killedAt).toBeLessThan(parked.waitEnteredAt + WAIT_MS); // the process really died mid-wait
    const d = await finished(engine, arnOf("longWait:wait-1"), 10_000);
    const doneAt = d.stopDate!.getTime();
    expect(d.status).toBe("SUCCEEDED");
    expect(JSON.parse(d.output!)).toEqual({ before: { stage: "screening" }, execution: "wait-1", done: true });
    // It woke up when the original wait was due, not a full wait after the restart.
    expect(doneAt - parked.waitEnteredAt).toBeGreaterThanOrEqual(WAIT_MS - 50);
    expect(doneAt - parked.waitEnteredAt).toBeLessThan(WAIT_MS + 700);
    expect(doneAt - recoveredAt).toBeLessThan(WAIT_MS * 0.85);
    // History is continuous: one ExecutionStarted, one WaitStateEntered, no restart artefacts.
    const types = engine.getExecutionHistory(arnOf("longWait:wait-1")).map((e) => e.type);
    expect(types).toEqual([
      "ExecutionStarted",
      "PassStateEntered",
      "PassStateExited",
      "WaitStateEntered",
      "WaitStateExited",
      "PassStateEntered",
      "PassStateExited",
      "ExecutionSucceeded",
    ]);
  });

  it("does not re-invoke a callback task's integration; it waits for the token it already issued", async () => {
    await engine.whenIdle();
    const lines = readFileSync(invocationLog, "utf8").trim().split("\n");
    expect(lines).toHaveLength(1); // only the child invoked requestSignature
    expect(lines[0]!.split(" ")[1]).toBe(childToken);
    expect(engine.describeExecution(arnOf("callback:callback-1")).status).toBe("RUNNING");

    engine.sendTaskSuccess(childToken, JSON.stringify({ signedBy: "grace" }));
    const d = await finished(engine, arnOf("callback:callback-1"));
    expect(d.status).toBe("SUCCEEDED");
    expect(JSON.parse(d.output!)).toEqual({ candidate: "grace", signature: { signedBy: "grace" } });
    expect(readFileSync(invocationLog, "utf8").trim().split("\n")).toHaveLength(1);
  });

  it("keeps finished executions describable after the restart", () => {
    expect(parked.quick).toBe("SUCCEEDED");
    const d = engine.describeExecution(arnOf("quick:quick-1"));
    expect(d).toMatchObject({ status: "SUCCEEDED", output: JSON.stringify({ quick: true }) });
    expect(engine.getExecutionHistory(arnOf("quick:quick-1")).at(-1)!.type).toBe("ExecutionSucceeded");
  });

  it("close() leaves executions RUNNING in the journal for a later recover()", async () => {
    const arn = engine.stateMachineArn("longWait");
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn, name: "wait-2" });
    await engine.whenIdle();
    await engine.close();
    engine = createEngine(dir.dir, invocationLog);
    expect(engine.describeExecution(executionArn).status).toBe("RUNNING");
    await engine.recover();
    const d = await until(() => {
      const x = engine.describeExecution(executionArn);
      return x.status !== "RUNNING" ? x : undefined;
    }, 10_000);
    expect(d.status).toBe("SUCCEEDED");
  });
});
