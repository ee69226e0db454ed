import { checkModel, defineStage, expectMatch, fc, type Program, type Step, Batch } from '../../../src/grader/api.js';
import { RingModel, ringHash } from './model.js';
import { COLLIDING_ACROSS, COLLIDING_AT_0, describeRing, keysOf } from './shared.js';

/** Nodes of the random sequences: plain names and the two colliding pairs (their equal hashes need replicas >= 8 for the second). */
const POOL = ['alpha', 'bravo', 'charlie', 'delta', 'echo', COLLIDING_AT_0.first, COLLIDING_AT_0.second, COLLIDING_ACROSS.first, COLLIDING_ACROSS.second];

type Op =
  | { kind: 'new'; replicas: number }
  | { kind: 'add'; node: string }
  | { kind: 'remove'; node: string }
  /** get of a plain key, or of a virtual node's own name (which hashes exactly onto it). */
  | { kind: 'get'; key: string }
  | { kind: 'getN'; key: string; n: number }
  /** The owners of 40 keys at once. */
  | { kind: 'owners'; prefix: string };

/** Keys: plain ones, and virtual-node names of the pool (each hashes exactly onto its virtual node). */
const keyArbOf = (pool: readonly string[]): fc.Arbitrary<string> => fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 9999 }).map((i) => `user:${i}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...pool), fc.integer({ min: 0, max: 9 })).map(([node, i]) => `${node}#${i}`) },
);

const opArbOf = (pool: readonly string[]): fc.Arbitrary<Op> => {
  const nodeArb = fc.constantFrom(...pool);
  const keyArb = keyArbOf(pool);
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('add' as const), node: nodeArb }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), node: nodeArb }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('get' as const), key: keyArb }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('getN' as const), key: keyArb, n: fc.integer({ min: 0, max: 6 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('owners' as const), prefix: fc.constantFrom('a-', 'b-', 'c-') }) },
  );
};

/** A new ring, optionally a random subset of the pool added first (so removals meet full rings), then random operations. */
const sequencesOf = (replicas: fc.Arbitrary<number>, pool: readonly string[], addFirst: boolean): fc.Arbitrary<Op[]> => fc
  .tuple(replicas, addFirst ? fc.shuffledSubarray([...pool], { minLength: 2 }) : fc.constant([]),
    fc.array(opArbOf(pool), { minLength: 3, maxLength: 25, size: 'max' }))
  .map(([r, first, ops]): Op[] => [{ kind: 'new', replicas: r }, ...first.map((node): Op => ({ kind: 'add', node })), ...ops]);

/** Rings of the two colliding pairs and one plain node, with replicas that make both pairs collide. */
const TIES = ['alpha', COLLIDING_AT_0.first, COLLIDING_AT_0.second, COLLIDING_ACROSS.first, COLLIDING_ACROSS.second];

const where = (model: RingModel) => `the contract's ring holds [${model.nodes().join(', ')}] with ${model.replicas} virtual node(s) each; ${describeRing(model)}`;

/** Every reply follows from the model alone, so the whole sequence goes out as one batch. */
async function runSequence(ops: Op[], program: Program, steps: Step[]): Promise<void> {
  const [first, ...rest] = ops;
  if (first?.kind !== 'new') throw new Error('a sequence starts with new');
  const model = new RingModel(first.replicas);
  const batch = new Batch(program, steps);
  batch.expect({ op: 'new', replicas: first.replicas }, { ok: true }, 'the driver could not create the ring');
  for (const [index, op] of rest.entries()) {
    const label = `operation ${index + 1} of ${rest.length}`;
    if (op.kind === 'add' || op.kind === 'remove') {
      if (op.kind === 'add') model.add(op.node); else model.remove(op.node);
      batch.expect({ op: op.kind, node: op.node }, { ok: true }, `${label}: ${op.kind}("${op.node}") must return normally`);
    } else if (op.kind === 'get') {
      const node = model.get(op.key) ?? null;
      batch.expect({ op: 'get', key: op.key }, { node }, `${label}: get("${op.key}") differs from the contract (${model.explain(op.key)}; ${where(model)})`);
    } else if (op.kind === 'getN') {
      const nodes = model.getN(op.key, op.n);
      batch.expect({ op: 'getN', key: op.key, n: op.n }, { nodes },
        `${label}: getN("${op.key}", ${op.n}) differs from the contract (hash ${ringHash(op.key)}; ${where(model)})`);
    } else if (op.kind === 'owners') {
      const want = keysOf(op.prefix, 40).map((k) => model.get(k) ?? null);
      const message = `${label}: the owners of the keys "${op.prefix}0" … "${op.prefix}39" differ from the contract (${where(model)})`;
      batch.send({ op: 'owners', prefix: op.prefix, count: 40 }, (reply) => {
        const names = (reply.nodes ?? []) as string[];
        const got = Array.isArray(reply.owners) ? (reply.owners as number[]).map((i) => (i < 0 ? null : names[i])) : reply;
        expectMatch(got, want, message);
      });
    }
  }
  await batch.settle();
}

export const stage = defineStage({
  id: 'random-sequences',
  checks: [
    {
      id: 'agrees-with-the-model',
      title: 'Random sequences of add, remove, get and getN, with random replicas, match the contract\'s ring reply for reply',
      async run(ctx) {
        ctx.note('each sequence: a new ring with 1 to 10 virtual nodes per node, then adds and removes (known and unknown nodes, including two pairs whose virtual nodes share a hash), gets and getNs of plain keys and of virtual-node names');
        await checkModel(ctx, { sequences: sequencesOf(fc.constantFrom(1, 1, 2, 3, 8, 8, 10), POOL, false), runs: 120, run: (ops, program) => runSequence(ops, program, ctx.steps) });
      },
    },
    {
      id: 'agrees-around-equal-hashes',
      title: 'Random sequences on rings whose nodes have virtual nodes with equal hashes match the contract',
      async run(ctx) {
        ctx.note(`each sequence: a ring with 1 or 8 virtual nodes per node, some of ${TIES.join(', ')} added, then random operations; "${COLLIDING_AT_0.first}#0" and "${COLLIDING_AT_0.second}#0" share a hash, and so do "${COLLIDING_ACROSS.first}#${COLLIDING_ACROSS.firstIndex}" and "${COLLIDING_ACROSS.second}#${COLLIDING_ACROSS.secondIndex}" (with 8 virtual nodes)`);
        await checkModel(ctx, { sequences: sequencesOf(fc.constantFrom(1, 1, 8), TIES, true), runs: 80, run: (ops, program) => runSequence(ops, program, ctx.steps) });
      },
    },
  ],
});
