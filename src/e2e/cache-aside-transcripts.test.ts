// The cache-aside lab through the built CLI, as a learner meets it: the starter fails stage 1 with the
// request that showed it, a cache that updates its entry on write fails stage 2 with the interleaving the
// database forced spelled out, and the reference passes the stages before the slow ones. (labs.test.ts
// (lab-cache-aside.test.ts grades every reference, starter and fixture of both tracks; this file checks what the learner reads.)
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR, LABS_DIR } from '../paths.js';
import { processesUnder } from './helpers/processes.js';
import { runCli, startedWorkspace } from './helpers/run-cli.js';

const LAB = 'cache-aside';

describe('cache-aside, ts track', () => {
  it('the starter fails stage 1 on the first request and leaves no process', async () => {
    const { home, dir } = await startedWorkspace(LAB, 'ts');
    const run = await runCli(['grade', '--dir', dir], { home, timeoutMs: 120_000 });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('Stage 1 of 8 failed: Read through the cache, with a TTL.');
    expect(run.stdout).toMatch(/GET \/items\/nobody-[0-9a-z]+ +← 501/);
    expect(processesUnder(dir)).toEqual([]);
  });

  it('a cache updated on write fails stage 2, and the transcript shows the forced interleaving', async () => {
    const { home, dir } = await startedWorkspace(LAB, 'ts');
    await copyFile(join(FIXTURES_DIR, 'submissions', LAB, 'ts', 'update-cache-on-write', 'server.ts'), join(dir, 'server.ts'));
    const run = await runCli(['grade', '--dir', dir, '--stage', '2', '--seed', '3'], { home, timeoutMs: 120_000 });
    expect(run.exitCode, run.stdout).toBe(1);
    expect(run.stdout).toContain('Stage 2 of 8 failed: Write to the database, then delete the entry.');
    expect(run.stdout).toContain('database: applied the write of "first" and holds its answer');
    expect(run.stdout).toContain('database: sent the held answer to the write of');
    expect(run.stdout).toContain('ends up with "first", the older value');
    expect(processesUnder(dir)).toEqual([]);
  });

  it('the reference passes the first three stages (stampede included)', async () => {
    const { home, dir } = await startedWorkspace(LAB, 'ts');
    await copyFile(join(LABS_DIR, LAB, 'tracks', 'ts', 'reference', 'server.ts'), join(dir, 'server.ts'));
    const run = await runCli(['grade', '--dir', dir, '--stage', '3', '--seed', '5'], { home, timeoutMs: 180_000 });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/\[stage cache-aside#3\] Stage passed/);
    expect(processesUnder(dir)).toEqual([]);
  });
});
