import { defineStage, expectThat } from '../../../src/grader/api.js';
import { describeReply, LONG_MS, payloadFor, QueueClient, queueName, sameJson } from './shared.js';

export const stage = defineStage({
  id: 'fifo',
  checks: [
    {
      id: 'first-in-first-out',
      title: 'Jobs of one priority are leased in the order they were enqueued, payloads unchanged, then 204',
      async run(ctx) {
        const q = new QueueClient(ctx, queueName(ctx, 'fifo'));
        const sent: { id: string; payload: unknown }[] = [];
        for (let i = 0; i < 8; i++) {
          const payload = i === 5 ? null : payloadFor(i, 'fifo');
          sent.push({ id: (await q.enqueue({ payload })).id, payload });
        }
        expectThat(new Set(sent.map((s) => s.id)).size === sent.length, 'every job gets an id of its own', { received: sent.map((s) => s.id) });
        const leases = new Set<string>();
        for (const [i, s] of sent.entries()) {
          const job = await q.expectJob(`job ${i + 1} of ${sent.length} is ready`);
          expectThat(job.id === s.id, `within one priority the job enqueued first is leased first: lease ${i + 1} must return job ${i + 1}`, { expected: s.id, received: job.id });
          expectThat(sameJson(job.payload, s.payload), 'the payload comes back unchanged', { expected: s.payload, received: job.payload });
          expectThat(job.priority === 0 && job.attempt === 1, 'a job enqueued without priority has priority 0, and its first delivery is attempt 1', { expected: { priority: 0, attempt: 1 }, received: { priority: job.priority, attempt: job.attempt } });
          expectThat(!leases.has(job.lease), 'every delivery gets a lease token of its own', { received: job.lease });
          leases.add(job.lease);
          await q.expectSettle('ack', job, 204, 'acking a job with its current lease');
        }
        await q.expectNone('every job was leased and acked');
      },
    },
    {
      id: 'priorities',
      title: 'A higher priority is leased first; within a priority, the order of enqueue',
      async run(ctx) {
        const q = new QueueClient(ctx, queueName(ctx, 'prio'));
        const sent: { id: string; priority: number; index: number }[] = [];
        for (let i = 0; i < 14; i++) {
          const priority = i % 5 === 4 ? 0 : ctx.random.pick([0, 1, 3, 7, 9]);
          const body = i % 5 === 4 ? { payload: { i } } : { payload: { i }, priority };
          sent.push({ id: (await q.enqueue(body)).id, priority, index: i });
        }
        const expected = [...sent].sort((a, b) => b.priority - a.priority || a.index - b.index);
        const got: { id: string; priority: number }[] = [];
        for (let i = 0; i < sent.length; i++) {
          const job = await q.expectJob(`${sent.length - i} jobs are still ready`, { visibilityMs: LONG_MS });
          got.push({ id: job.id, priority: job.priority });
        }
        expectThat(sameJson(got, expected.map((e) => ({ id: e.id, priority: e.priority }))), 'leases return the highest priority first and, within a priority, the job enqueued first (a job enqueued without priority has priority 0)', { expected: expected.map((e) => `${e.id} (p${e.priority})`).join(', '), received: got.map((g) => `${g.id} (p${g.priority})`).join(', ') });
        await q.expectNone('every job is leased');
      },
    },
    {
      id: 'queues-apart',
      title: 'Queues never mix: a job is leased, acked and found only in its own queue',
      async run(ctx) {
        const q1 = new QueueClient(ctx, queueName(ctx, 'apart-a'));
        const q2 = new QueueClient(ctx, queueName(ctx, 'apart-b'));
        const a = await q1.enqueue({ payload: 'a' });
        const b = await q2.enqueue({ payload: 'b' });
        const jb = await q2.expectJob('queue B holds one job');
        expectThat(jb.id === b.id, 'a lease of queue B returns the job enqueued in queue B', { expected: b.id, received: jb.id });
        await q2.expectNone('queue B held one job only');
        const ja = await q1.expectJob('queue A holds one job');
        expectThat(ja.id === a.id, 'a lease of queue A returns the job enqueued in queue A', { expected: a.id, received: ja.id });
        const wrong = await q2.settle('ack', ja.id, { lease: ja.lease });
        expectThat(wrong.status === 404, 'an ack names the queue in its path: queue B has no job with the id of queue A\'s job', { expected: 404, received: describeReply(wrong) });
        await q1.expectSettle('ack', ja, 204, 'the ack in the right queue');
        await q2.expectSettle('ack', jb, 204, 'the ack in the right queue');
        await new QueueClient(ctx, queueName(ctx, 'never-used')).expectNone('a queue nobody enqueued to exists, empty');
      },
    },
    {
      id: 'ack-rules',
      title: 'An ack needs the job\'s current lease: a wrong or used token answers 409, an unknown id 404, no token 400',
      async run(ctx) {
        const q = new QueueClient(ctx, queueName(ctx, 'ack'));
        await q.enqueue({ payload: { n: 1 } });
        const job = await q.expectJob('one job is ready', { visibilityMs: LONG_MS });
        await q.expectSettle('ack', { id: job.id, lease: `${job.lease}x` }, 409, 'a token that is not the job\'s lease');
        const missing = await q.settle('ack', job.id, {});
        expectThat(missing.status === 400, 'an ack without a "lease" string answers 400', { expected: 400, received: describeReply(missing) });
        const unknown = await q.settle('ack', `no-such-job-${ctx.random.int(0, 1e9)}`, { lease: job.lease });
        expectThat(unknown.status === 404, 'an ack of an id the queue never had answers 404', { expected: 404, received: describeReply(unknown) });
        const unknownNack = await q.settle('nack', `no-such-job-${ctx.random.int(0, 1e9)}`, { lease: job.lease });
        expectThat(unknownNack.status === 404, 'a nack answers like an ack: an id the queue never had answers 404', { expected: 404, received: describeReply(unknownNack) });
        const noLease = await q.settle('nack', job.id, { lease: 42 });
        expectThat(noLease.status === 400, 'a nack whose "lease" is not a string answers 400', { expected: 400, received: describeReply(noLease) });
        await q.expectSettle('ack', job, 204, 'the ack with the current lease');
        await q.expectSettle('ack', job, 409, 'the same lease a second time (the job is finished)');
        await q.expectSettle('nack', job, 409, 'a nack after the ack');
      },
    },
    {
      id: 'bad-requests',
      title: 'Bad input answers 400 with {"error": string} and creates nothing',
      async run(ctx) {
        const q = new QueueClient(ctx, queueName(ctx, 'bad'));
        const bodies: [string, unknown][] = [
          ['a body that is not JSON', 'payload please'],
          ['a JSON array', [{ payload: 1 }]],
          ['no payload', { priority: 1 }],
          ['priority 10', { payload: 1, priority: 10 }],
          ['priority -1', { payload: 1, priority: -1 }],
          ['priority 1.5', { payload: 1, priority: 1.5 }],
          ['priority "high"', { payload: 1, priority: 'high' }],
          ['delayMs -1', { payload: 1, delayMs: -1 }],
          ['delayMs "soon"', { payload: 1, delayMs: 'soon' }],
          ['an empty idempotencyKey', { payload: 1, idempotencyKey: '' }],
          ['an idempotencyKey that is a number', { payload: 1, idempotencyKey: 7 }],
        ];
        for (const [what, body] of bodies) await expect400(q, '/jobs', body, `an enqueue with ${what}`);
        for (const v of [0, -5, 2.5, 'long']) await expect400(q, '/lease', { visibilityMs: v }, `a lease with visibilityMs ${JSON.stringify(v)}`);
        for (const name of ['bad.name', 'x'.repeat(65)]) {
          await expect400(new QueueClient(ctx, name), '/jobs', { payload: 1 }, `a queue name that does not match ^[A-Za-z0-9_-]{1,64}$ (${name.length > 20 ? `${name.length} characters` : name})`);
        }
        await q.expectNone('no rejected enqueue may create a job');
      },
    },
  ],
});

async function expect400(q: QueueClient, rest: string, body: unknown, what: string): Promise<void> {
  const reply = await q.post(rest, body);
  expectThat(reply.status === 400, `${what} must answer 400`, { expected: 400, received: describeReply(reply) });
  const error = (reply.json as { error?: unknown } | undefined)?.error;
  expectThat(typeof error === 'string', 'a 400 answer carries JSON {"error": string} saying what is wrong', { expected: '{"error": "…"}', received: reply.body.slice(0, 200) });
}
