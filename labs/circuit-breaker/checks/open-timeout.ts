import { defineStage } from '../../../src/grader/api.js';
import { Breaker, counts } from './shared.js';

export const stage = defineStage({
  id: 'open-timeout',
  checks: [
    {
      id: 'open-rejects-without-calling',
      title: 'An open breaker rejects at once with the open-state error, without calling fn or counting the call',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create({ timeout: 1000, trip: { consecutiveFailuresOver: 0 } });
        await b.tripWithOneFailure();
        for (let i = 0; i < 3; i++) {
          await b.reject('open', 'while open, execute must fail at once with the open-state error (Go: ErrOpenState; TypeScript: OpenStateError) and must not call fn');
        }
        await b.expectCounts(counts(), 'calls rejected while open are not requests: the counts must stay zero');
        await b.expectState('open', 'rejected calls do not change the state: the breaker must still be open');
      },
    },
    {
      id: 'half-open-after-timeout',
      title: 'Just before the timeout the breaker is open; just after it, state() alone reports half-open',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create({ timeout: 1000, trip: { consecutiveFailuresOver: 0 } });
        await b.tripWithOneFailure();
        await b.advance(999);
        await b.expectState('open', '999 ms after tripping (timeout 1000 ms) the breaker must still be open');
        await b.reject('open', '999 ms after tripping (timeout 1000 ms) calls must still be rejected');
        await b.advance(2);
        ctx.note('1001 ms after tripping: no call has been made since 999 ms');
        await b.expectState('half-open', 'once more than timeout has passed since the breaker opened, state() must report half-open by itself, without waiting for a call');
        await b.expectTransitions([['closed', 'open'], ['open', 'half-open']], 'onStateChange must have reported closed -> open, then open -> half-open');
        await b.expectCounts(counts(), 'half-open is a new generation: zero counts');
      },
    },
    {
      id: 'timeout-counts-from-the-trip',
      title: 'The timeout runs from the moment the breaker opened, not from an earlier failure or call',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create({ timeout: 1000, trip: { consecutiveFailuresOver: 1 } });
        await b.pass('failure');
        await b.advance(800);
        await b.pass('failure');
        await b.expectState('open', 'the second consecutive failure (at 800 ms) must open the breaker (readyToTrip: consecutiveFailures > 1)');
        await b.advance(999);
        await b.expectState('open', 'the breaker opened at 800 ms with timeout 1000 ms: at 1799 ms it must still be open');
        await b.advance(2);
        await b.expectState('half-open', 'the breaker opened at 800 ms with timeout 1000 ms: at 1801 ms it must be half-open');
      },
    },
    {
      id: 'default-timeout',
      title: 'Without a timeout setting the breaker stays open for 60000 ms',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create({ trip: { consecutiveFailuresOver: 0 } });
        await b.tripWithOneFailure();
        await b.advance(59_999);
        await b.expectState('open', 'timeout absent means 60000 ms: 59999 ms after tripping the breaker must still be open');
        await b.advance(2);
        await b.expectState('half-open', 'timeout absent means 60000 ms: 60001 ms after tripping the breaker must be half-open');
      },
    },
    {
      id: 'zero-timeout-means-default',
      title: 'timeout 0 means the default 60000 ms, not "reopen at once"',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create({ timeout: 0, trip: { consecutiveFailuresOver: 0 } });
        await b.tripWithOneFailure();
        await b.advance(30_000);
        await b.expectState('open', 'timeout 0 means 60000 ms: 30000 ms after tripping the breaker must still be open');
        await b.advance(30_001);
        await b.expectState('half-open', 'timeout 0 means 60000 ms: 60001 ms after tripping the breaker must be half-open');
      },
    },
  ],
});
