/**
 * Runs autocannon in a worker thread, so the load has an event loop of its own: the grader's process
 * stays free, and a benchmark never shares a loop with what it measures. Speaks `WorkerMessage`s.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadJob, WorkerMessage } from './run.js';
import { PERCENTILES, toStats, type AutocannonResult } from './autocannon-result.js';
import { capture, fill, usesPlaceholders } from './chain.js';
import { LatencySamples } from './latency-samples.js';

interface Instance {
  on(event: 'tick', listener: (t: { counter: number }) => void): void;
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  stop(): void;
}
type Autocannon = ((opts: object, cb: (err: Error | null, result: AutocannonResult) => void) => Instance) & {
  aggregateResult(result: unknown, opts: object): AutocannonResult;
};

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as Autocannon;
const job = workerData as LoadJob;
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

type Context = Record<string, string>;
interface Built { method: string; path: string; body?: string; headers?: Record<string, string> }

/** autocannon's request: static, or filled from what earlier requests of the cycle captured (per connection). */
function toAutocannon(r: LoadJob['requests'][number]) {
  const base = { method: r.method, path: r.path, body: r.body, headers: r.headers };
  const dynamic = usesPlaceholders(r);
  return {
    ...base,
    ...(dynamic ? {
      setupRequest(req: Built, context: Context): Built | null {
        const path = fill(r.path, context, 'path');
        const body = r.body === undefined ? undefined : fill(r.body, context, 'body');
        // A value is missing (the answer it comes from was unexpected): skip to the next cycle.
        if (path === undefined || (r.body !== undefined && body === undefined)) return null;
        return { ...req, path, body };
      },
    } : {}),
    ...(r.capture?.length ? { onResponse(_status: number, body: string, context: Context) { capture(body, r.capture!, context); } } : {}),
  };
}

const options = {
  url: job.url, connections: job.connections, duration: job.durationSeconds, pipelining: job.pipelining,
  timeout: job.timeoutSeconds, requests: job.requests.map(toAutocannon),
  renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false,
  // autocannon reports when a sample ends: short samples end a run soon after its duration.
  sampleInt: 250,
};

let current: Instance | undefined;
parentPort!.on('message', (m: { type: string }) => { if (m.type === 'stop') current?.stop(); });

/** Unmeasured load: its answers and errors are not counted. */
function warmUp(seconds: number): Promise<void> {
  return new Promise((resolve, reject) => {
    current = autocannon({ ...options, duration: seconds }, (error) => (error ? reject(error) : resolve()));
  });
}

function measure(): void {
  post({ type: 'measuring' });
  const samples = new LatencySamples();
  current = autocannon(options, (error, raw) => {
    if (error) { post({ type: 'error', message: error.message }); return; }
    try {
      // Inside a worker autocannon leaves its histograms encoded; aggregating decodes them.
      const result = raw.latency ? raw : { ...autocannon.aggregateResult([raw], options), totalCompletedRequests: raw.totalCompletedRequests };
      // Our own samples replace autocannon's whole-millisecond, 2xx-only latency histogram.
      const latency = samples.summary(PERCENTILES);
      post({ type: 'done', stats: toStats(latency ? { ...result, latency } : result, job) });
    } catch (e) {
      post({ type: 'error', message: (e as Error).message });
    }
  });
  current.on('response', (_client, status, _bytes, ms) => { if (job.expectStatus.includes(status)) samples.add(ms); });
  let completed = 0;
  current.on('tick', (t) => { completed += t.counter; post({ type: 'tick', completed }); });
}

if (job.warmupSeconds) warmUp(job.warmupSeconds).then(measure, (e: Error) => post({ type: 'error', message: e.message }));
else measure();
