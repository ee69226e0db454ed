// The reference model: the contract's ring, computed exactly (SHA-1 written out here, since checks import
// nothing but the grader's api), so every placement the checks expect is the one the contract fixes.

const utf8 = new TextEncoder();

/** SHA-1 of `bytes` (FIPS 180-4); returns the 20-byte digest. */
function sha1(bytes: Uint8Array): Uint8Array {
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array(((bytes.length + 9 + 63) >> 6) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  let h0 = 0x67452301, h1 = 0xefcdab89, h2 = 0x98badcfe, h3 = 0x10325476, h4 = 0xc3d2e1f0;
  const w = new Uint32Array(80);
  const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));
  for (let block = 0; block < padded.length; block += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(block + t * 4);
    for (let t = 16; t < 80; t++) w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    let a = h0, b = h1, c = h2, d = h3, e = h4;
    for (let t = 0; t < 80; t++) {
      let f: number, k: number;
      if (t < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
      else if (t < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
      else if (t < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
      else { f = b ^ c ^ d; k = 0xca62c1d6; }
      const temp = (rotl(a, 5) + f + e + k + w[t]) | 0;
      e = d; d = c; c = rotl(b, 30); b = a; a = temp;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0; h4 = (h4 + e) | 0;
  }
  const out = new Uint8Array(20);
  const outView = new DataView(out.buffer);
  [h0, h1, h2, h3, h4].forEach((h, i) => outView.setUint32(i * 4, h >>> 0));
  return out;
}

const hashCache = new Map<string, number>();

/** The contract's hash: the first 4 bytes of SHA-1 of the UTF-8 bytes of `s`, read as a big-endian uint32. */
export function ringHash(s: string): number {
  let h = hashCache.get(s);
  if (h === undefined) {
    const digest = sha1(utf8.encode(s));
    h = ((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]) >>> 0;
    if (hashCache.size > 200_000) hashCache.clear();
    hashCache.set(s, h);
  }
  return h;
}

/** The name of a node's i-th virtual node, whose hash is its place on the ring. */
export const vnodeName = (node: string, i: number): string => `${node}#${i}`;

export interface Point { hash: number; node: string; index: number }

/** Ring order: by hash, then by node name, then by index. */
export function comparePoints(a: Point, b: Point): number {
  if (a.hash !== b.hash) return a.hash - b.hash;
  if (a.node !== b.node) return a.node < b.node ? -1 : 1;
  return a.index - b.index;
}

export class RingModel {
  private readonly members = new Set<string>();
  private points: Point[] = [];

  constructor(readonly replicas: number) {}

  has(node: string): boolean { return this.members.has(node); }

  nodes(): string[] { return [...this.members].sort(); }

  ring(): readonly Point[] { return this.points; }

  add(node: string): void {
    if (this.members.has(node)) return;
    this.members.add(node);
    for (let i = 0; i < this.replicas; i++) this.points.push({ hash: ringHash(vnodeName(node, i)), node, index: i });
    this.points.sort(comparePoints);
  }

  remove(node: string): void {
    if (!this.members.delete(node)) return;
    this.points = this.points.filter((p) => p.node !== node);
  }

  /** Index of the first point with hash >= the key's hash, wrapping to 0; -1 on an empty ring. */
  position(key: string): number {
    if (this.points.length === 0) return -1;
    const h = ringHash(key);
    let lo = 0, hi = this.points.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.points[mid].hash >= h) hi = mid; else lo = mid + 1;
    }
    return lo === this.points.length ? 0 : lo;
  }

  get(key: string): string | undefined {
    const at = this.position(key);
    return at < 0 ? undefined : this.points[at].node;
  }

  getN(key: string, n: number): string[] {
    const at = this.position(key);
    const chosen: string[] = [];
    if (at < 0 || n <= 0) return chosen;
    for (let step = 0; step < this.points.length && chosen.length < n; step++) {
      const node = this.points[(at + step) % this.points.length].node;
      if (!chosen.includes(node)) chosen.push(node);
    }
    return chosen;
  }

  /** One line about where a key lands, for failure messages. */
  explain(key: string): string {
    const at = this.position(key);
    if (at < 0) return `the ring is empty, so "${key}" has no node`;
    const p = this.points[at];
    const h = ringHash(key);
    const wrapped = h > this.points[this.points.length - 1].hash;
    return `hash("${key}") = ${h}; the first virtual node at or after it is ${vnodeName(p.node, p.index)} at ${p.hash}`
      + (wrapped ? ' (past the last virtual node, so the walk wraps to the start of the ring)' : '');
  }
}
