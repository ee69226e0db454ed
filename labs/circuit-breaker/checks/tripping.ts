import { defineStage } from '../../../src/grader/api.js';
import { Breaker, counts } from './shared.js';

export const stage = defineStage({
  id: 'tripping',
  checks: [
    {
      id: 'default-trips-after-six-failures',
      title: 'The default readyToTrip opens the breaker on the sixth consecutive failure, not the fifth',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create();
        for (let i = 1; i <= 5; i++) await b.pass('failure');
        await b.expectState('closed', 'after 5 consecutive failures the breaker must still be closed (default readyToTrip: consecutiveFailures > 5)');
        await b.expectCounts(counts({ requests: 5, totalFailures: 5, consecutiveFailures: 5 }), 'after 5 failures: requests 5, totalFailures 5, consecutiveFailures 5');
        await b.pass('failure');
        await b.expectState('open', 'after 6 consecutive failures the breaker must be open (default readyToTrip: consecutiveFailures > 5)');
        await b.expectTransitions([['closed', 'open']], 'tripping must call onStateChange("closed", "open") exactly once');
        await b.expectCounts(counts(), 'a state change starts a new generation: the counts must be zero right after tripping');
      },
    },
    {
      id: 'success-breaks-the-streak',
      title: 'A success in between resets consecutiveFailures, so the default readyToTrip needs six in a row',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create();
        for (let i = 1; i <= 5; i++) await b.pass('failure');
        await b.pass('success');
        for (let i = 1; i <= 5; i++) await b.pass('failure');
        await b.expectState('closed', '5 failures, a success, then 5 failures: consecutiveFailures is 5, so the breaker must still be closed');
        await b.expectCounts(counts({ requests: 11, totalSuccesses: 1, totalFailures: 10, consecutiveFailures: 5 }), 'totals keep counting across the streaks');
        await b.pass('failure');
        await b.expectState('open', 'the sixth failure in a row must open the breaker');
      },
    },
    {
      id: 'custom-consecutive-trip',
      title: 'A custom readyToTrip is consulted after every failure with the counts including that failure',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create({ trip: { consecutiveFailuresOver: 2 } });
        await b.pass('failure');
        await b.pass('failure');
        await b.expectState('closed', 'readyToTrip "consecutiveFailures > 2" does not hold after 2 failures: the breaker must be closed');
        await b.pass('failure');
        await b.expectState('open', 'readyToTrip "consecutiveFailures > 2" holds after the third failure (counts passed to it must include that failure): the breaker must be open');
        await b.expectTransitions([['closed', 'open']], 'tripping must call onStateChange("closed", "open") once');
      },
    },
    {
      id: 'custom-ratio-trip',
      title: 'readyToTrip is consulted only after a failure, never after a success',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create({ trip: { minRequests: 4, failureRatioAtLeast: 0.5 } });
        await b.pass('failure');
        await b.pass('success');
        await b.pass('failure');
        await b.expectState('closed', 'readyToTrip "requests >= 4 and failures/requests >= 0.5" does not hold with 3 requests: closed');
        await b.pass('success');
        await b.expectState('closed', 'the fourth call succeeded: readyToTrip must be consulted only after a failure, so the breaker stays closed even though 2 of 4 failed');
        await b.expectCounts(counts({ requests: 4, totalSuccesses: 2, totalFailures: 2, consecutiveSuccesses: 1 }), 'after F S F S: requests 4, 2 successes, 2 failures');
        await b.pass('failure');
        await b.expectState('open', 'after the fifth call (a failure) 3 of 5 failed: readyToTrip holds and the breaker must be open');
      },
    },
    {
      id: 'trip-on-panic',
      title: 'A panic / synchronous throw is a failure for readyToTrip too',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create({ trip: { consecutiveFailuresOver: 1 } });
        await b.pass('failure');
        await b.pass('panic');
        await b.expectState('open', 'a failure then a panic are 2 consecutive failures: readyToTrip "consecutiveFailures > 1" holds, so the breaker must be open');
      },
    },
  ],
});
