import { defineStage, expectMatch, expectThat, type CheckContext } from '../../../src/grader/api.js';
import { BloomModel, fromHex, toHex } from './model.js';
import { Filter, addManyTo, expectRefused } from './shared.js';

/** Names the usual layout mistake that turns the contract's bytes into `got`. */
function diagnoseBytes(model: BloomModel, got: string): string | undefined {
  const want = model.hex();
  const header = want.slice(0, 16);
  const size = Math.ceil(model.m / 8);
  if (got.length !== want.length) {
    const bytes = got.length / 2;
    if (bytes === 8 + Math.floor(model.m / 8)) return `the length must be 8 + ceil(m/8) = ${8 + size} bytes: this is 8 + floor(m/8), which drops the last ${model.m % 8} bits`;
    if (bytes === 8 + Math.floor(model.m / 8) + 1) return `the length must be 8 + ceil(m/8) = ${8 + size} bytes: this is 8 + m/8 + 1, one byte too many when m is a multiple of 8`;
    if (bytes === size) return 'the bytes must start with the 8-byte header: m, then k, each a big-endian uint32';
    return `the length must be 8 + ceil(m/8) = ${8 + size} bytes`;
  }
  const le = (x: number) => toHex(Uint8Array.of(x & 255, (x >>> 8) & 255, (x >>> 16) & 255, x >>> 24));
  if (got.slice(0, 16) === le(model.m) + le(model.k)) return 'm and k must be written BIG-endian (most significant byte first); these are little-endian';
  if (got.slice(0, 16) !== header) return `the header must be m then k as big-endian uint32: ${header}`;
  const reversed = toHex(Uint8Array.from(model.bits, (b) => {
    let r = 0;
    for (let i = 0; i < 8; i++) if (b & (1 << i)) r |= 1 << (7 - i);
    return r;
  }));
  if (got.slice(16) === reversed) return 'bit i must be bit (i mod 8) of byte (i div 8) counting from the LEAST significant bit (mask 1 << (i % 8)); these bits are numbered from the most significant one';
  return 'bit i of the filter is bit (i mod 8) of byte 8 + (i div 8), least significant bit first';
}

async function expectBytes(ctx: CheckContext, model: BloomModel, what: string): Promise<void> {
  const got = await new Filter(ctx).hex();
  const why = diagnoseBytes(model, got);
  expectMatch(got, model.hex(), `${what}: toBytes must be m and k as big-endian uint32, then ceil(m/8) = ${Math.ceil(model.m / 8)} bytes with bit i in byte i div 8 at bit i mod 8, least significant first${why ? `. ${why}` : ''}`);
}

export const stage = defineStage({
  id: 'serialisation',
  checks: [
    {
      id: 'exact-bytes',
      title: 'toBytes writes the header and the bits in the contract\'s layout',
      async run(ctx) {
        const f = new Filter(ctx);
        const cases: [number, number, string[]][] = [
          [100, 3, []],
          [20, 3, ['a', 'b']],
          [64, 4, ['one', 'two', 'three', 'four', 'five']],
          [1, 1, ['x']],
          [203, 5, Array.from({ length: 12 }, (_, i) => `item-${i}`)],
          [1000, 7, ['日本語', 'é', '', `seed-${ctx.seed}`]],
        ];
        for (const [m, k, items] of cases) {
          const model = await f.create(m, k);
          for (const item of items) {
            await f.add(item);
            model.add(item);
          }
          await expectBytes(ctx, model, `m = ${m}, k = ${k}, after adding ${items.length === 0 ? 'nothing' : items.map((i) => JSON.stringify(i)).join(', ')}`);
        }
      },
    },
    {
      id: 'round-trip',
      title: 'fromBytes(toBytes(f)) is the same filter: same m, k, bits and answers (randomised)',
      async run(ctx) {
        const f = new Filter(ctx);
        for (let round = 0; round < 4; round++) {
          // even m, and on odd rounds not a multiple of 8 (odd m belongs to the random-sequences stage)
          const m = 8 * ctx.random.int(125, 7500) + (round % 2 === 0 ? 0 : 2 + 2 * ctx.random.int(0, 2));
          const k = ctx.random.int(1, 10);
          const n = ctx.random.int(100, Math.floor(m / 10));
          const prefix = `rt${ctx.seed}-${round}-`;
          const model = await f.create(m, k);
          await f.addMany(prefix, n);
          addManyTo(model, prefix, n);
          ctx.note(`m = ${m}, k = ${k}, ${n} items ${prefix}0 .. ${prefix}${n - 1}`);
          const before = await f.hex();
          const count = await f.bitCount();
          await ctx.program.expect({ op: 'roundtrip' }, { ok: true, m, k }, { message: 'fromBytes(toBytes(f)) must succeed and keep m and k' });
          const present = await f.countMany(prefix, n);
          expectThat(present === n, `after a round trip through bytes every item added must still be reported present (a false negative here usually means toBytes and fromBytes number the bits differently)`,
            { expected: n, received: present });
          expectMatch(await f.hex(), before, 'toBytes of the decoded filter must give back exactly the bytes it was decoded from');
          expectMatch(await f.bitCount(), count, 'the decoded filter must have the same bits set: bitCount() differs');
          expectMatch(before, model.hex(), 'the bytes must be the contract\'s (header, then the bits of every item added)');
        }
      },
    },
    {
      id: 'reads-the-contract-bytes',
      title: 'fromBytes reads bytes written by the contract\'s filter: the same items are present',
      async run(ctx) {
        const f = new Filter(ctx);
        const model = new BloomModel(12_346, 6);
        const prefix = `rd${ctx.seed}-`;
        addManyTo(model, prefix, 1500);
        await ctx.program.expect({ op: 'fromBytes', hex: model.hex() }, { ok: true, m: 12_346, k: 6 },
          { message: 'fromBytes of a valid filter (m = 12346, k = 6, 1500 items added) must succeed and read m and k from the header' });
        const present = await f.countMany(prefix, 1500);
        expectThat(present === 1500, 'every item the bytes hold must be reported present', { expected: 1500, received: present });
        let expectedStrangers = 0;
        for (let i = 0; i < 3000; i++) if (model.mightContain(`${prefix}x${i}`)) expectedStrangers++;
        const strangers = await f.countMany(`${prefix}x`, 3000);
        expectMatch(strangers, expectedStrangers, 'items never added are reported present exactly when all their k bits are set in these bytes: the count differs from the contract\'s');
        expectMatch(await f.bitCount(), model.bitCount(), 'bitCount() of the decoded filter must be the number of bits set in the bytes');
      },
    },
    {
      id: 'rejects-malformed-bytes',
      title: 'fromBytes refuses truncated, padded and inconsistent buffers',
      async run(ctx) {
        const good = new BloomModel(20, 3);
        good.add('a');
        const bytes = good.toBytes(); // 8 + 3 bytes
        const cases: [Uint8Array, string][] = [
          [new Uint8Array(0), 'an empty buffer'],
          [bytes.subarray(0, 7), 'a buffer shorter than the 8-byte header'],
          [Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 3), 'a header with m = 0'],
          [Uint8Array.of(0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0), 'a header with k = 0'],
          [bytes.subarray(0, bytes.length - 1), 'm = 20 with one byte of bits missing (it needs ceil(20/8) = 3)'],
          [Uint8Array.from([...bytes, 0]), 'm = 20 with one byte of bits too many'],
          [fromHex(toHex(bytes).slice(0, -2) + 'f0'), 'm = 20 with bits 20..23 (past m) set in the last byte'],
        ];
        for (const [b, what] of cases) await expectRefused(ctx, { op: 'fromBytes', hex: toHex(b) }, `fromBytes of ${what}`);
        await ctx.program.expect({ op: 'fromBytes', hex: toHex(bytes) }, { ok: true, m: 20, k: 3 }, { message: 'the same filter, well formed, must be accepted' });
      },
    },
  ],
});
