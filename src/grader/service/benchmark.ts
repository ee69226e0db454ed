import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import getPort from 'get-port';
import type { BenchDef } from '../../catalog/schema/lab.js';
import { cacheFile, cacheKey, machineDescription, readCached, writeCached } from '../../bench/cache.js';
import { judge } from '../../bench/compare.js';
import { runLoad, type LoadJob } from '../../bench/run.js';
import type { BenchStats } from '../../bench/stats.js';
import { assembleSources, buildVariant, variantFor } from '../../tracks/build.js';
import { detectToolchain } from '../../tracks/toolchain.js';
import { CheckFailure } from '../check-failure.js';
import type { BenchSettings, DriverRequest } from '../drivers/driver.js';
import type { BenchSide } from '../events.js';
import { HelperSet } from './helpers.js';
import { sendRequest } from './http-client.js';
import { ServiceInstance } from './instance.js';
import type { BenchmarkOptions, HttpTarget, LoadRequest } from './types.js';

/** Seconds of measuring (and warming up) in this grade, from the lab and the flags. */
export function benchTiming(def: BenchDef, settings: BenchSettings): { durationSeconds: number; warmupSeconds: number } {
  const durationSeconds = settings.durationSeconds ?? (settings.quick ? def.quickDurationSeconds : def.durationSeconds);
  const scale = Math.min(1, durationSeconds / def.durationSeconds);
  return { durationSeconds, warmupSeconds: Math.round(def.warmupSeconds * scale * 10) / 10 };
}

/** What a bench stage may take beyond its own bound: two rounds of both measurements with warm-ups, and slack. */
export function benchBudgetMs(def: BenchDef | undefined, settings: BenchSettings): number {
  if (!def) return 0;
  const t = benchTiming(def, settings);
  return 4 * (t.durationSeconds + t.warmupSeconds) * 1000 + 30_000;
}

/**
 * The load benchmark behind `ctx.service.benchmark()`: the reference of the same track, built and run
 * exactly like the learner's program (or its cached result), then the learner's server, measured with the
 * same settings; both reported; the lab's relative rule decides.
 */
export async function runBenchmark(req: DriverRequest, learner: HttpTarget, options: BenchmarkOptions, helperUrl: (name: string) => string | undefined = () => undefined): Promise<void> {
  const def = req.lab.bench;
  if (!def) throw new Error(`${req.lab.id} has no \`bench\` section in lab.yaml`);
  const timing = benchTiming(def, req.bench);
  const settings = { ...timing, connections: def.connections, pipelining: def.pipelining, requests: def.requests, expectStatus: def.expectStatus };
  const toolchain = (await detectToolchain(req.track, req.env)).version;
  const machine = machineDescription(toolchain);
  const key = cacheKey({ machine, lab: req.lab.id, labVersion: req.lab.version, track: req.trackId, settings });
  const file = req.bench.cacheHome ? cacheFile(req.bench.cacheHome, req.lab.id, req.trackId) : undefined;

  let reference: BenchStats;
  let measuredAt: string;
  const cached = file && !req.bench.fresh ? await readCached(file, key) : undefined;
  if (cached) {
    reference = cached.stats;
    measuredAt = cached.measuredAt;
  } else {
    reference = await measureReference(req, def, timing, options);
    measuredAt = new Date().toISOString();
    if (file) await writeCached(file, { key, measuredAt, machine, stats: reference });
  }
  let yours = await measure(req, 'yours', def, timing, learner, options);
  let verdict = judge(yours, reference, def.rule);
  let fromCache = Boolean(cached);
  if (!verdict.passed) {
    // A machine busy with something else can sink one run: a failure counts only when a second,
    // back-to-back measurement of both servers confirms it.
    reference = await measureReference(req, def, timing, options);
    measuredAt = new Date().toISOString();
    fromCache = false;
    if (file) await writeCached(file, { key, measuredAt, machine, stats: reference });
    yours = await measure(req, 'yours', def, timing, learner, options);
    verdict = judge(yours, reference, def.rule);
  }
  const baseline = options.baseline ? await measureBaseline(req, def, timing, options.baseline, helperUrl) : undefined;
  req.emit({ type: 'bench-result', report: { yours, reference, ...(baseline ? { baseline } : {}), referenceCached: fromCache, referenceMeasuredAt: measuredAt, ...timing, connections: def.connections, verdict, machine } });
  if (!verdict.passed) {
    const failed = verdict.reasons.filter((r) => !r.ok).map((r) => r.text);
    throw new CheckFailure(`the load benchmark failed: ${failed.join('; ')}`);
  }
}

async function measure(req: DriverRequest, side: BenchSide, def: BenchDef, timing: { durationSeconds: number; warmupSeconds: number }, target: HttpTarget, options: BenchmarkOptions): Promise<BenchStats> {
  req.emit({ type: 'bench-progress', side, phase: 'setup', elapsedMs: 0, totalMs: 0, completed: 0 });
  const requests = (await options.setup?.(target)) ?? def.requests;
  if (!requests.length) throw new Error(`${req.lab.id}: the benchmark has no requests (lab.yaml bench.requests, or setup() must return some)`);
  const job = (durationSeconds: number): LoadJob => ({
    url: target.baseUrl, connections: def.connections, durationSeconds, pipelining: def.pipelining,
    timeoutSeconds: 10, requests: requests.map(encodeLoadRequest), expectStatus: def.expectStatus,
  });
  if (timing.warmupSeconds > 0) {
    req.emit({ type: 'bench-progress', side, phase: 'warmup', elapsedMs: 0, totalMs: timing.warmupSeconds * 1000, completed: 0 });
    await runLoad(job(timing.warmupSeconds), { signal: req.signal });
  }
  const started = Date.now();
  const totalMs = timing.durationSeconds * 1000;
  const progress = (completed: number) => req.emit({ type: 'bench-progress', side, phase: 'measure', elapsedMs: Math.min(totalMs, Date.now() - started), totalMs, completed });
  progress(0);
  let completed = 0;
  const ticker = setInterval(() => progress(completed), 250);
  try {
    return await runLoad(job(timing.durationSeconds), { signal: req.signal, onTick: (n) => { completed = n; } });
  } finally {
    clearInterval(ticker);
  }
}

/** A helper server measured directly, with the lab's requests and settings: what a proxy adds shows against it. */
async function measureBaseline(req: DriverRequest, def: BenchDef, timing: { durationSeconds: number; warmupSeconds: number },
  baseline: NonNullable<BenchmarkOptions['baseline']>, helperUrl: (name: string) => string | undefined): Promise<{ label: string; stats: BenchStats }> {
  const url = helperUrl(baseline.helper);
  if (!url) throw new Error(`${req.lab.id}: the benchmark baseline names the helper "${baseline.helper}", which lab.yaml does not declare`);
  const target: HttpTarget = { baseUrl: url, request: (method, path, o = {}) => sendRequest(url, method, path, { ...o, timeoutMs: o.timeoutMs ?? req.lab.replyTimeoutMs, signal: req.signal }) };
  return { label: baseline.label, stats: await measure(req, 'baseline', def, timing, target, {}) };
}

/** Builds the track's reference into this grade's folder, runs it with its own helpers and DATA_DIR, measures it. */
async function measureReference(req: DriverRequest, def: BenchDef, timing: { durationSeconds: number; warmupSeconds: number }, options: BenchmarkOptions): Promise<BenchStats> {
  const { lab, trackId, track } = req;
  req.emit({ type: 'bench-progress', side: 'reference', phase: 'build', elapsedMs: 0, totalMs: 0, completed: 0 });
  const labTrack = lab.tracks[trackId];
  const buildRoot = join(req.runDir, 'reference');
  const sources = await assembleSources(lab, trackId, [join(lab.dir, labTrack.starter), join(lab.dir, labTrack.reference)], buildRoot);
  const built = await buildVariant({ track, lab, trackId, sources, buildRoot, variant: variantFor(track, 'default'), env: req.env, signal: req.signal });
  const helpers = await HelperSet.open(lab);
  const dataDir = join(buildRoot, 'data');
  await mkdir(dataDir, { recursive: true });
  const instance = new ServiceInstance({
    spawn: built.spawn, port: await getPort({ host: '127.0.0.1' }), dataDir, env: { ...lab.service?.env, ...helpers.env() },
    startTimeoutMs: lab.service?.startTimeoutMs ?? 10_000, faults: track.faults, signal: req.signal,
  });
  try {
    await instance.start();
    const target: HttpTarget = {
      baseUrl: instance.baseUrl,
      request: (method, path, o = {}) => sendRequest(instance.baseUrl, method, path, { ...o, timeoutMs: o.timeoutMs ?? lab.replyTimeoutMs, signal: req.signal }),
    };
    return await measure(req, 'reference', def, timing, target, options);
  } catch (error) {
    // Not the learner's fault: say so, so it never reads as a failed check of their code.
    throw new CheckFailure(`sysdesign could not measure the reference solution of ${lab.id} (${trackId}), so the benchmark cannot judge yours (a problem of sysdesign or this machine, not of your code): ${(error as Error).message}`);
  } finally {
    await instance.stop();
    await helpers.close();
  }
}

export function encodeLoadRequest(r: LoadRequest): LoadJob['requests'][number] {
  const body = r.body === undefined ? undefined : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  const headers = { ...(body !== undefined && typeof r.body !== 'string' ? { 'content-type': 'application/json' } : {}), ...r.headers };
  return { method: r.method, path: r.path, body, headers, ...(r.capture?.length ? { capture: r.capture } : {}) };
}
