// The reference model for the bloom-filter checks: the contract's hashing, probe positions, sizing and
// byte layout, computed exactly (BigInt for the 64-bit hash), so checks can compare bits and bytes.

const MASK64 = (1n << 64n) - 1n;
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const encoder = new TextEncoder();

/** FNV-1a 64 over the bytes. */
export function fnv1a64(bytes: Uint8Array): bigint {
  let h = FNV_OFFSET;
  for (const b of bytes) h = ((h ^ BigInt(b)) * FNV_PRIME) & MASK64;
  return h;
}

/** The MurmurHash3 64-bit finaliser. */
export function fmix64(x: bigint): bigint {
  let h = x;
  h ^= h >> 33n;
  h = (h * 0xff51afd7ed558ccdn) & MASK64;
  h ^= h >> 33n;
  h = (h * 0xc4ceb9fe1a85ec53n) & MASK64;
  h ^= h >> 33n;
  return h;
}

export interface Hashes { fnv: bigint; mixed: bigint; h1: number; rawH2: number; h2: number }

/** The contract's two base hashes of an item: h1 the low half, h2 the high half forced odd. */
export function hashes(item: string): Hashes {
  const fnv = fnv1a64(encoder.encode(item));
  const mixed = fmix64(fnv);
  const h1 = Number(mixed & 0xffffffffn);
  const rawH2 = Number(mixed >> 32n);
  return { fnv, mixed, h1, rawH2, h2: (rawH2 | 1) >>> 0 };
}

/** Probe positions (h1 + i*h2) mod m for i = 0..k-1, exactly, from the given base hashes. */
export function probe(h1: number, h2: number, m: number, k: number): number[] {
  const out: number[] = [];
  const step = h2 % m;
  let g = h1 % m;
  for (let i = 0; i < k; i++) {
    out.push(g);
    g += step;
    if (g >= m) g -= m;
  }
  return out;
}

export function locations(item: string, m: number, k: number): number[] {
  const { h1, h2 } = hashes(item);
  return probe(h1, h2, m, k);
}

/** fromCapacity's sizing, computed as the contract writes it. */
export function capacityParams(n: number, p: number): { m: number; k: number } {
  const m = Math.ceil(-n * Math.log(p) / (Math.LN2 * Math.LN2));
  const k = Math.max(1, Math.round(m / n * Math.LN2));
  return { m, k };
}

/** The false-positive rate the standard approximation predicts after n adds. */
export function theoreticalRate(m: number, k: number, n: number): number {
  return Math.pow(1 - Math.exp(-k * n / m), k);
}

export const MAX_M = 0xffffffff;

/** Why bytes are not a valid serialised filter, or undefined when they are. */
export function malformed(bytes: Uint8Array): string | undefined {
  if (bytes.length < 8) return `only ${bytes.length} bytes: the header alone is 8`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const m = view.getUint32(0);
  const k = view.getUint32(4);
  if (m === 0) return 'the header says m = 0';
  if (k === 0) return 'the header says k = 0';
  const want = 8 + Math.ceil(m / 8);
  if (bytes.length !== want) return `the header says m = ${m}, so the length must be 8 + ceil(m/8) = ${want}, not ${bytes.length}`;
  if (m % 8 !== 0 && (bytes[bytes.length - 1] >> (m % 8)) !== 0) return `bits past m (${m}) are set in the last byte`;
  return undefined;
}

/** The contract's filter, bit for bit. */
export class BloomModel {
  readonly bits: Uint8Array;
  constructor(readonly m: number, readonly k: number, bits?: Uint8Array) {
    this.bits = bits ? Uint8Array.from(bits) : new Uint8Array(Math.ceil(m / 8));
  }

  static fromBytes(bytes: Uint8Array): BloomModel {
    const why = malformed(bytes);
    if (why) throw new Error(why);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return new BloomModel(view.getUint32(0), view.getUint32(4), bytes.subarray(8));
  }

  locations(item: string): number[] { return locations(item, this.m, this.k); }

  add(item: string): void {
    for (const i of this.locations(item)) this.bits[i >> 3] |= 1 << (i & 7);
  }

  get(i: number): boolean { return (this.bits[i >> 3] & (1 << (i & 7))) !== 0; }

  mightContain(item: string): boolean { return this.locations(item).every((i) => this.get(i)); }

  bitCount(): number {
    let n = 0;
    for (let b of this.bits) for (; b; b &= b - 1) n++;
    return n;
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(8 + this.bits.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, this.m);
    view.setUint32(4, this.k);
    out.set(this.bits, 8);
    return out;
  }

  hex(): string { return toHex(this.toBytes()); }
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
