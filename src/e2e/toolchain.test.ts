// What a track's builds need besides the toolchain (gcc for Go's -race builds) is checked by doctor and
// before the build; a build that fails because of the toolchain says so (exit 3), never "your code".
import { copyFile, mkdtemp, symlink, writeFile, chmod, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../catalog/catalog.js';
import { LABS_DIR } from '../paths.js';
import { detectToolchain } from '../tracks/toolchain.js';
import { runCli, startedWorkspace } from './helpers/run-cli.js';

const goReady = (await detectToolchain((await loadCatalog()).track('go'))).ok;

/** A PATH holding only node, go and (optionally) a C compiler that says its version and fails on everything else. */
async function pathWithout(brokenGcc: boolean): Promise<string> {
  const bin = await mkdtemp(join(tmpdir(), 'sysdesign-path-'));
  await symlink(process.execPath, join(bin, 'node'));
  await symlink(await realpath((await execa('sh', ['-c', 'command -v go'])).stdout.trim()), join(bin, 'go'));
  if (brokenGcc) {
    await writeFile(join(bin, 'gcc'), '#!/bin/sh\n[ "$1" = "--version" ] && { echo "gcc (broken) 0"; exit 0; }\necho "gcc: fatal error: cannot execute cc1: No such file or directory" >&2\nexit 1\n');
    await chmod(join(bin, 'gcc'), 0o755);
  }
  return brokenGcc ? `${bin}:/bin` : bin;
}

async function goReference() {
  const { home, dir } = await startedWorkspace('circuit-breaker', 'go');
  await copyFile(join(LABS_DIR, 'circuit-breaker', 'tracks', 'go', 'reference', 'breaker.go'), join(dir, 'breaker.go'));
  return { home, dir };
}

describe.skipIf(!goReady)('the Go track without a working C compiler', () => {
  it('doctor names gcc as missing for the race build, and exits 3', async () => {
    const run = await runCli(['doctor', '--lang', 'go'], { home: await tempHome(), env: { PATH: await pathWithout(false) } });
    expect(run.exitCode, run.stdout).toBe(3);
    expect(run.stdout).toMatch(/✘ {3}gcc \(race build\)\s+not found: the race detector's builds \(-race\) use cgo/);
    expect(run.stdout).toContain('sudo apt-get install gcc');
  });

  it('grade stops before the race build with a toolchain error (exit 3), not a failure of the code', async () => {
    const { home, dir } = await goReference();
    const run = await runCli(['grade'], { home, cwd: dir, env: { PATH: await pathWithout(false) } });
    expect(run.exitCode, run.stdout + run.stderr).toBe(3);
    expect(run.stderr).toContain('`gcc` was not found on PATH, and the race detector\'s builds (-race) use cgo');
    expect(run.stdout).not.toContain('the build of your Go code failed');
  });

  it('a C compiler that fails on Go\'s own runtime/cgo is the toolchain\'s problem, after one retry', async () => {
    const { home, dir } = await goReference();
    // A CGO_CFLAGS of its own keeps the build cache from serving a runtime/cgo compiled earlier.
    const run = await runCli(['grade'], { home, cwd: dir, env: { PATH: await pathWithout(true), CGO_CFLAGS: `-O2 -DSYSDESIGN_TEST_${process.pid}_${Date.now()}` } });
    expect(run.exitCode, run.stdout + run.stderr).toBe(3);
    expect(run.stderr).toContain('the Go toolchain could not build the program, whatever the code');
    expect(run.stderr).toContain("this is the machine's setup, not your code");
    expect(run.stdout).not.toContain('the build of your Go code failed');
  });
});

function tempHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'sysdesign-home-'));
}
