// __LAB_TITLE__: your tally. The contract is in README.md; driver.ts (provided, do not edit) calls it.
// TEMPLATE: the starter shows the contract's types and signatures, and a TODO wherever the learner writes.

export interface Clock {
  now(): number;
}

export interface Options {
  clock: Clock;
  windowMs: number;
}

export class Tally {
  constructor(options: Options) {
    // TODO: keep the clock and the window, and make room for each key's adds.
    void options;
  }

  /** Adds `amount` (an integer >= 1, else RangeError) to `key` and returns the key's total. */
  add(key: string, amount: number): number {
    // TODO: reject a bad amount, record the add at the clock's time, return the key's new total.
    throw new Error(`not implemented: add(${key}, ${amount})`);
  }

  /** The sum of the key's adds still inside the window; 0 when there is none. */
  total(key: string): number {
    // TODO: sum the adds made less than windowMs ago.
    throw new Error(`not implemented: total(${key})`);
  }
}
