import { defineStage, expectMatch } from '../../../src/grader/api.js';
import { Window } from './shared.js';

export const stage = defineStage({
  id: 'sliding-window',
  checks: [
    {
      id: 'limit-per-window',
      title: 'A key gets limit requests per window; each one stops counting exactly window after it was made',
      async run(ctx) {
        const w = await Window.create(ctx, 3, 1000, 10);
        for (let i = 1; i <= 3; i++) await w.allow('alice', true, `limit 3: request ${i} of key "alice" must be allowed`);
        await w.allow('alice', false, 'limit 3: the fourth request within the window must be refused');
        await w.advance(999);
        await w.allow('alice', false, 'at t=999 ms the three requests made at t=0 are still in the window (they count while t > now - 1000): refused');
        await w.advance(2);
        await w.allow('alice', true, 'at t=1001 ms the requests made at t=0 no longer count: allowed');
        await w.allow('alice', true, 'at t=1001 ms: the second request of the new window');
        await w.allow('alice', true, 'at t=1001 ms: the third');
        await w.allow('alice', false, 'at t=1001 ms: the fourth within 1000 ms is refused');
      },
    },
    {
      id: 'window-slides',
      title: 'The window slides with each request: no double burst across a fixed-window boundary',
      async run(ctx) {
        const w = await Window.create(ctx, 2, 1000, 10);
        await w.allow('k', true, 'limit 2: the first request at t=0');
        await w.advance(900);
        await w.allow('k', true, 'limit 2: the second request at t=900 ms');
        await w.allow('k', false, 'at t=900 ms two requests are in the window: refused');
        await w.advance(101);
        await w.allow('k', true, 'at t=1001 ms the request of t=0 has left the window, the one of t=900 is still in it: one more is allowed');
        await w.allow('k', false, 'at t=1001 ms the window (t=1, t=1001] holds the requests of t=900 and t=1001: refused. A fixed window restarting at t=1000 would allow a second burst here');
        await w.advance(898);
        await w.allow('k', false, 'at t=1899 ms the request of t=900 still counts (it leaves at t=1900): refused');
        await w.advance(2);
        await w.allow('k', true, 'at t=1901 ms the request of t=900 has left: allowed');
      },
    },
    {
      id: 'refused-not-recorded',
      title: 'Refused requests never count against the key',
      async run(ctx) {
        const w = await Window.create(ctx, 1, 1000, 10);
        await w.allow('bob', true, 'limit 1: the first request at t=0');
        for (const t of [250, 500, 750]) {
          await w.advance(250);
          await w.allow('bob', false, `at t=${t} ms the request of t=0 is in the window: refused`);
        }
        await w.advance(251);
        await w.allow('bob', true, 'at t=1001 ms the only allowed request (t=0) has left the window: allowed. The refused requests of t=250, 500 and 750 must not have been recorded');
      },
    },
    {
      id: 'keys-are-independent',
      title: 'Each key has its own log; many keys do not affect each other',
      async run(ctx) {
        const w = await Window.create(ctx, 2, 1000, 1000);
        await w.allow('a', true, 'key "a", request 1');
        await w.allow('a', true, 'key "a", request 2');
        await w.allow('a', false, 'key "a" has used its limit of 2');
        await w.allow('b', true, 'key "b" has its own log: allowed although "a" is at its limit');
        await w.allow('', true, 'the empty string is a key like any other');
        await w.allow('A', true, 'keys are compared exactly: "A" is not "a"');
        await w.allow('a', false, 'key "a" is still at its limit');
        const first = await ctx.program.call({ op: 'spray', prefix: 'user-', count: 500 });
        expectMatch(first, { allowed: 500, size: 504 }, '500 new keys user-0 .. user-499 (limit 2, maxKeys 1000): each first request must be allowed, and 504 keys are held');
        const second = await ctx.program.call({ op: 'spray', prefix: 'user-', count: 500 });
        expectMatch(second, { allowed: 500, size: 504 }, 'a second request from each of the 500 keys (limit 2) must be allowed');
        const third = await ctx.program.call({ op: 'spray', prefix: 'user-', count: 500 });
        expectMatch(third, { allowed: 0, size: 504 }, 'a third request from each of the 500 keys within the window must be refused (limit 2)');
      },
    },
    {
      id: 'limit-zero',
      title: 'With limit 0 every request is refused',
      async run(ctx) {
        const w = await Window.create(ctx, 0, 1000, 10);
        await w.allow('a', false, 'limit 0: every request must be refused');
        await w.advance(5000);
        await w.allow('a', false, 'limit 0: refused at any time');
      },
    },
    {
      id: 'bad-settings-refused',
      title: 'A negative limit, a window that is not positive, or maxKeys below 1 is refused when the limiter is made',
      async run(ctx) {
        await ctx.program.expect({ op: 'window', limit: -1, windowMs: 1000, maxKeys: 10 }, { error: 'exception' },
          { message: 'limit -1: the constructor must refuse it (TypeScript: throw a RangeError; Go: panic)' });
        await ctx.program.expect({ op: 'window', limit: 1, windowMs: 0, maxKeys: 10 }, { error: 'exception' },
          { message: 'window 0: the constructor must refuse it' });
        await ctx.program.expect({ op: 'window', limit: 1, windowMs: 1000, maxKeys: 0 }, { error: 'exception' },
          { message: 'maxKeys 0: the constructor must refuse it' });
      },
    },
  ],
});
