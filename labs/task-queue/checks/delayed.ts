import { defineStage, expectThat } from '../../../src/grader/api.js';
import { LONG_MS, QueueClient, queueName, sameJson, SLACK_MS } from './shared.js';

export const stage = defineStage({
  id: 'delayed',
  checks: [
    {
      id: 'held-until-due',
      title: 'A delayed job is not leased before delayMs has passed, does not hold up the ready job behind it, and is leased once due',
      async run(ctx) {
        // A machine so slow that the first lease could not be judged gets a longer delay.
        for (let delay = 800; ; delay *= 2) {
          const q = new QueueClient(ctx, queueName(ctx, 'delay'));
          const d = await q.enqueue({ payload: 'later', delayMs: delay });
          const r = await q.enqueue({ payload: 'now' });
          const first = await q.lease({ visibilityMs: LONG_MS });
          if (first.answeredAt >= d.sentAt + delay - SLACK_MS && delay < 3200) { ctx.note(`the lease came after the delay could have passed: again with ${delay * 2} ms`); continue; }
          expectThat(first.job !== undefined, `the job enqueued after the delayed one is ready: a delayed job (${delay} ms) must not hold up the ready jobs behind it`, { expected: `200 with ${r.id}`, received: 204 });
          expectThat(first.job.id === r.id, `the delayed job is not due for ${delay} ms: the lease must return the ready job behind it`, { expected: r.id, received: first.job.id });
          const due = await q.awaitReady(`the job delayed by ${delay} ms`, d.sentAt + delay, d.answeredAt + delay + SLACK_MS);
          expectThat(due.id === d.id && due.payload === 'later', 'the delayed job, payload unchanged', { expected: d.id, received: due.id });
          return;
        }
      },
    },
    {
      id: 'normal-place-once-due',
      title: 'Once due, delayed jobs are served in their normal place: priority first, then the order of enqueue',
      async run(ctx) {
        const q = new QueueClient(ctx, queueName(ctx, 'delay-order'));
        const x = await q.enqueue({ payload: 'X', delayMs: 600 });
        const y = await q.enqueue({ payload: 'Y', delayMs: 300 });
        const z = await q.enqueue({ payload: 'Z', delayMs: 0 });
        const w = await q.enqueue({ payload: 'W', delayMs: 300, priority: 5 });
        await q.until(Math.max(x.answeredAt + 600, y.answeredAt + 300, w.answeredAt + 300) + SLACK_MS);
        const got = [];
        for (let i = 0; i < 4; i++) got.push((await q.expectJob('all four jobs are due', { visibilityMs: LONG_MS })).id);
        const expected = [w.id, x.id, y.id, z.id];
        expectThat(sameJson(got, expected), 'W (priority 5) first; then X, Y, Z in the order they were enqueued, whatever their delays', { expected, received: got });
      },
    },
  ],
});
