import { defineStage, expectThat, serviceOf } from '../../../src/grader/api.js';
import {
  ORIGIN_TIMEOUT_MS, PAST_MS, expectAge, expectBody, expectError, expectRequests, freshPath, get, load, waitUntil, withOrigin,
} from './shared.js';

/** Bound on a GET that must not wait for the origin (which holds the revalidation unanswered). */
const PROMPT_MS = 2000;
/** Bound on waiting for the background revalidation to reach the origin, and for its result to be stored. */
const BACKGROUND_MS = 3000;

export const stage = defineStage({
  id: 'stale',
  checks: [
    {
      id: 'stale-while-revalidate',
      title: 'Within stale-while-revalidate, a stale entry is answered at once while one background request revalidates it',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const path = freshPath(ctx, 'swr');
          await origin.define(path, { headers: { 'cache-control': 'max-age=1, stale-while-revalidate=30' }, etag: true });
          const loaded = await load(ctx, path, 1);
          await origin.hold(path);
          await waitUntil(ctx, loaded, 1000 + PAST_MS);
          const stale = await get(ctx, path, undefined, PROMPT_MS);
          expectBody(stale, path, 1, 'within stale-while-revalidate the stale entry must be answered at once, without waiting for the origin (which holds every request)');
          expectAge(stale, 1, Infinity, 'a stale answer shows its age: more than max-age');
          expectThat(await origin.await(path, 2, BACKGROUND_MS), `a stale answer within stale-while-revalidate starts a revalidation: the origin must get a request within ${BACKGROUND_MS} ms`);
          for (let i = 0; i < 3; i++) expectBody(await get(ctx, path, undefined, PROMPT_MS), path, 1, 'while the revalidation is in flight, GETs answer the stale entry at once');
          await expectRequests(origin, path, 2, 'one background revalidation at a time: GETs during it must not send more');
          await origin.define(path, { headers: { 'cache-control': 'max-age=60, stale-while-revalidate=30' }, etag: true });
          await origin.release(path);
          // The background answer is stored a moment after the origin sent it: look until it shows (bounded).
          const until = Date.now() + BACKGROUND_MS;
          let reply = await get(ctx, path);
          while (reply.body.includes('"version":1') && Date.now() < until) {
            await serviceOf(ctx).pause(50);
            reply = await get(ctx, path);
          }
          expectBody(reply, path, 2, `the background revalidation's answer (the new version) must be stored within ${BACKGROUND_MS} ms of the origin answering it`);
          await expectRequests(origin, path, 2, 'the new version (max-age=60) is fresh: no more origin requests');
        });
      },
    },
    {
      id: 'stale-while-revalidate-ends',
      title: 'Past max-age plus stale-while-revalidate, the GET waits for the origin\'s answer',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const path = freshPath(ctx, 'swrend');
          await origin.define(path, { headers: { 'cache-control': 'max-age=0, stale-while-revalidate=1' }, etag: true });
          const loaded = await load(ctx, path, 1);
          await origin.define(path, { headers: { 'cache-control': 'max-age=60' }, etag: true });
          await waitUntil(ctx, loaded, 1000 + PAST_MS);
          expectBody(await get(ctx, path), path, 2, 'more than max-age + stale-while-revalidate (1 s) old: the entry may not be served stale, so the GET must answer the origin\'s new version');
        });
      },
    },
    {
      id: 'stale-if-error',
      title: `Within stale-if-error, a stale entry is answered when the origin answers 500, never answers (${ORIGIN_TIMEOUT_MS} ms) or refuses connections`,
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const paths = [freshPath(ctx, 'sie'), freshPath(ctx, 'sie'), freshPath(ctx, 'sie')];
          // max-age=0 with a validator: stored, and stale at once.
          for (const p of paths) {
            await origin.define(p, { headers: { 'cache-control': 'max-age=0, stale-if-error=60' }, etag: true });
            await load(ctx, p, 1);
          }
          await origin.fail(paths[0], 'error');
          expectBody(await get(ctx, paths[0]), paths[0], 1, 'the origin answers 500: within stale-if-error the edge must answer the stale entry');
          await expectRequests(origin, paths[0], 2, 'the stale entry must be revalidated first (one request), and served only because that failed');
          await origin.fail(paths[1], 'hang');
          expectBody(await get(ctx, paths[1], undefined, ORIGIN_TIMEOUT_MS + 3000), paths[1], 1, `the origin never answers: after ORIGIN_TIMEOUT_MS (${ORIGIN_TIMEOUT_MS} ms) the edge must answer the stale entry`);
          ctx.note('origin: stopped (connections refused)');
          await serviceOf(ctx).helper('origin').stop();
          expectBody(await get(ctx, paths[2]), paths[2], 1, 'the origin refuses connections: the edge must answer the stale entry');
        });
      },
    },
    {
      id: 'errors-passed-on',
      title: 'Past stale-if-error (or without it) the origin\'s 500 is passed on, and an origin that cannot be reached gives 502',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const within = freshPath(ctx, 'sieend');
          const without = freshPath(ctx, 'nosie');
          await origin.define(within, { headers: { 'cache-control': 'max-age=0, stale-if-error=1' }, etag: true });
          await origin.define(without, { headers: { 'cache-control': 'max-age=0' }, etag: true });
          const loaded = await load(ctx, within, 1);
          await load(ctx, without, 1);
          await waitUntil(ctx, loaded, 1000 + PAST_MS);
          for (const p of [within, without]) await origin.fail(p, 'error');
          expectError(await get(ctx, within), 500, 'more than max-age + stale-if-error (1 s) old: the origin\'s 500 {"error": "…"} must be passed on');
          expectError(await get(ctx, without), 500, 'no stale-if-error: the origin\'s 500 {"error": "…"} must be passed on, not the stale entry');
          ctx.note('origin: stopped (connections refused)');
          await serviceOf(ctx).helper('origin').stop();
          expectError(await get(ctx, without), 502, 'the origin cannot be reached and nothing may be served: 502 {"error": "…"}');
        });
      },
    },
  ],
});
