import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { LoadedLab } from '../catalog/catalog.js';
import type { Stage } from '../catalog/schema/lab.js';
import type { Track } from '../catalog/schema/track.js';
import { BuildFailedError, InterruptedError } from '../errors.js';
import { refuseLinks } from '../workspace/no-links.js';
import { assembleSources, buildVariant, variantFor, type Built } from '../tracks/build.js';
import { GraderProblem } from './check-failure.js';
import type { BenchSettings, DriverSession } from './drivers/driver.js';
import { DRIVERS } from './drivers/index.js';
import type { BenchReport, GradeEvent, GradeResult, Reporter, StageResult } from './events.js';
import { withBuildLock } from './build-lock.js';
import { benchBudgetMs } from './service/benchmark.js';
import { isRepeatable, runStage } from './stage-runner.js';

export interface GradeRequest {
  lab: LoadedLab;
  track: Track;
  trackId: string;
  /** Folders whose files make up the program, later ones winning (workspace; or starter + reference). */
  layers: string[];
  /** Where sources are assembled and binaries built. */
  buildRoot: string;
  seed: number;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  reporters: Reporter[];
  /** Run stages 1..untilStage only (1-based); all when absent. */
  untilStage?: number;
  /** Stages not to run, known to have passed already (they count as passed); none when absent. */
  skip?: (stage: Stage) => boolean;
  /** Run only the load benchmark stage (`sysdesign bench`). */
  benchOnly?: boolean;
  /** The load benchmark's durations and cache (service labs); quick, fresh and uncached when absent. */
  bench?: BenchSettings;
  /** `grade --trace FILE`: where cluster labs write every simulated event (JSON lines). */
  traceFile?: string;
}

/**
 * Builds the learner's program, runs the lab's stages in order and stops at the first that fails.
 * Every program started here is stopped before this returns, whatever happened. When `signal` aborts
 * (Ctrl-C) it throws InterruptedError instead of returning a result, so nothing of the run is recorded.
 */
export async function gradeProgram(req: GradeRequest): Promise<GradeResult> {
  // The build folder is emptied and written: never through a link (a workspace's `.sysdesign/build` …).
  const workspace = dirname(dirname(req.buildRoot));
  await refuseLinks(workspace, [relative(workspace, req.buildRoot), relative(workspace, `${req.buildRoot}.lock`)]);
  const warn = (message: string) => { for (const r of req.reporters) r.onEvent({ type: 'warning', message }); };
  return withBuildLock(req.buildRoot, req.signal, () => warn('another grade of this workspace is running (a `sysdesign watch`?); waiting for it to finish'),
    () => gradeLocked(req));
}

async function gradeLocked(req: GradeRequest): Promise<GradeResult> {
  const { lab, track, trackId } = req;
  const started = Date.now();
  let bench: BenchReport | undefined;
  const emit = (event: GradeEvent) => {
    // After Ctrl-C every check fails because its program was stopped: none of that is the learner's result.
    if (req.signal.aborted) return;
    if (event.type === 'bench-result') bench = event.report;
    for (const r of req.reporters) r.onEvent(event);
  };
  const stages = req.benchOnly ? lab.stages.filter((s) => s.bench) : lab.stages.slice(0, req.untilStage ?? lab.stages.length);
  const benchSettings: BenchSettings = req.bench ?? { quick: true, fresh: true };
  emit({ type: 'start', lab: lab.id, title: lab.title, track: trackId, stages: lab.stages.length, seed: req.seed });

  const sources = await assembleSources(lab, trackId, req.layers, req.buildRoot);
  for (const file of sources.changedProvided) {
    emit({ type: 'warning', message: `${file} is a provided file and was changed; grading uses the original copy` });
  }
  const builds = new Map<string, Built>();
  const sessions = new Map<string, DriverSession>();
  const results: StageResult[] = [];
  const finish = (extra: Partial<GradeResult> = {}): GradeResult => {
    const stagesPassed = countLeadingPasses(results);
    const result: GradeResult = {
      lab: lab.id, labVersion: lab.version, track: trackId, seed: req.seed,
      passed: stagesPassed === lab.stages.length, stagesTotal: lab.stages.length, stagesPassed,
      stages: results, changedProvided: sources.changedProvided, durationMs: Date.now() - started, ...(bench ? { bench } : {}), ...extra,
    };
    emit({ type: 'end', result });
    return result;
  };

  // This grade's own folder (a service's DATA_DIR, the reference build): removed at the end, whatever happens.
  const runDir = await mkdtemp(join(tmpdir(), `sysdesign-run-${lab.id}-`));
  try {
    for (const stage of stages) {
      const index = lab.stages.indexOf(stage) + 1;
      if (req.skip?.(stage)) {
        emit({ type: 'stage-skipped', index, lab: lab.id, id: stage.id, title: stage.title });
        results.push({ index, id: stage.id, title: stage.title, status: 'skipped', randomised: stage.randomised, repeatable: isRepeatable(stage), checks: [], durationMs: 0 });
        continue;
      }
      const variant = variantFor(track, stage.build);
      const key = variant ?? 'run';
      if (!builds.has(key)) {
        emit({ type: 'build', variant: key, phase: 'start' });
        const built = await buildVariant({ track, lab, trackId, sources, buildRoot: req.buildRoot, variant, env: req.env, signal: req.signal });
        builds.set(key, built);
        emit({ type: 'build', variant: key, phase: 'done', ms: built.buildMs });
      }
      const session = async () => {
        const current = sessions.get(key);
        if (current?.alive) return current;
        await current?.stop();
        // Servers sharing one DATA_DIR never run side by side: a stage on another build stops the others first.
        for (const [other, s] of sessions) if (other !== key && s.exclusive && s.alive) await s.stop();
        const opened = await DRIVERS[lab.kind]({
          lab, track, trackId, spawn: builds.get(key)!.spawn, env: req.env, signal: req.signal, runDir, emit, bench: benchSettings, traceFile: req.traceFile,
        });
        sessions.set(key, opened);
        return opened;
      };
      const extraMs = stage.bench ? benchBudgetMs(lab.bench, benchSettings) : 0;
      const result = await runStage({ lab, stage, index, seed: req.seed, session, emit, signal: req.signal, extraMs });
      results.push(result);
      if (result.status === 'failed') break;
    }
  } catch (error) {
    if (req.signal.aborted) throw new InterruptedError();
    if (error instanceof BuildFailedError) return finish({ buildError: { message: error.message, output: error.output } });
    if (error instanceof GraderProblem) {
      // The stage it came from is neither passed nor failed: the learner's progress stays where it was.
      emit({ type: 'warning', message: error.message });
      return finish({ unjudged: error.message });
    }
    throw error;
  } finally {
    await Promise.all([...sessions.values()].map((s) => s.stop()));
    await rm(runDir, { recursive: true, force: true });
  }
  if (req.signal.aborted) throw new InterruptedError();
  return finish();
}

function countLeadingPasses(results: StageResult[]): number {
  let n = 0;
  // A skipped stage is one that passed before (see GradeRequest.skip).
  while (n < results.length && results[n].status !== 'failed') n++;
  return n;
}
