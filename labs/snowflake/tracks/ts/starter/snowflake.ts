// Your Snowflake id generator. The contract is in README.md; driver.ts (provided, do not edit) calls it.

export interface Clock {
  /** ms since the Unix epoch, a whole number. */
  now(): number;
  /** Blocks until `ms` have passed. */
  sleep(ms: number): void;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** The real clock: Date.now(), and a sleep that blocks the thread. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => { Atomics.wait(sleepCell, 0, 0, ms); },
};

export interface Options {
  /** 0..1023 */
  node: number;
  /** The custom epoch, ms since the Unix epoch. */
  epoch: number;
  /** Absent: systemClock. */
  clock?: Clock;
}

/** What an id holds; timestamp is ms since the UNIX epoch (the id's timestamp plus the custom epoch). */
export interface Parts { timestamp: number; node: number; sequence: number }

export class InvalidNodeError extends Error { override name = "InvalidNodeError"; }
export class BeforeEpochError extends Error { override name = "BeforeEpochError"; }
export class TimestampOverflowError extends Error { override name = "TimestampOverflowError"; }
export class ClockMovedBackwardsError extends Error { override name = "ClockMovedBackwardsError"; }
export class InvalidIdError extends Error { override name = "InvalidIdError"; }

export class Snowflake {
  constructor(options: Options) {
    // TODO: check the node, read the clock once (before the epoch? beyond 41 bits?), keep the options.
    void options;
  }

  /** The next id: timestamp << 22 | node << 12 | sequence. */
  next(): bigint {
    // TODO: the steps of the contract: backwards, before the epoch, 41 bits, a new or the same
    // millisecond, a used-up millisecond (sleep until the next one).
    throw new Error("not implemented: Snowflake.next");
  }

  /** The parts of an id; timestamp in ms since the Unix epoch. */
  decode(id: bigint): Parts {
    // TODO
    void id;
    throw new Error("not implemented: Snowflake.decode");
  }
}
