// A hostile or broken catalog file costs that file only (README "Safety"): bounded in size and alias
// expansion, reported where it is, with at most a screenful of problems, while every other lab loads.
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { LABS_DIR } from '../paths.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const BILLION_LAUGHS = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');

it('billion laughs, a huge file, lab.yaml as a folder and a flood of problems: each located, the rest of the catalog loads', async () => {
  const labs = join(await tempDir(), 'labs');
  await cp(LABS_DIR, labs, { recursive: true });
  const lab = (id: string) => join(labs, id, 'lab.yaml');
  await writeFile(lab('bloom-filter'), `${BILLION_LAUGHS}\n${await readFile(lab('bloom-filter'), 'utf8')}`);
  await writeFile(lab('snowflake'), `${await readFile(lab('snowflake'), 'utf8')}\n${'# padding\n'.repeat(120_000)}`);
  await rm(lab('saga'));
  await mkdir(lab('saga'));
  const worker = await readFile(lab('worker-pool'), 'utf8');
  await writeFile(lab('worker-pool'), worker.replace(/^hints:\n/m, `hints:\n${'  - "x"\n'.repeat(50)}`));

  const run = await runCli(['list'], { home: await tempDir(), env: { SYSDESIGN_CATALOG: labs } });
  expect(run.exitCode).toBe(2);
  expect(run.stderr).toMatch(/bloom-filter\/lab\.yaml:1:1: Excessive alias count .* \(anchors and aliases may expand at most 100 times\)/);
  expect(run.stderr).toMatch(/snowflake\/lab\.yaml:1:1: it is 1\.\d MiB; a catalog file may be at most 1 MiB/);
  expect(run.stderr).toMatch(/saga\/lab\.yaml:1:1: it is a folder \(or another non-file\), not a YAML file/);
  expect(run.stderr).toMatch(/worker-pool\/lab\.yaml:\d+:\d+: … and 30 more problems in this file/);
  expect(run.stderr.split('\n').filter((l) => l.includes('worker-pool/lab.yaml'))).toHaveLength(21);
  for (const id of ['circuit-breaker', 'lru-cache', 'url-shortener']) expect(run.stdout).toContain(id);
}, 60_000);
