import { defineStage } from '../../../src/grader/api.js';
import { PoolDriver, resultOf } from './shared.js';

export const stage = defineStage({
  id: 'failures',
  checks: [
    {
      id: 'panic-stays-in-its-job',
      title: 'A job that panics (TypeScript: rejects) or fails gets that outcome as its result, and its worker goes on',
      async run(ctx) {
        const pool = new PoolDriver(ctx);
        await pool.create(1, 3);
        const [j1, j2, j3] = await pool.submitMany(3, '1 worker and a queue of 3');
        await pool.finish(j1, 'panic');
        await pool.expectResult(j1, resultOf(j1, 'panic'),
          `${j1} panicked: its result must carry the panic (Go: Wait returns nil and a *PanicError whose Value is the very value ${j1} panicked with; TypeScript: result rejects with the very error)`);
        await pool.expectSnapshot({ started: [j1, j2], running: 1, queued: 1 }, `${j1} panicked: its worker must survive and take ${j2}`);
        await pool.finish(j2, 'error');
        await pool.expectResult(j2, resultOf(j2, 'error'), `${j2} failed: its result must be the very error it returned`);
        await pool.expectSnapshot({ started: [j1, j2, j3], running: 1, queued: 0 }, `${j2} failed: the worker must go on with ${j3}`);
        await pool.finish(j3, 'value');
        await pool.expectResult(j3, resultOf(j3, 'value'), `${j3} must return its own value after the failures before it`);
      },
    },
    {
      id: 'job-ending-at-once',
      title: 'A job that panics, fails or returns the moment it is called (TypeScript: throws before returning a promise) is handled like any other',
      async run(ctx) {
        const pool = new PoolDriver(ctx);
        await pool.create(2, 2);
        const j1 = await pool.submit('accepted', 'the pool is idle', 'panic');
        const j2 = await pool.submit('accepted', 'the pool has room', 'error');
        const j3 = await pool.submit('accepted', 'the pool has room', 'value');
        await pool.expectResult(j1, resultOf(j1, 'panic'),
          `${j1} panics as soon as it is called (TypeScript: throws before it returns a promise): its result must carry that very panic / error, unchanged`);
        await pool.expectResult(j2, resultOf(j2, 'error'), `${j2} fails at once: its result must be its own error`);
        await pool.expectResult(j3, resultOf(j3, 'value'), `${j3} returns at once: its result must be its value`);
        await pool.expectSnapshot({ started: [j1, j2, j3], running: 0, queued: 0 }, 'the three jobs are over: running() and queued() must be 0');
        const [j4, j5] = await pool.submitMany(2, 'the pool is idle again');
        await pool.expectSnapshot({ started: [j1, j2, j3, j4, j5], active: [j4, j5], running: 2 },
          'both workers must still be there: two new jobs must run side by side (a panic must not cost the pool a worker)');
        await pool.finish(j4, 'value');
        await pool.finish(j5, 'value');
      },
    },
    {
      id: 'workers-survive-many-panics',
      title: 'After many panicking jobs the pool still has all its workers',
      async run(ctx) {
        const pool = new PoolDriver(ctx);
        await pool.create(2, 0);
        for (let round = 0; round < 4; round++) {
          const [a, b] = await pool.submitMany(2, 'both workers must be free again after the previous jobs panicked');
          await pool.expectSnapshot({ active: [a, b], running: 2 }, `round ${round + 1}: both jobs must run`);
          await pool.finish(a, 'panic');
          await pool.finish(b, 'panic');
          await pool.expectResult(a, resultOf(a, 'panic'), `${a} panicked: its result must carry the panic`);
          await pool.expectResult(b, resultOf(b, 'panic'), `${b} panicked: its result must carry the panic`);
          await pool.expectSnapshot({ active: [], running: 0 }, 'every job is over: running() must be 0');
        }
      },
    },
  ],
});
