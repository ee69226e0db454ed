import { defineStage } from '../../../src/grader/api.js';
import { CANCELLED, PoolDriver, resultOf } from './shared.js';

export const stage = defineStage({
  id: 'cancellation',
  checks: [
    {
      id: 'cancel-waiting-job',
      title: 'Cancelling a waiting job removes it: it never starts, its place is free at once, its result is the cancelled error',
      async run(ctx) {
        const pool = new PoolDriver(ctx);
        await pool.create(1, 3);
        const [j1, j2, j3, j4] = await pool.submitMany(4, '1 worker and a queue of 3: four jobs fit');
        await pool.expectSnapshot({ started: [j1], running: 1, queued: 3 }, `${j1} runs, the others wait`);
        await pool.cancel(j3, true, `${j3} is waiting in the queue: cancel must remove it and return true`);
        await pool.expectResult(j3, CANCELLED, `${j3} was cancelled before it started: its result must be the cancelled error (CancelledError / ErrCancelled)`);
        await pool.expectSnapshot({ queued: 2, running: 1 }, `${j3} was removed from the queue: queued() must drop to 2 at once`);
        const j5 = await pool.submit('accepted', `cancelling ${j3} freed its place in the queue: the pool must accept one more job`);
        await pool.submit('queue-full', `with ${j5} the queue is full again`);
        await pool.finish(j1, 'value');
        await pool.expectSnapshot({ started: [j1, j2], running: 1, queued: 2 }, `${j1} ended: the oldest waiting job, ${j2}, must start`, { stable: true });
        await pool.finish(j2, 'value');
        await pool.expectSnapshot({ started: [j1, j2, j4], running: 1, queued: 1 }, `${j2} ended: ${j3} was cancelled, so ${j4} must start, never ${j3}`, { stable: true });
        await pool.finish(j4, 'value');
        await pool.expectSnapshot({ started: [j1, j2, j4, j5], running: 1, queued: 0 }, `${j4} ended: ${j5} must start`);
        await pool.finish(j5, 'value');
        await pool.expectSnapshot({ started: [j1, j2, j4, j5], running: 0, queued: 0 }, `every job ended and the cancelled ${j3} never ran`, { stable: true });
        await pool.expectResult(j3, CANCELLED, `${j3}'s result must still be the cancelled error`);
      },
    },
    {
      id: 'cancel-started-job',
      title: 'Cancelling a running or finished job returns false and changes nothing',
      async run(ctx) {
        const pool = new PoolDriver(ctx);
        await pool.create(1, 1);
        const [j1, j2] = await pool.submitMany(2, '1 worker and a queue of 1');
        await pool.expectSnapshot({ started: [j1], active: [j1], running: 1, queued: 1 }, `${j1} runs, ${j2} waits`);
        await pool.cancel(j1, false, `${j1} is running: cancel must return false (only a job still waiting can be cancelled)`);
        await pool.expectSnapshot({ active: [j1], running: 1, queued: 1 }, `cancelling the running ${j1} must change nothing: it runs on`);
        await pool.expectNoResult(j1, `${j1} is still running: a failed cancel must not settle its result`);
        await pool.finish(j1, 'value');
        await pool.expectResult(j1, resultOf(j1, 'value'), `${j1} ran on after the refused cancel: its result must be its own value`);
        await pool.cancel(j1, false, `${j1} is over: cancel must return false`);
        await pool.expectResult(j1, resultOf(j1, 'value'), `cancelling the finished ${j1} must not change its result`);
        await pool.expectSnapshot({ started: [j1, j2], running: 1, queued: 0 }, `${j1} ended: ${j2} must start`);
        await pool.finish(j2, 'error');
        await pool.expectResult(j2, resultOf(j2, 'error'), `${j2} must fail with its own error`);
      },
    },
    {
      id: 'cancel-twice',
      title: 'A second cancel of the same job returns false and counts nothing twice',
      async run(ctx) {
        const pool = new PoolDriver(ctx);
        await pool.create(1, 2);
        const [j1, j2, j3] = await pool.submitMany(3, '1 worker and a queue of 2');
        await pool.expectSnapshot({ started: [j1], queued: 2 }, `${j1} runs, ${j2} and ${j3} wait`);
        await pool.cancel(j2, true, `${j2} is waiting: the first cancel must return true`);
        await pool.cancel(j2, false, `${j2} is already cancelled: a second cancel must return false`);
        await pool.expectSnapshot({ running: 1, queued: 1 }, `only ${j3} still waits: queued() must be 1 (a job cancelled twice is removed once)`);
        const j4 = await pool.submit('accepted', 'one place is free after the cancel');
        await pool.submit('queue-full', `with ${j4} the pool is full: the second cancel must not have freed a second place`);
        await pool.finish(j1, 'value');
        await pool.finish(j3, 'value');
        await pool.finish(j4, 'value');
        await pool.expectSnapshot({ started: [j1, j3, j4], running: 0, queued: 0 }, `every job except the cancelled ${j2} ran`);
      },
    },
  ],
});
