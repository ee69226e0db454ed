import { checkModel, defineStage, fc, type Program, type Step, Batch } from '../../../src/grader/api.js';
import { BreakerModel } from './model.js';
import type { BreakerSettings, Outcome, Trip } from './shared.js';

type Op =
  | { kind: 'new'; settings: BreakerSettings }
  /** A call whose fn ends at once with `outcome`; with `look`, counts() is read right after it. */
  | { kind: 'execute'; outcome: Outcome; look: boolean }
  /** Moves the clock by about a small step, an interval or a timeout (delta around it); never onto a boundary. */
  | { kind: 'advance'; scale: 'small' | 'interval' | 'timeout'; delta: number }
  /** state(), then counts() at the same instant. */
  | { kind: 'observe' };

const tripArb: fc.Arbitrary<Trip | undefined> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.record({ consecutiveFailuresOver: fc.constantFrom(0, 0, 1, 2) }) },
  { weight: 2, arbitrary: fc.record({ minRequests: fc.integer({ min: 2, max: 4 }), failureRatioAtLeast: fc.constantFrom(0.5, 0.6, 0.75) }) },
);

const settingsArb: fc.Arbitrary<BreakerSettings> = fc.record({
  maxRequests: fc.constantFrom(undefined, 0, 1, 1, 2, 3),
  interval: fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(undefined, 0) },
    { weight: 4, arbitrary: fc.integer({ min: 100, max: 400 }) },
  ),
  timeout: fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 4, arbitrary: fc.integer({ min: 200, max: 800 }) },
  ),
  trip: tripArb,
}).map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as BreakerSettings);

const opsOf = (outcomes: Outcome[]): fc.Arbitrary<Op> => fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('execute' as const), outcome: fc.constantFrom<Outcome>(...outcomes), look: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), scale: fc.constantFrom('small' as const, 'interval' as const, 'interval' as const, 'timeout' as const, 'timeout' as const), delta: fc.integer({ min: -30, max: 90 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'observe' as const }) },
);
/** Calls that fail about half the time, and calls that mostly succeed (so closed generations last). */
const opArb = opsOf(['failure', 'failure', 'success', 'success', 'success', 'panic']);
const mostlySucceedingOpArb = opsOf(['failure', 'success', 'success', 'success', 'success', 'success']);

/** Settings that make breakers go round the whole cycle often: quick to trip, with an interval and a short timeout. */
const cyclingSettingsArb: fc.Arbitrary<BreakerSettings> = fc.record({
  maxRequests: fc.constantFrom(1, 2),
  interval: fc.integer({ min: 100, max: 400 }),
  timeout: fc.integer({ min: 200, max: 800 }),
  trip: fc.record({ consecutiveFailuresOver: fc.constantFrom(0, 1) }),
});

const sequencesOf = (settings: fc.Arbitrary<BreakerSettings>, ops: fc.Arbitrary<Op>): fc.Arbitrary<Op[]> =>
  fc.tuple(settings, fc.array(ops, { minLength: 4, maxLength: 40, size: 'max' }))
    .map(([s, ops]): Op[] => [{ kind: 'new', settings: s }, ...ops]);

function stepMs(model: BreakerModel, op: Extract<Op, { kind: 'advance' }>): number {
  const base = op.scale === 'small' ? 41 : op.scale === 'interval' ? (model.interval || 300) : model.timeout;
  let ms = Math.max(1, base + op.delta);
  if (model.expiry !== undefined && model.now + ms === model.expiry) ms += 1; // never exactly on a boundary
  return ms;
}

function where(model: BreakerModel): string {
  const expiry = model.expiry === undefined ? '' : model.state === 'open'
    ? `, half-open after t=${model.expiry} ms` : `, counts cleared after t=${model.expiry} ms`;
  return `t=${model.now} ms, the contract's breaker is ${model.state}${expiry}, counts ${JSON.stringify(model.counts)}`;
}

/** Every reply of a sequence follows from the model alone, so the whole sequence goes out as one batch. */
async function runSequence(ops: Op[], program: Program, steps: Step[]): Promise<void> {
  const [first, ...rest] = ops;
  if (first?.kind !== 'new') throw new Error('a sequence starts with new');
  const model = new BreakerModel(first.settings);
  const batch = new Batch(program, steps);
  batch.expect({ op: 'new', settings: first.settings }, { ok: true }, 'the driver could not create the breaker');
  let calls = 0;
  const observe = (label: string) => {
    const state = model.look();
    batch.expect({ op: 'state' }, { state }, `${label}: state() differs from the contract (${where(model)})`);
    batch.expect({ op: 'counts' }, { counts: { ...model.counts } }, `${label}: counts() differ from the contract (${where(model)})`);
  };
  for (const [index, op] of rest.entries()) {
    const label = `operation ${index + 1} of ${rest.length}`;
    if (op.kind === 'execute') {
      const call = `c${++calls}`;
      const before = where(model);
      const expected = model.execute(call, op.outcome);
      batch.expect({ op: 'execute', call, outcome: op.outcome }, expected, `${label}: execute (fn ends with ${op.outcome}) differs from the contract (before it: ${before})`);
      if (op.look) {
        batch.expect({ op: 'counts' }, { counts: { ...model.counts } }, `${label}: counts() right after the call differ from the contract (${where(model)})`);
      }
    } else if (op.kind === 'advance') {
      const ms = stepMs(model, op);
      model.advance(ms);
      batch.expect({ op: 'advance', ms }, { ok: true });
    } else if (op.kind === 'observe') {
      observe(label);
    }
  }
  observe('at the end');
  batch.expect({ op: 'transitions' }, { transitions: model.takeTransitions() },
    'onStateChange must have been called once per state change, in order, as the contract\'s breaker did');
  await batch.settle();
}

export const stage = defineStage({
  id: 'random-sequences',
  checks: [
    {
      id: 'agrees-with-the-model',
      title: 'Random sequences of calls, clock moves and observations, with random settings, match the contract\'s breaker reply for reply',
      async run(ctx) {
        ctx.note('each sequence: a new breaker with random settings, then calls, clock moves around the interval and timeout (never exactly on them), and state()/counts()');
        await checkModel(ctx, { sequences: sequencesOf(settingsArb, opArb), runs: 100, run: (ops, program) => runSequence(ops, program, ctx.steps) });
      },
    },
    {
      id: 'agrees-through-state-cycles',
      title: 'Random sequences on breakers that trip, probe and close again and again match the contract',
      async run(ctx) {
        ctx.note('each sequence: a breaker that trips quickly, with an interval and a short timeout, so it goes closed -> open -> half-open -> closed many times');
        await checkModel(ctx, { sequences: sequencesOf(cyclingSettingsArb, mostlySucceedingOpArb), runs: 80, run: (ops, program) => runSequence(ops, program, ctx.steps) });
      },
    },
  ],
});
