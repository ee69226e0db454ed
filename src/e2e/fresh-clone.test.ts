// The README's first two commands and its "Five minutes with it" flow, verbatim, in a fresh clone of this
// repository: a real shell, no `sysdesign` on PATH, npm offline. Also proves `npm install` leaves the clone clean.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { LABS_DIR, PROJECT_ROOT } from '../paths.js';
import { tempDir } from './helpers/run-cli.js';

const inGitCheckout = existsSync(join(PROJECT_ROOT, '.git'));

/** The command lines of the first ```sh block after `heading`, comments dropped. */
function shBlock(readme: string, heading: string | undefined): string[] {
  const from = heading ? readme.indexOf(heading) : 0;
  expect(from).toBeGreaterThanOrEqual(0);
  const start = readme.indexOf('```sh\n', from) + '```sh\n'.length;
  return readme.slice(start, readme.indexOf('```', start)).split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean);
}

describe.skipIf(!inGitCheckout)('a fresh clone', () => {
  it('runs the README top commands and its five-minute flow verbatim, and npm install leaves git status clean', async () => {
    const clone = join(await tempDir('sysdesign-clone-'), 'sysdesign-lab');
    await execa('git', ['clone', '--quiet', PROJECT_ROOT, clone]);
    // What `npm install` would download and what its prepare script would build, taken from this checkout
    // (hard links when possible): the install below then only checks the tree, offline, in seconds.
    await execa('cp', ['-al', join(PROJECT_ROOT, 'node_modules'), join(clone, 'node_modules')]).catch(() => execa('cp', ['-a', join(PROJECT_ROOT, 'node_modules'), join(clone, 'node_modules')]));
    await execa('cp', ['-a', join(PROJECT_ROOT, 'dist'), join(clone, 'dist')]);

    const home = await tempDir();
    const PATH = (process.env.PATH ?? '').split(delimiter).filter((p) => p && !p.startsWith(PROJECT_ROOT)).join(delimiter);
    const reference = join(LABS_DIR, 'circuit-breaker', 'tracks', 'ts', 'reference', 'breaker.ts');
    const env = {
      PATH, HOME: process.env.HOME ?? home, SYSDESIGN_HOME: home, NO_COLOR: '1',
      npm_config_offline: 'true', npm_config_ignore_scripts: 'true', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false',
      // The learner's edit: the reference solution goes into the file named on the `$EDITOR` line.
      EDITOR: `cp ${reference}`,
    };
    const shell = (script: string) => execa('bash', ['-c', `set -e\n${script}`], { cwd: clone, env, extendEnv: false, reject: false, timeout: 600_000 });
    expect((await shell('command -v sysdesign || true')).stdout).toBe('');

    const readme = await readFile(join(clone, 'README.md'), 'utf8');
    const top = shBlock(readme, undefined);
    expect(top).toEqual(['npm install && node bin/sysdesign.js start circuit-breaker', 'npm test']);
    const first = await shell(top[0]);
    expect(first.exitCode, `${first.stdout}\n${first.stderr}`).toBe(0);
    expect(first.stdout).toContain('Created sysdesign-labs/circuit-breaker');
    expect((await execa('git', ['status', '--porcelain'], { cwd: clone })).stdout, 'npm install and start leave the clone as it was').toBe('');

    const flow = shBlock(readme, '## Five minutes with it');
    expect(flow[0]).toBe('cd sysdesign-labs/circuit-breaker');
    const run = await shell(flow.join('\n'));
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('circuit-breaker');
    expect(run.stdout).toContain('All 7 stages passed.');
    expect(run.stdout).toMatch(/Hint 1 of \d+/);
    expect(run.stdout).toContain('Created ../circuit-breaker-go');
    expect(run.stderr).not.toMatch(/npm (ERR|error)/);
  });
});
