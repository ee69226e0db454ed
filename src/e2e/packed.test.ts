// The package as users get it: `npm pack`, installed from the tarball into an empty prefix, run from a
// folder outside the repository with only the installed bin on PATH. Slow (one npm install), one test.
import { existsSync } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../paths.js';
import { detectToolchain } from '../tracks/toolchain.js';
import { loadCatalog } from '../catalog/catalog.js';
import { tempDir } from './helpers/run-cli.js';

const goReady = (await detectToolchain((await loadCatalog()).track('go'))).ok || Boolean(process.env.CI);

describe('the packed package', () => {
  it('installs from its tarball and starts, grades (both tracks), quizzes and plans outside the repository', async () => {
    const packDir = await tempDir('sysdesign-pack-');
    // dist/ is built by `npm test`'s pretest; the scripts would rebuild it under the other tests' feet.
    await execa('npm', ['pack', '--ignore-scripts', '--pack-destination', packDir, '--silent'], { cwd: PROJECT_ROOT });
    const tarball = join(packDir, `sysdesign-lab-${JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')).version}.tgz`);
    const listing = (await execa('tar', ['tzf', tarball])).stdout.split('\n');
    for (const needed of ['package/bin/sysdesign.js', 'package/dist/src/cli/main.js', 'package/labs/schema/lab.schema.json',
      'package/labs/circuit-breaker/checks/pass-through.ts', 'package/dist/labs/circuit-breaker/checks/pass-through.js',
      'package/labs/tracks/ts.yaml', 'package/dist/src/grader/api.d.ts', 'package/labs/plan.yaml', 'package/questions/caching.yaml']) expect(listing).toContain(needed);
    expect(listing.filter((f) => /\.map$|\/e2e\/|\/testing\//.test(f))).toEqual([]);

    const prefix = await tempDir('sysdesign-prefix-');
    const installed = await execa('npm', ['install', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], { reject: false, timeout: 600_000 });
    expect(installed.exitCode, installed.stderr).toBe(0);
    const pkg = join(prefix, 'node_modules', 'sysdesign-lab');

    // Only the installed bin, Node and the system on PATH: nothing of the repository (npm test adds its .bin).
    const PATH = [join(prefix, 'node_modules', '.bin'), ...(process.env.PATH ?? '').split(delimiter).filter((p) => p && !p.startsWith(PROJECT_ROOT))].join(delimiter);
    const home = await tempDir();
    const root = await tempDir();
    const run = async (args: string[], cwd: string, input = '') => {
      const r = await execa('sysdesign-lab', args, {
        cwd, input, reject: false, timeout: 300_000, extendEnv: false,
        env: { PATH, HOME: process.env.HOME ?? home, SYSDESIGN_HOME: home, NO_COLOR: '1' },
      });
      const out = `${r.stdout}\n${r.stderr}`;
      expect(out, 'the installed package must not reach into the repository').not.toContain(PROJECT_ROOT);
      return { ...r, out };
    };

    const started = await run(['start', 'circuit-breaker'], root);
    expect(started.exitCode, started.out).toBe(0);
    const ws = join(root, 'sysdesign-labs', 'circuit-breaker');
    expect(await readFile(join(ws, 'node_modules', '.bin', 'sysdesign'), 'utf8')).toContain(join(pkg, 'bin', 'sysdesign.js'));
    await copyFile(join(pkg, 'labs', 'circuit-breaker', 'tracks', 'ts', 'reference', 'breaker.ts'), join(ws, 'breaker.ts'));
    const graded = await run(['grade'], ws);
    expect(graded.exitCode, graded.out).toBe(0);
    expect(graded.stdout).toContain('All 7 stages passed.');

    if (goReady) {
      const goWs = join(root, 'go-ws');
      expect((await run(['start', 'circuit-breaker', '--lang', 'go', '--dir', 'go-ws'], root)).exitCode).toBe(0);
      await copyFile(join(pkg, 'labs', 'circuit-breaker', 'tracks', 'go', 'reference', 'breaker.go'), join(goWs, 'breaker.go'));
      const goGraded = await run(['grade'], goWs);
      expect(goGraded.exitCode, goGraded.out).toBe(0);
      expect(goGraded.stdout).toContain('All 7 stages passed.');
    }

    const quiz = await run(['quiz', '--plain'], root, 'q\n');
    expect(quiz.exitCode, quiz.out).toBe(0);
    expect(quiz.stdout).toMatch(/Card 1 of \d+/);
    const plan = await run(['plan'], root);
    expect(plan.exitCode, plan.out).toBe(0);
    expect(plan.stdout).toMatch(/\d+% \(\d+\/\d+\)/);
    expect(existsSync(join(home, 'progress.json'))).toBe(true);
  }, 900_000);
});
