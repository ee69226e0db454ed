import { defineStage, expectMatch, expectThat, type CheckContext } from '../../../src/grader/api.js';
import { Cache } from './shared.js';

async function hammer(ctx: CheckContext, workers: number, opsEach: number, capacity: number, keySpace: number): Promise<void> {
  ctx.note(`${workers} concurrent workers x ${opsEach} random get/set/delete/len calls on one cache of capacity ${capacity} over ${keySpace} keys; every set stores a value never stored before, some with a TTL, while a virtual clock moves`);
  const reply = await ctx.program.call({ op: 'hammer', workers, opsEach, capacity, keySpace, seed: ctx.seed }, { timeoutMs: 30_000 });
  expectMatch(reply, { ops: workers * opsEach, other: 0 }, 'every call must return normally (none may panic or throw)');
  expectThat(reply.lenOverCapacity === 0, `len() must never exceed the capacity (${capacity}), even with callers racing: `
    + 'deciding that the cache is full and evicting must happen under the same lock as the insert (a check-then-act split across two critical sections lets two sets both see room)',
  { expected: { lenOverCapacity: 0, maxLenSeen: `<= ${capacity}` }, received: { lenOverCapacity: reply.lenOverCapacity, maxLenSeen: reply.maxLenSeen } });
  expectThat(reply.evictedTwice === 0, 'every value leaves the cache at most once: onEvict must never report the same entry twice',
    { expected: { evictedTwice: 0 }, received: { evictedTwice: reply.evictedTwice } });
  expectThat(reply.evictedServed === 0, 'a value reported to onEvict has left the cache: get must never return it afterwards',
    { expected: { evictedServed: 0 }, received: { evictedServed: reply.evictedServed } });
  expectThat(reply.finalLen === reply.liveKeys, 'afterwards, with the clock still, len() must equal the number of keys that get() finds: the count and the contents disagree (an update was lost)',
    { expected: { finalLen: reply.liveKeys }, received: { finalLen: reply.finalLen, liveKeys: reply.liveKeys } });
}

export const stage = defineStage({
  id: 'concurrency',
  checks: [
    {
      id: 'callback-may-use-the-cache',
      title: 'onEvict runs after the operation has finished changing the cache, with no lock held, and may call the cache',
      async run(ctx) {
        const c = new Cache(ctx);
        await c.create(2, { reentrant: true });
        ctx.note('each evicted entry is reported as [key, value, reason, len() inside onEvict, get(key) inside onEvict]');
        await c.set('a', '1');
        await c.set('b', '2');
        await c.set('c', '3', undefined, {
          evicted: [['a', '1', 'capacity', 2, null]],
          message: 'onEvict("a") must run once set("c") has finished: "a" is gone (get misses), "c" is stored, len() is 2. '
            + 'Call onEvict after the removal and the insert, and (Go) after unlocking: a callback that calls the cache must not deadlock',
        });
        await c.set('d', '4', 100, { evicted: [['b', '2', 'capacity', 2, null]] });
        await c.advance(101);
        await c.len(1, {
          evicted: [['d', '4', 'expired', 1, null]],
          message: 'onEvict("d", "4", "expired") must run after "d" has been removed: inside it len() is already 1 and get("d") misses',
        });
      },
    },
    {
      id: 'hammer-gets',
      title: 'Concurrent gets on a cache holding every key, interleaved call by call: every get finds its key (Go runs under the race detector: get moves entries, so it writes)',
      async run(ctx) {
        const workers = 8;
        const opsEach = 2000;
        const keys = 64;
        ctx.note(`${workers} concurrent workers x ${opsEach} gets of random keys, handing over after every call, on a cache of capacity ${keys} holding all ${keys} keys (no TTL)`);
        const reply = await ctx.program.call({ op: 'hammer', workers, opsEach, capacity: keys, keySpace: keys, seed: ctx.seed, gets: true }, { timeoutMs: 30_000 });
        expectMatch(reply, { ops: workers * opsEach, other: 0 }, 'every call must return normally (none may panic or throw)');
        expectThat(reply.finalLen === keys && reply.liveKeys === keys, `gets alone change nothing but the recency order: afterwards len() must be ${keys} and get() must find all ${keys} keys`,
          { expected: { finalLen: keys, liveKeys: keys }, received: { finalLen: reply.finalLen, liveKeys: reply.liveKeys } });
      },
    },
    {
      id: 'hammer-small',
      title: 'Concurrent callers on a small, always-full cache: never over capacity, nothing reported twice, count and contents agree (Go runs under the race detector)',
      async run(ctx) { await hammer(ctx, 8, 2000, 8, 32); },
    },
    {
      id: 'hammer-larger',
      title: 'Concurrent callers on a larger cache with many TTLs: the same invariants hold',
      async run(ctx) { await hammer(ctx, 16, 1000, 64, 128); },
    },
    {
      id: 'hammer-new-keys',
      title: 'Concurrent sets of ever new keys into a tiny cache: every one evicts, and the cache never overflows',
      async run(ctx) { await hammer(ctx, 8, 5000, 4, 1000); },
    },
  ],
});
