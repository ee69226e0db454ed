import { defineStage } from '../../../src/grader/api.js';
import { PoolDriver, resultOf } from './shared.js';

export const stage = defineStage({
  id: 'submit-and-results',
  checks: [
    {
      id: 'one-job',
      title: 'A submitted job starts on a free worker, and its result arrives only when it ends',
      async run(ctx) {
        const pool = new PoolDriver(ctx);
        await pool.create(1, 1);
        await pool.expectSnapshot({ started: [], running: 0, queued: 0 }, 'a new pool runs nothing and queues nothing: running() and queued() are 0');
        const j1 = await pool.submit('accepted', 'an idle pool must accept a job');
        await pool.expectSnapshot({ started: [j1], active: [j1], running: 1, queued: 0 },
          'with a free worker, a submitted job starts at once: the worker calls it, running() is 1 and queued() is 0');
        await pool.expectNoResult(j1, `${j1} is still running: its result must not be available before the job ends`);
        await pool.finish(j1, 'value');
        await pool.expectResult(j1, resultOf(j1, 'value'), `${j1} returned its value: its result must be that value`);
        await pool.expectSnapshot({ active: [], running: 0, queued: 0 }, `${j1} is over: running() must be back to 0`);
      },
    },
    {
      id: 'results-go-to-their-own-job',
      title: 'Jobs that end in any order each get their own result, and an error is passed on unchanged',
      async run(ctx) {
        const pool = new PoolDriver(ctx);
        await pool.create(3, 0);
        const [j1, j2, j3] = await pool.submitMany(3, 'three workers are free');
        await pool.expectSnapshot({ started: [j1, j2, j3], running: 3 }, 'three free workers: all three jobs must start');
        ctx.note(`the jobs end in the order ${j2}, ${j3}, ${j1}; each result must be its own job's`);
        await pool.finish(j2, 'value');
        await pool.expectSnapshot({ active: [j1, j3], running: 2 }, `${j2} ended: running() must be 2`);
        await pool.finish(j3, 'error');
        await pool.expectSnapshot({ active: [j1], running: 1 }, `${j3} ended: running() must be 1`);
        await pool.finish(j1, 'value');
        await pool.expectSnapshot({ active: [], running: 0 }, 'every job ended: running() must be 0');
        await pool.expectResult(j1, resultOf(j1, 'value'), `${j1}'s result must be ${j1}'s own value, whatever order the jobs ended in (a result belongs to the job that produced it, not to whoever asks first)`);
        await pool.expectResult(j3, resultOf(j3, 'error'), `${j3} failed: its result must be the very error ${j3} returned, not wrapped, not another job's`);
        await pool.expectResult(j2, resultOf(j2, 'value'), `${j2}'s result must be ${j2}'s own value`);
      },
    },
    {
      id: 'result-read-again',
      title: 'A result can be read any number of times (Go: Wait returns the same on every call)',
      async run(ctx) {
        const pool = new PoolDriver(ctx);
        await pool.create(2, 0);
        const [j1, j2] = await pool.submitMany(2, 'two workers are free');
        await pool.finish(j1, 'value');
        await pool.finish(j2, 'error');
        for (let round = 1; round <= 3; round++) {
          await pool.expectResult(j1, resultOf(j1, 'value'), `reading ${j1}'s result a ${round === 1 ? 'first' : round === 2 ? 'second' : 'third'} time must give its value again (Go: every Wait call returns the same; a channel read once does not)`);
          await pool.expectResult(j2, resultOf(j2, 'error'), `reading ${j2}'s result again must give the same error again`);
        }
      },
    },
    {
      id: 'invalid-options',
      title: 'The constructor refuses workers < 1 and queueSize < 0',
      async run(ctx) {
        for (const [workers, queueSize] of [[0, 1], [-1, 1], [1, -1]]) {
          await ctx.program.expect({ op: 'new', workers, queueSize }, { error: 'invalid-options' }, {
            message: `workers ${workers}, queueSize ${queueSize}: the constructor must refuse it (TypeScript: throw a RangeError; Go: NewPool panics)`,
          });
        }
        const pool = new PoolDriver(ctx);
        await pool.create(1, 0);
        const j1 = await pool.submit('accepted', 'queueSize 0 is valid: a job is accepted when a worker is free');
        await pool.finish(j1, 'value');
        await pool.expectResult(j1, resultOf(j1, 'value'), `${j1} must return its value`);
      },
    },
  ],
});
