import { defineStage, expectThat, serviceOf } from '../../../src/grader/api.js';
import { MIN_LIFE_MS, conclusively, expectError, expectReads, expectRecord, freshKey, getItem, tally, withDb } from './shared.js';

/** The database's latency in this stage: long enough for every concurrent GET to arrive during the read. */
const SLOW_MS = 300;

export const stage = defineStage({
  id: 'stampede',
  checks: [
    {
      id: 'one-read-for-200',
      title: `200 concurrent GETs of one cold key cost exactly one database read (the database answers in ${SLOW_MS} ms)`,
      async run(ctx) {
        await withDb(ctx, async (db) => {
          await db.mode({ latencyMs: SLOW_MS });
          await conclusively(ctx, async () => {
            const key = freshKey(ctx, 'hot');
            const record = await db.put(key, { hot: true });
            const burst = await serviceOf(ctx).load({ requests: [{ method: 'GET', path: `/items/${key}` }], total: 200, concurrency: 200 });
            await expectReads(db, { [key]: 1 }, MIN_LIFE_MS, 'concurrent misses of one key must share one database read');
            expectThat(burst.statuses[200] === 200, 'all 200 GETs must answer 200 with the record', { expected: { 200: 200 }, received: tally(burst) });
            expectRecord(await getItem(ctx, key), record, 'the record the shared read loaded must be cached');
          });
        });
      },
    },
    {
      id: 'one-read-per-key',
      title: '10 cold keys, 20 concurrent GETs each, all at once: one read per key, and each key answers its own record',
      async run(ctx) {
        await withDb(ctx, async (db) => {
          await db.mode({ latencyMs: SLOW_MS });
          await conclusively(ctx, async () => {
            const records = [];
            for (let i = 0; i < 10; i++) records.push(await db.put(freshKey(ctx, `many${i}`), { n: i }));
            const burst = await serviceOf(ctx).load({ requests: records.map((r) => ({ method: 'GET', path: `/items/${r.key}` })), total: 200, concurrency: 200 });
            await expectReads(db, Object.fromEntries(records.map((r) => [r.key, 1])), MIN_LIFE_MS, 'each key must be read exactly once: misses share a read per key, never across keys');
            // With one lock held across the database read, the reads of different keys never overlap.
            const log = await db.log(records.map((r) => r.key));
            const reads = records.map((r) => log[r.key][0]);
            const overlap = reads.some((a, i) => reads.some((b, j) => i !== j && a.arrived < (b.answered ?? Infinity) && b.arrived < (a.answered ?? Infinity)));
            expectThat(overlap, `reads of different keys must not wait for each other: the database answers in ${SLOW_MS} ms, and no two of the 10 reads were in flight at once`);
            expectThat(burst.statuses[200] === 200, 'all 200 GETs must answer 200', { expected: { 200: 200 }, received: tally(burst) });
            for (const r of records) expectRecord(await getItem(ctx, r.key), r, `${r.key} must answer its own record`);
          });
        });
      },
    },
    {
      id: 'failed-read-wakes-waiters',
      title: 'When the shared read fails, every waiting GET answers 503 promptly, and the next GET reads again',
      async run(ctx) {
        await withDb(ctx, async (db) => {
          const key = freshKey(ctx, 'fails');
          const record = await db.put(key, 'after the failure');
          await db.mode({ latencyMs: SLOW_MS, failure: 'error' });
          const burst = await serviceOf(ctx).load({ requests: [{ method: 'GET', path: `/items/${key}` }], total: 50, concurrency: 50, timeoutMs: 3000 });
          expectThat(burst.statuses[503] === 50, 'every GET waiting on a failed read must answer 503, none left hanging', { expected: { 503: 50 }, received: tally(burst) });
          await db.reset();
          ctx.note('database: works again');
          expectRecord(await getItem(ctx, key), record, 'a failed read must not be remembered: the next GET must read the database');
          expectError(await getItem(ctx, freshKey(ctx, 'missing')), 404, 'an unknown key still answers 404');
        });
      },
    },
  ],
});
