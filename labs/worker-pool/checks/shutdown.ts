import { defineStage } from '../../../src/grader/api.js';
import { CANCELLED, PoolDriver, resultOf } from './shared.js';

export const stage = defineStage({
  id: 'shutdown',
  checks: [
    {
      id: 'idle-shutdown',
      title: 'Shutting down an idle pool returns at once; then every submit is rejected with the shutdown error',
      async run(ctx) {
        const pool = new PoolDriver(ctx);
        await pool.create(3, 2);
        await pool.shutdown();
        await pool.expectSnapshot({ shutdown: 'done' }, 'nothing runs or waits: shutdown must return (resolve) at once');
        await pool.submit('shutdown', 'the pool is shut down: submit must reject with the shutdown error (ShutdownError / ErrShutdown), although it has room');
        await pool.expectSnapshot({ started: [], running: 0, queued: 0 }, 'a job rejected after shutdown must never run', { stable: true });
      },
    },
    {
      id: 'drains-then-returns',
      title: 'Shutdown lets every running and queued job end, in order, and returns only after the last one',
      async run(ctx) {
        const pool = new PoolDriver(ctx);
        await pool.create(2, 4);
        const jobs = await pool.submitMany(5, '2 workers and a queue of 4');
        const [j1, j2, j3, j4, j5] = jobs;
        await pool.expectSnapshot({ started: [j1, j2], running: 2, queued: 3 }, `${j1} and ${j2} run, 3 jobs wait`);
        await pool.shutdown();
        await pool.submit('shutdown', 'shutdown was called: submit must reject with the shutdown error from that moment, even though the queue has room');
        await pool.expectSnapshot({ shutdown: 'waiting', started: [j1, j2], queued: 3 },
          'shutdown must not return while jobs run or wait, and must not drop the queued jobs', { stable: true });
        const order: [string, string | undefined][] = [[j1, j3], [j2, j4], [j3, j5], [j4, undefined]];
        const started = [j1, j2];
        for (const [ending, next] of order) {
          await pool.finish(ending, 'value');
          if (next) started.push(next);
          await pool.expectSnapshot({ started, shutdown: 'waiting' },
            next ? `${ending} ended during the shutdown: the queued ${next} must start, and shutdown must still wait` : `${ending} ended, but ${j5} still runs: shutdown must still wait`,
            { stable: true });
        }
        await pool.finish(j5, 'value');
        await pool.expectSnapshot({ shutdown: 'done', running: 0, queued: 0 }, `${j5}, the last job, ended: shutdown must return now`);
        for (const job of jobs) await pool.expectResult(job, resultOf(job, 'value'), `${job} ran during the shutdown: its result must be its value`);
      },
    },
    {
      id: 'cancel-during-shutdown',
      title: 'A queued job can still be cancelled while the pool drains',
      async run(ctx) {
        const pool = new PoolDriver(ctx);
        await pool.create(1, 3);
        const [j1, j2, j3] = await pool.submitMany(3, '1 worker and a queue of 3');
        await pool.expectSnapshot({ started: [j1], queued: 2 }, `${j1} runs, ${j2} and ${j3} wait`);
        await pool.shutdown();
        await pool.cancel(j3, true, `${j3} is still waiting: cancel must work during a shutdown too`);
        await pool.expectResult(j3, CANCELLED, `${j3} was cancelled: its result must be the cancelled error`);
        await pool.finish(j1, 'value');
        await pool.expectSnapshot({ started: [j1, j2], shutdown: 'waiting' }, `${j1} ended: ${j2} must start, and shutdown must wait for it`);
        await pool.finish(j2, 'value');
        await pool.expectSnapshot({ started: [j1, j2], shutdown: 'done' }, `${j2} was the last job (${j3} was cancelled): shutdown must return`, { stable: true });
      },
    },
    {
      id: 'shutdown-called-again',
      title: 'A second shutdown call waits like the first, and neither fails',
      async run(ctx) {
        const pool = new PoolDriver(ctx);
        await pool.create(1, 1);
        const [j1] = await pool.submitMany(1, 'the pool is idle');
        await pool.expectSnapshot({ started: [j1] }, `${j1} must run`);
        await pool.shutdown();
        await pool.shutdown();
        await pool.expectSnapshot({ shutdown: 'waiting' }, `both shutdown calls must wait while ${j1} runs`, { stable: true });
        await pool.finish(j1, 'value');
        await pool.expectSnapshot({ shutdown: 'done' }, `${j1} ended: both shutdown calls must return`);
        await pool.shutdown();
        await pool.expectSnapshot({ shutdown: 'done' }, 'a shutdown call on a pool already shut down must return at once');
        await pool.expectResult(j1, resultOf(j1, 'value'), `${j1} must return its value`);
      },
    },
  ],
});
