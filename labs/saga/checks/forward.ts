import { defineStage } from '../../../src/grader/api.js';
import { orderSaga, Sagas } from './shared.js';

export const stage = defineStage({
  id: 'forward',
  checks: [
    {
      id: 'order-completes',
      title: 'An order saga whose steps all succeed calls the three actions in order, logs them and completes',
      async run(ctx) {
        const s = new Sagas(ctx);
        await s.create(3);
        await s.run('order-1', orderSaga());
      },
    },
    {
      id: 'no-steps',
      title: 'A saga with no steps logs only saga-done and completes',
      async run(ctx) {
        const s = new Sagas(ctx);
        await s.create(3);
        await s.run('order-empty', []);
      },
    },
    {
      id: 'finished-saga-is-not-run-again',
      title: 'run on a saga that is over returns its outcome and calls and appends nothing',
      async run(ctx) {
        const s = new Sagas(ctx);
        await s.create(3);
        await s.run('order-2', orderSaga());
        ctx.note('the same saga again: it is over, so nothing may run or be logged');
        await s.run('order-2', orderSaga());
      },
    },
    {
      id: 'separate-logs',
      title: 'Two sagas have separate logs, each entry carrying its own saga id',
      async run(ctx) {
        const s = new Sagas(ctx);
        await s.create(3);
        await s.run('order-a', orderSaga());
        await s.run('order-b', orderSaga().slice(0, 2));
        await s.expectState('order-a', 'after order-b ran');
      },
    },
  ],
});
