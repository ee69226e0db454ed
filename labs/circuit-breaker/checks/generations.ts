import { defineStage } from '../../../src/grader/api.js';
import { Breaker, counts } from './shared.js';

export const stage = defineStage({
  id: 'generations',
  checks: [
    {
      id: 'interval-clears-counts',
      title: 'While closed, counts are cleared once the interval has passed since the generation began, without a state change',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create({ interval: 1000 });
        await b.pass('success');
        await b.pass('failure');
        const before = counts({ requests: 2, totalSuccesses: 1, totalFailures: 1, consecutiveFailures: 1 });
        await b.advance(999);
        await b.expectState('closed', 'an interval never changes the state');
        await b.expectCounts(before, 'interval 1000 ms: 999 ms after the breaker was created the counts must not be cleared yet');
        await b.advance(2);
        await b.expectState('closed', 'clearing the counts is not a state change: the breaker stays closed');
        await b.expectCounts(counts(), 'interval 1000 ms: 1001 ms after the breaker was created (and after state() was asked) the counts must be zero');
        await b.expectTransitions([], 'clearing the counts is not a state change: onStateChange must not be called');
      },
    },
    {
      id: 'generation-starts-when-noticed',
      title: 'The next generation begins when the breaker notices the interval has passed, so its interval runs from then',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create({ interval: 1000 });
        await b.pass('failure');
        await b.advance(1500);
        ctx.note('1500 ms: the first look after the interval ended; the new generation begins now');
        await b.pass('success');
        await b.expectCounts(counts({ requests: 1, totalSuccesses: 1, consecutiveSuccesses: 1 }), 'the call at 1500 ms began a new generation: only that call is counted');
        await b.advance(999);
        await b.expectState('closed', 'still closed');
        await b.expectCounts(counts({ requests: 1, totalSuccesses: 1, consecutiveSuccesses: 1 }), 'the generation began at 1500 ms (interval 1000 ms): at 2499 ms its counts must still be there (intervals are not fixed windows counted from creation)');
        await b.advance(2);
        await b.expectState('closed', 'still closed');
        await b.expectCounts(counts(), 'the generation began at 1500 ms (interval 1000 ms): at 2501 ms its counts must be cleared');
      },
    },
    {
      id: 'no-interval-never-clears',
      title: 'Without an interval (or with 0) the counts of a closed breaker are never cleared by time',
      async run(ctx) {
        for (const interval of [undefined, 0]) {
          const b = new Breaker(ctx);
          await b.create(interval === undefined ? {} : { interval });
          await b.pass('success');
          await b.pass('failure');
          await b.advance(10_000_000);
          await b.expectState('closed', 'time alone never changes a closed breaker');
          await b.expectCounts(counts({ requests: 2, totalSuccesses: 1, totalFailures: 1, consecutiveFailures: 1 }),
            `interval ${interval === undefined ? 'absent' : '0'} means never: the counts must survive any amount of time`);
        }
      },
    },
    {
      id: 'late-result-after-clearing-ignored',
      title: 'A call that began before the counts were cleared is not counted when it ends',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create({ interval: 1000 });
        const old = b.hold();
        await b.advance(1001);
        await b.expectState('closed', 'an interval never changes the state');
        await b.expectCounts(counts(), 'the interval has passed: the held call\'s request belonged to the cleared generation');
        await b.pass('success');
        await b.release(old, 'failure', { error: 'fn-error', same: true, ran: true }, 'a call\'s error reaches its caller even when the breaker ignores it');
        await b.expectCounts(counts({ requests: 1, totalSuccesses: 1, consecutiveSuccesses: 1 }),
          'the held call began in the previous generation: its failure must be ignored (only the new generation\'s success is counted)');
      },
    },
    {
      id: 'late-result-after-state-change-ignored',
      title: 'A call that began while closed and ends after the breaker went open and half-open does not count as a probe',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create({ timeout: 1000, trip: { consecutiveFailuresOver: 0 } });
        const old = b.hold();
        await b.tripWithOneFailure();
        await b.advance(1001);
        await b.expectState('half-open', 'more than timeout after tripping: half-open');
        await b.release(old, 'success', { ok: true, value: old.call, ran: true }, 'a call\'s value reaches its caller even when the breaker ignores it');
        await b.expectState('half-open', 'the success of a call that began while closed must be ignored: it is not a probe, so the breaker must stay half-open');
        await b.expectCounts(counts(), 'the late success belongs to an earlier generation: the half-open counts must stay zero');
        await b.pass('success', 'the half-open breaker must still let its one probe through');
        await b.expectState('closed', 'the real probe succeeded: closed');
      },
    },
    {
      id: 'time-does-not-clear-half-open',
      title: 'The interval applies only while closed: half-open counts are kept however long it takes',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create({ maxRequests: 2, interval: 500, timeout: 1000, trip: { consecutiveFailuresOver: 0 } });
        await b.tripWithOneFailure();
        await b.advance(600);
        await b.expectState('open', 'the interval (500 ms) has no effect while open: 600 ms after tripping (timeout 1000 ms) the breaker must still be open');
        await b.advance(401);
        await b.expectState('half-open', '1001 ms after tripping: half-open');
        await b.pass('success');
        await b.advance(5000);
        await b.expectState('half-open', 'a half-open breaker changes state only on a probe\'s result, never by time');
        await b.expectCounts(counts({ requests: 1, totalSuccesses: 1, consecutiveSuccesses: 1 }), 'the interval does not clear half-open counts');
        await b.pass('success');
        await b.expectState('closed', 'the second successful probe (maxRequests 2) must close the breaker');
      },
    },
    {
      id: 'state-change-order',
      title: 'Every state change is reported once, in order, each starting a generation with zero counts',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create({ timeout: 1000, trip: { consecutiveFailuresOver: 0 } });
        await b.pass('success');
        await b.tripWithOneFailure();
        await b.expectCounts(counts(), 'after closed -> open: zero counts');
        await b.advance(1001);
        await b.expectState('half-open', 'half-open after the timeout');
        await b.pass('failure');
        await b.expectState('open', 'a failed probe reopens');
        await b.advance(1001);
        await b.expectState('half-open', 'half-open after the timeout again');
        await b.pass('success');
        await b.expectState('closed', 'a successful probe closes');
        await b.expectCounts(counts(), 'after half-open -> closed: zero counts');
        await b.expectTransitions(
          [['closed', 'open'], ['open', 'half-open'], ['half-open', 'open'], ['open', 'half-open'], ['half-open', 'closed']],
          'onStateChange(from, to) must be called once per change, in the order they happened');
        await b.expectState('closed', 'still closed');
        await b.expectTransitions([], 'asking the state again is not a state change');
      },
    },
  ],
});
