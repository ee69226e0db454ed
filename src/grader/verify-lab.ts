import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Catalog, LoadedLab } from '../catalog/catalog.js';
import { loadYamlFile } from '../catalog/load-yaml.js';
import { FixtureExpectation, namedChecks } from '../catalog/schema/fixture.js';
import { CatalogError, LabDefinitionError } from '../errors.js';
import { detectToolchain } from '../tracks/toolchain.js';
import type { CheckResult, GradeResult, Reporter } from './events.js';
import { gradeProgram, type GradeRequest } from './grade.js';
import { fixturesDirFor } from './lab-rules.js';
import { isRepeatable } from './stage-runner.js';

export type Subject = { kind: 'reference' } | { kind: 'starter' } | { kind: 'fixture'; name: string; dir: string; expect: FixtureExpectation };

export interface Verdict {
  lab: string;
  track: string;
  subject: string;
  ok: boolean;
  /** What was expected and what happened, in words. */
  expected: string;
  got: string;
  result?: GradeResult;
  /** The check that failed first, if any. */
  failedCheck?: string;
  durationMs: number;
  /** With `repeat`: how many of the runs (the first included) gave the expected verdict, or why none were repeated. */
  repeats?: { times: number; asExpected: number; failingSeeds: number[] } | { notRepeated: string };
}

/**
 * The fixtures of a lab's track, each with its expectation, from `fixtures/submissions/<lab>/<track>/` beside
 * the lab's labs folder. A fixture whose expect.yaml does not load is left out: the fixture-expect rule
 * (lab-rules.ts) reports it with its file and line.
 */
export async function listFixtures(lab: LoadedLab, trackId: string): Promise<Subject[]> {
  const dir = join(fixturesDirFor(dirname(lab.dir)), 'submissions', lab.id, trackId);
  if (!existsSync(dir)) return [];
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const subjects: Subject[] = [];
  for (const name of names) {
    const expect = await loadYamlFile(join(dir, name, 'expect.yaml'), FixtureExpectation).catch((e: unknown) => {
      if (e instanceof CatalogError) return undefined;
      throw e;
    });
    if (expect) subjects.push({ kind: 'fixture', name, dir: join(dir, name), expect });
  }
  return subjects;
}

export interface VerifyOptions {
  seed: number;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  reporters?: Reporter[];
  repeat?: number;
  /**
   * Grade a fixture at its named stage alone, the stages before it counted as passed. Its verdict still
   * names the check that caught it; what it no longer shows is that the earlier stages accept it, which the
   * reference's full grade shows for the same code minus the one bug. The test suite grades this way (a
   * fixture failing stage 7 used to pay for stages 1-6 and their builds); `dev check` grades every stage.
   */
  namedStageOnly?: boolean;
}

/**
 * Grades one subject through the same path a learner's workspace takes: the reference must pass every
 * stage, the starter must fail stage 1, and a fixture must fail exactly the stage its expect.yaml names.
 */
export async function verifySubject(catalog: Catalog, lab: LoadedLab, trackId: string, subject: Subject,
  options: VerifyOptions): Promise<Verdict> {
  const track = lab.tracks[trackId];
  const starter = join(lab.dir, track.starter);
  const layers = subject.kind === 'reference' ? [starter, join(lab.dir, track.reference)]
    : subject.kind === 'starter' ? [starter] : [starter, subject.dir];
  const name = subject.kind === 'fixture' ? `fixture ${subject.name}` : subject.kind;
  const buildRoot = await mkdtemp(join(tmpdir(), `sysdesign-verify-${lab.id}-`));
  const started = Date.now();
  try {
    const grade = (seed: number, extra: Partial<GradeRequest> = {}) => gradeProgram({
      lab, track: catalog.track(trackId), trackId, layers, buildRoot, seed, env: options.env,
      signal: options.signal, reporters: options.reporters ?? [], ...extra,
    });
    const named = subject.kind === 'fixture' ? stageNumber(lab, subject.expect.stage) : 0;
    const alone: Partial<GradeRequest> = options.namedStageOnly && named > 0
      ? { untilStage: named, skip: (stage) => lab.stages.indexOf(stage) < named - 1 } : {};
    let result: GradeResult;
    try {
      result = await grade(options.seed, alone);
    } catch (error) {
      // A lab whose checks do not load is the lab's fault, named by file: a verdict, not an internal error.
      if (!(error instanceof LabDefinitionError)) throw error;
      return { lab: lab.id, track: trackId, subject: name, ok: false, expected: expectationOf(lab, subject), got: `could not be graded: ${error.message}`, durationMs: Date.now() - started };
    }
    const failed = result.stages.find((s) => s.status === 'failed');
    const failedCheck = failed?.checks.find((c) => c.failure);
    const got = result.buildError ? `did not build: ${result.buildError.output.split('\n').slice(0, 3).join(' ')}`
      : result.passed ? 'passed every stage'
        : result.unjudged ? `could not be judged: ${result.unjudged}`
        : !failed ? `passed every stage it was graded on (${result.stages.filter((s) => s.status === 'passed').map((s) => `${s.index} ${s.id}`).join(', ')})`
        : `failed stage ${failed?.index} ${failed?.id}, check ${failedCheck?.id}: ${failedCheck?.failure?.message ?? ''}`;
    const expectation = expectationOf(lab, subject) + (alone.skip ? ', graded at that stage alone' : '');
    const ok = subject.kind === 'reference' ? result.passed
      : subject.kind === 'starter' ? !result.buildError && result.stagesPassed === 0 && failed?.index === 1
        : !result.buildError && failed?.id === subject.expect.stage && result.stagesPassed === failed.index - 1
          && failsAsNamed(subject.expect, failedCheck);
    const verdict: Verdict = { lab: lab.id, track: trackId, subject: name, ok, expected: expectation, got, result, failedCheck: failedCheck?.id, durationMs: Date.now() - started };
    if ((options.repeat ?? 1) > 1 && !result.buildError) {
      verdict.repeats = await repeatSubject(lab, subject, ok, options.seed, options.repeat!, options.signal, grade);
      verdict.durationMs = Date.now() - started;
    }
    return verdict;
  } finally {
    await rm(buildRoot, { recursive: true, force: true });
  }
}

/**
 * `dev check --repeat N`: grades the subject N-1 more times with other seeds, running only the repeatable
 * (randomised or concurrent) stages up to the one that decides its verdict, the others counted as passed.
 * A fixture must fail its named check every time; the reference must pass every time.
 */
async function repeatSubject(lab: LoadedLab, subject: Subject, firstOk: boolean, seed: number, times: number, signal: AbortSignal,
  grade: (seed: number, extra: Partial<GradeRequest>) => Promise<GradeResult>): Promise<NonNullable<Verdict['repeats']>> {
  const until = subject.kind === 'fixture' ? stageNumber(lab, subject.expect.stage)
    : subject.kind === 'starter' ? 1 : lab.stages.length;
  if (until === 0) return { notRepeated: 'its stage is not a stage of the lab' };
  if (!isRepeatable(lab.stages[until - 1]) && subject.kind !== 'reference') return { notRepeated: 'its stage is deterministic' };
  if (!lab.stages.slice(0, until).some(isRepeatable)) return { notRepeated: 'no stage is randomised or concurrent' };
  const failingSeeds = firstOk ? [] : [seed];
  for (let run = 1; run < times && !signal.aborted; run++) {
    const result = await grade(seed + run, { untilStage: until, skip: (stage) => !isRepeatable(stage) });
    const failed = result.stages.find((s) => s.status === 'failed');
    const ok = subject.kind === 'fixture'
      ? failed?.id === subject.expect.stage && failsAsNamed(subject.expect, failed.checks.find((c) => c.failure))
      : subject.kind === 'reference' ? !failed : failed?.index === 1;
    if (!ok) failingSeeds.push(seed + run);
  }
  return { times, asExpected: times - failingSeeds.length, failingSeeds };
}

/** The failing check is the one the fixture names, with the named words in its message (when named). */
export function failsAsNamed(expect: FixtureExpectation, failed: CheckResult | undefined): boolean {
  if (!failed || !namedChecks(expect).includes(failed.id)) return false;
  return expect.message === undefined || (failed?.failure?.message ?? '').includes(expect.message);
}

/** A stage's number (from 1) in its lab, or 0 when the lab has no such stage. */
function stageNumber(lab: LoadedLab, stageId: string): number {
  return lab.stages.findIndex((s) => s.id === stageId) + 1;
}

function expectationOf(lab: LoadedLab, subject: Subject): string {
  if (subject.kind === 'reference') return 'passes every stage';
  if (subject.kind === 'starter') return `fails stage 1 ${lab.stages[0].id}`;
  const { stage, message } = subject.expect;
  const index = stageNumber(lab, stage);
  if (index === 0) return `fails "${stage}", which is not a stage of ${lab.id}`;
  return `fails stage ${index} ${stage}, check ${namedChecks(subject.expect).join(' or ')}${message ? ` ("…${message}…")` : ''}`;
}

/** All subjects of a lab's track: reference, starter, then every fixture. */
export async function subjectsOf(lab: LoadedLab, trackId: string): Promise<Subject[]> {
  return [{ kind: 'reference' }, { kind: 'starter' }, ...(await listFixtures(lab, trackId))];
}

export async function trackAvailable(catalog: Catalog, trackId: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return (await detectToolchain(catalog.track(trackId), env)).ok;
}
