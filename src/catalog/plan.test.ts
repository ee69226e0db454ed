import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogError } from '../errors.js';
import { PROJECT_ROOT } from '../paths.js';
import { parseChecklist } from '../progress/import-markdown.js';
import { loadCatalog } from './catalog.js';
import { linkLabs, loadPlan, planItems } from './plan.js';

const SEED = join(PROJECT_ROOT, '..', 'shared', 'seeds', '003_0f5fcaa0480c7b3b.txt');
const plan = await loadPlan();
const items = planItems(plan);

describe('labs/plan.yaml', () => {
  it('has the 3 parts, 5 modules, 4 groups and 44 items of the learning plan, with the agreed ids', () => {
    expect(plan.parts.map((p) => p.id)).toEqual(['lld', 'hld', 'case']);
    expect(plan.parts.flatMap((p) => p.modules.map((m) => m.id))).toEqual(['lld.go', 'lld.patterns', 'hld.scale', 'hld.reliability', 'hld.distributed']);
    expect(plan.parts[0].modules[1].groups.map((g) => g.id)).toEqual(['lld.creational', 'lld.structural', 'lld.behavioral', 'lld.concurrency']);
    expect(items).toHaveLength(44);
    expect(plan.parts[2].items).toHaveLength(11);
    expect(items[0].id).toBe('lld.go.structs-methods');
    expect(items.at(-1)!.id).toBe('case.kv-store');
  });

  // The seed is outside the repository; when it is there, the plan must hold exactly its items, in order.
  it.runIf(existsSync(SEED))('holds exactly the items of the seed plan, in order and wording', async () => {
    const seed = parseChecklist(await readFile(SEED, 'utf8'));
    expect(items.map((i) => i.title)).toEqual(seed.map((e) => e.title));
    expect(seed.filter((e) => e.checked)).toHaveLength(33);
    expect(seed.filter((e) => !e.checked).map((e) => e.title)).toEqual(plan.parts[2].items.map((i) => i.title));
  });

  it('links only labs that exist, and every lab is linked from each plan item it names', async () => {
    const catalog = await loadCatalog();
    const labIds = catalog.labs.map((l) => l.id);
    await expect(loadPlan({ labIds })).resolves.toBeDefined();
    const ids = new Set(items.map((i) => i.id));
    for (const lab of catalog.labs) {
      for (const planId of lab.plan) {
        expect(ids.has(planId), `lab ${lab.id} names plan item ${planId}, which labs/plan.yaml lacks`).toBe(true);
        expect(items.find((i) => i.id === planId)!.labs, `plan item ${planId} should link lab ${lab.id}`).toContain(lab.id);
      }
    }
  });

  it('reports a link to a missing lab, a repeated id and a misplaced id with file and line', async () => {
    const file = join(tmpdir(), `plan-${process.pid}.yaml`);
    await writeFile(file, [
      'title: T', 'parts:', '  - id: lld', '    title: P', '    items:',
      '      - { id: lld.a, title: A, labs: [no-such-lab] }', '      - { id: lld.a, title: B }', '      - { id: hld.c, title: C }',
    ].join('\n'));
    const error = await loadPlan({ planFile: file, labIds: ['circuit-breaker'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogError);
    const messages = (error as CatalogError).problems.map((p) => `${p.line}: ${p.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^6: no lab "no-such-lab"/),
      expect.stringMatching(/^7: id "lld.a" is used twice/),
      expect.stringMatching(/^8: id "hld.c" should start with "lld."/),
      expect.stringMatching(/^8: item id "hld.c" should start with "lld."/),
    ]);
  });

  it('lists a lab pack\'s lab under the items it names, once, and leaves the loaded plan alone', () => {
    const linked = planItems(linkLabs(plan, [{ id: 'my-lab', plan: ['hld.scale.caching', 'lld.creational.factory'] }, { id: 'circuit-breaker', plan: ['hld.reliability.availability-patterns'] }]));
    const labsOf = (id: string) => linked.find((i) => i.id === id)!.labs;
    expect(labsOf('hld.scale.caching')).toEqual([...items.find((i) => i.id === 'hld.scale.caching')!.labs, 'my-lab']);
    expect(labsOf('hld.reliability.availability-patterns').filter((l) => l === 'circuit-breaker')).toHaveLength(1);
    expect(linked.filter((i) => i.labs.includes('my-lab')).map((i) => i.id)).toEqual(['lld.creational.factory', 'hld.scale.caching']);
    expect(items.some((i) => i.labs.includes('my-lab'))).toBe(false);
  });
});
