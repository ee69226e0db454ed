import { defineStage, expectThat, serviceOf } from '../../../src/grader/api.js';
import { expectBody, expectRequests, freshPath, get, load, tally, withOrigin } from './shared.js';

/** The origin's latency in this stage: long enough for every concurrent GET to arrive during the fetch. */
const SLOW_MS = 300;

export const stage = defineStage({
  id: 'collapsing',
  checks: [
    {
      id: 'one-fetch-for-100',
      title: `100 concurrent GETs of a path not cached cost exactly one origin request (the origin answers in ${SLOW_MS} ms)`,
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const path = freshPath(ctx, 'hot');
          await origin.define(path, { headers: { 'cache-control': 'max-age=60' } });
          await origin.slow(path, SLOW_MS);
          const burst = await serviceOf(ctx).load({ requests: [{ method: 'GET', path }], total: 100, concurrency: 100 });
          await expectRequests(origin, path, 1, 'concurrent misses of one path must share one origin request');
          expectThat(burst.statuses[200] === 100, 'all 100 GETs must answer 200', { expected: { 200: 100 }, received: tally(burst) });
          expectBody(await get(ctx, path), path, 1, 'the shared response must be stored');
        });
      },
    },
    {
      id: 'one-fetch-per-path',
      title: '10 paths, 10 concurrent GETs each, all at once: one origin request per path, and the fetches of different paths overlap',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const paths: string[] = [];
          for (let i = 0; i < 10; i++) {
            const path = freshPath(ctx, `many${i}`);
            await origin.define(path, { headers: { 'cache-control': 'max-age=60' } });
            await origin.slow(path, SLOW_MS);
            paths.push(path);
          }
          const burst = await serviceOf(ctx).load({ requests: paths.map((path) => ({ method: 'GET', path })), total: 100, concurrency: 100 });
          const log = await origin.log(paths);
          const wrong = paths.filter((p) => log[p].length !== 1);
          expectThat(wrong.length === 0, 'each path must be fetched exactly once: misses share a fetch per path, never across paths', { expected: 'one request per path', received: wrong.map((p) => `${p}: ${log[p].length}`).join(', ') });
          const fetches = paths.map((p) => log[p][0]);
          const overlap = fetches.some((a, i) => fetches.some((b, j) => i !== j && a.arrived < (b.answered ?? Infinity) && b.arrived < (a.answered ?? Infinity)));
          expectThat(overlap, `fetches of different paths must not wait for each other: the origin answers in ${SLOW_MS} ms, and no two of the 10 were in flight at once`);
          expectThat(burst.statuses[200] === 100, 'all 100 GETs must answer 200', { expected: { 200: 100 }, received: tally(burst) });
          for (const p of paths) expectBody(await get(ctx, p), p, 1, `${p} must answer its own body`);
        });
      },
    },
    {
      id: 'private-not-shared',
      title: 'Concurrent GETs of a private response are not answered with one another\'s: each makes its own origin request',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const path = freshPath(ctx, 'mine');
          await origin.define(path, { headers: { 'cache-control': 'private, max-age=60' }, echo: ['authorization'] });
          await origin.slow(path, SLOW_MS);
          const users = Array.from({ length: 20 }, (_, i) => `Bearer user${i}`);
          const burst = await serviceOf(ctx).load({ requests: users.map((u) => ({ method: 'GET', path, headers: { authorization: u } })), total: 20, concurrency: 20 });
          expectThat(burst.statuses[200] === 20, 'all 20 GETs must answer 200', { expected: { 200: 20 }, received: tally(burst) });
          await expectRequests(origin, path, 20, 'a response that may not be stored must not be shared with requests waiting for it: each of the 20 GETs goes to the origin');
          expectBody(await get(ctx, path, { authorization: users[3] }), path, 1, 'each user gets their own answer', { authorization: users[3] });
        });
      },
    },
    {
      id: 'one-revalidation-for-50',
      title: '50 concurrent GETs of a stale entry cost exactly one revalidation',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const path = freshPath(ctx, 'stalehot');
          // max-age=0 with a validator: stored, and stale at once.
          await origin.define(path, { headers: { 'cache-control': 'max-age=0' }, etag: true });
          await load(ctx, path, 1);
          await origin.define(path, { headers: { 'cache-control': 'max-age=60' }, etag: true, sameVersion: true });
          await origin.slow(path, SLOW_MS);
          const burst = await serviceOf(ctx).load({ requests: [{ method: 'GET', path }], total: 50, concurrency: 50 });
          expectThat(burst.statuses[200] === 50, 'all 50 GETs must answer 200', { expected: { 200: 50 }, received: tally(burst) });
          await expectRequests(origin, path, 2, 'one request to store the entry, then one revalidation shared by the 50 concurrent GETs');
        });
      },
    },
  ],
});
