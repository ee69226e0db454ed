import { checkModel, defineStage, fc, type Program, type Step, Batch } from '../../../src/grader/api.js';
import { CacheModel } from './model.js';

type Op =
  | { kind: 'set'; key: string; ttl: number | undefined }
  | { kind: 'get'; key: string }
  | { kind: 'delete'; key: string }
  | { kind: 'len' }
  /** Moves the clock; never onto the instant an entry expires. */
  | { kind: 'advance'; ms: number };

const keyArb = fc.constantFrom('a', 'b', 'c', 'd', 'e');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), key: keyArb, ttl: fc.constantFrom(undefined, undefined, 0, 50, 100, 100, 150) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('get' as const), key: keyArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), key: keyArb }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'len' as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 120 }) }) },
);

const sequences = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.array(opArb, { maxLength: 40 }));

/** The step that lands nearest after `ms` without touching an expiry instant. */
function safeStep(model: CacheModel, ms: number): number {
  const expiries = new Set(model.expiries());
  while (expiries.has(model.now + ms)) ms += 1;
  return ms;
}

/** Every reply follows from the model alone, so the whole sequence goes out as one batch (`steps`: the check's transcript). */
const runSequenceWith = (steps: Step[]) => async ([capacity, ops]: [number, Op[]], program: Program): Promise<void> => {
  const model = new CacheModel(capacity);
  const batch = new Batch(program, steps);
  batch.expect({ op: 'new', capacity }, { ok: true }, `capacity ${capacity} is valid: the cache must be created`);
  let values = 0;
  for (const [index, op] of ops.entries()) {
    const label = `operation ${index + 1} of ${ops.length}`;
    const before = model.describe();
    if (op.kind === 'advance') {
      const ms = safeStep(model, op.ms);
      model.advance(ms);
      batch.expect({ op: 'advance', ms }, { ok: true });
      continue;
    }
    let request: Record<string, unknown> & { op: string };
    let expected;
    if (op.kind === 'set') {
      const value = `v${++values}`;
      request = { op: 'set', key: op.key, value, ...(op.ttl === undefined ? {} : { ttlMs: op.ttl }) };
      expected = model.set(op.key, value, op.ttl);
    } else if (op.kind === 'get') {
      request = { op: 'get', key: op.key };
      expected = model.get(op.key);
    } else if (op.kind === 'delete') {
      request = { op: 'delete', key: op.key };
      expected = model.delete(op.key);
    } else {
      request = { op: 'len' };
      expected = model.len();
    }
    batch.expect(request, expected, `${label}: ${op.kind} differs from the contract's cache (before it: ${before})`);
  }
  await batch.settle();
};

export const stage = defineStage({
  id: 'random-sequences',
  checks: [
    {
      id: 'agrees-with-the-model',
      title: 'Random sequences of set (with and without TTLs), get, delete, len and clock moves match the contract\'s cache reply for reply',
      async run(ctx) {
        ctx.note('each sequence: a new cache of capacity 1 to 4, then random operations on 5 keys; clock moves never land exactly on an expiry');
        await checkModel(ctx, { sequences, runs: 200, run: runSequenceWith(ctx.steps) });
      },
    },
  ],
});
