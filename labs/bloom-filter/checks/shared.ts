// Helpers shared by the bloom-filter stages (not a stage itself).
import { type CheckContext, type Program, type Reply } from '../../../src/grader/api.js';
import { BloomModel, capacityParams, fmix64, fnv1a64, hashes, probe, type Hashes } from './model.js';

/** Bound on a request that adds or queries many items at once (a BigInt hash in TypeScript is slow). */
export const BULK_MS = 30_000;

/** The filter behind the driver, with readable expectations. */
export class Filter {
  constructor(private readonly ctx: CheckContext) {}

  get program(): Program { return this.ctx.program; }

  /** new BloomFilter(m, k) / New(m, k), which must succeed and read back m and k. */
  async create(m: number, k: number): Promise<BloomModel> {
    await this.program.expect({ op: 'new', m, k }, { ok: true, m, k },
      { message: `new filter with m = ${m}, k = ${k} must succeed, and m and k must read back unchanged` });
    return new BloomModel(m, k);
  }

  async add(item: string): Promise<void> {
    await this.program.expect({ op: 'add', item }, { ok: true }, { message: `add(${JSON.stringify(item)}) must succeed` });
  }

  async addMany(prefix: string, count: number, from = 0): Promise<void> {
    await this.program.expect({ op: 'addMany', prefix, from, count }, { ok: true },
      { timeoutMs: BULK_MS, message: `adding ${count} items must succeed` });
  }

  /** How many of prefix+from .. prefix+(from+count-1) mightContain reports present. */
  async countMany(prefix: string, count: number, from = 0): Promise<number> {
    const reply = await this.program.call({ op: 'countMany', prefix, from, count }, { timeoutMs: BULK_MS });
    if (typeof reply.count !== 'number') this.ctx.fail('countMany must reply with a count', { expected: { count: 'a number' }, received: reply });
    return reply.count;
  }

  async locations(item: string): Promise<Reply> {
    return this.program.call({ op: 'locations', item });
  }

  async bitCount(): Promise<number> {
    const reply = await this.program.call({ op: 'bitCount' });
    if (typeof reply.bitCount !== 'number') this.ctx.fail('bitCount must reply with a number', { expected: { bitCount: 'a number' }, received: reply });
    return reply.bitCount;
  }

  async hex(): Promise<string> {
    const reply = await this.program.call({ op: 'toBytes' });
    if (typeof reply.hex !== 'string') this.ctx.fail('toBytes must produce bytes', { expected: { hex: 'the bytes as hex' }, received: reply });
    return reply.hex;
  }
}

/** Adds `count` items prefix+i to a model (as addMany does). */
export function addManyTo(model: BloomModel, prefix: string, count: number, from = 0): void {
  for (let i = from; i < from + count; i++) model.add(prefix + i);
}

const encoder = new TextEncoder();

/** FNV-1a 64 over arbitrary "units" (to recognise hashes of UTF-16 code units or code points). */
function fnvUnits(units: Iterable<number>): bigint {
  let h = 0xcbf29ce484222325n;
  const mask = (1n << 64n) - 1n;
  for (const u of units) h = ((h ^ BigInt(u)) * 0x100000001b3n) & mask;
  return h;
}

function split(mixed: bigint): { h1: number; rawH2: number } {
  return { h1: Number(mixed & 0xffffffffn), rawH2: Number(mixed >> 32n) };
}

/**
 * Names the usual mistake that turns the contract's locations into `got`, or undefined when none fits.
 * Each candidate is one deviation from the contract.
 */
export function diagnoseLocations(item: string, m: number, k: number, got: unknown): string | undefined {
  if (!Array.isArray(got)) return undefined;
  const same = (xs: number[]) => xs.length === got.length && xs.every((x, i) => x === got[i]);
  const h: Hashes = hashes(item);
  if (got.length !== k) return `there must be exactly k = ${k} locations, one per probe i = 0 .. k-1, duplicates kept`;
  if (got.some((x) => typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= m)) {
    return `every location must be an integer in 0 .. m-1; a negative one usually means h2 became a signed 32-bit number (in JavaScript, x | 1 is signed: write (x | 1) >>> 0, or take h2 from the BigInt)`;
  }
  if (same(probe(h.h1, h.rawH2, m, k))) return `h2 must be forced odd (h2 = high half | 1): this is the high half as it is (h2 = ${h.rawH2}); an even h2 shares factors with m, and h2 mod m = 0 puts all k probes on one bit`;
  const wrapped = Array.from({ length: k }, (_, i) => (((h.h1 + i * h.h2) % 2 ** 32) % m));
  if (same(wrapped)) return `(h1 + i*h2) mod m must be computed exactly: this wraps h1 + i*h2 at 2^32 first (32-bit overflow); use 64-bit arithmetic, or add h2 mod m to the previous location and subtract m when it reaches m`;
  if (same(probe(h.h2, (h.h1 | 1) >>> 0, m, k)) || same(probe(h.rawH2, h.h1, m, k))) return `h1 is the LOW 32 bits of the mixed hash and h2 the HIGH 32 bits (| 1); these are swapped`;
  if (same(probe(h.h1, h.h2, m, k + 1).slice(1))) return 'the probes are i = 0 .. k-1: the first location is h1 mod m itself; these start at i = 1';
  const noMix = split(fnv1a64(encoder.encode(item)));
  if (same(probe(noMix.h1, (noMix.rawH2 | 1) >>> 0, m, k))) return 'the FNV-1a 64 hash must go through the fmix64 finaliser before it is split into h1 and h2';
  const codeUnits = split(fmix64(fnvUnits(Array.from({ length: item.length }, (_, i) => item.charCodeAt(i)))));
  if (same(probe(codeUnits.h1, (codeUnits.rawH2 | 1) >>> 0, m, k))) return 'FNV-1a runs over the UTF-8 BYTES of the item; this hashed UTF-16 code units (charCodeAt), which differ from UTF-8 for every non-ASCII character (use new TextEncoder().encode(item))';
  const codePoints = split(fmix64(fnvUnits(Array.from(item, (c) => c.codePointAt(0) ?? 0))));
  if (same(probe(codePoints.h1, (codePoints.rawH2 | 1) >>> 0, m, k))) return 'FNV-1a runs over the UTF-8 BYTES of the item; this hashed code points (ranging over a Go string yields runes): loop over the bytes (item[i] for i < len(item))';
  return undefined;
}

/** The contract's sizing, and the usual wrong ones, for a failure message. */
export function diagnoseCapacity(n: number, p: number, got: { m?: unknown; k?: unknown }): string | undefined {
  const want = capacityParams(n, p);
  const ln2sq = Math.LN2 * Math.LN2;
  if (got.m !== want.m) {
    if (got.m === Math.ceil(-n * Math.log10(p) / ln2sq)) return 'm uses log10(p): the formula takes the natural logarithm, ln p';
    if (got.m === Math.ceil(-n * Math.log2(p) / ln2sq)) return 'm uses log2(p): the formula takes the natural logarithm, ln p';
    if (got.m === Math.ceil(-n * Math.log(p) / Math.LN2)) return 'm divides by ln 2: the formula divides by (ln 2)^2';
    if (got.m === Math.floor(-n * Math.log(p) / ln2sq) || got.m === Math.round(-n * Math.log(p) / ln2sq)) return 'm must be rounded UP (ceil), so the filter is never smaller than the formula asks';
    return undefined;
  }
  const x = want.m / n * Math.LN2;
  if (got.k === Math.floor(x)) return `k must be ROUNDED to the nearest integer (m/n ln 2 = ${x.toFixed(4)}), not truncated`;
  if (got.k === Math.ceil(x)) return `k must be ROUNDED to the nearest integer (m/n ln 2 = ${x.toFixed(4)}), not rounded up`;
  if (got.k === 0) return 'k must be at least 1: k = max(1, round(m/n ln 2))';
  return undefined;
}

/** Fails unless a reply is the driver's "invalid" (the filter refused its input). */
export async function expectRefused(ctx: CheckContext, request: { op: string } & Record<string, unknown>, what: string): Promise<void> {
  await ctx.program.expect(request, { error: 'invalid' },
    { message: `${what} must be refused (TypeScript: throw an Error; Go: return an error), and the driver replies {"error":"invalid"}` });
}
