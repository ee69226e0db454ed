import { describe, expect, it } from 'vitest';
import { quizRecords } from '../quiz/records.js';
import { mergeProgress } from './merge.js';
import { evaluatePlan } from './plan-ticks.js';
import type { Progress } from './schema.js';
import { sessionLog } from './session-log.js';
import { card, NOW, passedLab, progressWith, QUESTIONS, TINY_PLAN } from './testing/fixtures.js';

const review = (question: string, at: string) => ({ question, at, rating: 3, correct: true, kind: 'choice' as const, log: {} });
const T = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString();

function machineA(): Progress {
  return progressWith((p) => {
    p.labs.breaker = passedLab(T(0));
    p.quiz = { cards: { q1: card(true, T(1), T(48)), s1: card(false, T(1), T(2)) }, reviews: [review('q1', T(1)), review('s1', T(1))], sessions: [{ at: T(1), mode: 'drill', asked: 2, correct: 1, topics: [] }] };
    p.plan.manual['case.one'] = { checked: true, at: T(2), source: 'cli' };
    p.activity.push({ at: T(2), kind: 'note', summary: 'from A', data: {} });
  });
}

const view = (p: Progress) => ({
  plan: evaluatePlan({ plan: TINY_PLAN, progress: p, now: NOW, labStages: new Map([['breaker', 3]]), questionsFor: (id) => QUESTIONS[id] ?? [] }),
  log: sessionLog(p, { now: NOW }),
  schedule: quizRecords(p).cards,
});

describe('mergeProgress', () => {
  it('into an empty store gives the same plan, log and quiz schedule; merging again changes nothing', () => {
    const a = machineA();
    const merged = mergeProgress(progressWith(() => undefined), structuredClone(a));
    expect(view(merged)).toEqual(view(a));
    expect(mergeProgress(merged, structuredClone(a))).toEqual(merged);
  });

  it('keeps the newer record of each lab and card, and every review from both sides', () => {
    const a = machineA();
    const b = progressWith((p) => {
      p.labs.breaker = { ...passedLab(T(5)), passedAt: undefined, stagesPassed: 1, hintsShown: 2, track: 'go' };
      p.quiz = { cards: { s1: card(true, T(6), T(96)), q1: card(false, T(0), T(1)) }, reviews: [review('s1', T(6)), review('q1', T(0))] };
      p.plan.manual['case.one'] = { checked: false, at: T(7), source: 'cli' };
      p.activity.push({ at: T(3), kind: 'note', summary: 'from B', data: {} });
    });
    const m = mergeProgress(a, b);
    expect(m.labs.breaker).toMatchObject({ track: 'go', stagesPassed: 3, passedAt: T(0), hintsShown: 2, startedAt: T(0) });
    const quiz = quizRecords(m);
    expect(quiz.cards.s1.lastReviewedAt).toBe(T(6));
    expect(quiz.cards.q1.lastReviewedAt).toBe(T(1));
    expect(quiz.reviews.map((r) => `${r.question}@${r.at}`)).toEqual([`q1@${T(0)}`, `q1@${T(1)}`, `s1@${T(1)}`, `s1@${T(6)}`]);
    expect(m.plan.manual['case.one'].checked).toBe(false); // the later uncheck wins
    expect(m.activity.map((x) => x.summary)).toEqual(['from A', 'from B']);
    // Order does not matter for what survives.
    const other = mergeProgress(b, a);
    expect(quizRecords(other).reviews).toHaveLength(4);
    expect(quizRecords(other).cards).toEqual(quiz.cards);
  });

  it('keeps quiz fields it does not know', () => {
    const a = progressWith((p) => { p.quiz = { settings: { newPerDay: 5 } }; });
    expect(mergeProgress(progressWith(() => undefined), a).quiz.settings).toEqual({ newPerDay: 5 });
  });
});
