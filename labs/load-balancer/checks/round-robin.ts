import { defineStage, expectThat, serviceOf } from '../../../src/grader/api.js';
import { countsOf, delta, expectRoundRobin, NAMES, sequence, tally } from './shared.js';

export const stage = defineStage({
  id: 'round-robin',
  checks: [
    {
      id: 'in-backends-order',
      title: 'Sequential requests visit the backends in BACKENDS order, one each, wrapping around',
      async run(ctx) {
        for (const method of ['GET', 'POST']) {
          const got = await sequence(ctx, 3 * NAMES.length + 1, method, `rr-${method.toLowerCase()}`);
          expectRoundRobin(got, NAMES, `with every backend healthy, each ${method} must go to the backend after the previous one in BACKENDS order (${NAMES.join(', ')}, then ${NAMES[0]} again), whatever the method`);
        }
      },
    },
    {
      id: 'even-under-concurrency',
      title: 'Concurrent requests are spread exactly evenly (the Go track runs under the race detector)',
      async run(ctx) {
        const svc = serviceOf(ctx);
        const total = 100 * NAMES.length;
        const before = await countsOf(ctx);
        ctx.note(`${total} GETs, 24 in flight at once; round-robin must give each backend exactly ${total / NAMES.length}`);
        const r = await svc.load({ requests: [{ method: 'GET', path: '/spread?i=1' }, { method: 'POST', path: '/spread', body: 'x' }], total, concurrency: 24, timeoutMs: 5000 });
        expectThat(r.errors === 0 && r.statuses[200] === total, 'every request must be forwarded and answered 200', { expected: { 200: total }, received: tally(r) });
        const got = delta(before, await countsOf(ctx));
        expectThat(NAMES.every((n) => got[n] === total / NAMES.length), `round-robin must give each of the ${NAMES.length} backends exactly a third of ${total} concurrent requests: one cursor for all requests, advanced atomically (a mutex or an atomic counter in Go)`, { expected: Object.fromEntries(NAMES.map((n) => [n, total / NAMES.length])), received: got });
      },
    },
  ],
});
