import { checkModel, defineStage, fc, type Program } from '../../../src/grader/api.js';
import { SagaModel } from './model.js';
import {
  describeCrash, describeScript, expectJournal, expectLog, expectRunResult, runOnProgram, showEntry,
  type Call, type Crash, type Entry, type ScriptStep,
} from './shared.js';

/** A sequence is a new orchestrator, then sagas, each run into its crashes and then to the end. */
type Op = { kind: 'new'; max: number } | { kind: 'saga'; steps: ScriptStep[]; crashes: Crash[] };

/**
 * Every crash the program reaches is a real exit and a new process. A Go program starts in a few
 * milliseconds; a TypeScript one needs a Node start (a few hundred), so its sequences are fewer and
 * carry fewer crashes, with the compensation crashes and the small limits where an interrupted
 * attempt matters most weighted up.
 */
interface Sizing { runs: number; sagas: number; crashesPerSaga: number; crashAt: Crash['at'][]; max: number[] }
const SIZING: Record<'go' | 'ts', Sizing> = {
  go: { runs: 100, sagas: 4, crashesPerSaga: 3, crashAt: ['append', 'append', 'action', 'compensation'], max: [1, 2, 3, 4] },
  ts: { runs: 60, sagas: 2, crashesPerSaga: 2, crashAt: ['append', 'action', 'compensation', 'compensation'], max: [1, 1, 2, 2, 3, 4] },
};

const stepArb: fc.Arbitrary<ScriptStep> = fc.record({
  action: fc.constantFrom<'ok' | 'fail'>('ok', 'ok', 'ok', 'fail'),
  compensationFailures: fc.constantFrom(0, 0, 0, 1, 2, 3, 9),
}).map(({ action, compensationFailures }) => ({ name: 'step', action, ...(compensationFailures ? { compensationFailures } : {}) }));

function sequenceArb(sizing: Sizing): fc.Arbitrary<Op[]> {
  const crashArb: fc.Arbitrary<Crash> = fc.record({ at: fc.constantFrom(...sizing.crashAt), n: fc.integer({ min: 1, max: 8 }) });
  const sagaArb: fc.Arbitrary<Op> = fc.record({
    kind: fc.constant('saga' as const),
    steps: fc.array(stepArb, { minLength: 1, maxLength: 5 }).map((steps) => steps.map((s, i) => ({ ...s, name: `step-${i}` }))),
    crashes: fc.array(crashArb, { maxLength: sizing.crashesPerSaga }),
  });
  return fc.tuple(fc.constantFrom(...sizing.max), fc.array(sagaArb, { minLength: 1, maxLength: sizing.sagas }))
    .map(([max, sagas]): Op[] => [{ kind: 'new', max }, ...sagas]);
}

async function runSequence(ops: Op[], program: Program): Promise<void> {
  const [first, ...sagas] = ops;
  if (first?.kind !== 'new') throw new Error('a sequence starts with new');
  const model = new SagaModel(first.max);
  await program.expect({ op: 'new', maxCompensationAttempts: first.max }, { ok: true }, { message: 'the driver could not create the orchestrator' });
  for (const [index, plan] of sagas.entries()) {
    if (plan.kind !== 'saga') continue;
    const saga = `order-${index + 1}`;
    const runs: (Crash | undefined)[] = [...plan.crashes, undefined];
    for (const crash of runs) {
      const before = model.entries(saga).map(showEntry).join(', ') || 'empty';
      const outcome = model.run(saga, plan.steps, crash);
      const why = `${saga} (maxCompensationAttempts ${first.max}; steps ${describeScript(plan.steps)}), run ${crash ? `with ${describeCrash(crash)}` : 'to the end'}, log before: ${before}`;
      const result = await runOnProgram(program, { op: 'run', saga, steps: plan.steps, ...(crash ? { crash } : {}) });
      if (!result.crashed && result.reply.error !== undefined) expectRunResult(why, result, outcome, model.entries(saga));
      const log = await program.call({ op: 'log', saga });
      expectLog(saga, log.entries as Entry[], model.entries(saga), why);
      const journal = await program.call({ op: 'journal', saga });
      expectJournal(saga, journal.calls as Call[], model.calls(saga), why, true);
      expectRunResult(why, result, outcome, model.entries(saga));
    }
  }
}

export const stage = defineStage({
  id: 'random-sequences',
  checks: [
    {
      id: 'agrees-with-the-model',
      title: 'Random sagas with random failures and real crashes at random points match the contract\'s orchestrator entry for entry',
      async run(ctx) {
        const info = await ctx.program.call({ op: 'info' });
        const sizing = SIZING[info.language === 'ts' ? 'ts' : 'go'];
        ctx.note(`each sequence: a new orchestrator with random maxCompensationAttempts, then up to ${sizing.sagas} sagas, each run into up to ${sizing.crashesPerSaga} random crash(es) (the program exits and is started again) and resumed to the end; ${sizing.runs} sequences`);
        await checkModel(ctx, { sequences: sequenceArb(sizing), runs: sizing.runs, run: runSequence });
      },
    },
  ],
});
