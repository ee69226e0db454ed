import { describe, expect, it } from 'vitest';
import type { BankQuestion } from '../catalog/questions.js';
import { QuizRecords } from './records.js';
import { review } from './scheduler.js';
import { quizStats, statsLines, streak } from './stats.js';

const q = (id: string, topic: string) => ({ id, topic, topicTitle: topic, kind: 'recall', plan: ['p.q'], seeds: [], prompt: 'prompt text', answer: 'answer text', keyPoints: ['a a', 'b b', 'c c'] }) as BankQuestion;
const at = (s: string) => new Date(s);

describe('quiz stats', () => {
  it('counts stages, due today, 30-day correct rate by topic, and the streak', () => {
    const questions = [q('a.1', 'a'), q('a.2', 'a'), q('b.1', 'b')];
    const records = QuizRecords.parse({});
    const add = (id: string, when: string, rating: 1 | 3, correct: boolean) => {
      const r = review(records.cards[id], rating, correct, at(when), 'recall');
      records.cards[id] = r.record;
      records.reviews.push({ question: id, at: when, rating, correct, kind: 'recall', log: r.log });
    };
    add('a.1', '2025-01-01T12:00:00Z', 1, false); // older than 30 days: not in the rate
    add('a.1', '2025-03-01T12:00:00Z', 3, true);
    add('a.1', '2025-03-02T12:00:00Z', 3, true);
    add('b.1', '2025-03-03T12:00:00Z', 1, false);
    const s = quizStats(questions, records, at('2025-03-03T13:00:00Z'));
    expect(s).toMatchObject({ total: 3, new: 1, reviews30d: 3, correct30d: 2, streak: 3 });
    expect(s.correctRate30d).toBeCloseTo(2 / 3);
    expect(s.byTopic.map((t) => [t.topic, t.new, t.correctRate30d])).toEqual([['a', 1, 1], ['b', 0, 0]]);
    expect(s.learning + s.review).toBe(2);
    expect(s.design).toEqual({ total: 0, dueToday: 0, nextDue: null });
  });

  it('schedules design prompts in days, flash cards in minutes, and says so', () => {
    const now = at('2025-03-03T12:00:00Z');
    const design = { ...q('c.design', 'c'), kind: 'design', minutes: 40, rubric: {} } as unknown as BankQuestion;
    const records = QuizRecords.parse({});
    records.cards['c.design'] = review(undefined, 2, false, now, 'design').record;
    expect(review(undefined, 2, false, now, 'design').due.getTime() - now.getTime()).toBeGreaterThanOrEqual(24 * 3600_000);
    expect(review(undefined, 1, false, now, 'design').due.getTime() - now.getTime()).toBeGreaterThanOrEqual(24 * 3600_000);
    expect(review(undefined, 1, false, now, 'recall').due.getTime() - now.getTime()).toBeLessThan(3600_000);
    const s = quizStats([design], records, now);
    expect(s.design).toMatchObject({ total: 1, dueToday: 0 });
    expect(statsLines(s).join('\n')).toContain('Design prompts: 1, 0 due today; scheduled on their own, in days (never minutes)');
  });

  it('a streak survives until the end of today', () => {
    const records = QuizRecords.parse({ reviews: [
      { question: 'x', at: '2025-03-01T12:00:00Z', rating: 3, correct: true, kind: 'recall' },
      { question: 'x', at: '2025-03-02T12:00:00Z', rating: 3, correct: true, kind: 'recall' },
    ] });
    expect(streak(records, at('2025-03-03T12:00:00Z'))).toBe(2);
    expect(streak(records, at('2025-03-04T12:00:00Z'))).toBe(0);
  });
});
