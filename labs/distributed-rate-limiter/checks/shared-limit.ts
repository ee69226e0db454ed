import { defineStage, expectThat } from '../../../src/grader/api.js';
import { CAPACITY, INSTANCES, REFILL_PER_SECOND, burst, describe, expectBetween, freshClient, instances, refilled } from './shared.js';

const PER_INSTANCE = 16;

export const stage = defineStage({
  id: 'shared-limit',
  checks: [
    {
      id: 'burst-across-instances',
      title: `${INSTANCES * PER_INSTANCE} concurrent requests of one new client, spread over ${INSTANCES} instances: exactly ${CAPACITY} allowed, plus what refilled meanwhile`,
      async run(ctx) {
        const client = freshClient(ctx, 'burst');
        const b = await burst(ctx, `/open/${client}`, PER_INSTANCE, 8);
        const max = CAPACITY + refilled(b.tookMs, REFILL_PER_SECOND);
        ctx.note(`${b.allowed} allowed, ${b.denied} denied in ${b.tookMs} ms (${REFILL_PER_SECOND} tokens/s refill at most ${max - CAPACITY} more)`);
        expectBetween(b.allowed, CAPACITY, max, 'allowed', `all instances together must allow a new client its ${CAPACITY} tokens, and no more than the refill added during the burst`);
      },
    },
    {
      id: 'one-bucket-per-client',
      title: 'Two clients, one after the other over every instance and both routes: each its own bucket, shared by the routes and the instances',
      async run(ctx) {
        const servers = instances(ctx);
        const clients = [freshClient(ctx, 'alice'), freshClient(ctx, 'bob')];
        const allowed = [0, 0];
        const started = Date.now();
        for (let i = 0; i < CAPACITY + 4; i++) {
          for (const [c, client] of clients.entries()) {
            const route = (i + c) % 2 === 0 ? 'open' : 'closed';
            const reply = await servers[(i + c) % servers.length].request('GET', `/${route}/${client}`);
            const body = reply.json as { allowed?: unknown; error?: unknown } | undefined;
            if (reply.status === 200) {
              expectThat(body?.allowed === true, 'an allowed request answers 200 {"allowed": true}', { expected: '200 {"allowed": true}', received: describe(reply) });
              allowed[c]++;
            } else {
              expectThat(reply.status === 429 && typeof body?.error === 'string', 'a denied request answers 429 {"error": "…"}', { expected: '200 or 429 {"error": "…"}', received: describe(reply) });
            }
          }
        }
        const max = CAPACITY + refilled(Date.now() - started, REFILL_PER_SECOND);
        for (const [c, client] of clients.entries()) {
          expectBetween(allowed[c], CAPACITY, max, `${client} allowed`, 'each client has one bucket, whatever instance and route (/open or /closed) a request takes, and another client\'s requests never touch it');
        }
      },
    },
  ],
});
