// The foundation commands as a user meets them: the built binary, a temp store, no terminal.
import { existsSync } from 'node:fs';
import { appendFile, copyFile, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LABS_DIR } from '../paths.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const REFERENCE = join(LABS_DIR, 'circuit-breaker', 'tracks', 'ts', 'reference', 'breaker.ts');

async function freshWorkspace() {
  const home = await tempDir();
  const root = await tempDir();
  const started = await runCli(['start', 'circuit-breaker', '--lang', 'ts'], { home, cwd: root });
  expect(started.exitCode, started.stderr).toBe(0);
  return { home, root, dir: join(root, 'sysdesign-labs', 'circuit-breaker') };
}

describe('sysdesign --help and --version', () => {
  it('lists the commands and exits 0', async () => {
    const run = await runCli(['--help'], { home: await tempDir() });
    expect(run.exitCode).toBe(0);
    for (const command of ['list', 'start', 'grade', 'hint']) expect(run.stdout).toContain(command);
  });

  it('calls an unknown command a usage error (exit 2) and suggests the near one', async () => {
    const run = await runCli(['grdae'], { home: await tempDir() });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/grade/);
  });
});

describe('sysdesign list', () => {
  it('shows each lab with its kind, difficulty, tracks and status', async () => {
    const run = await runCli(['list'], { home: await tempDir() });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/circuit-breaker\s+Circuit breaker\s+library\s+intermediate\s+ts,go\s+not started/);
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  it('prints one JSON document with --json', async () => {
    const { home } = await freshWorkspace();
    const run = await runCli(['list', '--json'], { home });
    const doc = JSON.parse(run.stdout);
    expect(doc.labs.find((l: { id: string }) => l.id === 'circuit-breaker')).toMatchObject({ kind: 'library', status: { kind: 'in-progress', stage: 1 } });
  });

  it('reports each malformed lab with file, line, column and field, and still lists the good ones', async () => {
    const run = await runCli(['list'], { home: await tempDir(), env: { SYSDESIGN_CATALOG: 'fixtures/catalogs/broken' } });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain('ok-lab');
    expect(run.stderr).toContain('fixtures/catalogs/broken/wrong-field/lab.yaml:5:13: Invalid option');
    expect(run.stderr).toContain('(field difficulty)');
    expect(run.stderr).toMatch(/escapes-folder\/lab\.yaml:15:18: must be a relative path inside the lab folder .*\(field tracks\.ts\.starter\)/);
    expect(run.stderr).toMatch(/syntax-error\/lab\.yaml:11:\d+:/);
  });
});

describe('sysdesign start', () => {
  it('scaffolds the starter, a README with every stage and the metadata, and says what to do next', async () => {
    const { dir, root, home } = await freshWorkspace();
    expect((await readdir(dir)).sort()).toEqual(['.sysdesign', 'README.md', 'breaker.ts', 'driver.ts', 'node_modules', 'package.json', 'tsconfig.json', 'wire.ts']);
    const readme = await readFile(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain('### Stage 1:');
    expect(readme).toContain('### Stage 7:');
    const meta = JSON.parse(await readFile(join(dir, '.sysdesign', 'lab.json'), 'utf8'));
    expect(meta).toMatchObject({ lab: 'circuit-breaker', track: 'ts', edit: ['breaker.ts'] });
    expect(Object.keys(meta.provided)).toContain('driver.ts');
    const again = await runCli(['start', 'circuit-breaker'], { home, cwd: root });
    expect(again.stdout).toContain('nothing was overwritten');
  });

  it('never overwrites a learner file; --force --yes keeps a backup', async () => {
    const { dir, root, home } = await freshWorkspace();
    await writeFile(join(dir, 'breaker.ts'), '// my work\n');
    await runCli(['start', 'circuit-breaker', '--lang', 'ts'], { home, cwd: root });
    expect(await readFile(join(dir, 'breaker.ts'), 'utf8')).toBe('// my work\n');
    const refused = await runCli(['start', 'circuit-breaker', '--force'], { home, cwd: root });
    expect(refused.exitCode).toBe(2);
    expect(await readFile(join(dir, 'breaker.ts'), 'utf8')).toBe('// my work\n');
    const forced = await runCli(['start', 'circuit-breaker', '--force', '--yes'], { home, cwd: root });
    expect(forced.exitCode, forced.stderr).toBe(0);
    const backups = (await readdir(join(dir, '.sysdesign'))).filter((f) => f.startsWith('backup-'));
    expect(backups).toHaveLength(1);
    expect(await readFile(join(dir, '.sysdesign', backups[0], 'breaker.ts'), 'utf8')).toBe('// my work\n');
  });

  it('refuses a non-empty folder that is not a workspace', async () => {
    const home = await tempDir();
    const dir = await tempDir();
    await writeFile(join(dir, 'notes.txt'), 'mine');
    const run = await runCli(['start', 'circuit-breaker', '--dir', dir], { home });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('is not empty');
  });

  it('names the near lab for a typo (exit 2)', async () => {
    const run = await runCli(['start', 'circuit-braker'], { home: await tempDir(), cwd: await tempDir() });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('did you mean "circuit-breaker"');
  });
});

describe('sysdesign grade', () => {
  it('fails the fresh starter at stage 1 with a helpful message, and records it', async () => {
    const { dir, home } = await freshWorkspace();
    const run = await runCli(['grade', '--seed', '3'], { home, cwd: dir });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('[stage circuit-breaker#1] Running stage 1/7');
    expect(run.stdout).toMatch(/✘/);
    expect(run.stdout).toContain('Stuck? npx sysdesign hint');
    expect(run.stdout).not.toMatch(/internal error/);
    const list = JSON.parse((await runCli(['list', '--json'], { home })).stdout);
    expect(list.labs.find((l: { id: string }) => l.id === 'circuit-breaker').status).toEqual({ kind: 'in-progress', stage: 1, total: 7 });
  });

  it('passes the reference, marks the lab passed, and --json prints an Exercism-shaped document', async () => {
    const { dir, home } = await freshWorkspace();
    await copyFile(REFERENCE, join(dir, 'breaker.ts'));
    const run = await runCli(['grade', '--json'], { home, cwd: dir });
    expect(run.exitCode, run.stdout).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ version: 3, status: 'pass', lab: 'circuit-breaker', track: 'ts', stagesPassed: 7, stagesTotal: 7 });
    expect(doc.tests.length).toBeGreaterThan(20);
    expect(doc.tests.every((t: { status: string }) => t.status === 'pass')).toBe(true);
    const list = JSON.parse((await runCli(['list', '--json'], { home })).stdout);
    expect(list.labs.find((l: { id: string }) => l.id === 'circuit-breaker').status).toEqual({ kind: 'passed' });
  });

  it('grades with the original of a provided file the learner changed, and says so', async () => {
    const { dir, home } = await freshWorkspace();
    await copyFile(REFERENCE, join(dir, 'breaker.ts'));
    await appendFile(join(dir, 'driver.ts'), '\nthrow new Error("tampered");\n');
    const run = await runCli(['grade'], { home, cwd: dir });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.stdout).toContain('driver.ts is a provided file and was changed; grading uses the original copy');
  });

  it('outside a workspace, says how to get one (exit 2)', async () => {
    const run = await runCli(['grade'], { home: await tempDir(), cwd: await tempDir() });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('no lab workspace');
    expect(run.stderr).toContain('sysdesign start');
  });

  it('finds the workspace from a subfolder', async () => {
    const { dir, home } = await freshWorkspace();
    await copyFile(REFERENCE, join(dir, 'breaker.ts'));
    const run = await runCli(['grade', '--stage', '1'], { home, cwd: join(dir, '.sysdesign') });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.stdout).toContain('Stage passed');
    expect(run.stdout).not.toContain('circuit-breaker#2');
  });
});

describe('sysdesign hint', () => {
  it('shows one more hint each time and says when there are no more', async () => {
    const { dir, home } = await freshWorkspace();
    const first = await runCli(['hint'], { home, cwd: dir });
    expect(first.stdout).toMatch(/^Hint 1 of \d+/);
    const second = await runCli(['hint'], { home, cwd: dir });
    expect(second.stdout).toMatch(/^Hint 2 of \d+/);
    const all = await runCli(['hint', '--all'], { home, cwd: dir });
    expect(all.stdout).toContain('Hint 1 of');
    expect(all.stdout).toContain('Hint 2 of');
    expect(all.stdout).not.toContain('Hint 3 of');
    expect(existsSync(join(home, 'progress.json'))).toBe(true);
  });
});
