import { defineStage, expectThat, serviceOf, type HttpTarget, type LoadRequest } from '../../../src/grader/api.js';
import { OriginControl, tally } from './shared.js';

const LOAD_MS = 1000;
/** Requests per step of that load (in-process bursts: no load-generator worker to start). */
const CHUNK = 400;

/** Built-in resources of the origin (public, max-age=3600), so the reference's own origin has them too; lab.yaml bench.requests lists the same. */
const PATHS = Array.from({ length: 16 }, (_, i) => `/assets/bench-${i}.json`);
const requests: LoadRequest[] = PATHS.map((path) => ({ method: 'GET', path }));

/** Reads each path once (side by side: one after another costs 16 round trips, three times a grade), so the load starts on a warm cache. */
async function prime(target: HttpTarget): Promise<LoadRequest[]> {
  await Promise.all(PATHS.map(async (path) => {
    const reply = await target.request('GET', path);
    if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status}, not 200`);
  }));
  return requests;
}

export const stage = defineStage({
  id: 'benchmark',
  checks: [
    {
      id: 'no-origin-requests-under-load',
      title: `Under ${LOAD_MS / 1000} s of load over ${PATHS.length} stored paths (max-age=3600), the origin gets no request at all`,
      async run(ctx) {
        const service = serviceOf(ctx);
        const origin = OriginControl.of(ctx);
        await prime(service);
        const before = await origin.log(PATHS);
        const started = Date.now();
        let sent = 0;
        let answered200 = 0;
        const others: Record<string, number> = {};
        while (Date.now() - started < LOAD_MS) {
          const burst = await service.load({ requests, total: CHUNK, concurrency: PATHS.length });
          sent += burst.sent;
          answered200 += burst.statuses[200] ?? 0;
          for (const [status, n] of Object.entries(tally(burst))) if (status !== '200') others[status] = (others[status] ?? 0) + n;
        }
        const after = await origin.log(PATHS);
        const fetched = PATHS.reduce((n, p) => n + after[p].length - before[p].length, 0);
        ctx.note(`${fetched} origin requests for ${sent} GETs`);
        expectThat(answered200 === sent, 'every GET under load must answer 200', { expected: `${sent} answered 200`, received: others });
        expectThat(fetched === 0, 'every path is stored and fresh for an hour: the load must be served from the edge alone', { expected: '0 origin requests', received: `${fetched}` });
      },
    },
    {
      id: 'cached-throughput',
      title: 'Cached-path throughput: half the reference\'s requests/s or more, no errors, p99 within 3× the reference\'s + 5 ms',
      async run(ctx) {
        await serviceOf(ctx).benchmark({ setup: prime, baseline: { helper: 'origin', label: 'the origin alone' } });
      },
    },
  ],
});
