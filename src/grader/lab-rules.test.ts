import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../catalog/catalog.js';
import type { LoadedLab } from '../catalog/catalog-index.js';
import { LABS_DIR } from '../paths.js';
import type { StageDefinition } from './api.js';
import { checkLabRules, formatViolation, runRule, type LabRuleContext } from './lab-rules.js';

// A copy of the library template made into a lab "demo" in a temp labs folder, with its fixtures beside it
// (what `dev new` writes), so each test can break one thing and see the one rule that names it.
const root = await mkdtemp(join(tmpdir(), 'sysdesign-lab-rules-test-'));
afterAll(() => rm(root, { recursive: true, force: true }));

async function demoLab(): Promise<{ lab: LoadedLab; ctx: LabRuleContext; dir: string; fixtures: string }> {
  const labs = await mkdtemp(join(root, 'labs-'));
  const dir = join(labs, 'labs', 'demo');
  await cp(join(LABS_DIR, 'templates', 'library'), dir, { recursive: true });
  const fixtures = join(labs, 'fixtures', 'submissions', 'demo');
  await cp(join(dir, 'fixtures'), fixtures, { recursive: true });
  await rm(join(dir, 'fixtures'), { recursive: true });
  const yaml = join(dir, 'lab.yaml');
  await writeFile(yaml, (await readFile(yaml, 'utf8')).replace('__LAB_ID__', 'demo').replace('__LAB_TITLE__', 'Demo'));
  const catalog = await loadCatalog({ labsDir: join(labs, 'labs'), tracksDir: join(LABS_DIR, 'tracks') });
  expect(catalog.problems.map((p) => p.message)).toEqual([]);
  const lab = catalog.lab('demo');
  const ctx: LabRuleContext = {
    plan: { file: join(labs, 'labs', 'plan.yaml'), items: new Map([['lld.go.structs-methods', ['demo']]]), linksRequired: true },
    questionIds: new Set(['q.known']),
    fixturesDir: join(labs, 'fixtures'),
    // The checks' ids, without importing the template's modules (vitest cannot load a bundle of them).
    loadStage: async (_lab, stage): Promise<StageDefinition> => ({
      id: stage.id,
      checks: (stage.id === 'counting' ? ['starts-at-zero', 'adds-up', 'keys-apart', 'rejects-bad-amounts'] : ['forgets-old-adds', 'window-boundary'])
        .map((id) => ({ id, title: id, run: async () => undefined })),
    }),
  };
  return { lab, ctx, dir, fixtures };
}

describe('lab rules', () => {
  it('a lab made from the library template keeps every rule', async () => {
    const { lab, ctx } = await demoLab();
    expect((await checkLabRules(lab, ctx)).map(formatViolation)).toEqual([]);
  });

  it('a track with too few fixtures: names the lab, the folder and fixture-minimum', async () => {
    const { lab, ctx, fixtures } = await demoLab();
    await rm(join(fixtures, 'ts', 'never-forgets'), { recursive: true });
    const lines = (await runRule('fixture-minimum', lab, ctx)).map(formatViolation);
    expect(lines).toEqual([expect.stringMatching(/^demo: .*fixtures\/submissions\/demo\/ts: the ts track has 5 broken fixture\(s\); it needs at least 6 \[rule fixture-minimum\]$/)]);
  });

  it('a starter file without a TODO: names the file and the rule todo', async () => {
    const { lab, ctx, dir } = await demoLab();
    const file = join(dir, 'tracks', 'go', 'starter', 'tally.go');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/TODO/g, 'later'));
    expect((await runRule('todo', lab, ctx)).map(formatViolation)).toEqual([expect.stringMatching(/^demo: .*tracks\/go\/starter\/tally.go: .*no TODO.* \[rule todo\]$/)]);
  });

  it('reference code in a provided starter file: names the workspace file, the reference file and reference-code', async () => {
    const { lab, ctx, dir } = await demoLab();
    const driver = join(dir, 'tracks', 'ts', 'starter', 'driver.ts');
    const reference = await readFile(join(dir, 'tracks', 'ts', 'reference', 'tally.ts'), 'utf8');
    await writeFile(driver, `${reference}\n${await readFile(driver, 'utf8')}`);
    const lines = (await runRule('reference-code', lab, ctx)).map(formatViolation);
    expect(lines).toEqual([expect.stringMatching(/^demo: workspace file driver.ts \(ts track\): line \d+ starts .*reference\/tally.ts:\d+: .* \[rule reference-code\]$/)]);
  });

  it('a fixture naming a check its stage lacks, or no check at all: names its expect.yaml and fixture-expect', async () => {
    const { lab, ctx, fixtures } = await demoLab();
    await writeFile(join(fixtures, 'ts', 'never-forgets', 'expect.yaml'), 'stage: window\ncheck: forgets-everything\nwhy: "a typo in the check id"\n');
    await writeFile(join(fixtures, 'go', 'never-forgets', 'expect.yaml'), 'stage: window\nwhy: "names no check at all"\n');
    const lines = (await runRule('fixture-expect', lab, ctx)).map(formatViolation);
    expect(lines).toEqual([
      expect.stringMatching(/^demo: .*ts\/never-forgets\/expect.yaml: check "forgets-everything" is not a check of stage window \(forgets-old-adds, window-boundary\) \[rule fixture-expect\]$/),
      expect.stringMatching(/^demo: .*go\/never-forgets\/expect.yaml: line .*check.* \[rule fixture-expect\]$/),
    ]);
  });

  it('a plan item that does not link the lab, an unknown question, a checks file defining another stage', async () => {
    const { lab, ctx } = await demoLab();
    const unlinked = { ...ctx, plan: { ...ctx.plan, items: new Map([['lld.go.structs-methods', []]]) } };
    expect((await runRule('plan-link', lab, unlinked)).map(formatViolation)).toEqual([expect.stringMatching(/plan item lld.go.structs-methods does not list lab demo .*\[rule plan-link\]$/)]);
    const asking = { ...lab, stages: lab.stages.map((s, i) => (i === 0 ? { ...s, questions: ['q.missing'] } : s)) };
    expect((await runRule('questions', asking, ctx)).map(formatViolation)).toEqual([expect.stringMatching(/lab.yaml: stage counting names question q.missing, which the question bank lacks \[rule questions\]$/)]);
    const wrongId = { ...ctx, loadStage: async (_l: LoadedLab, stage: { id: string; checks: string }) => { throw new Error(`${stage.checks} defines stage "other" but lab.yaml names it "${stage.id}"`); } };
    expect((await runRule('stage-checks', lab, wrongId)).map(formatViolation)[0]).toMatch(/^demo: .*checks\/counting.ts: .*defines stage "other" but lab.yaml names it "counting" \[rule stage-checks\]$/);
  });
});
