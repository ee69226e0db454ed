// doctor, solution, reset and completion, through the built binary with a temp store.
import { copyFile, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { LABS_DIR } from '../paths.js';
import { runCli, startedWorkspace, tempDir } from './helpers/run-cli.js';

const REFERENCE = join(LABS_DIR, 'circuit-breaker', 'tracks', 'ts', 'reference', 'breaker.ts');
const STARTER = join(LABS_DIR, 'circuit-breaker', 'tracks', 'ts', 'starter', 'breaker.ts');

const workspace = () => startedWorkspace('circuit-breaker', 'ts');

describe('sysdesign doctor', () => {
  it('reports Node, the tracks, the store and the catalogs, and exits 0 when the chosen tracks are there', async () => {
    const run = await runCli(['doctor', '--lang', 'ts'], { home: await tempDir() });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/✔ Node\.js\s+v\d+/);
    expect(run.stdout).toMatch(/✔ Progress store\s+.+\(writable\)/);
    expect(run.stdout).toMatch(/Question bank\s+\d+ questions/);
  });

  it('exits 3 and says how to install a missing toolchain the user chose', async () => {
    const run = await runCli(['doctor', '--lang', 'go'], { home: await tempDir(), env: { PATH: '/nonexistent' } });
    expect(run.exitCode).toBe(3);
    expect(run.stdout).toMatch(/✘ Go track \(go\)\s+not found/);
    expect(run.stdout).toContain('apt-get install golang-go');
  });
});

describe('sysdesign solution', () => {
  it('refuses before every stage has passed, then shows the reference (and a diff on request)', async () => {
    const { home, dir } = await workspace();
    const early = await runCli(['solution'], { home, cwd: dir });
    expect(early.exitCode).toBe(1);
    expect(early.stderr).toContain('opens once every stage passes');
    await copyFile(REFERENCE, join(dir, 'breaker.ts'));
    await writeFile(join(dir, 'breaker.ts'), `${await readFile(REFERENCE, 'utf8')}\n// my own note\n`);
    expect((await runCli(['grade'], { home, cwd: dir })).exitCode).toBe(0);
    const shown = await runCli(['solution'], { home, cwd: dir });
    expect(shown.exitCode).toBe(0);
    expect(shown.stdout).toContain('── reference breaker.ts ──');
    const diff = await runCli(['solution', '--diff'], { home, cwd: dir });
    // A unified diff from yours to the reference, in hunks with context, not whole files.
    expect(diff.stdout).toContain('--- yours/breaker.ts\n+++ reference/breaker.ts\n');
    expect(diff.stdout).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/m);
    expect(diff.stdout).toMatch(/^-\/\/ my own note$/m);
    expect(diff.stdout.split('\n').length).toBeLessThan(15);
  });
});

describe('sysdesign reset', () => {
  it('without a terminal and without --yes changes nothing', async () => {
    const { home, dir } = await workspace();
    await writeFile(join(dir, 'breaker.ts'), '// mine\n');
    const run = await runCli(['reset'], { home, cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('`npx sysdesign reset --yes` resets without asking');
    expect(run.stderr).not.toContain('--force');
    expect(await readFile(join(dir, 'breaker.ts'), 'utf8')).toBe('// mine\n');
  });

  it('with --yes restores the starter and keeps the learner file in a timestamped backup', async () => {
    const { home, dir } = await workspace();
    await writeFile(join(dir, 'breaker.ts'), '// mine\n');
    const run = await runCli(['reset', '--yes'], { home, cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(await readFile(join(dir, 'breaker.ts'), 'utf8')).toBe(await readFile(STARTER, 'utf8'));
    const backup = (await readdir(join(dir, '.sysdesign'))).find((f) => f.startsWith('backup-'))!;
    expect(await readFile(join(dir, '.sysdesign', backup, 'breaker.ts'), 'utf8')).toBe('// mine\n');
  });
});

describe('sysdesign completion', () => {
  it('prints a bash script that parses and completes commands, flags and lab ids', async () => {
    const run = await runCli(['completion', 'bash'], { home: await tempDir() });
    expect(run.exitCode).toBe(0);
    const script = join(await tempDir(), 'c.bash');
    await writeFile(script, run.stdout);
    const complete = async (words: string[]) => (await execa('bash', ['-c', `source ${script}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _sysdesign; echo "\${COMPREPLY[@]}"`])).stdout;
    expect(await complete(['sysdesign', 'gr'])).toBe('grade');
    expect(await complete(['sysdesign', 'start', 'circ'])).toBe('circuit-breaker');
    expect(await complete(['sysdesign', 'grade', '--se'])).toBe('--seed');
  });

  it('prints zsh and fish scripts naming the commands, and refuses other shells', async () => {
    const home = await tempDir();
    expect((await runCli(['completion', 'zsh'], { home })).stdout).toContain('compdef _sysdesign sysdesign');
    expect((await runCli(['completion', 'fish'], { home })).stdout).toContain("complete -c sysdesign -n '__fish_use_subcommand' -a 'grade'");
    const bad = await runCli(['completion', 'powershell'], { home });
    expect(bad.exitCode).toBe(2);
  });
});
