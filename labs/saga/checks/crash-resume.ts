import { defineStage, type CheckContext } from '../../../src/grader/api.js';
import { orderSaga, Sagas, type Crash, type ScriptStep } from './shared.js';

/**
 * Runs the saga into each crash in turn (the program really exits there and is started again over
 * the files its driver wrote), then once more to the end; every run is checked against the contract.
 */
async function crashThenResume(ctx: CheckContext, max: number, saga: string, script: ScriptStep[], crashes: Crash[]): Promise<void> {
  const s = new Sagas(ctx, true);
  await s.create(max);
  for (const crash of crashes) await s.run(saga, script, crash);
  ctx.note('the restarted program resumes the saga: run again with the same steps');
  await s.run(saga, script);
}

export const stage = defineStage({
  id: 'crash-resume',
  checks: [
    {
      id: 'after-step-done',
      title: 'A crash right after reserve-inventory is logged done: the resumed saga charges and ships, and completes',
      run: (ctx) => crashThenResume(ctx, 3, 'order-1', orderSaga(), [{ at: 'append', n: 2 }]),
    },
    {
      id: 'during-action',
      title: 'A crash while charge-payment runs: it is never charged again; it is refunded, the stock released, and the saga compensated',
      run: (ctx) => crashThenResume(ctx, 3, 'order-2', orderSaga(), [{ at: 'action', n: 2 }]),
    },
    {
      id: 'after-step-started',
      title: 'A crash right after step-started of charge-payment: the step is compensated, not run',
      run: (ctx) => crashThenResume(ctx, 3, 'order-3', orderSaga(), [{ at: 'append', n: 3 }]),
    },
    {
      id: 'after-step-failed',
      title: 'A crash right after step-failed of create-shipment: the resumed saga rolls back in reverse order',
      run: (ctx) => crashThenResume(ctx, 3, 'order-4', orderSaga({ fail: 2 }), [{ at: 'append', n: 6 }]),
    },
    {
      id: 'between-compensations',
      title: 'A crash after the refund is logged done: only the stock is released on resume',
      run: (ctx) => crashThenResume(ctx, 3, 'order-5', orderSaga({ fail: 2 }), [{ at: 'append', n: 8 }]),
    },
    {
      id: 'during-compensation',
      title: 'A crash while the refund runs: the refund is called again with attempt 2, then the stock released',
      run: (ctx) => crashThenResume(ctx, 3, 'order-6', orderSaga({ fail: 2 }), [{ at: 'compensation', n: 1 }]),
    },
    {
      id: 'interrupted-attempt-is-no-failure',
      title: 'With maxCompensationAttempts 2, a refund that failed once and then crashed mid-attempt is tried again on resume, not given up',
      run: (ctx) => crashThenResume(ctx, 2, 'order-11', orderSaga({ fail: 2, compensationFailures: { 1: 1 } }), [{ at: 'compensation', n: 2 }]),
    },
    {
      id: 'failures-survive-the-crash',
      title: 'Two failed refunds logged before a crash count towards maxCompensationAttempts 3: one more attempt, then failed',
      run: (ctx) => crashThenResume(ctx, 3, 'order-7', orderSaga({ fail: 2, compensationFailures: { 1: 5 } }), [{ at: 'append', n: 10 }]),
    },
    {
      id: 'before-saga-done',
      title: 'A crash right after the last step-done: the resumed run appends only saga-done',
      run: (ctx) => crashThenResume(ctx, 3, 'order-8', orderSaga(), [{ at: 'append', n: 6 }]),
    },
    {
      id: 'before-saga-compensated',
      title: 'A crash right after the last compensation-done: the resumed run appends only saga-compensated',
      run: (ctx) => crashThenResume(ctx, 3, 'order-9', orderSaga({ fail: 1 }), [{ at: 'append', n: 6 }]),
    },
    {
      id: 'crash-twice',
      title: 'A crash while charging, then another while refunding in the resumed run, then a clean resume',
      run: (ctx) => crashThenResume(ctx, 3, 'order-10', orderSaga(), [{ at: 'action', n: 2 }, { at: 'compensation', n: 1 }]),
    },
  ],
});
