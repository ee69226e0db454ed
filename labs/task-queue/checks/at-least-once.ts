import { defineStage, expectThat } from '../../../src/grader/api.js';
import { describeReply, LONG_MS, QueueClient, queueName, sameJson, SLACK_MS, VISIBILITY_TIMEOUT_MS } from './shared.js';

const SHORT_MS = 500;

export const stage = defineStage({
  id: 'at-least-once',
  checks: [
    {
      id: 'redelivered-after-expiry',
      title: 'A job not acked before its lease ends is delivered again, attempt 2, with a new token; the old token is refused',
      async run(ctx) {
        const q = new QueueClient(ctx, queueName(ctx, 'redeliver'));
        const payload = { task: 'resize', image: ctx.random.int(0, 1e6) };
        const { id } = await q.enqueue({ payload });
        const first = await q.expectJob('the job is ready', { visibilityMs: SHORT_MS });
        ctx.note(`the worker holding lease ${first.lease} "dies": no ack; the lease lasts ${SHORT_MS} ms`);
        const again = await q.awaitReady(`the job whose ${SHORT_MS} ms lease ended without an ack`, first.sentAt + SHORT_MS, first.answeredAt + SHORT_MS + SLACK_MS, { visibilityMs: SHORT_MS });
        expectThat(again.id === id && sameJson(again.payload, payload), 'the job delivered again is the same job, payload unchanged', { expected: { id, payload }, received: { id: again.id, payload: again.payload } });
        expectThat(again.attempt === 2, 'the second delivery is attempt 2', { expected: 2, received: again.attempt });
        expectThat(again.lease !== first.lease, 'the second delivery gets a new lease token', { received: again.lease });
        await q.expectSettle('ack', first, 409, 'the dead worker\'s old lease ended (a worker that was only slow must not ack a job another worker now holds)');
        await q.expectSettle('ack', again, 204, 'the ack with the current lease');
        await q.until(again.answeredAt + SHORT_MS + SLACK_MS);
        await q.expectNone('an acked job is never delivered again, even after its lease would have ended');
      },
    },
    {
      id: 'acked-never-again',
      title: 'Acked jobs are never delivered again, even once their leases would have ended',
      async run(ctx) {
        // A machine so slow that an ack may have come after its lease ended gets longer leases.
        for (let visibilityMs = 400; ; visibilityMs *= 2) {
          const q = new QueueClient(ctx, queueName(ctx, 'acked'));
          for (let i = 0; i < 5; i++) await q.enqueue({ payload: { i } });
          const held = [];
          let late = false;
          for (let i = 0; i < 5; i++) {
            const job = await q.expectJob(`job ${i + 1} of 5`, { visibilityMs });
            const ack = await q.timed(() => q.settle('ack', job.id, { lease: job.lease }));
            // Judged only when the answer came before the lease could have ended (it began after job.sentAt).
            if (ack.status !== 204 && ack.answeredAt >= job.sentAt + visibilityMs - SLACK_MS && visibilityMs < 3200) { late = true; break; }
            expectThat(ack.status === 204, `the ack within the ${visibilityMs} ms lease: ack must answer 204`, { expected: 204, received: describeReply(ack) });
            held.push(job);
          }
          if (late) { ctx.note(`an ack came after its ${visibilityMs} ms lease could have ended: again with ${visibilityMs * 2} ms`); continue; }
          await q.until(Math.max(...held.map((j) => j.answeredAt)) + visibilityMs + SLACK_MS);
          await q.expectNone('all five jobs were acked: none comes back when their leases would have ended');
          await q.expectSettle('ack', held[0], 409, 'acking a finished job again');
          return;
        }
      },
    },
    {
      id: 'default-visibility',
      title: 'A lease without visibilityMs lasts VISIBILITY_TIMEOUT_MS (2000 ms): not less, and the job is back once it ends',
      async run(ctx) {
        const q = new QueueClient(ctx, queueName(ctx, 'default-vis'));
        const { id } = await q.enqueue({ payload: 'default' });
        const first = await q.expectJob('the job is ready');
        const again = await q.awaitReady(`the job leased without visibilityMs (so for ${VISIBILITY_TIMEOUT_MS} ms)`, first.sentAt + VISIBILITY_TIMEOUT_MS, first.answeredAt + VISIBILITY_TIMEOUT_MS + SLACK_MS);
        expectThat(again.id === id && again.attempt === 2, 'the same job comes back as attempt 2', { expected: { id, attempt: 2 }, received: { id: again.id, attempt: again.attempt } });
        await q.expectSettle('ack', again, 204, 'the ack with the current lease');
      },
    },
    {
      id: 'expired-lease-refused',
      title: 'A lease whose time has passed is refused (409) even before anyone else leases the job',
      async run(ctx) {
        const q = new QueueClient(ctx, queueName(ctx, 'expired'));
        const { id } = await q.enqueue({ payload: 'late' });
        const first = await q.expectJob('the job is ready', { visibilityMs: 300 });
        await q.until(first.answeredAt + 300 + SLACK_MS);
        await q.expectSettle('ack', first, 409, 'an ack after the 300 ms lease ended');
        const again = await q.expectJob('the job whose lease ended is ready again', { visibilityMs: LONG_MS });
        expectThat(again.id === id && again.attempt === 2, 'it comes back as attempt 2', { expected: { id, attempt: 2 }, received: { id: again.id, attempt: again.attempt } });
        await q.expectSettle('ack', again, 204, 'the ack with the current lease');
      },
    },
    {
      id: 'order-kept-on-return',
      title: 'A job back from an expired lease keeps its place: it goes before jobs enqueued after it',
      async run(ctx) {
        const q = new QueueClient(ctx, queueName(ctx, 'keep-place'));
        const a = await q.enqueue({ payload: 'A' });
        const b = await q.enqueue({ payload: 'B' });
        const la = await q.expectJob('A is ready', { visibilityMs: 400 });
        const lb = await q.expectJob('B is ready', { visibilityMs: LONG_MS });
        expectThat(la.id === a.id && lb.id === b.id, 'A then B, in enqueue order', { expected: [a.id, b.id], received: [la.id, lb.id] });
        const c = await q.enqueue({ payload: 'C' });
        await q.until(la.answeredAt + 400 + SLACK_MS);
        const next = await q.expectJob('A\'s lease ended and C is ready: both are', { visibilityMs: LONG_MS });
        expectThat(next.id === a.id, 'A was enqueued before C, and a job that comes back keeps its place: the lease returns A', { expected: a.id, received: next.id });
        const last = await q.expectJob('C is still ready', { visibilityMs: LONG_MS });
        expectThat(last.id === c.id, 'then C', { expected: c.id, received: last.id });
        for (const job of [lb, next, last]) await q.expectSettle('ack', job, 204, 'the ack with the current lease');
      },
    },
  ],
});
