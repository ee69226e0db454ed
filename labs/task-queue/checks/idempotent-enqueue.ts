import { defineStage, expectThat } from '../../../src/grader/api.js';
import { describeReply, LONG_MS, QueueClient, queueName, sameJson } from './shared.js';

/** An enqueue that must be recognised as a repeat: 200 with the first job's id. */
async function expectRepeat(q: QueueClient, body: Record<string, unknown>, id: string, why: string): Promise<void> {
  const reply = await q.post('/jobs', body);
  const got = (reply.json as { id?: unknown } | undefined)?.id;
  expectThat(reply.status === 200 && got === id, `${why}: an enqueue with a key this queue has seen answers 200 with the first job's id and creates nothing`, { expected: `200 {"id":"${id}"}`, received: describeReply(reply) });
}

export const stage = defineStage({
  id: 'idempotent-enqueue',
  checks: [
    {
      id: 'same-key-one-job',
      title: 'A repeated enqueue with the same key answers 200 with the first id and creates no job, whatever its fields',
      async run(ctx) {
        const q = new QueueClient(ctx, queueName(ctx, 'idem'));
        const key = `order-${ctx.random.int(0, 1e9)}`;
        const payload = { order: 42, step: 'charge' };
        const { id } = await q.enqueue({ payload, idempotencyKey: key }, 'the first enqueue with a key creates the job');
        await expectRepeat(q, { payload, idempotencyKey: key }, id, 'the same request again');
        await expectRepeat(q, { payload: { order: 43 }, priority: 9, idempotencyKey: key }, id, 'the same key with another payload and priority');
        const job = await q.expectJob('the one job is ready', { visibilityMs: LONG_MS });
        expectThat(job.id === id && sameJson(job.payload, payload) && job.priority === 0, 'the job is the first enqueue\'s, with its payload and priority', { expected: { id, payload, priority: 0 }, received: job });
        await q.expectNone('three enqueues with one key made one job');
        await expectRepeat(q, { payload, idempotencyKey: key }, id, 'the key again while its job is leased');
        await q.expectSettle('ack', job, 204, 'the ack with the current lease');
        await expectRepeat(q, { payload, idempotencyKey: key }, id, 'the key again after its job was acked (keys are remembered for good)');
        await q.expectNone('a repeat after the ack creates nothing either');
      },
    },
    {
      id: 'keys-per-queue',
      title: 'Keys are per queue: the same key in another queue makes a job there',
      async run(ctx) {
        const q1 = new QueueClient(ctx, queueName(ctx, 'keys-a'));
        const q2 = new QueueClient(ctx, queueName(ctx, 'keys-b'));
        const key = `k-${ctx.random.int(0, 1e9)}`;
        const one = await q1.enqueue({ payload: 1, idempotencyKey: key });
        const two = await q2.enqueue({ payload: 2, idempotencyKey: key }, 'the same key in another queue is another job');
        expectThat(one.id !== two.id, 'the two jobs have different ids', { received: [one.id, two.id] });
        expectThat((await q2.expectJob('queue B has its job')).id === two.id, 'queue B\'s lease returns queue B\'s job');
        expectThat((await q1.expectJob('queue A has its job')).id === one.id, 'queue A\'s lease returns queue A\'s job');
      },
    },
    {
      id: 'no-key-no-dedupe',
      title: 'Without a key, two identical enqueues are two jobs',
      async run(ctx) {
        const q = new QueueClient(ctx, queueName(ctx, 'nokey'));
        const one = await q.enqueue({ payload: { same: true } });
        const two = await q.enqueue({ payload: { same: true } }, 'the same body again, without a key, is a new job');
        expectThat(one.id !== two.id, 'two jobs, two ids', { received: [one.id, two.id] });
        const got = [(await q.expectJob('two jobs are ready')).id, (await q.expectJob('two jobs are ready')).id];
        expectThat(sameJson(got, [one.id, two.id]), 'both are leased, in enqueue order', { expected: [one.id, two.id], received: got });
      },
    },
  ],
});
