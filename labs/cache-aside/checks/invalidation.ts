import { defineStage, expectThat, serviceOf, type CheckContext, type HttpReply } from '../../../src/grader/api.js';
import { MIN_LIFE_MS, conclusively, describe, expectError, expectReads, expectRecord, freshKey, getItem, mustBeWithin, withDb, type DbControl, type DbRecord } from './shared.js';

/** Bound on the wait for the learner's write to reach the database while a check holds it. */
const REACH_MS = 3000;

function put(ctx: CheckContext, key: string, value: unknown) {
  return serviceOf(ctx).request('PUT', `/items/${key}`, { body: { value } });
}

/** A key the database holds at version 1, loaded into the cache by one GET. */
async function cached(ctx: CheckContext, db: DbControl, tag: string): Promise<DbRecord> {
  const key = freshKey(ctx, tag);
  const record = await db.put(key, 'v0');
  expectRecord(await getItem(ctx, key), record, 'a miss must answer the database\'s record');
  return record;
}

/** Starts a PUT whose write the database holds (before applying it, or applied with its answer held); returns once it is held. */
async function heldPut(ctx: CheckContext, db: DbControl, key: string, point: 'before' | 'after', value: string): Promise<{ reply: Promise<HttpReply> }> {
  await db.hold(key, point);
  const reply = put(ctx, key, value);
  reply.catch(() => undefined); // awaited by the caller; if the check stops before, its failure must not go unhandled
  const reached = await db.await(key, { held: true }, REACH_MS);
  expectThat(reached, `PUT /items/${key} must send the write to the database (it did not arrive within ${REACH_MS} ms)`);
  ctx.note(point === 'after' ? `database: applied the write of "${value}" and holds its answer` : `database: holds the write of "${value}" before applying it`);
  return { reply };
}

/**
 * The GET after racing writes must answer `record`. A wrong answer comes from an entry stored when the last
 * write was answered, so it is proven only while that entry is sure to be fresh.
 */
async function expectLatest(ctx: CheckContext, record: DbRecord, answeredAt: number, why: string): Promise<void> {
  const reply = await getItem(ctx, record.key);
  if ((reply.json as { version?: number } | undefined)?.version !== record.version) mustBeWithin(answeredAt, MIN_LIFE_MS, 'the GET after the writes');
  expectRecord(reply, record, why);
}

export const stage = defineStage({
  id: 'invalidation',
  checks: [
    {
      id: 'put-writes-database',
      title: 'PUT writes the value to the database once and answers its new record; a bad body answers 400 and writes nothing',
      async run(ctx) {
        await withDb(ctx, async (db) => {
          const key = freshKey(ctx, 'put');
          await db.put(key, 'v1');
          const value = { name: 'second', sizes: [1, 2.5], ok: true };
          expectRecord(await put(ctx, key, value), { key, value, version: 2 }, 'PUT must answer 200 with the database\'s new record (version one more)');
          for (const bad of ['not json', '[1,2]', '"text"', '{"val":1}', '']) {
            const reply = await serviceOf(ctx).request('PUT', `/items/${key}`, { body: bad, headers: { 'content-type': 'application/json' } });
            expectThat(reply.status === 400, `a PUT body that is not a JSON object with a "value" field (${JSON.stringify(bad)}) must answer 400`, { expected: 400, received: describe(reply) });
          }
          const writes = await db.writes(key);
          expectThat(writes === 1, 'the database must receive exactly one write: the good PUT\'s, none for the bad bodies', { expected: '1 write', received: `${writes} writes` });
        });
      },
    },
    {
      id: 'racing-writes',
      title: 'Two PUTs answered in the opposite order to the one the database applied them in: the next GET answers the later value',
      async run(ctx) {
        await withDb(ctx, async (db) => conclusively(ctx, async () => {
          const old = await cached(ctx, db, 'race');
          const first = await heldPut(ctx, db, old.key, 'after', 'first');
          expectRecord(await put(ctx, old.key, 'second'), { key: old.key, value: 'second', version: old.version + 2 }, 'the second PUT must answer the database\'s record');
          await db.release(old.key);
          expectRecord(await first.reply, { key: old.key, value: 'first', version: old.version + 1 }, 'the first PUT must answer the database\'s record once its answer comes');
          await expectLatest(ctx, { key: old.key, value: 'second', version: old.version + 2 }, Date.now(), 'the database holds "second" (applied last): a cache that stores what each write answered ends up with "first", the older value, and serves it for a whole TTL; delete the entry instead');
        }));
      },
    },
    {
      id: 'delete-after-write',
      title: 'A GET while a PUT waits for the database must not leave the old value cached once the PUT is answered',
      async run(ctx) {
        await withDb(ctx, async (db) => conclusively(ctx, async () => {
          const old = await cached(ctx, db, 'order');
          const write = await heldPut(ctx, db, old.key, 'before', 'new');
          const during = await getItem(ctx, old.key);
          expectRecord(during, old, 'while the write has not reached the database, a GET must answer the record the database still holds');
          await db.release(old.key);
          expectRecord(await write.reply, { key: old.key, value: 'new', version: old.version + 1 }, 'the PUT must answer the database\'s new record');
          await expectLatest(ctx, { key: old.key, value: 'new', version: old.version + 1 }, Date.now(), 'delete the entry after the database confirmed the write: deleted before it, a GET in between loads the old value again and keeps it for a whole TTL');
        }));
      },
    },
    {
      id: 'put-deletes-entry',
      title: 'After a PUT, the next GET reads the database once and answers the new record (the entry was deleted, not updated)',
      async run(ctx) {
        await withDb(ctx, async (db) => conclusively(ctx, async () => {
          const old = await cached(ctx, db, 'delete');
          const written = await put(ctx, old.key, 'v1');
          expectRecord(written, { key: old.key, value: 'v1', version: 2 }, 'PUT must answer the database\'s new record');
          expectRecord(await getItem(ctx, old.key), { key: old.key, value: 'v1', version: 2 }, 'a GET after a PUT must answer the new record');
          await expectReads(db, { [old.key]: 2 }, MIN_LIFE_MS, 'the PUT must delete the entry, never store the value it wrote: the GET after it must read the database (one read for the first GET, one for the GET after the PUT)');
        }));
      },
    },
    {
      id: 'write-failure-503',
      title: 'A PUT the database fails answers 503',
      async run(ctx) {
        await withDb(ctx, async (db) => {
          const old = await cached(ctx, db, 'failwrite');
          await db.mode({ failure: 'error' });
          expectError(await put(ctx, old.key, 'lost'), 503, 'the database answered the write 500: the PUT must answer 503 {"error": "…"}');
        });
      },
    },
  ],
});
