// The learning plan and the progress store as a user meets them: the built binary, temp stores, no terminal.
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { loadQuestionBank } from '../catalog/questions.js';
import { LABS_DIR, PROJECT_ROOT } from '../paths.js';
import { STORE_FORMAT_VERSION } from '../progress/schema.js';
import { BIN, runCli, tempDir } from './helpers/run-cli.js';

const SEED = join(PROJECT_ROOT, '..', 'shared', 'seeds', '003_0f5fcaa0480c7b3b.txt');
const STORE = 'progress.json';

async function json<T = any>(args: string[], home: string): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const run = await runCli(args, { home });
  expect(run.exitCode, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}
const notes = async (home: string) => (await json<{ days: { covered: string[] }[] }>(['log', '--json'], home))
  .days.flatMap((d) => d.covered).filter((l) => / Note: /.test(l)).map((l) => l.replace(/^\d\d:\d\d Note: /, ''));
const tickedItems = async (home: string) => (await json<{ items: { id: string; ticked: boolean; tickedBy: string | null }[] }>(['plan', '--json'], home))
  .items.filter((i) => i.ticked).map((i) => `${i.id}:${i.tickedBy}`);

/** A store written as the quiz would: every question of `planIds` answered right at its last review. */
async function answeredStore(home: string, planIds: string[], extra: Record<string, unknown> = {}) {
  const bank = await loadQuestionBank();
  const at = new Date().toISOString();
  const due = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const cards = Object.fromEntries(planIds.flatMap((id) => bank.forPlanItem(id))
    .map((q) => [q.id, { fsrs: { due, state: 2 }, lastCorrect: true, lastReviewedAt: at }]));
  await writeFile(join(home, STORE), JSON.stringify({ formatVersion: STORE_FORMAT_VERSION, quiz: { cards, reviews: [], sessions: [] }, ...extra }));
  return Object.keys(cards).length;
}

describe('sysdesign note and log', () => {
  it('20 note processes started at once leave 20 notes', async () => {
    const home = await tempDir();
    const runs = await Promise.all(Array.from({ length: 20 }, (_, i) => runCli(['note', `note number ${i}`], { home })));
    expect(runs.map((r) => r.exitCode)).toEqual(Array(20).fill(0));
    expect((await notes(home)).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `note number ${i}`).sort());
  });

  it('an empty note is a usage error', async () => {
    expect((await runCli(['note', '  '], { home: await tempDir() })).exitCode).toBe(2);
  });
});

describe('a writer killed in the middle of its write', () => {
  it('leaves a store that loads with the old content, and the next write still succeeds', async () => {
    const home = await tempDir();
    expect((await runCli(['note', 'before'], { home })).exitCode).toBe(0);
    const writer = execa(process.execPath, [BIN, 'note', 'after'], {
      env: { SYSDESIGN_HOME: home, NO_COLOR: '1', SYSDESIGN_TEST_PAUSE_MID_WRITE_MS: '60000' }, reject: false,
    });
    // Wait (bounded) until the temporary file holds half of the new content: the writer is mid-write.
    let temp: string | undefined;
    for (let i = 0; i < 400 && !temp; i++) {
      temp = (await readdir(home)).find((f) => f.startsWith(`${STORE}.`) && !f.includes('lock') && !f.includes('damaged'));
      if (!temp) await sleep(25);
    }
    expect(temp, 'the writer never reached its write').toBeDefined();
    for (let i = 0; i < 200 && !(await readFile(join(home, temp!), 'utf8')).length; i++) await sleep(25);
    writer.kill('SIGKILL');
    const killed = await writer;
    expect(killed.signal).toBe('SIGKILL');
    const half = await readFile(join(home, temp!), 'utf8');
    expect(half.length).toBeGreaterThan(0);
    expect(() => JSON.parse(half)).toThrow(); // truly half-written
    const log = await runCli(['log', '--json'], { home });
    expect(log.exitCode).toBe(0);
    expect(log.stderr).toBe('');
    expect(await notes(home)).toEqual(['before']);
    // The dead writer's lock goes stale within seconds; the next write waits for it and succeeds.
    const next = await runCli(['note', 'third'], { home });
    expect(next.exitCode, next.stderr).toBe(0);
    expect(await notes(home)).toEqual(['before', 'third']);
    expect(existsSync(join(home, temp!)), 'the dead writer\'s temporary file is cleaned up').toBe(false);
  });

  it('killed at random points in many writes, the store always loads with the old or the new content', async () => {
    const home = await tempDir();
    let written = 0;
    for (let round = 0; round < 6; round++) {
      const writer = execa(process.execPath, [BIN, 'note', `n${round}`], { env: { SYSDESIGN_HOME: home, NO_COLOR: '1' }, reject: false });
      await sleep(50 + Math.floor(Math.random() * 400));
      writer.kill('SIGKILL');
      await writer;
      const now = await notes(home);
      expect(now.length === written || now.length === written + 1).toBe(true);
      written = now.length;
    }
  });
});

describe('a damaged store', () => {
  it('is moved aside with a timestamp and the user is told where it went', async () => {
    const home = await tempDir();
    await writeFile(join(home, STORE), '{"formatVersion": 2, "labs": {');
    const run = await runCli(['status'], { home });
    expect(run.exitCode).toBe(0);
    const aside = (await readdir(home)).find((f) => f.startsWith(`${STORE}.damaged-`));
    expect(aside).toMatch(/^progress\.json\.damaged-\d{4}-\d\d-\d\dT/);
    expect(run.stderr).toContain(join(home, aside!));
    expect(await readFile(join(home, aside!), 'utf8')).toBe('{"formatVersion": 2, "labs": {');
  });
});

describe('sysdesign plan', () => {
  it('prints the tree as plain text off a terminal, and JSON with --json', async () => {
    const home = await tempDir();
    const run = await runCli(['plan'], { home });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^System Design and Golang Mastery: A Learning Plan {2}\[-{10}\] {3}0% \(0\/44\)/);
    expect(run.stdout).toContain('  Module 1: Thinking in Go  [----------]   0% (0/5)');
    expect(run.stdout).toMatch(/\nNext: .+`npx sysdesign (start|quiz) /);
    const report = await json(['plan', '--json'], home);
    expect(report.items).toHaveLength(44);
    expect(report.overall).toEqual({ done: 0, total: 44, percent: 0 });
  });

  it('check and uncheck tick by hand, shown as such; an unknown item is a usage error with a suggestion', async () => {
    const home = await tempDir();
    const check = await runCli(['plan', 'check', 'lld.creational.builder'], { home });
    expect(check.stdout).toBe('[x] Builder (ticked by hand)');
    expect(await tickedItems(home)).toEqual(['lld.creational.builder:hand']);
    expect((await runCli(['plan'], { home })).stdout).toContain('[x] Builder  (ticked by hand');
    expect((await runCli(['plan', 'uncheck', 'lld.creational.builder'], { home })).stdout).toBe('[ ] Builder');
    expect(await tickedItems(home)).toEqual([]);
    const bad = await runCli(['plan', 'check', 'lld.creational.buildr'], { home });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('did you mean "lld.creational.builder"');
  });

  it('answering its questions right ticks a question-only item', async () => {
    const home = await tempDir();
    expect(await answeredStore(home, ['lld.creational.singleton'])).toBeGreaterThan(0);
    expect(await tickedItems(home)).toEqual(['lld.creational.singleton:results']);
  });

  it.runIf(existsSync(SEED))('imports the seed plan (ticks become ticks by hand), twice changes nothing, and markdown round-trips', async () => {
    const home = await tempDir();
    const first = await runCli(['plan', 'import', SEED], { home });
    expect(first.stdout).toContain('33 newly ticked by hand');
    const after = await readFile(join(home, STORE), 'utf8');
    const second = await runCli(['plan', 'import', SEED], { home });
    expect(second.stdout).toContain('Nothing changed');
    expect(await readFile(join(home, STORE), 'utf8')).toBe(after);
    expect(await tickedItems(home)).toHaveLength(33);

    const out = join(await tempDir(), 'plan.md');
    expect((await runCli(['plan', '--markdown', '--out', out], { home })).exitCode).toBe(0);
    const markdown = await readFile(out, 'utf8');
    expect(markdown.split('## Session Log')[0]).toBe((await readFile(SEED, 'utf8')).split('## Session Log')[0]);
    expect(markdown).toMatch(/## Session Log & Notes\n\n---\n\*\*\w+day \d{4}-\d\d-\d\d\*\*\n\n\*   \*\*Summary:\*\* 1 plan change\./);
    const fresh = await tempDir();
    expect((await runCli(['plan', 'import', out], { home: fresh })).exitCode).toBe(0);
    expect(await tickedItems(fresh)).toEqual(await tickedItems(home));
  });
});

describe('passing the circuit-breaker reference', () => {
  it('ticks its plan item once the last stage passes, and status and the log show it', async () => {
    const home = await tempDir();
    const root = await tempDir();
    const item = 'hld.reliability.availability-patterns';
    const plan = await json(['plan', '--json'], home);
    const labs: string[] = plan.items.find((i: { id: string }) => i.id === item).labs.map((l: { id: string }) => l.id);
    expect(labs).toContain('circuit-breaker');
    // Everything else the item needs is done already: its questions answered right, its other labs passed.
    const at = new Date().toISOString();
    const passed = Object.fromEntries(labs.filter((l) => l !== 'circuit-breaker').map((l) => [l, {
      track: 'ts', workspace: '/elsewhere', startedAt: at, updatedAt: at, stagesTotal: 1, stagesPassed: 1, passedAt: at, hintsShown: 0, grades: [],
    }]));
    await answeredStore(home, [item], { labs: passed });
    expect(await tickedItems(home)).not.toContain(`${item}:results`);

    const dir = join(root, 'ws');
    expect((await runCli(['start', 'circuit-breaker', '--lang', 'ts', '--dir', dir], { home, cwd: root })).exitCode).toBe(0);
    expect((await json(['status', '--json'], home)).lab).toMatchObject({ id: 'circuit-breaker', status: { kind: 'in-progress', stage: 1 } });
    await copyFile(join(LABS_DIR, 'circuit-breaker', 'tracks', 'ts', 'reference', 'breaker.ts'), join(dir, 'breaker.ts'));
    const grade = await runCli(['grade', '--dir', dir], { home, cwd: root });
    expect(grade.exitCode, grade.stdout + grade.stderr).toBe(0);

    expect(await tickedItems(home)).toContain(`${item}:results`);
    const status = await json(['status', '--json'], home);
    expect(status.lab).toMatchObject({ id: 'circuit-breaker', status: { kind: 'passed' }, workspace: dir });
    expect(status.streak).toMatchObject({ current: 1, activeToday: true });
    const log = await json(['log', '--json', '--days', '1'], home);
    expect(log.days).toHaveLength(1);
    expect(log.days[0].covered.join('\n')).toMatch(/Started lab `circuit-breaker` \(ts\)[\s\S]*Passed every stage of `circuit-breaker`/);
    expect(log.days[0].locations).toEqual([dir]);
  });
});

describe('sysdesign progress export / import', () => {
  it('export then import into an empty store gives the same plan, log and quiz schedule; importing again changes nothing', async () => {
    const a = await tempDir();
    await answeredStore(a, ['lld.creational.factory']);
    await runCli(['note', 'moving machines'], { home: a });
    await runCli(['plan', 'check', 'case.chat'], { home: a });
    const file = join(await tempDir(), 'progress-export.json');
    expect((await runCli(['progress', 'export', file], { home: a })).exitCode).toBe(0);

    const b = await tempDir();
    const imported = await runCli(['progress', 'import', file], { home: b });
    expect(imported.stdout).toMatch(/^Merged /);
    expect(await json(['plan', '--json'], b)).toEqual(await json(['plan', '--json'], a));
    expect(await json(['log', '--json'], b)).toEqual(await json(['log', '--json'], a));
    const cards = async (home: string) => JSON.parse(await readFile(join(home, STORE), 'utf8')).quiz.cards;
    expect(await cards(b)).toEqual(await cards(a));
    expect((await runCli(['progress', 'import', file], { home: b })).stdout).toMatch(/^Nothing new/);
  });

  it('refuses a file that is not a progress export, leaving the store alone', async () => {
    const home = await tempDir();
    const file = join(await tempDir(), 'x.json');
    await writeFile(file, '[1,2]');
    const run = await runCli(['progress', 'import', file], { home });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('not a sysdesign progress file');
  });
});
