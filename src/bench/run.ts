import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PROJECT_ROOT, RUNNING_FROM_SOURCE } from '../paths.js';
import { tsxLoaderUrl } from '../tracks/command.js';
import { chainProblem } from './chain.js';
import { BenchStats } from './stats.js';

export interface LoadJob {
  url: string;
  connections: number;
  durationSeconds: number;
  pipelining: number;
  timeoutSeconds: number;
  /** Unmeasured load first, in the same worker: a worker start and autocannon's load cost ~0.3-1 s each. */
  warmupSeconds?: number;
  /** Cycled by every connection; `capture` and `{{name}}` chain them (src/bench/chain.ts). */
  requests: { method: string; path: string; body?: string; headers?: Record<string, string>; capture?: string[] }[];
  expectStatus: number[];
}

export type WorkerMessage =
  | { type: 'tick'; completed: number }
  | { type: 'measuring' }
  | { type: 'done'; stats: BenchStats }
  | { type: 'error'; message: string };

/** Bound beyond the planned duration: autocannon stops itself; this only catches a wedged worker. */
const OVERRUN_MS = 15_000;

/**
 * Runs one autocannon measurement in a worker thread, after the job's warm-up if it has one; `onMeasuring`
 * is called when the measured part starts, `onTick` with the answers it has completed so far.
 */
export function runLoad(job: LoadJob, options: { signal?: AbortSignal; onTick?: (completed: number) => void; onMeasuring?: () => void } = {}): Promise<BenchStats> {
  const problem = chainProblem(job.requests);
  if (problem) return Promise.reject(new Error(problem));
  const worker = startWorker(job);
  return new Promise<BenchStats>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const onAbort = () => finish(() => reject(new Error('the benchmark was cancelled')));
    const timer = setTimeout(() => finish(() => reject(new Error('autocannon did not finish in time'))), (job.durationSeconds + (job.warmupSeconds ?? 0)) * 1000 + OVERRUN_MS);
    if (options.signal?.aborted) { onAbort(); return; }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'tick') options.onTick?.(m.completed);
      else if (m.type === 'measuring') options.onMeasuring?.();
      else if (m.type === 'done') finish(() => resolve(BenchStats.parse(m.stats)));
      else finish(() => reject(new Error(`autocannon failed: ${m.message}`)));
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the benchmark worker exited with code ${code}`))));
  });
}

/** The compiled worker; under vitest (sources) the TypeScript one through the project's tsx loader. */
function startWorker(job: LoadJob): Worker {
  const compiled = join(PROJECT_ROOT, 'dist', 'src', 'bench', 'worker.js');
  if (!RUNNING_FROM_SOURCE || existsSync(compiled)) return new Worker(compiled, { workerData: job });
  return new Worker(new URL('./worker.ts', import.meta.url), { workerData: job, execArgv: ['--import', tsxLoaderUrl()] });
}
