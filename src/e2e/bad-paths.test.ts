// A bad path is the user's mistake, not a crash (README "Safety"): one clear line and exit 2, and an
// output path is checked before the work starts, so a long grade is never lost to a bad --junit.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startedWorkspace, tempDir } from './helpers/run-cli.js';

describe('bad paths get one clear line and exit 2', () => {
  it('output paths that are folders or in missing folders, checked before any work', async () => {
    const { home, dir } = await startedWorkspace('circuit-breaker', 'ts');
    const cases: [string[], RegExp][] = [
      [['grade', '--dir', dir, '--junit', '/'], /^sysdesign: error: cannot write \/: it is a folder$/m],
      [['plan', '--markdown', '--out', '/tmp'], /^sysdesign: error: cannot write \/tmp: it is a folder$/m],
      [['progress', 'export', '/'], /^sysdesign: error: cannot write \/: it is a folder$/m],
      [['progress', 'export', '/no-such-folder/p.json'], /^sysdesign: error: cannot write \/no-such-folder\/p\.json: the folder \/no-such-folder does not exist$/m],
    ];
    for (const [args, says] of cases) {
      const run = await runCli(args, { home });
      expect(run.exitCode, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(says);
      expect(run.stdout).not.toMatch(/Stage/);
    }
  });

  it('start --dir naming a file, and a workspace file name that is not UTF-8', async () => {
    const home = await tempDir();
    const file = join(await tempDir(), 'a-file');
    await writeFile(file, 'x');
    const start = await runCli(['start', 'lru-cache', '--lang', 'ts', '--dir', file], { home });
    expect(start.exitCode).toBe(2);
    expect(start.stderr).toMatch(/^sysdesign: error: .*a-file is a file, not a folder$/m);

    const ws = await startedWorkspace('circuit-breaker', 'ts');
    await writeFile(Buffer.concat([Buffer.from(`${ws.dir}/notes-`), Buffer.from([0xff]), Buffer.from('.txt')]), 'x');
    const grade = await runCli(['grade', '--dir', ws.dir], { home: ws.home });
    expect(grade.exitCode).toBe(2);
    expect(grade.stderr).toMatch(/^sysdesign: error: cannot build from .*: the file name "notes-\uFFFD\.txt" is not valid UTF-8$/m);
  });

  it('an unknown track, named to doctor or found in a workspace\'s lab.json, is named as such', async () => {
    const { home, dir } = await startedWorkspace('circuit-breaker', 'ts');
    const doctor = await runCli(['doctor', '--lang', 'cobol'], { home });
    expect(doctor.exitCode).toBe(2);
    expect(doctor.stderr).toMatch(/^sysdesign: error: unknown track "cobol" \(this sysdesign has go, ts\)$/m);
    const meta = join(dir, '.sysdesign', 'lab.json');
    await writeFile(meta, (await readFile(meta, 'utf8')).replace('"track": "ts"', '"track": "rust"'));
    const grade = await runCli(['grade', '--dir', dir], { home });
    expect(grade.exitCode).toBe(2);
    expect(grade.stderr).toMatch(/^sysdesign: error: unknown track "rust" \(this sysdesign has go, ts\)$/m);
  });
});
