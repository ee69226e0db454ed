import { defineStage, expectMatch, expectThat } from '../../../src/grader/api.js';
import { Window } from './shared.js';

const CHURN_KEYS = 200_000;
/** 10 bytes per key seen: a held key costs far more, and a correct limiter's heap ends where it began. */
const CHURN_GROWTH_BOUND = 2_000_000;

export const stage = defineStage({
  id: 'idle-keys',
  checks: [
    {
      id: 'size-counts-live-keys',
      title: 'size() counts the keys with a request in the window; idle keys are dropped',
      async run(ctx) {
        const w = await Window.create(ctx, 2, 1000, 10);
        await w.expectSize(0, 'a new limiter holds no key');
        await w.allow('a', true, 'key "a" at t=0');
        await w.advance(300);
        await w.allow('b', true, 'key "b" at t=300 ms');
        await w.expectSize(2, 'two keys have requests in the window');
        await w.advance(699);
        await w.expectSize(2, 'at t=999 ms the request of "a" (t=0) still counts: two keys are held');
        await w.advance(2);
        await w.expectSize(1, 'at t=1001 ms every request of "a" has left the window: "a" is idle and must no longer be held (memory for idle keys must be released, or it grows with every client ever seen)');
        await w.advance(300);
        await w.expectSize(0, 'at t=1301 ms "b" is idle too: no key is held');
      },
    },
    {
      id: 'refused-calls-do-not-hold',
      title: 'A key whose requests were all refused since its last allowed one still goes idle on time',
      async run(ctx) {
        const w = await Window.create(ctx, 1, 1000, 10);
        await w.allow('a', true, 'key "a" at t=0');
        await w.advance(900);
        await w.allow('a', false, 'at t=900 ms "a" is at its limit: refused');
        await w.advance(101);
        await w.expectSize(0, 'at t=1001 ms the only allowed request of "a" (t=0) has left the window: "a" is idle (the refused request of t=900 was never recorded)');
      },
    },
    {
      id: 'evicts-least-recently-used',
      title: 'With maxKeys held, a new key evicts the least recently used one (refused calls count as use), which then starts afresh',
      async run(ctx) {
        const w = await Window.create(ctx, 1, 10_000, 3);
        await w.allow('a', true, 'key "a" at t=0');
        await w.advance(1);
        await w.allow('b', true, 'key "b" at t=1 ms');
        await w.advance(1);
        await w.allow('c', true, 'key "c" at t=2 ms');
        await w.expectSize(3, 'three keys are held (maxKeys 3)');
        await w.advance(1);
        await w.allow('d', true, 'key "d" at t=3 ms is new: it is allowed, and the least recently used key, "a", is evicted to make room');
        await w.expectSize(3, 'maxKeys 3: never more than 3 keys held');
        await w.advance(1);
        await w.allow('b', false, 'at t=4 ms key "b" is held and at its limit: refused (and now the most recently used)');
        await w.advance(1);
        await w.allow('e', true, 'key "e" at t=5 ms is new: allowed, evicting the least recently used key, which is "c" ("b" was used at t=4 ms by its refused call)');
        await w.advance(1);
        await w.allow('b', false, 'at t=6 ms "b" must still be remembered and at its limit: refused. Evicting by the last allowed request instead of the last call would have forgotten it and let a client at its limit start afresh');
        await w.advance(1);
        await w.allow('a', true, 'at t=7 ms key "a", evicted at t=3 ms, is judged as a new key: allowed (its log was forgotten)');
        await w.expectSize(3, 'maxKeys 3: still 3 keys held');
      },
    },
    {
      id: 'idle-keys-go-first',
      title: 'A new key takes the place of an idle key before any held key is evicted',
      async run(ctx) {
        const w = await Window.create(ctx, 1, 1000, 2);
        await w.allow('a', true, 'key "a" at t=0');
        await w.advance(600);
        await w.allow('b', true, 'key "b" at t=600 ms');
        await w.advance(300);
        await w.allow('a', false, 'at t=900 ms "a" is at its limit: refused, which makes "a" the most recently used key');
        await w.advance(101);
        ctx.note('at t=1001 ms "a" is idle (its only allowed request, t=0, has left the window) although it was used more recently than "b"');
        await w.allow('c', true, 'key "c" at t=1001 ms is new: allowed');
        await w.expectSize(2, 'at t=1001 ms "b" and "c" are held');
        await w.allow('b', false, 'key "b" (request at t=600 ms, in the window until t=1600 ms) must not have been evicted for "c": the idle key "a" holds no slot. Refused');
      },
    },
    {
      id: 'memory-bounded',
      title: '10,000 distinct keys through a limiter with maxKeys 100 never hold more than 100',
      async run(ctx) {
        await Window.create(ctx, 1, 60_000, 100);
        const reply = await ctx.program.call({ op: 'spray', prefix: 'ip-', count: 10_000 }, { timeoutMs: 10_000 });
        expectMatch(reply, { allowed: 10_000, size: 100, maxSize: 100 },
          '10,000 new keys in one window with maxKeys 100: each is new (so allowed), size() never exceeds 100 and ends at 100 (the least recently used keys are evicted)');
        const again = await ctx.program.call({ op: 'spray', prefix: 'ip-', count: 10_000 }, { timeoutMs: 10_000 });
        expectMatch(again, { allowed: 10_000, size: 100, maxSize: 100 },
          'the same 10,000 keys again in order: each was evicted before it came back, so each is judged as a new key and allowed');
      },
    },
    {
      id: 'idle-keys-release-memory',
      title: '200,000 keys that go idle, 500 per window, leave no memory behind',
      async run(ctx) {
        await Window.create(ctx, 2, 1000, 1000);
        ctx.note(`200,000 new keys, the clock moved on by the window after every 500: at most 500 keys are held at once, far below maxKeys, so only dropping idle keys keeps memory bounded`);
        const reply = await ctx.program.call({ op: 'churn', prefix: 'client-', count: CHURN_KEYS, every: 500 }, { timeoutMs: 20_000 });
        expectMatch(reply, { allowed: CHURN_KEYS, size: 500 }, 'every key is new, so each is allowed; at the end the last 500 keys are held');
        const growth = Number(reply.heapGrowthBytes);
        expectThat(growth <= CHURN_GROWTH_BOUND,
          `the live heap grew by ${(growth / 1e6).toFixed(1)} MB over 200,000 keys of which at most 500 are ever held: something is kept for every key ever seen (an idle key's memory must be released, or memory grows with every client ever seen; at most ${CHURN_GROWTH_BOUND / 1e6} MB allowed, about ${CHURN_GROWTH_BOUND / CHURN_KEYS} bytes per key)`,
          { expected: { heapGrowthBytesAtMost: CHURN_GROWTH_BOUND }, received: reply });
      },
    },
  ],
});
