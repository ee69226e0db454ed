// Your LRU cache. The contract is in README.md; driver.ts (provided, do not edit) calls it.

export interface Clock {
  now(): number; // milliseconds
}

export type EvictionReason = "capacity" | "expired";

export interface Options<V> {
  capacity: number; // an integer >= 1, else the constructor throws RangeError
  clock?: Clock; // absent: the real clock
  onEvict?: (key: string, value: V, reason: EvictionReason) => void;
}

export class LRUCache<V> {
  constructor(options: Options<V>) {
    // TODO: reject a capacity that is not an integer >= 1 (RangeError); keep the options.
    void options;
  }

  get(key: string): V | undefined {
    // TODO: remove what has expired, then return the live entry's value and make it the most recently used.
    void key;
    throw new Error("not implemented: LRUCache.get");
  }

  set(key: string, value: V, ttlMs?: number): void {
    // TODO: reject a negative TTL (RangeError); remove what has expired; replace or add the entry as the
    // most recently used, with this call's TTL; evict the least recently used entry when over capacity.
    void key, value, ttlMs;
    throw new Error("not implemented: LRUCache.set");
  }

  delete(key: string): boolean {
    // TODO: remove what has expired, then remove the live entry for key; true if there was one.
    void key;
    throw new Error("not implemented: LRUCache.delete");
  }

  len(): number {
    // TODO: remove what has expired, then count the live entries.
    throw new Error("not implemented: LRUCache.len");
  }
}
