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

const arnOf = (name: string): string => `arn:aws:states:us-east-1:000000000000:execution:${name}`;

let dir: { dir: string; cleanup: () => void };
let invocationLog: string;
let child: ChildProcess | undefined;
let childPid: number;
let childToken: string;
let engine: LocalStepFunctions;
/** Journey time when the new process recovered. */
let recoveredAt: number;
/** When the killed process entered the Wait, from the journal. */
let waitEnteredAt: number;
/** What the journal said about the waiting execution when the new process opened it. */
let lastEventBeforeRecover: string;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Runs the child until its node process has been SIGKILLed mid-wait (see durable-child.ts). The
 * tsx binary is a wrapper that runs the script in a *second* node process and cannot relay
 * SIGKILL, so the child gets its own process group and whatever is left of it is killed too.
 */
async function runChildUntilKilled(): Promise<void> {
  child = spawn(join(root, "node_modules/.bin/tsx"), [join(here, "fixtures/durable-child.ts"), dir.dir, invocationLog], {
    cwd: root,
    env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env["PATH"] ?? ""}` },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  childPid = Number(await until(() => /^PID (\d+)$/m.exec(out)?.[1], 30_000, `the child to start (stderr: ${err})`));
  await until(() => !isAlive(childPid), 30_000, `the child's node process to be killed (stderr: ${err})`);
  if (isAlive(child.pid!)) process.kill(-child.pid!, "SIGKILL");
  childToken = /^TOKEN (\S+)$/m.exec(out)?.[1] ?? "";
}

beforeAll(async () => {
  dir = tempDir();
  invocationLog = join(dir.dir, "invocations.log");
  await runChildUntilKilled();
  engine = createEngine(dir.dir, invocationLog);
  const history = engine.getExecutionHistory(arnOf("longWait:wait-1"));
  lastEventBeforeRecover = history.at(-1)!.type;
  waitEnteredAt = history.find((e) => e.type === "WaitStateEntered")!.timestamp.getTime();
  recoveredAt = engine.clock.now();
  await engine.recover();
}, 60_000);

afterAll(async () => {
  if (child?.pid && isAlive(child.pid)) process.kill(-child.pid, "SIGKILL");
  if (childPid && isAlive(childPid)) process.kill(childPid, "SIGKILL");
  await engine?.close();
  dir?.cleanup();
});

describe("durable executions across kill -9", () => {
  it("resumes a Wait with only its remaining time", async () => {
    expect(lastEventBeforeRecover).toBe("WaitStateEntered"); // the process really died mid-wait
    const d = await finished(engine, arnOf("longWait:wait-1"), 10_000);
    const doneAt = d.stopDate!.getTime();
    expect(d.status).toBe("SUCCEEDED");
    // $$.Execution survives the restart: the original name, start time and input.
    expect(JSON.parse(d.output!)).toEqual({ before: { stage: "screening" }, execution: "wait-1", start: d.startDate.toISOString(), input: { candidate: "ada" }, done: true });
    expect(d.startDate.getTime()).toBeLessThanOrEqual(waitEnteredAt);
    // Journey time continued from where the killed process left it (clock.json), not from the wall:
    // the child died 40% into the wait, and the clock is saved every 250 ms (250 journey seconds here).
    expect(recoveredAt - waitEnteredAt).toBeGreaterThan(WAIT_SECONDS * 1000 * 0.25);
    // It woke up when the original wait was due (in journey time), not a full wait after the restart.
    const wokeAt = engine.getExecutionHistory(arnOf("longWait:wait-1")).find((e) => e.type === "WaitStateExited")!.timestamp.getTime();
    expect(wokeAt - waitEnteredAt).toBeGreaterThanOrEqual(WAIT_SECONDS * 1000);
    expect(wokeAt - waitEnteredAt).toBeLessThan(WAIT_SECONDS * 1000 + 700 * TIME_SCALE);
    expect(doneAt - recoveredAt).toBeLessThan(WAIT_SECONDS * 1000 * 0.85); // started over, it would need the whole wait
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
    expect(lines[0]!.split(" ")).toEqual([String(childPid), childToken]);
    expect(engine.describeExecution(arnOf("callback:callback-1")).status).toBe("RUNNING");

    engine.sendTaskSuccess(childToken, JSON.stringify({ signedBy: "grace" }));
    const d = await finished(engine, arnOf("callback:callback-1"));
    expect(d.status).toBe("SUCCEEDED");
    expect(JSON.parse(d.output!)).toEqual({ candidate: "grace", signature: { signedBy: "grace" } });
    expect(readFileSync(invocationLog, "utf8").trim().split("\n")).toHaveLength(1);
  });

  it("keeps finished executions describable after the restart", () => {
    const d = engine.describeExecution(arnOf("quick:quick-1"));
    expect(d).toMatchObject({ status: "SUCCEEDED", output: JSON.stringify({ quick: true }) });
    expect(engine.getExecutionHistory(arnOf("quick:quick-1")).at(-1)!.type).toBe("ExecutionSucceeded");
  });

  it("close() leaves executions RUNNING in the journal for a later recover()", async () => {
    const arn = engine.stateMachineArn("shortWait");
    const { executionArn } = await engine.startExecution({ stateMachineArn: arn, name: "pause-1" });
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
