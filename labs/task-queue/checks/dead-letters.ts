import { defineStage, expectThat } from '../../../src/grader/api.js';
import { backoffMs, describeReply, expectDeadAB, killTwo, LONG_MS, MAX_ATTEMPTS, QueueClient, queueName, sameJson, SLACK_MS } from './shared.js';

export const stage = defineStage({
  id: 'dead-letters',
  checks: [
    {
      id: 'backoff-then-dead',
      title: `A nacked job waits ${backoffMs(1)}, ${backoffMs(2)}, then ${backoffMs(3)} ms; its ${MAX_ATTEMPTS}th nack makes it dead, listed and never leased again`,
      async run(ctx) {
        const q = new QueueClient(ctx, queueName(ctx, 'backoff'));
        const payload = { email: 'welcome', user: ctx.random.int(0, 1e6) };
        const key = `mail-${ctx.random.int(0, 1e9)}`;
        const { id } = await q.enqueue({ payload, idempotencyKey: key });
        let job = await q.expectJob('the job is ready');
        for (let n = 1; ; n++) {
          expectThat(job.id === id && job.attempt === n, `delivery ${n} of the job is attempt ${n}`, { expected: { id, attempt: n }, received: { id: job.id, attempt: job.attempt } });
          const nack = await q.expectSettle('nack', job, 204, `attempt ${n} fails`);
          if (n === 1) await q.expectSettle('ack', job, 409, 'an ack with the lease that was just nacked (the nack ended it)');
          if (n === MAX_ATTEMPTS) break;
          const wait = backoffMs(n);
          job = await q.awaitReady(`after the nack of attempt ${n}, the job waits BACKOFF_BASE_MS × 2^${n - 1} = ${wait} ms`, nack.sentAt + wait, nack.answeredAt + wait + SLACK_MS);
        }
        const dead = await q.dead();
        expectThat(dead.length === 1 && dead[0].id === id && dead[0].attempts === MAX_ATTEMPTS && sameJson(dead[0].payload, payload), `after ${MAX_ATTEMPTS} failed deliveries (MAX_ATTEMPTS) the job is dead: GET /queues/{queue}/dead lists it with its payload and attempts`, { expected: [{ id, payload, attempts: MAX_ATTEMPTS }], received: dead });
        await q.expectNone('a dead job is never leased again');
        await q.expectSettle('nack', job, 409, 'a nack of a dead job');
        await q.expectSettle('ack', job, 409, 'an ack of a dead job');
        const again = await q.post('/jobs', { payload, idempotencyKey: key });
        expectThat(again.status === 200 && (again.json as { id?: unknown } | undefined)?.id === id, 'the dead job\'s idempotency key still answers 200 with its id, and creates nothing', { expected: `200 {"id":"${id}"}`, received: describeReply(again) });
        await q.expectNone('a repeat of a dead job\'s enqueue creates nothing');
      },
    },
    {
      id: 'expiry-is-an-attempt',
      title: 'An expired lease is a failed attempt (ready again at once, no backoff); dead jobs are listed in the order they died',
      async run(ctx) {
        const payloads: [unknown, unknown] = [{ job: 'A' }, ['B', ctx.random.int(0, 1e6)]];
        const { q, ...ids } = await killTwo(ctx, 'expiry-dead', payloads);
        await expectDeadAB(q, ids, payloads, `A's ${MAX_ATTEMPTS}th attempt was nacked after B had died`);
        await q.expectNone('dead jobs are never leased again');
      },
    },
    {
      id: 'nacked-keeps-place',
      title: 'A nacked job, once its backoff has passed, keeps its place before jobs enqueued after it',
      async run(ctx) {
        const q = new QueueClient(ctx, queueName(ctx, 'nack-place'));
        const j = await q.enqueue({ payload: 'J' });
        const first = await q.expectJob('J is ready', { visibilityMs: LONG_MS });
        const nack = await q.expectSettle('nack', first, 204, 'attempt 1 of J fails');
        const k = await q.enqueue({ payload: 'K' });
        await q.until(nack.answeredAt + backoffMs(1) + SLACK_MS);
        const next = await q.expectJob('J\'s backoff has passed and K is ready: both are', { visibilityMs: LONG_MS });
        expectThat(next.id === j.id && next.attempt === 2, 'J was enqueued before K and keeps its place after a nack: the lease returns J, attempt 2', { expected: { id: j.id, attempt: 2 }, received: { id: next.id, attempt: next.attempt } });
        expectThat((await q.expectJob('K is still ready')).id === k.id, 'then K');
      },
    },
  ],
});
