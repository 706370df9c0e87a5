/** A clock tests move by hand. */
export interface TestClock {
  /** The current time (a fresh Date each call). */
  now(): Date;
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
  /** Sets the clock. */
  set(at: Date): void;
}

/** A `TestClock` starting at `start` (default: the real time now). */
export function createTestClock(start: Date = new Date()): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms) {
      current += ms;
    },
    set(at) {
      current = at.getTime();
    },
  };
}
