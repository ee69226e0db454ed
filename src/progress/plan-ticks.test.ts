import { describe, expect, it } from 'vitest';
import { evaluatePlan, isDue } from './plan-ticks.js';
import type { Progress } from './schema.js';
import { card, NOW, passedLab, progressWith, QUESTIONS, TINY_PLAN } from './testing/fixtures.js';

const evaluate = (progress: Progress) => evaluatePlan({
  plan: TINY_PLAN, progress, now: NOW, labStages: new Map([['breaker', 3]]), questionsFor: (id) => QUESTIONS[id] ?? [],
});
const ticked = (progress: Progress) => evaluate(progress).items.filter((i) => i.ticked).map((i) => `${i.id}:${i.tickedBy}`);
const later = '2026-04-01T00:00:00.000Z';

describe('ticking the plan from results', () => {
  it('ticks nothing on an empty store, and points at the first lab to start', () => {
    const report = evaluate(progressWith(() => undefined));
    expect(ticked(progressWith(() => undefined))).toEqual([]);
    expect(report.overall).toEqual({ done: 0, total: 6, percent: 0 });
    expect(report.next).toMatchObject({ kind: 'lab', item: 'lld.go.lab-only', lab: 'breaker', command: 'npx sysdesign start breaker' });
  });

  it('ticks a lab-only item when its lab passes every stage, not before', () => {
    const halfway = progressWith((p) => { p.labs.breaker = { ...passedLab(NOW.toISOString()), stagesPassed: 2, passedAt: undefined }; });
    expect(ticked(halfway)).toEqual([]);
    expect(evaluate(halfway).next).toMatchObject({ kind: 'lab', command: 'npx sysdesign grade breaker', status: { kind: 'in-progress', stage: 3, total: 3 } });
    expect(ticked(progressWith((p) => { p.labs.breaker = passedLab(NOW.toISOString()); }))).toEqual(['lld.go.lab-only:results']);
  });

  it('ticks a question-only item when every question is answered and at least 80% were right at their last review', () => {
    const answers = (rights: boolean[]) => progressWith((p) => {
      p.quiz = { cards: Object.fromEntries(rights.map((r, i) => [`q${i + 1}`, card(r, NOW.toISOString(), later)])) };
    });
    expect(ticked(answers([true, true, true, true]))).toEqual([]); // q5 never answered
    expect(ticked(answers([true, true, true, true, false]))).toEqual(['lld.go.questions-only:results']); // 4/5 = 80%
    expect(ticked(answers([true, true, true, false, false]))).toEqual([]); // 60%
    const item = evaluate(answers([true, true, true, false, false])).items.find((i) => i.id === 'lld.go.questions-only')!;
    expect(item.questions).toEqual({ total: 5, answered: 5, right: 3, due: 0 });
  });

  it('needs both the lab and the questions when an item has both; an item with neither only ticks by hand', () => {
    const labOnly = progressWith((p) => { p.labs.breaker = passedLab(NOW.toISOString()); });
    expect(ticked(labOnly)).not.toContain('lld.go.both:results');
    const both = progressWith((p) => { p.labs.breaker = passedLab(NOW.toISOString()); p.quiz = { cards: { b1: card(true, NOW.toISOString(), later) } }; });
    expect(ticked(both)).toContain('lld.go.both:results');
    expect(ticked(both)).not.toContain('lld.go.nothing:results');
  });

  it('keeps ticks by hand apart, lets results win over them, and honours an uncheck', () => {
    const hand = progressWith((p) => {
      p.plan.manual['lld.go.nothing'] = { checked: true, at: NOW.toISOString(), source: 'cli' };
      p.plan.manual['lld.go.lab-only'] = { checked: true, at: NOW.toISOString(), source: 'import' };
      p.plan.manual['case.one'] = { checked: false, at: NOW.toISOString(), source: 'cli' };
      p.labs.breaker = passedLab(NOW.toISOString());
    });
    expect(ticked(hand)).toEqual(['lld.go.lab-only:results', 'lld.go.nothing:hand']);
  });

  it('tallies groups, modules and parts', () => {
    const report = evaluate(progressWith((p) => { p.quiz = { cards: { s1: card(true, NOW.toISOString(), later) } }; }));
    const patterns = report.parts[0].modules[1];
    expect(patterns.groups[0].tally).toEqual({ done: 1, total: 1, percent: 100 });
    expect(patterns.tally).toEqual({ done: 1, total: 1, percent: 100 });
    expect(report.parts[0].tally).toEqual({ done: 1, total: 5, percent: 20 });
  });

  it('sends the learner to due questions when the next unticked item has no lab left', () => {
    const report = evaluate(progressWith((p) => {
      p.labs.breaker = passedLab(NOW.toISOString());
      p.quiz = { cards: { q1: card(true, NOW.toISOString(), later), q2: card(false, NOW.toISOString(), NOW.toISOString()) } };
    }));
    // q2 is due (FSRS); the three never answered are new, not due, and still stand between the item and its tick.
    expect(report.next).toEqual({ kind: 'quiz', item: 'lld.go.questions-only', title: 'Questions only', due: 1, unanswered: 3, labsPassed: false, command: 'npx sysdesign quiz --plan lld.go.questions-only' });
  });

  it('counts a question as due when a failed check queued it or FSRS says so; never answered and not queued is new', () => {
    const records = (cards: Record<string, ReturnType<typeof card>>, queued: Record<string, string> = {}) => ({ cards, queued, sessions: [] }) as unknown as Parameters<typeof isDue>[0];
    expect(isDue(records({}), 'q1', NOW)).toBe(false);
    expect(isDue(records({}, { q1: NOW.toISOString() }), 'q1', NOW)).toBe(true);
    expect(isDue(records({ q1: card(true, NOW.toISOString(), later) }), 'q1', NOW)).toBe(false);
    expect(isDue(records({ q1: card(true, NOW.toISOString(), NOW.toISOString()) }), 'q1', NOW)).toBe(true);
    expect(isDue(records({ q1: { ...card(true, NOW.toISOString(), later), queuedAt: NOW.toISOString() } }), 'q1', NOW)).toBe(true);
  });
});
