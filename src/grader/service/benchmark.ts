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
import { CheckFailure, GraderProblem } from '../check-failure.js';
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
export async function runBenchmark(req: DriverRequest, learner: HttpTarget, options: BenchmarkOptions, helpers: HelperSet): Promise<void> {
  const def = req.lab.bench;
  if (!def) throw new Error(`${req.lab.id} has no \`bench\` section in lab.yaml`);
  const timing = benchTiming(def, req.bench);
  const settings = { ...timing, connections: def.connections, pipelining: def.pipelining, requests: def.requests, expectStatus: def.expectStatus };
  const toolchain = (await detectToolchain(req.track, req.env)).version;
  const machine = machineDescription(toolchain);
  const key = cacheKey({ machine, lab: req.lab.id, labVersion: req.lab.version, track: req.trackId, settings });
  const file = req.bench.cacheHome ? cacheFile(req.bench.cacheHome, req.lab.id, req.trackId) : undefined;

  let reference: Measured;
  let measuredAt: string;
  const cached = file && !req.bench.fresh ? await readCached(file, key) : undefined;
  if (cached) {
    // Measured by an earlier grade whose helpers kept up (a stalled measurement is never cached).
    reference = { stats: cached.stats, stallMs: 0 };
    measuredAt = cached.measuredAt;
  } else {
    reference = await measureReference(req, def, timing, options);
    measuredAt = new Date().toISOString();
    if (file && reference.stallMs <= def.helperStallLimitMs) await writeCached(file, { key, measuredAt, machine, stats: reference.stats });
  }
  const measureYours = () => watched(helpers, () => measure(req, 'yours', def, timing, learner, options));
  let yours = await measureYours();
  let verdict = judge(yours.stats, reference.stats, def.rule);
  let fromCache = Boolean(cached);
  const first = { yours, reference };
  if (!verdict.passed) {
    // A machine busy with something else can sink one run: a failure counts only when a second,
    // back-to-back measurement of both servers confirms it.
    reference = await measureReference(req, def, timing, options);
    measuredAt = new Date().toISOString();
    fromCache = false;
    if (file && reference.stallMs <= def.helperStallLimitMs) await writeCached(file, { key, measuredAt, machine, stats: reference.stats });
    yours = await measureYours();
    verdict = judge(yours.stats, reference.stats, def.rule);
  }
  const url = options.baseline ? helpers.firstUrl(options.baseline.helper) : undefined;
  const baseline = options.baseline ? await measureBaseline(req, def, timing, options.baseline, url) : undefined;
  req.emit({ type: 'bench-result', report: { yours: yours.stats, reference: reference.stats, ...(baseline ? { baseline } : {}), referenceCached: fromCache, referenceMeasuredAt: measuredAt, ...timing, connections: def.connections, verdict, machine } });
  if (!verdict.passed) {
    const failed = verdict.reasons.filter((r) => !r.ok).map((r) => r.text);
    const busy = machineTooBusy(def.helperStallLimitMs, first, { yours, reference });
    if (busy) throw new GraderProblem(`the machine was too busy to measure: ${busy}; the benchmark (${failed.join('; ')}) is not held against your code, grade again when the machine is quieter`);
    throw new CheckFailure(`the load benchmark failed: ${failed.join('; ')}`);
  }
}

/** One side's figures, and how far the helpers it ran against fell behind while they were taken. */
export interface Measured { stats: BenchStats; stallMs: number }
/** Both servers measured back to back. */
export interface Round { yours: Measured; reference: Measured }

/** Runs a measurement and reads the helpers' worst stall over exactly that time. */
async function watched(helpers: HelperSet, work: () => Promise<BenchStats>): Promise<Measured> {
  await helpers.stallMs();
  const stats = await work();
  return { stats, stallMs: await helpers.stallMs() };
}

/**
 * Why a failed verdict is the machine's and not the learner's, if it is: the grader's own helpers (the
 * backends a proxy forwards to, answering its health checks too) fell behind by more than the lab allows
 * during the second (deciding) round's measurement of either server. A server that stalls them in both
 * rounds while they keep up with the reference both times is the cause itself, and is judged.
 */
export function machineTooBusy(limitMs: number, first: Round, last: Round): string | undefined {
  const over = (m: Measured) => m.stallMs > limitMs;
  if (!over(last.yours) && !over(last.reference)) return undefined;
  if (over(first.yours) && over(last.yours) && !over(first.reference) && !over(last.reference)) return undefined;
  const side = over(last.yours) ? `your server's measurement` : `the reference's measurement`;
  const worst = Math.round(Math.max(last.yours.stallMs, last.reference.stallMs));
  return `the grader's own helper servers fell ${worst} ms behind during ${side} (more than the ${limitMs} ms the lab allows), so their answers, health checks included, came late`;
}

async function measure(req: DriverRequest, side: BenchSide, def: BenchDef, timing: { durationSeconds: number; warmupSeconds: number }, target: HttpTarget, options: BenchmarkOptions): Promise<BenchStats> {
  req.emit({ type: 'bench-progress', side, phase: 'setup', elapsedMs: 0, totalMs: 0, completed: 0 });
  const requests = (await options.setup?.(target)) ?? def.requests;
  if (!requests.length) throw new Error(`${req.lab.id}: the benchmark has no requests (lab.yaml bench.requests, or setup() must return some)`);
  const job: LoadJob = {
    url: target.baseUrl, connections: def.connections, durationSeconds: timing.durationSeconds, pipelining: def.pipelining,
    timeoutSeconds: 10, requests: requests.map(encodeLoadRequest), expectStatus: def.expectStatus, warmupSeconds: timing.warmupSeconds,
  };
  if (timing.warmupSeconds > 0) req.emit({ type: 'bench-progress', side, phase: 'warmup', elapsedMs: 0, totalMs: timing.warmupSeconds * 1000, completed: 0 });
  const totalMs = timing.durationSeconds * 1000;
  let started = Date.now();
  let completed = 0;
  let ticker: NodeJS.Timeout | undefined;
  const progress = () => req.emit({ type: 'bench-progress', side, phase: 'measure', elapsedMs: Math.min(totalMs, Date.now() - started), totalMs, completed });
  const onMeasuring = () => {
    started = Date.now();
    progress();
    ticker = setInterval(progress, 250);
  };
  try {
    // Warm-up and measurement in one worker: one worker start and one autocannon load per side, not two.
    return await runLoad(job, { signal: req.signal, onMeasuring, onTick: (n) => { completed = n; } });
  } finally {
    clearInterval(ticker);
  }
}

/** A helper server measured directly, with the lab's requests and settings: what a proxy adds shows against it. */
async function measureBaseline(req: DriverRequest, def: BenchDef, timing: { durationSeconds: number; warmupSeconds: number },
  baseline: NonNullable<BenchmarkOptions['baseline']>, url: string | undefined): Promise<{ label: string; stats: BenchStats }> {
  if (!url) throw new Error(`${req.lab.id}: the benchmark baseline names the helper "${baseline.helper}", which lab.yaml does not declare`);
  const target: HttpTarget = { baseUrl: url, request: (method, path, o = {}) => sendRequest(url, method, path, { ...o, timeoutMs: o.timeoutMs ?? req.lab.replyTimeoutMs, signal: req.signal }) };
  return { label: baseline.label, stats: await measure(req, 'baseline', def, timing, target, {}) };
}

/** Builds the track's reference into this grade's folder, runs it with its own helpers and DATA_DIR, measures it. */
async function measureReference(req: DriverRequest, def: BenchDef, timing: { durationSeconds: number; warmupSeconds: number }, options: BenchmarkOptions): Promise<Measured> {
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
    return await watched(helpers, () => measure(req, 'reference', def, timing, target, options));
  } catch (error) {
    if (req.signal.aborted) throw error;
    // Not the learner's fault: the stage is left unjudged, never failed.
    throw new GraderProblem(`sysdesign could not measure the reference solution of ${lab.id} (${trackId}), so the benchmark cannot judge yours (a problem of sysdesign or this machine, not of your code): ${(error as Error).message}`);
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
