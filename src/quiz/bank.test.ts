import { describe, expect, it } from 'vitest';
import type { BankQuestion } from '../catalog/questions.js';
import { interleaveTopics, pickCards, pickExam } from './bank.js';
import { QuizRecords } from './records.js';

const q = (id: string, kind: BankQuestion['kind'] = 'recall', plan = ['p.x']): BankQuestion => {
  const topic = id.split('.')[0];
  return { id, topic, topicTitle: topic, kind, plan, seeds: [], prompt: 'A prompt long enough.', answer: 'A model answer.', keyPoints: ['a a', 'b b', 'c c'], minutes: 30, rubric: {} } as unknown as BankQuestion;
};

describe('picking cards', () => {
  it('interleaves new cards across topics, one of each in turn', () => {
    const list = [q('a.1'), q('a.2'), q('a.3'), q('b.1'), q('c.1'), q('c.2')];
    expect(interleaveTopics(list).map((x) => x.id)).toEqual(['a.1', 'b.1', 'c.1', 'a.2', 'c.2', 'a.3']);
    const picked = pickCards(list, QuizRecords.parse({}), { now: new Date('2025-03-03T12:00:00Z'), count: 4, newPerDay: 20 });
    expect(picked.cards.map((x) => x.id)).toEqual(['a.1', 'b.1', 'c.1', 'a.2']);
  });

  it('draws an exam\'s recall questions from the design prompt\'s own plan items and topic', () => {
    const design = q('case.design', 'design', ['case.chat', 'hld.realtime']);
    const pool = [design, q('case.r1'), q('x.r2', 'recall', ['hld.realtime']), q('y.r3', 'recall', ['hld.other']), q('z.c1', 'choice', ['case.chat'])];
    expect(pickExam(pool, QuizRecords.parse({}), new Date(), 5).map((x) => x.id)).toEqual(['case.design', 'case.r1', 'x.r2']);
  });
});
