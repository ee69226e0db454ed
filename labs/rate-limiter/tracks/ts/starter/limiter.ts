// Your rate limiters. The contract is in README.md; driver.ts (provided, do not edit) calls them.

export interface Clock {
  now(): number; // milliseconds
}

export interface TokenBucketOptions {
  rate: number; // tokens per second; finite, >= 0
  burst: number; // capacity; an integer >= 0
  clock?: Clock; // absent: the real clock (Date.now)
}

export class TokenBucket {
  constructor(opts: TokenBucketOptions) {
    // TODO: check rate and burst (RangeError), keep them and the clock; the bucket starts full.
    void opts;
  }

  allow(): boolean {
    return this.allowN(1);
  }

  allowN(n: number): boolean {
    // TODO: n < 0 refused, n == 0 allowed, n > burst refused; otherwise take n tokens if the bucket
    // holds them now, or refuse and take nothing.
    void n;
    throw new Error("not implemented: TokenBucket.allowN");
  }

  tokens(): number {
    // TODO: the tokens available now: min(burst, stored + elapsed seconds × rate). Changes nothing.
    throw new Error("not implemented: TokenBucket.tokens");
  }
}

export interface SlidingWindowOptions {
  limit: number; // requests per window per key; an integer >= 0
  windowMs: number; // window length in ms; finite, > 0
  maxKeys: number; // keys held at most; an integer >= 1
  clock?: Clock; // absent: the real clock (Date.now)
}

export class SlidingWindowLimiter {
  constructor(opts: SlidingWindowOptions) {
    // TODO: check limit, windowMs and maxKeys (RangeError), keep them and the clock.
    void opts;
  }

  allow(key: string): boolean {
    // TODO: allowed (and recorded) when fewer than limit of the key's requests are in the window;
    // keep at most maxKeys keys, evicting the least recently used.
    void key;
    throw new Error("not implemented: SlidingWindowLimiter.allow");
  }

  size(): number {
    // TODO: the number of keys with at least one request in the window.
    throw new Error("not implemented: SlidingWindowLimiter.size");
  }
}
