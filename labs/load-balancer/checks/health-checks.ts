import { defineStage, serviceOf, type CheckContext, type HelperFailure } from '../../../src/grader/api.js';
import { awaitOutOfRotation, BACKEND_TIMEOUT_MS, expectRoundRobin, HEALTH_INTERVAL_MS, HEALTH_SETTLE_MS, NAMES, restoreAll, sequence } from './shared.js';

/** backend-2 (index 1) goes bad in `how`; the balancer must drop it, then take it back once it recovers. */
async function outage(ctx: CheckContext, how: string, breakIt: () => Promise<void> | void, method: string): Promise<void> {
  const others = NAMES.filter((_, i) => i !== 1);
  ctx.note(`backend-2 ${how}; health checks run every ${HEALTH_INTERVAL_MS} ms`);
  await breakIt();
  await awaitOutOfRotation(ctx, [NAMES[1]], Date.now());
  const without = await sequence(ctx, 2 * others.length + 1, method, 'health', `backend-2 ${how}, so it failed its health check: every ${method} must go to a healthy backend`);
  expectRoundRobin(without, others, `backend-2 ${how}: within ${HEALTH_SETTLE_MS} ms (5 health intervals) it must leave the rotation, and the healthy backends share the requests in turn (the next healthy backend after the previous pick, not "the first healthy one at or after a cursor")`);
  ctx.note('backend-2 is healthy again');
  await restoreAll(ctx);
  const back = await sequence(ctx, 2 * NAMES.length, method, 'health-back', 'every backend is healthy again');
  expectRoundRobin(back, NAMES, `backend-2 answered its health checks again: within ${HEALTH_SETTLE_MS} ms it must rejoin the rotation`);
}

function failWith(ctx: CheckContext, mode: HelperFailure): () => Promise<void> {
  return () => serviceOf(ctx).helper('backend').fail(mode, 1);
}

export const stage = defineStage({
  id: 'health-checks',
  checks: [
    {
      id: 'failing-health-check',
      title: 'A backend whose /healthz answers 500 leaves the rotation, and comes back when it answers 200',
      async run(ctx) { await outage(ctx, 'answers every request (GET /healthz included) with 500', failWith(ctx, 'status-500'), 'POST'); },
    },
    {
      id: 'only-200-is-healthy',
      title: 'A backend whose /healthz answers 204 or 301 (not 200) leaves the rotation, and comes back when it answers 200',
      async run(ctx) {
        await outage(ctx, 'answers every request (GET /healthz included) with 204 No Content', failWith(ctx, 'status-204'), 'POST');
        await outage(ctx, 'answers every request (GET /healthz included) with a 301 redirect', failWith(ctx, 'status-301'), 'POST');
      },
    },
    {
      id: 'refused-connections',
      title: 'A backend that refuses connections leaves the rotation, and comes back when it listens again',
      async run(ctx) { await outage(ctx, 'stopped listening (connections are refused)', () => serviceOf(ctx).helper('backend').stop(1), 'POST'); },
    },
    {
      id: 'hung-health-check',
      title: `A backend whose /healthz never answers fails its health check (a check gets HEALTH_INTERVAL_MS), and comes back`,
      async run(ctx) {
        ctx.note(`a health check that has not answered 200 within HEALTH_INTERVAL_MS (${HEALTH_INTERVAL_MS} ms) fails; a forwarded request gives up after BACKEND_TIMEOUT_MS (${BACKEND_TIMEOUT_MS} ms)`);
        await outage(ctx, 'accepts connections but never answers', failWith(ctx, 'hang'), 'GET');
      },
    },
  ],
});
