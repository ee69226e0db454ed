import { defineStage } from '../../../src/grader/api.js';
import { orderSaga, Sagas } from './shared.js';

export const stage = defineStage({
  id: 'compensation',
  checks: [
    {
      id: 'shipment-fails',
      title: 'When create-shipment fails, the payment is refunded and then the stock released, and the saga is compensated',
      async run(ctx) {
        const s = new Sagas(ctx);
        await s.create(3);
        await s.run('order-1', orderSaga({ fail: 2 }));
      },
    },
    {
      id: 'payment-fails',
      title: 'When charge-payment fails, only reserve-inventory is compensated and create-shipment never starts',
      async run(ctx) {
        const s = new Sagas(ctx);
        await s.create(3);
        await s.run('order-2', orderSaga({ fail: 1 }));
      },
    },
    {
      id: 'first-step-fails',
      title: 'When the first step fails there is nothing to undo: step-failed, then saga-compensated',
      async run(ctx) {
        const s = new Sagas(ctx);
        await s.create(3);
        await s.run('order-3', orderSaga({ fail: 0 }));
      },
    },
    {
      id: 'long-saga-reverse-order',
      title: 'A six-step saga failing at its last step compensates the five done steps from newest to oldest',
      async run(ctx) {
        const s = new Sagas(ctx);
        await s.create(3);
        const steps = ['reserve-inventory', 'hold-coupon', 'charge-payment', 'award-points', 'notify-warehouse', 'create-shipment']
          .map((name, i) => ({ name, action: i === 5 ? 'fail' as const : 'ok' as const }));
        await s.run('order-4', steps);
        ctx.note('and it stays compensated');
        await s.run('order-4', steps);
      },
    },
  ],
});
