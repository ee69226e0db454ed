import { defineStage } from '../../../src/grader/api.js';
import { Bucket } from './shared.js';

export const stage = defineStage({
  id: 'token-bucket',
  checks: [
    {
      id: 'starts-full',
      title: 'A new bucket holds burst tokens, and reading them changes nothing',
      async run(ctx) {
        const b = await Bucket.create(ctx, 1, 5);
        await b.expectTokens(5, 'a new bucket starts full');
        await b.expectTokens(5, 'tokens() only reads: asking twice at the same instant gives the same answer');
        const one = await Bucket.create(ctx, 10, 1);
        await one.expectTokens(1, 'a new bucket with burst 1 starts with 1 token');
      },
    },
    {
      id: 'burst-then-refuse',
      title: 'With the clock stopped, exactly burst calls are allowed, each taking one token',
      async run(ctx) {
        const b = await Bucket.create(ctx, 1, 3);
        for (let i = 1; i <= 3; i++) {
          await b.allow(true, `a full bucket with burst 3 must allow ${i === 1 ? 'the first call' : `call ${i}`}`);
          await b.expectTokens(3 - i, `after ${i} allowed call${i === 1 ? '' : 's'} at the same instant`);
        }
        await b.allow(false, 'the clock has not moved and the 3 tokens are taken: a fourth call must be refused');
        await b.expectTokens(0, 'a refused call takes nothing and the bucket never goes below 0');
        await b.allow(false, 'still no token at the same instant: refused again');
      },
    },
    {
      id: 'zero-burst-and-zero-rate',
      title: 'Burst 0 never holds a token; rate 0 never refills',
      async run(ctx) {
        const empty = await Bucket.create(ctx, 100, 0);
        await empty.expectTokens(0, 'a bucket with burst 0 holds nothing');
        await empty.allow(false, 'a bucket with burst 0 must refuse every call');
        await empty.advance(10_000);
        await empty.allow(false, 'a bucket with burst 0 must refuse every call, however long one waits (the refill is capped at burst)');
        await empty.expectTokens(0, 'burst 0 caps the count at 0');
        const fixed = await Bucket.create(ctx, 0, 2);
        await fixed.allowTimes(2, 'rate 0, burst 2: the bucket starts full, so two calls are allowed');
        await fixed.allow(false, 'rate 0, burst 2: the two tokens are gone');
        await fixed.advance(3_600_000);
        await fixed.allow(false, 'rate 0 means the bucket never refills: an hour later it is still empty');
        await fixed.expectTokens(0, 'rate 0: nothing was added in an hour');
      },
    },
    {
      id: 'bad-settings-refused',
      title: 'A negative rate or burst is refused when the bucket is made',
      async run(ctx) {
        await ctx.program.expect({ op: 'bucket', rate: -1, burst: 5 }, { error: 'exception' },
          { message: 'rate -1: the constructor must refuse it (TypeScript: throw a RangeError; Go: panic)' });
        await ctx.program.expect({ op: 'bucket', rate: 1, burst: -1 }, { error: 'exception' },
          { message: 'burst -1: the constructor must refuse it (TypeScript: throw a RangeError; Go: panic)' });
      },
    },
  ],
});
