// A library lab's operations.yaml holds at grading time (README "For lab authors"): a check sending what the
// file does not allow ends the grade as a bug of ours, never the learner's failure; a reply lacking what the
// file declares fails the check with the operation and field named.
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LABS_DIR } from '../paths.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const LAB = 'bloom-filter';

/** The labs folder copied outside the package (SYSDESIGN_CATALOG), with the lab's operations.yaml edited. */
async function labsWith(edit: (operations: string) => string): Promise<string> {
  const labs = join(await tempDir(), 'labs');
  await cp(LABS_DIR, labs, { recursive: true });
  const file = join(labs, LAB, 'operations.yaml');
  const before = await readFile(file, 'utf8');
  const after = edit(before);
  expect(after).not.toBe(before);
  await writeFile(file, after);
  return labs;
}

/** Grades the lab's TypeScript reference in a workspace started from the edited labs folder. */
async function gradeReference(labs: string) {
  const env = { SYSDESIGN_CATALOG: labs };
  const home = await tempDir();
  const dir = join(await tempDir(), 'ws');
  expect((await runCli(['start', LAB, '--lang', 'ts', '--dir', dir], { home, env })).exitCode).toBe(0);
  await cp(join(labs, LAB, 'tracks', 'ts', 'reference', 'bloom.ts'), join(dir, 'bloom.ts'));
  return runCli(['grade', '--dir', dir, '--seed', '1', '--stage', '1'], { home, env, timeoutMs: 120_000 });
}

describe('operations.yaml at grading time', () => {
  it('a check sending an operation the file does not declare is reported as a bug in the lab (exit 4)', async () => {
    const labs = await labsWith((text) => text.replace(/^ {2}has:\n(?: {4}.*\n)+/m, ''));
    const run = await gradeReference(labs);
    expect(run.exitCode, run.stdout + run.stderr).toBe(4);
    expect(run.stderr).toContain(`internal error: lab ${LAB}, stage add-and-query, check empty-filter-says-no: the check sent {"op":"has"`);
    expect(run.stderr).toContain('the operation "has" is not declared');
    expect(run.stderr).toContain('not in your code');
  });

  it('a reply without a declared field of the declared type fails the check, naming the operation and the field', async () => {
    const labs = await labsWith((text) => text.replace('reply: { result: boolean }', 'reply: { result: string }'));
    const run = await gradeReference(labs);
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain('the reply to "has" has "result": false, but it must be a string');
  });
});
