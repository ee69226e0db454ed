import { defineStage } from '../../../src/grader/api.js';
import { orderSaga, Sagas } from './shared.js';

export const stage = defineStage({
  id: 'write-ahead',
  checks: [
    {
      id: 'crash-during-action',
      title: 'A crash while charge-payment runs leaves its step-started as the last entry of the stored log',
      async run(ctx) {
        const s = new Sagas(ctx, true);
        await s.create(3);
        ctx.note('the program exits while the card is being charged; the restarted program reads the stored log back and shows it (no resume yet)');
        await s.run('order-0', orderSaga(), { at: 'action', n: 2 });
      },
    },
    {
      id: 'actions-logged-first',
      title: 'Every action finds its step-started entry last in the log when it is called',
      async run(ctx) {
        const s = new Sagas(ctx, true);
        await s.create(3);
        await s.run('order-1', orderSaga());
      },
    },
    {
      id: 'failed-action-logged-first',
      title: 'A failing action is logged as started before it is called',
      async run(ctx) {
        const s = new Sagas(ctx, true);
        await s.create(3);
        await s.run('order-2', orderSaga({ fail: 0 }));
      },
    },
    {
      id: 'compensations-logged-first',
      title: 'Every compensation attempt finds its compensation-started entry last in the log when it is called',
      async run(ctx) {
        const s = new Sagas(ctx, true);
        await s.create(3);
        await s.run('order-3', orderSaga({ fail: 2, compensationFailures: { 1: 2 } }));
        await s.run('order-4', orderSaga({ fail: 2, compensationFailures: { 0: 9 } }));
      },
    },
  ],
});
