import { defineStage } from '../../../src/grader/api.js';
import { Breaker, counts, type BreakerSettings } from './shared.js';

/** A breaker tripped by one failure and then left until it is half-open (timeout 1000 ms). */
async function halfOpen(b: Breaker, settings: BreakerSettings): Promise<void> {
  await b.create({ timeout: 1000, trip: { consecutiveFailuresOver: 0 }, ...settings });
  await b.tripWithOneFailure();
  await b.advance(1001);
  await b.expectState('half-open', '1001 ms after tripping with timeout 1000 ms the breaker must be half-open');
  await b.expectTransitions([['closed', 'open'], ['open', 'half-open']], 'onStateChange must have reported closed -> open -> half-open');
}

export const stage = defineStage({
  id: 'half-open',
  checks: [
    {
      id: 'closes-after-max-requests-successes',
      title: 'Half-open closes only once consecutiveSuccesses reaches maxRequests',
      async run(ctx) {
        const b = new Breaker(ctx);
        await halfOpen(b, { maxRequests: 3 });
        await b.pass('success', 'half-open with maxRequests 3: the first probe must be let through');
        await b.expectState('half-open', 'after 1 successful probe of maxRequests 3 the breaker must still be half-open');
        await b.expectCounts(counts({ requests: 1, totalSuccesses: 1, consecutiveSuccesses: 1 }), 'probes are counted like any call');
        await b.pass('success', 'half-open with maxRequests 3: the second probe must be let through');
        await b.expectState('half-open', 'after 2 successful probes of maxRequests 3 the breaker must still be half-open');
        await b.pass('success', 'half-open with maxRequests 3: the third probe must be let through');
        await b.expectState('closed', 'after 3 consecutive successful probes (maxRequests 3) the breaker must be closed');
        await b.expectTransitions([['half-open', 'closed']], 'closing must call onStateChange("half-open", "closed") once');
        await b.expectCounts(counts(), 'closing starts a new generation: zero counts');
      },
    },
    {
      id: 'default-max-requests-is-one',
      title: 'Without maxRequests (or with 0) one successful probe closes the breaker',
      async run(ctx) {
        for (const maxRequests of [undefined, 0]) {
          const b = new Breaker(ctx);
          await halfOpen(b, maxRequests === undefined ? {} : { maxRequests });
          await b.pass('success');
          await b.expectState('closed', `maxRequests ${maxRequests === undefined ? 'absent' : '0'} means 1: one successful probe must close the breaker`);
        }
      },
    },
    {
      id: 'failure-reopens',
      title: 'A failed probe reopens the breaker at once, and the timeout starts again',
      async run(ctx) {
        const b = new Breaker(ctx);
        await halfOpen(b, { maxRequests: 3 });
        await b.pass('success');
        await b.pass('failure', 'a probe let through must pass its error on unchanged');
        await b.expectState('open', 'a failed probe while half-open must reopen the breaker (readyToTrip is not consulted)');
        await b.expectTransitions([['half-open', 'open']], 'reopening must call onStateChange("half-open", "open")');
        await b.expectCounts(counts(), 'reopening starts a new generation: zero counts');
        await b.reject('open', 'right after a failed probe the breaker is open and must reject calls');
        await b.advance(999);
        await b.expectState('open', 'the timeout starts again when the breaker reopens: 999 ms later it must still be open');
        await b.advance(2);
        await b.expectState('half-open', 'the timeout starts again when the breaker reopens: 1001 ms later it must be half-open');
      },
    },
    {
      id: 'too-many-requests',
      title: 'While maxRequests probes are still running, further calls fail with the too-many-requests error',
      async run(ctx) {
        const b = new Breaker(ctx);
        await halfOpen(b, {});
        ctx.note('probes may overlap: a probe that is still running counts toward maxRequests');
        const probe = b.hold();
        await b.expectState('half-open', 'while the only probe (maxRequests 1) is running, the breaker is still half-open');
        await b.reject('too-many-requests', 'half-open with maxRequests 1 and one probe still running: another call must fail at once with the too-many-requests error (Go: ErrTooManyRequests; TypeScript: TooManyRequestsError) without calling fn');
        await b.release(probe, 'success', { ok: true, value: probe.call, ran: true }, 'the probe must return its fn\'s value');
        await b.expectState('closed', 'the probe succeeded (maxRequests 1): the breaker must be closed');
        await b.pass('success', 'once closed, calls go through again');
      },
    },
    {
      id: 'too-many-then-failure',
      title: 'With maxRequests 2, two running probes fill the half-open generation; a failed one reopens it',
      async run(ctx) {
        const b = new Breaker(ctx);
        await halfOpen(b, { maxRequests: 2 });
        const first = b.hold();
        const second = b.hold();
        await b.reject('too-many-requests', 'half-open with maxRequests 2 and two probes running: a third call must fail at once with the too-many-requests error');
        await b.release(first, 'failure', { error: 'fn-error', same: true, ran: true }, 'a failed probe passes its error on unchanged');
        await b.expectState('open', 'a failed probe must reopen the breaker');
        await b.release(second, 'success', { ok: true, value: second.call, ran: true }, 'a probe that ends after the breaker reopened still returns its value to its caller');
        await b.expectState('open', 'the second probe began in the half-open generation and ended after the breaker reopened: its success must be ignored, the breaker stays open');
        await b.expectTransitions([['half-open', 'open']], 'only half-open -> open happened');
      },
    },
  ],
});
