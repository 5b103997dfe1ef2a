// Journey time for the Lambda execution environments, which are other threads: the clock publishes
// its state (anchor, rate) into shared memory whenever it changes, and each environment's `Date`
// computes journey time from it, as the main thread's does. No message round trip per `Date.now()`.
// A sequence number guards the four fields (a writer makes it odd while it writes).

const FIELDS = 4;

export class SharedClockState {
  readonly buffer = new SharedArrayBuffer(FIELDS * 8 + 4);
  private readonly values = new Float64Array(this.buffer, 0, FIELDS);
  private readonly seq = new Int32Array(this.buffer, FIELDS * 8, 1);

  /**
   * `anchorWallEpochMs`: the wall time (performance.timeOrigin + performance.now(), comparable across
   * threads) at which journey time was `anchorJourney`; `rate` journey ms per wall ms, 0 while stopped.
   */
  write(anchorJourney: number, anchorWallEpochMs: number, rate: number): void {
    Atomics.add(this.seq, 0, 1);
    this.values[0] = anchorJourney;
    this.values[1] = anchorWallEpochMs;
    this.values[2] = rate;
    Atomics.add(this.seq, 0, 1);
  }
}

/** Journey time now, read from a SharedClockState's buffer in any thread. */
export function sharedClockReader(buffer: SharedArrayBuffer): () => number {
  const values = new Float64Array(buffer, 0, FIELDS);
  const seq = new Int32Array(buffer, FIELDS * 8, 1);
  return () => {
    for (;;) {
      const before = Atomics.load(seq, 0);
      if (before % 2 === 1) continue;
      const anchorJourney = values[0]!;
      const anchorWall = values[1]!;
      const rate = values[2]!;
      if (Atomics.load(seq, 0) !== before) continue;
      return Math.floor(anchorJourney + (performance.timeOrigin + performance.now() - anchorWall) * rate);
    }
  };
}
