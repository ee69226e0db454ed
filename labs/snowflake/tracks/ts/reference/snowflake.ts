// Reference Snowflake id generator.

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

const NODE_BITS = 10n;
const SEQUENCE_BITS = 12n;
const MAX_NODE = 1023;
const MAX_SEQUENCE = 4095;
const MAX_TIMESTAMP = 2 ** 41 - 1;
const MAX_ID = (1n << 63n) - 1n;

export class Snowflake {
  private readonly node: number;
  private readonly epoch: number;
  private readonly clock: Clock;
  private last = -1;
  private sequence = 0;

  constructor(options: Options) {
    const { node, epoch } = options;
    if (!Number.isInteger(node) || node < 0 || node > MAX_NODE) {
      throw new InvalidNodeError(`node must be a whole number in 0..${MAX_NODE}, got ${node}`);
    }
    this.node = node;
    this.epoch = epoch;
    this.clock = options.clock ?? systemClock;
    this.checkRange(this.clock.now() - epoch);
  }

  next(): bigint {
    for (;;) {
      const t = this.clock.now() - this.epoch;
      if (this.last >= 0 && t < this.last) {
        throw new ClockMovedBackwardsError(`the clock moved backwards by ${this.last - t} ms (last id at ${this.last}, now ${t})`);
      }
      this.checkRange(t);
      if (t > this.last) {
        this.sequence = 0;
      } else if (this.sequence < MAX_SEQUENCE) {
        this.sequence++;
      } else {
        this.clock.sleep(this.last + 1 - t); // the millisecond is used up: wait for the next one
        continue;
      }
      this.last = t;
      return (BigInt(t) << (NODE_BITS + SEQUENCE_BITS)) | (BigInt(this.node) << SEQUENCE_BITS) | BigInt(this.sequence);
    }
  }

  decode(id: bigint): Parts {
    if (id < 0n || id > MAX_ID) throw new InvalidIdError(`an id is in 0..2^63-1, got ${id}`);
    return {
      timestamp: Number(id >> (NODE_BITS + SEQUENCE_BITS)) + this.epoch,
      node: Number((id >> SEQUENCE_BITS) & BigInt(MAX_NODE)),
      sequence: Number(id & BigInt(MAX_SEQUENCE)),
    };
  }

  private checkRange(t: number): void {
    if (t < 0) throw new BeforeEpochError(`the clock reads ${-t} ms before the epoch`);
    if (t > MAX_TIMESTAMP) throw new TimestampOverflowError(`${t} ms since the epoch does not fit in 41 bits`);
  }
}
