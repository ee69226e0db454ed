// The learner's program is contained (README "Safety"): it is held to the lab's memory limit, and
// nothing it starts outlives the grade, even a process that left its group and holds the output pipes.
import { existsSync } from 'node:fs';
import { cp, copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../catalog/catalog.js';
import { FIXTURES_DIR, LABS_DIR } from '../paths.js';
import { detectToolchain } from '../tracks/toolchain.js';
import { processesUnder } from './helpers/processes.js';
import { BIN, runCli, tempDir } from './helpers/run-cli.js';

const catalog = await loadCatalog();
const goReady = (await detectToolchain(catalog.track('go'))).ok || Boolean(process.env.CI);
const FAULTS = join(FIXTURES_DIR, 'faults', 'circuit-breaker');

/** Plants a fault in a started workspace: a TypeScript prelude goes on top of breaker.ts, a Go file beside it. */
async function plant(dir: string, track: string, fault: string): Promise<void> {
  if (track === 'go') {
    await copyFile(join(FAULTS, 'go', fault, 'hog.go'), join(dir, 'hog.go'));
    return;
  }
  const prelude = await readFile(join(FAULTS, 'ts', fault, 'prelude.ts'), 'utf8');
  await writeFile(join(dir, 'breaker.ts'), prelude + await readFile(join(dir, 'breaker.ts'), 'utf8'));
}

/**
 * A copy of the labs folder outside the package (as SYSDESIGN_CATALOG allows) whose circuit-breaker has a
 * 256 MiB limit and a minute per reply: a slowly allocating (or slowly starting, on a loaded machine)
 * program then meets the fault under test, never the reply bound.
 */
async function labsForFaults(): Promise<string> {
  const labs = join(await tempDir(), 'labs');
  await cp(LABS_DIR, labs, { recursive: true });
  const file = join(labs, 'circuit-breaker', 'lab.yaml');
  const text = await readFile(file, 'utf8');
  expect(text).toMatch(/^replyTimeoutMs: \d+$/m);
  await writeFile(file, text.replace(/^replyTimeoutMs: \d+$/m, 'replyTimeoutMs: 60000\nmemoryMiB: 256'));
  return labs;
}

async function startIn(env: Record<string, string>, track: string): Promise<{ home: string; dir: string }> {
  const home = await tempDir();
  const dir = join(await tempDir(), 'ws');
  expect((await runCli(['start', 'circuit-breaker', '--lang', track, '--dir', dir], { home, env })).exitCode).toBe(0);
  return { home, dir };
}

describe('containment of the learner\'s program', () => {
  it('a grandchild in its own session holding stdout and stderr neither delays the grade nor outlives it', async () => {
    const env = { SYSDESIGN_CATALOG: await labsForFaults() };
    const { home, dir } = await startIn(env, 'ts');
    await plant(dir, 'ts', 'escape');
    const started = Date.now();
    const run = await runCli(['grade', '--dir', dir, '--seed', '1'], { home, env, timeoutMs: 90_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/exited with code 2 before replying/);
    // Before, the grade waited on the grandchild's pipes for as long as it lived; this only proves the wait is bounded.
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(processesUnder(dir)).toEqual([]);
  });

  const tracks = [{ id: 'ts', ready: true }, { id: 'go', ready: goReady }];
  for (const track of tracks) {
    it.skipIf(!track.ready)(`a ${track.id} program that allocates without bound is stopped at the lab's limit, said as such`, async () => {
      const env = { SYSDESIGN_CATALOG: await labsForFaults() };
      const { home, dir } = await startIn(env, track.id);
      await plant(dir, track.id, 'memory-hog');
      const run = await runCli(['grade', '--dir', dir, '--seed', '1'], { home, env, timeoutMs: 120_000 });
      expect(run.exitCode, run.stdout + run.stderr).toBe(1);
      expect(run.stdout).toMatch(/used more than 256 MiB of memory \(the lab's limit\) and was stopped/);
      expect(processesUnder(dir)).toEqual([]);
    });
  }

  it('two grades of one workspace at once: the second waits for the first, then runs', async () => {
    const tmp = await tempDir();
    const env = { SYSDESIGN_CATALOG: await labsForFaults(), TMPDIR: tmp, NO_COLOR: '1' };
    const { home, dir } = await startIn(env, 'ts');
    await plant(dir, 'ts', 'wait-for-release');
    const grade = () => execa(process.execPath, [BIN, 'grade', '--dir', dir, '--seed', '1'], { env: { ...env, SYSDESIGN_HOME: home }, reject: false, timeout: 120_000 });
    const first = grade();
    await waitFor(() => processesUnder(join(dir, '.sysdesign', 'build', 'src')).length > 0, 60_000);
    const second = grade();
    let said = '';
    second.stdout?.on('data', (chunk: Buffer) => { said += chunk.toString(); });
    await waitFor(() => said.includes('waiting for it to finish'), 60_000);
    expect(said).toMatch(/another grade of this workspace is running \(a `sysdesign watch`\?\); waiting for it to finish/);
    await writeFile(join(tmp, 'release'), '');
    for (const run of await Promise.all([first, second])) {
      expect(run.exitCode, String(run.stdout) + String(run.stderr)).toBe(1);
      expect(String(run.stdout)).toMatch(/exited with code 2 before replying/);
    }
    expect(existsSync(join(dir, '.sysdesign', 'build.lock'))).toBe(false);
    expect(processesUnder(dir)).toEqual([]);
  });
});

async function waitFor(condition: () => boolean, limitMs: number): Promise<void> {
  const until = Date.now() + limitMs;
  while (!condition() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
}
