import { defineStage, expectThat, serviceOf, type CheckContext } from '../../../src/grader/api.js';
import { awaitNoneHealthy, describe, expectOwnError, expectRoundRobin, HEALTH_INTERVAL_MS, HEALTH_SETTLE_MS, NAMES, PROMPT_MS, restoreAll, sequence, timed } from './shared.js';

/**
 * Every backend breaks (`state` says how): once the health checks have seen it, each request answers 503 at once, and
 * the balancer's own /healthz 200.
 */
async function expectUnavailable(ctx: CheckContext, state: string, breakAll: () => Promise<void>): Promise<void> {
  ctx.note(`every backend ${state}: within ${HEALTH_SETTLE_MS} ms (5 health intervals) the balancer must answer 503 at once, without waiting for a backend`);
  await breakAll();
  await awaitNoneHealthy(ctx, Date.now());
  for (const [method, path] of [['GET', '/down'], ['POST', '/down'], ['GET', '/down?again=1']]) {
    const { reply, ms } = await timed(ctx, method, path, { ...(method === 'POST' ? { body: 'x' } : {}), timeoutMs: 2000 });
    expectOwnError(reply, 503, `with no healthy backend, ${method} ${path} must answer 503 Service Unavailable (not a backend's answer, not 502)`);
    expectThat(ms < PROMPT_MS, `with no healthy backend the 503 comes at once (the checks allow ${PROMPT_MS} ms), never after waiting for a backend to recover`, { expected: `503 within ${PROMPT_MS} ms`, received: `503 after ${ms} ms` });
  }
  const own = await serviceOf(ctx).request('GET', '/healthz');
  expectThat(own.status === 200, 'the balancer\'s own GET /healthz answers 200 whatever the state of its backends (it says the balancer is up, not the backends)', { expected: 200, received: describe(own) });
}

async function expectRecovered(ctx: CheckContext): Promise<void> {
  await restoreAll(ctx);
  const back = await sequence(ctx, 2 * NAMES.length, 'GET', 'up-again', 'every backend is healthy again');
  expectRoundRobin(back, NAMES, `every backend passes its health check again: within ${HEALTH_SETTLE_MS} ms all of them must be back in the rotation`);
}

export const stage = defineStage({
  id: 'all-down',
  checks: [
    {
      id: 'all-stopped',
      title: 'Every backend refusing connections: 503 at once, then service again when they return',
      async run(ctx) {
        await expectUnavailable(ctx, 'refuses connections', () => serviceOf(ctx).helper('backend').stop());
        await expectRecovered(ctx);
      },
    },
    {
      id: 'all-unhealthy',
      title: 'Every backend failing its health check (500): 503 at once, not a backend\'s 500',
      async run(ctx) {
        await expectUnavailable(ctx, 'answers 500 (GET /healthz included)', () => serviceOf(ctx).helper('backend').fail('status-500'));
        await expectRecovered(ctx);
      },
    },
    {
      id: 'all-hung',
      title: 'Every backend hanging: 503 at once once their health checks have timed out',
      async run(ctx) {
        ctx.note(`a health check that has not answered within HEALTH_INTERVAL_MS (${HEALTH_INTERVAL_MS} ms) fails`);
        await expectUnavailable(ctx, 'accepts connections and never answers', () => serviceOf(ctx).helper('backend').fail('hang'));
        await expectRecovered(ctx);
      },
    },
  ],
});
