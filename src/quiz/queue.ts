import type { Progress } from '../progress/schema.js';
import { QuizRecords } from './records.js';

/**
 * Puts questions up for review now (a failed lab check queues its plan item's questions): an answered
 * card is marked queued, an unanswered question is listed as queued. Returns how many were queued.
 */
export function queueQuestions(progress: Progress, questionIds: readonly string[], now: Date): number {
  const records = QuizRecords.parse(progress.quiz ?? {});
  const at = now.toISOString();
  for (const id of questionIds) {
    const card = records.cards[id];
    if (card) card.queuedAt = at;
    else records.queued[id] = at;
  }
  progress.quiz = records;
  return questionIds.length;
}
