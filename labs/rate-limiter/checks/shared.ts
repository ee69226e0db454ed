// Helpers shared by the rate-limiter stages (not a stage itself).
import { expectThat, type CheckContext, type Program } from '../../../src/grader/api.js';

/** How close tokens() must be to the contract's value (the count is a float). */
export const TOKENS_TOLERANCE = 1e-9;

export const closeTo = (received: unknown, expected: number): boolean =>
  typeof received === 'number' && Math.abs(received - expected) <= TOKENS_TOLERANCE;

const fmt = (x: number): string => String(Number(x.toFixed(9)));

/** A token bucket driven through the wire, with readable expectations. */
export class Bucket {
  constructor(private readonly ctx: CheckContext, readonly rate = 0, readonly burst = 0) {}

  get program(): Program { return this.ctx.program; }

  /** A fresh bucket on the driver's clock. */
  static async create(ctx: CheckContext, rate: number, burst: number): Promise<Bucket> {
    ctx.note(`a new token bucket: rate ${rate} tokens/s, burst ${burst}`);
    await ctx.program.expect({ op: 'bucket', rate, burst }, { ok: true }, { message: `new TokenBucket(rate ${rate}, burst ${burst}) must succeed` });
    return new Bucket(ctx, rate, burst);
  }

  async advance(ms: number): Promise<void> {
    await this.program.expect({ op: 'advance', ms }, { ok: true });
  }

  async allow(expected: boolean, message: string): Promise<void> {
    await this.program.expect({ op: 'allow' }, { allowed: expected }, { message });
  }

  async allowN(n: number, expected: boolean, message: string): Promise<void> {
    await this.program.expect({ op: 'allowN', n }, { allowed: expected }, { message });
  }

  /** `count` calls of allow() that must all be allowed (draining a full bucket, say). */
  async allowTimes(count: number, message: string): Promise<void> {
    for (let i = 1; i <= count; i++) await this.allow(true, `${message} (call ${i} of ${count})`);
  }

  async expectTokens(expected: number, message: string): Promise<void> {
    const reply = await this.program.call({ op: 'tokens' });
    expectThat(closeTo(reply.tokens, expected), `${message}: tokens() must be ${fmt(expected)} (compared to within ${TOKENS_TOLERANCE})`,
      { expected: { tokens: expected }, received: reply });
  }
}

/** A sliding-window limiter driven through the wire. */
export class Window {
  constructor(private readonly ctx: CheckContext) {}

  get program(): Program { return this.ctx.program; }

  static async create(ctx: CheckContext, limit: number, windowMs: number, maxKeys: number): Promise<Window> {
    ctx.note(`a new sliding-window limiter: limit ${limit} per ${windowMs} ms per key, maxKeys ${maxKeys}`);
    await ctx.program.expect({ op: 'window', limit, windowMs, maxKeys }, { ok: true },
      { message: `new SlidingWindowLimiter(limit ${limit}, window ${windowMs} ms, maxKeys ${maxKeys}) must succeed` });
    return new Window(ctx);
  }

  async advance(ms: number): Promise<void> {
    await this.program.expect({ op: 'advance', ms }, { ok: true });
  }

  async allow(key: string, expected: boolean, message: string): Promise<void> {
    await this.program.expect({ op: 'allowKey', key }, { allowed: expected }, { message });
  }

  async expectSize(size: number, message: string): Promise<void> {
    await this.program.expect({ op: 'size' }, { size }, { message });
  }
}
