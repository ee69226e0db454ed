// A Bloom filter: m bits, k probes per item by double hashing. The contract is in README.md.

const MASK64 = (1n << 64n) - 1n;
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MAX_U32 = 0xffffffff;
const HEADER = 8;
const encoder = new TextEncoder();

/** h1 (low half) and h2 (high half, forced odd) of fmix64(FNV-1a 64(UTF-8 of item)). */
function baseHashes(item: string): [number, number] {
  let h = FNV_OFFSET;
  for (const b of encoder.encode(item)) h = ((h ^ BigInt(b)) * FNV_PRIME) & MASK64;
  h ^= h >> 33n;
  h = (h * 0xff51afd7ed558ccdn) & MASK64;
  h ^= h >> 33n;
  h = (h * 0xc4ceb9fe1a85ec53n) & MASK64;
  h ^= h >> 33n;
  return [Number(h & 0xffffffffn), Number((h >> 32n) | 1n)];
}

function checkU32(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > MAX_U32) {
    throw new RangeError(`${name} must be an integer from 1 to 2^32-1, got ${value}`);
  }
}

export class BloomFilter {
  readonly m: number;
  readonly k: number;
  private readonly bits: Uint8Array;

  constructor(m: number, k: number) {
    checkU32("m", m);
    checkU32("k", k);
    this.m = m;
    this.k = k;
    this.bits = new Uint8Array(Math.ceil(m / 8));
  }

  static fromCapacity(n: number, p: number): BloomFilter {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
    if (!(p > 0 && p < 1)) throw new RangeError(`p must be strictly between 0 and 1, got ${p}`);
    const m = Math.ceil(-n * Math.log(p) / (Math.LN2 * Math.LN2));
    if (m > MAX_U32) throw new RangeError(`n = ${n} at p = ${p} needs m = ${m} bits, more than 2^32-1`);
    const k = Math.max(1, Math.round(m / n * Math.LN2));
    return new BloomFilter(m, k);
  }

  locations(item: string): number[] {
    const [h1, h2] = baseHashes(item);
    const step = h2 % this.m;
    let g = h1 % this.m;
    const out = new Array<number>(this.k);
    for (let i = 0; i < this.k; i++) {
      out[i] = g;
      g += step; // g + step < 2m <= 2^33: exact in a double
      if (g >= this.m) g -= this.m;
    }
    return out;
  }

  add(item: string): void {
    for (const i of this.locations(item)) this.bits[i >>> 3] |= 1 << (i & 7);
  }

  mightContain(item: string): boolean {
    for (const i of this.locations(item)) {
      if ((this.bits[i >>> 3] & (1 << (i & 7))) === 0) return false;
    }
    return true;
  }

  bitCount(): number {
    let n = 0;
    for (let b of this.bits) {
      for (; b !== 0; b &= b - 1) n++;
    }
    return n;
  }

  sizeInBytes(): number {
    return this.bits.byteLength;
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(HEADER + this.bits.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, this.m); // DataView is big-endian by default
    view.setUint32(4, this.k);
    out.set(this.bits, HEADER);
    return out;
  }

  static fromBytes(bytes: Uint8Array): BloomFilter {
    if (bytes.length < HEADER) throw new Error(`malformed filter: ${bytes.length} bytes, shorter than the 8-byte header`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const m = view.getUint32(0);
    const k = view.getUint32(4);
    if (m === 0 || k === 0) throw new Error(`malformed filter: m = ${m}, k = ${k} (both must be at least 1)`);
    const size = Math.ceil(m / 8);
    if (bytes.length !== HEADER + size) {
      throw new Error(`malformed filter: m = ${m} needs ${HEADER + size} bytes, got ${bytes.length}`);
    }
    if (m % 8 !== 0 && bytes[bytes.length - 1] >>> (m % 8) !== 0) {
      throw new Error(`malformed filter: bits past m = ${m} are set`);
    }
    const filter = new BloomFilter(m, k);
    filter.bits.set(bytes.subarray(HEADER));
    return filter;
  }
}
