// How long `npm start` takes until "hirepath: ready", with local IAM on and off, runs interleaved, each in
// a fresh data directory (the README's figures). Besides wall time it reports the CPU time (user + system)
// of the whole process group at that moment: on a shared machine wall time follows the load, CPU time
// much less. Usage: npx tsx scripts/startup-time.ts [runs per mode, default 5]
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../lib/state-machines.js";

const runs = Number(process.argv[2] ?? 5);
const TICKS_PER_SECOND = 100;

/** utime + stime (+ reaped children's) of every process in the group, from /proc. */
function groupCpuMs(pgid: number): number {
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      ticks += [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    } catch {
      // The process ended between listing and reading.
    }
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

function startOnce(iam: boolean): Promise<{ wallMs: number; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const env: NodeJS.ProcessEnv = { ...process.env, HIREPATH_DATA_DIR: mkdtempSync(join(tmpdir(), "hirepath-start-")), PORT: "0" };
    if (iam) delete env.HIREPATH_LOCAL_IAM;
    else env.HIREPATH_LOCAL_IAM = "off";
    const child = spawn("npm", ["start"], { cwd: repoRoot, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const pgid = child.pid!;
    let out = "";
    let done = false;
    const timer = setTimeout(() => {
      process.kill(-pgid, "SIGKILL");
      reject(new Error(`not ready after 180 s:\n${out}`));
    }, 180_000);
    child.once("exit", () => clearTimeout(timer));
    child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      if (done || !/hirepath: ready at/.test(out)) return;
      done = true;
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      const cpuMs = groupCpuMs(pgid);
      process.kill(-pgid, "SIGKILL");
      resolve({ wallMs, cpuMs });
    });
  });
}

// One start first, not counted: after a source change it builds the function bundles and synthesizes
// the template, which every measured start should find cached.
await startOnce(true);
const results: Record<"on" | "off", Array<{ wallMs: number; cpuMs: number }>> = { on: [], off: [] };
for (let i = 0; i < runs; i++) {
  for (const mode of ["on", "off"] as const) {
    const r = await startOnce(mode === "on");
    results[mode].push(r);
    console.log(`IAM ${mode.padEnd(3)} wall ${r.wallMs.toFixed(0)} ms  cpu ${r.cpuMs.toFixed(0)} ms  load ${loadavg()[0]!.toFixed(1)}`);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const mode of ["on", "off"] as const) {
  const wall = results[mode].map((r) => r.wallMs);
  const cpu = results[mode].map((r) => r.cpuMs);
  const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;
  console.log(`median IAM ${mode}: wall ${median(wall).toFixed(0)} ms (${range(wall)}), cpu ${median(cpu).toFixed(0)} ms (${range(cpu)})`);
}
