import { defineStage, expectThat, serviceOf, type CheckContext } from '../../../src/grader/api.js';
import {
  DB_TIMEOUT_MS, MARGIN_MS, MAX_STALE_MS, TTL_MS, conclusively, expectError, expectRecord, freshKey, getItem, mustBeWithin,
  restoreDb, waitUntil, withDb, type DbControl, type DbRecord,
} from './shared.js';

/** Keys loaded by one GET each, then changed in the database; `sent` is when the first load was sent. */
async function loadKeys(ctx: CheckContext, db: DbControl, n: number): Promise<{ old: DbRecord[]; newer: DbRecord[]; sent: number; loaded: number }> {
  const old: DbRecord[] = [];
  for (let i = 0; i < n; i++) old.push(await db.put(freshKey(ctx, `stale${i}`), `old ${i}`));
  const sent = Date.now();
  for (const r of old) expectRecord(await getItem(ctx, r.key), r, 'a miss must answer the database\'s record');
  const loaded = Date.now();
  const newer: DbRecord[] = [];
  for (const r of old) newer.push(await db.put(r.key, `new ${r.key}`));
  return { old, newer, sent, loaded };
}

/** A stale answer was due: proven only while the record is younger than MAX_STALE_MS on the grader's clock. */
function expectStale(reply: Parameters<typeof expectRecord>[0], record: DbRecord, sent: number, why: string): void {
  if (reply.status !== 200) mustBeWithin(sent, MAX_STALE_MS, 'waiting for the expired entry');
  expectRecord(reply, record, why);
}

export const stage = defineStage({
  id: 'stale-on-failure',
  checks: [
    {
      id: 'serves-stale',
      title: `An expired record read less than ${MAX_STALE_MS} ms ago is served when the database answers 500, never answers, or refuses connections`,
      async run(ctx) {
        await withDb(ctx, async (db) => conclusively(ctx, async (round) => {
          // An inconclusive attempt ends with the database broken (stopped, even): the next starts from a working one.
          if (round > 1) await restoreDb(ctx, db);
          const { old, sent, loaded } = await loadKeys(ctx, db, 3);
          await waitUntil(ctx, loaded, TTL_MS + MARGIN_MS);
          await db.mode({ failure: 'error' });
          expectStale(await getItem(ctx, old[0].key), old[0], sent, 'the entry has expired and the database answers 500: the GET must answer the expired record (read less than MAX_STALE_MS ago)');
          expectStale(await getItem(ctx, old[0].key), old[0], sent, 'a second GET must answer the expired record too');
          const reads = await db.reads(old[0].key);
          expectThat(reads === 3, 'every GET of an expired entry must try the database (no back-off): one read to load it, then one per GET', { expected: '3 reads', received: `${reads} reads` });
          await db.mode({ failure: 'hang' });
          expectStale(await getItem(ctx, old[1].key, { timeoutMs: DB_TIMEOUT_MS + 3000 }), old[1], sent, `the database never answers: after DB_TIMEOUT_MS (${DB_TIMEOUT_MS} ms) the GET must answer the expired record`);
          await db.mode({ failure: null });
          ctx.note('database: stopped (connections refused)');
          await serviceOf(ctx).helper('db').stop();
          expectStale(await getItem(ctx, old[2].key), old[2], sent, 'the database refuses connections: the GET must answer the expired record');
        }));
      },
    },
    {
      id: 'stale-bound',
      title: `${MAX_STALE_MS + MARGIN_MS} ms after a record was read, a failing database means 503; once it works, the next GET reads it`,
      async run(ctx) {
        await withDb(ctx, async (db) => {
          const { newer, loaded } = await loadKeys(ctx, db, 1);
          await db.mode({ failure: 'error' });
          await waitUntil(ctx, loaded, MAX_STALE_MS + MARGIN_MS);
          expectError(await getItem(ctx, newer[0].key), 503, `the record was read more than MAX_STALE_MS (${MAX_STALE_MS} ms) ago and the database answers 500: the GET must answer 503 {"error": "…"}, not the old record`);
          await db.mode({ failure: null });
          expectRecord(await getItem(ctx, newer[0].key), newer[0], 'the database works again: the GET must read it and answer its newer record');
        });
      },
    },
  ],
});
