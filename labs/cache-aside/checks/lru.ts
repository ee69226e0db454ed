import { defineStage, serviceOf, type CheckContext } from '../../../src/grader/api.js';
import { MAX_ENTRIES, MIN_LIFE_MS, conclusively, expectError, expectReads, expectRecord, freshKey, getItem, withDb, type DbControl, type DbRecord } from './shared.js';

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

/** Every key of `list` read once, except those `more` names. */
function reads(list: DbRecord[], more: Record<string, number> = {}): Record<string, number> {
  return Object.fromEntries(list.map((r) => [r.key, more[r.key] ?? 1]));
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
            await getAll(ctx, keys.slice(0, MAX_ENTRIES));
            await getAll(ctx, [keys[0], keys[MAX_ENTRIES]]);
            await getAll(ctx, [keys[0], ...keys.slice(2)]);
            await expectReads(db, reads(keys), MIN_LIFE_MS, `with ${MAX_ENTRIES} entries, the first key just read again and a new key loaded, the least recently used (the second key) goes, and only it: every other key must still be a hit`);
            await getAll(ctx, [keys[1]]);
            await expectReads(db, reads(keys, { [keys[1].key]: 2 }), MIN_LIFE_MS, `the second key was the least recently used when the ${MAX_ENTRIES + 1}th was loaded: it must have been evicted, so its GET reads the database`);
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
          await expectReads(db, { [record.key]: 2 }, MIN_LIFE_MS, `negative entries count toward CACHE_MAX_ENTRIES: after ${MAX_ENTRIES} of them the record must have been evicted and read again`);
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
            await getAll(ctx, keys.slice(0, MAX_ENTRIES));
            const last = keys[MAX_ENTRIES - 1];
            const written = await serviceOf(ctx).request('PUT', `/items/${last.key}`, { body: { value: 'rewritten' } });
            expectRecord(written, { key: last.key, value: 'rewritten', version: last.version + 1 }, 'the PUT must answer the database\'s new record');
            await getAll(ctx, [keys[MAX_ENTRIES], keys[0]]);
            await expectReads(db, reads([keys[0], keys[MAX_ENTRIES]]), MIN_LIFE_MS, `the PUT deleted one of ${MAX_ENTRIES} entries, so the new key fits without evicting the least recently used one (the first key), whose GET must still be a hit`);
          });
        });
      },
    },
  ],
});
