// Ctrl-C during a grade is not a failure: it says "interrupted", exits 130 and records nothing.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, runCli, startedWorkspace } from './helpers/run-cli.js';
import { processesUnder } from './helpers/processes.js';

describe('an interrupted grade', () => {
  it('prints "interrupted", exits 130, and leaves no grade, queued card, log entry or process', async () => {
    const { home, dir } = await startedWorkspace('circuit-breaker', 'ts');
    // A program that never answers: the grade is surely still in stage 1 when Ctrl-C arrives.
    await writeFile(join(dir, 'breaker.ts'), `await new Promise(() => setInterval(() => {}, 1000));\n${await readFile(join(dir, 'breaker.ts'), 'utf8')}`);
    const before = await readFile(join(home, 'progress.json'), 'utf8');
    const child = execa(process.execPath, [BIN, 'grade'], { cwd: dir, env: { SYSDESIGN_HOME: home, NO_COLOR: '1' }, reject: false });
    let seen = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => { seen += chunk.toString(); if (seen.includes('Running stage 1/7')) resolve(); });
      void child.then((r) => reject(new Error(`grade ended before stage 1 ran:\n${r.stdout}\n${r.stderr}`)));
    });
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(130);
    expect(result.stderr).toContain('sysdesign: interrupted');
    expect(result.stdout).not.toMatch(/Stage failed|failed:|Queued|Fix it/);
    expect(await readFile(join(home, 'progress.json'), 'utf8')).toBe(before);
    const log = await runCli(['log'], { home });
    expect(log.stdout).not.toContain('Graded');
    expect(processesUnder(dir)).toEqual([]);
  });
});
