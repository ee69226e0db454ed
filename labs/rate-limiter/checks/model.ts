// The reference models for the model-based checks: the contract's token bucket and sliding-window
// limiter with an explicit clock. The bucket counts in exact integer units, so the checks can tell when
// a decision would hinge on rounding and step around it.

/** Units per token: 1000 ms per second × 4, so every rate the checks draw (a multiple of 0.25) refills a whole number of units per ms. */
export const UNITS = 4000;

export class BucketModel {
  /** Units added per ms: rate × UNITS / 1000. */
  private readonly perMs: number;
  private stored: number;
  private last = 0;
  now = 0;

  constructor(readonly rate: number, readonly burst: number) {
    this.perMs = Math.round(rate * 4);
    this.stored = burst * UNITS;
  }

  advance(ms: number): void { this.now += ms; }

  /** The exact count at now in units, and whether the uncapped sum sits exactly on `n` tokens (a rounding hazard). */
  private availableUnits(): { units: number; uncapped: number } {
    const elapsed = Math.max(0, this.now - this.last);
    const uncapped = this.stored + elapsed * this.perMs;
    return { units: Math.min(this.burst * UNITS, uncapped), uncapped };
  }

  /** True when allowN(n) at now would be decided by the last bit of a float: the refill lands exactly on n tokens. */
  onBoundary(n: number): boolean {
    if (this.perMs === 0 || n <= 0 || n > this.burst || this.now <= this.last) return false;
    return this.availableUnits().uncapped === n * UNITS;
  }

  allowN(n: number): boolean {
    if (n < 0 || n > this.burst) return false;
    if (n === 0) return true;
    const { units } = this.availableUnits();
    if (units < n * UNITS) return false;
    this.stored = units - n * UNITS;
    if (this.now > this.last) this.last = this.now;
    return true;
  }

  tokens(): number { return this.availableUnits().units / UNITS; }

  describe(): string {
    return `t=${this.now} ms, the contract's bucket (rate ${this.rate}/s, burst ${this.burst}) holds ${Number(this.tokens().toFixed(6))} tokens`;
  }
}

export class WindowModel {
  /** key -> allowed instants, oldest first; Map order is recency (least recently used first). */
  private readonly logs = new Map<string, number[]>();
  now = 0;

  constructor(readonly limit: number, readonly windowMs: number, readonly maxKeys: number) {}

  advance(ms: number): void { this.now += ms; }

  /** True when some recorded request leaves the window exactly at `at` (the checks never look exactly then). */
  expiresAt(at: number): boolean {
    for (const log of this.logs.values()) if (log.some((t) => t + this.windowMs === at)) return true;
    return false;
  }

  allow(key: string): boolean {
    const cutoff = this.now - this.windowMs;
    let log = this.logs.get(key);
    if (log !== undefined) {
      this.logs.delete(key);
      log = log.filter((t) => t > cutoff);
      if (log.length === 0) log = undefined;
    }
    if (log === undefined) {
      if (this.limit === 0) return false;
      this.dropIdle();
      if (this.logs.size >= this.maxKeys) this.logs.delete(this.logs.keys().next().value as string);
      this.logs.set(key, [this.now]);
      return true;
    }
    this.logs.set(key, log);
    if (log.length >= this.limit) return false;
    log.push(this.now);
    return true;
  }

  size(): number {
    this.dropIdle();
    return this.logs.size;
  }

  private dropIdle(): void {
    const cutoff = this.now - this.windowMs;
    for (const [key, log] of this.logs) if (log[log.length - 1] <= cutoff) this.logs.delete(key);
  }

  describe(): string {
    const cutoff = this.now - this.windowMs;
    const held = [...this.logs].filter(([, log]) => log[log.length - 1] > cutoff)
      .map(([key, log]) => `${key}: [${log.filter((t) => t > cutoff).join(', ')}]`);
    return `t=${this.now} ms, the contract's limiter (limit ${this.limit}, window ${this.windowMs} ms, maxKeys ${this.maxKeys}) holds, least recently used first: {${held.join('; ')}}`;
  }
}
