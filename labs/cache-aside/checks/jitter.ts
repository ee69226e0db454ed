import { defineStage, expectThat, serviceOf, type CheckContext } from '../../../src/grader/api.js';
import { Inconclusive, JITTER, MARGIN_MS, MIN_LIFE_MS, TTL_MS, conclusively, tally, withDb, type DbControl } from './shared.js';

/** At most CACHE_MAX_ENTRIES, so the memory bound of stage 7 never evicts them. */
const KEYS = 16;
/** The middle of the window of lifetimes. */
const MID_MS = TTL_MS - (TTL_MS * JITTER) / 2;
/** The spread asked for, between the 4th shortest and the 4th longest lifetime: a quarter of the window. */
const QUANTILE = 4;
const SPREAD_MS = (TTL_MS * JITTER) / 4;
/** Requests per step of the steady load that keeps asking for every key. */
const CHUNK = 200;

/**
 * Loads the keys at once, then keeps asking for all of them in turn until the longest lifetime has surely
 * passed, so each key is read again as soon as it expires. A key's lifetime is at most the time from the
 * database's answer to its first read (the entry was stored later) to the arrival of its second read (it
 * had expired by then): an upper bound on the database's clock, which the grader's own delays only raise.
 */
async function lifetimes(ctx: CheckContext, db: DbControl): Promise<{ keys: string[]; upper: Map<string, number> }> {
  const service = serviceOf(ctx);
  const run = ctx.random.int(0, 1e9).toString(36);
  const keys: string[] = [];
  for (let i = 0; i < KEYS; i++) keys.push((await db.put(`jitter${i}-${run}`, i)).key);
  const requests = keys.map((k) => ({ method: 'GET', path: `/items/${k}` }));
  const loaded = await service.load({ requests, total: KEYS, concurrency: KEYS });
  expectThat(loaded.statuses[200] === KEYS, `all ${KEYS} GETs must answer 200`, { expected: { 200: KEYS }, received: tally(loaded) });
  const loadedAt = Date.now();
  let stepStart = 0;
  while (stepStart < loadedAt + TTL_MS + MARGIN_MS) {
    stepStart = Date.now();
    await service.load({ requests, total: CHUNK, concurrency: 8 });
  }
  const log = await db.log(keys);
  const upper = new Map<string, number>();
  for (const k of keys) {
    const [first, second] = log[k];
    // Never read again although asked for after loadedAt + TTL_MS + MARGIN_MS: it outlived CACHE_TTL_MS.
    upper.set(k, second && first.answered !== undefined ? second.arrived - first.answered : Infinity);
  }
  return { keys, upper };
}

export const stage = defineStage({
  id: 'jitter',
  checks: [
    {
      id: 'lifetimes-spread',
      title: `${KEYS} keys loaded at once: none lives less than ${MIN_LIFE_MS} ms or past ${TTL_MS} ms, and their lifetimes spread over the window`,
      async run(ctx) {
        await withDb(ctx, async (db) => conclusively(ctx, async (_round, last) => {
          const { keys, upper } = await lifetimes(ctx, db);
          const short = keys.filter((k) => upper.get(k)! < MIN_LIFE_MS);
          expectThat(short.length === 0, `an entry must live at least CACHE_TTL_MS · (1 − CACHE_TTL_JITTER) = ${MIN_LIFE_MS} ms`, { expected: `every key read again no sooner than ${MIN_LIFE_MS} ms after it was loaded`, received: short.slice(0, 5).map((k) => `${k} read again within ${upper.get(k)} ms`).join('; ') });
          const never = keys.filter((k) => upper.get(k) === Infinity);
          expectThat(never.length === 0, `an entry must live at most CACHE_TTL_MS = ${TTL_MS} ms, and a hit must not extend it`, { expected: `every key read again after ${TTL_MS + MARGIN_MS} ms of steady GETs`, received: `${never.length} of ${KEYS} keys never read again` });
          const sorted = keys.map((k) => upper.get(k)!).sort((a, b) => a - b);
          const early = sorted.filter((ms) => ms < MID_MS).length;
          const spread = sorted[KEYS - QUANTILE] - sorted[QUANTILE - 1];
          ctx.note(`lifetimes (upper bounds, ms): ${sorted.join(' ')}`);
          const why = `keys loaded together must not expire together: each entry draws its own lifetime, uniformly in [${MIN_LIFE_MS}, ${TTL_MS}] ms`;
          if ((early === 0 || spread < SPREAD_MS) && !last) throw new Inconclusive(`${early} keys expired within ${MID_MS} ms; the ${QUANTILE}th shortest and ${QUANTILE}th longest lifetimes were ${spread} ms apart`);
          expectThat(early > 0, why, { expected: `about half of the ${KEYS} keys expired within ${MID_MS} ms`, received: `none did: every key lived ${sorted[0]} ms or more` });
          expectThat(spread >= SPREAD_MS, why, { expected: `the ${QUANTILE}th longest lifetime at least ${SPREAD_MS} ms above the ${QUANTILE}th shortest`, received: `${spread} ms apart (${sorted[QUANTILE - 1]} and ${sorted[KEYS - QUANTILE]} ms)` });
        }, 3));
      },
    },
  ],
});
