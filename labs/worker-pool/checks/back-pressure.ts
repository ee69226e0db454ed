import { defineStage } from '../../../src/grader/api.js';
import { PoolDriver } from './shared.js';

export const stage = defineStage({
  id: 'back-pressure',
  checks: [
    {
      id: 'rejects-when-full',
      title: 'With every worker busy and the queue full, submit rejects at once, and a rejected job never runs',
      async run(ctx) {
        const pool = new PoolDriver(ctx);
        await pool.create(2, 2);
        const [j1, j2, j3, j4] = await pool.submitMany(4, '2 workers and a queue of 2: four jobs fit');
        await pool.expectSnapshot({ started: [j1, j2], running: 2, queued: 2 }, '2 jobs must run and 2 wait');
        const rejected: string[] = [];
        for (let i = 0; i < 10; i++) {
          rejected.push(await pool.submit('queue-full', 'both workers are busy and the queue holds 2 jobs (queueSize 2): submit must reject the job with the queue-full error (QueueFullError / ErrQueueFull), at once'));
        }
        await pool.expectSnapshot({ started: [j1, j2], running: 2, queued: 2 },
          `the 10 rejected jobs (${rejected[0]}…${rejected[9]}) must not be kept: queued() stays 2 and none of them ever runs`, { stable: true });
        await pool.finish(j1, 'value');
        await pool.expectSnapshot({ started: [j1, j2, j3], running: 2, queued: 1 }, `${j1} ended: ${j3} must start, and one place is free in the queue`);
        const j5 = await pool.submit('accepted', `${j1} ended, so there is room for one more job`);
        await pool.submit('queue-full', `with ${j5} queued the pool is full again`);
        for (const job of [j2, j3, j4, j5]) await pool.finish(job, 'value');
        await pool.expectSnapshot({ started: [j1, j2, j3, j4, j5], running: 0, queued: 0, maxActive: 2 },
          'only the accepted jobs ever run, at most 2 at a time');
      },
    },
    {
      id: 'queue-size-zero',
      title: 'With queueSize 0 a job is accepted only when a worker is free',
      async run(ctx) {
        const pool = new PoolDriver(ctx);
        await pool.create(2, 0);
        const [j1, j2] = await pool.submitMany(2, '2 free workers and queueSize 0: a job is accepted when a worker is free');
        await pool.expectSnapshot({ started: [j1, j2], running: 2, queued: 0 }, 'both jobs must run at once');
        await pool.submit('queue-full', 'queueSize 0 and both workers busy: there is no room to wait, submit must reject at once');
        await pool.finish(j1, 'value');
        await pool.expectSnapshot({ active: [j2], running: 1 }, `${j1} ended: running() must be 1`);
        const j4 = await pool.submit('accepted', `${j1} ended, so a worker is free`);
        await pool.expectSnapshot({ started: [j1, j2, j4], running: 2, queued: 0 }, `${j4} must start on the free worker`);
        await pool.submit('queue-full', 'both workers busy again');
      },
    },
    {
      id: 'freed-place-is-free-at-once',
      title: 'Once a job\'s result is available, the very next submit may take its place',
      async run(ctx) {
        const pool = new PoolDriver(ctx);
        await pool.create(1, 1);
        for (let round = 0; round < 5; round++) {
          const [a, b] = await pool.submitMany(2, '1 worker and a queue of 1: two jobs fit');
          await pool.submit('queue-full', 'the pool is full');
          await pool.finish(a, 'value');
          await ctx.program.expect({ op: 'result', job: a, waitMs: 1000 }, { settled: true, value: a }, { message: `${a} must return its value` });
          const c = await pool.submit('accepted',
            `${a}'s result is available, so ${a} no longer counts: the pool holds ${b} alone and must accept one more job at once. Capacity is counted (running + queued < workers + queueSize), not sensed from a channel that a worker has not come back to read yet`);
          await pool.finish(b, 'value');
          await pool.finish(c, 'value');
          await pool.expectSnapshot({ running: 0, queued: 0 }, 'every job ended');
        }
      },
    },
  ],
});
