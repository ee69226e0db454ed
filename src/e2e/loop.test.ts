// The learner's loop without rough edges: a closed pipe, --stage values, the other track, typos, hints.
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { LABS_DIR } from '../paths.js';
import { BIN, runCli, startedWorkspace, tempDir } from './helpers/run-cli.js';

describe('a reader that goes away (`sysdesign list | head -1`)', () => {
  it.each([['list'], ['log'], ['plan'], ['status'], ['quiz', '--stats'], ['--help']])('%s ends quietly with exit 0', async (...args) => {
    const home = await tempDir();
    const child = execa(process.execPath, [BIN, ...args], { env: { SYSDESIGN_HOME: home, NO_COLOR: '1' }, reject: false, stdout: 'pipe' });
    // Our end of stdout is closed before the program writes a byte: its first write meets EPIPE.
    child.stdout!.destroy();
    const result = await child;
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });
});

describe('grade --stage', () => {
  it('rejects a malformed or out-of-range stage with one clear line and exit 2', async () => {
    const { home, dir } = await startedWorkspace();
    const word = await runCli(['grade', '--stage', 'abc'], { home, cwd: dir });
    expect(word.exitCode).toBe(2);
    expect(word.stderr).toContain('sysdesign: error: --stage "abc": is not a number');
    const zero = await runCli(['grade', '--stage', '0'], { home, cwd: dir });
    expect(zero.exitCode).toBe(2);
    expect(zero.stderr).toContain('--stage "0": must be more than 0');
    const beyond = await runCli(['grade', '--stage', '9'], { home, cwd: dir });
    expect(beyond.exitCode).toBe(2);
    expect(beyond.stderr).toContain('--stage 9: circuit-breaker has 7 stages');
    expect(beyond.stdout).toBe('');
  });

  it('passing the stages asked for is a pass (JSON status too), and says what comes next', async () => {
    const { home, dir } = await startedWorkspace();
    await copyFile(join(LABS_DIR, 'circuit-breaker', 'tracks', 'ts', 'reference', 'breaker.ts'), join(dir, 'breaker.ts'));
    const first = await runCli(['grade', '--stage', '1'], { home, cwd: dir });
    expect(first.exitCode, first.stdout).toBe(0);
    expect(first.stdout).toContain('Next: `npx sysdesign grade` goes on with stage 2 of 7.');
    expect(first.stdout).not.toContain('Fix it');
    const json = await runCli(['grade', '--json', '--stage', '2', '--previous'], { home, cwd: dir });
    expect(json.exitCode).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc).toMatchObject({ status: 'pass', failedStage: null, stagesPassed: 2 });
  });
});

describe('start on a workspace of the other track', () => {
  it('names the track that is there and how to get the other, exits 2, and logs no new start', async () => {
    const home = await tempDir();
    const root = await tempDir();
    expect((await runCli(['start', 'circuit-breaker', '--lang', 'ts'], { home, cwd: root })).exitCode).toBe(0);
    const again = await runCli(['start', 'circuit-breaker', '--lang', 'go'], { home, cwd: root });
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('sysdesign-labs/circuit-breaker already holds your circuit-breaker workspace in the TypeScript track');
    expect(again.stderr).toContain('`npx sysdesign start circuit-breaker --lang go --dir sysdesign-labs/circuit-breaker-go`');
    const log = await runCli(['log'], { home });
    expect(log.stdout).toContain("Started 1 lab.");
    expect(log.stdout.match(/Started lab `circuit-breaker`/g)).toHaveLength(1);
  });
});

describe('a mistyped lab id', () => {
  it.each([['start'], ['grade'], ['hint'], ['solution'], ['reset'], ['bench']])('%s suggests the lab it is near', async (command) => {
    const run = await runCli([command, 'rate-limter'], { home: await tempDir(), cwd: await tempDir() });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('sysdesign: error: no lab named "rate-limter"');
    expect(run.stderr).toContain('did you mean "rate-limiter"?');
  });
});

describe('hint --all', () => {
  it('shows the hints seen so far and reveals none', async () => {
    const { home, dir } = await startedWorkspace();
    const none = await runCli(['hint', '--all'], { home, cwd: dir });
    expect(none.stdout).toContain('No hint shown yet');
    expect((await runCli(['hint'], { home, cwd: dir })).stdout).toContain('Hint 1 of');
    for (let i = 0; i < 2; i++) {
      const all = await runCli(['hint', '--all'], { home, cwd: dir });
      expect(all.stdout).toContain('Hint 1 of');
      expect(all.stdout).not.toContain('Hint 2 of');
    }
    expect((await runCli(['hint'], { home, cwd: dir })).stdout).toContain('Hint 2 of');
  });
});
