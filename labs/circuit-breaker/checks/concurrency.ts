import { defineStage, expectMatch, expectThat } from '../../../src/grader/api.js';
import { Breaker, counts } from './shared.js';

/** Bound on an answer that must not wait for a running fn (a lock held around fn would block it). */
const PROMPT_MS = 1000;
/** A readyToTrip that never holds in these checks. */
const NEVER_TRIP = { consecutiveFailuresOver: 1_000_000 };

export const stage = defineStage({
  id: 'concurrency',
  checks: [
    {
      id: 'fn-runs-without-the-lock',
      title: 'While fns are running, other fns start and state() and counts() answer at once',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create({ trip: NEVER_TRIP });
        const first = b.hold();
        ctx.note(`${first.call} is running and stays running until released`);
        await ctx.program.expect({ op: 'state' }, { state: 'closed' }, {
          timeoutMs: PROMPT_MS,
          message: 'state() must answer while a fn is running: fn must run without the breaker\'s lock held',
        });
        await ctx.program.expect({ op: 'counts' }, { counts: counts({ requests: 1 }) }, {
          timeoutMs: PROMPT_MS,
          message: 'counts() must answer while a fn is running, and the running call is already a request (counted when let through)',
        });
        const second = b.hold();
        await ctx.program.expect({ op: 'running' }, { running: [first.call, second.call].sort() }, {
          // The driver waits up to 1.5 s for the second fn to start before it reads this request.
          timeoutMs: PROMPT_MS + 1500,
          message: `${first.call} is still running, so ${second.call}'s fn must have started too: calls must overlap freely`,
        });
        await b.release(second, 'success', { ok: true, value: second.call, ran: true }, `${second.call} must return its value`);
        await b.release(first, 'failure', { error: 'fn-error', same: true, ran: true }, `${first.call} must pass its error on`);
        await b.expectCounts(counts({ requests: 2, totalSuccesses: 1, totalFailures: 1, consecutiveFailures: 1 }),
          `${second.call} succeeded, then ${first.call} failed: both results must be counted, in the order they ended`);
      },
    },
    {
      id: 'many-overlapping-calls',
      title: 'Ten overlapping calls that end in a random order are all counted',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create({ trip: NEVER_TRIP });
        const calls = Array.from({ length: 10 }, () => b.hold());
        await ctx.program.expect({ op: 'running' }, { running: calls.map((c) => c.call).sort() }, {
          timeoutMs: PROMPT_MS, message: 'ten held calls: all ten fns must be running at once',
        });
        const expected = counts({ requests: 10 });
        const order = [...calls];
        for (let i = order.length - 1; i > 0; i--) {
          const j = ctx.random.int(0, i);
          [order[i], order[j]] = [order[j], order[i]];
        }
        for (const call of order) {
          const outcome = ctx.random.bool() ? 'success' : 'failure';
          await b.release(call, outcome, outcome === 'success' ? { ok: true, value: call.call, ran: true } : { error: 'fn-error', same: true, ran: true },
            `${call.call} must pass its result on`);
          if (outcome === 'success') { expected.totalSuccesses++; expected.consecutiveSuccesses++; expected.consecutiveFailures = 0; }
          else { expected.totalFailures++; expected.consecutiveFailures++; expected.consecutiveSuccesses = 0; }
          await b.expectCounts({ ...expected }, `after ${call.call} ended with ${outcome}: every overlapping call's result must be counted exactly once`);
        }
      },
    },
    {
      id: 'hammer-counts-nothing-lost',
      title: 'Many concurrent calls, with state() and counts() between them, lose no count (the Go track runs under the race detector)',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create({ trip: NEVER_TRIP });
        // Enough overlap that an unsynchronised counter meets the race detector on a 2-core machine:
        // with 8 x 150 calls it slipped through about one grade in three.
        const workers = 16;
        const callsEach = 500;
        ctx.note(`${workers} concurrent workers × ${callsEach} calls, half of them failing, readyToTrip never holds`);
        const reply = await ctx.program.call({ op: 'hammer', workers, callsEach, seed: ctx.seed, failureRate: 0.5 }, { timeoutMs: 15_000 });
        const calls = workers * callsEach;
        expectMatch(reply, { calls, ran: calls, rejected: 0, other: 0, state: 'closed' },
          'a closed breaker whose readyToTrip never holds must run every call and reject none');
        const c = reply.counts as Record<string, number>;
        expectMatch(c, { requests: calls, totalSuccesses: reply.ok, totalFailures: reply.failed },
          'every call is one request and one success or failure: requests must equal the calls made, and the totals the results returned (a count was lost or doubled: is every read and write of the counts under the same lock?)');
        expectThat(c.consecutiveSuccesses === 0 || c.consecutiveFailures === 0,
          'consecutiveSuccesses and consecutiveFailures can never both be non-zero', { received: c });
      },
    },
    {
      id: 'hammer-trips-once',
      title: 'Concurrent failing calls open the breaker exactly once',
      async run(ctx) {
        const b = new Breaker(ctx);
        await b.create({});
        ctx.note('8 concurrent workers × 50 calls, all failing, default readyToTrip');
        const reply = await ctx.program.call({ op: 'hammer', workers: 8, callsEach: 50, seed: ctx.seed, failureRate: 1 }, { timeoutMs: 15_000 });
        expectMatch(reply, { calls: 400, ok: 0, other: 0, state: 'open' }, 'every call fails, so the breaker must end open, and calls are either failures or rejected');
        expectThat(Number(reply.ran) >= 6, 'the breaker must let at least 6 failing calls through before it trips (consecutiveFailures > 5)', { received: reply.ran });
        expectThat(Number(reply.ran) === Number(reply.failed) && Number(reply.failed) + Number(reply.rejected) === 400,
          'each call either ran (and failed) or was rejected with the open-state error', { received: reply });
        await b.expectTransitions([['closed', 'open']], 'the breaker must change state exactly once (closed -> open), however many failures arrive at the same time');
        await b.expectCounts(counts(), 'results of calls let through before the trip belong to the closed generation: the open counts stay zero');
      },
    },
  ],
});
