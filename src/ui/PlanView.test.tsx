import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { evaluatePlan } from '../progress/plan-ticks.js';
import { planText } from '../progress/plan-rows.js';
import { card, NOW, passedLab, progressWith, QUESTIONS, TINY_PLAN } from '../progress/testing/fixtures.js';
import { PlanView } from './PlanView.js';

const report = evaluatePlan({
  plan: TINY_PLAN, now: NOW, labStages: new Map([['breaker', 3]]), questionsFor: (id) => QUESTIONS[id] ?? [],
  progress: progressWith((p) => {
    p.labs.breaker = passedLab(NOW.toISOString());
    p.plan.manual['case.one'] = { checked: true, at: NOW.toISOString(), source: 'cli' };
    p.quiz = { cards: { q1: card(true, NOW.toISOString(), NOW.toISOString()) } };
  }),
});

describe('PlanView', () => {
  it('draws the tree with ticks from results and by hand, bars per module, and the next step', () => {
    const frame = render(<PlanView report={report} color={false} />).lastFrame()!;
    expect(frame).toContain('Tiny plan');
    expect(frame).toMatch(/Part 1: Low level\s+█+░+\s+20% \(1\/5\)/);
    expect(frame).toMatch(/Module 1: Go\s+█+░+\s+25% \(1\/4\)/);
    expect(frame).toMatch(/Creational\s+░+\s+0% \(0\/1\)/);
    expect(frame).toMatch(/✔ Lab only\s+lab breaker: passed/);
    expect(frame).toMatch(/✎ Case Study 1: One\s+ticked by hand/);
    expect(frame).toMatch(/○ Questions only\s+questions 1\/5 right, 4 unanswered, 1 due/);
    expect(frame).toMatch(/○ Both\s+lab breaker: passed · labs passed, questions left: `npx sysdesign quiz --plan\s+lld\.go\.both`/);
    expect(frame.replace(/\s+/g, ' ')).toContain('Next: Questions only: 1 question due, 4 questions not answered yet: `npx sysdesign quiz --plan lld.go.questions-only`');
  });

  it('has a plain-text twin for pipes, with ASCII bars', () => {
    const text = planText(report);
    expect(text.split('\n').slice(0, 4)).toEqual([
      'Tiny plan  [###-------]  33% (2/6)',
      '',
      'Part 1: Low level  [##--------]  20% (1/5)',
      '  Module 1: Go  [###-------]  25% (1/4)',
    ]);
    expect(text).toContain('    [x] Lab only  (lab breaker: passed)');
    expect(text).toContain('  [x] Case Study 1: One  (ticked by hand)');
    expect(text).toContain('Next: Questions only: 1 question due, 4 questions not answered yet');
  });
});
