import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../catalog/plan.js';
import { PROJECT_ROOT } from '../paths.js';
import { applyChecklist, parseChecklist } from './import-markdown.js';
import { planMarkdown } from './markdown.js';
import { evaluatePlan } from './plan-ticks.js';
import type { Progress } from './schema.js';
import { sessionLog } from './session-log.js';
import { card, NOW, passedLab, progressWith, QUESTIONS, TINY_PLAN } from './testing/fixtures.js';

const SEED = join(PROJECT_ROOT, '..', 'shared', 'seeds', '003_0f5fcaa0480c7b3b.txt');
const plan = await loadPlan();
const evaluateReal = (p: Progress) => evaluatePlan({ plan, progress: p, now: NOW, labStages: new Map(), questionsFor: () => [] });

describe('parseChecklist', () => {
  it('reads items with their ticks and headings, and stops at the session log', () => {
    const entries = parseChecklist([
      '# Title', '## Part 1: One', '*   **Module 1: Go**', '    *   [x] Alpha', '    *   **Group**', '        *   [ ] Beta',
      '## Part 2: Two', '*   [X] **Case Study 1:** Gamma', '## Session Log & Notes', '*   [x] Not an item',
    ].join('\n'));
    expect(entries).toEqual([
      { title: 'Alpha', checked: true, section: 'Part 1: One / Module 1: Go', line: 4 },
      { title: 'Beta', checked: false, section: 'Part 1: One / Module 1: Go / Group', line: 6 },
      { title: 'Case Study 1: Gamma', checked: true, section: 'Part 2: Two', line: 8 },
    ]);
  });
});

describe('importing a checklist', () => {
  it.runIf(existsSync(SEED))('imports the seed plan: its 33 ticked items become ticks by hand; twice changes nothing', async () => {
    const entries = parseChecklist(await readFile(SEED, 'utf8'));
    const progress = progressWith(() => undefined);
    const first = applyChecklist(progress, plan, entries, NOW, 'seed.md');
    expect(first).toMatchObject({ changed: true, notInPlan: [], missing: [] });
    expect(first.ticked).toHaveLength(33);
    const report = evaluateReal(progress);
    expect(report.items.filter((i) => i.ticked).map((i) => i.tickedBy)).toEqual(Array(33).fill('hand'));
    expect(report.items.filter((i) => !i.ticked).map((i) => i.part)).toEqual(Array(11).fill('case'));
    const snapshot = JSON.stringify(progress);
    const second = applyChecklist(progress, plan, entries, NOW, 'seed.md');
    expect(second).toMatchObject({ changed: false, ticked: [] });
    expect(JSON.stringify(progress)).toBe(snapshot);
  });

  it('keeps and lists items the plan lacks, never dropping them', () => {
    const progress = progressWith(() => undefined);
    const entries = parseChecklist('## Part 4: Extra\n*   **Module 6: More**\n    *   [x] Gossip protocols\n    *   [ ] Singleton\n');
    const outcome = applyChecklist(progress, plan, entries, NOW, 'mine.md');
    expect(outcome.notInPlan.map((e) => e.title)).toEqual(['Gossip protocols']);
    expect(progress.plan.extras).toEqual([{ title: 'Gossip protocols', checked: true, section: 'Part 4: Extra / Module 6: More', importedAt: NOW.toISOString() }]);
    expect(outcome.ticked).toEqual([]); // an unticked line takes nothing and gives nothing
    expect(applyChecklist(progress, plan, entries, NOW, 'mine.md').changed).toBe(false);
    expect(planMarkdown(evaluateReal(progress), [])).toContain('## Imported items not in the plan\n\n*   [x] Gossip protocols');
  });

  it('round-trips: markdown export then import into an empty store gives the same ticks', () => {
    const progress = progressWith((p) => {
      p.labs.breaker = passedLab(NOW.toISOString());
      p.quiz = { cards: { s1: card(true, NOW.toISOString(), NOW.toISOString()) } };
      p.plan.manual['case.one'] = { checked: true, at: NOW.toISOString(), source: 'cli' };
      p.activity.push({ at: NOW.toISOString(), kind: 'note', summary: 'a note with [x] in it', data: {} });
    });
    const evaluateTiny = (p: Progress) => evaluatePlan({ plan: TINY_PLAN, progress: p, now: NOW, labStages: new Map([['breaker', 3]]), questionsFor: (id) => QUESTIONS[id] ?? [] });
    const before = evaluateTiny(progress);
    const markdown = planMarkdown(before, sessionLog(progress, { now: NOW }));
    const fresh = progressWith(() => undefined);
    const outcome = applyChecklist(fresh, TINY_PLAN, parseChecklist(markdown), NOW, 'export.md');
    expect(outcome.notInPlan).toEqual([]);
    const after = evaluateTiny(fresh);
    expect(after.items.map((i) => [i.id, i.ticked])).toEqual(before.items.map((i) => [i.id, i.ticked]));
    expect(planMarkdown(after, []).split('## Session Log')[0]).toBe(markdown.split('## Session Log')[0]);
  });
});

describe('planMarkdown', () => {
  it.runIf(existsSync(SEED))('writes the checklist part of the seed document line for line once its ticks are imported', async () => {
    const seed = await readFile(SEED, 'utf8');
    const progress = progressWith(() => undefined);
    applyChecklist(progress, plan, parseChecklist(seed), NOW, 'seed.md');
    const ours = planMarkdown(evaluateReal(progress), []);
    const checklist = (text: string) => text.split('## Session Log')[0];
    expect(checklist(ours)).toBe(checklist(seed));
  });

  it('writes a session log entry per day with summary, key things covered and code location', () => {
    const progress = progressWith((p) => {
      p.activity.push({ at: NOW.toISOString(), kind: 'lab-start', lab: 'breaker', summary: 'started breaker (ts)', data: { workspace: '/ws/breaker', track: 'ts' } });
      p.activity.push({ at: NOW.toISOString(), kind: 'grade', lab: 'breaker', summary: 'x', data: { passed: true, stagesPassed: 3, stagesTotal: 3, workspace: '/ws/breaker', bench: { rps: 1234.567, p99Ms: 4 } } });
    });
    const text = planMarkdown(evaluateReal(progress), sessionLog(progress, { now: NOW }));
    expect(text).toMatch(/## Session Log & Notes\n\n---\n\*\*\w+day 2026-03-1\d\*\*\n\n\*   \*\*Summary:\*\* Started 1 lab; passed breaker\.\n\*   \*\*Key Things Covered:\*\*\n    \*   \d\d:\d\d Started lab `breaker` \(ts\)\n    \*   \d\d:\d\d Passed every stage of `breaker`; benchmark: rps 1,235, p99Ms 4\n\*   \*\*Code Location:\*\* `\/ws\/breaker`\n$/);
  });
});
