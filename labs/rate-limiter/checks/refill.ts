import { defineStage } from '../../../src/grader/api.js';
import { Bucket } from './shared.js';

export const stage = defineStage({
  id: 'refill',
  checks: [
    {
      id: 'next-token-on-time',
      title: 'A drained bucket holds its next whole token exactly 1/rate seconds later, not 1 ms sooner',
      async run(ctx) {
        const b = await Bucket.create(ctx, 10, 5);
        await b.allowTimes(5, 'a full bucket with burst 5 allows 5 calls at once');
        await b.allow(false, 'the bucket is empty');
        await b.advance(40);
        await b.expectTokens(0.4, 'tokens arrive continuously: 40 ms at 10 tokens/s is 0.4 tokens');
        await b.advance(59);
        await b.expectTokens(0.99, '99 ms after it was drained, at 10 tokens/s');
        await b.allow(false, 'at 10 tokens/s the next whole token is complete 100 ms after the bucket was drained: at 99 ms there are 0.99 tokens, so a call must be refused');
        await b.advance(2);
        await b.allow(true, 'at 101 ms after the bucket was drained it holds 1.01 tokens: a call must be allowed');
        await b.expectTokens(0.01, 'the allowed call took one of the 1.01 tokens');
      },
    },
    {
      id: 'refill-from-the-last-take',
      title: 'Refill runs from the instant tokens were taken, not on fixed ticks counted from creation',
      async run(ctx) {
        const b = await Bucket.create(ctx, 10, 1);
        await b.advance(50);
        await b.allow(true, 'the bucket (rate 10, burst 1) is full: allowed');
        ctx.note('the bucket was drained at t=50 ms; with rate 10 its next token is complete at t=150 ms');
        await b.advance(51);
        await b.allow(false, 'at t=101 ms the bucket holds 0.51 tokens (51 ms since it was drained): refused. A bucket that adds whole tokens on ticks every 100 ms from its creation would wrongly allow this');
        await b.expectTokens(0.51, 'at t=101 ms, 51 ms after the bucket was drained');
        await b.advance(48);
        await b.allow(false, 'at t=149 ms the bucket holds 0.99 tokens: refused');
        await b.advance(2);
        await b.allow(true, 'at t=151 ms the bucket holds 1.01 tokens: allowed');
      },
    },
    {
      id: 'fractional-rate',
      title: 'A rate below one token per second: 0.5/s completes a token every 2 s',
      async run(ctx) {
        const b = await Bucket.create(ctx, 0.5, 2);
        await b.allowTimes(2, 'a full bucket with burst 2');
        await b.advance(1000);
        await b.expectTokens(0.5, 'one second at 0.5 tokens/s adds half a token');
        await b.advance(999);
        await b.allow(false, 'at 0.5 tokens/s the next token is complete 2000 ms after the bucket was drained: at 1999 ms, refused');
        await b.advance(2);
        await b.allow(true, 'at 2001 ms after it was drained the bucket holds 1.0005 tokens: allowed');
        await b.expectTokens(0.0005, 'the allowed call took one of the 1.0005 tokens');
      },
    },
    {
      id: 'capped-at-burst',
      title: 'However long the bucket stays idle, it never holds more than burst tokens',
      async run(ctx) {
        const b = await Bucket.create(ctx, 100, 3);
        await b.advance(3_600_000);
        await b.expectTokens(3, 'after an idle hour at 100 tokens/s the bucket holds burst (3) tokens, not 360000');
        await b.allowTimes(3, 'the full bucket allows burst calls at once');
        await b.allow(false, 'burst 3: the fourth call at the same instant must be refused, however long the bucket was idle');
        await b.allowN(1, false, 'and allowN(1) too');
      },
    },
    {
      id: 'refused-calls-keep-progress',
      title: 'A refused call takes nothing and does not restart the refill',
      async run(ctx) {
        const b = await Bucket.create(ctx, 10, 2);
        await b.allowTimes(2, 'a full bucket with burst 2');
        for (let t = 30; t <= 90; t += 30) {
          await b.advance(30);
          await b.allow(false, `${t} ms after the bucket was drained it holds ${t / 100} tokens: refused`);
        }
        await b.expectTokens(0.9, 'three refused calls took nothing: 90 ms after draining the bucket holds 0.9 tokens');
        await b.advance(11);
        await b.allow(true, '101 ms after the bucket was drained it holds 1.01 tokens: allowed. (Refused calls must not move the refill\'s starting point without keeping what had accumulated.)');
      },
    },
    {
      id: 'clock-going-back',
      title: 'A clock that goes back adds no tokens and takes none away',
      async run(ctx) {
        const b = await Bucket.create(ctx, 10, 1);
        await b.allow(true, 'a full bucket with burst 1');
        ctx.note('the clock now goes back 5 s');
        await b.advance(-5000);
        await b.expectTokens(0, 'a clock reading before the last update adds nothing, and the count never goes negative');
        await b.allow(false, 'the bucket is still empty');
        await b.advance(5099);
        await b.allow(false, '99 ms after the bucket was drained (the clock came back and went on), it holds 0.99 tokens: refused. The refill runs from the last update, which a clock going back does not move');
        await b.advance(2);
        await b.allow(true, '101 ms after the bucket was drained it holds 1.01 tokens: allowed');
      },
    },
    {
      id: 'clock-going-back-while-taking',
      title: 'A token taken while the clock is behind leaves the last update where it was',
      async run(ctx) {
        const b = await Bucket.create(ctx, 10, 3);
        await b.allow(true, 'a full bucket with burst 3');
        ctx.note('the clock now goes back 5 s');
        await b.advance(-5000);
        await b.allow(true, 'the clock is behind the last update: the 2 tokens left are still there, so allow() takes one');
        await b.expectTokens(1, 'one token is left while the clock is behind');
        ctx.note('the clock comes forward 5 s, back to the instant of the last update');
        await b.advance(5000);
        await b.expectTokens(1, 'the clock is back at the last update, so nothing was refilled (taking a token while the clock was behind must not move the last update back)');
        await b.advance(100);
        await b.expectTokens(2, '100 ms after the last update at 10 tokens/s, one token was added');
      },
    },
  ],
});
