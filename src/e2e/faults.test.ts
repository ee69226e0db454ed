// A learner's program that hangs, exits, floods stdout with junk or does not compile gets a clear
// failure, within a bounded time, and leaves no process behind (DESIGN.md §2 "Every wait has a bound").
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../paths.js';
import { detectToolchain } from '../tracks/toolchain.js';
import { loadCatalog } from '../catalog/catalog.js';
import { BIN, runCli, startedWorkspace } from './helpers/run-cli.js';
import { processesUnder } from './helpers/processes.js';

const catalog = await loadCatalog();
const goReady = (await detectToolchain(catalog.track('go'))).ok || Boolean(process.env.CI);

const CASES = [
  { name: 'hang', exitCode: 1, says: /did not answer \{"op":"state"\} within 2000 ms/ },
  { name: 'crash', exitCode: 1, says: /exited with code 2 before replying/ },
  { name: 'junk-stdout', exitCode: 1, says: /printed a line that is not JSON: "creating a breaker"/ },
  { name: 'no-compile', exitCode: 3, says: /build of your (TypeScript|Go) code failed/ },
] as const;

const TRACKS = [{ id: 'ts', file: 'breaker.ts', ready: true }, { id: 'go', file: 'breaker.go', ready: goReady }];

async function workspaceWith(track: string, file: string, fault: string) {
  const { home, dir } = await startedWorkspace('circuit-breaker', track);
  await copyFile(join(FIXTURES_DIR, 'faults', 'circuit-breaker', track, fault, file), join(dir, file));
  return { home, dir };
}

for (const track of TRACKS) {
  describe.skipIf(!track.ready)(`a misbehaving ${track.id} program`, () => {
    for (const c of CASES) {
      it(`${c.name}: fails clearly, in bounded time, leaving no process`, async () => {
        const { home, dir } = await workspaceWith(track.id, track.file, c.name);
        const started = Date.now();
        const run = await runCli(['grade', '--dir', dir, '--seed', '1'], { home, timeoutMs: 90_000 });
        expect(run.exitCode, run.stdout + run.stderr).toBe(c.exitCode);
        expect(run.stdout).toMatch(c.says);
        // Generous: the reply bound is 2 s and the kill grace 2 s; this only proves the wait is bounded.
        expect(Date.now() - started).toBeLessThan(60_000);
        expect(processesUnder(dir)).toEqual([]);
      });
    }

    it('an interrupted grade (Ctrl-C) stops the program and exits 130', async () => {
      const { home, dir } = await workspaceWith(track.id, track.file, 'hang');
      const child = execa(process.execPath, [BIN, 'grade', '--dir', dir], { env: { SYSDESIGN_HOME: home, NO_COLOR: '1' }, reject: false });
      await waitFor(() => processesUnder(join(dir, '.sysdesign', 'build', 'src')).length > 0, 30_000);
      child.kill('SIGINT');
      const result = await child;
      expect(result.exitCode).toBe(130);
      await waitFor(() => processesUnder(dir).length === 0, 5_000);
      expect(processesUnder(dir)).toEqual([]);
    });
  });
}

async function waitFor(condition: () => boolean, limitMs: number): Promise<void> {
  const until = Date.now() + limitMs;
  while (!condition() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
}
