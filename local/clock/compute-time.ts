// Timeouts counted in the machine time a function would have had. Lambda measures a timeout on an
// environment with its CPU share to itself; locally every environment, dynalite, the engine, and
// whatever else runs on the machine share its cores. When the run queue is longer than the cores,
// a wall second gives each runnable thread less than a second of a core, and a wall-clock timeout
// fires on work that Lambda would have finished. At load 25 on 2 cores, a webhook that takes
// 0.3 s on a quiet machine took over 10 s (the 12:46 and 13:14 runs: journeys failed on
// Sandbox.Timedout, HR calls answered 500).
//
// So local timeouts (a function's timeout, a Task's TimeoutSeconds) count wall time at the
// machine's share, cores / load, while the machine is overloaded, and count it exactly while it is
// not. The share is floored at MIN_SHARE, so a call that hangs still times out.
import { availableParallelism, loadavg } from "node:os";

/** At most this much stretch (a 10 s timeout ends within 200 s of wall time on any machine). */
export const MIN_SHARE = 1 / 20;
const TICK_MS = 250;

/** The share of a core a runnable thread gets now: 1 on a machine that is not overloaded. os.loadavg() is 0 on Windows. */
export function machineShare(): number {
  const load = loadavg()[0] ?? 0;
  const cores = availableParallelism();
  return load > cores ? Math.max(MIN_SHARE, cores / load) : 1;
}

/** Calls `fire` once `ms` of machine time has passed (see above). Returns a cancel. */
export function setComputeTimeout(fire: () => void, ms: number, share: () => number = machineShare): () => void {
  let left = ms;
  let last = performance.now();
  let handle: NodeJS.Timeout | undefined;
  const tick = () => {
    const now = performance.now();
    left -= (now - last) * Math.min(1, Math.max(MIN_SHARE, share()));
    last = now;
    if (left <= 0) {
      handle = undefined;
      fire();
      return;
    }
    // Exact on a quiet machine (one timer for the rest when it is short); re-measured every tick otherwise.
    handle = setTimeout(tick, Math.max(1, Math.min(left, TICK_MS)));
  };
  handle = setTimeout(tick, Math.max(1, Math.min(left, TICK_MS)));
  return () => {
    if (handle) clearTimeout(handle);
    handle = undefined;
  };
}
