import { defineStage, expectThat, serviceOf, type CheckContext } from '../../../src/grader/api.js';
import { Inconclusive, JITTER, MIN_LIFE_MS, TTL_MS, conclusively, withDb, type DbControl } from './shared.js';

const KEYS = 40;
/** Pause between two rounds of GETs of the keys still cached. */
const ROUND_MS = 150;
/** The spread the contract asks for: a quarter of the window. */
const SPREAD_MS = (TTL_MS * JITTER) / 4;
/** Finer than this, the rounds cannot prove the spread of a correct server (the machine was too slow). */
const RESOLUTION_MS = (TTL_MS * JITTER) / 2;

/** For each key, the shortest and longest lifetime consistent with what the grader saw (ms). */
interface Bounds { lo: number; hi: number }

async function watch(ctx: CheckContext, db: DbControl): Promise<{ bounds: Map<string, Bounds>; resolution: number }> {
  const service = serviceOf(ctx);
  const keys: string[] = [];
  for (let i = 0; i < KEYS; i++) keys.push((await db.put(`jitter${i}-${ctx.random.int(0, 1e9).toString(36)}`, i)).key);
  const get = (k: string) => ({ method: 'GET', path: `/items/${k}` });
  const loadStart = Date.now();
  const loaded = await service.load({ requests: keys.map(get), total: KEYS, concurrency: KEYS });
  const loadEnd = Date.now();
  expectThat(loaded.statuses[200] === KEYS, `all ${KEYS} GETs must answer 200`, { expected: { 200: KEYS }, received: loaded.statuses });
  // An entry is stored after loadStart and before loadEnd (before its GET is answered), so a key read again
  // in a round that ended at t lived at most t - loadStart, and one still cached in a round that started
  // at t lived more than t - loadEnd.
  const bounds = new Map(keys.map((k) => [k, { lo: 0, hi: Infinity }]));
  let resolution = loadEnd - loadStart;
  let previousStart = loadEnd;
  const pending = new Set(keys);
  while (pending.size > 0 && Date.now() < loadEnd + TTL_MS + 1500) {
    await service.pause(ROUND_MS);
    const roundStart = Date.now();
    await service.load({ requests: [...pending].map(get), total: pending.size, concurrency: pending.size });
    const roundEnd = Date.now();
    resolution = Math.max(resolution, roundEnd - previousStart + (loadEnd - loadStart));
    previousStart = roundStart;
    const reads = (await db.counts()).reads;
    for (const k of [...pending]) {
      const b = bounds.get(k)!;
      if ((reads[k] ?? 0) > 1) { b.hi = roundEnd - loadStart; pending.delete(k); } else b.lo = roundStart - loadEnd;
    }
  }
  return { bounds, resolution };
}

export const stage = defineStage({
  id: 'jitter',
  checks: [
    {
      id: 'lifetimes-spread',
      title: `${KEYS} keys loaded at once: every lifetime within [${MIN_LIFE_MS}, ${TTL_MS}] ms, spread over at least ${SPREAD_MS} ms`,
      async run(ctx) {
        await withDb(ctx, async (db) => conclusively(ctx, async () => {
          const { bounds, resolution } = await watch(ctx, db);
          const all = [...bounds.entries()];
          const short = all.filter(([, b]) => b.hi < MIN_LIFE_MS);
          expectThat(short.length === 0, `an entry must live at least CACHE_TTL_MS · (1 − CACHE_TTL_JITTER) = ${MIN_LIFE_MS} ms`, { expected: `every key read again no sooner than ${MIN_LIFE_MS} ms after it was loaded`, received: short.map(([k, b]) => `${k} read again within ${b.hi} ms`).slice(0, 5).join('; ') });
          const long = all.filter(([, b]) => b.lo > TTL_MS);
          expectThat(long.length === 0, `an entry must live at most CACHE_TTL_MS = ${TTL_MS} ms, and a hit must not extend it`, { expected: `every key read again within ${TTL_MS} ms of being loaded`, received: long.map(([k, b]) => `${k} still cached ${b.lo} ms after it was loaded`).slice(0, 5).join('; ') });
          const longestSure = Math.max(...all.map(([, b]) => b.lo));
          const shortestSure = Math.min(...all.map(([, b]) => b.hi));
          const spread = longestSure - shortestSure;
          ctx.note(`lifetimes: one key provably lived ${spread} ms longer than another (resolution ${resolution} ms)`);
          if (spread < SPREAD_MS && resolution > RESOLUTION_MS) throw new Inconclusive(`the rounds of GETs were ${resolution} ms apart, too coarse to measure a spread of ${SPREAD_MS} ms`);
          expectThat(spread >= SPREAD_MS, `keys loaded together must not expire together: each entry draws its own lifetime, uniformly in [${MIN_LIFE_MS}, ${TTL_MS}] ms`, { expected: `some key living at least ${SPREAD_MS} ms longer than another`, received: spread <= 0 ? 'all 40 keys expired together' : `a spread of ${spread} ms at most` });
        }));
      },
    },
  ],
});
