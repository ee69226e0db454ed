// Never outside the workspace (README "Safety"): a symbolic link in a workspace never leads a write, a
// copy or a delete out of it, and a lab whose files link out of its folder does not load.
import { cp, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LABS_DIR } from '../paths.js';
import { runCli, startedWorkspace, tempDir } from './helpers/run-cli.js';

/** A folder outside the workspace holding one file whose content must survive. */
async function outsideFile(): Promise<{ dir: string; file: string }> {
  const dir = await tempDir('sysdesign-outside-');
  const file = join(dir, 'precious.txt');
  await writeFile(file, 'keep me\n');
  return { dir, file };
}

describe('writes in a workspace never follow a link out of it', () => {
  it('grade refuses a .sysdesign/build that is a link, and leaves its target alone', async () => {
    const { home, dir } = await startedWorkspace('circuit-breaker', 'ts');
    const outside = await outsideFile();
    await mkdir(join(outside.dir, 'src'));
    await writeFile(join(outside.dir, 'src', 'mine.txt'), 'mine\n');
    await rm(join(dir, '.sysdesign', 'build'), { recursive: true, force: true });
    await symlink(outside.dir, join(dir, '.sysdesign', 'build'));
    const run = await runCli(['grade', '--dir', dir], { home });
    expect(run.exitCode, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).toMatch(/refusing to write \.sysdesign\/build in .*: it is a symbolic link \(to .*\), which could lead outside the workspace/);
    expect((await readdir(outside.dir)).sort()).toEqual(['precious.txt', 'src']);
    expect(await readFile(join(outside.dir, 'src', 'mine.txt'), 'utf8')).toBe('mine\n');
  });

  for (const command of [['reset', '--yes'], ['start', 'circuit-breaker', '--lang', 'ts', '--force', '--yes']]) {
    it(`${command[0]} refuses an edit file that is a link, and writes nothing`, async () => {
      const { home, dir } = await startedWorkspace('circuit-breaker', 'ts');
      const outside = await outsideFile();
      await rm(join(dir, 'breaker.ts'));
      await symlink(outside.file, join(dir, 'breaker.ts'));
      const before = (await readdir(join(dir, '.sysdesign'))).sort();
      const run = await runCli([...command, '--dir', dir], { home });
      expect(run.exitCode, run.stdout + run.stderr).toBe(2);
      expect(run.stderr).toMatch(/refusing to write breaker\.ts in .*: it is a symbolic link/);
      expect(await readFile(outside.file, 'utf8')).toBe('keep me\n');
      expect((await readdir(join(dir, '.sysdesign'))).sort()).toEqual(before);
    });
  }
});

describe('a lab whose files link out of its folder', () => {
  it('is refused by catalog validation, located at the field, while the other labs still load', async () => {
    const labs = join(await tempDir(), 'labs');
    await cp(LABS_DIR, labs, { recursive: true });
    const outside = await outsideFile();
    const starter = join(labs, 'circuit-breaker', 'tracks', 'ts', 'starter');
    await cp(starter, join(outside.dir, 'starter'), { recursive: true });
    await rm(starter, { recursive: true });
    await symlink(join(outside.dir, 'starter'), starter);
    const goEdit = join(labs, 'circuit-breaker', 'tracks', 'go', 'starter', 'breaker.go');
    await rm(goEdit);
    await symlink(outside.file, goEdit);
    const home = await tempDir();
    const env = { SYSDESIGN_CATALOG: labs };
    const start = await runCli(['start', 'circuit-breaker', '--dir', join(await tempDir(), 'ws')], { home, env });
    expect(start.exitCode).toBe(2);
    expect(start.stderr).toMatch(/lab\.yaml:\d+:\d+: tracks\/ts\/starter is a symbolic link that leaves the lab folder \(to .*\) \(field tracks\.ts\.starter\)/);
    expect(start.stderr).toMatch(/lab\.yaml:\d+:\d+: tracks\/go\/starter\/breaker\.go is a symbolic link that leaves the lab folder .*\(field tracks\.go\.edit\[0\]\)/);
    // Said once for the folder, not again for every file under it.
    expect(start.stderr).not.toMatch(/tracks\/ts\/starter\/driver\.ts/);
    const other = await runCli(['start', 'lru-cache', '--lang', 'ts', '--dir', join(await tempDir(), 'ws')], { home, env });
    expect(other.exitCode, other.stderr).toBe(0);
  });
});
