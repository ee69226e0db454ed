import { defineStage, serviceOf, expectThat } from '../../../src/grader/api.js';
import {
  DB_TIMEOUT_MS, MARGIN_MS, MIN_LIFE_MS, TTL_MS, conclusively, describe, expectError, expectReads, expectRecord, freshKey, getItem,
  waitUntil, withDb,
} from './shared.js';

/** Values of every JSON shape: they must come back as the database sent them, on a miss and on a hit. */
const VALUES: unknown[] = [
  'héllo "quoted" \\ ✓ 🙂', '', 42.5, 0, -7, true, false, null, [1, 'two', { three: 3 }, []],
  { nested: { list: [1, 2], empty: {} }, flag: false, text: 'a,b;c' },
];

export const stage = defineStage({
  id: 'read-through',
  checks: [
    {
      id: 'unknown-key-404',
      title: 'A key the database does not have answers 404 {"error"}; other paths answer 404',
      async run(ctx) {
        expectError(await getItem(ctx, freshKey(ctx, 'nobody')), 404, 'the database answered 404 for this key, so GET /items/{key} must answer 404 with {"error": "…"}');
        const other = await serviceOf(ctx).request('GET', '/elsewhere/item');
        expectThat(other.status === 404, 'a path other than /items/{key} and /healthz must answer 404', { expected: 404, received: describe(other) });
      },
    },
    {
      id: 'miss-then-hit',
      title: 'The first GET reads the database; a second GET within the lifetime is answered from the cache',
      async run(ctx) {
        await withDb(ctx, async (db) => conclusively(ctx, async () => {
          const key = freshKey(ctx, 'item');
          const record = await db.put(key, { name: 'first', tags: ['a', 'b'] });
          expectRecord(await getItem(ctx, key), record, 'a miss must answer the database\'s record unchanged');
          expectRecord(await getItem(ctx, key), record, 'a hit must answer the same record');
          await expectReads(db, { [key]: 1 }, MIN_LIFE_MS, `two GETs of a key, the second well within the ${MIN_LIFE_MS} ms an entry lives at least, must read the database once`);
        }));
      },
    },
    {
      id: 'values-keep-their-shape',
      title: 'Values of every JSON type come back exactly as the database holds them, on a miss and on a hit',
      async run(ctx) {
        await withDb(ctx, async (db) => {
          for (const value of VALUES) {
            const key = freshKey(ctx, 'shape');
            const record = await db.put(key, value);
            expectRecord(await getItem(ctx, key), record, 'a miss must answer the record with its value\'s exact JSON shape');
            expectRecord(await getItem(ctx, key), record, 'a hit must answer the record with its value\'s exact JSON shape');
          }
        });
      },
    },
    {
      id: 'expires-after-ttl',
      title: `An entry serves the loaded value during its lifetime, a hit does not extend it, and after ${TTL_MS} ms the next GET reads the database`,
      async run(ctx) {
        await withDb(ctx, async (db) => conclusively(ctx, async () => {
          const key = freshKey(ctx, 'ttl');
          const first = await db.put(key, 'v1');
          expectRecord(await getItem(ctx, key), first, 'a miss must answer the database\'s record');
          const loaded = Date.now();
          const second = await db.put(key, 'v2');
          await waitUntil(ctx, loaded, MIN_LIFE_MS - 600);
          const mid = await getItem(ctx, key);
          await expectReads(db, { [key]: 1 }, MIN_LIFE_MS, `within the ${MIN_LIFE_MS} ms an entry lives at least, a GET must be a hit`);
          expectRecord(mid, first, `within the ${MIN_LIFE_MS} ms an entry lives at least, a GET must answer the cached record, not read the database`);
          await waitUntil(ctx, loaded, TTL_MS + MARGIN_MS);
          expectRecord(await getItem(ctx, key), second, `${TTL_MS + MARGIN_MS} ms after the entry was stored (and a hit in between, which must not extend it), it has expired: the GET must read the database and answer its new record`);
        }));
      },
    },
    {
      id: 'failures-not-cached',
      title: `A database that answers 500, never answers (${DB_TIMEOUT_MS} ms) or refuses connections makes a cold GET answer 503; the next GET tries again`,
      async run(ctx) {
        await withDb(ctx, async (db) => {
          const cases = [
            { name: 'answers 500', breakIt: () => db.mode({ failure: 'error' }), fix: () => db.mode({ failure: null }) },
            { name: 'never answers', breakIt: () => db.mode({ failure: 'hang' }), fix: () => db.mode({ failure: null }) },
            { name: 'refuses connections', breakIt: async () => { ctx.note('database: stopped (connections refused)'); await serviceOf(ctx).helper('db').stop(); }, fix: async () => { await serviceOf(ctx).helper('db').start(); ctx.note('database: listening again'); } },
          ];
          for (const c of cases) {
            const key = freshKey(ctx, 'down');
            const record = await db.put(key, `kept while the database ${c.name}`);
            await c.breakIt();
            expectError(await getItem(ctx, key, { timeoutMs: DB_TIMEOUT_MS + 3000 }), 503, `the database ${c.name} and nothing is cached: the GET must answer 503 {"error": "…"} (within DB_TIMEOUT_MS and a moment)`);
            await c.fix();
            expectRecord(await getItem(ctx, key), record, 'a failure must never be cached: once the database works again, the next GET must read it');
          }
        });
      },
    },
  ],
});
