// Reference solution: a sorted array of points searched by binary search.
import { createHash } from "node:crypto";

export function hash(s: string): number {
  return createHash("sha1").update(s, "utf8").digest().readUInt32BE(0);
}

export interface HashRingOptions {
  replicas: number;
}

interface Point {
  hash: number;
  node: string;
  index: number;
}

function compare(a: Point, b: Point): number {
  if (a.hash !== b.hash) return a.hash - b.hash;
  if (a.node !== b.node) return a.node < b.node ? -1 : 1;
  return a.index - b.index;
}

export class HashRing {
  private readonly replicas: number;
  private readonly members = new Set<string>();
  private points: Point[] = [];

  constructor(options: HashRingOptions) {
    this.replicas = options.replicas;
  }

  add(node: string): void {
    if (this.members.has(node)) return;
    this.members.add(node);
    const points = [...this.points];
    for (let i = 0; i < this.replicas; i++) points.push({ hash: hash(`${node}#${i}`), node, index: i });
    points.sort(compare);
    this.points = points;
  }

  remove(node: string): void {
    if (!this.members.delete(node)) return;
    this.points = this.points.filter((p) => p.node !== node);
  }

  get(key: string): string | undefined {
    const at = this.search(hash(key));
    return at < 0 ? undefined : this.points[at].node;
  }

  getN(key: string, n: number): string[] {
    const chosen: string[] = [];
    const at = this.search(hash(key));
    if (at < 0) return chosen;
    const seen = new Set<string>();
    for (let step = 0; step < this.points.length && chosen.length < n; step++) {
      const node = this.points[(at + step) % this.points.length].node;
      if (!seen.has(node)) {
        seen.add(node);
        chosen.push(node);
      }
    }
    return chosen;
  }

  /** Index of the first point with hash >= h, wrapping past the end to 0; -1 on an empty ring. */
  private search(h: number): number {
    const points = this.points;
    if (points.length === 0) return -1;
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (points[mid].hash >= h) hi = mid;
      else lo = mid + 1;
    }
    return lo === points.length ? 0 : lo;
  }
}
