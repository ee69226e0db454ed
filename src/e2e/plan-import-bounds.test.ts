// `plan import` is linear in its input and bounded (README "Safety"): a huge or hostile checklist gets a
// clear line and exit 2 at once, never an event loop blocked for minutes while the store's lock goes stale.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli, tempDir } from './helpers/run-cli.js';

const items = (n: number) => Array.from({ length: n }, (_, i) => `*   [x] Item number ${i}\n`).join('');

it('imports 4,000 items (listing 20), refuses 10,000 items, a 1.5 MB line and a 3 MB file, each with one line', async () => {
  const home = await tempDir();
  const dir = await tempDir();
  const file = (name: string) => join(dir, name);
  await writeFile(file('many.md'), `## Part 9: Mine\n${items(4_000)}`);
  await writeFile(file('too-many.md'), items(10_000));
  await writeFile(file('long-line.md'), `*   [x] ${'a '.repeat(750_000)}\n`);
  await writeFile(file('big.md'), `${'#'.repeat(1_000)}\n`.repeat(3_000));

  const ok = await runCli(['plan', 'import', file('many.md')], { home });
  expect(ok.exitCode, ok.stderr).toBe(0);
  expect(ok.stdout).toMatch(/4000 not in the plan/);
  expect(ok.stdout).toMatch(/… and 3980 more/);
  expect(JSON.parse(await readFile(join(home, 'progress.json'), 'utf8')).plan.extras).toHaveLength(4_000);

  const refused: [string, RegExp][] = [
    ['too-many.md', /it has more than 5000 checklist items \(line 5001\)/],
    ['long-line.md', /line 1 is 1500008 characters long; a checklist line may be at most 2000/],
    ['big.md', /it is 2\.9 MiB; a checklist may be at most 2 MiB/],
  ];
  for (const [name, says] of refused) {
    const run = await runCli(['plan', 'import', file(name)], { home });
    expect(run.exitCode, name).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(says);
  }
}, 60_000);
