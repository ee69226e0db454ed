// Your LRU cache. The contract is in README.md; driver.ts (provided, do not edit) calls it.

export interface Clock {
  now(): number; // milliseconds
}

export type EvictionReason = "capacity" | "expired";

export interface Options<V> {
  capacity: number; // an integer >= 1
  clock?: Clock; // absent: the real clock
  onEvict?: (key: string, value: V, reason: EvictionReason) => void;
}

interface Entry<V> {
  key: string;
  value: V;
  prev: Entry<V> | null; // towards the least recently used end
  next: Entry<V> | null; // towards the most recently used end
  expiresAt: number; // Infinity: no TTL
  seq: number; // when the TTL was set, to order entries that expire at the same instant
  heapIndex: number; // position in the expiry heap, -1 when not in it
}

const realClock: Clock = { now: () => Date.now() };

export class LRUCache<V> {
  private readonly capacity: number;
  private readonly clock: Clock;
  private readonly onEvict: ((key: string, value: V, reason: EvictionReason) => void) | undefined;
  private readonly entries = new Map<string, Entry<V>>();
  private oldest: Entry<V> | null = null;
  private newest: Entry<V> | null = null;
  private readonly heap: Entry<V>[] = []; // entries with a TTL, earliest (expiresAt, seq) first
  private seq = 0;

  constructor(options: Options<V>) {
    const capacity = options.capacity;
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be an integer >= 1, got ${capacity}`);
    }
    this.capacity = capacity;
    this.clock = options.clock ?? realClock;
    this.onEvict = options.onEvict;
  }

  get(key: string): V | undefined {
    const removed = this.purge();
    const entry = this.entries.get(key);
    if (entry) this.touch(entry);
    this.report(removed);
    return entry?.value;
  }

  set(key: string, value: V, ttlMs?: number): void {
    const ttl = ttlMs ?? 0;
    if (Number.isNaN(ttl) || ttl < 0) throw new RangeError(`ttlMs must be >= 0, got ${ttlMs}`);
    const removed = this.purge();
    const now = this.clock.now();
    let entry = this.entries.get(key);
    if (entry) {
      entry.value = value;
      this.touch(entry);
    } else {
      entry = { key, value, prev: null, next: null, expiresAt: Infinity, seq: 0, heapIndex: -1 };
      this.entries.set(key, entry);
      this.append(entry);
    }
    this.setExpiry(entry, ttl > 0 ? now + ttl : Infinity);
    if (this.entries.size > this.capacity) {
      const victim = this.oldest!;
      this.remove(victim);
      removed.push([victim, "capacity"]);
    }
    this.report(removed);
  }

  delete(key: string): boolean {
    const removed = this.purge();
    const entry = this.entries.get(key);
    if (entry) this.remove(entry);
    this.report(removed);
    return entry !== undefined;
  }

  len(): number {
    const removed = this.purge();
    const size = this.entries.size;
    this.report(removed);
    return size;
  }

  /** Removes every expired entry, earliest first; the caller reports them once it is done. */
  private purge(): [Entry<V>, EvictionReason][] {
    const removed: [Entry<V>, EvictionReason][] = [];
    if (this.heap.length === 0) return removed;
    const now = this.clock.now();
    while (this.heap.length > 0 && this.heap[0].expiresAt <= now) {
      const entry = this.heap[0];
      this.remove(entry);
      removed.push([entry, "expired"]);
    }
    return removed;
  }

  private report(removed: [Entry<V>, EvictionReason][]): void {
    if (!this.onEvict) return;
    for (const [entry, reason] of removed) this.onEvict(entry.key, entry.value, reason);
  }

  private touch(entry: Entry<V>): void {
    if (entry === this.newest) return;
    this.unlink(entry);
    this.append(entry);
  }

  private append(entry: Entry<V>): void {
    entry.prev = this.newest;
    entry.next = null;
    if (this.newest) this.newest.next = entry;
    else this.oldest = entry;
    this.newest = entry;
  }

  private unlink(entry: Entry<V>): void {
    if (entry.prev) entry.prev.next = entry.next;
    else this.oldest = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else this.newest = entry.prev;
    entry.prev = entry.next = null;
  }

  private remove(entry: Entry<V>): void {
    this.unlink(entry);
    this.entries.delete(entry.key);
    if (entry.heapIndex >= 0) this.heapRemove(entry);
  }

  private setExpiry(entry: Entry<V>, expiresAt: number): void {
    if (entry.heapIndex >= 0) this.heapRemove(entry);
    entry.expiresAt = expiresAt;
    if (expiresAt === Infinity) return;
    entry.seq = this.seq++;
    entry.heapIndex = this.heap.length;
    this.heap.push(entry);
    this.siftUp(entry.heapIndex);
  }

  // The expiry index: a binary min-heap on (expiresAt, seq) whose entries know their position.
  private before(a: Entry<V>, b: Entry<V>): boolean {
    return a.expiresAt < b.expiresAt || (a.expiresAt === b.expiresAt && a.seq < b.seq);
  }

  private place(entry: Entry<V>, i: number): void {
    this.heap[i] = entry;
    entry.heapIndex = i;
  }

  private siftUp(i: number): void {
    const entry = this.heap[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(entry, this.heap[parent])) break;
      this.place(this.heap[parent], i);
      i = parent;
    }
    this.place(entry, i);
  }

  private siftDown(i: number): void {
    const entry = this.heap[i];
    const n = this.heap.length;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.before(this.heap[child + 1], this.heap[child])) child++;
      if (!this.before(this.heap[child], entry)) break;
      this.place(this.heap[child], i);
      i = child;
    }
    this.place(entry, i);
  }

  private heapRemove(entry: Entry<V>): void {
    const i = entry.heapIndex;
    const last = this.heap.pop()!;
    entry.heapIndex = -1;
    if (last === entry) return;
    this.place(last, i);
    this.siftDown(i);
    this.siftUp(last.heapIndex);
  }
}
