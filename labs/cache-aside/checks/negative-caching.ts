import { defineStage, expectThat, serviceOf } from '../../../src/grader/api.js';
import { MARGIN_MS, NEGATIVE_MIN_LIFE_MS, NEGATIVE_TTL_MS, conclusively, expectError, expectReads, expectRecord, freshKey, getItem, tally, waitUntil, withDb } from './shared.js';

const SLOW_MS = 300;

export const stage = defineStage({
  id: 'negative-caching',
  checks: [
    {
      id: 'miss-remembered',
      title: 'Two GETs of an unknown key in quick succession: both 404, one database read',
      async run(ctx) {
        await withDb(ctx, async (db) => conclusively(ctx, async () => {
          const key = freshKey(ctx, 'ghost');
          expectError(await getItem(ctx, key), 404, 'an unknown key answers 404');
          expectError(await getItem(ctx, key), 404, 'an unknown key answers 404 from the negative entry too');
          await expectReads(db, { [key]: 1 }, NEGATIVE_MIN_LIFE_MS, `a 404 from the database must be remembered for at least NEGATIVE_TTL_MS · (1 − CACHE_TTL_JITTER) = ${NEGATIVE_MIN_LIFE_MS} ms`);
        }));
      },
    },
    {
      id: 'concurrent-misses-one-read',
      title: `100 concurrent GETs of an unknown key: all 404, one database read (the database answers in ${SLOW_MS} ms)`,
      async run(ctx) {
        await withDb(ctx, async (db) => {
          await db.mode({ latencyMs: SLOW_MS });
          await conclusively(ctx, async () => {
            const key = freshKey(ctx, 'ghosts');
            const burst = await serviceOf(ctx).load({ requests: [{ method: 'GET', path: `/items/${key}` }], total: 100, concurrency: 100 });
            await expectReads(db, { [key]: 1 }, NEGATIVE_MIN_LIFE_MS, 'concurrent misses of an unknown key must share one read, and the 404 must be remembered');
            expectThat(burst.statuses[404] === 100, 'all 100 GETs must answer 404', { expected: { 404: 100 }, received: tally(burst) });
          });
        });
      },
    },
    {
      id: 'expires-sooner',
      title: `${NEGATIVE_TTL_MS + MARGIN_MS} ms after a 404 was stored, a GET reads the database again`,
      async run(ctx) {
        await withDb(ctx, async (db) => {
          const key = freshKey(ctx, 'later');
          expectError(await getItem(ctx, key), 404, 'an unknown key answers 404');
          const stored = Date.now();
          const record = await db.put(key, 'created later');
          await waitUntil(ctx, stored, NEGATIVE_TTL_MS + MARGIN_MS);
          expectRecord(await getItem(ctx, key), record, `a negative entry lives at most NEGATIVE_TTL_MS = ${NEGATIVE_TTL_MS} ms (not the positive TTL): the key now exists, and the GET must read it`);
        });
      },
    },
    {
      id: 'put-clears-negative',
      title: 'A PUT deletes a negative entry: the GET after it answers the new record',
      async run(ctx) {
        await withDb(ctx, async () => {
          const key = freshKey(ctx, 'born');
          expectError(await getItem(ctx, key), 404, 'an unknown key answers 404');
          const written = await serviceOf(ctx).request('PUT', `/items/${key}`, { body: { value: 'born' } });
          expectRecord(written, { key, value: 'born', version: 1 }, 'the PUT must answer the database\'s new record');
          expectRecord(await getItem(ctx, key), { key, value: 'born', version: 1 }, 'the PUT must delete the negative entry: the GET after it must answer the new record, not 404');
        });
      },
    },
  ],
});
