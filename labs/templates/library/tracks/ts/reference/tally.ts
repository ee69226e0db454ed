// Reference solution: each key keeps its adds in time order; a total drops those that left the window.
export interface Clock {
  now(): number;
}

export interface Options {
  clock: Clock;
  windowMs: number;
}

interface Add {
  at: number;
  amount: number;
}

export class Tally {
  private readonly adds = new Map<string, Add[]>();

  constructor(private readonly options: Options) {}

  add(key: string, amount: number): number {
    if (!Number.isInteger(amount) || amount < 1) throw new RangeError(`the amount must be an integer of at least 1, not ${amount}`);
    const list = this.adds.get(key) ?? [];
    list.push({ at: this.options.clock.now(), amount });
    this.adds.set(key, list);
    return this.total(key);
  }

  total(key: string): number {
    const list = this.adds.get(key);
    if (!list) return 0;
    const oldest = this.options.clock.now() - this.options.windowMs;
    const live = list.filter((a) => a.at > oldest);
    if (live.length) this.adds.set(key, live);
    else this.adds.delete(key);
    return live.reduce((sum, a) => sum + a.amount, 0);
  }
}
