import { defineStage, expectThat, serviceOf, type HttpTarget, type LoadRequest } from '../../../src/grader/api.js';
import { OriginControl } from './shared.js';

const LOAD_SECONDS = 1.5;

/** Built-in resources of the origin (public, max-age=3600), so the reference's own origin has them too; lab.yaml bench.requests lists the same. */
const PATHS = Array.from({ length: 16 }, (_, i) => `/assets/bench-${i}.json`);
const requests: LoadRequest[] = PATHS.map((path) => ({ method: 'GET', path }));

/** Reads each path once, so the load starts on a warm cache. */
async function prime(target: HttpTarget): Promise<LoadRequest[]> {
  for (const path of PATHS) {
    const reply = await target.request('GET', path);
    if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status}, not 200`);
  }
  return requests;
}

export const stage = defineStage({
  id: 'benchmark',
  checks: [
    {
      id: 'no-origin-requests-under-load',
      title: `Under ${LOAD_SECONDS} s of load over ${PATHS.length} stored paths (max-age=3600), the origin gets no request at all`,
      async run(ctx) {
        const service = serviceOf(ctx);
        const origin = OriginControl.of(ctx);
        await prime(service);
        const before = await origin.log(PATHS);
        const stats = await service.loadTest({ requests, connections: PATHS.length, durationSeconds: LOAD_SECONDS });
        const after = await origin.log(PATHS);
        const fetched = PATHS.reduce((n, p) => n + after[p].length - before[p].length, 0);
        ctx.note(`${fetched} origin requests for ${stats.completed} GETs`);
        expectThat(stats.errors === 0 && Object.keys(stats.unexpected).length === 0, 'every GET under load must answer 200', { expected: 'no errors', received: { errors: stats.errors, ...stats.unexpected } });
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
