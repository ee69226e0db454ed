import { defineStage } from '../../../src/grader/api.js';
import { Cache } from './shared.js';

export const stage = defineStage({
  id: 'expiry',
  checks: [
    {
      id: 'live-before-expired-after',
      title: 'An entry with a TTL is served 1 ms before its TTL ends and gone 1 ms after, reported once as "expired"',
      async run(ctx) {
        const c = new Cache(ctx);
        await c.create(10);
        await c.set('a', 'apple', 1000);
        await c.advance(999);
        await c.get('a', 'apple', { message: 'set at t=0 with ttlMs 1000, the entry is live while now < 1000: at t=999 get must return it' });
        await c.advance(2);
        await c.get('a', undefined, {
          evicted: [['a', 'apple', 'expired']],
          message: 'at t=1001 the entry has expired (since t=1000): get must miss, and the operation must remove it with onEvict("a", "apple", "expired")',
        });
        await c.get('a', undefined, { message: 'an expired entry is reported exactly once: the next get simply misses' });
        await c.len(0);
      },
    },
    {
      id: 'len-removes-expired',
      title: 'len() counts only live entries: any operation first removes every expired entry, whatever its key',
      async run(ctx) {
        const c = new Cache(ctx);
        await c.create(10);
        await c.set('a', '1', 500);
        await c.set('b', '2');
        await c.set('c', '3', 800);
        await c.advance(499);
        await c.len(3, { message: 'at t=499 nothing has expired yet: len() must be 3' });
        await c.advance(2);
        await c.len(2, { evicted: [['a', '1', 'expired']], message: '"a" expired at t=500: at t=501 len() must not count it, and must remove it with onEvict("a", "1", "expired")' });
        await c.advance(300);
        await c.get('b', '2', {
          evicted: [['c', '3', 'expired']],
          message: '"c" expired at t=800: at t=801 any operation, even a get of another key, first removes it with onEvict("c", "3", "expired")',
        });
        await c.len(1);
      },
    },
    {
      id: 'no-ttl-never-expires',
      title: 'An entry set without a TTL, or with ttl 0, never expires',
      async run(ctx) {
        const c = new Cache(ctx);
        await c.create(10);
        await c.set('forever', 'f');
        await c.set('zero', 'z', 0);
        await c.advance(10 * 365 * 24 * 3600 * 1000);
        await c.get('forever', 'f', { message: 'an entry set without a TTL never expires' });
        await c.get('zero', 'z', { message: 'ttlMs 0 means no TTL: the entry never expires' });
      },
    },
    {
      id: 'get-does-not-extend',
      title: 'A get does not extend the TTL (it is not sliding)',
      async run(ctx) {
        const c = new Cache(ctx);
        await c.create(10);
        await c.set('a', '1', 1000);
        await c.advance(600);
        await c.get('a', '1');
        await c.advance(401);
        await c.get('a', undefined, { evicted: [['a', '1', 'expired']], message: 'the TTL counts from the set at t=0, not from the get at t=600: at t=1001 the entry has expired' });
      },
    },
    {
      id: 'set-resets-ttl',
      title: 'set on an existing key gives it the new call\'s TTL, counted from now; a set without a TTL removes the old one',
      async run(ctx) {
        const c = new Cache(ctx);
        await c.create(10);
        await c.set('a', '1', 1000);
        await c.advance(600);
        await c.set('a', '2', 1000);
        await c.advance(600);
        await c.get('a', '2', { message: 'set("a") at t=600 with ttlMs 1000 gives the entry until t=1600: at t=1200 it must still be live' });
        await c.advance(401);
        await c.get('a', undefined, { evicted: [['a', '2', 'expired']], message: 'the entry re-set at t=600 with ttlMs 1000 expires at t=1600: at t=1601 it must be gone' });
        await c.set('b', '1', 100);
        await c.set('b', '2');
        await c.advance(200);
        await c.get('b', '2', { message: 'set("b") without a TTL after a set with ttlMs 100 removes the TTL: the entry never expires' });
        await c.set('d', '1');
        await c.set('d', '2', 50);
        await c.advance(51);
        await c.get('d', undefined, { evicted: [['d', '2', 'expired']], message: 'set("d") with ttlMs 50 gives an entry that had no TTL one: 51 ms later it has expired' });
      },
    },
    {
      id: 'expired-entries-make-room',
      title: 'A set into a full cache removes expired entries first and evicts a live one only if still full',
      async run(ctx) {
        const c = new Cache(ctx);
        await c.create(2);
        await c.set('a', '1');
        await c.set('b', '2', 100);
        await c.advance(101);
        await c.set('c', '3', undefined, {
          evicted: [['b', '2', 'expired']],
          message: '"b" expired at t=100, so at t=101 the cache holds one live entry: set("c") must remove "b" as expired and evict nothing for capacity (not "a", though it is the least recently used)',
        });
        await c.get('a', '1');
        await c.set('d', '4', 100, {
          evicted: [['c', '3', 'capacity']],
          message: 'now "a" and "c" are both live and the cache is full: set("d") must evict the least recently used live entry, "c" ("a" was just read)',
        });
        await c.len(2);
        await c.get('a', '1');
        await c.get('d', '4');
      },
    },
    {
      id: 'expiry-order',
      title: 'Entries that expire together are reported by expiry time, ties in the order their TTLs were set',
      async run(ctx) {
        const c = new Cache(ctx);
        await c.create(10);
        await c.set('p', 'P', 200);
        await c.set('q', 'Q', 100);
        await c.set('r', 'R', 200);
        await c.set('keep', 'K');
        await c.advance(10);
        await c.set('s', 'S', 190);
        await c.set('t', 'T', 300);
        ctx.note('p, q, r set at t=0 (ttl 200, 100, 200); s at t=10 (ttl 190, so also until t=200); t at t=10 (ttl 300)');
        await c.advance(240);
        await c.len(2, {
          evicted: [['q', 'Q', 'expired'], ['p', 'P', 'expired'], ['r', 'R', 'expired'], ['s', 'S', 'expired']],
          message: 'at t=250, q (expired at 100) comes first, then p, r and s (all expired at 200) in the order their TTLs were set; "keep" and "t" stay',
        });
      },
    },
    {
      id: 'negative-ttl-rejected',
      title: 'A negative TTL is rejected and leaves the cache unchanged',
      async run(ctx) {
        const c = new Cache(ctx);
        await c.create(10);
        await c.set('x', 'X', 100);
        await c.advance(101);
        await ctx.program.expect({ op: 'set', key: 'a', value: 'A', ttlMs: -1 }, { error: 'rejected', evicted: [] }, {
          message: 'a negative TTL is a programming error (TypeScript: set throws RangeError; Go: Set panics), checked before anything else: the cache is left unchanged, so not even the expired "x" is removed',
        });
        await c.len(0, { evicted: [['x', 'X', 'expired']], message: 'the rejected set stored nothing; the next operation removes the expired "x"' });
        await c.get('a', undefined, { message: 'the rejected set must not have stored "a"' });
      },
    },
  ],
});
