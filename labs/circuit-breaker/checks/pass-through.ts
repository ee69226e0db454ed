import { defineStage } from '../../../src/grader/api.js';
import { Breaker, counts, type Outcome } from './shared.js';

export const stage = defineStage({
  id: 'pass-through',
  checks: [
    {
      id: 'fresh-breaker',
      title: 'A new breaker is closed, with zero counts and no state change reported',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create();
        await b.expectState('closed', 'a new breaker must be closed');
        await b.expectCounts(counts(), 'a new breaker must have all counts at zero');
        await b.expectTransitions([], 'creating a breaker is not a state change: onStateChange must not be called');
      },
    },
    {
      id: 'success-passes-value',
      title: 'A successful call runs fn once, returns its value and is counted',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create();
        await b.pass('success', 'while closed, execute must call fn and return (resolve with) the value fn produced');
        await b.expectCounts(counts({ requests: 1, totalSuccesses: 1, consecutiveSuccesses: 1 }),
          'after one successful call: requests 1, totalSuccesses 1, consecutiveSuccesses 1');
      },
    },
    {
      id: 'failure-passes-error',
      title: 'A failing call passes the very error fn produced on and is counted',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create();
        await b.pass('failure', 'when fn fails, execute must fail with the same error object fn produced (not a copy or a wrapper)');
        await b.expectCounts(counts({ requests: 1, totalFailures: 1, consecutiveFailures: 1 }),
          'after one failed call: requests 1, totalFailures 1, consecutiveFailures 1');
      },
    },
    {
      id: 'panic-passes-through',
      title: 'A fn that panics (Go) or throws synchronously (TypeScript) counts as a failure and its panic / error is passed on',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create();
        await b.pass('panic', 'a fn that panics (Go: the same value must be re-panicked) or throws before returning a promise (TypeScript: execute must reject with that error) must not be swallowed');
        await b.expectCounts(counts({ requests: 1, totalFailures: 1, consecutiveFailures: 1 }),
          'a panic / synchronous throw counts as a failure: requests 1, totalFailures 1, consecutiveFailures 1');
      },
    },
    {
      id: 'counts-track-streaks',
      title: 'Totals add up and each outcome resets the other streak',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create();
        const sequence: Outcome[] = ['success', 'success', 'failure', 'success', 'failure', 'failure', 'panic', 'success', 'success'];
        const c = counts();
        for (const outcome of sequence) {
          await b.pass(outcome);
          c.requests++;
          if (outcome === 'success') { c.totalSuccesses++; c.consecutiveSuccesses++; c.consecutiveFailures = 0; }
          else { c.totalFailures++; c.consecutiveFailures++; c.consecutiveSuccesses = 0; }
          await b.expectCounts({ ...c }, `after ${outcome}: a success adds to totalSuccesses and consecutiveSuccesses and sets consecutiveFailures to 0; a failure does the opposite`);
        }
        await b.expectState('closed', 'three consecutive failures at most: the default readyToTrip (consecutiveFailures > 5) must not trip');
        await b.expectTransitions([], 'no state change happened, so onStateChange must not have been called');
      },
    },
  ],
});
