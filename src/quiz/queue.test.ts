import { describe, expect, it } from 'vitest';
import { emptyProgress } from '../progress/schema.js';
import { pickCards } from './bank.js';
import { queueQuestions } from './queue.js';
import { quizRecords } from './records.js';
import { review } from './scheduler.js';
import type { BankQuestion } from '../catalog/questions.js';

const question = (id: string): BankQuestion => ({ id, topic: 't', topicTitle: 'T', kind: 'recall', plan: ['p'], seeds: [], prompt: 'Explain something well.', answer: 'A model answer here.', keyPoints: ['a point', 'b point', 'c point'] });

describe('queueQuestions', () => {
  const now = new Date('2026-03-01T10:00:00Z');

  it('makes an answered card due now and an unanswered question due before new ones', () => {
    const progress = emptyProgress();
    const answered = review(undefined, 3, true, new Date('2026-02-28T10:00:00Z'), 'recall');
    progress.quiz = { cards: { 'x.answered': answered.record } };
    queueQuestions(progress, ['x.answered', 'x.unseen'], now);
    const records = quizRecords(progress);
    expect(records.cards['x.answered'].queuedAt).toBe(now.toISOString());
    expect(records.queued['x.unseen']).toBe(now.toISOString());
    const picked = pickCards([question('x.new'), question('x.unseen'), question('x.answered')], records, { now, count: 10, newPerDay: 0 });
    expect(picked.cards.map((q) => q.id)).toEqual(['x.unseen', 'x.answered']);
  });
});
