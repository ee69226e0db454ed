// Never lock a user out (README "Safety"): a malformed record costs that record only, a store from a
// newer sysdesign is left alone with a clear word, and an unusable store folder is named up front.
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startedWorkspace, tempDir } from './helpers/run-cli.js';

const card = (lastCorrect: unknown) => ({ fsrs: {}, lastCorrect, lastReviewedAt: '2026-01-01T00:00:00.000Z' });

describe('the progress store never locks a user out', () => {
  it('a malformed quiz card is set aside with a one-line warning; every command runs; doctor reports it', async () => {
    const home = await tempDir();
    const store = {
      formatVersion: 2, labs: {}, activity: [], plan: { manual: {}, extras: [] }, settings: {},
      quiz: { cards: { 'broken.card': card('yes'), 'good.card': card(true) } },
    };
    await writeFile(join(home, 'progress.json'), JSON.stringify(store));
    const status = await runCli(['status'], { home });
    expect(status.exitCode, status.stderr).toBe(0);
    const warnings = status.stderr.trim().split('\n');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^sysdesign: warning: 1 malformed record was set aside in .*progress\.set-aside\.jsonl \(quiz\.cards\.broken\.card\.lastCorrect: .*\); the rest of your progress is intact$/);
    const aside = (await readFile(join(home, 'progress.set-aside.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(aside).toEqual([expect.objectContaining({ path: 'quiz.cards.broken.card', record: card('yes') })]);
    const kept = JSON.parse(await readFile(join(home, 'progress.json'), 'utf8'));
    expect(Object.keys(kept.quiz.cards)).toEqual(['good.card']);

    for (const args of [['plan'], ['quiz', '--plain', '--count', '1'], ['list']]) {
      const run = await runCli(args, { home, input: 'q\n' });
      expect(run.exitCode, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      expect(run.stderr).toBe('');
    }
    const doctor = await runCli(['doctor'], { home });
    expect(doctor.stdout).toMatch(/Set-aside records\s+1 malformed record\(s\) kept in .*progress\.set-aside\.jsonl/);
  });

  it('a store from a newer sysdesign: exit 2 with the word to upgrade, untouched; list still runs; doctor says so', async () => {
    const home = await tempDir();
    const text = '{"formatVersion": 99, "labs": {}}';
    await writeFile(join(home, 'progress.json'), text);
    for (const args of [['status'], ['plan'], ['note', 'hello']]) {
      const run = await runCli(args, { home });
      expect(run.exitCode, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^sysdesign: error: this store was written by a newer sysdesign \(format 99\); upgrade$/m);
    }
    const list = await runCli(['list'], { home });
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toMatch(/circuit-breaker/);
    const doctor = await runCli(['doctor'], { home });
    expect(doctor.exitCode).not.toBe(0);
    expect(doctor.stdout).toMatch(/✘ Progress store\s+this store was written by a newer sysdesign \(format 99\); upgrade/);
    expect(await readFile(join(home, 'progress.json'), 'utf8')).toBe(text);
    expect(await readdir(home)).toEqual(['progress.json']);
  });

  it('an unusable store folder is named up front (exit 2): start makes no workspace, grade runs nothing', async () => {
    const notAFolder = join(await tempDir(), 'file');
    await writeFile(notAFolder, '');
    const home = join(notAFolder, 'home');
    const dir = join(await tempDir(), 'ws');
    const start = await runCli(['start', 'circuit-breaker', '--lang', 'ts', '--dir', dir], { home });
    expect(start.exitCode).toBe(2);
    expect(start.stderr).toMatch(/^sysdesign: error: cannot save your progress in .*home: part of that path is a file, not a folder \(ENOTDIR\)$/m);
    expect(existsSync(dir)).toBe(false);

    const started = await startedWorkspace('circuit-breaker', 'ts');
    const grade = await runCli(['grade', '--dir', started.dir], { home });
    expect(grade.exitCode).toBe(2);
    expect(grade.stderr).toMatch(/cannot save your progress in .*: part of that path is a file/);
    expect(grade.stdout).not.toMatch(/Stage/);
  });
});
