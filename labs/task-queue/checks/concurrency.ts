import { defineStage, expectThat, type CheckContext } from '../../../src/grader/api.js';
import { describeReply, LONG_MS, QueueClient, queueName, sameJson } from './shared.js';

/**
 * Workers that lease (long leases, so no delivery is legitimately repeated), then ack or nack, until
 * `target` acks were answered. A job handed out while another worker still holds it fails the check.
 */
async function runWorkers(q: QueueClient, workers: number, target: number, onJob: (attempt: number) => 'ack' | 'nack'): Promise<Map<string, number>> {
  const holder = new Map<string, number>();
  const acked = new Map<string, number>();
  const acking = new Set<string>();
  const deadline = Date.now() + 30_000;
  let ackCount = 0;
  await Promise.all(Array.from({ length: workers }, async (_, w) => {
    while (ackCount < target) {
      expectThat(Date.now() < deadline, 'the workers could not finish the jobs within 30 s', { received: `${acked.size} acked` });
      const r = await q.lease({ visibilityMs: LONG_MS });
      if (!r.job) { await q.until(Date.now() + 20); continue; }
      const { id, attempt } = r.job;
      const other = holder.get(id);
      expectThat(other === undefined, `job ${id} was leased to worker ${w} while worker ${other} still held its lease (two workers got the same job at once)`, { received: r.job });
      expectThat(!acking.has(id), `job ${id} was delivered again after it was acked`, { received: r.job });
      holder.set(id, w);
      const action = onJob(attempt);
      // The worker lets go when it sends its answer: a nacked job may come back before the 204 arrives.
      holder.delete(id);
      if (action === 'ack') acking.add(id);
      const reply = await q.settle(action, id, { lease: r.job.lease });
      expectThat(reply.status === 204, `worker ${w}'s ${action} of job ${id} with its current lease must answer 204`, { expected: 204, received: describeReply(reply) });
      if (action === 'ack') { acked.set(id, (acked.get(id) ?? 0) + 1); ackCount++; }
    }
  }));
  return acked;
}

async function enqueueParallel(q: QueueClient, ids: string[], count: number, parallel: number, tag: string): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < count) {
      const i = next++;
      ids.push((await q.enqueue({ payload: { tag, i } })).id);
    }
  }));
}

export const stage = defineStage({
  id: 'concurrency',
  checks: [
    {
      id: 'one-worker-per-job',
      title: '24 workers lease and ack 150 jobs at once: each job goes to one worker, once',
      async run(ctx) {
        const q = new QueueClient(ctx, queueName(ctx, 'workers'));
        const ids: string[] = [];
        await enqueueParallel(q, ids, 150, 8, 'w');
        expectThat(new Set(ids).size === ids.length, '150 enqueues, 150 distinct ids', { received: ids.length - new Set(ids).size + ' repeated' });
        const acked = await runWorkers(q, 24, ids.length, () => 'ack');
        const wrong = ids.filter((id) => acked.get(id) !== 1);
        expectThat(wrong.length === 0, 'every job is delivered and acked exactly once', { received: wrong.map((id) => `${id}: ${acked.get(id) ?? 0}`).slice(0, 10) });
        await q.expectNone('every job was acked');
      },
    },
    {
      id: 'producers-and-workers',
      title: 'Producers enqueue while 16 workers lease, nack and ack: every job acked exactly once, none held by two workers',
      async run(ctx) {
        const q = new QueueClient(ctx, queueName(ctx, 'mixed'));
        const ids: string[] = [];
        const total = 160;
        let firsts = 0;
        const producers = enqueueParallel(q, ids, total, 4, 'mixed');
        // One first delivery in 8 fails: that job comes back after its backoff and is acked then.
        const acked = await runWorkers(q, 16, total, (attempt) => (attempt === 1 && firsts++ % 8 === 0 ? 'nack' : 'ack'));
        await producers;
        expectThat(new Set(ids).size === total, `${total} enqueues, ${total} distinct ids`, { received: new Set(ids).size });
        const wrong = ids.filter((id) => acked.get(id) !== 1);
        expectThat(wrong.length === 0, 'every job is acked exactly once', { received: wrong.map((id) => `${id}: ${acked.get(id) ?? 0}`).slice(0, 10) });
        await q.expectNone('every job was acked');
      },
    },
    {
      id: 'same-key-at-once',
      title: '16 simultaneous enqueues with one idempotency key make one job: one 201, fifteen 200 with its id',
      async run(ctx) {
        for (let round = 0; round < 4; round++) await sameKeyRound(ctx, round);
      },
    },
  ],
});

async function sameKeyRound(ctx: CheckContext, round: number): Promise<void> {
  const q = new QueueClient(ctx, queueName(ctx, `same-key-${round}`));
  const key = `retry-${ctx.random.int(0, 1e9)}`;
  const replies = await Promise.all(Array.from({ length: 16 }, (_, i) => q.post('/jobs', { payload: { attempt: i }, idempotencyKey: key })));
  const created = replies.filter((r) => r.status === 201);
  const repeats = replies.filter((r) => r.status === 200);
  expectThat(created.length === 1 && repeats.length === 15, 'of 16 simultaneous enqueues with one key, exactly one creates the job (201) and the others answer 200', { expected: { 201: 1, 200: 15 }, received: replies.map((r) => r.status).join(' ') });
  const ids = new Set(replies.map((r) => (r.json as { id?: unknown } | undefined)?.id));
  expectThat(ids.size === 1, 'all 16 answers carry the one job\'s id', { received: [...ids] });
  const job = await q.expectJob('the one job is ready');
  expectThat(sameJson([job.id], [...ids]), 'the job is the one every answer named', { expected: [...ids], received: job.id });
  await q.expectNone('one key, one job');
}
