import { checkModel, defineStage, fc, type Program } from '../../../src/grader/api.js';
import { SagaModel } from './model.js';
import { describeCrash, describeScript, expectJournal, expectLog, showEntry, type Call, type Crash, type Entry, type ScriptStep } from './shared.js';
import { expectMatch } from '../../../src/grader/api.js';

/** A sequence is a new orchestrator, then sagas, each run into its crashes and then to the end. */
type Op = { kind: 'new'; max: number } | { kind: 'saga'; steps: ScriptStep[]; crashes: Crash[] };

const stepArb: fc.Arbitrary<ScriptStep> = fc.record({
  action: fc.constantFrom<'ok' | 'fail'>('ok', 'ok', 'ok', 'fail'),
  compensationFailures: fc.constantFrom(0, 0, 0, 1, 2, 3, 9),
}).map(({ action, compensationFailures }) => ({ name: 'step', action, ...(compensationFailures ? { compensationFailures } : {}) }));

const crashArb: fc.Arbitrary<Crash> = fc.record({
  at: fc.constantFrom<Crash['at']>('append', 'append', 'action', 'compensation'),
  n: fc.integer({ min: 1, max: 8 }),
});

const sagaArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constant('saga' as const),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 5 }).map((steps) => steps.map((s, i) => ({ ...s, name: `step-${i}` }))),
  crashes: fc.array(crashArb, { maxLength: 3 }),
});

const sequenceArb: fc.Arbitrary<Op[]> = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.array(sagaArb, { minLength: 1, maxLength: 4 }))
  .map(([max, sagas]): Op[] => [{ kind: 'new', max }, ...sagas]);

async function runSequence(ops: Op[], program: Program): Promise<void> {
  const [first, ...sagas] = ops;
  if (first?.kind !== 'new') throw new Error('a sequence starts with new');
  const seq = { max: first.max };
  const model = new SagaModel(seq.max);
  await program.expect({ op: 'new', maxCompensationAttempts: seq.max }, { ok: true }, { message: 'the driver could not create the orchestrator' });
  for (const [index, plan] of sagas.entries()) {
    if (plan.kind !== 'saga') continue;
    const saga = `order-${index + 1}`;
    const runs: (Crash | undefined)[] = [...plan.crashes, undefined];
    for (const crash of runs) {
      const before = model.entries(saga).map(showEntry).join(', ') || 'empty';
      const outcome = model.run(saga, plan.steps, crash);
      const why = `${saga} (maxCompensationAttempts ${seq.max}; steps ${describeScript(plan.steps)}), run ${crash ? `with ${describeCrash(crash)}` : 'to the end'}, log before: ${before}`;
      const reply = await program.call({ op: 'run', saga, steps: plan.steps, ...(crash ? { crash } : {}) });
      expectMatch(reply, outcome === 'crashed' ? { crashed: true } : { outcome }, `${why}: the reply differs from the contract`);
      const log = await program.call({ op: 'log', saga });
      expectLog(saga, log.entries as Entry[], model.entries(saga), why);
      const journal = await program.call({ op: 'journal', saga });
      expectJournal(saga, journal.calls as Call[], model.calls(saga), why, true);
    }
  }
}

export const stage = defineStage({
  id: 'random-sequences',
  checks: [
    {
      id: 'agrees-with-the-model',
      title: 'Random sagas with random failures and up to three crashes each match the contract\'s orchestrator entry for entry',
      async run(ctx) {
        ctx.note('each sequence: a new orchestrator with random maxCompensationAttempts, then sagas run into random crashes and resumed to the end');
        await checkModel(ctx, { sequences: sequenceArb, runs: 100, run: runSequence });
      },
    },
  ],
});
