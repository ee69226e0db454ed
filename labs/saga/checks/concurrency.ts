import { defineStage, expectMatch, type Random } from '../../../src/grader/api.js';
import { SagaModel } from './model.js';
import { describeScript, expectJournal, expectLog, orderSaga, type Call, type Entry, type ScriptStep } from './shared.js';

function randomScript(random: Random): ScriptStep[] {
  const length = random.int(1, 4);
  const fail = random.bool(0.6) ? random.int(0, length - 1) : -1;
  return Array.from({ length }, (_, i) => ({
    name: `step-${i}`,
    action: i === fail ? 'fail' as const : 'ok' as const,
    ...(random.bool(0.3) ? { compensationFailures: random.int(1, 4) } : {}),
  }));
}

export const stage = defineStage({
  id: 'concurrency',
  checks: [
    {
      id: 'many-sagas-at-once',
      title: 'Sixty sagas run at once on one orchestrator each end with the log, calls and outcome they would have alone',
      async run(ctx) {
        const max = 3;
        const sagas = Array.from({ length: 60 }, (_, i) => ({ saga: `order-${i}`, steps: randomScript(ctx.random) }));
        ctx.note(`hammer: 60 sagas at once on one orchestrator, maxCompensationAttempts ${max}, random steps (seed ${ctx.seed})`);
        const reply = await ctx.program.call({ op: 'hammer', maxCompensationAttempts: max, sagas }, { timeoutMs: 20_000 });
        const outcomes = reply.outcomes as Record<string, string>;
        const logs = reply.logs as Record<string, Entry[]>;
        const journals = reply.journals as Record<string, Call[]>;
        for (const { saga, steps } of sagas) {
          const model = new SagaModel(max);
          const outcome = model.run(saga, steps);
          const why = `saga ${saga} (steps: ${describeScript(steps)}) run alongside 59 others`;
          expectMatch(outcomes[saga], outcome, `${why}: the outcome differs from the contract`);
          expectLog(saga, logs[saga], model.entries(saga), why);
          expectJournal(saga, journals[saga], model.calls(saga), why, true);
        }
      },
    },
    {
      id: 'already-running',
      title: 'run for a saga that is running right now fails at once with the already-running error and disturbs nothing',
      async run(ctx) {
        await ctx.program.expect({ op: 'new', maxCompensationAttempts: 3 }, { ok: true });
        ctx.note('the first run of order-1 is held inside reserve-inventory while run(order-1) is called again, and once that call is over, a third time');
        const reply = await ctx.program.expect({ op: 'duplicate', saga: 'order-1', steps: orderSaga() },
          { second: 'already-running', secondSettledWhileHeld: true },
          { message: 'the second run must fail at once with the already-running error (AlreadyRunningError / ErrAlreadyRunning) while the first is still running' });
        expectMatch(reply, { third: 'already-running', thirdSettledWhileHeld: true },
          'a third run, called after the refused second one while the first is still running, must be refused too: refusing a duplicate must not clear the running mark of the run in progress (a finally / deferred release must belong only to the call that claimed the saga)');
        expectMatch(reply, { first: 'completed' }, 'the first run must complete undisturbed by the refused ones');
        const model = new SagaModel(3);
        model.run('order-1', orderSaga());
        const log = await ctx.program.call({ op: 'log', saga: 'order-1' });
        expectLog('order-1', log.entries as Entry[], model.entries('order-1'), 'after the rejected second run');
        const journal = await ctx.program.call({ op: 'journal', saga: 'order-1' });
        expectJournal('order-1', journal.calls as Call[], model.calls('order-1'), 'after the rejected second run', true);
        ctx.note('once the first run is over, the saga is no longer running: run returns its outcome');
        await ctx.program.expect({ op: 'run', saga: 'order-1', steps: orderSaga() }, { outcome: 'completed' });
      },
    },
  ],
});
