// Never trust what another user can plant (README "Safety"): the catalog cache holds the commands that
// run the learner's program, so it lives in the user's own cache folder and is read only while nobody
// else owns or may write it.
import { existsSync } from 'node:fs';
import { chmod, chown, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startedWorkspace, tempDir } from './helpers/run-cli.js';

const isRoot = process.getuid?.() === 0;

/** A workspace and a cache folder (XDG_CACHE_HOME) whose catalog cache now runs `touch <marker>` instead of the program. */
async function plantedCache() {
  const cacheHome = await tempDir('sysdesign-cache-');
  const env = { XDG_CACHE_HOME: cacheHome };
  const { home, dir } = await startedWorkspace('circuit-breaker', 'ts');
  expect((await runCli(['list'], { home, env })).exitCode).toBe(0);
  const folder = join(cacheHome, 'sysdesign-lab');
  expect((await stat(folder)).mode & 0o777).toBe(0o700);
  const [name] = (await readdir(folder)).filter((n) => n.startsWith('catalog-'));
  const file = join(folder, name);
  const marker = join(await tempDir(), 'planted-command-ran');
  const cache = JSON.parse(await readFile(file, 'utf8')) as { tracks: [string, { run: { command: string; args: string[] } }][] };
  for (const [, track] of cache.tracks) track.run = { ...track.run, command: '/bin/sh', args: ['-c', `touch ${marker}`] };
  // Planted again before each grade: a refused cache is rewritten with the real catalog.
  const grade = async () => {
    await writeFile(file, JSON.stringify(cache));
    return runCli(['grade', '--dir', dir, '--seed', '1'], { home, env, timeoutMs: 90_000 });
  };
  return { folder, file, marker, grade };
}

describe('a planted catalog cache', () => {
  it('is used while it is the user\'s own (so this test can tell), and never once others own or may write it', async () => {
    const planted = await plantedCache();
    await planted.grade();
    expect(existsSync(planted.marker)).toBe(true);
    await rm(planted.marker);

    const refused = async (says: RegExp) => {
      const run = await planted.grade();
      expect(existsSync(planted.marker)).toBe(false);
      expect(run.stderr).toMatch(says);
      expect(run.stdout).toMatch(/Stage 1 of 7 failed/);
    };
    await chmod(planted.folder, 0o777);
    await refused(/warning: not using the catalog cache: .*sysdesign-lab can be written by other users \(mode 777\)/);
    await chmod(planted.folder, 0o700);
    await chmod(planted.file, 0o666);
    await refused(/catalog-[0-9a-f]+\.json can be written by other users/);
    if (isRoot) {
      await chmod(planted.file, 0o600);
      await chown(planted.folder, 65534, 65534);
      await refused(/sysdesign-lab belongs to another user \(uid 65534\)/);
    }
  });
});
