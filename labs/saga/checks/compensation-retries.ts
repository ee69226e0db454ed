import { defineStage } from '../../../src/grader/api.js';
import { orderSaga, Sagas } from './shared.js';

export const stage = defineStage({
  id: 'compensation-retries',
  checks: [
    {
      id: 'refund-retried',
      title: 'A refund that fails twice succeeds on attempt 3 (maxCompensationAttempts 3), and the saga is compensated',
      async run(ctx) {
        const s = new Sagas(ctx);
        await s.create(3);
        await s.run('order-1', orderSaga({ fail: 2, compensationFailures: { 1: 2 } }));
      },
    },
    {
      id: 'last-attempt-succeeds',
      title: 'A compensation that needs exactly maxCompensationAttempts attempts succeeds on the last one',
      async run(ctx) {
        const s = new Sagas(ctx);
        await s.create(4);
        await s.run('order-2', orderSaga({ fail: 2, compensationFailures: { 0: 3, 1: 1 } }));
      },
    },
    {
      id: 'gives-up-failed',
      title: 'A refund that always fails is tried maxCompensationAttempts times, then the saga is failed and the stock is not released',
      async run(ctx) {
        const s = new Sagas(ctx);
        await s.create(3);
        await s.run('order-3', orderSaga({ fail: 2, compensationFailures: { 1: 99 } }));
        ctx.note('a failed saga is over: running it again changes nothing');
        await s.run('order-3', orderSaga({ fail: 2, compensationFailures: { 1: 99 } }));
      },
    },
    {
      id: 'no-retries-with-one',
      title: 'With maxCompensationAttempts 1, one failed compensation fails the saga',
      async run(ctx) {
        const s = new Sagas(ctx);
        await s.create(1);
        await s.run('order-4', orderSaga({ fail: 2, compensationFailures: { 1: 1 } }));
      },
    },
    {
      id: 'oldest-step-fails',
      title: 'The release of the stock (oldest step) failing for good fails the saga after the refund succeeded',
      async run(ctx) {
        const s = new Sagas(ctx);
        await s.create(2);
        await s.run('order-5', orderSaga({ fail: 2, compensationFailures: { 0: 5 } }));
      },
    },
  ],
});
