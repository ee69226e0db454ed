import { defineStage, expectThat, serviceOf, type CheckContext, type HelperControl } from '../../../src/grader/api.js';
import { CAPACITY, REFILL_PER_SECOND, STORE_TIMEOUT_MS, describe, expectBetween, freshClient, instances, refilled, withStore, type Route } from './shared.js';

/** The README's bound on an answer while the store fails. */
export const DOWN_ANSWER_MS = STORE_TIMEOUT_MS + 1000;

interface Outage { name: string; begin(store: HelperControl): Promise<void> }
const OUTAGES: Outage[] = [
  { name: 'never answers', begin: (s) => s.fail('hang') },
  { name: 'answers 500', begin: async (s) => { await s.fail(null); await s.fail('status-500'); } },
  { name: 'refuses connections', begin: async (s) => { await s.fail(null); await s.stop(); } },
];

/** Each outage in turn: a new client's request on `route`, on instance i, must answer as `expect` says, in time. */
async function duringOutages(ctx: CheckContext, route: Route, expect: (status: number, body: Record<string, unknown> | undefined) => boolean, wanted: string): Promise<void> {
  await withStore(ctx, async () => {
    const store = serviceOf(ctx).helper('store');
    const servers = instances(ctx);
    for (const [i, outage] of OUTAGES.entries()) {
      await outage.begin(store);
      ctx.note(`store: ${outage.name}`);
      const started = Date.now();
      const reply = await servers[i % servers.length].request('GET', `/${route}/${freshClient(ctx, route)}`, { timeoutMs: DOWN_ANSWER_MS + 2000 });
      const took = Date.now() - started;
      expectThat(expect(reply.status, reply.json as Record<string, unknown> | undefined), `while the store ${outage.name}, /${route} must answer ${wanted}`, { expected: wanted, received: describe(reply) });
      expectThat(took <= DOWN_ANSWER_MS, `while the store ${outage.name}, /${route} must answer within ${DOWN_ANSWER_MS} ms (STORE_TIMEOUT_MS + 1000 ms): wait for the store at most STORE_TIMEOUT_MS`, { expected: `at most ${DOWN_ANSWER_MS} ms`, received: `${took} ms` });
    }
  });
}

const isError = (status: number, body: Record<string, unknown> | undefined) => status === 503 && typeof body?.error === 'string';

export const stage = defineStage({
  id: 'store-down',
  checks: [
    {
      id: 'open-fails-open',
      title: `/open allows while the store hangs, fails or refuses connections, within ${DOWN_ANSWER_MS} ms`,
      async run(ctx) {
        await duringOutages(ctx, 'open', (status, body) => status === 200 && body?.allowed === true && body.degraded === true, '200 {"allowed": true, "degraded": true}');
      },
    },
    {
      id: 'closed-fails-closed',
      title: `/closed answers 503 while the store hangs, fails or refuses connections, within ${DOWN_ANSWER_MS} ms`,
      async run(ctx) {
        await duringOutages(ctx, 'closed', isError, '503 {"error": "…"}');
      },
    },
    {
      id: 'bulk-fails-closed',
      title: '/bulk answers 503 for a client with no reserved tokens while the store fails',
      async run(ctx) {
        await duringOutages(ctx, 'bulk', isError, '503 {"error": "…"}');
      },
    },
    {
      id: 'recovers',
      title: 'Once the store is back, the limit holds again at once: a new client gets its tokens and no more',
      async run(ctx) {
        await withStore(ctx, async () => {
          const store = serviceOf(ctx).helper('store');
          await store.stop();
          ctx.note('store: refuses connections');
          const servers = instances(ctx);
          for (const svc of servers) await svc.request('GET', `/open/${freshClient(ctx, 'outage')}`, { timeoutMs: DOWN_ANSWER_MS + 2000 });
          await store.start();
          ctx.note('store: back');
        });
        const client = freshClient(ctx, 'back');
        const servers = instances(ctx);
        const started = Date.now();
        let allowed = 0;
        for (let i = 0; i < CAPACITY + 4; i++) {
          const reply = await servers[i % servers.length].request('GET', `/closed/${client}`);
          if (reply.status === 200) allowed++;
          else expectThat(reply.status === 429, 'with the store back, /closed answers 200 or 429', { expected: '200 or 429', received: describe(reply) });
        }
        expectBetween(allowed, CAPACITY, CAPACITY + refilled(Date.now() - started, REFILL_PER_SECOND), 'allowed', 'once the store answers again, every instance must use it again for the very next request');
      },
    },
  ],
});
