// Your Bloom filter. The contract is in README.md; driver.ts (provided, do not edit) calls it.

export class BloomFilter {
  /** The number of bits. */
  readonly m: number;
  /** The number of probes per item. */
  readonly k: number;

  /** An empty filter of m bits probed k times per item; m and k integers from 1 to 2^32-1, else RangeError. */
  constructor(m: number, k: number) {
    // TODO: check m and k, allocate ceil(m/8) bytes of bits (a Uint8Array).
    this.m = m;
    this.k = k;
    throw new Error("not implemented: new BloomFilter(m, k)");
  }

  /** A filter sized for n items at false-positive rate p: m = ceil(-n ln p / (ln 2)^2), k = max(1, round(m/n ln 2)). */
  static fromCapacity(n: number, p: number): BloomFilter {
    // TODO
    throw new Error(`not implemented: BloomFilter.fromCapacity(${n}, ${p})`);
  }

  /** The k bit indexes of item, in probe order: (h1 + i*h2) mod m for i = 0 .. k-1. */
  locations(item: string): number[] {
    // TODO: h1 and h2 from fmix64(FNV-1a 64 of the UTF-8 bytes of item); see README.md.
    throw new Error(`not implemented: locations(${JSON.stringify(item)})`);
  }

  /** Sets the k bits of item. */
  add(item: string): void {
    // TODO
    throw new Error(`not implemented: add(${JSON.stringify(item)})`);
  }

  /** False when item was certainly never added; true when all its k bits are set. */
  mightContain(item: string): boolean {
    // TODO
    throw new Error(`not implemented: mightContain(${JSON.stringify(item)})`);
  }

  /** How many of the m bits are set. */
  bitCount(): number {
    // TODO
    throw new Error("not implemented: bitCount()");
  }

  /** The bytes of bit storage this filter holds. */
  sizeInBytes(): number {
    // TODO
    throw new Error("not implemented: sizeInBytes()");
  }

  /** m and k as big-endian uint32, then the ceil(m/8) bytes of bits (bit i in byte i>>3, bit i&7). */
  toBytes(): Uint8Array {
    // TODO
    throw new Error("not implemented: toBytes()");
  }

  /** The filter toBytes wrote; throws an Error when bytes are malformed. */
  static fromBytes(bytes: Uint8Array): BloomFilter {
    // TODO
    throw new Error(`not implemented: BloomFilter.fromBytes(${bytes.length} bytes)`);
  }
}
