import { checkModel, defineStage, fc, type Program } from '../../../src/grader/api.js';
import { BloomModel, hashes, malformed, toHex } from './model.js';

type Op =
  | { kind: 'new'; m: number; k: number }
  | { kind: 'add'; item: string }
  | { kind: 'has'; item: string }
  | { kind: 'bitCount' }
  | { kind: 'toBytes' }
  | { kind: 'roundtrip' }
  /** fromBytes of the contract's bytes for a filter of m, k holding `items`, damaged by `damage`. */
  | { kind: 'load'; m: number; k: number; items: string[]; damage: 'none' | 'truncate' | 'extend' | 'padding' | 'zero-k' };

const POOL = ['', 'a', 'b', 'ab', 'ba', 'bloom', 'filter', 'é', 'e\u0301', '日本', '🙂', 'key-1', 'key-2', 'key-10', ' ', 'A', 'zero-step-413'];

const itemArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...POOL) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 999 }).map((i) => `item-${i}`) },
);

/** Small filters, so items share bits and the answers depend on every bit. Odd m makes h2 mod m = 0 possible. */
const mArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 64 }) },
  { weight: 3, arbitrary: fc.integer({ min: 65, max: 400 }) },
  { weight: 1, arbitrary: fc.constantFrom(3, 5, 7, 8, 9, 15, 16, 17, 1024) },
);
const kArb = fc.integer({ min: 1, max: 8 });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: itemArb.map((item): Op => ({ kind: 'add', item })) },
  { weight: 6, arbitrary: itemArb.map((item): Op => ({ kind: 'has', item })) },
  { weight: 2, arbitrary: fc.constant<Op>({ kind: 'bitCount' }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'toBytes' }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'roundtrip' }) },
  { weight: 1, arbitrary: fc.record({ m: mArb, k: kArb }).map(({ m, k }): Op => ({ kind: 'new', m, k })) },
  {
    weight: 1,
    arbitrary: fc.record({
      m: mArb, k: kArb, items: fc.array(itemArb, { maxLength: 6 }),
      damage: fc.constantFrom<'none' | 'truncate' | 'extend' | 'padding' | 'zero-k'>('none', 'none', 'none', 'truncate', 'extend', 'padding', 'zero-k'),
    }).map((r): Op => ({ kind: 'load', ...r })),
  },
);

const sequences: fc.Arbitrary<Op[]> = fc.tuple(fc.record({ m: mArb, k: kArb }), fc.array(opArb, { minLength: 4, maxLength: 40 }))
  .map(([first, ops]): Op[] => [{ kind: 'new', ...first }, ...ops]);

function loadBytes(op: Extract<Op, { kind: 'load' }>): Uint8Array {
  const model = new BloomModel(op.m, op.k);
  for (const item of op.items) model.add(item);
  const bytes = model.toBytes();
  switch (op.damage) {
    case 'truncate': return bytes.subarray(0, bytes.length - 1);
    case 'extend': return Uint8Array.from([...bytes, 0]);
    case 'zero-k': { const b = Uint8Array.from(bytes); b.fill(0, 4, 8); return b; }
    case 'padding': {
      if (op.m % 8 === 0) return bytes.subarray(0, 7); // no padding bits: damage the header instead
      const b = Uint8Array.from(bytes);
      b[b.length - 1] |= 0x80;
      return b;
    }
    default: return bytes;
  }
}

const describe = (model: BloomModel, item: string): string => {
  const locs = model.locations(item);
  const h = hashes(item);
  return `the contract's filter has m = ${model.m}, k = ${model.k}, ${model.bitCount()} bits set; ${JSON.stringify(item)} has h1 = ${h.h1}, h2 = ${h.h2}, locations [${locs.join(', ')}], of which [${locs.filter((i) => model.get(i)).join(', ')}] are set`;
};

async function runSequence(ops: Op[], program: Program): Promise<void> {
  let model: BloomModel | undefined;
  for (const [index, op] of ops.entries()) {
    const label = `operation ${index + 1} of ${ops.length}`;
    switch (op.kind) {
      case 'new':
        await program.expect({ op: 'new', m: op.m, k: op.k }, { ok: true, m: op.m, k: op.k }, { message: `${label}: new filter (m = ${op.m}, k = ${op.k}) must succeed` });
        model = new BloomModel(op.m, op.k);
        break;
      case 'load': {
        const bytes = loadBytes(op);
        const why = malformed(bytes);
        if (why) {
          await program.expect({ op: 'fromBytes', hex: toHex(bytes) }, { error: 'invalid' }, { message: `${label}: fromBytes must refuse these bytes (${why})` });
        } else {
          await program.expect({ op: 'fromBytes', hex: toHex(bytes) }, { ok: true, m: op.m, k: op.k }, { message: `${label}: fromBytes of a well-formed filter must succeed` });
          model = BloomModel.fromBytes(bytes);
        }
        break;
      }
      case 'add':
        await program.expect({ op: 'add', item: op.item }, { ok: true }, { message: `${label}: add must succeed` });
        model?.add(op.item);
        break;
      case 'has': {
        if (!model) break;
        const result = model.mightContain(op.item);
        await program.expect({ op: 'has', item: op.item }, { result }, { message: `${label}: mightContain(${JSON.stringify(op.item)}) must be ${result}: ${describe(model, op.item)}` });
        break;
      }
      case 'bitCount':
        if (!model) break;
        await program.expect({ op: 'bitCount' }, { bitCount: model.bitCount() }, { message: `${label}: bitCount() must be the number of bits set by the items added (m = ${model.m}, k = ${model.k})` });
        break;
      case 'toBytes':
        if (!model) break;
        await program.expect({ op: 'toBytes' }, { hex: model.hex() }, { message: `${label}: toBytes must be the contract's bytes (header m, k big-endian; bit i in byte i div 8 at bit i mod 8)` });
        break;
      case 'roundtrip':
        if (!model) break;
        await program.expect({ op: 'roundtrip' }, { ok: true, m: model.m, k: model.k }, { message: `${label}: fromBytes(toBytes(f)) must succeed and keep m and k` });
        break;
    }
  }
  if (model) {
    await program.expect({ op: 'toBytes' }, { hex: model.hex() }, { message: 'at the end: the filter\'s bytes must be the contract\'s, bit for bit' });
  }
}

export const stage = defineStage({
  id: 'random-sequences',
  checks: [
    {
      id: 'agrees-with-the-model',
      title: 'Random sequences of new, add, mightContain, bitCount, toBytes and fromBytes on small filters match the contract\'s filter bit for bit',
      async run(ctx) {
        ctx.note('each sequence: a small filter (m up to 400, k up to 8, so items share bits), then random adds, queries, bitCount(), toBytes, round trips and fromBytes of valid and damaged buffers');
        await checkModel(ctx, { sequences, runs: 150, run: runSequence });
      },
    },
  ],
});
