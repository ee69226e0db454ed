// `sysdesign dev new` makes a lab that `dev check` calls all ok with no edits, in every kind; and dev check
// names a crashing check (with its stack) and a checks file that defines the wrong stage.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliRun } from './helpers/run-cli.js';

/**
 * Runs the CLI on the labs of `labsDir` only. Kept in one place: the catalog is pointed at a labs folder by
 * SYSDESIGN_CATALOG today, and may take a `--labs DIR` option later.
 */
function onLabs(labsDir: string, args: string[], home: string): Promise<CliRun> {
  return runCli(args, { home, env: { SYSDESIGN_CATALOG: labsDir }, timeoutMs: 300_000 });
}

async function newLab(kind: string): Promise<{ labsDir: string; home: string }> {
  const root = await tempDir();
  const labsDir = join(root, 'labs');
  const home = await tempDir();
  const made = await runCli(['dev', 'new', 'demo', '--kind', kind, '--dir', labsDir], { home });
  expect(made.exitCode, made.stderr).toBe(0);
  expect(made.stdout).toContain(`created the ${kind} lab demo`);
  return { labsDir, home };
}

describe('dev new', () => {
  for (const kind of ['library', 'service', 'cluster']) {
    it(`makes a ${kind} lab whose rules hold, whose references pass and starters and fixtures fail as named`, async () => {
      const { labsDir, home } = await newLab(kind);
      const run = await onLabs(labsDir, ['dev', 'check', 'demo'], home);
      expect(run.exitCode, run.stdout + run.stderr).toBe(0);
      const lines = run.stdout.trim().split('\n').filter((l) => !l.startsWith(' '));
      expect(lines.filter((l) => !l.startsWith('ok '))).toEqual([]);
      expect(lines[0]).toMatch(/^ok {3}demo rules: all \d+ kept/);
      // rules, then per track: reference, starter and six fixtures
      expect(lines).toHaveLength(1 + 2 * 8);
    }, 300_000);
  }

  it('refuses a lab that exists, and an id that is not kebab-case', async () => {
    const { labsDir, home } = await newLab('library');
    const again = await runCli(['dev', 'new', 'demo', '--kind', 'library', '--dir', labsDir], { home });
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/demo already exists/);
    const bad = await runCli(['dev', 'new', 'Not_A_Lab', '--kind', 'library', '--dir', labsDir], { home });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/is not a lab id/);
  });
});

describe('dev check on a broken lab', () => {
  it('reports a check that throws as its own crash, with the stack in the check file', async () => {
    const { labsDir, home } = await newLab('library');
    const file = join(labsDir, 'demo', 'checks', 'counting.ts');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace("await tally.expectTotal('nobody', 0,", "(undefined as unknown as { x: { y: number } }).x.y;\n        await tally.expectTotal('nobody', 0,"));
    const run = await onLabs(labsDir, ['dev', 'check', 'demo', '--lang', 'ts', '--only', 'reference'], home);
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/FAIL demo \[ts\] reference: .*check starts-at-zero: the check crashed: TypeError: Cannot read properties of undefined/);
    expect(run.stdout).not.toContain('did not have the shape');
    expect(run.stdout).toMatch(/^ +at .*demo\/checks\/counting\.ts:\d+:\d+/m);
  }, 120_000);

  it('names a checks file that defines another stage, as a rule and as a verdict, never an internal error', async () => {
    const { labsDir, home } = await newLab('library');
    const file = join(labsDir, 'demo', 'checks', 'window.ts');
    await writeFile(file, (await readFile(file, 'utf8')).replace("id: 'window',", "id: 'windows',"));
    const run = await onLabs(labsDir, ['dev', 'check', 'demo', '--lang', 'ts', '--only', 'rules,reference'], home);
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stderr).not.toContain('internal error');
    expect(run.stdout).toMatch(/FAIL demo: .*demo\/checks\/window\.ts: defines stage "windows" but lab\.yaml names it "window" \[rule stage-checks\]/);
    expect(run.stdout).toMatch(/FAIL demo \[ts\] reference: .*could not be graded: .*window\.ts: defines stage "windows"/);
  }, 120_000);
});
