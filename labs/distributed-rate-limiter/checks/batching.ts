import { defineStage, expectThat, serviceOf } from '../../../src/grader/api.js';
import { BULK_BLOCK, BULK_CAPACITY, BULK_REFILL_PER_SECOND, INSTANCES, burst, describe, expectBetween, freshClient, instances, refilled } from './shared.js';

const SEQUENTIAL = 200;
/** A reservation costs a GET and a CAS when nothing competes, and a CAS again when the key expired in between. */
const TRIPS_PER_BLOCK = 3;
const PER_INSTANCE = 300;
/** Tokens reserved and not yet spent: at most a block less one per instance (one reservation in flight). */
const HELD = INSTANCES * (BULK_BLOCK - 1);

export const stage = defineStage({
  id: 'batching',
  checks: [
    {
      id: 'blocks-save-trips',
      title: `${SEQUENTIAL} /bulk requests of one client, one after the other: all allowed, with at most ${TRIPS_PER_BLOCK} store requests per block of ${BULK_BLOCK}`,
      async run(ctx) {
        const service = serviceOf(ctx);
        const store = service.helper('store');
        const client = freshClient(ctx, 'bulk');
        const before = await store.requests();
        let allowed = 0;
        for (let i = 0; i < SEQUENTIAL; i++) {
          const reply = await service.request('GET', `/bulk/${client}`);
          expectThat(reply.status === 200, `a new client has ${BULK_CAPACITY} bulk tokens: the first ${SEQUENTIAL} requests must be allowed`, { expected: '200', received: `request ${i + 1}: ${describe(reply)}` });
          allowed++;
        }
        const trips = await store.requests() - before;
        const max = TRIPS_PER_BLOCK * Math.ceil(SEQUENTIAL / BULK_BLOCK);
        ctx.note(`${trips} store requests for ${allowed} allowed requests`);
        expectThat(trips <= max, `/bulk reserves BULK_BLOCK (${BULK_BLOCK}) tokens per store update and spends them locally`, { expected: `at most ${max} store requests`, received: `${trips}` });
      },
    },
    {
      id: 'burst-within-overshoot',
      title: `${INSTANCES * PER_INSTANCE} concurrent /bulk requests of a new client over ${INSTANCES} instances: ${BULK_CAPACITY} allowed, less at most ${HELD} still reserved, plus the refill`,
      async run(ctx) {
        const b = await burst(ctx, `/bulk/${freshClient(ctx, 'bulkburst')}`, PER_INSTANCE, 10);
        const max = BULK_CAPACITY + refilled(b.tookMs, BULK_REFILL_PER_SECOND);
        ctx.note(`${b.allowed} allowed, ${b.denied} denied in ${b.tookMs} ms`);
        expectBetween(b.allowed, Math.min(INSTANCES * PER_INSTANCE, BULK_CAPACITY - HELD), max, 'allowed',
          `reserved tokens come out of the shared bucket (never more than it gives), and an instance holds at most BULK_BLOCK - 1 unspent (one reservation in flight per client; requests wait for it)`);
      },
    },
    {
      id: 'stated-overshoot',
      title: `Tokens reserved earlier and spent after the bucket refilled: at most ${HELD} beyond the bucket`,
      async run(ctx) {
        const client = freshClient(ctx, 'overshoot');
        for (const svc of instances(ctx)) {
          const reply = await svc.request('GET', `/bulk/${client}`);
          expectThat(reply.status === 200, 'a new client\'s first /bulk request is allowed', { expected: '200', received: describe(reply) });
        }
        // The bucket refills the reserved blocks in well under this.
        await serviceOf(ctx).pause(Math.ceil(INSTANCES * BULK_BLOCK * 1000 / BULK_REFILL_PER_SECOND) + 200);
        const b = await burst(ctx, `/bulk/${client}`, PER_INSTANCE, 10);
        const max = BULK_CAPACITY + HELD + refilled(b.tookMs, BULK_REFILL_PER_SECOND);
        ctx.note(`${b.allowed} allowed, ${b.denied} denied in ${b.tookMs} ms`);
        expectBetween(b.allowed, Math.min(INSTANCES * PER_INSTANCE, BULK_CAPACITY - HELD), max, 'allowed', `over any stretch of time a client gets at most BULK_CAPACITY + the refill + ${INSTANCES} × (BULK_BLOCK - 1) /bulk answers`);
      },
    },
  ],
});
