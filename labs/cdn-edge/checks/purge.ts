import { defineStage, expectThat, serviceOf, type CheckContext } from '../../../src/grader/api.js';
import { describe, expectBody, expectRequests, freshPath, get, withOrigin } from './shared.js';

async function purge(ctx: CheckContext, path: string, purged: number, why: string): Promise<void> {
  const reply = await serviceOf(ctx).request('PURGE', path);
  const body = reply.json as { purged?: unknown } | undefined;
  expectThat(reply.status === 200 && body?.purged === purged, why, { expected: `200 {"purged": ${purged}}`, received: describe(reply) });
}

export const stage = defineStage({
  id: 'purge',
  checks: [
    {
      id: 'purge-removes-every-variant',
      title: 'PURGE {path} removes every variant of the path, answers how many, and the next GETs go to the origin',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const path = freshPath(ctx, 'purge');
          await origin.define(path, { headers: { 'cache-control': 'max-age=60', vary: 'X-Device' }, echo: ['x-device'] });
          for (const d of ['mobile', 'desktop']) expectBody(await get(ctx, path, { 'x-device': d }), path, 1, 'a miss answers the origin\'s body', { 'x-device': d });
          await origin.define(path, { headers: { 'cache-control': 'max-age=60', vary: 'X-Device' }, echo: ['x-device'] });
          await purge(ctx, path, 2, 'PURGE must remove both stored variants and answer 200 {"purged": 2}');
          for (const d of ['mobile', 'desktop']) expectBody(await get(ctx, path, { 'x-device': d }), path, 2, 'after a purge the GET must fetch the origin\'s current version', { 'x-device': d });
          await expectRequests(origin, path, 4, 'two fetches before the purge, two after');
          await purge(ctx, freshPath(ctx, 'never'), 0, 'PURGE of a path with nothing stored answers 200 {"purged": 0}');
        });
      },
    },
    {
      id: 'purge-exact-path',
      title: 'PURGE names one path with its query: other queries of the path stay stored',
      async run(ctx) {
        await withOrigin(ctx, async (origin) => {
          const path = freshPath(ctx, 'purgeq');
          const other = `${path}?page=2`;
          for (const p of [path, other]) {
            await origin.define(p, { headers: { 'cache-control': 'max-age=60' } });
            expectBody(await get(ctx, p), p, 1, 'a miss answers the origin\'s body');
          }
          await purge(ctx, path, 1, `PURGE ${path} removes its one entry`);
          expectBody(await get(ctx, other), other, 1, 'the other query is still stored');
          await expectRequests(origin, other, 1, `PURGE ${path} must not remove ${other}`);
          expectBody(await get(ctx, path), path, 1, 'the purged path is fetched again');
          await expectRequests(origin, path, 2, 'the purged path is fetched again');
        });
      },
    },
  ],
});
