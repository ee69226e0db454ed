// The commands `start`, `grade` and the workspace README tell a learner to type, run verbatim through a
// real shell from where they are printed, with no `sysdesign` on PATH and npm told to stay offline: every
// one must reach this very sysdesign (through the workspace's node_modules/.bin), never the registry.
import { delimiter, dirname, join } from 'node:path';
import { copyFile, readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { LABS_DIR } from '../paths.js';
import { BIN, tempDir } from './helpers/run-cli.js';

/** Node's and npx's folders and the system's, and nothing that holds a `sysdesign`. */
const PATH = [...new Set([dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'])].join(delimiter);

function shell(line: string, cwd: string, home: string) {
  return execa('bash', ['-c', line], {
    cwd, reject: false, extendEnv: false, timeout: 300_000,
    env: { PATH, HOME: process.env.HOME ?? home, SYSDESIGN_HOME: home, NO_COLOR: '1', npm_config_offline: 'true', npm_config_update_notifier: 'false' },
  });
}

/** The command lines of a "Next:" block or a README's sh block: indented, comments dropped. */
function commandLines(text: string, after: RegExp): string[] {
  const start = text.search(after);
  expect(start, `no ${after} in:\n${text}`).toBeGreaterThanOrEqual(0);
  const lines: string[] = [];
  for (const raw of text.slice(start).split('\n').slice(1)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line || line.startsWith('```')) { if (lines.length) break; continue; }
    lines.push(line);
  }
  return lines;
}

describe.each([
  ['ts', 'breaker.ts'],
  ['go', 'breaker.go'],
])('the lines sysdesign prints work verbatim (%s track)', (lang, file) => {
  it('from start, the workspace README and grade, without sysdesign on PATH and offline', async () => {
    const home = await tempDir();
    const root = await tempDir();
    expect((await shell('command -v sysdesign', root, home)).exitCode, 'sysdesign must not be on the test PATH').not.toBe(0);

    const started = await shell(`node ${BIN} start circuit-breaker --lang ${lang}`, root, home);
    expect(started.exitCode, started.stderr).toBe(0);
    const next = commandLines(started.stdout, /^Next:$/m);
    expect(next).toEqual(['cd sysdesign-labs/circuit-breaker', 'npx sysdesign grade', 'npx sysdesign hint']);
    const dir = join(root, 'sysdesign-labs', 'circuit-breaker');

    // The starter fails stage 1: what grade says is the grader's, not npm's.
    const first = await shell(next.slice(0, 2).join(' && '), root, home);
    expect(first.exitCode, `${first.stdout}\n${first.stderr}`).toBe(1);
    expect(first.stdout).toContain('Stage 1 of 7 failed');
    const hint = await shell(`${next[0]} && ${next[2]}`, root, home);
    expect(hint.exitCode, hint.stderr).toBe(0);
    expect(hint.stdout).toContain('Hint 1 of');

    // Every command the workspace README and grade's own closing lines name, from the workspace folder.
    const readme = commandLines(await readFile(join(dir, 'README.md'), 'utf8'), /^```sh$/m);
    expect(readme).toEqual(['npx sysdesign grade', 'npx sysdesign hint']);
    await copyFile(join(LABS_DIR, 'circuit-breaker', 'tracks', lang, 'reference', file), join(dir, file));
    const graded = await shell(readme[0], dir, home);
    expect(graded.exitCode, `${graded.stdout}\n${graded.stderr}`).toBe(0);
    const closing = graded.stdout.match(/`(npx sysdesign [^`<]+)`/g)!.map((m) => m.slice(1, -1));
    expect(closing).toContain('npx sysdesign list');
    for (const line of [...closing, readme[1], 'npx sysdesign solution --diff']) {
      const run = await shell(line, dir, home);
      expect(run.exitCode, `${line}\n${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stderr).not.toMatch(/npm (ERR|error)/);
    }
  });
});
