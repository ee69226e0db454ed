import { defineStage, expectThat } from '../../../src/grader/api.js';
import { backoffMs, expectDeadAB, killTwo, MAX_ATTEMPTS, QueueClient, queueName, sameJson, SLACK_MS } from './shared.js';

export const stage = defineStage({
  id: 'dead-letters',
  checks: [
    {
      id: 'backoff-then-dead',
      title: `A nacked job waits 400, 800, then 1600 ms; its ${MAX_ATTEMPTS}th nack makes it dead, listed and never leased again`,
      async run(ctx) {
        const q = new QueueClient(ctx, queueName(ctx, 'backoff'));
        const payload = { email: 'welcome', user: ctx.random.int(0, 1e6) };
        const { id } = await q.enqueue({ payload });
        let job = await q.expectJob('the job is ready');
        for (let n = 1; ; n++) {
          expectThat(job.id === id && job.attempt === n, `delivery ${n} of the job is attempt ${n}`, { expected: { id, attempt: n }, received: { id: job.id, attempt: job.attempt } });
          const nack = await q.expectSettle('nack', job, 204, `attempt ${n} fails`);
          if (n === MAX_ATTEMPTS) break;
          const wait = backoffMs(n);
          job = await q.awaitReady(`after the nack of attempt ${n}, the job waits BACKOFF_BASE_MS × 2^${n - 1} = ${wait} ms`, nack.sentAt + wait, nack.answeredAt + wait + SLACK_MS);
        }
        const dead = await q.dead();
        expectThat(dead.length === 1 && dead[0].id === id && dead[0].attempts === MAX_ATTEMPTS && sameJson(dead[0].payload, payload), `after ${MAX_ATTEMPTS} failed deliveries (MAX_ATTEMPTS) the job is dead: GET /queues/{queue}/dead lists it with its payload and attempts`, { expected: [{ id, payload, attempts: MAX_ATTEMPTS }], received: dead });
        await q.expectNone('a dead job is never leased again');
        await q.expectSettle('nack', job, 409, 'a nack of a dead job');
        await q.expectSettle('ack', job, 409, 'an ack of a dead job');
      },
    },
    {
      id: 'expiry-is-an-attempt',
      title: 'An expired lease is a failed attempt (ready again at once, no backoff); dead jobs are listed in the order they died',
      async run(ctx) {
        const q = new QueueClient(ctx, queueName(ctx, 'expiry-dead'));
        const payloads: [unknown, unknown] = [{ job: 'A' }, ['B', ctx.random.int(0, 1e6)]];
        const ids = await killTwo(q, payloads);
        await expectDeadAB(q, ids, payloads, `A's ${MAX_ATTEMPTS}th attempt was nacked after B had died`);
        await q.expectNone('dead jobs are never leased again');
      },
    },
  ],
});
