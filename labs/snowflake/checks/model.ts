// The reference model for the snowflake checks: the contract's generator on the driver's virtual clock,
// replying exactly as the provided drivers do (ids as decimal strings, sleeps as recorded).
import type { Reply } from '../../../src/grader/api.js';

export const NODE_BITS = 10;
export const SEQUENCE_BITS = 12;
export const MAX_NODE = 2 ** NODE_BITS - 1;
export const MAX_SEQUENCE = 2 ** SEQUENCE_BITS - 1;
export const MAX_TIMESTAMP = 2 ** 41 - 1;
export const MAX_ID = (1n << 63n) - 1n;
/** Where the drivers' clocks start: ms since the Unix epoch. */
export const START = 1_700_000_000_000;
/** The driver caps the runs it reports. */
const MAX_RUNS = 64;

/** timestamp << 22 | node << 12 | sequence. */
export const idOf = (timestamp: number, node: number, sequence: number): bigint =>
  (BigInt(timestamp) << BigInt(NODE_BITS + SEQUENCE_BITS)) | (BigInt(node) << BigInt(SEQUENCE_BITS)) | BigInt(sequence);

/** The fields of an id, as the layout defines them (timestamp relative to the custom epoch). */
export function fieldsOf(id: bigint): { timestamp: number; node: number; sequence: number; signBit: boolean } {
  const unsigned = BigInt.asUintN(64, id);
  return {
    signBit: unsigned >> 63n === 1n,
    timestamp: Number((unsigned >> BigInt(NODE_BITS + SEQUENCE_BITS)) & BigInt(MAX_TIMESTAMP)),
    node: Number((unsigned >> BigInt(SEQUENCE_BITS)) & BigInt(MAX_NODE)),
    sequence: Number(unsigned & BigInt(MAX_SEQUENCE)),
  };
}

/** Ids in issue order compressed as the driver does: [firstId, length] runs of ids going up by exactly 1. */
export function compress(ids: bigint[]): { runs: [string, number][]; runsTruncated: boolean } {
  const runs: [string, number][] = [];
  let total = 0;
  for (let i = 0; i < ids.length;) {
    let j = i + 1;
    while (j < ids.length && ids[j] === ids[j - 1] + 1n) j++;
    total++;
    if (runs.length < MAX_RUNS) runs.push([ids[i].toString(), j - i]);
    i = j;
  }
  return { runs, runsTruncated: total > runs.length };
}

export interface Settings { node: number; epoch: number }

type Step = { id: bigint; slept: number[] } | { error: string; slept: number[] };

/** The driver's clock plus the contract's generator (absent until one was created successfully). */
export class SnowflakeModel {
  now = START;
  settings: Settings | undefined;
  /** The timestamp of the last id issued; -1 before the first. */
  last = -1;
  sequence = 0;

  /** `new`: sets the clock when `now` is given, then the constructor's checks. */
  create(settings: Settings, now?: number): Reply {
    if (now !== undefined) this.now = now;
    this.settings = undefined;
    if (!Number.isInteger(settings.node) || settings.node < 0 || settings.node > MAX_NODE) return { error: 'invalid-node' };
    const range = this.rangeError(this.now - settings.epoch);
    if (range) return { error: range };
    this.settings = settings;
    this.last = -1;
    this.sequence = 0;
    return { ok: true };
  }

  advance(ms: number): void { this.now += ms; }

  /** One next(): the id or the error, and the sleeps it made (each moves the clock at once). */
  step(): Step {
    const s = this.need();
    const slept: number[] = [];
    for (;;) {
      const t = this.now - s.epoch;
      if (this.last >= 0 && t < this.last) return { error: 'clock-moved-backwards', slept };
      const range = this.rangeError(t);
      if (range) return { error: range, slept };
      if (t > this.last) this.sequence = 0;
      else if (this.sequence < MAX_SEQUENCE) this.sequence++;
      else {
        const ms = this.last + 1 - t;
        slept.push(ms);
        this.now += ms;
        continue;
      }
      this.last = t;
      return { id: idOf(t, s.node, this.sequence), slept };
    }
  }

  /** The reply to `next`. */
  next(): Reply {
    const r = this.step();
    if ('id' in r) return { snowflake: r.id.toString(), slept: r.slept, now: this.now, error: undefined };
    return { error: r.error, slept: r.slept, now: this.now };
  }

  /** The reply to `burst {count}`. */
  burst(count: number): Reply {
    const ids: bigint[] = [];
    const sleeps: { call: number; ms: number }[] = [];
    let failure: Reply = { error: undefined };
    for (let call = 0; call < count; call++) {
      const r = this.step();
      for (const ms of r.slept) sleeps.push({ call, ms });
      if ('error' in r) { failure = { error: r.error, errorAt: call }; break; }
      ids.push(r.id);
    }
    return { issued: ids.length, ...compress(ids), sleeps, now: this.now, ...failure };
  }

  /** The reply to `decode {snowflake}`. */
  decode(id: bigint): Reply {
    const s = this.need();
    if (id < 0n || id > MAX_ID) return { error: 'invalid-id' };
    const f = fieldsOf(id);
    return { timestamp: f.timestamp + s.epoch, node: f.node, sequence: f.sequence, error: undefined };
  }

  private need(): Settings {
    if (!this.settings) throw new Error('the model has no generator: create one first');
    return this.settings;
  }

  private rangeError(t: number): string | undefined {
    if (t < 0) return 'before-epoch';
    if (t > MAX_TIMESTAMP) return 'timestamp-overflow';
    return undefined;
  }
}
