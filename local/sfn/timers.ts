// Real-time timer helpers (journey-time timers are on the clock, local/clock). Node's setTimeout silently fires after 1 ms for delays above 2^31-1 ms
// (~24.8 days, TimeoutOverflowWarning), and a local run may legitimately wait longer than that
// with timeScale 1, so long delays are chained.
const MAX_TIMER_MS = 2_147_483_647;

export type Cancel = () => void;

/** Runs `fn` after `ms` of real time (performance.now(): the local stack's Date reads journey time). */
export function setLongTimeout(fn: () => void, ms: number): Cancel {
  let handle: NodeJS.Timeout | undefined;
  let cancelled = false;
  const deadline = performance.now() + Math.max(0, ms);
  const arm = (): void => {
    const left = deadline - performance.now();
    if (left <= MAX_TIMER_MS) {
      handle = setTimeout(() => {
        if (!cancelled) fn();
      }, Math.max(0, left));
    } else {
      handle = setTimeout(arm, MAX_TIMER_MS);
    }
  };
  arm();
  return () => {
    cancelled = true;
    if (handle) clearTimeout(handle);
  };
}

/** Resolves on the next turn of the event loop, after every pending microtask has run. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
