import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog, LoadedLab } from '../catalog/catalog.js';
import { loadYamlFile } from '../catalog/load-yaml.js';
import { FixtureExpectation } from '../catalog/schema/fixture.js';
import { FIXTURES_DIR } from '../paths.js';
import { detectToolchain } from '../tracks/toolchain.js';
import type { GradeResult, Reporter } from './events.js';
import { gradeProgram } from './grade.js';

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
  durationMs: number;
}

/** The fixtures of a lab's track, each with its expectation. */
export async function listFixtures(labId: string, trackId: string, fixturesDir = FIXTURES_DIR): Promise<Subject[]> {
  const dir = join(fixturesDir, 'submissions', labId, trackId);
  if (!existsSync(dir)) return [];
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const subjects: Subject[] = [];
  for (const name of names) {
    const expect = await loadYamlFile(join(dir, name, 'expect.yaml'), FixtureExpectation);
    subjects.push({ kind: 'fixture', name, dir: join(dir, name), expect });
  }
  return subjects;
}

/**
 * Grades one subject through the same path a learner's workspace takes: the reference must pass every
 * stage, the starter must fail stage 1, and a fixture must fail exactly the stage its expect.yaml names.
 */
export async function verifySubject(catalog: Catalog, lab: LoadedLab, trackId: string, subject: Subject,
  options: { seed: number; env: NodeJS.ProcessEnv; signal: AbortSignal; reporters?: Reporter[] }): Promise<Verdict> {
  const track = lab.tracks[trackId];
  const starter = join(lab.dir, track.starter);
  const layers = subject.kind === 'reference' ? [starter, join(lab.dir, track.reference)]
    : subject.kind === 'starter' ? [starter] : [starter, subject.dir];
  const name = subject.kind === 'fixture' ? `fixture ${subject.name}` : subject.kind;
  const buildRoot = await mkdtemp(join(tmpdir(), `sysdesign-verify-${lab.id}-`));
  const started = Date.now();
  try {
    const result = await gradeProgram({
      lab, track: catalog.track(trackId), trackId, layers, buildRoot, seed: options.seed, env: options.env,
      signal: options.signal, reporters: options.reporters ?? [],
    });
    const failed = result.stages.find((s) => s.status === 'failed');
    const got = result.buildError ? `did not build: ${result.buildError.output.split('\n').slice(0, 3).join(' ')}`
      : result.passed ? 'passed every stage'
        : `failed stage ${failed?.index} ${failed?.id}: ${failed?.checks.find((c) => c.failure)?.failure?.message ?? ''}`;
    const expectation = expectationOf(lab, subject);
    const ok = subject.kind === 'reference' ? result.passed
      : subject.kind === 'starter' ? !result.buildError && result.stagesPassed === 0 && failed?.index === 1
        : !result.buildError && failed?.id === subject.expect.stage && result.stagesPassed === failed.index - 1;
    return { lab: lab.id, track: trackId, subject: name, ok, expected: expectation, got, result, durationMs: Date.now() - started };
  } finally {
    await rm(buildRoot, { recursive: true, force: true });
  }
}

function expectationOf(lab: LoadedLab, subject: Subject): string {
  if (subject.kind === 'reference') return 'passes every stage';
  if (subject.kind === 'starter') return `fails stage 1 ${lab.stages[0].id}`;
  const index = lab.stages.findIndex((s) => s.id === subject.expect.stage) + 1;
  return index > 0 ? `fails stage ${index} ${subject.expect.stage}` : `fails "${subject.expect.stage}", which is not a stage of ${lab.id}`;
}

/** All subjects of a lab's track: reference, starter, then every fixture. */
export async function subjectsOf(labId: string, trackId: string): Promise<Subject[]> {
  return [{ kind: 'reference' }, { kind: 'starter' }, ...(await listFixtures(labId, trackId))];
}

export async function trackAvailable(catalog: Catalog, trackId: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return (await detectToolchain(catalog.track(trackId), env)).ok;
}
