import { defineStage } from '../../../src/grader/api.js';
import { Bucket } from './shared.js';

export const stage = defineStage({
  id: 'allow-n',
  checks: [
    {
      id: 'all-or-nothing',
      title: 'allowN(n) takes n tokens at once, or refuses and takes none',
      async run(ctx) {
        const b = await Bucket.create(ctx, 1, 5);
        await b.allowN(3, true, 'a full bucket with burst 5 holds 5 tokens: allowN(3) must be allowed');
        await b.expectTokens(2, 'allowN(3) took 3 of the 5 tokens');
        await b.allowN(3, false, 'the bucket holds 2 tokens: allowN(3) must be refused (it needs all 3 at once)');
        await b.expectTokens(2, 'a refused allowN takes nothing: the 2 tokens are still there');
        await b.allowN(2, true, 'the bucket holds 2 tokens: allowN(2) must be allowed');
        await b.expectTokens(0, 'allowN(2) took the last 2 tokens');
        await b.allow(false, 'the bucket is empty');
      },
    },
    {
      id: 'waits-for-n',
      title: 'allowN(n) on a drained bucket succeeds only once n whole tokens have arrived',
      async run(ctx) {
        const b = await Bucket.create(ctx, 2, 4);
        await b.allowN(4, true, 'a full bucket with burst 4: allowN(4) takes them all');
        await b.advance(1499);
        await b.allowN(3, false, 'at 2 tokens/s, 3 tokens take 1500 ms: at 1499 ms the bucket holds 2.998, so allowN(3) must be refused');
        await b.allowN(2, true, 'but 2.998 tokens are enough for allowN(2)');
        await b.expectTokens(0.998, 'allowN(2) took 2 of the 2.998 tokens');
        await b.advance(1002);
        await b.allowN(3, true, '1002 ms later the bucket holds 0.998 + 2.004 = 3.002 tokens: allowN(3) must be allowed');
        await b.expectTokens(0.002, 'allowN(3) took 3 of the 3.002 tokens');
      },
    },
    {
      id: 'more-than-burst-never',
      title: 'allowN(n) with n > burst is never allowed, even from a full bucket, and takes nothing',
      async run(ctx) {
        const b = await Bucket.create(ctx, 1, 3);
        await b.allowN(4, false, 'burst 3: allowN(4) can never be satisfied and must be refused, even though the bucket is full');
        await b.expectTokens(3, 'the refused allowN(4) took nothing');
        await b.advance(3_600_000);
        await b.allowN(4, false, 'burst 3: allowN(4) is refused however long one waits (the bucket never holds more than 3)');
        await b.allowN(100, false, 'burst 3: allowN(100) is refused');
        await b.allowN(3, true, 'allowN(burst) from a full bucket must be allowed');
        await b.allowN(1, false, 'the bucket is now empty');
      },
    },
    {
      id: 'zero-and-negative',
      title: 'allowN(0) is always allowed and takes nothing; allowN(n < 0) is refused and changes nothing',
      async run(ctx) {
        const b = await Bucket.create(ctx, 1, 2);
        await b.allowN(2, true, 'a full bucket with burst 2');
        await b.allowN(0, true, 'allowN(0) asks for nothing: it must be allowed even from an empty bucket');
        await b.expectTokens(0, 'allowN(0) takes nothing');
        await b.allowN(-1, false, 'allowN(-1) must be refused (a negative n must not add tokens)');
        await b.expectTokens(0, 'allowN(-1) changes nothing');
        await b.allow(false, 'the bucket is still empty after allowN(-1)');
        const none = await Bucket.create(ctx, 5, 0);
        await none.allowN(0, true, 'allowN(0) must be allowed even with burst 0');
      },
    },
  ],
});
