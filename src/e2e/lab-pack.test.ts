// A lab pack as a user writes one, outside the repository: a one-stage TypeScript library lab whose check
// imports `sysdesign-lab/grader`, and a questions/ file; loaded with --labs and with SYSDESIGN_LABS.
import { copyFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../paths.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const LAB = 'tiny-counter';
const QUESTION = 'tiny-pack.counter-overflow';

async function put(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

/** Writes a lab pack holding one lab (`id`, in a folder of that name) and, unless told not to, a question file. */
async function writePack(pack: string, options: { id?: string; checkImport?: string; plan?: string; questionId?: string } = {}): Promise<string> {
  const id = options.id ?? LAB;
  const lab = join(pack, id);
  await put(join(lab, 'lab.yaml'), `id: ${id}
version: 1
title: A tiny counter
summary: Adds numbers and tells the running total.
difficulty: beginner
kind: library
plan: [${options.plan ?? 'hld.scale.caching'}]
stages:
  - id: count
    title: Keep a running total
    instructions: stages/1-count.md
    checks: checks/count.ts
hints: [Keep the total in a field and add to it.]
tracks:
  ts: { starter: tracks/ts/starter, reference: tracks/ts/reference, edit: [counter.ts], provided: [driver.ts], entry: driver.ts }
`);
  await put(join(lab, 'operations.yaml'), `operations:
  add:
    description: Adds n to the total and answers the new total.
    request: { n: number }
    reply: { total: number }
`);
  await put(join(lab, 'README.md'), '# A tiny counter\n\n`add(n)` adds n to the total and returns the new total; a new counter starts at 0.\n');
  await put(join(lab, 'stages', '1-count.md'), 'Make `add` return the running total.\n');
  await put(join(lab, 'checks', 'sequence.ts'), 'export const SEQUENCE = [3, 4, -2, 10];\n');
  await put(join(lab, 'checks', 'count.ts'), `import { defineStage } from ${JSON.stringify(options.checkImport ?? 'sysdesign-lab/grader')};
import { SEQUENCE } from './sequence.js';

export const stage = defineStage({
  id: 'count',
  checks: [{
    id: 'running-total',
    title: 'add returns the running total',
    async run(ctx) {
      let total = 0;
      for (const n of SEQUENCE) {
        total += n;
        await ctx.program.expect({ op: 'add', n }, { total }, { message: 'add(n) must return the total so far' });
      }
    },
  }],
});
`);
  await put(join(lab, 'tracks', 'ts', 'starter', 'driver.ts'), `// Provided driver: do not edit.
import { Counter } from "./counter.ts";
import { serve } from "./wire.ts";

const counter = new Counter();
await serve({ add: (req) => ({ total: counter.add(Number(req.n)) }) });
`);
  await put(join(lab, 'tracks', 'ts', 'starter', 'counter.ts'), `export class Counter {
  add(n: number): number {
    throw new Error(\`not written yet (add \${n})\`);
  }
}
`);
  await put(join(lab, 'tracks', 'ts', 'reference', 'counter.ts'), `export class Counter {
  private total = 0;

  add(n: number): number {
    this.total += n;
    return this.total;
  }
}
`);
  await put(join(pack, 'questions', 'tiny-pack.yaml'), `topic: tiny-pack
title: The tiny pack's own questions
questions:
  - id: ${options.questionId ?? QUESTION}
    kind: choice
    plan: [hld.scale.caching]
    prompt: What does a running total of 32-bit integers risk when it only grows?
    options: [Overflow past the largest value, Losing the first number, Nothing at all]
    answer: [0]
    explanation: A sum that only grows passes the largest value a 32-bit integer holds.
`);
  return lab;
}

describe('lab packs', () => {
  it('lists, starts and grades a pack lab given with --labs or SYSDESIGN_LABS, and quizzes its questions', async () => {
    const home = await tempDir();
    const pack = await tempDir('sysdesign-pack-');
    const lab = await writePack(pack);

    const listed = await runCli(['--labs', pack, 'list'], { home });
    expect(listed.exitCode, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^LAB .*STATUS +SOURCE$/m);
    expect(listed.stdout).toMatch(new RegExp(`^${LAB} .*not started +${pack}$`, 'm'));
    expect(listed.stdout).toMatch(/^circuit-breaker .*built-in$/m);
    const json = await runCli(['list', '--json'], { home, env: { SYSDESIGN_LABS: `:${pack}:` } });
    expect(json.exitCode, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout).labs as { id: string; source: string }[];
    expect(rows.find((r) => r.id === LAB)?.source).toBe(pack);
    expect(rows.find((r) => r.id === 'circuit-breaker')?.source).toBe('built-in');
    const plain = await runCli(['list'], { home });
    expect(plain.stdout).not.toContain(LAB);
    expect(plain.stdout).not.toContain('SOURCE');

    const ws = join(await tempDir(), 'ws');
    const started = await runCli(['--labs', pack, 'start', LAB, '--lang', 'ts', '--dir', ws], { home });
    expect(started.exitCode, started.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(ws, '.sysdesign', 'lab.json'), 'utf8'))).toMatchObject({ lab: LAB, source: pack });
    const failing = await runCli(['--labs', pack, 'grade', '--dir', ws], { home });
    expect(failing.exitCode, failing.stdout + failing.stderr).toBe(1);
    expect(failing.stdout).toContain('running-total');

    await copyFile(join(lab, 'tracks', 'ts', 'reference', 'counter.ts'), join(ws, 'counter.ts'));
    const graded = await runCli(['--labs', pack, 'grade', '--dir', ws], { home });
    expect(graded.exitCode, graded.stdout + graded.stderr).toBe(0);
    const plan = await runCli(['--labs', pack, 'plan', '--json'], { home });
    const caching = (JSON.parse(plan.stdout).items as { id: string; labs: { id: string; status: { kind: string } }[] }[]).find((i) => i.id === 'hld.scale.caching');
    expect(caching?.labs).toContainEqual({ id: LAB, status: expect.objectContaining({ kind: 'passed' }) });
    const hint = await runCli(['hint', '--dir', ws], { home, env: { SYSDESIGN_LABS: pack } });
    expect(hint.exitCode, hint.stderr).toBe(0);
    expect(hint.stdout).toContain('Keep the total in a field');

    const lost = await runCli(['grade', '--dir', ws], { home });
    expect(lost.exitCode).toBe(2);
    expect(lost.stderr).toContain(`the lab "${LAB}" of the lab pack ${pack}, which is not loaded`);
    expect(lost.stderr).toContain(`--labs ${pack}`);
    expect(lost.stderr).toContain('SYSDESIGN_LABS');

    const ways: { args: string[]; env: Record<string, string> }[] = [{ args: ['--labs', pack], env: {} }, { args: [], env: { SYSDESIGN_LABS: pack } }];
    for (const given of ways) {
      const quiz = await runCli([...given.args, 'quiz', '--plain', '--topic', 'tiny-pack'], { home, env: given.env, input: 'q\n' });
      expect(quiz.exitCode, quiz.stderr).toBe(0);
      expect(quiz.stdout).toContain('What does a running total of 32-bit integers risk');
    }
    const stats = await runCli(['--labs', pack, 'quiz', '--stats', '--json'], { home });
    const without = await runCli(['quiz', '--stats', '--json'], { home });
    expect(JSON.parse(stats.stdout).total).toBe(JSON.parse(without.stdout).total + 1);
  }, 120_000);

  it('refuses a pack lab or question whose id is taken, naming both files, and a plan item the plan lacks', async () => {
    const home = await tempDir();
    const pack = await tempDir('sysdesign-pack-');
    await writePack(pack, { id: 'circuit-breaker', questionId: 'caching.cache-aside-walkthrough' });
    const clash = await runCli(['--labs', pack, 'list'], { home });
    expect(clash.exitCode).toBe(2);
    expect(clash.stderr).toContain(`${join(pack, 'circuit-breaker', 'lab.yaml')}:1:5: lab id "circuit-breaker" is already the id of labs/circuit-breaker/lab.yaml`);
    expect(clash.stdout.match(/^circuit-breaker /gm)).toHaveLength(1);
    const quiz = await runCli(['quiz', '--stats'], { home, env: { SYSDESIGN_LABS: pack } });
    expect(quiz.exitCode).toBe(2);
    expect(quiz.stderr).toContain(`${join(pack, 'questions', 'tiny-pack.yaml')}:4:9: id "caching.cache-aside-walkthrough" is already used in topic "caching" (questions/caching.yaml)`);

    const first = await tempDir('sysdesign-pack-');
    const second = await tempDir('sysdesign-pack-');
    await writePack(first);
    await writePack(second, { questionId: 'tiny-pack.other-question' });
    const twice = await runCli(['--labs', first, 'list'], { home, env: { SYSDESIGN_LABS: second } });
    expect(twice.exitCode).toBe(2);
    expect(twice.stderr).toContain(`${join(second, LAB, 'lab.yaml')}:1:5: lab id "${LAB}" is already the id of ${join(first, LAB, 'lab.yaml')}`);

    const unplanned = await tempDir('sysdesign-pack-');
    await writePack(unplanned, { plan: 'hld.scale.cachin' });
    const plan = await runCli(['--labs', unplanned, 'list'], { home });
    expect(plan.exitCode).toBe(2);
    expect(plan.stderr).toContain(`${join(unplanned, LAB, 'lab.yaml')}:7:8: no plan item "hld.scale.cachin" in the plan (did you mean "hld.scale.caching"?)`);
    expect(plan.stderr).toContain('(field plan[0])');

    const notAPack = await runCli(['--labs', join(first, LAB), 'list'], { home });
    expect(notAPack.exitCode).toBe(2);
    expect(notAPack.stderr).toContain(`is a lab folder, not a lab pack`);
    const missing = await runCli(['list'], { home, env: { SYSDESIGN_LABS: join(first, 'nowhere') } });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain(`the lab pack folder ${join(first, 'nowhere')} (from SYSDESIGN_LABS) does not exist`);
  }, 120_000);

  it('refuses a pack check that imports a file outside its pack, before any check runs', async () => {
    const home = await tempDir();
    const outside = await tempDir('sysdesign-outside-');
    const pack = join(outside, 'pack');
    const lab = await writePack(pack, { checkImport: '../../../elsewhere/api.js' });
    await put(join(outside, 'elsewhere', 'api.ts'), 'export function defineStage<T>(stage: T): T { return stage; }\n');
    const ws = join(await tempDir(), 'ws');
    expect((await runCli(['--labs', pack, 'start', LAB, '--lang', 'ts', '--dir', ws], { home })).exitCode).toBe(0);
    await copyFile(join(lab, 'tracks', 'ts', 'reference', 'counter.ts'), join(ws, 'counter.ts'));
    const graded = await runCli(['--labs', pack, 'grade', '--dir', ws], { home });
    expect(graded.exitCode, graded.stdout + graded.stderr).toBe(2);
    expect(graded.stderr).toContain(`${join(lab, 'checks', 'count.ts')}:1:29: "../../../elsewhere/api.js" leaves the lab pack folder (to ${join(outside, 'elsewhere', 'api.js')})`);
    expect(graded.stderr).not.toContain('internal error');
  }, 120_000);

  it('types a pack check against the published `sysdesign-lab/grader` entry', async () => {
    const root = await tempDir('sysdesign-typed-');
    await writePack(join(root, 'pack'));
    // As `npm install sysdesign-lab` would leave it beside the pack.
    await mkdir(join(root, 'node_modules'));
    await symlink(PROJECT_ROOT, join(root, 'node_modules', 'sysdesign-lab'), 'dir');
    await put(join(root, 'pack', LAB, 'checks', 'wrong.ts'), `import { defineStage } from 'sysdesign-lab/grader';
export const stage = defineStage({ id: 'count', checks: [{ id: 'x', title: 'x', async run(ctx) { await ctx.program.cal({ op: 'add' }); } }] });
`);
    await writeFile(join(root, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: [], typeRoots: [join(PROJECT_ROOT, 'node_modules', '@types')] },
      files: [join(root, 'pack', LAB, 'checks', 'count.ts'), join(root, 'pack', LAB, 'checks', 'wrong.ts')],
    }));
    const tsc = await execa(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root], { cwd: root, reject: false });
    expect(tsc.stdout).toContain("wrong.ts(2,116): error TS2551: Property 'cal' does not exist on type 'Program'. Did you mean 'call'?");
    expect(tsc.stdout.trim().split('\n')).toHaveLength(1);
  }, 120_000);
});
