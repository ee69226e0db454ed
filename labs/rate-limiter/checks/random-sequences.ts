import { checkModel, defineStage, expectThat, fc, type Program, type Step, Batch } from '../../../src/grader/api.js';
import { BucketModel, WindowModel } from './model.js';
import { closeTo } from './shared.js';

// ---- token bucket ----

type BucketOp =
  | { kind: 'new'; rate: number; burst: number }
  | { kind: 'allowN'; n: number }
  | { kind: 'allow' }
  | { kind: 'tokens' }
  /** Moves the clock by a few ms, about one token's time, or about a full bucket's time (delta around it), or back by about one token's time. */
  | { kind: 'advance'; scale: 'small' | 'token' | 'bucket' | 'back'; delta: number };

const rates = [0, 0.25, 0.5, 1, 1.5, 2, 3, 4, 10, 25];

const bucketOps: fc.Arbitrary<BucketOp> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -1, max: 7 }).map((n) => ({ kind: 'allowN' as const, n })) },
  { weight: 3, arbitrary: fc.constant({ kind: 'allow' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'tokens' as const }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('advance' as const), scale: fc.constantFrom('small' as const, 'token' as const, 'bucket' as const, 'back' as const), delta: fc.integer({ min: -30, max: 30 }) }) },
);

const bucketSequences: fc.Arbitrary<BucketOp[]> = fc.tuple(
  fc.constantFrom(...rates), fc.integer({ min: 0, max: 6 }), fc.array(bucketOps, { maxLength: 30 }),
).map(([rate, burst, ops]): BucketOp[] => [{ kind: 'new', rate, burst }, ...ops]);

function bucketStep(model: BucketModel, op: Extract<BucketOp, { kind: 'advance' }>): number {
  const perToken = model.rate > 0 ? 1000 / model.rate : 1000;
  if (op.scale === 'back') return -Math.max(1, Math.round(perToken + op.delta)); // the contract: a clock going back adds and takes nothing
  const base = op.scale === 'small' ? 7 : op.scale === 'token' ? perToken : perToken * Math.max(1, model.burst);
  return Math.max(1, Math.round(base + op.delta));
}

/** Every reply follows from the model alone, so the whole sequence goes out as one batch. */
async function runBucket(ops: BucketOp[], program: Program, steps: Step[]): Promise<void> {
  const [first, ...rest] = ops;
  if (first?.kind !== 'new') throw new Error('a sequence starts with new');
  const model = new BucketModel(first.rate, first.burst);
  const batch = new Batch(program, steps);
  batch.expect({ op: 'bucket', rate: first.rate, burst: first.burst }, { ok: true }, 'the driver could not create the bucket');
  const take = (label: string, n: number, request: { op: string; n?: number }) => {
    if (model.onBoundary(n)) { // a whole token would complete exactly now: look 1 ms later instead
      model.advance(1);
      batch.expect({ op: 'advance', ms: 1 }, { ok: true });
    }
    const before = model.describe();
    const allowed = model.allowN(n);
    batch.expect(request, { allowed }, `${label}: ${request.op === 'allow' ? 'allow()' : `allowN(${n})`} must be ${allowed ? 'allowed' : 'refused'} (${before})`);
  };
  const tokens = (label: string) => {
    const want = model.tokens();
    const state = model.describe();
    batch.send({ op: 'tokens' }, (reply) => expectThat(closeTo(reply.tokens, want), `${label}: tokens() differs from the contract (${state})`,
      { expected: { tokens: want }, received: reply }));
  };
  for (const [index, op] of rest.entries()) {
    const label = `operation ${index + 1} of ${rest.length}`;
    if (op.kind === 'allowN') take(label, op.n, { op: 'allowN', n: op.n });
    else if (op.kind === 'allow') take(label, 1, { op: 'allow' });
    else if (op.kind === 'tokens') tokens(label);
    else if (op.kind === 'advance') {
      const ms = bucketStep(model, op);
      model.advance(ms);
      batch.expect({ op: 'advance', ms }, { ok: true });
    }
  }
  tokens('at the end');
  await batch.settle();
}

// ---- sliding window ----

type WindowOp =
  | { kind: 'new'; limit: number; windowMs: number; maxKeys: number }
  | { kind: 'allow'; key: string }
  | { kind: 'size' }
  /** Moves the clock by a few ms or about a window (delta around it); never onto a request's expiry. */
  | { kind: 'advance'; scale: 'small' | 'window'; delta: number };

const windowOps: fc.Arbitrary<WindowOp> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('a', 'a', 'b', 'b', 'c', 'c', 'd').map((key) => ({ kind: 'allow' as const, key })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'size' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), scale: fc.constantFrom('small' as const, 'small' as const, 'window' as const), delta: fc.integer({ min: -60, max: 60 }) }) },
);

const windowSequences: fc.Arbitrary<WindowOp[]> = fc.tuple(
  fc.constantFrom(0, 1, 1, 2, 2, 3), fc.integer({ min: 100, max: 500 }), fc.constantFrom(1, 2, 2, 3, 4), fc.array(windowOps, { maxLength: 40 }),
).map(([limit, windowMs, maxKeys, ops]): WindowOp[] => [{ kind: 'new', limit, windowMs, maxKeys }, ...ops]);

/** Every reply follows from the model alone, so the whole sequence goes out as one batch. */
async function runWindow(ops: WindowOp[], program: Program, steps: Step[]): Promise<void> {
  const [first, ...rest] = ops;
  if (first?.kind !== 'new') throw new Error('a sequence starts with new');
  const model = new WindowModel(first.limit, first.windowMs, first.maxKeys);
  const batch = new Batch(program, steps);
  batch.expect({ op: 'window', limit: first.limit, windowMs: first.windowMs, maxKeys: first.maxKeys }, { ok: true },
    'the driver could not create the limiter');
  for (const [index, op] of rest.entries()) {
    const label = `operation ${index + 1} of ${rest.length}`;
    if (op.kind === 'allow') {
      const before = model.describe();
      const allowed = model.allow(op.key);
      batch.expect({ op: 'allowKey', key: op.key }, { allowed },
        `${label}: allow("${op.key}") must be ${allowed ? 'allowed' : 'refused'} (before it: ${before})`);
    } else if (op.kind === 'size') {
      const size = model.size();
      batch.expect({ op: 'size' }, { size }, `${label}: size() differs from the contract (${model.describe()})`);
    } else if (op.kind === 'advance') {
      let ms = Math.max(1, (op.scale === 'small' ? 13 : model.windowMs) + op.delta);
      while (model.expiresAt(model.now + ms)) ms++; // never exactly when a request leaves the window
      model.advance(ms);
      batch.expect({ op: 'advance', ms }, { ok: true });
    }
  }
  const size = model.size();
  batch.expect({ op: 'size' }, { size }, `at the end: size() differs from the contract (${model.describe()})`);
  await batch.settle();
}

export const stage = defineStage({
  id: 'random-sequences',
  checks: [
    {
      id: 'bucket-agrees-with-the-model',
      title: 'Random sequences of allow, allowN, tokens and clock moves match the contract\'s token bucket',
      async run(ctx) {
        ctx.note('each sequence: a new bucket with a random rate and burst, then calls and clock moves (never exactly when a token completes)');
        await checkModel(ctx, { sequences: bucketSequences, runs: 150, run: (ops, program) => runBucket(ops, program, ctx.steps) });
      },
    },
    {
      id: 'window-agrees-with-the-model',
      title: 'Random sequences of requests from a few keys, size() and clock moves match the contract\'s sliding-window limiter',
      async run(ctx) {
        ctx.note('each sequence: a new limiter with random limit, window and maxKeys, then requests from keys a..d, size() and clock moves (never exactly when a request leaves the window)');
        await checkModel(ctx, { sequences: windowSequences, runs: 400, run: (ops, program) => runWindow(ops, program, ctx.steps) });
      },
    },
  ],
});

