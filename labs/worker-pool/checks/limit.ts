import { defineStage } from '../../../src/grader/api.js';
import { PoolDriver, resultOf } from './shared.js';

export const stage = defineStage({
  id: 'limit',
  checks: [
    {
      id: 'at-most-workers-run',
      title: 'With 3 workers and 7 jobs, exactly 3 run and 4 wait',
      async run(ctx) {
        const pool = new PoolDriver(ctx);
        await pool.create(3, 10);
        const jobs = await pool.submitMany(7, 'there is room for 3 running and 10 waiting jobs');
        await pool.expectSnapshot({ started: jobs.slice(0, 3), active: jobs.slice(0, 3), running: 3, queued: 4 },
          'with 3 workers only the first 3 jobs may run; the other 4 wait in the queue until a worker is free (running() 3, queued() 4)',
          { stable: true });
      },
    },
    {
      id: 'oldest-waiting-job-starts-next',
      title: 'Each freed worker takes the oldest waiting job, whatever order the running jobs end in',
      async run(ctx) {
        const pool = new PoolDriver(ctx);
        await pool.create(3, 10);
        const jobs = await pool.submitMany(8, 'there is room for 3 running and 10 waiting jobs');
        const waiting = jobs.slice(3);
        const running = jobs.slice(0, 3);
        const started = [...running];
        await pool.expectSnapshot({ started, running: 3, queued: 5 }, 'the first 3 jobs must be running, the other 5 waiting', { stable: true });
        while (running.length > 0) {
          const at = ctx.random.int(0, running.length - 1);
          const [job] = running.splice(at, 1);
          await pool.finish(job, 'value');
          const next = waiting.shift();
          if (next !== undefined) { running.push(next); started.push(next); }
          await pool.expectSnapshot({ started, active: running, running: running.length, queued: waiting.length },
            next === undefined ? `${job} ended and nothing waits: running() must be ${running.length}`
              : `${job} ended: its worker must take the oldest waiting job, ${next}, and no other (jobs start first in, first out)`,
            { stable: true });
          await pool.expectResult(job, resultOf(job, 'value'), `${job} must return its own value`);
        }
        await pool.expectSnapshot({ maxActive: 3 }, 'never more than 3 jobs may run at once');
      },
    },
    {
      id: 'one-worker-is-serial',
      title: 'One worker runs the jobs one at a time, in the order they were submitted',
      async run(ctx) {
        const pool = new PoolDriver(ctx);
        await pool.create(1, 5);
        const jobs = await pool.submitMany(4, 'there is room for 1 running and 5 waiting jobs');
        for (const [i, job] of jobs.entries()) {
          await pool.expectSnapshot({ started: jobs.slice(0, i + 1), active: [job], running: 1, queued: jobs.length - i - 1 },
            `one worker: ${job} must be the only job running, and the jobs after it must wait`, { stable: true });
          await pool.finish(job, 'value');
        }
        await pool.expectSnapshot({ active: [], running: 0, queued: 0, maxActive: 1 }, 'every job ended, and never more than one ran at once');
      },
    },
  ],
});
