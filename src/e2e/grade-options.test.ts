// grade's learner-loop options: stages already passed are skipped unless --previous, --repeat runs the
// randomised stages with other seeds, --junit writes XML, and a failure queues the plan item's questions.
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR, LABS_DIR } from '../paths.js';
import { runCli, startedWorkspace } from './helpers/run-cli.js';

const REFERENCE = join(LABS_DIR, 'circuit-breaker', 'tracks', 'ts', 'reference', 'breaker.ts');
const fixture = (name: string) => join(FIXTURES_DIR, 'submissions', 'circuit-breaker', 'ts', name, 'breaker.ts');

const workspace = () => startedWorkspace('circuit-breaker', 'ts');

describe('grade and the stages passed before', () => {
  it('starts at the first stage not yet passed, and --previous runs the earlier ones again', async () => {
    const { home, dir } = await workspace();
    await copyFile(fixture('half-open-only-on-execute'), join(dir, 'breaker.ts'));
    const first = await runCli(['grade'], { home, cwd: dir });
    expect(first.exitCode).toBe(1);
    expect(first.stdout).toContain('Running stage 3/7');
    const second = await runCli(['grade'], { home, cwd: dir });
    expect(second.stdout).toContain('Stage 1 passed before');
    expect(second.stdout).not.toContain('Running stage 1/7');
    expect(second.stdout).toContain('Running stage 3/7');
    const previous = await runCli(['grade', '--previous'], { home, cwd: dir });
    expect(previous.stdout).toContain('Running stage 1/7');
  });

  it('runs every stage again once the lab has passed', async () => {
    const { home, dir } = await workspace();
    await copyFile(REFERENCE, join(dir, 'breaker.ts'));
    expect((await runCli(['grade'], { home, cwd: dir })).exitCode).toBe(0);
    const again = await runCli(['grade'], { home, cwd: dir });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('Running stage 1/7');
  });
});

describe('grade --repeat and --seed', () => {
  it('repeats the randomised stage with other seeds and reports the pass rate', async () => {
    const { home, dir } = await workspace();
    await copyFile(REFERENCE, join(dir, 'breaker.ts'));
    const run = await runCli(['grade', '--repeat', '3', '--seed', '40'], { home, cwd: dir });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.stdout).toContain('Repeated stages concurrency, random-sequences: 3 of 3 runs passed');
    // Progress while it runs (one line per run on a pipe), the seed of the passing first run, the true total.
    expect(run.stdout).toContain('run 2 of 3 (seed 41): 0 failed so far');
    expect(run.stdout).toContain('run 3 of 3 (seed 42): 0 failed so far');
    expect(run.stdout).toMatch(/\[stage circuit-breaker#7\] Stage passed \(\d+ ms, seed 40\)/);
    const total = Number(run.stdout.match(/runs passed \(([\d.]+) s in all/)![1]) * 1000;
    const first = Number(run.stdout.match(/All 7 stages passed\. \((\d+) ms\)/)![1]);
    expect(total).toBeGreaterThan(first);
  });

  it('prints the seed of a randomised failure, and --seed replays exactly that run', async () => {
    const { home, dir } = await workspace();
    await copyFile(fixture('interval-not-rearmed-after-close'), join(dir, 'breaker.ts'));
    const run = await runCli(['grade', '--seed', '1'], { home, cwd: dir });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('Stage failed (seed 1; rerun with --seed 1)');
    const replay = await runCli(['grade', '--seed', '1'], { home, cwd: dir });
    const failure = (text: string) => text.split('\n').filter((l) => l.includes('#7') && !/\(\d+ ms\)/.test(l)).join('\n');
    expect(failure(replay.stdout)).toBe(failure(run.stdout));
  });
});

describe('grade --junit and review queueing', () => {
  it('writes JUnit XML and queues the plan item questions after a failure', async () => {
    const { home, dir } = await workspace();
    const run = await runCli(['grade', '--junit', 'results.xml'], { home, cwd: dir });
    expect(run.exitCode).toBe(1);
    const xml = await readFile(join(dir, 'results.xml'), 'utf8');
    expect(xml).toMatch(/<testsuites name="circuit-breaker \(ts\)" tests="\d+" failures="1"/);
    expect(run.stdout).toMatch(/Queued \d+ quiz questions on hld\.reliability\.availability-patterns/);
    const store = JSON.parse(await readFile(join(home, 'progress.json'), 'utf8'));
    expect(Object.keys(store.quiz.queued).length).toBeGreaterThan(5);
    const quiz = await runCli(['quiz', '--plain', '--plan', 'hld.reliability.availability-patterns', '--count', '1'], { home, input: 'q\n' });
    expect(quiz.stdout + quiz.stderr).not.toMatch(/internal error/);
  });
});
