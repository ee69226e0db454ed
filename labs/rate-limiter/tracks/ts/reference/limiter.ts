// A token bucket with the semantics of golang.org/x/time/rate, and a sliding-window log limiter keyed
// by client whose memory is bounded by dropping idle keys and evicting the least recently used one.

export interface Clock {
  now(): number; // milliseconds
}

const realClock: Clock = { now: () => Date.now() };

export interface TokenBucketOptions {
  rate: number; // tokens per second; finite, >= 0
  burst: number; // capacity; an integer >= 0
  clock?: Clock; // absent: the real clock
}

export class TokenBucket {
  private readonly rate: number;
  private readonly burst: number;
  private readonly clock: Clock;
  private stored: number;
  private last: number;

  constructor(opts: TokenBucketOptions) {
    if (typeof opts.rate !== "number" || !Number.isFinite(opts.rate) || opts.rate < 0) {
      throw new RangeError(`rate must be a finite number >= 0, got ${opts.rate}`);
    }
    if (!Number.isSafeInteger(opts.burst) || opts.burst < 0) {
      throw new RangeError(`burst must be an integer >= 0, got ${opts.burst}`);
    }
    this.rate = opts.rate;
    this.burst = opts.burst;
    this.clock = opts.clock ?? realClock;
    this.stored = opts.burst;
    this.last = this.clock.now();
  }

  allow(): boolean {
    return this.allowN(1);
  }

  allowN(n: number): boolean {
    if (n < 0 || n > this.burst) return false;
    if (n === 0) return true;
    const now = this.clock.now();
    const available = this.available(now);
    if (available < n) return false;
    this.stored = available - n;
    if (now > this.last) this.last = now;
    return true;
  }

  tokens(): number {
    return this.available(this.clock.now());
  }

  /** The tokens held at `now`; a clock reading before the last update adds nothing. */
  private available(now: number): number {
    if (now <= this.last) return this.stored;
    return Math.min(this.burst, this.stored + ((now - this.last) / 1000) * this.rate);
  }
}

export interface SlidingWindowOptions {
  limit: number; // requests per window per key; an integer >= 0
  windowMs: number; // ms; finite, > 0
  maxKeys: number; // an integer >= 1
  clock?: Clock; // absent: the real clock
}

export class SlidingWindowLimiter {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly clock: Clock;
  /** key -> the instants of its allowed requests, oldest first. Map order is recency: least recent first. */
  private readonly logs = new Map<string, number[]>();

  constructor(opts: SlidingWindowOptions) {
    if (!Number.isSafeInteger(opts.limit) || opts.limit < 0) throw new RangeError(`limit must be an integer >= 0, got ${opts.limit}`);
    if (typeof opts.windowMs !== "number" || !Number.isFinite(opts.windowMs) || opts.windowMs <= 0) {
      throw new RangeError(`windowMs must be a finite number > 0, got ${opts.windowMs}`);
    }
    if (!Number.isSafeInteger(opts.maxKeys) || opts.maxKeys < 1) throw new RangeError(`maxKeys must be an integer >= 1, got ${opts.maxKeys}`);
    this.limit = opts.limit;
    this.windowMs = opts.windowMs;
    this.maxKeys = opts.maxKeys;
    this.clock = opts.clock ?? realClock;
  }

  allow(key: string): boolean {
    const now = this.clock.now();
    let log = this.logs.get(key);
    if (log !== undefined) {
      this.logs.delete(key); // re-inserted below as the most recently used
      this.expire(log, now);
      if (log.length === 0) log = undefined; // idle: a new key
    }
    if (log === undefined) {
      if (this.limit === 0) return false; // refused and nothing recorded: the key stays not held
      if (this.logs.size >= this.maxKeys) this.dropIdle(now);
      if (this.logs.size >= this.maxKeys) {
        const oldest = this.logs.keys().next().value as string;
        this.logs.delete(oldest);
      }
      this.logs.set(key, [now]);
      return true;
    }
    this.logs.set(key, log);
    if (log.length >= this.limit) return false;
    log.push(now);
    return true;
  }

  size(): number {
    this.dropIdle(this.clock.now());
    return this.logs.size;
  }

  private expire(log: number[], now: number): void {
    const cutoff = now - this.windowMs;
    let live = 0;
    while (live < log.length && log[live] <= cutoff) live++;
    if (live > 0) log.splice(0, live);
  }

  private dropIdle(now: number): void {
    const cutoff = now - this.windowMs;
    for (const [key, log] of this.logs) {
      if (log[log.length - 1] <= cutoff) this.logs.delete(key);
    }
  }
}
