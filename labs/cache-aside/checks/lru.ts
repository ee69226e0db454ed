import { defineStage, expectThat, serviceOf, type CheckContext } from '../../../src/grader/api.js';
import { MAX_ENTRIES, MIN_LIFE_MS, conclusively, expectError, expectRecord, freshKey, getItem, mustBeWithin, withDb, type DbControl, type DbRecord } from './shared.js';

/** `n` keys in the database, not yet loaded. */
async function records(ctx: CheckContext, db: DbControl, n: number, tag: string): Promise<DbRecord[]> {
  const out: DbRecord[] = [];
  const run = ctx.random.int(0, 1e9).toString(36);
  for (let i = 0; i < n; i++) out.push(await db.put(`${tag}${i}-${run}`, i));
  return out;
}

/** GETs in order, each answering its record. */
async function getAll(ctx: CheckContext, list: DbRecord[]): Promise<void> {
  for (const r of list) expectRecord(await getItem(ctx, r.key), r, `GET ${r.key} must answer its record`);
}

/** Reads per key must equal `expected` (1 when absent); a mismatch is judged only within the shortest lifetime. */
async function expectReads(db: DbControl, list: DbRecord[], expected: Record<string, number>, started: number, why: string): Promise<void> {
  const counts = (await db.counts()).reads;
  const wrong = list.filter((r) => (counts[r.key] ?? 0) !== (expected[r.key] ?? 1));
  if (wrong.length) mustBeWithin(started, MIN_LIFE_MS, 'the sequence of GETs');
  expectThat(wrong.length === 0, why, {
    expected: wrong.map((r) => `${r.key}: ${expected[r.key] ?? 1}`).slice(0, 6).join(', '),
    received: wrong.map((r) => `${r.key}: ${counts[r.key] ?? 0}`).slice(0, 6).join(', '),
  });
}

export const stage = defineStage({
  id: 'lru',
  checks: [
    {
      id: 'evicts-least-recently-used',
      title: `${MAX_ENTRIES} keys loaded, the first read again, one more loaded: the second is evicted, every other key is still a hit`,
      async run(ctx) {
        await withDb(ctx, async (db) => {
          await db.mode({ latencyMs: 0 });
          await conclusively(ctx, async () => {
            const keys = await records(ctx, db, MAX_ENTRIES + 1, 'lru');
            const started = Date.now();
            await getAll(ctx, keys.slice(0, MAX_ENTRIES));
            await getAll(ctx, [keys[0], keys[MAX_ENTRIES]]);
            await getAll(ctx, [keys[0], ...keys.slice(2)]);
            await expectReads(db, keys, {}, started, `with ${MAX_ENTRIES} entries, the first key just read again and a new key loaded, the least recently used (the second key) goes, and only it: every other key must still be a hit`);
            await getAll(ctx, [keys[1]]);
            await expectReads(db, keys, { [keys[1].key]: 2 }, started, `the second key was the least recently used when the ${MAX_ENTRIES + 1}th was loaded: it must have been evicted, so its GET reads the database`);
          });
        });
      },
    },
    {
      id: 'negative-entries-count',
      title: `A record, then ${MAX_ENTRIES} unknown keys: the negative entries fill the cache and the record is evicted`,
      async run(ctx) {
        await withDb(ctx, async (db) => {
          await db.mode({ latencyMs: 0 });
          const [record] = await records(ctx, db, 1, 'kept');
          await getAll(ctx, [record]);
          for (let i = 0; i < MAX_ENTRIES; i++) expectError(await getItem(ctx, freshKey(ctx, `none${i}`)), 404, 'an unknown key answers 404');
          await getAll(ctx, [record]);
          const reads = await db.reads(record.key);
          expectThat(reads === 2, `negative entries count toward CACHE_MAX_ENTRIES: after ${MAX_ENTRIES} of them the record must have been evicted and read again`, { expected: '2 reads', received: `${reads} read${reads === 1 ? '' : 's'}` });
        });
      },
    },
    {
      id: 'put-frees-slot',
      title: `${MAX_ENTRIES} entries, a PUT of one of them, then a new key: nothing is evicted`,
      async run(ctx) {
        await withDb(ctx, async (db) => {
          await db.mode({ latencyMs: 0 });
          await conclusively(ctx, async () => {
            const keys = await records(ctx, db, MAX_ENTRIES + 1, 'slot');
            const started = Date.now();
            await getAll(ctx, keys.slice(0, MAX_ENTRIES));
            const last = keys[MAX_ENTRIES - 1];
            const written = await serviceOf(ctx).request('PUT', `/items/${last.key}`, { body: { value: 'rewritten' } });
            expectRecord(written, { key: last.key, value: 'rewritten', version: last.version + 1 }, 'the PUT must answer the database\'s new record');
            await getAll(ctx, [keys[MAX_ENTRIES], keys[0]]);
            await expectReads(db, [keys[0], keys[MAX_ENTRIES]], {}, started, `the PUT deleted one of ${MAX_ENTRIES} entries, so the new key fits without evicting the least recently used one (the first key), whose GET must still be a hit`);
          });
        });
      },
    },
  ],
});
