// The reference model for model-based checks: the contract's cache with an explicit clock, replying
// exactly as the provided drivers do. Small and obviously right, not fast: the entries sit in an
// array from least to most recently used.
import type { Reply } from '../../../src/grader/api.js';
import type { Reason } from './shared.js';

interface ModelEntry { key: string; value: string; expiresAt: number; seq: number }

export class CacheModel {
  now = 0;
  /** Least recently used first. */
  entries: ModelEntry[] = [];
  private seq = 0;

  constructor(readonly capacity: number) {}

  advance(ms: number): void { this.now += ms; }

  /** Every instant at which a live entry expires (the checks never land on one). */
  expiries(): number[] {
    return this.entries.filter((e) => e.expiresAt !== Infinity).map((e) => e.expiresAt);
  }

  get(key: string): Reply {
    const evicted = this.purge();
    const i = this.entries.findIndex((e) => e.key === key);
    if (i < 0) return { hit: false, evicted };
    const [entry] = this.entries.splice(i, 1);
    this.entries.push(entry);
    return { hit: true, value: entry.value, evicted };
  }

  set(key: string, value: string, ttlMs?: number): Reply {
    const evicted = this.purge();
    const i = this.entries.findIndex((e) => e.key === key);
    if (i >= 0) this.entries.splice(i, 1);
    const ttl = ttlMs ?? 0;
    this.entries.push({ key, value, expiresAt: ttl > 0 ? this.now + ttl : Infinity, seq: ttl > 0 ? this.seq++ : -1 });
    if (this.entries.length > this.capacity) {
      const [victim] = this.entries.splice(0, 1);
      evicted.push([victim.key, victim.value, 'capacity']);
    }
    return { ok: true, evicted };
  }

  delete(key: string): Reply {
    const evicted = this.purge();
    const i = this.entries.findIndex((e) => e.key === key);
    if (i >= 0) this.entries.splice(i, 1);
    return { deleted: i >= 0, evicted };
  }

  len(): Reply {
    const evicted = this.purge();
    return { len: this.entries.length, evicted };
  }

  describe(): string {
    const list = this.entries.map((e) => `${e.key}=${e.value}${e.expiresAt === Infinity ? '' : ` (expires at t=${e.expiresAt})`}`);
    return `t=${this.now} ms, capacity ${this.capacity}, entries from least to most recently used: [${list.join(', ')}]`;
  }

  private purge(): [string, string, Reason][] {
    const expired = this.entries.filter((e) => e.expiresAt <= this.now)
      .sort((a, b) => a.expiresAt - b.expiresAt || a.seq - b.seq);
    if (expired.length === 0) return [];
    this.entries = this.entries.filter((e) => e.expiresAt > this.now);
    return expired.map((e) => [e.key, e.value, 'expired']);
  }
}
