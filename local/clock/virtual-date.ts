// The process-wide `Date` of the local stack: every `new Date()` and `Date.now()` in the process
// (handlers, core through `systemClock`, library code such as jose and Powertools, the emulators,
// the outbox) reads journey time from the installed source instead of the wall.
//
// Why a process-wide replacement and not only the `Clock` port: core already reads a `Clock`,
// but library code and the emulators call `Date` directly (jose stamps and checks `iat`/`exp`, the
// SES emulator stamps events, Powertools stamps log lines). A port would leave those on the wall,
// which is the bug this replaces: two times in one process. On AWS nothing is installed and
// `Date` is the real one.
//
// Why hand-rolled and not @sinonjs/fake-timers' Date: its clock is a number that moves only when
// a test calls tick(); ours flows at a scale, is persisted, and is steered over HTTP, so its
// `Date` would need its `now` patched on every read. We fake only `Date`, never timers: sockets,
// dynalite, SDK retries and Lambda timeouts must keep running in real time. A Proxy around the
// native constructor keeps `Date.prototype`, so `instanceof Date` holds for dates made before the
// install or by Node's internals (which use their own primordial Date), and `Date.parse`/`Date.UTC`
// pass through untouched.
//
// Hidden callers: the AWS SDK signs requests with `Date.now()`, so locally it signs with journey
// time. dynalite and our emulators never check a signature's age, and the SDK's own skew
// correction (it compares the response's `Date` header, which Node's HTTP server stamps from its
// primordial, real Date) moves its signing time back towards the wall after the first response.
// On AWS the clock is never installed, so signing is unaffected where it matters.

const NativeDate = globalThis.Date;
/** Where `wallNow()` finds the real time after an install (core reads it through `wallClock`). */
const WALL_NOW = Symbol.for("hirepath.wallNow");

let source: (() => number) | undefined;

/** The real time, whatever is installed: what the world outside the journeys (job boards, curl) stamps its requests with. */
export function wallNow(): number {
  return NativeDate.now();
}

const VirtualDate = new Proxy(NativeDate, {
  construct(target, args: unknown[], newTarget) {
    return Reflect.construct(target, args.length === 0 && source ? [source()] : args, newTarget) as object;
  },
  // `Date()` called without `new` returns a string of now.
  apply(target, thisArg, args: unknown[]) {
    return source ? new NativeDate(source()).toString() : Reflect.apply(target, thisArg, args);
  },
  get(target, property, receiver) {
    if (property === "now") return now;
    if (property === WALL_NOW) return wallNow;
    return Reflect.get(target, property, receiver) as unknown;
  },
});

function now(): number {
  return source ? Math.floor(source()) : NativeDate.now();
}

/**
 * Makes `Date` in the whole process read `journeyNow`. Returns the uninstall function; installing
 * again replaces the source (one local stack per process owns the clock).
 */
export function installVirtualDate(journeyNow: () => number): () => void {
  source = journeyNow;
  globalThis.Date = VirtualDate;
  return () => {
    if (source !== journeyNow) return;
    source = undefined;
    globalThis.Date = NativeDate;
  };
}

export function isVirtualDateInstalled(): boolean {
  return source !== undefined;
}
