import { defineStage, expectThat, serviceOf, type HttpTarget, type LoadRequest } from '../../../src/grader/api.js';
import { MIN_LIFE_MS, DbControl, tally } from './shared.js';

/** At most CACHE_MAX_ENTRIES, so the hit path is measured, not evictions. */
const KEYS = 16;
const LOAD_MS = 1000;
/** Requests per step of that load (in-process bursts: no load-generator worker to start). */
const CHUNK = 400;
const keys = Array.from({ length: KEYS }, (_, i) => `bench-${i}`);
const requests: LoadRequest[] = keys.map((k) => ({ method: 'GET', path: `/items/${k}` }));

/**
 * Writes the keys through the server and reads each once, so the load starts on a warm cache. One key at a
 * time: side by side, 16 writes at once against a freshly started database on a loaded machine have run past
 * DB_TIMEOUT_MS and failed the reference's setup.
 */
async function prime(target: HttpTarget): Promise<LoadRequest[]> {
  for (const [i, key] of keys.entries()) {
    const put = await target.request('PUT', `/items/${key}`, { body: { value: { title: `item ${i}`, price: 10 + i, tags: ['bench'] } } });
    if (put.status !== 200) throw new Error(`PUT /items/${key} answered ${put.status}, not 200`);
    const get = await target.request('GET', `/items/${key}`);
    if (get.status !== 200) throw new Error(`GET /items/${key} answered ${get.status}, not 200`);
  }
  return requests;
}

export const stage = defineStage({
  id: 'benchmark',
  checks: [
    {
      id: 'reads-per-request',
      title: `Under ${LOAD_MS / 1000} s of load over ${KEYS} keys, at most one database read per key per ${MIN_LIFE_MS} ms, plus one per key`,
      async run(ctx) {
        const service = serviceOf(ctx);
        const db = DbControl.of(ctx);
        await prime(service);
        const before = (await db.counts()).reads;
        const started = Date.now();
        let sent = 0;
        let answered200 = 0;
        const others: Record<string, number> = {};
        while (Date.now() - started < LOAD_MS) {
          const burst = await service.load({ requests, total: CHUNK, concurrency: KEYS });
          sent += burst.sent;
          answered200 += burst.statuses[200] ?? 0;
          for (const [status, n] of Object.entries(tally(burst))) if (status !== '200') others[status] = (others[status] ?? 0) + n;
        }
        const tookMs = Date.now() - started;
        const after = (await db.counts()).reads;
        const reads = keys.reduce((n, k) => n + (after[k] ?? 0) - (before[k] ?? 0), 0);
        const allowed = KEYS * (1 + Math.ceil(tookMs / MIN_LIFE_MS));
        ctx.note(`${reads} database reads for ${sent} requests: ${(reads / Math.max(1, sent)).toFixed(5)} reads per request`);
        expectThat(answered200 === sent, 'every GET under load must answer 200', { expected: `${sent} answered 200`, received: others });
        expectThat(reads <= allowed, `each key may be read once per lifetime (at least ${MIN_LIFE_MS} ms), with concurrent misses sharing the read`, { expected: `at most ${allowed} reads in ${tookMs} ms`, received: `${reads} reads` });
      },
    },
    {
      id: 'hit-throughput',
      title: 'Hit-path throughput: half the reference\'s requests/s or more, no errors, p99 within 3× the reference\'s + 5 ms',
      async run(ctx) {
        await serviceOf(ctx).benchmark({ setup: prime });
      },
    },
  ],
});
